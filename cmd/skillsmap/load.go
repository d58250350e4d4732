package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

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
loads this way.

Files of any size stream into the store, a million quads per commit, and still replace their graphs all
at once when the file has been read: after a syntax error, an interrupt or even kill -9 the store has the
graphs as they were. N-Triples and N-Quads are parsed by several goroutines. On a terminal a status line
shows the bytes and triples read, triples/s and the time left; otherwise a line is logged every 5 s. The
result is durable when the command returns.`,
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
				res, err := loadFile(cmd, a.store, path, f, fileBase, target)
				if err != nil {
					return fmt.Errorf("load %s: %w", path, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d quads into %d graph(s) in %.1f s (%.0f quads/s); store file %s\n",
					path, res.quads, res.graphs, res.took.Seconds(), float64(res.quads)/max(res.took.Seconds(), 1e-3), storeSize(a.store))
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

// loadFile streams one file into the store with store.BulkLoad: the graphs
// it fills are replaced all at once when the whole file has been read, or
// not at all (a syntax error, an interrupt or kill -9 leave them as they
// were). Line-based files are parsed by several goroutines.
func loadFile(cmd *cobra.Command, st store.Store, path string, f rdfio.Format, base string, target rdf.Term) (loadResult, error) {
	in, err := os.Open(path)
	if err != nil {
		return loadResult{}, err
	}
	defer in.Close()
	var size int64
	if fi, err := in.Stat(); err == nil {
		size = fi.Size()
	}
	prog := newLoadProgress(filepath.Base(path), size, cmd.ErrOrStderr())
	quads := rdfio.ParallelQuads(countingReader{r: in, n: &prog.read}, f,
		rdfio.ParseOptions{Base: base, MaxBytes: -1}, max(1, runtime.GOMAXPROCS(0)-1))
	graphs := map[rdf.Term]bool{}
	seq := func(yield func(rdf.Quad, error) bool) {
		for q, err := range quads {
			if err == nil {
				if q.G.IsZero() {
					q.G = target
				}
				graphs[q.G] = true
				prog.triples.Add(1)
			}
			if !yield(q, err) {
				return
			}
		}
	}
	// A triple file replaces its target graph even when it is empty; a
	// quad file replaces the graphs it names (its target if it names none).
	var replace []rdf.Term
	if !f.HasQuads() {
		replace = []rdf.Term{target}
	}
	// Garbage collection costs a load a third of its time at the default
	// setting (the batches are big and short-lived); a soft memory limit
	// keeps the larger heap bounded on big stores.
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(bulkMemoryLimit))
	start := time.Now()
	n, err := store.BulkLoad(cmd.Context(), st, replace, seq, store.BulkOptions{
		Progress: func(quads uint64) { prog.written.Store(int64(quads)) },
	})
	prog.finish()
	if err != nil {
		return loadResult{}, err
	}
	if n == 0 && len(replace) == 0 {
		if _, err := store.BulkLoad(cmd.Context(), st, []rdf.Term{target}, func(func(rdf.Quad, error) bool) {}, store.BulkOptions{}); err != nil {
			return loadResult{}, err
		}
		graphs[target] = true
	}
	for _, g := range replace {
		graphs[g] = true
	}
	return loadResult{quads: n, graphs: len(graphs), took: time.Since(start)}, nil
}

// loadResult is what loading one file did.
type loadResult struct {
	quads  uint64
	graphs int
	took   time.Duration
}

// storeSize is the size of the store's file, or "?".
func storeSize(st store.Store) string {
	db, ok := st.(*store.DB)
	if !ok {
		return "?"
	}
	fi, err := os.Stat(db.Path())
	if err != nil {
		return "?"
	}
	return mib(fi.Size())
}

// bulkMemoryLimit is the soft heap limit of a load (runtime/debug).
const bulkMemoryLimit = 4 << 30
