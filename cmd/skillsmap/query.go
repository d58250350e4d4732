package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"
)

func newQueryCommand(g *globalFlags) *cobra.Command {
	var data, named []string
	var base, format, file, storeDir string
	var timeout time.Duration
	var explain bool
	cmd := &cobra.Command{
		Use:   "query [--data FILE]... [--named IRI=FILE]... [--base IRI] [--format NAME] [--explain] (QUERY | --file Q.rq)",
		Short: "Run a SPARQL query over the store, or over RDF files",
		Long: `Run a SPARQL 1.1 query and write its result to stdout.

With --data and --named the query runs over those files only, in memory: --data files form the default
graph, each --named IRI=FILE a named graph; the syntax comes from the file extension. Without them it
runs over the configured store (or the one in --store DIR), whose default graph is the union of all its
graphs, opened read-only: the query changes nothing. If the server is running, it holds the store:
query its /sparql endpoint instead. Here --data
names RDF files, not the data directory.

--format: json, xml, csv or tsv for SELECT and ASK (default tsv for SELECT, json for ASK); turtle,
ntriples, jsonld or rdfxml for CONSTRUCT and DESCRIBE (default turtle). Errors go to stderr, exit status 1.

--explain runs the query to the end and prints, instead of its result, the plan the optimizer chose:
one operator per line with its estimated solutions per run ([est N], from the store's statistics) and
what it really produced ([actual N], or [actual N in R runs, M per run] for an operator run once per
solution of its left side).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := queryText(args, file)
			if err != nil {
				return usageError{err}
			}
			opts := sparql.Options{Base: base, Timeout: timeout}
			var st store.Store
			if len(data) > 0 || len(named) > 0 {
				mem := store.NewMemory()
				defer mem.Close()
				if err := loadQueryFiles(cmd, mem, data, named); err != nil {
					return err
				}
				st, opts.DefaultGraph = mem, sparql.StoreDefaultGraph
			} else {
				cfg, err := loadConfig(g, "")
				if err != nil {
					return err
				}
				if storeDir != "" {
					cfg.DataDir = storeDir
				}
				if st, err = openStoreReadOnly(cmd.Context(), cfg); err != nil {
					return err
				}
				defer st.Close()
				if opts.Base == "" {
					opts.Base = cfg.PublicURL
				}
			}
			if explain {
				plan, err := sparql.ExplainAnalyze(cmd.Context(), st, text, opts)
				if err != nil {
					return err
				}
				_, err = io.WriteString(cmd.OutOrStdout(), plan)
				return err
			}
			pq, err := sparql.Prepare(text, opts)
			if err != nil {
				return err
			}
			res, err := pq.Exec(cmd.Context(), st, opts)
			if err != nil {
				return err
			}
			defer res.Close()
			out := bufio.NewWriter(cmd.OutOrStdout())
			if err := writeQueryResult(out, res, format); err != nil {
				return err
			}
			return out.Flush()
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&data, "data", nil, "RDF file for the default graph (repeatable)")
	f.StringArrayVar(&named, "named", nil, "IRI=FILE: a named graph from a file (repeatable)")
	f.StringVar(&base, "base", "", "base IRI for relative IRIs in the query")
	f.StringVar(&format, "format", "", "result format: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml")
	f.StringVar(&file, "file", "", "read the query from this file")
	f.DurationVar(&timeout, "timeout", 0, "stop the query after this long (default: no limit)")
	f.BoolVar(&explain, "explain", false, "print the plan with estimated and actual solutions per operator instead of the result")
	f.StringVar(&storeDir, "store", "", "query the store in this data directory (default: data_dir of the config, else ./data)")
	return cmd
}

func queryText(args []string, file string) (string, error) {
	switch {
	case file != "" && len(args) > 0:
		return "", errors.New("give the query as an argument or with --file, not both")
	case file == "-":
		b, err := io.ReadAll(os.Stdin)
		return string(b), err
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	case len(args) == 1:
		return args[0], nil
	}
	return "", errors.New("no query: give it as an argument or with --file Q.rq")
}

// loadQueryFiles loads --data files into the default graph and --named
// files into their graphs.
func loadQueryFiles(cmd *cobra.Command, st store.Store, data, named []string) error {
	type source struct {
		path  string
		graph rdf.Term
	}
	var sources []source
	for _, p := range data {
		sources = append(sources, source{path: p})
	}
	for _, n := range named {
		iri, path, ok := strings.Cut(n, "=")
		if !ok || !rdf.ValidIRI(iri) || path == "" {
			return usageError{fmt.Errorf("--named %q: want IRI=FILE with an absolute IRI", n)}
		}
		sources = append(sources, source{path: path, graph: rdf.IRI(iri)})
	}
	for _, s := range sources {
		f, err := fileFormat(s.path, "")
		if err != nil {
			return usageError{err}
		}
		abs, _ := filepath.Abs(s.path)
		in, err := os.Open(s.path)
		if err != nil {
			return err
		}
		quads, err := rdfio.Parse(in, f, rdfio.ParseOptions{Base: "file://" + filepath.ToSlash(abs), MaxBytes: -1})
		in.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		err = st.Update(cmd.Context(), func(w store.Writer) error {
			if !s.graph.IsZero() && len(quads) == 0 {
				return w.CreateGraph(s.graph)
			}
			for _, q := range quads {
				if !s.graph.IsZero() || q.G.IsZero() {
					q.G = s.graph
				}
				if err := w.Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
	}
	return nil
}

// writeQueryResult writes a result in the named format (or the form's
// default).
func writeQueryResult(w io.Writer, res *sparql.Result, format string) error {
	switch res.Form {
	case sparql.Select, sparql.Ask:
		if format == "" {
			format = "tsv"
			if res.Form == sparql.Ask {
				format = "json"
			}
		}
		f, ok := results.ByName(format)
		if !ok {
			return usageError{fmt.Errorf("--format %q: a %s result is written as json, xml, csv or tsv", format, res.Form)}
		}
		if res.Form == sparql.Ask {
			if !f.SupportsBoolean() {
				return usageError{fmt.Errorf("--format %s cannot carry an ASK result: use json or xml", format)}
			}
			return results.WriteBoolean(w, f, res.Boolean)
		}
		rw, err := results.NewWriter(w, f, res.Vars)
		if err != nil {
			return err
		}
		for res.Next() {
			if err := rw.Write(res.Solution()); err != nil {
				return err
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
		return rw.Close()
	default:
		if format == "" {
			format = "turtle"
		}
		f, ok := rdfio.ByName(format)
		if !ok {
			return usageError{fmt.Errorf("--format %q: a %s result is written as turtle, ntriples, jsonld or rdfxml", format, res.Form)}
		}
		enc, err := rdfio.NewEncoder(w, f, rdfio.EncodeOptions{})
		if err != nil {
			return err
		}
		for res.Next() {
			if err := enc.Encode(res.Quad()); err != nil {
				return err
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
		return enc.Close()
	}
}
