package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/demosites"
)

func newDemoCommand(g *globalFlags) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "demo [--addr HOST:PORT] [--data DIR]",
		Short: "Run bundled partner sites, harvest them and publish the result",
		Long: `Start three bundled demo partner sites on loopback (a JSON-LD site with a sitemap, a paginated HTML
listing without structured data, a German page with a JSON-LD @graph), harvest the real practices they
describe, and serve the map, linked data, dumps and SPARQL on --addr (default :8080). Everything stays
on this machine. Stop with Ctrl-C.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if addr == "" {
				addr = "localhost:8080" // loopback: the demo's accounts are for this machine only
			}
			cfg, err := loadConfig(g, addr)
			if err != nil {
				return err
			}
			if !cfg.Mail.Enabled() {
				cfg.Mail.Dir = "mail" // the demo's e-mail lands in DATA/mail as .eml files
			}
			if cfg.Catalog.ContactEmail == "" {
				// Portals want a way to reach the publisher (the catalog's
				// contact point); .invalid, like the demo's accounts.
				cfg.Catalog.ContactEmail = "map@demo.skillsmap.invalid"
			}
			ctx := cmd.Context()
			sites, err := demosites.Start(ctx)
			if err != nil {
				return err
			}
			defer demosites.Stop(sites)
			var sources []sourceconfig.Source
			for _, s := range sites {
				sources = append(sources, s.Source(s.URL))
			}
			a, err := openApp(ctx, cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			h, err := a.newHarvester(sources)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, "Demo partner sites (on this machine only):")
			for _, s := range sites {
				fmt.Fprintf(out, "  %-16s %s  %s\n", s.ID, s.URL, s.Style)
			}
			fmt.Fprintln(out, "\nHarvesting…")
			printRunsWriter(out, h.RunAll(ctx))
			var notes []string
			a.beforeServe = func(ctx context.Context, x *exchange) error {
				notes, err = a.seedDemo(ctx, x)
				return err
			}
			return a.serve(ctx, h, func(url string) {
				printDemoURLs(out, url)
				for _, l := range notes {
					fmt.Fprintln(out, l)
				}
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "address to listen on (default localhost:8080: the demo's accounts exist only on loopback)")
	return cmd
}

func printDemoURLs(w io.Writer, base string) {
	fmt.Fprintf(w, `
Skillsmap demo is running. Open:
  %[1]s                      home: what the map holds
  %[1]smap                   the map
  %[1]spractices             every practice (each has its own linked-data page)
  %[1]ssparql                SPARQL endpoint and query page
  %[1]scatalog               DCAT-AP catalog for data portals
  %[1]sdump.ttl              the whole dataset (also .nt .nq .jsonld .trig)
  %[1]slogin                 sign in with a demo account (below): share a practice, review the queue
Try: curl -H 'Accept: text/turtle' %[1]spractice/teilhabe-berlin-mikado
Stop with Ctrl-C.

`, base)
}
