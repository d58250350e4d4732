package eval

import (
	"errors"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
)

// exprFn evaluates a compiled expression for one solution. A zero Term
// with a nil error is an unbound variable; every evaluation error matches
// funcs.ErrTypeError.
type exprFn func(c *evalCtx) (rdf.Term, error)

// evalCtx is what an expression reads: the solution, the active graph (for
// EXISTS) and the solution's BNODE scope.
type evalCtx struct {
	ex    *exec
	g     *activeGraph
	r     row
	scope *funcs.SolutionScope
}

var errUnbound = fmt.Errorf("%w: unbound variable", funcs.ErrTypeError)

// bound evaluates f and turns an unbound result into an error.
func bound(f exprFn, c *evalCtx) (rdf.Term, error) {
	t, err := f(c)
	if err == nil && t.IsZero() {
		return t, errUnbound
	}
	return t, err
}

// ebv evaluates f to its effective boolean value.
func ebv(f exprFn, c *evalCtx) (bool, error) {
	t, err := bound(f, c)
	if err != nil {
		return false, err
	}
	return funcs.EBV(t)
}

// compileExpr compiles e.
func (cp *compiler) compileExpr(e algebra.Expr) (exprFn, error) {
	switch x := e.(type) {
	case algebra.Var:
		slot := cp.slot(x)
		return func(c *evalCtx) (rdf.Term, error) { return c.ex.term(c.r[slot]) }, nil
	case algebra.Const:
		t := x.Term
		return func(*evalCtx) (rdf.Term, error) { return t, nil }, nil
	case *algebra.Binary:
		return cp.compileBinary(x)
	case *algebra.Unary:
		arg, err := cp.compileExpr(x.Arg)
		if err != nil {
			return nil, err
		}
		var fn func(rdf.Term) (rdf.Term, error)
		switch x.Op {
		case algebra.OpNot:
			return func(c *evalCtx) (rdf.Term, error) {
				b, err := ebv(arg, c)
				if err != nil {
					return rdf.Term{}, err
				}
				return funcs.Boolean(!b), nil
			}, nil
		case algebra.OpPlus:
			fn = funcs.UnaryPlus
		case algebra.OpMinus:
			fn = funcs.UnaryMinus
		default:
			return nil, fmt.Errorf("%w: unary operator %v", ErrUnsupported, x.Op)
		}
		return func(c *evalCtx) (rdf.Term, error) {
			t, err := bound(arg, c)
			if err != nil {
				return t, err
			}
			return fn(t)
		}, nil
	case *algebra.In:
		lhs, err := cp.compileExpr(x.Expr)
		if err != nil {
			return nil, err
		}
		items, err := cp.compileExprs(x.List)
		if err != nil {
			return nil, err
		}
		not := x.Not
		return func(c *evalCtx) (rdf.Term, error) {
			l, err := bound(lhs, c)
			if err != nil {
				return l, err
			}
			thunks := make([]funcs.Thunk, len(items))
			for i, it := range items {
				thunks[i] = func() (rdf.Term, error) { return bound(it, c) }
			}
			var b bool
			if not {
				b, err = funcs.NotIn(l, thunks)
			} else {
				b, err = funcs.In(l, thunks)
			}
			if err != nil {
				return rdf.Term{}, err
			}
			return funcs.Boolean(b), nil
		}, nil
	case *algebra.Call:
		return cp.compileCall(x)
	case *algebra.FuncCall:
		args, err := cp.compileExprs(x.Args)
		if err != nil {
			return nil, err
		}
		b, ok := funcs.LookupIRI(x.IRI)
		if !ok {
			iri := x.IRI
			return func(*evalCtx) (rdf.Term, error) {
				return rdf.Term{}, fmt.Errorf("%w: <%s>", funcs.ErrUnknownFunction, iri)
			}, nil
		}
		return callBuiltin(b, args), nil
	case *algebra.Exists:
		op, err := cp.existsOp(x)
		if err != nil {
			return nil, err
		}
		not := x.Not
		return func(c *evalCtx) (rdf.Term, error) {
			found := false
			op.run(c.ex, c.g, c.r, func(row) bool {
				found = true
				return false
			})
			if c.ex.err != nil {
				return rdf.Term{}, c.ex.err
			}
			return funcs.Boolean(found != not), nil
		}, nil
	case *algebra.Aggregate:
		return nil, fmt.Errorf("%w: aggregate outside a group", ErrUnsupported)
	}
	return nil, fmt.Errorf("%w: expression %T", ErrUnsupported, e)
}

