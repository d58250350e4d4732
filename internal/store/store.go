// Package store is Skillsmap's quad store: RDF quads in named graphs, kept
// persistently in a bbolt file (or in memory for tests and for queries over
// files), indexed so that every quad pattern is an index range scan.
//
// Readers work on consistent snapshots; all writes of one Update commit
// atomically or not at all, so replacing a source's graph after a harvest
// never leaves a half-written graph behind, even after kill -9.
package store

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Pattern selects quads. A zero S, P or O matches any term in that position.
//
// G selects the graph: when AnyGraph is set every graph matches, the default
// graph included; otherwise a zero G means the default graph only and a
// non-zero G that named graph only.
type Pattern struct {
	S, P, O, G rdf.Term
	AnyGraph   bool
}

// Store is a quad store. Implementations are safe for concurrent use.
type Store interface {
	// Snapshot returns a consistent read-only view. It must be closed, and
	// long scans should not hold it across unrelated work, because a bbolt
	// read transaction keeps the pages it reads alive.
	Snapshot(ctx context.Context) (Snapshot, error)
	// Update runs fn in one write transaction: if fn returns an error, or
	// ctx is cancelled, nothing fn wrote is kept.
	Update(ctx context.Context, fn func(Writer) error) error
	// Close releases the store.
	Close() error
}

// Reader is read access to quads.
type Reader interface {
	// Match yields the quads that match p, in index order. The sequence
	// ends early with a non-nil error (and a zero quad) if reading fails.
	Match(ctx context.Context, p Pattern) iter.Seq2[rdf.Quad, error]
	// Estimate returns an estimate of how many quads match p, cheap enough
	// for the query optimizer to call per pattern. Zero means none match.
	Estimate(p Pattern) uint64
	// Graphs returns the named graphs, in term order, including empty
	// graphs that were created explicitly.
	Graphs(ctx context.Context) ([]rdf.Term, error)
	// GraphInfo describes one graph (zero term: the default graph).
	GraphInfo(g rdf.Term) (GraphInfo, bool)
	// Len returns the number of quads in all graphs.
	Len() uint64
	// Version increases with every committed write; with Modified it gives
	// HTTP caches a validator for whole-store responses.
	Version() uint64
	// Modified is the commit time of the last write.
	Modified() time.Time
}

// Snapshot is a consistent read-only view of the store.
type Snapshot interface {
	Reader
	Close() error
}

// Writer changes the store inside Update. It also reads its own writes.
type Writer interface {
	Reader
	// Add adds q; adding a quad that is present is not an error.
	Add(q rdf.Quad) error
	// Remove removes q if present.
	Remove(q rdf.Quad) error
	// CreateGraph records an (empty) named graph; it fails with
	// ErrGraphExists if the graph exists.
	CreateGraph(g rdf.Term) error
	// ClearGraph removes every quad of g (zero term: the default graph);
	// the graph itself stays known.
	ClearGraph(g rdf.Term) error
	// DropGraph removes the quads of g and forgets the graph.
	DropGraph(g rdf.Term) error
}

// GraphInfo describes a graph.
type GraphInfo struct {
	Name     rdf.Term  // zero for the default graph
	Quads    uint64    // number of quads
	Modified time.Time // last commit that changed the graph
}

// Errors returned by stores.
var (
	ErrGraphExists = errors.New("graph already exists")
	ErrNoGraph     = errors.New("no such graph")
	ErrClosed      = errors.New("store is closed")
)

// ReplaceGraph atomically replaces the content of graph g with ts: readers
// see either the old graph or the new one, never a mixture.
func ReplaceGraph(ctx context.Context, s Store, g rdf.Term, ts []rdf.Triple) error {
	return s.Update(ctx, func(w Writer) error {
		if err := w.ClearGraph(g); err != nil {
			return err
		}
		for _, t := range ts {
			if err := w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
				return err
			}
		}
		return nil
	})
}
