package rdf

import "slices"

// Triple is an RDF triple.
type Triple struct {
	S, P, O Term
}

// String returns the triple as an N-Triples line without the newline.
func (t Triple) String() string { return t.S.String() + " " + t.P.String() + " " + t.O.String() + " ." }

// Quad is a triple in a graph. A zero G means the default graph.
type Quad struct {
	S, P, O, G Term
}

// Triple returns q without its graph.
func (q Quad) Triple() Triple { return Triple{q.S, q.P, q.O} }

// String returns the quad as an N-Quads line without the newline.
func (q Quad) String() string {
	if q.G.IsZero() {
		return q.Triple().String()
	}
	return q.S.String() + " " + q.P.String() + " " + q.O.String() + " " + q.G.String() + " ."
}

// InGraph returns the quads of the triples ts in graph g.
func InGraph(ts []Triple, g Term) []Quad {
	qs := make([]Quad, len(ts))
	for i, t := range ts {
		qs[i] = Quad{t.S, t.P, t.O, g}
	}
	return qs
}

// CompareTriples orders triples by subject, predicate, then object.
func CompareTriples(a, b Triple) int {
	if c := Compare(a.S, b.S); c != 0 {
		return c
	}
	if c := Compare(a.P, b.P); c != 0 {
		return c
	}
	return Compare(a.O, b.O)
}

// CompareQuads orders quads by graph, then as triples.
func CompareQuads(a, b Quad) int {
	if c := Compare(a.G, b.G); c != 0 {
		return c
	}
	return CompareTriples(a.Triple(), b.Triple())
}

// Graph is a set of triples held in memory, kept in insertion order.
// It is what extractors build and serializers write; the store keeps the
// persistent data.
type Graph struct {
	triples []Triple
	seen    map[Triple]struct{}
}

// NewGraph returns a graph holding ts (duplicates dropped).
func NewGraph(ts ...Triple) *Graph {
	g := &Graph{}
	for _, t := range ts {
		g.Add(t)
	}
	return g
}

// Add adds t unless the graph already has it, and reports whether it was new.
func (g *Graph) Add(t Triple) bool {
	if g.seen == nil {
		g.seen = make(map[Triple]struct{})
	}
	if _, ok := g.seen[t]; ok {
		return false
	}
	g.seen[t] = struct{}{}
	g.triples = append(g.triples, t)
	return true
}

// AddAll adds every triple of other.
func (g *Graph) AddAll(other *Graph) {
	for _, t := range other.Triples() {
		g.Add(t)
	}
}

// Has reports whether the graph holds t.
func (g *Graph) Has(t Triple) bool {
	_, ok := g.seen[t]
	return ok
}

// Len returns the number of triples.
func (g *Graph) Len() int { return len(g.triples) }

// Triples returns the triples in insertion order. The slice is the graph's
// own: do not modify it.
func (g *Graph) Triples() []Triple {
	if g == nil {
		return nil
	}
	return g.triples
}

// Sorted returns a sorted copy of the triples.
func (g *Graph) Sorted() []Triple {
	ts := slices.Clone(g.triples)
	slices.SortFunc(ts, CompareTriples)
	return ts
}

// Objects returns the objects of the triples with subject s and predicate p.
func (g *Graph) Objects(s, p Term) []Term {
	var out []Term
	for _, t := range g.triples {
		if t.S == s && t.P == p {
			out = append(out, t.O)
		}
	}
	return out
}

// Object returns the first object of s p, or the zero Term.
func (g *Graph) Object(s, p Term) Term {
	for _, t := range g.triples {
		if t.S == s && t.P == p {
			return t.O
		}
	}
	return Term{}
}

// Subjects returns the distinct subjects of triples with predicate p and object o.
func (g *Graph) Subjects(p, o Term) []Term {
	var out []Term
	seen := map[Term]bool{}
	for _, t := range g.triples {
		if t.P == p && t.O == o && !seen[t.S] {
			seen[t.S] = true
			out = append(out, t.S)
		}
	}
	return out
}
