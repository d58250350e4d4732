package store

import (
	"context"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// ID is a term's number in a store's dictionary, for query engines that join
// on ids and decode only the terms they output. 0 is "no term": the default
// graph in the G position and a wildcard in S, P and O.
//
// Within one store an id never names a different term later (ids are not
// reused), but a term may get a new id after CompactTerms removed it while
// unused; so compare ids only within one snapshot or Update, and never across
// stores.
type ID uint64

// IDQuad is a quad of dictionary ids; G 0 is the default graph.
type IDQuad struct {
	S, P, O, G ID
}

// IDPattern is a Pattern of ids: a zero S, P or O matches anything; G
// selects the graph as in Pattern (0 is the default graph unless AnyGraph).
type IDPattern struct {
	S, P, O, G ID
	AnyGraph   bool
}

// IDReader is id-level read access. The snapshots and writers of DB and
// Memory implement it; a query engine can type-assert a Reader to it and
// fall back to Match where it is missing (another Store implementation).
type IDReader interface {
	Reader
	// TermID returns the id of t, and false if the store holds no quad or
	// graph with t.
	TermID(t rdf.Term) (ID, bool)
	// Term returns the term with the given id (the zero term for 0).
	Term(id ID) (rdf.Term, error)
	// MatchIDs is Match without decoding terms.
	MatchIDs(ctx context.Context, p IDPattern) iter.Seq2[IDQuad, error]
	// EstimateIDs is Estimate for a pattern of ids.
	EstimateIDs(p IDPattern) uint64
}

var (
	_ IDReader = (*snapshot)(nil)
	_ IDReader = (*writer)(nil)
	_ Snapshot = (*snapshot)(nil)
	_ Writer   = (*writer)(nil)
)
