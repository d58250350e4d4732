package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/harvestmetrics"
	"github.com/skillsmap/skillsmap/harvester/rediscoord"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// defaultConfigFile is read when --config is not given and it exists.
const defaultConfigFile = "skillsmap.yaml"

// sharedGeodata is where the development machines and CI keep the GISCO
// files: ../shared beside the project root (never committed into it). It is
// looked up from the working directory and from the module root, so that
// tests running in a package directory find it too.
var sharedGeodata = func() string {
	dir, err := os.Getwd()
	if err != nil {
		return "../shared/geo/nuts2021"
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(d), "shared", "geo", "nuts2021")
		}
		if filepath.Dir(d) == d {
			return "../shared/geo/nuts2021"
		}
	}
}()

// app is what the commands share: the configuration, the store, the
// vocabulary and the geodata.
type app struct {
	cfg   *config.Config
	iris  vocab.IRIs
	store store.Store
	// db is the embedded store (nil when the store is an external engine),
	// for the maintenance only it needs.
	db      *store.DB
	regions *vocab.Regions // nil without geodata
	geoErr  error          // why regions is nil
	log     *slog.Logger
	// coordinator shares harvests between instances (harvest.redis_url).
	coordinator *rediscoord.Coordinator
	// metrics observe every harvest run (served at /metrics).
	metrics *harvestmetrics.Metrics
	// review keeps the versions of every practice and publishes what is
	// approved (DATA/review.db); harvests pass through it.
	review *review.Review
	// held are the sources whose practices wait for an editor.
	held map[string]bool
	// onEvent is told of review's state changes (the exchange's e-mail,
	// once serve has built it).
	onEvent func(review.Event)
	// beforeServe, when set, runs once the exchange is open, before the
	// server listens (the demo creates its accounts there).
	beforeServe func(ctx context.Context, x *exchange) error
	// catalogSizes gives the catalog the sizes of the files the publisher
	// serves, once serve has built the publisher.
	catalogSizes lateSizer
}

// reviewFile is review's database in the data directory.
const reviewFile = "review.db"

// loadConfig reads the configuration and applies the command-line flags.
// addr, if not empty, is the --addr of serve and demo.
func loadConfig(g *globalFlags, addr string) (*config.Config, error) {
	var cfg *config.Config
	path := g.config
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	var err error
	if path != "" {
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
	} else {
		cfg = config.Default()
		// The defaults are valid; SKILLSMAP_ADMIN_TOKEN may not be.
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
	}
	if g.data != "" {
		cfg.DataDir = g.data
	}
	if g.geo != "" {
		cfg.GeoDir = g.geo
	}
	if addr != "" {
		if err := config.CheckListen(addr); err != nil {
			return nil, fmt.Errorf("--addr: %w", err)
		}
		cfg.Listen = addr
	}
	// Without a configured public URL, IRIs are minted for the address the
	// server listens on, so that they dereference on this machine.
	if path == "" || !configSetsPublicURL(path) {
		cfg.PublicURL = localURL(cfg.Listen)
	}
	return cfg, nil
}

func configSetsPublicURL(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(data), "public_url:")
}

// localURL is the http URL a browser on this machine uses for a listen
// address such as ":8080" or "127.0.0.1:9000".
func localURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://localhost:8080/"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// openApp opens the store and loads the vocabulary and the geodata.
func openApp(ctx context.Context, cfg *config.Config) (*app, error) {
	a := &app{cfg: cfg, log: slog.Default()}
	var err error
	if a.iris, err = vocab.NewIRIs(cfg.PublicURL); err != nil {
		return nil, fmt.Errorf("public_url: %w", err)
	}
	a.regions, a.geoErr = loadRegions(cfg)
	if a.geoErr != nil {
		a.log.Warn("no NUTS geodata: the map has no outlines and places are matched by the city gazetteer and countries only",
			"err", a.geoErr, "fix", "run 'skillsmap geo fetch' or pass --geo DIR")
	}
	if a.store, a.db, err = openStore(ctx, cfg); err != nil {
		return nil, err
	}
	if err := a.loadVocabulary(ctx); err != nil {
		a.store.Close()
		return nil, err
	}
	a.warnForeignBase(ctx)
	if err := a.openReview(ctx); err != nil {
		a.store.Close()
		return nil, err
	}
	return a, nil
}

// openReview opens review.db (or review's state in the Redis of
// exchange.redis_url) and makes the store hold exactly what it says
// is published (taking over source graphs written before review existed,
// repairing a crash between the two commits).
func (a *app) openReview(ctx context.Context) error {
	a.held = map[string]bool{}
	for _, s := range a.cfg.Sources {
		a.held[s.ID] = s.Held()
	}
	opts := review.Options{
		IRIs: a.iris, Store: a.store, Regions: a.regions, Logger: a.log,
		Policy: func(source string) review.Policy {
			if a.held[source] {
				return review.PolicyHold
			}
			return review.PolicyPublish
		},
		OnEvent: func(e review.Event) {
			if a.onEvent != nil {
				a.onEvent(e)
			}
		},
	}
	var err error
	if sharedExchange(a.cfg) {
		var db redisDB
		if db, err = openRedisPart(a.cfg, partReview, a.log); err != nil {
			return err
		}
		if a.review, err = review.New(db, opts); err != nil {
			db.Close()
			return err
		}
	} else if a.review, err = review.Open(filepath.Join(a.cfg.DataDir, reviewFile), opts); err != nil {
		return err
	}
	if err := a.review.Reconcile(ctx); err != nil {
		a.review.Close()
		return err
	}
	return nil
}

