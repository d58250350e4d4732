package optimizer

import "github.com/skillsmap/skillsmap/internal/sparql/algebra"

// PushFilters moves filter conditions as deep into p as the SPARQL
// semantics allow, so that they reject solutions before the joins above
// them multiply the work:
//
//   - into both branches of a UNION;
//   - below a BIND whose variable the condition does not mention;
//   - into the left side of OPTIONAL and MINUS when every variable the
//     condition mentions (EXISTS patterns included) that the pattern can
//     bind is certainly bound by the left side;
//   - into GRAPH when the condition has no EXISTS (whose pattern would
//     otherwise be matched in another graph) and does not mention the graph
//     variable;
//   - the conditions of an OPTIONAL that only read variables the optional
//     side certainly binds become a filter of the optional side.
//
// Conjunctions are split first (FILTER(a && b) is FILTER(a) FILTER(b):
// a filter rejects a solution on false and on error alike), so that each
// part moves as far as its own variables allow.
//
// Conditions over a join stay above it: the plan builder places each at
// the earliest point of the join order where its variables are bound.
// Patterns inside EXISTS are not visited here; they are optimized with
// their own plan.
func PushFilters(p algebra.Pattern) algebra.Pattern {
	return algebra.Rewrite(p, func(p algebra.Pattern) algebra.Pattern {
		switch x := p.(type) {
		case *algebra.Filter:
			return pushInto(SplitConjunctions(x.Exprs), x.Pattern)
		case *algebra.LeftJoin:
			c := *x
			c.Exprs = SplitConjunctions(x.Exprs)
			return pushIntoOptional(&c)
		}
		return p
	})
}

// pushInto returns Filter(exprs, p) with as many of exprs as possible
// moved below the top of p.
func pushInto(exprs []algebra.Expr, p algebra.Pattern) algebra.Pattern {
	if len(exprs) == 0 {
		return p
	}
	switch x := p.(type) {
	case *algebra.Filter:
		merged := append(append([]algebra.Expr(nil), x.Exprs...), exprs...)
		return &algebra.Filter{Exprs: merged, Pattern: x.Pattern}
	case *algebra.Union:
		return &algebra.Union{Left: pushInto(exprs, x.Left), Right: pushInto(exprs, x.Right)}
	case *algebra.Extend:
		var down, keep []algebra.Expr
		for _, e := range exprs {
			if MentionedVars(e).Has(x.Var) {
				keep = append(keep, e)
			} else {
				down = append(down, e)
			}
		}
		if len(down) == 0 {
			return &algebra.Filter{Exprs: exprs, Pattern: p}
		}
		c := *x
		c.Pattern = pushInto(down, x.Pattern)
		return wrapFilter(keep, &c)
	case *algebra.LeftJoin:
		down, keep := splitByCertain(exprs, PossibleVars(p), CertainVars(x.Left))
		if len(down) == 0 {
			return &algebra.Filter{Exprs: exprs, Pattern: p}
		}
		c := *x
		c.Left = pushInto(down, x.Left)
		return wrapFilter(keep, &c)
	case *algebra.Minus:
		down, keep := splitByCertain(exprs, PossibleVars(p), CertainVars(x.Left))
		if len(down) == 0 {
			return &algebra.Filter{Exprs: exprs, Pattern: p}
		}
		c := *x
		c.Left = pushInto(down, x.Left)
		return wrapFilter(keep, &c)
	case *algebra.Graph:
		var down, keep []algebra.Expr
		for _, e := range exprs {
			if HasExists(e) || (x.Name.IsVar() && MentionedVars(e).Has(x.Name.Var)) {
				keep = append(keep, e)
			} else {
				down = append(down, e)
			}
		}
		if len(down) == 0 {
			return &algebra.Filter{Exprs: exprs, Pattern: p}
		}
		c := *x
		c.Pattern = pushInto(down, x.Pattern)
		return wrapFilter(keep, &c)
	}
	return &algebra.Filter{Exprs: exprs, Pattern: p}
}

// pushIntoOptional turns the conditions of an OPTIONAL that depend only on
// variables its right side certainly binds into a filter of that side:
// such a condition has the same value on the right solution alone as on its
// merge with a left one.
func pushIntoOptional(x *algebra.LeftJoin) algebra.Pattern {
	if len(x.Exprs) == 0 {
		return x
	}
	down, keep := splitByCertain(x.Exprs, PossibleVars(x).Union(PossibleVars(x.Right)), CertainVars(x.Right))
	if len(down) == 0 {
		return x
	}
	c := *x
	c.Right = pushInto(down, x.Right)
	c.Exprs = keep
	return &c
}

// splitByCertain returns the expressions all of whose mentioned variables
// that are in possible are in certain (down), and the others (keep).
func splitByCertain(exprs []algebra.Expr, possible, certain VarSet) (down, keep []algebra.Expr) {
	for _, e := range exprs {
		if MentionedVars(e).Intersect(possible).SubsetOf(certain) {
			down = append(down, e)
		} else {
			keep = append(keep, e)
		}
	}
	return down, keep
}

func wrapFilter(exprs []algebra.Expr, p algebra.Pattern) algebra.Pattern {
	if len(exprs) == 0 {
		return p
	}
	return &algebra.Filter{Exprs: exprs, Pattern: p}
}

// SplitConjunctions returns the conjunction es with every top-level &&
// split into its operands.
func SplitConjunctions(es []algebra.Expr) []algebra.Expr {
	var out []algebra.Expr
	var split func(e algebra.Expr)
	split = func(e algebra.Expr) {
		if b, ok := e.(*algebra.Binary); ok && b.Op == algebra.OpAnd {
			split(b.Left)
			split(b.Right)
			return
		}
		out = append(out, e)
	}
	for _, e := range es {
		split(e)
	}
	return out
}
