package harvester

import (
	"context"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Sink is where harvests go. The harvester reads a graph to compare with
// what it found, and hands everything one run writes to Apply, which must
// apply it atomically: all of it or none of it. cmd wires a Sink to the quad
// store; tests use MemorySink.
type Sink interface {
	// Graph returns the current triples of graph g (none if it is unknown).
	Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error)
	// Apply applies c atomically.
	Apply(ctx context.Context, c Change) error
}

// Change is what one run writes.
type Change struct {
	// Replace maps graphs to their complete new content.
	Replace map[rdf.Term][]rdf.Triple
	// Remove and Add change single quads, in that order, after the
	// replacements.
	Remove, Add []rdf.Quad
}