// warnForeignBase warns when the store holds vocabulary graphs minted under
// another public URL: IRIs are made from the public URL, so a data
// directory belongs to one of them (the old graphs stay, unreachable).
func (a *app) warnForeignBase(ctx context.Context) {
	snap, err := a.store.Snapshot(ctx)
	if err != nil {
		return
	}
	defer snap.Close()
	graphs, err := snap.Graphs(ctx)
	if err != nil {
		return
	}
	ours := a.iris.OntologyGraph()
	for _, g := range graphs {
		if other, ok := strings.CutSuffix(g.Value, "graph/ontology"); ok && g != ours {
			a.log.Warn("the data directory also holds data minted for another public URL; those IRIs do not resolve here",
				"other", other, "now", a.cfg.PublicURL, "data", a.cfg.DataDir)
		}
	}
}

// Close closes review.db and the store.
func (a *app) Close() error {
	var err error
	if a.review != nil {
		err = a.review.Close()
	}
	return errors.Join(err, a.store.Close())
}

// loadRegions finds and loads the NUTS geodata: --geo, then geo_dir of the
// config, then DATA/geo, then ../shared/geo/nuts2021.
func loadRegions(cfg *config.Config) (*vocab.Regions, error) {
	dir, err := vocab.FindGeodataDir(cfg.GeoDir, filepath.Join(cfg.DataDir, "geo"), sharedGeodata)
	if err != nil {
		return nil, err
	}
	return vocab.LoadRegions(dir)
}

// loadVocabulary writes the ontology, concept schemes, countries and (with
// geodata) regions into their named graphs — each replaced only when its
// content changed, so that restarts do not change the store's version and
// caches stay valid.
func (a *app) loadVocabulary(ctx context.Context) error {
	graphs, err := vocab.Graphs(a.iris)
	if err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	if a.regions != nil {
		graphs = append(graphs, a.regions.Graph(a.iris))
	}
	sink := storesink.New(a.store)
	for _, ng := range graphs {
		old, err := sink.Graph(ctx, ng.Name)
		if err != nil {
			return err
		}
		if sameTriples(old, ng.Graph.Triples()) {
			continue
		}
		if err := store.ReplaceGraph(ctx, a.store, ng.Name, ng.Graph.Triples()); err != nil {
			return fmt.Errorf("load vocabulary graph %s: %w", ng.Name.Value, err)
		}
		a.log.Info("vocabulary graph loaded", "graph", ng.Name.Value, "triples", ng.Graph.Len())
	}
	return nil
}

// sameTriples compares two blank-node-free graphs as sets.
func sameTriples(a, b []rdf.Triple) bool {
	ga, gb := rdf.NewGraph(a...), rdf.NewGraph(b...)
	if ga.Len() != gb.Len() {
		return false
	}
	for _, t := range gb.Triples() {
		if !ga.Has(t) {
			return false
		}
	}
	return true
}

// newHarvester builds the harvester for sources, writing into the store.
// Its conditional-GET validators and per-page records live in DATA/harvest,
// so an unchanged page costs a 304 after a restart too. With
// harvest.redis_url it joins the other instances' coordination and keeps
// them in Redis instead, shared.
func (a *app) newHarvester(sources []sourceconfig.Source) (*harvester.Harvester, error) {
	state, err := harvester.NewFileState(filepath.Join(a.cfg.DataDir, "harvest"))
	if err != nil {
		return nil, err
	}
	for _, s := range sources {
		a.held[s.ID] = s.Held()
	}
	a.metrics = harvestmetrics.New()
	opts := harvester.Options{
		Mapper:    harvester.NewMapper(a.iris, a.regions),
		UserAgent: a.cfg.Harvest.UserAgent,
		History:   a.cfg.Harvest.KeepRuns,
		Logger:    a.log,
		State:     state,
		Observer:  a.metrics,
	}
	if a.cfg.Harvest.RedisURL != "" {
		ropts, err := redis.ParseURL(a.cfg.Harvest.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("harvest.redis_url: %w", err)
		}
		a.coordinator = rediscoord.New(redis.NewClient(ropts), rediscoord.Options{Logger: a.log, TTL: a.cfg.Harvest.LockTTL})
		opts.Lock = a.coordinator
		// Validators and page records are shared too, so that whichever
		// instance runs a source next sends conditional requests.
		opts.State = a.coordinator.NewState()
	}
	return harvester.New(sources, a.review.HarvestSink(storesink.New(a.store)), opts)
}

// errNoSources explains an empty configuration.
var errNoSources = errors.New("no sources configured: add sources to skillsmap.yaml (see README), or run 'skillsmap demo'")
