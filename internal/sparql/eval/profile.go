package eval

import (
	"context"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// OpProfile is what one plan operator did in an evaluation.
type OpProfile struct {
	// Runs is how often the operator was evaluated: once, or once per left
	// solution on the right of a nested-loop join.
	Runs int64
	// Rows is how many solutions it produced over all runs.
	Rows int64
}

// Profile is the plan of an evaluation with what each operator did.
type Profile struct {
	Plan *optimizer.Plan
	Ops  map[optimizer.Node]*OpProfile
}

// Analyze evaluates the pattern of q over r to the end, counting the runs
// and solutions of every operator of its plan (EXISTS plans included), and
// returns them with the plan. It is what EXPLAIN ANALYZE would be: the
// query really runs, its solutions are counted and dropped.
func Analyze(ctx context.Context, r store.IDReader, q *algebra.Query, opts Options) (*Profile, error) {
	prof := map[optimizer.Node]*OpProfile{}
	ev, err := prepareProfiled(ctx, r, q.Pattern, withDataset(q, opts), q.Form == algebra.FormAsk, prof)
	if err != nil {
		return nil, err
	}
	err = ev.run(func(row) bool { return q.Form != algebra.FormAsk })
	return &Profile{Plan: ev.ex.plan, Ops: prof}, err
}

// countOp counts the runs and solutions of its input.
type countOp struct {
	input operator
	prof  *OpProfile
}

func (o *countOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	o.prof.Runs++
	return o.input.run(ex, g, in, func(r row) bool {
		o.prof.Rows++
		return yield(r)
	})
}
