package main

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	config   string
	data     string
	geo      string
	logLevel string
}

func newRootCommand() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "skillsmap",
		Short: "Harvest digital-skills practices from partner sites and publish them as linked open data",
		Long: `Skillsmap turns web pages about digital-skills projects into linked open data: it harvests
partner sites (schema.org JSON-LD, CSS selectors, …), maps the practices to DigComp skills, NUTS regions
and target groups, and publishes them with content negotiation, dumps, a SPARQL endpoint and a map.

Start with "skillsmap demo": it runs bundled partner sites on this machine, harvests them and serves
the result on http://localhost:8080/.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return setupLogging(g.logLevel)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "configuration file (default: skillsmap.yaml in the working directory, if there is one)")
	pf.StringVar(&g.data, "data", "", "data directory holding the store (default: data_dir of the config, else ./data)")
	pf.StringVar(&g.geo, "geo", "", "directory with the NUTS 2021 geodata from Eurostat GISCO (see 'skillsmap geo fetch')")
	pf.StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	root.AddCommand(
		newServeCommand(g),
		newDemoCommand(g),
		newHarvestCommand(g),
		newLoadCommand(g),
		newExportCommand(g),
		newQueryCommand(g),
		newValidateCommand(g),
		newGeoCommand(g),
		newUserCommand(g),
		newOrgCommand(g),
		newExchangeCommand(g),
	)
	return root
}

func setupLogging(level string) error {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", level)}
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})))
	return nil
}
