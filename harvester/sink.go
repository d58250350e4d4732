package harvester

import (
	"context"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Sink is where harvests go. The harvester reads a source's current graph to
// compare with what it found, and hands over all graphs a run changes in one
// Commit, which the sink must apply atomically: either every graph is
// replaced or none is. cmd wires a Sink to the quad store; tests use
// MemorySink.
type Sink interface {
	// Graph returns the current triples of graph g (none if it is unknown).
	Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error)
	// Commit replaces the content of each graph in graphs, atomically.
	Commit(ctx context.Context, graphs map[rdf.Term][]rdf.Triple) error
}
