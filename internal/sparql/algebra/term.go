package algebra

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Var is a SPARQL variable, named without its leading '?' or '$'.
//
// Names starting with '?' are hidden variables that stand for blank nodes of
// the query pattern (§18.2.1); names starting with '.' hold aggregate results
// (§18.2.4.1). Neither can be written in a query, so they never clash with a
// user's variable, and neither is ever projected by SELECT *.
type Var string

// Hidden reports whether v was made by the translation (a blank node of the
// pattern or an aggregate result) rather than written by the user.
func (v Var) Hidden() bool { return v != "" && (v[0] == '?' || v[0] == '.') }

// String returns the variable as written in SPARQL: "?name".
func (v Var) String() string { return "?" + string(v) }

// TermOrVar is one position of a triple or quad pattern: a variable when Var
// is non-empty, the RDF term Term otherwise. The zero value is neither; it
// stands for the default graph in QuadPattern.G.
type TermOrVar struct {
	Term rdf.Term
	Var  Var
}

// VarNode returns the TermOrVar holding variable v.
func VarNode(v Var) TermOrVar { return TermOrVar{Var: v} }

// TermNode returns the TermOrVar holding term t.
func TermNode(t rdf.Term) TermOrVar { return TermOrVar{Term: t} }

// IsVar reports whether n is a variable.
func (n TermOrVar) IsVar() bool { return n.Var != "" }

// IsZero reports whether n is neither a term nor a variable.
func (n TermOrVar) IsZero() bool { return n.Var == "" && n.Term.IsZero() }

// String returns n in SSE syntax: "?x", "<iri>", "_:b", or a literal.
func (n TermOrVar) String() string {
	var b strings.Builder
	writeNode(&b, n)
	return b.String()
}

// TriplePattern is a triple whose positions are terms or variables.
type TriplePattern struct {
	S, P, O TermOrVar
}

// String returns "(triple S P O)".
func (t TriplePattern) String() string {
	var b strings.Builder
	writeTriple(&b, t)
	return b.String()
}

// Vars appends the variables of t to dst, in S, P, O order.
func (t TriplePattern) Vars(dst []Var) []Var {
	for _, n := range [3]TermOrVar{t.S, t.P, t.O} {
		if n.IsVar() {
			dst = append(dst, n.Var)
		}
	}
	return dst
}

// QuadPattern is a triple pattern in a graph: G is an IRI, a variable, or
// zero for the default graph. Update templates are lists of quad patterns.
type QuadPattern struct {
	S, P, O, G TermOrVar
}

// Triple returns q without its graph.
func (q QuadPattern) Triple() TriplePattern { return TriplePattern{q.S, q.P, q.O} }

// String returns "(triple S P O)" for the default graph, "(quad G S P O)" otherwise.
func (q QuadPattern) String() string {
	var b strings.Builder
	writeQuad(&b, q)
	return b.String()
}
