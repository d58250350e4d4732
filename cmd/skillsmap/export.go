package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
)

func newExportCommand(g *globalFlags) *cobra.Command {
	var format, graph, out string
	cmd := &cobra.Command{
		Use:   "export [--format NAME] [--graph IRI] [-o FILE]",
		Short: "Write the store (or one graph) as RDF",
		Long: `Write the whole store, or one named graph, to stdout or a file. N-Quads and TriG keep the named
graphs; the triple syntaxes (Turtle, N-Triples, RDF/XML, JSON-LD) merge them. The line-based syntaxes
stream from one consistent snapshot, so the export of a large store needs little memory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, ok := rdfio.ByName(format)
			if !ok {
				return usageError{fmt.Errorf("--format %q: want nquads, trig, turtle, ntriples, rdfxml or jsonld", format)}
			}
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			st, err := openStoreReadOnly(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			var w io.Writer = cmd.OutOrStdout()
			if out != "" {
				file, err := os.Create(out)
				if err != nil {
					return err
				}
				defer file.Close()
				w = file
			}
			bw := bufio.NewWriterSize(w, 1<<16)
			p := store.Pattern{AnyGraph: true}
			if graph != "" {
				p = store.Pattern{G: rdf.IRI(graph)}
			}
			if err := export(cmd, st, bw, f, p); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "nquads", "RDF syntax: nquads, trig, turtle, ntriples, rdfxml, jsonld")
	cmd.Flags().StringVar(&graph, "graph", "", "export only this named graph")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func export(cmd *cobra.Command, st store.Store, w io.Writer, f rdfio.Format, p store.Pattern) error {
	snap, err := st.Snapshot(cmd.Context())
	if err != nil {
		return err
	}
	defer snap.Close()
	enc, err := rdfio.NewEncoder(w, f, rdfio.EncodeOptions{})
	if err != nil {
		return err
	}
	for q, err := range snap.Match(cmd.Context(), p) {
		if err != nil {
			return err
		}
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return enc.Close()
}
