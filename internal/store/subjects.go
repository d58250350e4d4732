package store

import (
	"context"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// SubjectMatcher is a Reader that reads the quads of many subjects, in any
// graph, at once: an external store answers a batch in one request where
// a Match per subject would cost a request each. Callers type-assert a
// Reader to it and fall back to Match per subject.
type SubjectMatcher interface {
	// MatchSubjects yields the quads, in every graph, whose subject is one
	// of subjects, in no particular order.
	MatchSubjects(ctx context.Context, subjects []rdf.Term) iter.Seq2[rdf.Quad, error]
}
