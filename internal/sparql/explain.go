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
