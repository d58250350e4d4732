package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/vocab"
)

func newGeoCommand(g *globalFlags) *cobra.Command {
	geo := &cobra.Command{
		Use:   "geo",
		Short: "Manage the NUTS 2021 geodata (Eurostat GISCO)",
	}
	var dir, from string
	fetch := &cobra.Command{
		Use:   "fetch [--dir DIR]",
		Short: "Download the NUTS 2021 label points and outlines from Eurostat GISCO",
		Long: `Download NUTS_LB_2021_4326.geojson (label points) and NUTS_RG_60M_2021_4326.geojson (outlines at
1:60 million) from GISCO's public distribution into DIR (default DATA/geo, where skillsmap looks for them).
The files are © EuroGeographics for the administrative boundaries; maps drawn from them show that line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				cfg, err := loadConfig(g, "")
				if err != nil {
					return err
				}
				dir = filepath.Join(cfg.DataDir, "geo")
			}
			client := &http.Client{Timeout: 5 * time.Minute}
			if err := vocab.FetchGeodata(cmd.Context(), client, from, dir); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "NUTS 2021 geodata saved in %s\n", dir)
			return nil
		},
	}
	fetch.Flags().StringVar(&dir, "dir", "", "directory to write the files to (default DATA/geo)")
	fetch.Flags().StringVar(&from, "from", vocab.DefaultGeodataURL, "base URL of the GISCO distribution")
	geo.AddCommand(fetch)
	return geo
}
