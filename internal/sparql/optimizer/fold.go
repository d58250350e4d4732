package optimizer

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
)

// volatile are the built-ins whose value is not a function of their
// arguments alone: each call, solution or query may give another value, or
// they depend on the query's base IRI.
var volatile = map[string]bool{
	"RAND": true, "NOW": true, "UUID": true, "STRUUID": true, "BNODE": true,
	"IRI": true, "BOUND": true, "IF": true, "COALESCE": true,
}

// FoldConstants replaces every sub-expression of p whose operands are all
// constants by its value, then simplifies filters: a condition that is
// always true is dropped. Expressions whose evaluation fails are kept, so
// that the error happens where the query says (a failing BIND leaves its
// variable unbound, a failing FILTER rejects). EXISTS patterns are folded
// too.
func FoldConstants(p algebra.Pattern) algebra.Pattern {
	return algebra.Rewrite(p, func(p algebra.Pattern) algebra.Pattern {
		switch x := p.(type) {
		case *algebra.Filter:
			var kept []algebra.Expr
			for _, e := range x.Exprs {
				e = FoldExpr(e)
				if c, ok := e.(algebra.Const); ok {
					if b, err := funcs.EBV(c.Term); err == nil && b {
						continue
					}
				}
				kept = append(kept, e)
			}
			if len(kept) == 0 {
				return x.Pattern
			}
			x.Exprs = kept
		case *algebra.LeftJoin:
			var kept []algebra.Expr
			for _, e := range x.Exprs {
				e = FoldExpr(e)
				if c, ok := e.(algebra.Const); ok {
					if b, err := funcs.EBV(c.Term); err == nil && b {
						continue
					}
				}
				kept = append(kept, e)
			}
			x.Exprs = kept
		case *algebra.Extend:
			x.Expr = FoldExpr(x.Expr)
		case *algebra.OrderBy:
			conds := make([]algebra.OrderCondition, len(x.Conditions))
			for i, c := range x.Conditions {
				conds[i] = algebra.OrderCondition{Expr: FoldExpr(c.Expr), Descending: c.Descending}
			}
			x.Conditions = conds
		case *algebra.Group:
			keys := make([]algebra.GroupKey, len(x.Keys))
			for i, k := range x.Keys {
				keys[i] = algebra.GroupKey{Var: k.Var, Expr: FoldExpr(k.Expr)}
			}
			x.Keys = keys
		}
		return p
	})
}

// FoldExpr returns e with its constant sub-expressions evaluated.
func FoldExpr(e algebra.Expr) algebra.Expr {
	switch x := e.(type) {
	case *algebra.Binary:
		l, r := FoldExpr(x.Left), FoldExpr(x.Right)
		lc, lok := l.(algebra.Const)
		rc, rok := r.(algebra.Const)
		if lok && rok {
			if t, err := binaryConst(x.Op, lc.Term, rc.Term); err == nil {
				return algebra.Const{Term: t}
			}
		}
		return &algebra.Binary{Op: x.Op, Left: l, Right: r}
	case *algebra.Unary:
		a := FoldExpr(x.Arg)
		if c, ok := a.(algebra.Const); ok {
			if t, err := unaryConst(x.Op, c.Term); err == nil {
				return algebra.Const{Term: t}
			}
		}
		return &algebra.Unary{Op: x.Op, Arg: a}
	case *algebra.In:
		lhs := FoldExpr(x.Expr)
		list := make([]algebra.Expr, len(x.List))
		consts := make([]rdf.Term, 0, len(x.List))
		for i, item := range x.List {
			list[i] = FoldExpr(item)
			if c, ok := list[i].(algebra.Const); ok {
				consts = append(consts, c.Term)
			}
		}
		if c, ok := lhs.(algebra.Const); ok && len(consts) == len(list) {
			if b, err := funcs.InTerms(c.Term, consts); err == nil {
				return algebra.Const{Term: funcs.Boolean(b != x.Not)}
			}
		}
		return &algebra.In{Expr: lhs, List: list, Not: x.Not}
	case *algebra.Call:
		args, allConst := foldArgs(x.Args)
		if allConst && !volatile[x.Name] {
			if b, ok := funcs.Lookup(x.Name); ok {
				if t, err := b.Call(nil, nil, args); err == nil && !t.IsZero() {
					return algebra.Const{Term: t}
				}
			}
		}
		return &algebra.Call{Name: x.Name, Args: foldedExprs(x.Args)}
	case *algebra.FuncCall:
		args, allConst := foldArgs(x.Args)
		if allConst {
			if b, ok := funcs.LookupIRI(x.IRI); ok {
				if t, err := b.Call(nil, nil, args); err == nil && !t.IsZero() {
					return algebra.Const{Term: t}
				}
			}
		}
		return &algebra.FuncCall{IRI: x.IRI, Args: foldedExprs(x.Args), Distinct: x.Distinct}
	case *algebra.Exists:
		return &algebra.Exists{Pattern: FoldConstants(x.Pattern), Not: x.Not}
	}
	return e
}

func foldedExprs(es []algebra.Expr) []algebra.Expr {
	out := make([]algebra.Expr, len(es))
	for i, e := range es {
		out[i] = FoldExpr(e)
	}
	return out
}

// foldArgs folds es and returns their terms when all are constants.
func foldArgs(es []algebra.Expr) ([]rdf.Term, bool) {
	terms := make([]rdf.Term, len(es))
	for i, e := range es {
		c, ok := FoldExpr(e).(algebra.Const)
		if !ok {
			return nil, false
		}
		terms[i] = c.Term
	}
	return terms, true
}

// BinaryOp applies a binary operator to two evaluated operands; && and ||
// use the error-free operand values given (see funcs.And and funcs.Or for
// the lazy forms).
func binaryConst(op algebra.BinaryOp, a, b rdf.Term) (rdf.Term, error) {
	boolOf := func(t rdf.Term) funcs.BoolThunk { return func() (bool, error) { return funcs.EBV(t) } }
	var v bool
	var err error
	switch op {
	case algebra.OpOr:
		v, err = funcs.Or(boolOf(a), boolOf(b))
	case algebra.OpAnd:
		v, err = funcs.And(boolOf(a), boolOf(b))
	case algebra.OpEqual:
		v, err = funcs.Equal(a, b)
	case algebra.OpNotEqual:
		v, err = funcs.NotEqual(a, b)
	case algebra.OpLess:
		v, err = funcs.Less(a, b)
	case algebra.OpGreater:
		v, err = funcs.Greater(a, b)
	case algebra.OpLessOrEqual:
		v, err = funcs.LessOrEqual(a, b)
	case algebra.OpGreaterOrEqual:
		v, err = funcs.GreaterOrEqual(a, b)
	case algebra.OpAdd:
		return funcs.Add(a, b)
	case algebra.OpSubtract:
		return funcs.Subtract(a, b)
	case algebra.OpMultiply:
		return funcs.Multiply(a, b)
	case algebra.OpDivide:
		return funcs.Divide(a, b)
	default:
		return rdf.Term{}, funcs.ErrTypeError
	}
	if err != nil {
		return rdf.Term{}, err
	}
	return funcs.Boolean(v), nil
}

func unaryConst(op algebra.UnaryOp, a rdf.Term) (rdf.Term, error) {
	switch op {
	case algebra.OpNot:
		return funcs.Not(a)
	case algebra.OpPlus:
		return funcs.UnaryPlus(a)
	case algebra.OpMinus:
		return funcs.UnaryMinus(a)
	}
	return rdf.Term{}, funcs.ErrTypeError
}
