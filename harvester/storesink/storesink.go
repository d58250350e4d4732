// Package storesink connects the harvester to the quad store: everything one
// harvest writes is applied in one store transaction, so readers never see a
// half-written source and a crash leaves the previous graphs intact.
//
// It lives apart from package harvester so that the harvester itself depends
// on nothing but its small Sink interface; other sinks (an external triple
// store over the SPARQL Graph Store Protocol, say) can sit beside it.
package storesink

import (
	"context"
	"strconv"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Sink is a harvester.Sink writing into a store.Store.
type Sink struct {
	Store store.Store
}

var _ harvester.Sink = Sink{}

// New returns a sink writing into st.
func New(st store.Store) Sink { return Sink{Store: st} }

// Graph returns the triples of graph g.
func (s Sink) Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error) {
	snap, err := s.Store.Snapshot(ctx)
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

// Apply applies c in one store transaction.
func (s Sink) Apply(ctx context.Context, c harvester.Change) error {
	return s.Store.Update(ctx, func(w store.Writer) error {
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

var _ harvester.GraphStamper = Sink{}

// GraphStamps stamps graphs with their quad count and last change, which
// the store keeps per graph.
func (s Sink) GraphStamps(ctx context.Context, graphs []rdf.Term) (map[rdf.Term]string, error) {
	snap, err := s.Store.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	out := make(map[rdf.Term]string, len(graphs))
	for _, g := range graphs {
		if info, ok := snap.GraphInfo(g); ok {
			out[g] = strconv.FormatUint(info.Quads, 10) + "@" + strconv.FormatInt(info.Modified.UnixNano(), 10)
		} else {
			out[g] = "none"
		}
	}
	return out, nil
}
