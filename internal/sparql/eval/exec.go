package eval

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Errors of evaluation.
var (
	// ErrTooExpensive is returned when a query's operators produce more
	// intermediate solutions than Options.MaxIntermediateRows allows.
	ErrTooExpensive = errors.New("sparql: query exceeds the intermediate solution budget")
	// ErrServiceDisabled is returned for SERVICE (without SILENT) when the
	// service policy does not allow the endpoint.
	ErrServiceDisabled = errors.New("sparql: SERVICE is not allowed for this endpoint")
	// ErrUnsupported is returned for a construct the evaluator does not
	// implement (an extension aggregate, for example).
	ErrUnsupported = errors.New("sparql: unsupported")
	// errReentered marks an evaluator bug: an operator instance run while
	// it is already running.
	errReentered = errors.New("sparql: internal error: operator re-entered")
)

// Options configure an evaluation.
type Options struct {
	// Dataset is the RDF dataset; see optimizer.Dataset.
	Dataset optimizer.Dataset
	// Now is the value of NOW(); zero means the time the evaluation starts.
	Now time.Time
	// Base is the base IRI that IRI() resolves relative strings against.
	Base string
	// MaxIntermediateRows bounds the solutions all operators together may
	// produce (scanned quads, path steps, joined rows, …); a solution an
	// operator keeps in memory counts 1+n/16 times for a query with n
	// variables. Zero means no limit. Exceeding it fails with
	// ErrTooExpensive.
	MaxIntermediateRows int64
	// MaxMemoryBytes bounds the bytes the query's operators hold at once:
	// hash-join tables, sort buffers, groups and their aggregates
	// (GROUP_CONCAT strings included), DISTINCT sets, path closures,
	// CONSTRUCT's duplicate filter, an update's solutions and change set;
	// and the size of any one string an expression computes (a quarter of
	// it). Zero means no limit. Exceeding it fails with a *MemoryError
	// (ErrMemoryBudget).
	MaxMemoryBytes int64
	// Service decides which SERVICE endpoints may be called and how; nil
	// refuses every endpoint.
	Service *ServicePolicy
}

// ServicePolicy allows SERVICE calls to some endpoints.
type ServicePolicy struct {
	// Allowed reports whether the endpoint IRI may be queried.
	Allowed func(endpoint string) bool
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// MaxResponseBytes bounds a response; zero means 16 MiB.
	MaxResponseBytes int64
}

// exec is the state of one evaluation.
type exec struct {
	ctx    context.Context
	r      store.IDReader
	opts   *Options
	fctx   *funcs.Context
	slots  map[algebra.Var]int
	nslots int
	ticks  int64
	err    error
	// mem is what the operators hold now (bytes, estimated), peak the most
	// they held at once.
	mem, peak int64
	// exists are the compiled EXISTS patterns.
	exists map[*algebra.Exists]operator
	plan   *optimizer.Plan
	// profile, when set, receives the counts of every operator (Analyze).
	profile map[optimizer.Node]*OpProfile

	defaultGraph *activeGraph
	named        *namedGraphs // lazily resolved
}

// checkEvery is how often (in ticks) the context is checked.
const checkEvery = 512

// tick counts one unit of work: it checks the context now and then and the
// intermediate solution budget, and reports false when evaluation must stop.
func (ex *exec) tick() bool { return ex.charge(1) }

// hold counts a solution an operator keeps in memory (a hash table, a sort,
// a group, DISTINCT): it costs more when rows are wide, so that the budget
// also bounds memory for queries with many variables.
func (ex *exec) hold() bool { return ex.charge(1 + int64(ex.nslots)/16) }

// charge counts n units of work.
func (ex *exec) charge(n int64) bool {
	before := ex.ticks
	ex.ticks += n
	if ex.ticks/checkEvery != before/checkEvery {
		if err := ex.ctx.Err(); err != nil {
			ex.fail(err)
			return false
		}
	}
	if max := ex.opts.MaxIntermediateRows; max > 0 && ex.ticks > max {
		ex.fail(fmt.Errorf("%w (%d)", ErrTooExpensive, max))
		return false
	}
	return ex.err == nil
}

