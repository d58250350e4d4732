package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
)

func newLoadCommand(g *globalFlags) *cobra.Command {
	var graph, format, base string
	cmd := &cobra.Command{
		Use:   "load [--graph IRI] [--format NAME] FILE...",
		Short: "Load RDF files into the store, replacing the target graph of each",
		Long: `Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD; the format comes from the file
extension unless --format is given) into the store.

Triple files go into --graph IRI (default: a graph named after the file, file:///ABSOLUTE/PATH), whose
content each load replaces atomically. Quad files (N-Quads, TriG) keep their own graphs: each graph they
name is replaced, atomically per file. A partner that cannot be crawled can send a file that an editor
loads this way.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			for _, path := range args {
				f, err := fileFormat(path, format)
				if err != nil {
					return usageError{err}
				}
				abs, _ := filepath.Abs(path)
				target := rdf.IRI("file://" + filepath.ToSlash(abs))
				if graph != "" {
					if !rdf.ValidIRI(graph) {
						return usageError{fmt.Errorf("--graph %q is not an absolute IRI", graph)}
					}
					target = rdf.IRI(graph)
				}
				fileBase := base
				if fileBase == "" {
					fileBase = "file://" + filepath.ToSlash(abs)
				}
				n, graphs, err := loadFile(cmd, a.store, path, f, fileBase, target)
				if err != nil {
					return fmt.Errorf("load %s: %w", path, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d quads into %d graph(s)\n", path, n, graphs)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&graph, "graph", "", "graph IRI for triple files")
	cmd.Flags().StringVar(&format, "format", "", "RDF syntax: turtle, ntriples, nquads, trig, rdfxml, jsonld")
	cmd.Flags().StringVar(&base, "base", "", "base IRI for relative IRIs (default: the file's IRI)")
	return cmd
}

// fileFormat returns the syntax named by --format, else by the extension.
func fileFormat(path, name string) (rdfio.Format, error) {
	if name != "" {
		f, ok := rdfio.ByName(name)
		if !ok {
			return f, fmt.Errorf("--format %q: want turtle, ntriples, nquads, trig, rdfxml or jsonld", name)
		}
		return f, nil
	}
	f, ok := rdfio.ByExtension(path)
	if !ok {
		return f, fmt.Errorf("%s: cannot tell the RDF syntax from the extension; use --format", path)
	}
	return f, nil
}

// loadFile parses one file completely (so a syntax error changes nothing)
// and replaces the graphs it fills in one transaction.
func loadFile(cmd *cobra.Command, st store.Store, path string, f rdfio.Format, base string, target rdf.Term) (int, int, error) {
	in, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer in.Close()
	quads, err := rdfio.Parse(in, f, rdfio.ParseOptions{Base: base, MaxBytes: -1})
	if err != nil {
		return 0, 0, err
	}
	graphs := map[rdf.Term]bool{}
	for i := range quads {
		if quads[i].G.IsZero() {
			quads[i].G = target
		}
		graphs[quads[i].G] = true
	}
	if len(quads) == 0 {
		graphs[target] = true
	}
	err = st.Update(cmd.Context(), func(w store.Writer) error {
		for g := range graphs {
			if err := w.ClearGraph(g); err != nil {
				return err
			}
		}
		for _, q := range quads {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	return len(quads), len(graphs), err
}
