package eval

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// evaluation is a pattern compiled against one reader.
type evaluation struct {
	ex   *exec
	root operator
}

// Plan returns the plan q would run with over r: optimized with
// statistics from r (index counts, and fan-out samples when r has id
// access), for the dataset of opts or of q's FROM and FROM NAMED.
func Plan(r store.Reader, q *algebra.Query, opts Options) *optimizer.Plan {
	return plan(r, q.Pattern, withDataset(q, opts), q.Form == algebra.FormAsk)
}

func plan(r store.Reader, pattern algebra.Pattern, opts Options, firstRows bool) *optimizer.Plan {
	var stats optimizer.Estimator = r
	if ir, ok := r.(store.IDReader); ok {
		stats = newSampler(ir)
	}
	return optimizer.Optimize(pattern, optimizer.Options{Stats: stats, Dataset: opts.Dataset, FirstRows: firstRows})
}

// prepare plans and compiles pattern; firstRows says that only the first
// solution matters (ASK).
func prepare(ctx context.Context, r store.IDReader, pattern algebra.Pattern, opts Options, firstRows bool) (*evaluation, error) {
	return prepareProfiled(ctx, r, pattern, opts, firstRows, nil)
}

// prepareProfiled is prepare; with a non-nil profile every operator
// counts its runs and solutions there.
func prepareProfiled(ctx context.Context, r store.IDReader, pattern algebra.Pattern, opts Options, firstRows bool, profile map[optimizer.Node]*OpProfile) (*evaluation, error) {
	ex := &exec{
		profile: profile,
		ctx:     ctx,
		r:       r,
		opts:    &opts,
		fctx:    funcs.NewContext(opts.Now, opts.Base),
		slots:   map[algebra.Var]int{},
		exists:  map[*algebra.Exists]operator{},
	}
	ex.fctx.MaxStringBytes = ex.maxValueBytes()
	ex.plan = plan(r, pattern, opts, firstRows)
	cp := &compiler{ex: ex, orderLimits: map[*optimizer.OrderBy]int64{}}
	for _, v := range algebra.Vars(pattern) {
		cp.slot(v)
	}
	ex.resolveDefault()
	root, err := cp.node(ex.plan.Root, false)
	if err != nil {
		return nil, err
	}
	// Compile every EXISTS plan now: slots must not grow once rows exist.
	for e := range ex.plan.Exists {
		if _, err := cp.existsOp(e); err != nil {
			return nil, err
		}
	}
	return &evaluation{ex: ex, root: root}, nil
}

// slotOf returns the slot of v, or -1 when the pattern never mentions it.
func (ev *evaluation) slotOf(v algebra.Var) int {
	if s, ok := ev.ex.slots[v]; ok {
		return s
	}
	return -1
}

// ErrInternal marks an evaluator bug caught at run time (a recovered
// panic): the query fails instead of the process.
var ErrInternal = errors.New("sparql: internal error in the evaluator")

// run calls yield with each solution of the pattern and returns the first
// error.
func (ev *evaluation) run(yield func(row) bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrInternal, r)
		}
	}()
	ev.ex.root(ev.root, yield)
	return ev.ex.err
}

func (ex *exec) root(op operator, yield func(row) bool) {
	if err := ex.ctx.Err(); err != nil {
		ex.fail(err)
		return
	}
	in := ex.newRow()
	op.run(ex, ex.defaultGraph, in, func(r row) bool {
		if ex.err != nil {
			return false
		}
		return yield(r)
	})
}

// withDataset returns opts with the dataset of q's FROM and FROM NAMED,
// unless opts describes the dataset already (a request's dataset replaces
// the query's, SPARQL 1.1 Protocol §2.1.4).
func withDataset(q *algebra.Query, opts Options) Options {
	if opts.Dataset.Explicit || q.Dataset == nil {
		return opts
	}
	opts.Dataset = optimizer.Dataset{Explicit: true, Default: iris(q.Dataset.Default), Named: iris(q.Dataset.Named)}
	return opts
}

// Select evaluates a SELECT query over r (the query's FROM and FROM NAMED
// apply unless opts.Dataset is explicit): the projected variables and an iterator
// over the solutions, each aligned with the variables (a zero Term is
// unbound). The iterator stops at the first error, which it yields.
func Select(ctx context.Context, r store.IDReader, q *algebra.Query, opts Options) ([]string, iter.Seq2[[]rdf.Term, error], error) {
	ev, err := prepare(ctx, r, q.Pattern, withDataset(q, opts), false)
	if err != nil {
		return nil, nil, err
	}
	vars := make([]string, len(q.Vars))
	slots := make([]int, len(q.Vars))
	for i, v := range q.Vars {
		vars[i] = string(v)
		slots[i] = ev.slotOf(v)
	}
	seq := func(yield func([]rdf.Term, error) bool) {
		var decodeErr error
		stopped := false
		err := ev.run(func(r row) bool {
			out := make([]rdf.Term, len(slots))
			for i, s := range slots {
				if s < 0 {
					continue
				}
				if out[i], decodeErr = ev.ex.term(r[s]); decodeErr != nil {
					return false
				}
			}
			if !yield(out, nil) {
				stopped = true
				return false
			}
			return true
		})
		if stopped {
			return
		}
		if err == nil {
			err = decodeErr
		}
		if err != nil {
			yield(nil, err)
		}
	}
	return vars, seq, nil
}

// Ask evaluates an ASK query.
func Ask(ctx context.Context, r store.IDReader, q *algebra.Query, opts Options) (bool, error) {
	ev, err := prepare(ctx, r, q.Pattern, withDataset(q, opts), true)
	if err != nil {
		return false, err
	}
	found := false
	err = ev.run(func(row) bool {
		found = true
		return false
	})
	return found, err
}
