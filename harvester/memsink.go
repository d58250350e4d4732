package harvester

import (
	"context"
	"sync"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// MemorySink is a Sink kept in memory, for tests and for one-off harvests
// whose result is written elsewhere. It applies changes atomically under a
// lock and can be told to fail, to test that failures keep old data.
type MemorySink struct {
	mu     sync.Mutex
	graphs map[rdf.Term]*rdf.Graph
	// FailApply, if set, makes Apply return it without changing anything.
	FailApply error
}

// NewMemorySink returns an empty sink.
func NewMemorySink() *MemorySink { return &MemorySink{graphs: map[rdf.Term]*rdf.Graph{}} }

// Graph returns a copy of graph g.
func (s *MemorySink) Graph(_ context.Context, g rdf.Term) ([]rdf.Triple, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gr, ok := s.graphs[g]; ok {
		return append([]rdf.Triple(nil), gr.Triples()...), nil
	}
	return nil, nil
}

// Apply applies c.
func (s *MemorySink) Apply(_ context.Context, c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailApply != nil {
		return s.FailApply
	}
	for g, ts := range c.Replace {
		s.graphs[g] = rdf.NewGraph(ts...)
	}
	removed := map[rdf.Term]map[rdf.Triple]bool{}
	for _, q := range c.Remove {
		if removed[q.G] == nil {
			removed[q.G] = map[rdf.Triple]bool{}
		}
		removed[q.G][q.Triple()] = true
	}
	for g, rm := range removed {
		old, ok := s.graphs[g]
		if !ok {
			continue
		}
		kept := rdf.NewGraph()
		for _, t := range old.Triples() {
			if !rm[t] {
				kept.Add(t)
			}
		}
		s.graphs[g] = kept
	}
	for _, q := range c.Add {
		if s.graphs[q.G] == nil {
			s.graphs[q.G] = rdf.NewGraph()
		}
		s.graphs[q.G].Add(q.Triple())
	}
	return nil
}