// fail records the first error of the evaluation.
func (ex *exec) fail(err error) {
	if ex.err == nil {
		ex.err = err
	}
}

func (ex *exec) newRow() row { return make(row, ex.nslots) }

// term returns the term of v (the zero Term when unbound).
func (ex *exec) term(v value) (rdf.Term, error) {
	if v.term != nil {
		return *v.term, nil
	}
	if v.id == 0 {
		return rdf.Term{}, nil
	}
	return ex.r.Term(v.id)
}

// intern returns the value of t: its store id if the store has it.
func (ex *exec) intern(t rdf.Term) value {
	if t.IsZero() {
		return value{}
	}
	if id, ok := ex.r.TermID(t); ok {
		return value{id: id}
	}
	return value{term: &t}
}

// graphKind says how a scan reads the active graph.
type graphKind uint8

const (
	graphStoreDefault graphKind = iota // the store's default graph (G = 0)
	graphOne                           // one graph by id
	graphUnion                         // every graph, triples merged
	graphSet                           // the merge of some graphs
	graphNone                          // an empty graph
)

// activeGraph is the graph patterns are matched in.
type activeGraph struct {
	kind graphKind
	id   store.ID              // graphOne
	set  map[store.ID]struct{} // graphSet
	name value                 // graphOne: the graph's name as a value
}

// namedGraphs are the named graphs of the dataset.
type namedGraphs struct {
	set map[store.ID]struct{}
	ids []store.ID // the graphs, in term order
}

// contains reports whether id names a named graph of the dataset.
func (n *namedGraphs) contains(id store.ID) bool {
	_, ok := n.set[id]
	return ok && id != 0
}

// resolveDefault builds the default graph of the dataset.
func (ex *exec) resolveDefault() {
	ds := ex.opts.Dataset
	switch {
	case !ds.Explicit && ds.UnionDefaultGraph:
		ex.defaultGraph = &activeGraph{kind: graphUnion}
	case !ds.Explicit:
		ex.defaultGraph = &activeGraph{kind: graphStoreDefault}
	default:
		set := map[store.ID]struct{}{}
		for _, g := range ds.Default {
			if id, ok := ex.r.TermID(g); ok {
				set[id] = struct{}{}
			}
		}
		switch len(set) {
		case 0:
			ex.defaultGraph = &activeGraph{kind: graphNone}
		case 1:
			for id := range set {
				ex.defaultGraph = &activeGraph{kind: graphOne, id: id, name: value{id: id}}
			}
		default:
			ex.defaultGraph = &activeGraph{kind: graphSet, set: set}
		}
	}
}

// namedGraphs returns the named graphs of the dataset.
func (ex *exec) namedGraphs() (*namedGraphs, error) {
	if ex.named != nil {
		return ex.named, nil
	}
	n := &namedGraphs{set: map[store.ID]struct{}{}}
	var terms []rdf.Term
	if ex.opts.Dataset.Explicit {
		terms = ex.opts.Dataset.Named
	} else {
		gs, err := ex.r.Graphs(ex.ctx)
		if err != nil {
			return nil, fmt.Errorf("list graphs: %w", err)
		}
		terms = gs
	}
	terms = slices.Clone(terms)
	slices.SortFunc(terms, rdf.Compare)
	for _, g := range terms {
		if g.IsZero() {
			continue
		}
		id, ok := ex.r.TermID(g)
		if !ok {
			continue
		}
		if _, dup := n.set[id]; dup {
			continue
		}
		n.set[id] = struct{}{}
		n.ids = append(n.ids, id)
	}
	ex.named = n
	return n, nil
}

// graphNamed returns the active graph for a named graph.
func graphNamed(id store.ID) *activeGraph {
	return &activeGraph{kind: graphOne, id: id, name: value{id: id}}
}
