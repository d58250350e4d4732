package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

func newValidateCommand(g *globalFlags) *cobra.Command {
	var compact bool
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the configuration, the geodata and the store",
		Long: `Check that the configuration is valid (every problem is listed, each naming its key and a valid
value), say whether the NUTS geodata is found, and verify the store: every quad reachable through every
index, every term decodable. validate only reads: it opens the store read-only and changes nothing, so
it can run beside a stopped server's data at any time. It exits with status 1 if anything is wrong.
With --compact it also removes the terms no quad uses any more (serve does this once a day); that
writes to the store.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			cfg, err := loadConfig(g, "")
			if err != nil {
				printProblems(out, "configuration", err)
				return errors.New("the configuration has problems (see above)")
			}
			fmt.Fprintf(out, "configuration: ok (%d sources, public URL %s)\n", len(cfg.Sources), cfg.PublicURL)
			if regions, err := loadRegions(cfg); err != nil {
				fmt.Fprintf(out, "geodata: missing: %v\n", err)
			} else {
				fmt.Fprintf(out, "geodata: ok (%d NUTS regions from %s)\n", regions.Len(), regions.Dir())
			}
			return validateStore(cmd.Context(), out, cfg, compact)
		},
	}
	cmd.Flags().BoolVar(&compact, "compact", false, "also remove terms no quad uses any more (this writes to the store)")
	return cmd
}

// printProblems prints each problem of a joined error on a line of its own
// (the joined errors of config.Load come wrapped in "config FILE: …").
func printProblems(out io.Writer, what string, err error) {
	if inner := errors.Unwrap(err); inner != nil {
		if _, joined := inner.(interface{ Unwrap() []error }); joined {
			what += " (" + strings.TrimSuffix(strings.TrimPrefix(err.Error()[:len(err.Error())-len(inner.Error())], "config "), ": ") + ")"
			err = inner
		}
	}
	lines := strings.Split(err.Error(), "\n")
	fmt.Fprintf(out, "%s: %d problem(s)\n", what, len(lines))
	for _, l := range lines {
		fmt.Fprintf(out, "  - %s\n", l)
	}
}

// validateStore verifies the store, opened read-only unless compact asks
// to write; a data directory without a store yet is fine.
func validateStore(ctx context.Context, out io.Writer, cfg *config.Config, compact bool) error {
	if cfg.Store.External() {
		return validateExternalStore(ctx, out, cfg)
	}
	dir := filepath.Join(cfg.DataDir, "store")
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(out, "store: none yet in %s (serve, harvest or load creates it)\n", dir)
		return nil
	}
	var opts []store.Option
	if !compact {
		opts = append(opts, store.WithReadOnly())
	}
	db, err := store.Open(dir, opts...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer db.Close()
	if err := db.Verify(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	snap, err := db.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	graphs, err := snap.Graphs(ctx)
	quads := snap.Len()
	snap.Close()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	fmt.Fprintf(out, "store: ok (%d quads in %d named graphs, %s)\n", quads, len(graphs), db.Path())
	if iris, err := vocab.NewIRIs(cfg.PublicURL); err == nil {
		for _, g := range graphs {
			if other, ok := strings.CutSuffix(g.Value, "graph/ontology"); ok && g != iris.OntologyGraph() {
				fmt.Fprintf(out, "store: warning: it also holds data minted for the public URL %s, which does not resolve under %s\n", other, cfg.PublicURL)
			}
		}
	}
	if compact {
		n, err := db.CompactTerms(ctx)
		if err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		fmt.Fprintf(out, "store: %d unused terms removed\n", n)
	}
	return nil
}

// validateExternalStore checks that the external engine answers and reads
// what the store knows of itself there.
func validateExternalStore(ctx context.Context, out io.Writer, cfg *config.Config) error {
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer snap.Close()
	graphs, err := snap.Graphs(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	fmt.Fprintf(out, "store: ok (%d quads in %d named graphs at %s, version %d)\n", snap.Len(), len(graphs), cfg.Store.QueryURL, snap.Version())
	return nil
}
