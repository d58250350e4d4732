package sparql

import (
	"context"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

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

// ExplainAnalyze runs the query over a snapshot of st to the end, dropping
// its solutions, and returns its plan as Explain does with, on every
// operator's line, what it really did: "[actual N]" solutions, and for an
// operator run more than once (the right side of a nested-loop join, an
// EXISTS) "[actual N in R runs, M per run]", to compare with the estimate,
// which is per run. The query's timeout and limits apply.
func ExplainAnalyze(ctx context.Context, st store.Store, text string, opts Options) (string, error) {
	p, err := Prepare(text, opts)
	if err != nil {
		return "", err
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return "", fmt.Errorf("sparql: open snapshot: %w", err)
	}
	defer snap.Close()
	r, ok := snap.(store.IDReader)
	if !ok {
		return "", fmt.Errorf("%w: the store's snapshots have no id access", ErrUnsupported)
	}
	prof, err := eval.Analyze(ctx, r, p.q, evalOptions(p.q, opts))
	if err != nil {
		return "", fmt.Errorf("sparql: explain: %w", err)
	}
	return p.Form().String() + "\n" + prof.Plan.Format(func(n optimizer.Node) string {
		op, ok := prof.Ops[n]
		if !ok {
			return ""
		}
		if op.Runs <= 1 {
			return fmt.Sprintf("[actual %d]", op.Rows)
		}
		return fmt.Sprintf("[actual %d in %d runs, %s per run]", op.Rows, op.Runs,
			optimizer.FormatEstimate(float64(op.Rows)/float64(op.Runs)))
	}), nil
}
