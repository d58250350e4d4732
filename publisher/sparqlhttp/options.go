// Package sparqlhttp serves Skillsmap's SPARQL engine over HTTP: the SPARQL
// 1.1 Protocol for queries (GET and POST, form-encoded or
// application/sparql-query, default-graph-uri and named-graph-uri) with a
// service description and a query page for people, SPARQL 1.1 Update, and
// the SPARQL 1.1 Graph Store HTTP Protocol.
//
// Queries run with a timeout and a result cap. Results are collected before
// the first byte is written, so every failure — a syntax error, a timeout, a
// result over the cap — gets its own status code and a message, and a
// client never receives a truncated document that looks complete. Writes
// (Update, Graph Store PUT/POST/DELETE) need the admin token.
package sparqlhttp

import (
	"log/slog"
	"time"

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
	// MaxQueryBytes bounds the query or update text (default 256 KiB).
	MaxQueryBytes int64
	// MaxUploadBytes bounds a Graph Store upload (default 64 MiB).
	MaxUploadBytes int64
	// AdminToken is the bearer token writes need; empty disables writes.
	AdminToken string
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
		Service:             o.Service,
	}
}
