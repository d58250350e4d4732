package main

import (
	"context"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// storeSink connects the harvester to the quad store: everything one
// harvest writes is applied in one store transaction, so readers never see
// a half-written source and a crash leaves the previous graphs intact.
type storeSink struct {
	st store.Store
}

func (s storeSink) Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error) {
	snap, err := s.st.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var ts []rdf.Triple
	for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
		if err != nil {
			return nil, err
		}
		ts = append(ts, q.Triple())
	}
	return ts, nil
}

func (s storeSink) Apply(ctx context.Context, c harvester.Change) error {
	return s.st.Update(ctx, func(w store.Writer) error {
		for g, ts := range c.Replace {
			if err := w.ClearGraph(g); err != nil {
				return err
			}
			for _, t := range ts {
				if err := w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
					return err
				}
			}
		}
		for _, q := range c.Remove {
			if err := w.Remove(q); err != nil {
				return err
			}
		}
		for _, q := range c.Add {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
}
