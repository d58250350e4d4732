package optimizer

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// Plan is the physical plan of a query or of an update's WHERE clause.
type Plan struct {
	// Root computes the solutions of the pattern.
	Root Node
	// Exists holds the plan of every EXISTS and NOT EXISTS pattern of the
	// plan's expressions (nested ones included), by expression.
	Exists map[*algebra.Exists]Node
}

// Node is a physical operator: one of *Scan, *PathScan, *Join, *LeftJoin,
// *Filter, *Union, *Minus, *GraphLoop, *Extend, *Values, *Group, *OrderBy,
// *Project, *Distinct, *Reduced, *Slice and *Service.
//
// The evaluator computes each node for an input solution μ and must give
// {μ} ⋈ ⟦node⟧: the node's solutions compatible with μ, merged with it.
// Operators use μ to bind their variables early (an index nested-loop join
// pushes the left solution into the scans on its right) where that cannot
// change the result; Props says which variables that is.
type Node interface {
	// Properties returns what the optimizer computed about the node.
	Properties() *Props
}

// Props describes the solutions of a node. Read it through
// Node.Properties (joins and filters compute their variable sets on
// demand), and do not modify the sets.
type Props struct {
	// Certain are the variables every solution binds; Possible those some
	// solution may bind (Certain is a subset).
	Certain, Possible VarSet
	// Estimate is the expected number of solutions for one evaluation with
	// the bindings the plan gives it (a guess where statistics are missing).
	Estimate float64
}

// Properties implements Node.
func (i *Props) Properties() *Props { return i }

// GraphKind says which graph a scan reads.
type GraphKind uint8

const (
	// GraphActive is the graph the evaluation is in: the dataset's default
	// graph, or the named graph a GraphLoop is visiting.
	GraphActive GraphKind = iota
	// GraphVar ranges over the dataset's named graphs, binding a variable
	// (GRAPH ?g { ... } rewritten into quad patterns).
	GraphVar
)

// GraphRef is the graph position of a Scan.
type GraphRef struct {
	Kind GraphKind
	Var  algebra.Var // GraphVar only
}

// Scan matches one triple pattern against the store's indexes, binding its
// variables. Variables bound by the input solution become constants of the
// index lookup, which is what makes nested-loop joins cheap.
type Scan struct {
	Props
	S, P, O algebra.TermOrVar
	Graph   GraphRef
}

// PathScan matches a property path (§9) between Subject and Object.
type PathScan struct {
	Props
	Subject, Object algebra.TermOrVar
	Path            algebra.PathExpr
	Graph           GraphRef
}

// JoinAlgorithm says how a join or left join is computed.
type JoinAlgorithm uint8

const (
	// NestedLoop evaluates the right side once per left solution, with
	// that solution's bindings pushed into it (an index nested-loop join
	// when the right side is a scan).
	NestedLoop JoinAlgorithm = iota
	// HashJoin evaluates the right side once, keeps its solutions in a
	// hash table on Keys, and probes it with each left solution.
	HashJoin
)

// String returns "nested-loop" or "hash".
func (a JoinAlgorithm) String() string {
	if a == HashJoin {
		return "hash"
	}
	return "nested-loop"
}

// Join is the inner join of Left and Right.
type Join struct {
	Props
	Left, Right Node
	Algorithm   JoinAlgorithm
	// Keys are the variables both sides certainly bind (the hash key).
	Keys []algebra.Var
}

// Properties implements Node. The variable sets of a join are computed
// on each call from the operands of its chain of joins (and filters): a
// chain of n joins keeping its own sets would hold n sets of up to n
// variables.
func (j *Join) Properties() *Props {
	p := &Props{Certain: VarSet{}, Possible: VarSet{}, Estimate: j.Estimate}
	var n Node = j
	for {
		switch x := n.(type) {
		case *Join:
			rp := x.Right.Properties()
			p.Certain.addAll(rp.Certain)
			p.Possible.addAll(rp.Possible)
			n = x.Left
			continue
		case *Filter:
			n = x.Input
			continue
		}
		lp := n.Properties()
		p.Certain.addAll(lp.Certain)
		p.Possible.addAll(lp.Possible)
		return p
	}
}

// LeftJoin is OPTIONAL: each solution of Left extended by the compatible
// solutions of Right for which Exprs (a conjunction) hold, or alone.
type LeftJoin struct {
	Props
	Left, Right Node
	Exprs       []algebra.Expr
	Algorithm   JoinAlgorithm
	Keys        []algebra.Var
}

