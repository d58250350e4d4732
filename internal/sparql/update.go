package sparql

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Update parses an update request and runs all its operations in one
// transaction of st: if one fails, none of them is applied. On a store
// that implements store.Drafter the operations are evaluated on a
// snapshot and the write lock is held only to apply their changes. The default
// graph of an update is the store's default graph (opts.DefaultGraph does
// not apply); use GRAPH, WITH or USING for named graphs. opts.DefaultGraphs
// and opts.NamedGraphs are the protocol's using-graph-uri and
// using-named-graph-uri: they act as USING and USING NAMED on every
// DELETE/INSERT … WHERE, and a request that also says USING, USING NAMED
// or WITH is refused with ErrDatasetConflict (SPARQL 1.1 Protocol §2.2.3).
func Update(ctx context.Context, st store.Store, text string, opts Options) error {
	u, err := parser.ParseUpdate(text, opts.Base)
	if err != nil {
		return err
	}
	if len(opts.DefaultGraphs) > 0 || len(opts.NamedGraphs) > 0 {
		if err := useProtocolDataset(u, opts.DefaultGraphs, opts.NamedGraphs); err != nil {
			return err
		}
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
		MaxMemoryBytes:      opts.MaxMemoryBytes,
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
	uo.Protected = opts.Protected
	err = update(ctx, st, func(w store.Writer) error {
		return eval.Update(ctx, w, u, uo)
	})
	if err != nil && opts.Timeout > 0 && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// draftAttempts is how often an update is evaluated again when a commit
// (a harvest, say) changed the store while it was being evaluated.
const draftAttempts = 4

// update runs fn as one transaction of st. On a store that can draft,
// fn runs on a snapshot (a WHERE clause is evaluated without holding the
// write lock, so harvests commit meanwhile) and only its recorded changes
// are applied under the lock, after checking that nothing was committed
// in between; if something was, fn runs again on the new state.
func update(ctx context.Context, st store.Store, fn func(store.Writer) error) error {
	d, ok := st.(store.Drafter)
	if !ok {
		return st.Update(ctx, fn)
	}
	for attempt := 1; ; attempt++ {
		draft, err := d.Draft(ctx, fn)
		if err != nil {
			return err
		}
		if draft.Empty() {
			return nil
		}
		err = st.Update(ctx, draft.Apply)
		if !errors.Is(err, store.ErrConflict) || attempt == draftAttempts {
			return err
		}
	}
}

// useProtocolDataset gives every DELETE/INSERT … WHERE of u the dataset of
// the request's using-graph-uri and using-named-graph-uri.
func useProtocolDataset(u *algebra.Update, defaults, named []string) error {
	for _, op := range u.Operations {
		if m, ok := op.(*algebra.Modify); ok && (m.Using != nil || m.With != "") {
			return ErrDatasetConflict
		}
	}
	for _, op := range u.Operations {
		if m, ok := op.(*algebra.Modify); ok {
			m.Using = &algebra.Dataset{Default: slices.Clone(defaults), Named: slices.Clone(named)}
		}
	}
	return nil
}
