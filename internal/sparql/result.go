package sparql

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"
)

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
	if h.snap != nil {
		h.snap.Close()
	}
	if h.cancel != nil {
		h.cancel()
	}
}

// Rows is a result computed elsewhere (another engine that a query was
// forwarded to), for NewResult: the solutions of a SELECT, the triples of
// a CONSTRUCT or DESCRIBE, or the answer of an ASK.
type Rows struct {
	Form      Form
	Vars      []string
	Boolean   bool
	Solutions [][]rdf.Term
	Triples   []rdf.Triple
}

// NewResult wraps rows as a Result bounded by maxRows (0: no bound), so
// that results from elsewhere are written, limited and paged like this
// engine's own.
func NewResult(rows Rows, maxRows int64) *Result {
	r := &Result{Form: rows.Form, Vars: rows.Vars, Boolean: rows.Boolean, maxRows: maxRows}
	switch rows.Form {
	case Select:
		i := 0
		r.next = func() ([]rdf.Term, error, bool) {
			if i == len(rows.Solutions) {
				return nil, nil, false
			}
			i++
			return rows.Solutions[i-1], nil, true
		}
	case Construct, Describe:
		i := 0
		r.nextTriple = func() (rdf.Triple, error, bool) {
			if i == len(rows.Triples) {
				return rdf.Triple{}, nil, false
			}
			i++
			return rows.Triples[i-1], nil, true
		}
	default:
		r.done = true
	}
	return r
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
