package algebra

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Pattern is a graph pattern of the algebra: one of *BGP, *Path, *Join,
// *LeftJoin, *Filter, *Union, *Graph, *Extend, *Minus, *Table, *Group,
// *OrderBy, *Project, *Distinct, *Reduced, *Slice and *Service. A
// sub-select is the pattern of the inner query (a *Project, possibly under
// *Distinct, *Slice and the like) used where a pattern is expected.
type Pattern interface {
	// String returns the canonical S-expression of the pattern.
	String() string
	writeSSE(b *strings.Builder)
}

// BGP is a basic graph pattern: a set of triple patterns matched together.
// An empty BGP matches once with no bindings (the spec's empty pattern Z).
type BGP struct {
	Triples []TriplePattern
}

// Path is a triple pattern whose predicate is a property path (§9) that
// the translation could not reduce to plain triples.
type Path struct {
	Subject TermOrVar
	Path    PathExpr
	Object  TermOrVar
}

// Join is the join of two patterns.
type Join struct {
	Left, Right Pattern
}

// LeftJoin is OPTIONAL: the solutions of Left, each extended by the
// compatible solutions of Right for which all of Exprs (the optional
// group's filters, a conjunction) are true, or kept alone if there is none.
// Empty Exprs means true.
type LeftJoin struct {
	Left, Right Pattern
	Exprs       []Expr
}

// Filter keeps the solutions of Pattern for which every expression of
// Exprs (a conjunction) has effective boolean value true.
type Filter struct {
	Exprs   []Expr
	Pattern Pattern
}

// Union is the bag union of the solutions of two patterns.
type Union struct {
	Left, Right Pattern
}

// Graph evaluates Pattern in the named graph Name, an IRI or a variable
// that ranges over the named graphs of the dataset.
type Graph struct {
	Name    TermOrVar
	Pattern Pattern
}

// Extend is BIND (and a SELECT expression): each solution of Pattern gets
// Var bound to the value of Expr, or left unbound if Expr raises an error.
type Extend struct {
	Pattern Pattern
	Var     Var
	Expr    Expr
}

// Minus removes from Left the solutions compatible with, and sharing a
// variable with, some solution of Right.
type Minus struct {
	Left, Right Pattern
}

// Table is inline data (VALUES): a solution per row, binding Vars[i] to
// Rows[r][i]. A zero rdf.Term in a row is UNDEF (unbound). The table with no
// variables and one empty row is the unit table: one empty solution.
type Table struct {
	Vars []Var
	Rows [][]rdf.Term
}

// Unit returns the unit table: one solution with no bindings.
func Unit() *Table { return &Table{Rows: [][]rdf.Term{{}}} }

// IsUnit reports whether t is the unit table.
func (t *Table) IsUnit() bool { return len(t.Vars) == 0 && len(t.Rows) == 1 }

// GroupKey is one GROUP BY condition. Expr is the grouping expression; Var
// is the variable the key value is bound to in each group's solution, or
// empty when the key is an expression without AS (then it groups but binds
// nothing). For "GROUP BY ?x", Expr is Var("x") and Var is "x". A key
// whose expression raises an error for a solution is unbound for it (as
// §18.2.4.1's Extend would leave it), and such solutions group together.
type GroupKey struct {
	Var  Var
	Expr Expr
}

// AggregateBinding binds the value of an aggregate, computed over each
// group, to a hidden variable that later expressions refer to.
type AggregateBinding struct {
	Var       Var
	Aggregate *Aggregate
}

// Group partitions the solutions of Pattern by the values of Keys and
// gives one solution per group, binding the keys' variables and the
// aggregates' variables. With no keys (implicit grouping: aggregates
// without GROUP BY) there is exactly one group, even over no solutions.
type Group struct {
	Pattern    Pattern
	Keys       []GroupKey
	Aggregates []AggregateBinding
}

// OrderCondition is one ORDER BY condition.
type OrderCondition struct {
	Expr       Expr
	Descending bool
}

// OrderBy sorts the solutions of Pattern.
type OrderBy struct {
	Pattern    Pattern
	Conditions []OrderCondition
}

// Project keeps only Vars in each solution of Pattern.
type Project struct {
	Pattern Pattern
	Vars    []Var
}

// Distinct removes duplicate solutions.
type Distinct struct {
	Pattern Pattern
}

// Reduced permits (but does not require) removing duplicate solutions.
type Reduced struct {
	Pattern Pattern
}

// Slice is OFFSET and LIMIT: it skips Offset solutions (0 for none) and
// keeps at most Limit (negative for no limit).
type Slice struct {
	Pattern Pattern
	Offset  int64
	Limit   int64
}

// Service is a federated query (SPARQL 1.1 Federated Query): Pattern is
// sent to the endpoint Name (an IRI or a variable). With Silent, a failure
// gives one empty solution instead of an error.
type Service struct {
	Name    TermOrVar
	Pattern Pattern
	Silent  bool
}
