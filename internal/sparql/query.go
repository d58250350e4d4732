package sparql

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
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

// Result is the result of a query: a stream of solutions (SELECT), of
// triples (CONSTRUCT, DESCRIBE), or a boolean (ASK). It is not safe for
// concurrent use. Close it when done (closing twice is harmless).
type Result struct {
	// Form is the query form.
	Form Form
	// Vars are the variables of a SELECT result, without '?'.
	Vars []string
	// Boolean is the answer of an ASK query.
	Boolean bool

	held       *held
	cleanup    runtime.Cleanup
	next       func() ([]rdf.Term, error, bool)
	nextTriple func() (rdf.Triple, error, bool)
	maxRows    int64
	timeout    bool
	count      int64
	solution   []rdf.Term
	triple     rdf.Triple
	err        error
	done       bool
}

// Next advances to the next solution or triple and reports whether there
// is one. At the end, or on an error, it returns false; see Err.
func (r *Result) Next() bool {
	if r.done || (r.next == nil && r.nextTriple == nil) {
		return false
	}
	var err error
	var ok bool
	if r.next != nil {
		r.solution, err, ok = r.next()
	} else {
		r.triple, err, ok = r.nextTriple()
	}
	if ok && err == nil {
		r.count++
		if r.maxRows > 0 && r.count > r.maxRows {
			err = fmt.Errorf("%w (limit %d)", ErrTooManyResults, r.maxRows)
		}
	}
	if !ok || err != nil {
		if err != nil {
			r.err = r.wrap(err)
		}
		r.finish()
		return false
	}
	return true
}

// Solution returns the current SELECT solution, aligned with Vars; a zero
// Term is unbound. The slice is the caller's to keep.
func (r *Result) Solution() []rdf.Term { return r.solution }

// Triple returns the current CONSTRUCT or DESCRIBE triple.
func (r *Result) Triple() rdf.Triple { return r.triple }

// Quad returns the current triple as a quad in the default graph, for
// rdfio encoders.
func (r *Result) Quad() rdf.Quad {
	return rdf.Quad{S: r.triple.S, P: r.triple.P, O: r.triple.O}
}

// Err returns the error that ended the iteration, if any.
func (r *Result) Err() error { return r.err }

// Close stops the evaluation and releases the snapshot.
func (r *Result) Close() error {
	r.finish()
	return nil
}

func (r *Result) finish() {
	r.done = true
	r.release()
}

func (r *Result) release() {
	if r.held != nil {
		r.cleanup.Stop()
		r.held.release()
		r.held = nil
	}
}

// held is what a Result holds until it is closed: the evaluation's
// coroutine, the snapshot and the timeout. It is separate from Result so
// that a Result dropped without Close can release it when collected.
type held struct {
	stop   func()
	snap   store.Snapshot
	cancel context.CancelFunc
}

func (h *held) release() {
	if h.stop != nil {
		h.stop()
	}
	h.snap.Close()
	h.cancel()
}

// wrap marks a deadline that came from Options.Timeout.
func (r *Result) wrap(err error) error {
	if r.timeout && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// Table reads the rest of a SELECT result into a table, or the boolean of
// an ASK result; it closes r. For tests and small results: it holds
// everything in memory.
func (r *Result) Table() (*results.Result, error) {
	defer r.Close()
	switch r.Form {
	case Ask:
		b := r.Boolean
		return &results.Result{Boolean: &b}, nil
	case Select:
		out := &results.Result{Table: results.Table{Vars: r.Vars, Rows: [][]rdf.Term{}}}
		for r.Next() {
			out.Rows = append(out.Rows, r.Solution())
		}
		return out, r.Err()
	}
	return nil, fmt.Errorf("sparql: Table of a %s result", r.Form)
}

// Triples reads the rest of a CONSTRUCT or DESCRIBE result; it closes r.
func (r *Result) Triples() ([]rdf.Triple, error) {
	defer r.Close()
	if r.Form != Construct && r.Form != Describe {
		return nil, fmt.Errorf("sparql: Triples of a %s result", r.Form)
	}
	var out []rdf.Triple
	for r.Next() {
		out = append(out, r.Triple())
	}
	return out, r.Err()
}

// Explain returns the optimized plan of a query as indented text, with the
// estimates the optimizer made from st's statistics (st may be nil: the
// estimates are then rules of thumb).
func Explain(ctx context.Context, st store.Store, text string, opts Options) (string, error) {
	p, err := Prepare(text, opts)
	if err != nil {
		return "", err
	}
	eo := evalOptions(p.q, opts)
	var stats store.Reader
	if st != nil {
		snap, err := st.Snapshot(ctx)
		if err != nil {
			return "", fmt.Errorf("sparql: open snapshot: %w", err)
		}
		defer snap.Close()
		stats = snap
	}
	var plan *optimizer.Plan
	if stats != nil {
		plan = eval.Plan(stats, p.q, eo)
	} else {
		plan = optimizer.Optimize(p.q.Pattern, optimizer.Options{Dataset: eo.Dataset})
	}
	return p.Form().String() + "\n" + plan.String(), nil
}

// Update parses an update request and runs all its operations in one
// transaction of st: if one fails, none of them is applied. The default
// graph of an update is the store's default graph (opts.DefaultGraph does
// not apply); use GRAPH, WITH or USING for named graphs.
func Update(ctx context.Context, st store.Store, text string, opts Options) error {
	u, err := parser.ParseUpdate(text, opts.Base)
	if err != nil {
		return err
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	uo := eval.UpdateOptions{Options: eval.Options{
		Now:                 opts.Now,
		Base:                u.Base,
		MaxIntermediateRows: opts.MaxIntermediateRows,
		// Updates read and write the store's own default graph whatever
		// opts.DefaultGraph says: a WHERE clause matching the union could
		// find triples its DELETE template (without GRAPH) cannot remove.
		Dataset: optimizer.Dataset{},
	}}
	if uo.Base == "" {
		uo.Base = opts.Base
	}
	if opts.Loader != nil {
		uo.Load = eval.Loader(opts.Loader)
	}
	err = st.Update(ctx, func(w store.Writer) error {
		return eval.Update(ctx, w, u, uo)
	})
	if err != nil && opts.Timeout > 0 && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}
