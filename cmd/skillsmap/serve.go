package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/harvestweb"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/store/sparqlstore"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/publisher/catalog"
	"github.com/skillsmap/skillsmap/publisher/sparqlhttp"
)

func newServeCommand(g *globalFlags) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--data DIR]",
		Short: "Publish the map's data and harvest the configured sources on their schedules",
		Long: `Run the publisher (linked data, dumps, SPARQL, catalog, map) on --addr (default :8080, or listen in
skillsmap.yaml) and harvest each configured source on its schedule. Stop with Ctrl-C: running harvests
finish writing first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, addr)
			if err != nil {
				return err
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
			return a.serve(cmd.Context(), h, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "Skillsmap is serving %s (%d sources)\n", url, len(cfg.Sources))
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "address to listen on (default :8080)")
	return cmd
}

// serve runs the publisher and the harvest scheduler until ctx ends, then
// shuts both down: harvests in progress finish writing before the store
// closes. ready is called once the server listens.
func (a *app) serve(ctx context.Context, h *harvester.Harvester, ready func(url string)) error {
	if err := catalog.CheckConfig(a.cfg.Catalog); err != nil {
		return err
	}
	schedOpts := harvester.SchedulerOptions{}
	if a.coordinator != nil {
		a.coordinator.Start()
		defer a.coordinator.Close(context.Background())
		schedOpts.Elector = a.coordinator
	}
	sched, err := harvester.NewScheduler(h, schedOpts)
	if err != nil {
		return err
	}
	x, err := a.openExchange(ctx)
	if err != nil {
		return err
	}
	defer x.Close()
	if a.beforeServe != nil {
		if err := a.beforeServe(ctx, x); err != nil {
			return err
		}
	}
	mounts := append(append(a.mounts(h), a.harvestMounts(h, sched)...), x.web.Mounts()...)
	// The matching API answers CORS and OPTIONS itself.
	mounts = append(mounts, publisher.Mount{Path: "/api/match", Methods: []string{http.MethodGet, http.MethodHead, http.MethodOptions}, Handler: x.matchAPI})
	opts := a.publisherOptions(mounts)
	opts.Session = x.web.Session()
	opts.Similar = x.web.SimilarPractices()
	pub, err := publisher.New(opts)
	if err != nil {
		return err
	}
	x.web.SetPublisher(pub)
	a.catalogSizes.pub.Store(pub)
	x.run(ctx, a.log)
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Listen, err)
	}
	srv := a.httpServer(pub.Handler())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	sched.Start()
	if a.db != nil {
		go a.compactTermsEvery(ctx, 24*time.Hour)
		go a.warmStore(ctx)
	}
	ready(a.cfg.PublicURL)
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	a.log.Info("shutting down: waiting for running harvests to finish writing")
	shutdownErr := sched.Shutdown()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err2 := srv.Shutdown(sctx); err == nil && err2 != nil {
		err = err2
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, shutdownErr)
}

// httpServer is the server for handler with the configured timeouts: a
// client that sends its request slowly, reads its response slowly or keeps
// an idle connection is cut off (SPARQL results must be read within the
// query timeout, dumps within write_timeout per 64 KiB), so that no client
// keeps a store snapshot or a connection for long.
func (a *app) httpServer(handler http.Handler) *http.Server {
	s := a.cfg.Server
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// publisherOptions are the publisher's options for this app, with the
// per-client rate limit and trusted proxies of the configuration.
func (a *app) publisherOptions(mounts []publisher.Mount) publisher.Options {
	s := a.cfg.Server
	return publisher.Options{
		Store:          a.store,
		IRIs:           a.iris,
		Regions:        a.regions,
		GeoErr:         a.geoErr,
		Config:         a.cfg,
		Logger:         a.log,
		Mounts:         mounts,
		RateLimit:      admission.NewRateLimiter(s.RateLimit, s.RateBurst, s.MaxClients),
		TrustedProxies: s.TrustedProxies,
		WriteTimeout:   s.WriteTimeout,
		DumpDir:        filepath.Join(a.cfg.DataDir, "dumps"),
	}
}

// mounts returns the handlers the publisher serves beside its own: the
// SPARQL endpoints, the Graph Store, and the DCAT-AP catalog with VoID.
func (a *app) mounts(h *harvester.Harvester) []publisher.Mount {
	base, root := a.cfg.PublicURL, a.rootPath()
	var nav []sparqlhttp.Link
	for _, l := range siteNav(root) {
		nav = append(nav, sparqlhttp.Link{Label: l.label, Href: l.href, Current: l.label == "SPARQL"})
	}
	sq := sparqlhttp.Options{
		Store:               a.store,
		Endpoint:            base + "sparql",
		GraphStore:          base + "rdf-graphs",
		Base:                base,
		Timeout:             a.cfg.SPARQL.Timeout,
		MaxRows:             int64(a.cfg.SPARQL.MaxResults),
		MaxIntermediateRows: a.cfg.SPARQL.MaxWork,
		MaxMemoryBytes:      int64(a.cfg.SPARQL.MaxMemory),
		Gate:                a.sparqlGate(),
		RateLimit:           admission.NewRateLimiter(a.cfg.SPARQL.RateLimit, a.cfg.SPARQL.RateBurst, a.cfg.Server.MaxClients),
		Protected:           a.iris.GraphOwner,
		WriteOrigins:        a.cfg.SPARQL.WriteOrigins,
		AdminToken:          a.cfg.AdminToken,
		Examples:            sparqlExamples(a.iris),
		Title:               a.cfg.Catalog.Title,
		Stylesheet:          root + "assets/style.css",
		Nav:                 nav,
		Logger:              a.log,
	}
	if remote, ok := a.store.(*sparqlstore.Store); ok {
		// The external engine answers queries itself (see README,
		// "Several instances"): our engine over the store would turn each
		// join into requests.
		sq.Forward = remote.Query
	}
	if len(a.cfg.SPARQL.Federation) > 0 {
		sq.Service = &sparql.ServiceOptions{Allow: a.cfg.SPARQL.Federation, Client: &http.Client{Timeout: a.cfg.SPARQL.Timeout}}
	}
	all := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions}
	mounts := []publisher.Mount{
		{Path: "/sparql", Methods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions}, Handler: sparqlhttp.QueryHandler(sq)},
		{Path: "/sparql/update", Methods: []string{http.MethodPost, http.MethodOptions}, Handler: sparqlhttp.UpdateHandler(sq)},
	}
	// The graph store answers at /rdf-graphs (?graph=IRI, ?default) and
	// below it, where the URL itself names the graph.
	gsp := sparqlhttp.GraphStoreHandler(sq, base+"graph/uploaded/")
	mounts = append(mounts, publisher.Mount{Path: "/rdf-graphs", Methods: all, Handler: gsp},
		publisher.Mount{Path: "/rdf-graphs/*graph", Methods: all, Handler: gsp})
	var sources []sourceconfig.Source
	for _, s := range h.Sources() {
		sources = append(sources, *s)
	}
	open := func(ctx context.Context) (catalog.Input, func(), error) {
		snap, err := a.store.Snapshot(ctx)
		if err != nil {
			return catalog.Input{}, nil, err
		}
		return catalog.Input{IRIs: a.iris, Catalog: a.cfg.Catalog, Sources: catalog.SourcesFrom(sources),
			Reader: snap, SPARQL: base + "sparql", Now: time.Now(), Sizes: &a.catalogSizes}, func() { snap.Close() }, nil
	}
	cat := catalog.Handler(open)
	for _, r := range catalog.Routes() {
		mounts = append(mounts, publisher.Mount{Path: "/" + r, Handler: cat, CORS: true})
	}
	return mounts
}

// lateSizer gives the catalog the byte sizes of the publisher's files
// (catalog.Sizer): the catalog's handler is built before the publisher,
// which mounts it. Until the publisher exists it knows no size.
type lateSizer struct {
	pub atomic.Pointer[publisher.Server]
}

// ByteSize asks the publisher.
func (l *lateSizer) ByteSize(ctx context.Context, r store.Reader, downloadURL string) (int64, bool, error) {
	if p := l.pub.Load(); p != nil {
		return p.ByteSize(ctx, r, downloadURL)
	}
	return 0, false, nil
}

// rootPath is the public URL's path, ending in "/": links on pages stay
// right under a path prefix.
func (a *app) rootPath() string {
	if u, err := url.Parse(a.cfg.PublicURL); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}

// navLink is a link of the site's main navigation.
type navLink struct{ label, href string }

// siteNav is the publisher's main navigation (publisher.Server.SiteNav)
// for the pages other packages serve before the publisher exists: the
// SPARQL query page and the harvest report.
func siteNav(root string) []navLink {
	return []navLink{{"Map", root + "map"}, {"Practices", root + "practices"}, {"SPARQL", root + "sparql"},
		{"OGC API", root + "ogc"}, {"Data", root + "#data"}}
}

// harvestMounts are the harvest reports, the admin trigger and the
// Prometheus metrics.
func (a *app) harvestMounts(h *harvester.Harvester, sched *harvester.Scheduler) []publisher.Mount {
	root := a.rootPath()
	page := harvestweb.Page{SiteTitle: a.cfg.Catalog.Title, Root: root, Stylesheet: root + "assets/style.css"}
	for _, l := range siteNav(root) {
		page.Nav = append(page.Nav, harvestweb.Link{Label: l.label, Href: l.href})
	}
	reports := harvestweb.ReportHandler(h, sched, a.log, page)
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if a.metrics != nil {
		registry.MustRegister(a.metrics)
	}
	return []publisher.Mount{
		{Path: "/harvest", Handler: reports},
		{Path: "/harvest.json", Handler: reports, CORS: true},
		{Path: "/admin/harvest/:source", Methods: []string{http.MethodPost}, Handler: harvestweb.AdminHandler(h, a.cfg.AdminToken, a.log)},
		{Path: "/metrics", Handler: promhttp.HandlerFor(registry, promhttp.HandlerOpts{})},
	}
}

// warmStore warms the embedded store once, in the background, so that the
// first queries after a start do not pay for page faults and a cold page
// cache (see store.DB.Warm). A store file bigger than half the memory
// available now is not read: it would only push other pages out.
func (a *app) warmStore(ctx context.Context) {
	opts := store.WarmOptions{MaxFileBytes: memAvailable() / 2}
	ws, err := a.db.Warm(ctx, opts)
	if err != nil {
		if ctx.Err() == nil && !errors.Is(err, store.ErrClosed) {
			a.log.Warn("warm the store", "err", err)
		}
		return
	}
	if ws.Skipped {
		a.log.Info("store not read ahead: its file is bigger than half the available memory; queries map its pages as they read them",
			"max_mib", opts.MaxFileBytes>>20, "characteristic_sets", ws.CharSets, "duration", ws.Took.Round(time.Millisecond))
		return
	}
	a.log.Info("store warmed", "pages", ws.Pages, "read_mib", ws.Bytes>>20, "characteristic_sets", ws.CharSets, "duration", ws.Took.Round(time.Millisecond))
}

// compactTermsEvery removes unused terms from the store's dictionary once a
// period until ctx ends. Every harvest writes new literals (lastSeen
// times, run statistics) and drops old ones; without compaction the
// dictionary would grow with every run. Compaction works in small batches,
// so harvests and queries wait at most for one batch.
func (a *app) compactTermsEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			start := time.Now()
			n, err := a.db.CompactTerms(ctx)
			if err != nil {
				if ctx.Err() == nil {
					a.log.Error("compact store terms", "err", err)
				}
				continue
			}
			a.log.Info("store terms compacted", "removed", n, "duration", time.Since(start).Round(time.Millisecond))
		}
	}
}

// sparqlGate is the gate of the SPARQL endpoints and the Graph Store:
// max_concurrent slots, fair between client addresses unless
// max_concurrent_per_client is -1.
func (a *app) sparqlGate() *admission.Gate {
	q := a.cfg.SPARQL
	g := admission.NewGate(q.MaxConcurrent, q.MaxQueued, q.QueueWait)
	if q.MaxConcurrentPerClient > 0 {
		g.LimitPerClient(q.MaxConcurrentPerClient)
	}
	return g
}
