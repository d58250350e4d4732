package algebra

import "strings"

// PathExpr is a property-path expression (§9): one of PathLink,
// *PathInverse, *PathSequence, *PathAlternative, *PathZeroOrMore,
// *PathOneOrMore, *PathZeroOrOne and *PathNegated.
type PathExpr interface {
	// String returns the canonical S-expression of the path.
	String() string
	writeSSE(b *strings.Builder)
}

// PathLink is a single predicate IRI.
type PathLink struct {
	IRI string
}

// PathInverse is ^Path: Path followed from object to subject.
type PathInverse struct {
	Path PathExpr
}

// PathSequence is Left/Right.
type PathSequence struct {
	Left, Right PathExpr
}

// PathAlternative is Left|Right.
type PathAlternative struct {
	Left, Right PathExpr
}

// PathZeroOrMore is Path*.
type PathZeroOrMore struct {
	Path PathExpr
}

// PathOneOrMore is Path+.
type PathOneOrMore struct {
	Path PathExpr
}

// PathZeroOrOne is Path?.
type PathZeroOrOne struct {
	Path PathExpr
}

// PathNegated is a negated property set !(a|^b|...): one step along any
// predicate not in Forward, or backwards along any predicate not in
// Inverse. A set with only forward IRIs never matches backwards and vice
// versa; a set with both matches either way (§18.2.2.4 translates it to an
// alternative of the two directions, kept here as one node).
type PathNegated struct {
	Forward []string
	Inverse []string
}
