package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newValidateCommand(g *globalFlags) *cobra.Command {
	var compact bool
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the configuration, the geodata and the store",
		Long: `Check that the configuration is valid (every error names its field), say whether the NUTS geodata
is found, and verify the store: every quad reachable through every index, every term decodable. With
--compact it also removes the terms no quad uses any more (serve does this once a day).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "configuration: ok (%d sources, public URL %s)\n", len(cfg.Sources), cfg.PublicURL)
			if regions, err := loadRegions(cfg); err != nil {
				fmt.Fprintf(out, "geodata: missing: %v\n", err)
			} else {
				fmt.Fprintf(out, "geodata: ok (%d NUTS regions from %s)\n", regions.Len(), regions.Dir())
			}
			a, err := openApp(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			if err := a.store.Verify(cmd.Context()); err != nil {
				return fmt.Errorf("store: %w", err)
			}
			snap, err := a.store.Snapshot(cmd.Context())
			if err != nil {
				return err
			}
			defer snap.Close()
			graphs, err := snap.Graphs(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "store: ok (%d quads in %d named graphs, %s)\n", snap.Len(), len(graphs), a.store.Path())
			snap.Close()
			if compact {
				n, err := a.store.CompactTerms(cmd.Context())
				if err != nil {
					return fmt.Errorf("compact: %w", err)
				}
				fmt.Fprintf(out, "store: %d unused terms removed\n", n)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&compact, "compact", false, "also remove terms no quad uses any more")
	return cmd
}
