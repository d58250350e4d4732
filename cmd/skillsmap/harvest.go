package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/harvester"
)

func newHarvestCommand(g *globalFlags) *cobra.Command {
	var source string
	cmd := &cobra.Command{
		Use:   "harvest [--source ID]",
		Short: "Harvest the configured partner sources now",
		Long: `Harvest every source of skillsmap.yaml now (or only --source ID) and print a report.

A run that fails — a start page down, far fewer practices than last time — keeps the source's previous
data; the outcome of every run is recorded in the provenance graph. The exit status is 1 if any run
failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			if len(cfg.Sources) == 0 {
				return errNoSources
			}
			a, err := openApp(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			h, err := a.newHarvester(cfg.Sources)
			if err != nil {
				return err
			}
			var runs []*harvester.Run
			if source != "" {
				run, err := h.Run(cmd.Context(), source)
				if err != nil && run == nil {
					return usageError{err}
				}
				runs = append(runs, run)
			} else {
				runs = h.RunAll(cmd.Context())
			}
			printRuns(runs)
			for _, r := range runs {
				if r.Status == harvester.StatusFailed {
					return fmt.Errorf("%s: %s", r.Source, r.Reason)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "harvest only the source with this id")
	return cmd
}

// printRuns prints a table of runs to stdout.
func printRuns(runs []*harvester.Run) { printRunsWriter(os.Stdout, runs) }

func printRunsWriter(out io.Writer, runs []*harvester.Run) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SOURCE\tSTATUS\tPAGES\tPRACTICES\tKEPT\tERRORS\tTIME\tNOTE")
	for _, r := range runs {
		note := r.Reason
		if note == "" && len(r.Errors) > 0 {
			note = r.Errors[0].URL + ": " + r.Errors[0].Err
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", r.Source, r.Status, r.Pages, r.Records, r.Kept,
			len(r.Errors), r.Duration().Round(time.Millisecond), note)
	}
	w.Flush()
}
