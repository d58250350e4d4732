package sparql

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Form is the kind of a query.
type Form uint8

// The query forms.
const (
	Select Form = iota + 1
	Ask
	Construct
	Describe
)

// String returns the form's keyword ("SELECT").
func (f Form) String() string {
	switch f {
	case Select:
		return "SELECT"
	case Ask:
		return "ASK"
	case Construct:
		return "CONSTRUCT"
	case Describe:
		return "DESCRIBE"
	}
	return "?"
}

// PreparedQuery is a parsed query that can run many times (on any store).
type PreparedQuery struct {
	q *algebra.Query
}

// Prepare parses a query, resolving relative IRIs against opts.Base.
func Prepare(text string, opts Options) (*PreparedQuery, error) {
	q, err := parser.ParseQuery(text, opts.Base)
	if err != nil {
		return nil, err
	}
	return &PreparedQuery{q: q}, nil
}

// Form returns the query's form.
func (p *PreparedQuery) Form() Form {
	switch p.q.Form {
	case algebra.FormAsk:
		return Ask
	case algebra.FormConstruct:
		return Construct
	case algebra.FormDescribe:
		return Describe
	}
	return Select
}

// Vars returns the result variables of a SELECT query (names without '?').
func (p *PreparedQuery) Vars() []string {
	out := make([]string, len(p.q.Vars))
	for i, v := range p.q.Vars {
		out[i] = string(v)
	}
	return out
}

// Algebra returns the query's algebra (for tools and tests).
func (p *PreparedQuery) Algebra() *algebra.Query { return p.q }

// Query parses text and runs it over st; see PreparedQuery.Exec.
func Query(ctx context.Context, st store.Store, text string, opts Options) (*Result, error) {
	p, err := Prepare(text, opts)
	if err != nil {
		return nil, err
	}
	return p.Exec(ctx, st, opts)
}

// evalOptions translates opts for package eval.
func evalOptions(q *algebra.Query, opts Options) eval.Options {
	eo := eval.Options{
		Now:                 opts.Now,
		Base:                q.Base,
		MaxIntermediateRows: opts.MaxIntermediateRows,
		MaxMemoryBytes:      opts.MaxMemoryBytes,
		Dataset:             dataset(opts),
	}
	if eo.Base == "" {
		eo.Base = opts.Base
	}
	if s := opts.Service; s != nil {
		allow := slices.Clone(s.Allow)
		eo.Service = &eval.ServicePolicy{
			Allowed:          func(endpoint string) bool { return slices.Contains(allow, endpoint) },
			Client:           s.Client,
			MaxResponseBytes: s.MaxResponseBytes,
		}
	}
	return eo
}

// dataset is the dataset of a request: the protocol's default-graph-uri
// and named-graph-uri when given (they replace the query's FROM and FROM
// NAMED), otherwise the store's graphs per opts.DefaultGraph (eval applies
// the query's own FROM and FROM NAMED then).
func dataset(opts Options) optimizer.Dataset {
	if len(opts.DefaultGraphs) > 0 || len(opts.NamedGraphs) > 0 {
		iris := func(ss []string) []rdf.Term {
			out := make([]rdf.Term, len(ss))
			for i, s := range ss {
				out[i] = rdf.IRI(s)
			}
			return out
		}
		return optimizer.Dataset{Explicit: true, Default: iris(opts.DefaultGraphs), Named: iris(opts.NamedGraphs)}
	}
	return optimizer.Dataset{UnionDefaultGraph: opts.DefaultGraph == UnionGraph}
}

// Exec runs the query over a snapshot of st. For ASK the answer is ready
// at once; SELECT, CONSTRUCT and DESCRIBE results stream through Next and
// hold the snapshot until Close (or until the last result). The context
// bounds the whole iteration, not just this call.
func (p *PreparedQuery) Exec(ctx context.Context, st store.Store, opts Options) (*Result, error) {
	var cancel context.CancelFunc = func() {}
	if opts.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("sparql: open snapshot: %w", err)
	}
	r, ok := snap.(store.IDReader)
	if !ok {
		snap.Close()
		cancel()
		return nil, fmt.Errorf("%w: the store's snapshots have no id access", ErrUnsupported)
	}
	res := &Result{Form: p.Form(), held: &held{snap: snap, cancel: cancel}, maxRows: opts.MaxRows, timeout: opts.Timeout > 0}
	eo := evalOptions(p.q, opts)
	switch p.q.Form {
	case algebra.FormAsk:
		res.Boolean, err = eval.Ask(ctx, r, p.q, eo)
		res.release()
		if err != nil {
			return nil, res.wrap(err)
		}
		res.done = true
		return res, nil
	case algebra.FormSelect:
		vars, seq, err := eval.Select(ctx, r, p.q, eo)
		if err != nil {
			res.release()
			return nil, res.wrap(err)
		}
		res.Vars = vars
		res.next, res.held.stop = iter.Pull2(seq)
	default:
		var seq iter.Seq2[rdf.Triple, error]
		if p.q.Form == algebra.FormConstruct {
			seq, err = eval.Construct(ctx, r, p.q, eo)
		} else {
			seq, err = eval.Describe(ctx, r, p.q, eo)
		}
		if err != nil {
			res.release()
			return nil, res.wrap(err)
		}
		res.nextTriple, res.held.stop = iter.Pull2(seq)
	}
	// A Result dropped without Close still ends its evaluation and
	// releases its snapshot, when the garbage collector finds it.
	res.cleanup = runtime.AddCleanup(res, func(h *held) { h.release() }, res.held)
	return res, nil
}
