package publisher

import (
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Options configure a Server.
type Options struct {
	// Store holds the data to publish. Required.
	Store store.Store
	// IRIs mints the deployment's IRIs; its base is the public URL of this
	// server, and every request path maps to the IRI base+path. Required.
	IRIs vocab.IRIs
	// Regions are the NUTS 2021 regions (outlines for the map, names for
	// labels). Nil when the geodata is missing: the map then has no
	// outlines and the home page says how to get them.
	Regions *vocab.Regions
	// GeoErr says why Regions is nil; it is shown on the home page and the
	// map page.
	GeoErr error
	// Config supplies the catalog title, description, publisher and
	// licence shown on the pages. Nil means config.Default().
	Config *config.Config
	// Logger receives request logs and handler panics. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Mounts are handlers of other packages served by the same engine: the
	// SPARQL endpoint, the DCAT-AP catalog, VoID, metrics, harvest reports.
	Mounts []Mount
	// Session, when set, says who is signed in, for the links pages show
	// (the exchange's accounts). Nil: every visitor is anonymous.
	Session Session
	// Similar, when set, lists similar practices on practice pages (the
	// exchange's matching). Nil: no such section.
	Similar Similar
	// RateLimit, when set, bounds how often one client address may call
	// any route: beyond it the answer is 429 with Retry-After.
	RateLimit *admission.RateLimiter
	// TrustedProxies are the addresses or CIDR ranges whose
	// X-Forwarded-For header names the client (for logs and rate limits).
	// Nil means 127.0.0.1 and ::1: a reverse proxy on the same machine.
	TrustedProxies []string
	// WriteTimeout is the server's write timeout; dumps, which can take
	// long to download, get this much time per 64 KiB instead of in all.
	// Zero: no deadline is moved.
	WriteTimeout time.Duration
	// DumpDir is where the dump files are written (one per format and
	// store version); empty means a temporary directory.
	DumpDir string
}

// Mount is a handler served by the publisher's engine at a gin path
// pattern ("/sparql", "/catalog", "/reports/*path").
type Mount struct {
	// Methods are the HTTP methods routed to Handler; empty means GET and
	// HEAD.
	Methods []string
	// Path is the gin path pattern. It must not clash with the
	// publisher's own routes (see Routes in docs/publishing.md).
	Path string
	// Handler serves the requests.
	Handler http.Handler
	// CORS, when set, lets browsers on other origins call the mount: its
	// responses get Access-Control-Allow-Origin: * and OPTIONS preflight
	// requests are answered for its methods. Leave it off for endpoints
	// that change data.
	CORS bool
}

// ginMode sets gin's process-wide mode once.
var ginMode sync.Once

// Server publishes a store over HTTP. Build it with New; it is safe for
// concurrent use.
type Server struct {
	store    store.Store
	iris     vocab.IRIs
	regions  *vocab.Regions
	geoErr   error
	cfg      *config.Config
	log      *slog.Logger
	labeler  *vocab.Labeler
	basePath string // the URL path of the base IRI, ending in "/"
	mounted  map[string]bool
	session  Session
	similar  Similar
	engine   *gin.Engine
	pages    *template.Template
	context  jsonldContext

	indexMu sync.Mutex // serialises index builds
	cache   viewCache

	rate         *admission.RateLimiter
	trusted      []string
	writeTimeout time.Duration
	dumps        *dumpFiles
}

// New builds a server. It fails when a required option is missing, the
// templates do not parse, or a mount clashes with another route.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("publisher: Options.Store is required")
	}
	if opts.IRIs.Base() == "" {
		return nil, errors.New("publisher: Options.IRIs is required (vocab.NewIRIs)")
	}
	base, err := url.Parse(opts.IRIs.Base())
	if err != nil {
		return nil, fmt.Errorf("publisher: base IRI: %w", err)
	}
	s := &Server{
		store:    opts.Store,
		iris:     opts.IRIs,
		regions:  opts.Regions,
		geoErr:   opts.GeoErr,
		cfg:      opts.Config,
		log:      opts.Logger,
		basePath: base.EscapedPath(),
		mounted:  map[string]bool{},
		session:  opts.Session,
		similar:  opts.Similar,
	}
	if s.cfg == nil {
		s.cfg = config.Default()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.regions == nil && s.geoErr == nil {
		s.geoErr = errors.New("no NUTS geodata was loaded")
	}
	if !strings.HasSuffix(s.basePath, "/") {
		s.basePath += "/"
	}
	if s.labeler, err = vocab.NewLabeler(s.iris, s.regions); err != nil {
		return nil, fmt.Errorf("publisher: labels: %w", err)
	}
	if s.context, err = newJSONLDContext(s.iris); err != nil {
		return nil, fmt.Errorf("publisher: %w", err)
	}
	if s.pages, err = parsePages(s); err != nil {
		return nil, fmt.Errorf("publisher: templates: %w", err)
	}
	s.rate, s.writeTimeout = opts.RateLimit, opts.WriteTimeout
	s.trusted = opts.TrustedProxies
	s.dumps = newDumpFiles(opts.DumpDir)
	if s.trusted == nil {
		s.trusted = []string{"127.0.0.1", "::1"}
	}
	if err := s.buildEngine(opts.Mounts); err != nil {
		return nil, fmt.Errorf("publisher: %w", err)
	}
	return s, nil
}

