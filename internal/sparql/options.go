package sparql

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
)

// DefaultGraphMode says what the default graph of a query without FROM
// (and without default-graph-uri) is.
type DefaultGraphMode uint8

const (
	// UnionGraph makes the default graph the union of all graphs of the
	// store (its default graph and every named graph). It is Skillsmap's
	// default: each source lives in a named graph.
	UnionGraph DefaultGraphMode = iota
	// StoreDefaultGraph makes the default graph the store's default graph
	// alone, as the SPARQL specification's test suite expects.
	StoreDefaultGraph
)

// Options configure a query or an update. The zero value is a usable
// default: union default graph, no limits, SERVICE and LOAD disabled.
type Options struct {
	// Base is the base IRI relative IRIs in the text resolve against (and
	// IRI() of relative strings); empty means relative IRIs are errors.
	Base string
	// DefaultGraphs and NamedGraphs are the protocol's default-graph-uri
	// and named-graph-uri: when either is set they describe the dataset,
	// replacing any FROM and FROM NAMED of the query (SPARQL 1.1 Protocol
	// §2.1.4). For updates they are the protocol's using-graph-uri and
	// using-named-graph-uri (see Update).
	DefaultGraphs []string
	NamedGraphs   []string
	// DefaultGraph chooses the default graph of a query when neither the
	// request nor the query describes the dataset. Updates always use the
	// store's default graph.
	DefaultGraph DefaultGraphMode
	// Timeout bounds the evaluation (zero: only ctx bounds it). A query
	// that runs out of time fails with an error matching ErrTimeout.
	Timeout time.Duration
	// MaxRows bounds the solutions of a SELECT (or the triples of a
	// CONSTRUCT or DESCRIBE); after MaxRows results Next stops and Err
	// reports ErrTooManyResults. Zero means no limit.
	MaxRows int64
	// MaxIntermediateRows bounds the work of the evaluation: the solutions
	// all operators together produce (scanned quads, joined rows, path
	// steps). Exceeding it fails with ErrTooExpensive. Zero means no limit.
	MaxIntermediateRows int64
	// MaxMemoryBytes bounds the memory one query or update holds at once,
	// in bytes: hash-join tables, sorts, groups and their aggregates
	// (GROUP_CONCAT strings too), DISTINCT sets, property path closures,
	// sub-select tables, CONSTRUCT's duplicate filter, an update's WHERE
	// solutions and change set; and any one string an expression builds
	// (a quarter of it). Exceeding it fails with ErrMemoryBudget (a
	// *MemoryError saying what needed the memory). Zero means no limit.
	MaxMemoryBytes int64
	// Now is the value of NOW(); zero means the time the query starts.
	Now time.Time
	// Service allows SERVICE calls; nil refuses every endpoint (a SERVICE
	// without SILENT then fails with ErrServiceDisabled).
	Service *ServiceOptions
	// Loader fetches the documents of LOAD; nil disables LOAD (it fails
	// with ErrLoadDisabled unless SILENT).
	Loader Loader
	// Protected names the graphs an update must not change, with their
	// owner: an update that would change one fails with a
	// *ProtectedGraphError (ErrProtectedGraph), and DROP/CLEAR ALL and
	// NAMED leave them alone. Nil protects nothing. Queries ignore it.
	Protected func(graph rdf.Term) (owner string, protected bool)
}

// ServiceOptions allow SERVICE calls to some endpoints.
type ServiceOptions struct {
	// Allow lists the endpoint IRIs that may be queried, exactly as the
	// query writes them.
	Allow []string
	// Client sends the requests; nil means http.DefaultClient. Tests
	// inject a client whose transport reaches an httptest server.
	Client *http.Client
	// MaxResponseBytes bounds each response; zero means 16 MiB.
	MaxResponseBytes int64
}

// Loader fetches the RDF document LOAD names and returns its triples.
type Loader func(ctx context.Context, iri string) iter.Seq2[rdf.Triple, error]

// Errors.
var (
	// ErrTooManyResults is reported by Result.Err after Options.MaxRows
	// results.
	ErrTooManyResults = errors.New("sparql: too many results")
	// ErrTimeout is matched by the error of a query stopped by
	// Options.Timeout.
	ErrTimeout = errors.New("sparql: query timed out")
	// ErrTooExpensive is returned when Options.MaxIntermediateRows is
	// exceeded.
	ErrTooExpensive = eval.ErrTooExpensive
	// ErrProtectedGraph is matched by the error of an update that would
	// change a graph Options.Protected protects.
	ErrProtectedGraph = eval.ErrProtectedGraph
	// ErrMemoryBudget is matched by the error of a query or update that
	// would hold more than Options.MaxMemoryBytes.
	ErrMemoryBudget = eval.ErrMemoryBudget
	// ErrServiceDisabled is returned by SERVICE to an endpoint that is not
	// allowed.
	ErrServiceDisabled = eval.ErrServiceDisabled
	// ErrLoadDisabled is returned by LOAD without a Loader.
	ErrLoadDisabled = eval.ErrLoadDisabled
	// ErrGraphExists is returned by CREATE GRAPH of an existing graph.
	ErrGraphExists = eval.ErrGraphExists
	// ErrNoSuchGraph is returned by DROP, CLEAR, ADD, MOVE and COPY of a
	// graph the store does not have.
	ErrNoSuchGraph = eval.ErrNoSuchGraph
	// ErrUnsupported is returned for the few constructs the engine does not
	// implement (extension aggregates).
	ErrUnsupported = eval.ErrUnsupported
	// ErrNotQuery is returned by Query for an update and the like.
	ErrNotQuery = errors.New("sparql: not a query")
	// ErrDatasetConflict is returned by Update when the request gives a
	// dataset (using-graph-uri, using-named-graph-uri) and the update text
	// says USING, USING NAMED or WITH too.
	ErrDatasetConflict = errors.New("sparql: the request's using-graph-uri / using-named-graph-uri conflict with USING, USING NAMED or WITH in the update")
)

// ProtectedGraphError is the error of an update that would change a
// protected graph: it names the graph and its owner.
type ProtectedGraphError = eval.ProtectedGraphError

// MemoryError is the error of a query stopped by Options.MaxMemoryBytes.
type MemoryError = eval.MemoryError

// SyntaxError is the error for text that is not valid SPARQL; it carries the
// line and column.
type SyntaxError = parser.SyntaxError
