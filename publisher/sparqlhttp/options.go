// Package sparqlhttp serves Skillsmap's SPARQL engine over HTTP: the SPARQL
// 1.1 Protocol for queries (GET and POST, form-encoded or
// application/sparql-query, default-graph-uri and named-graph-uri) with a
// service description and a query page for people, SPARQL 1.1 Update, and
// the SPARQL 1.1 Graph Store HTTP Protocol.
//
// Queries run with a timeout, a result cap, a work budget and a memory
// budget, behind a concurrency gate and a per-client rate limit. Results
// stream: the first 256 KiB are held, so that a query failing within them
// gets its own status code and message (and a small result a
// Content-Length); beyond that the rest is written row by row as it is
// computed, and a failure cuts the connection, so that a client never
// receives a truncated document that looks complete. A result must reach
// the client within the timeout, so a slow reader cannot hold a store
// snapshot. Writes (Update, Graph Store PUT/POST/DELETE) need the admin
// token and cannot change protected graphs; updates are evaluated on a
// snapshot and hold the store's write lock only to apply their changes.
package sparqlhttp

import (
	"context"
	"log/slog"
	"time"

	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Options configure the handlers.
type Options struct {
	Store store.Store
	// Endpoint is the absolute URL of the query endpoint (e.g.
	// "https://map.example.eu/sparql"), used in the service description
	// and the query page.
	Endpoint string
	// GraphStore is the absolute URL of the Graph Store endpoint (e.g.
	// "https://map.example.eu/rdf-graphs"). A request to a path below it
	// (…/rdf-graphs/partner/data.ttl) names the graph by its own URL: the
	// protocol's direct graph identification. Empty: ?graph= and ?default
	// only.
	GraphStore string
	// Base is the base IRI of queries: relative IRIs in a query resolve
	// against it (normally the deployment's public URL).
	Base string
	// Timeout bounds a query or an update (default 30s).
	Timeout time.Duration
	// MaxRows bounds the rows of a SELECT or the triples of a CONSTRUCT
	// or DESCRIBE (default 100000).
	MaxRows int64
	// MaxIntermediateRows bounds the work of one query (default 50
	// million rows produced by all operators together).
	MaxIntermediateRows int64
	// MaxMemoryBytes bounds the memory one query or update holds at once
	// (default 64 MiB; see sparql.Options.MaxMemoryBytes). A query over it
	// is answered 422 with a message naming the limit.
	MaxMemoryBytes int64
	// MaxQueryBytes bounds the query or update text (default 256 KiB).
	MaxQueryBytes int64
	// MaxUploadBytes bounds a Graph Store upload (default 64 MiB).
	MaxUploadBytes int64
	// AdminToken is the bearer token writes need; empty disables writes.
	AdminToken string
	// Gate bounds how many queries, updates and Graph Store requests run
	// at once (shared by the handlers built with the same gate); a request
	// that finds no slot within the gate's wait is answered 503 with
	// Retry-After. Nil: no bound.
	Gate *admission.Gate
	// RateLimit, when set, bounds how often one client address may send
	// queries and updates (429 with Retry-After beyond it). The address is
	// admission.Client's: the front server records it, X-Forwarded-For
	// from trusted proxies resolved.
	RateLimit *admission.RateLimiter
	// Protected says which graphs neither SPARQL Update nor Graph Store
	// writes may change, and who owns them (for the 403 message): the
	// harvester's source graphs, the vocabulary, provenance. DROP ALL,
	// CLEAR ALL and CLEAR/DROP NAMED leave them alone. Nil protects
	// nothing.
	Protected func(graph rdf.Term) (owner string, protected bool)
	// WriteOrigins are the browser origins ("https://editor.example.eu")
	// that may call the write endpoints (update, Graph Store writes) from
	// other sites, with the Authorization header. Empty: no CORS on writes,
	// so that a page on another site can never send the admin token.
	// Reads allow every origin, without credentials.
	WriteOrigins []string
	// Forward, when set, runs queries elsewhere instead of on Store: an
	// external engine that holds the store (see package sparqlstore). The
	// query is parsed here first, so syntax errors, the protocol, the
	// admission gate, the timeout and the result cap are the same.
	Forward func(ctx context.Context, query string, form sparql.Form, opts sparql.Options) (*sparql.Result, error)
	// Service allows SERVICE (federated queries) to the listed endpoints;
	// nil disables SERVICE.
	Service *sparql.ServiceOptions
	// Examples are shown on the query page.
	Examples []Example
	// Title names the dataset on the query page.
	Title string
	// Stylesheet is the URL of the site's stylesheet for the query page;
	// empty means the page's own small style.
	Stylesheet string
	// Nav are the site's navigation links shown in the page header (the
	// default: the home page only).
	Nav []Link
	// Logger receives one line per request that failed on the server side.
	Logger *slog.Logger
}

// Link is a navigation link of the query page.
type Link struct {
	Label, Href string
	// Current marks the link to the query page itself.
	Current bool
}

// Example is an example query for the query page.
type Example struct {
	Title string
	Query string
}

func (o *Options) defaults() {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxRows == 0 {
		o.MaxRows = 100000
	}
	if o.MaxIntermediateRows == 0 {
		o.MaxIntermediateRows = 50_000_000
	}
	if o.MaxMemoryBytes == 0 {
		o.MaxMemoryBytes = 64 << 20
	}
	if o.MaxQueryBytes == 0 {
		o.MaxQueryBytes = 256 << 10
	}
	if o.MaxUploadBytes == 0 {
		o.MaxUploadBytes = 64 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Title == "" {
		o.Title = "Skillsmap"
	}
	if len(o.Nav) == 0 {
		o.Nav = []Link{{Label: "Home", Href: "/"}, {Label: "SPARQL", Href: o.Endpoint, Current: true}}
	}
}

// queryOptions are the engine options of one request.
func (o *Options) queryOptions(defaultGraphs, namedGraphs []string) sparql.Options {
	return sparql.Options{
		Base:                o.Base,
		DefaultGraphs:       defaultGraphs,
		NamedGraphs:         namedGraphs,
		DefaultGraph:        sparql.UnionGraph,
		Timeout:             o.Timeout,
		MaxRows:             o.MaxRows,
		MaxIntermediateRows: o.MaxIntermediateRows,
		MaxMemoryBytes:      o.MaxMemoryBytes,
		Service:             o.Service,
		Protected:           o.Protected,
	}
}
