package store

import (
	"context"
	"fmt"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// DefaultLoadBatch is the batch size Load uses when given batch ≤ 0.
const DefaultLoadBatch = 50_000

// Load adds quads to s in batches, each committed by its own Update, and
// returns how many quads it read from the sequence and committed.
//
// Load is for big dumps and is not atomic as a whole: if the sequence
// yields an error, ctx ends or a commit fails, the batches before are kept
// and the current one is dropped; the caller can run the load again (adding
// a quad twice is harmless). To replace a graph atomically use ReplaceGraph
// or ReplaceGraphFrom.
func Load(ctx context.Context, s Store, quads iter.Seq2[rdf.Quad, error], batch int) (uint64, error) {
	if batch <= 0 {
		batch = DefaultLoadBatch
	}
	var committed uint64
	buf := make([]rdf.Quad, 0, min(batch, 4096))
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := s.Update(ctx, func(w Writer) error {
			for _, q := range buf {
				if err := w.Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: load after %d quads: %w", committed, err)
		}
		committed += uint64(len(buf))
		buf = buf[:0]
		return nil
	}
	for q, err := range quads {
		if err != nil {
			return committed, fmt.Errorf("store: load after %d quads: %w", committed, err)
		}
		buf = append(buf, q)
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return committed, err
			}
		}
	}
	return committed, flush()
}

// ReplaceGraphFrom atomically replaces the content of graph g with the
// triples of a sequence, streaming them into one Update: readers see the
// old graph or the new one, never a mixture, and if the sequence yields an
// error the old graph stays. The whole replacement is one transaction, so
// its uncommitted pages are held in memory until the commit.
func ReplaceGraphFrom(ctx context.Context, s Store, g rdf.Term, triples iter.Seq2[rdf.Triple, error]) error {
	return s.Update(ctx, func(w Writer) error {
		if err := w.ClearGraph(g); err != nil {
			return err
		}
		for t, err := range triples {
			if err != nil {
				return fmt.Errorf("store: replace graph %s: %w", g, err)
			}
			if err := w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
				return err
			}
		}
		return nil
	})
}