func (cp *compiler) compileExprs(es []algebra.Expr) ([]exprFn, error) {
	out := make([]exprFn, len(es))
	for i, e := range es {
		f, err := cp.compileExpr(e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func (cp *compiler) compileBinary(x *algebra.Binary) (exprFn, error) {
	l, err := cp.compileExpr(x.Left)
	if err != nil {
		return nil, err
	}
	r, err := cp.compileExpr(x.Right)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case algebra.OpAnd, algebra.OpOr:
		and := x.Op == algebra.OpAnd
		return func(c *evalCtx) (rdf.Term, error) {
			lt := func() (bool, error) { return ebv(l, c) }
			rt := func() (bool, error) { return ebv(r, c) }
			var b bool
			var err error
			if and {
				b, err = funcs.And(lt, rt)
			} else {
				b, err = funcs.Or(lt, rt)
			}
			if err != nil {
				return rdf.Term{}, err
			}
			return funcs.Boolean(b), nil
		}, nil
	}
	var cmp func(a, b rdf.Term) (bool, error)
	var arith func(a, b rdf.Term) (rdf.Term, error)
	switch x.Op {
	case algebra.OpEqual:
		cmp = funcs.Equal
	case algebra.OpNotEqual:
		cmp = funcs.NotEqual
	case algebra.OpLess:
		cmp = funcs.Less
	case algebra.OpGreater:
		cmp = funcs.Greater
	case algebra.OpLessOrEqual:
		cmp = funcs.LessOrEqual
	case algebra.OpGreaterOrEqual:
		cmp = funcs.GreaterOrEqual
	case algebra.OpAdd:
		arith = funcs.Add
	case algebra.OpSubtract:
		arith = funcs.Subtract
	case algebra.OpMultiply:
		arith = funcs.Multiply
	case algebra.OpDivide:
		arith = funcs.Divide
	default:
		return nil, fmt.Errorf("%w: binary operator %v", ErrUnsupported, x.Op)
	}
	return func(c *evalCtx) (rdf.Term, error) {
		a, err := bound(l, c)
		if err != nil {
			return a, err
		}
		b, err := bound(r, c)
		if err != nil {
			return b, err
		}
		if arith != nil {
			return arith(a, b)
		}
		v, err := cmp(a, b)
		if err != nil {
			return rdf.Term{}, err
		}
		return funcs.Boolean(v), nil
	}, nil
}

func (cp *compiler) compileCall(x *algebra.Call) (exprFn, error) {
	switch x.Name {
	case "BOUND":
		v, ok := x.Args[0].(algebra.Var)
		if !ok {
			return nil, fmt.Errorf("%w: BOUND of a non-variable", ErrUnsupported)
		}
		slot := cp.slot(v)
		return func(c *evalCtx) (rdf.Term, error) { return funcs.Boolean(c.r[slot].bound()), nil }, nil
	case "IF":
		args, err := cp.compileExprs(x.Args)
		if err != nil {
			return nil, err
		}
		if len(args) != 3 {
			return nil, fmt.Errorf("%w: IF takes 3 arguments", funcs.ErrArity)
		}
		return func(c *evalCtx) (rdf.Term, error) {
			return funcs.If(
				func() (rdf.Term, error) { return bound(args[0], c) },
				func() (rdf.Term, error) { return bound(args[1], c) },
				func() (rdf.Term, error) { return bound(args[2], c) })
		}, nil
	case "COALESCE":
		args, err := cp.compileExprs(x.Args)
		if err != nil {
			return nil, err
		}
		return func(c *evalCtx) (rdf.Term, error) {
			thunks := make([]funcs.Thunk, len(args))
			for i, a := range args {
				thunks[i] = func() (rdf.Term, error) { return a(c) }
			}
			return funcs.Coalesce(thunks)
		}, nil
	}
	args, err := cp.compileExprs(x.Args)
	if err != nil {
		return nil, err
	}
	b, ok := funcs.Lookup(x.Name)
	if !ok {
		name := x.Name
		return func(*evalCtx) (rdf.Term, error) {
			return rdf.Term{}, fmt.Errorf("%w: %s", funcs.ErrUnknownFunction, name)
		}, nil
	}
	return callBuiltin(b, args), nil
}

// callBuiltin evaluates the arguments (each failure is the call's failure;
// an unbound argument is passed as the zero Term for the builtin to judge)
// and calls b.
func callBuiltin(b *funcs.Builtin, args []exprFn) exprFn {
	return func(c *evalCtx) (rdf.Term, error) {
		var small [4]rdf.Term
		vals := small[:0]
		for _, a := range args {
			t, err := a(c)
			if err != nil {
				return rdf.Term{}, err
			}
			vals = append(vals, t)
		}
		t, err := b.Call(c.ex.fctx, c.scope, vals)
		if err != nil && errors.Is(err, funcs.ErrTooLarge) {
			// Not an expression error: the query stops.
			c.ex.fail(&MemoryError{Limit: c.ex.opts.MaxMemoryBytes, What: err.Error()})
		}
		return t, err
	}
}

// valueFn evaluates an expression to a value: variables and constants
// without decoding or dictionary lookups, anything else by its term.
type valueFn func(c *evalCtx) (value, error)

func (cp *compiler) compileValue(e algebra.Expr) (valueFn, error) {
	switch x := e.(type) {
	case algebra.Var:
		slot := cp.slot(x)
		return func(c *evalCtx) (value, error) { return c.r[slot], nil }, nil
	case algebra.Const:
		v := cp.ex.intern(x.Term)
		return func(*evalCtx) (value, error) { return v, nil }, nil
	}
	f, err := cp.compileExpr(e)
	if err != nil {
		return nil, err
	}
	return func(c *evalCtx) (value, error) {
		t, err := f(c)
		if err != nil || t.IsZero() {
			return value{}, err
		}
		return c.ex.intern(t), nil
	}, nil
}

// condition is a compiled conjunction of filter expressions.
type condition struct {
	exprs []exprFn
	c     evalCtx
	scope funcs.SolutionScope
}

func (cp *compiler) compileCondition(es []algebra.Expr) (*condition, error) {
	if len(es) == 0 {
		return nil, nil
	}
	fns, err := cp.compileExprs(es)
	if err != nil {
		return nil, err
	}
	return &condition{exprs: fns}, nil
}

// holds reports whether every expression has effective boolean value true
// for r; errors count as false (§17.2).
func (cd *condition) holds(ex *exec, g *activeGraph, r row) bool {
	cd.scope.Reset()
	cd.c = evalCtx{ex: ex, g: g, r: r, scope: &cd.scope}
	for _, f := range cd.exprs {
		b, err := ebv(f, &cd.c)
		if err != nil || !b {
			return false
		}
	}
	return true
}