// Filter keeps the solutions of Input for which every expression of Exprs
// has effective boolean value true.
type Filter struct {
	Props
	Input Node
	Exprs []algebra.Expr
}

// Properties implements Node: a filter's variables are its input's.
func (f *Filter) Properties() *Props {
	in := f.Input.Properties()
	return &Props{Certain: in.Certain, Possible: in.Possible, Estimate: f.Estimate}
}

// Union is the bag union of Left and Right.
type Union struct {
	Props
	Left, Right Node
}

// Minus removes the solutions of Left that are compatible with, and share
// a variable with, a solution of Right. With NestedLoop the right side is
// probed with each left solution's Keys (which it certainly binds);
// otherwise it is evaluated once and kept in a hash table on Keys.
type Minus struct {
	Props
	Left, Right Node
	Algorithm   JoinAlgorithm
	Keys        []algebra.Var
}

// GraphLoop evaluates Input once in each named graph of the dataset that
// Name matches (an IRI, or a variable bound to each graph's name).
type GraphLoop struct {
	Props
	Name  algebra.TermOrVar
	Input Node
}

// Binding is one BIND of an Extend.
type Binding struct {
	Var  algebra.Var
	Expr algebra.Expr
}

// Extend binds each variable of Bindings, in order, to its expression's
// value, leaving it unbound when the expression fails. One solution's
// bindings share the BNODE(str) scope of §17.4.2.9.
type Extend struct {
	Props
	Input    Node
	Bindings []Binding
}

// Values is inline data (VALUES, and the unit solution of an empty group):
// a zero rdf.Term in a row is unbound.
type Values struct {
	Props
	Vars []algebra.Var
	Rows [][]rdf.Term
}

// Group groups the solutions of Input by Keys and computes Aggregates.
type Group struct {
	Props
	Input      Node
	Keys       []algebra.GroupKey
	Aggregates []algebra.AggregateBinding
}

// OrderBy sorts the solutions of Input (stable).
type OrderBy struct {
	Props
	Input      Node
	Conditions []algebra.OrderCondition
}

// Project keeps the variables Vars of Input's solutions; the other
// variables of Input are a different scope (a sub-select's own).
type Project struct {
	Props
	Input Node
	Vars  []algebra.Var
}

// Distinct removes duplicate solutions.
type Distinct struct {
	Props
	Input Node
}

// Reduced may remove duplicate solutions; the evaluator removes adjacent
// duplicates.
type Reduced struct {
	Props
	Input Node
}

// Slice skips Offset solutions and keeps at most Limit (negative: all).
type Slice struct {
	Props
	Input  Node
	Offset int64
	Limit  int64
}

// Service sends Pattern to a remote SPARQL endpoint (Federated Query).
type Service struct {
	Props
	Name    algebra.TermOrVar
	Pattern algebra.Pattern
	Silent  bool
}

// Children returns the direct inputs of n, left to right.
func Children(n Node) []Node {
	switch n := n.(type) {
	case *Join:
		return []Node{n.Left, n.Right}
	case *LeftJoin:
		return []Node{n.Left, n.Right}
	case *Union:
		return []Node{n.Left, n.Right}
	case *Minus:
		return []Node{n.Left, n.Right}
	case *Filter:
		return []Node{n.Input}
	case *GraphLoop:
		return []Node{n.Input}
	case *Extend:
		return []Node{n.Input}
	case *Group:
		return []Node{n.Input}
	case *OrderBy:
		return []Node{n.Input}
	case *Project:
		return []Node{n.Input}
	case *Distinct:
		return []Node{n.Input}
	case *Reduced:
		return []Node{n.Input}
	case *Slice:
		return []Node{n.Input}
	}
	return nil
}

// NodeExprs returns the expressions n evaluates itself.
func NodeExprs(n Node) []algebra.Expr {
	switch n := n.(type) {
	case *LeftJoin:
		return n.Exprs
	case *Filter:
		return n.Exprs
	case *Extend:
		out := make([]algebra.Expr, len(n.Bindings))
		for i, b := range n.Bindings {
			out[i] = b.Expr
		}
		return out
	case *Group:
		var out []algebra.Expr
		for _, k := range n.Keys {
			out = append(out, k.Expr)
		}
		for _, a := range n.Aggregates {
			out = append(out, a.Aggregate)
		}
		return out
	case *OrderBy:
		out := make([]algebra.Expr, len(n.Conditions))
		for i, c := range n.Conditions {
			out[i] = c.Expr
		}
		return out
	}
	return nil
}