// Handler returns the server's HTTP handler, a gin engine. When the base
// IRI has a path (https://example.eu/skillsmap/), requests may arrive with
// or without that prefix: a reverse proxy may strip it or pass it on.
func (s *Server) Handler() http.Handler {
	if s.basePath == "/" {
		return s.engine
	}
	prefix := strings.TrimSuffix(s.basePath, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == prefix || strings.HasPrefix(p, prefix+"/") {
			r2 := r.Clone(r.Context())
			r2.URL.Path = strings.TrimPrefix(p, prefix)
			if r2.URL.Path == "" {
				r2.URL.Path = "/"
			}
			r2.URL.RawPath = ""
			if rp := r.URL.RawPath; rp != "" {
				r2.URL.RawPath = strings.TrimPrefix(rp, prefix)
			}
			r = r2
		}
		s.engine.ServeHTTP(w, r)
	})
}

// buildEngine creates the gin engine with the publisher's routes and the
// mounts.
func (s *Server) buildEngine(mounts []Mount) (err error) {
	ginMode.Do(func() {
		if os.Getenv(gin.EnvGinMode) == "" {
			gin.SetMode(gin.ReleaseMode) // no debug route listing on stdout
		}
	})
	e := gin.New()
	// The request log and the rate limits use the client's address:
	// believe X-Forwarded-For only from the trusted proxies.
	if err := e.SetTrustedProxies(s.trusted); err != nil {
		return err
	}
	e.RedirectTrailingSlash = true
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.logRequests, s.recoverPanics, s.admitClient, s.identifyVisitor)
	e.NoRoute(s.notFound)
	e.NoMethod(s.methodNotAllowed)
	s.engine = e

	// gin panics on clashing routes; report that as an error instead.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("route: %v", p)
		}
	}()
	s.routes()
	for _, m := range mounts {
		if err := s.mount(m); err != nil {
			return err
		}
	}
	return nil
}

// routes registers the publisher's own routes.
func (s *Server) routes() {
	s.data("/", s.root)
	s.data("/context.jsonld", s.serveContext)
	s.data("/feed.atom", s.feed)
	s.withSuffixes("/practices", s.practiceList)
	s.data("/practice/:id", s.resource)
	s.data("/organisation/:id", s.resource)
	s.data("/source/:id", s.resource)
	s.data("/harvest/:source/:run", s.resource)
	s.data("/activity/:id", s.resource)
	s.data("/need/:id", s.resource)
	s.data("/transfer/:id", s.resource)
	s.withSuffixes("/ns", s.resource)
	s.data("/vocab/:scheme", s.resource)
	s.data("/vocab/:scheme/:id", s.resource)
	s.data("/graph/*path", s.graphDocument)
	s.data("/region/:code", s.resource)
	s.data("/country/:code", s.resource)
	for _, d := range dumpFormats {
		s.data("/dump"+d.format.Extension(), s.dump)
	}
	s.page("/map", s.mapPage)
	s.data("/map/practices.geojson", s.practicesGeoJSON)
	s.data("/map/regions.geojson", s.regionsGeoJSON)
	s.data("/map/needs.geojson", s.needsGeoJSON)
	s.data("/map/lineage.geojson", s.lineageGeoJSON)
	s.page("/assets/*file", s.asset)
	s.data("/ogc", s.ogcLanding)
	s.data("/ogc/conformance", s.ogcConformance)
	s.data("/ogc/api", s.ogcAPI)
	s.data("/ogc/collections", s.ogcCollections)
	s.data("/ogc/collections/:collection", s.ogcCollection)
	s.data("/ogc/collections/:collection/items", s.ogcItems)
	s.data("/ogc/collections/:collection/items/:id", s.ogcItem)
	for _, r := range rootOGCRoutes {
		s.data(r.path, r.handler(s))
	}
}

// data registers a read-only data route: GET, HEAD, and OPTIONS for CORS
// preflight requests, with CORS headers on every answer.
func (s *Server) data(path string, h gin.HandlerFunc) {
	s.engine.GET(path, s.cors, h)
	s.engine.HEAD(path, s.cors, h)
	s.engine.OPTIONS(path, s.cors)
}

// page registers a route meant for browsers on this site only.
func (s *Server) page(path string, h gin.HandlerFunc) {
	s.engine.GET(path, h)
	s.engine.HEAD(path, h)
}

// withSuffixes registers a data route and its variants with a format
// suffix (/ns.ttl), since gin cannot match a suffix on a static path.
func (s *Server) withSuffixes(path string, h gin.HandlerFunc) {
	s.data(path, h)
	for _, o := range resourceOffers() {
		for _, suf := range o.Suffixes {
			s.data(path+suf, h)
		}
	}
}

// mount registers one mounted handler.
func (s *Server) mount(m Mount) error {
	if m.Handler == nil || !strings.HasPrefix(m.Path, "/") {
		return fmt.Errorf("mount %q: needs a handler and a path starting with /", m.Path)
	}
	methods := m.Methods
	if len(methods) == 0 {
		methods = []string{http.MethodGet, http.MethodHead}
	}
	h := gin.WrapH(m.Handler)
	for _, method := range methods {
		if m.CORS {
			s.engine.Handle(method, m.Path, s.corsFor(methods), h)
		} else {
			s.engine.Handle(method, m.Path, h)
		}
	}
	if m.CORS {
		s.engine.OPTIONS(m.Path, s.corsFor(methods))
	}
	s.mounted[m.Path] = true
	return nil
}

// hasMount reports whether a handler is mounted at path, so that pages
// link only to what exists.
func (s *Server) hasMount(path string) bool { return s.mounted[path] }
