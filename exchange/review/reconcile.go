package review

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Reconcile makes the store hold exactly what review.db says is published.
// Call it once at start, before harvests and requests: it imports the
// source graphs of a store that was filled before review existed (their
// practices count as published), and rewrites every graph review owns
// that differs from what it should hold, which repairs a crash between
// review.db's commit and the store's.
func (r *Review) Reconcile(ctx context.Context) error {
	if err := r.importSources(ctx); err != nil {
		return err
	}
	// Under the change lock: another instance sharing the database may be
	// changing it and the store.
	unlock, err := r.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	var want map[rdf.Term][]rdf.Triple
	var sameAsLinks []rdf.Triple
	err = r.db.View(func(tx kv.Tx) error {
		want = map[rdf.Term][]rdf.Triple{} // the transaction may run again
		for _, g := range r.ownedGraphs(tx) {
			ts, err := r.graphContent(tx, g)
			if err != nil {
				return err
			}
			want[g] = ts
		}
		var editorial []rdf.Triple
		err := tx.Bucket(bEntries).ForEach(func(k, _ []byte) error {
			e, err := readEntry(tx, string(k))
			if err != nil {
				return err
			}
			editorial = append(editorial, r.editorialTriples(e)...)
			return nil
		})
		want[r.iris.EditorialGraph()] = editorial
		if err != nil {
			return err
		}
		have, err := r.graph(ctx, r.iris.SameAsGraph())
		if err != nil {
			return err
		}
		sameAsLinks = r.visibleLinks(tx, have)
		return nil
	})
	if err != nil {
		return fmt.Errorf("review: reconcile: %w", err)
	}
	want[r.iris.SameAsGraph()] = sameAsLinks
	for g, ts := range want {
		have, err := r.graph(ctx, g)
		if err != nil {
			return err
		}
		if rdf.Isomorphic(have, ts) {
			continue
		}
		r.opts.Logger.Info("review: graph rewritten to match what is published", "graph", g.Value, "had", len(have), "has", len(ts))
		if err := store.ReplaceGraph(ctx, r.st, g, ts); err != nil {
			return fmt.Errorf("review: reconcile %s: %w", g.Value, err)
		}
	}
	return nil
}

// ownedGraphs are the source and contributions graphs review writes.
func (r *Review) ownedGraphs(tx kv.Tx) []rdf.Term {
	set := map[rdf.Term]bool{}
	_ = tx.Bucket(bShared).ForEach(func(k, _ []byte) error {
		set[r.iris.SourceGraph(string(k))] = true
		return nil
	})
	_ = tx.Bucket(bBySource).ForEach(func(k, _ []byte) error {
		source, _, _ := strings.Cut(string(k), "\x00")
		set[r.iris.SourceGraph(source)] = true
		return nil
	})
	_ = tx.Bucket(bByOrg).ForEach(func(k, _ []byte) error {
		org, _, _ := strings.Cut(string(k), "\x00")
		set[r.iris.ContributionsGraph(org)] = true
		return nil
	})
	_ = tx.Bucket(bOrgs).ForEach(func(k, _ []byte) error {
		set[r.iris.ContributionsGraph(string(k))] = true
		return nil
	})
	set[r.iris.NeedsGraph()] = true
	set[r.iris.TransfersGraph()] = true
	var out []rdf.Term
	for g := range set {
		out = append(out, g)
	}
	slices.SortFunc(out, rdf.Compare)
	return out
}

// graph reads a whole graph of the store.
func (r *Review) graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error) {
	snap, err := r.st.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var out []rdf.Triple
	for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
		if err != nil {
			return nil, err
		}
		out = append(out, q.Triple())
	}
	return out, nil
}

// importSources takes over the source graphs of the store that review
// does not know yet.
func (r *Review) importSources(ctx context.Context) error {
	snap, err := r.st.Snapshot(ctx)
	if err != nil {
		return err
	}
	graphs, err := snap.Graphs(ctx)
	snap.Close()
	if err != nil {
		return err
	}
	for _, g := range graphs {
		source, ok := r.sourceOf(g)
		if !ok {
			continue
		}
		known := false
		_ = r.db.View(func(tx kv.Tx) error {
			known = tx.Bucket(bShared).Get([]byte(source)) != nil || len(prefixKeys(tx, bBySource, source)) > 0
			return nil
		})
		if known {
			continue
		}
		raw, err := r.graph(ctx, g)
		if err != nil {
			return err
		}
		r.opts.Logger.Info("review: taking over a source graph published before review", "source", source, "triples", len(raw))
		err = r.change(ctx, func(t *txn, pub *publication) error { return r.ingest(t, pub, source, raw, true) })
		if err != nil {
			return fmt.Errorf("review: import %s: %w", source, err)
		}
	}
	return nil
}

// firstSeen reads sm:firstSeen from a record's bookkeeping.
func firstSeen(s rdf.Term, books []rdf.Triple, p rdf.Term) time.Time {
	for _, tr := range books {
		if tr.S == s && tr.P == p {
			if t, err := time.Parse(time.RFC3339, tr.O.Value); err == nil {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}
