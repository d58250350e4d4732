package algebra

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Expr is an expression: Var, Const, *Binary, *Unary, *In, *Call,
// *FuncCall, *Exists, or *Aggregate.
//
// *Aggregate only appears while the parser translates a query: in the
// finished algebra each aggregate sits in Group.Aggregates and expressions
// refer to its result through a hidden variable.
type Expr interface {
	// String returns the canonical S-expression of the expression.
	String() string
	writeSSE(b *strings.Builder)
}

// Const is a constant RDF term in an expression.
type Const struct {
	Term rdf.Term
}

// BinaryOp is a binary operator.
type BinaryOp uint8

// Binary operators, by precedence from lowest: || and &&, the comparisons,
// then the arithmetic operators.
const (
	OpOr BinaryOp = iota + 1
	OpAnd
	OpEqual
	OpNotEqual
	OpLess
	OpGreater
	OpLessOrEqual
	OpGreaterOrEqual
	OpAdd
	OpSubtract
	OpMultiply
	OpDivide
)

var binaryOpNames = [...]string{
	OpOr: "||", OpAnd: "&&", OpEqual: "=", OpNotEqual: "!=", OpLess: "<", OpGreater: ">",
	OpLessOrEqual: "<=", OpGreaterOrEqual: ">=", OpAdd: "+", OpSubtract: "-", OpMultiply: "*", OpDivide: "/",
}

// String returns the operator as written in SPARQL.
func (op BinaryOp) String() string {
	if int(op) < len(binaryOpNames) && binaryOpNames[op] != "" {
		return binaryOpNames[op]
	}
	return "?op"
}

// Binary is a binary operator applied to two expressions.
type Binary struct {
	Op          BinaryOp
	Left, Right Expr
}

// UnaryOp is a unary operator.
type UnaryOp uint8

// Unary operators.
const (
	OpNot UnaryOp = iota + 1
	OpPlus
	OpMinus
)

// String returns the operator as written in SPARQL.
func (op UnaryOp) String() string {
	switch op {
	case OpNot:
		return "!"
	case OpPlus:
		return "+"
	case OpMinus:
		return "-"
	}
	return "?op"
}

// Unary is a unary operator applied to an expression.
type Unary struct {
	Op  UnaryOp
	Arg Expr
}

// In is "Expr IN (List...)", or NOT IN when Not is set.
type In struct {
	Expr Expr
	List []Expr
	Not  bool
}

// Call is a call of a built-in function (§17.4) by its upper-case name,
// such as "STRLEN", "REGEX", "BOUND", "IF", "COALESCE", "SAMETERM",
// "ISIRI". The synonyms URI and isURI are normalised to "IRI" and "ISIRI".
// For "BOUND" the argument is always a Var.
type Call struct {
	Name string
	Args []Expr
}

// FuncCall is a call of a function by IRI: an XSD cast such as xsd:integer
// or an extension function. Distinct is set when the call was written with
// DISTINCT (only meaningful for custom aggregates).
type FuncCall struct {
	IRI      string
	Args     []Expr
	Distinct bool
}

// Exists is EXISTS { Pattern }, or NOT EXISTS when Not is set. The pattern
// is evaluated with the current solution's bindings substituted (§18.6).
type Exists struct {
	Pattern Pattern
	Not     bool
}

// AggregateFunc names a set function.
type AggregateFunc uint8

// The aggregate functions of §18.5. AggCustom is an extension aggregate
// named by IRI.
const (
	AggCount AggregateFunc = iota + 1
	AggSum
	AggMin
	AggMax
	AggAvg
	AggSample
	AggGroupConcat
	AggCustom
)

var aggregateNames = [...]string{
	AggCount: "count", AggSum: "sum", AggMin: "min", AggMax: "max", AggAvg: "avg",
	AggSample: "sample", AggGroupConcat: "group_concat", AggCustom: "agg",
}

// String returns the lower-case name of the function.
func (f AggregateFunc) String() string {
	if int(f) < len(aggregateNames) && aggregateNames[f] != "" {
		return aggregateNames[f]
	}
	return "?agg"
}

// Aggregate is a set function over the solutions of a group. Expr is nil
// for COUNT(*). Separator is GROUP_CONCAT's separator (a single space when
// none is given). IRI and Args name a custom aggregate's function and all
// its arguments (Expr is then Args[0]).
type Aggregate struct {
	Func      AggregateFunc
	Distinct  bool
	Expr      Expr
	Separator string
	IRI       string
	Args      []Expr
}

// ExprPatterns returns the patterns of the EXISTS and NOT EXISTS
// expressions in e, outermost first.
func ExprPatterns(e Expr) []Pattern {
	var out []Pattern
	WalkExpr(e, func(x Expr) bool {
		if ex, ok := x.(*Exists); ok {
			out = append(out, ex.Pattern)
			return false
		}
		return true
	})
	return out
}

// WalkExpr calls fn for e and, while fn returns true, for its
// sub-expressions in depth-first order. It does not enter EXISTS patterns.
func WalkExpr(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch e := e.(type) {
	case *Binary:
		WalkExpr(e.Left, fn)
		WalkExpr(e.Right, fn)
	case *Unary:
		WalkExpr(e.Arg, fn)
	case *In:
		WalkExpr(e.Expr, fn)
		for _, x := range e.List {
			WalkExpr(x, fn)
		}
	case *Call:
		for _, x := range e.Args {
			WalkExpr(x, fn)
		}
	case *FuncCall:
		for _, x := range e.Args {
			WalkExpr(x, fn)
		}
	case *Aggregate:
		if e.Func == AggCustom {
			for _, x := range e.Args {
				WalkExpr(x, fn)
			}
		} else {
			WalkExpr(e.Expr, fn)
		}
	}
}

// ExprVars returns the variables that e mentions outside EXISTS patterns,
// each once, in order of first appearance.
func ExprVars(e Expr) []Var {
	var out []Var
	seen := map[Var]bool{}
	WalkExpr(e, func(x Expr) bool {
		if v, ok := x.(Var); ok && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
		return true
	})
	return out
}
