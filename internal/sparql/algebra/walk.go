package algebra

// Children returns the direct sub-patterns of p, left to right. Patterns
// inside expressions (EXISTS) are not included; see ExprPatterns.
func Children(p Pattern) []Pattern {
	switch p := p.(type) {
	case *Join:
		return []Pattern{p.Left, p.Right}
	case *LeftJoin:
		return []Pattern{p.Left, p.Right}
	case *Union:
		return []Pattern{p.Left, p.Right}
	case *Minus:
		return []Pattern{p.Left, p.Right}
	case *Filter:
		return []Pattern{p.Pattern}
	case *Graph:
		return []Pattern{p.Pattern}
	case *Extend:
		return []Pattern{p.Pattern}
	case *Group:
		return []Pattern{p.Pattern}
	case *OrderBy:
		return []Pattern{p.Pattern}
	case *Project:
		return []Pattern{p.Pattern}
	case *Distinct:
		return []Pattern{p.Pattern}
	case *Reduced:
		return []Pattern{p.Pattern}
	case *Slice:
		return []Pattern{p.Pattern}
	case *Service:
		return []Pattern{p.Pattern}
	}
	return nil
}

// Walk calls fn for p and, while fn returns true, for its sub-patterns in
// depth-first order, including the patterns of EXISTS expressions.
func Walk(p Pattern, fn func(Pattern) bool) {
	if p == nil || !fn(p) {
		return
	}
	for _, e := range patternExprs(p) {
		for _, sub := range ExprPatterns(e) {
			Walk(sub, fn)
		}
	}
	for _, c := range Children(p) {
		Walk(c, fn)
	}
}

// patternExprs returns the expressions held directly by p.
func patternExprs(p Pattern) []Expr {
	switch p := p.(type) {
	case *LeftJoin:
		return p.Exprs
	case *Filter:
		return p.Exprs
	case *Extend:
		return []Expr{p.Expr}
	case *Group:
		var es []Expr
		for _, k := range p.Keys {
			es = append(es, k.Expr)
		}
		for _, a := range p.Aggregates {
			es = append(es, a.Aggregate)
		}
		return es
	case *OrderBy:
		es := make([]Expr, len(p.Conditions))
		for i, c := range p.Conditions {
			es[i] = c.Expr
		}
		return es
	}
	return nil
}

// Rewrite rebuilds p bottom-up: the children of each pattern are rewritten
// first, then fn is called on the pattern with its new children and its
// result takes the pattern's place. Patterns inside EXISTS expressions are
// not visited. p itself is not modified; unchanged subtrees are shared.
func Rewrite(p Pattern, fn func(Pattern) Pattern) Pattern {
	if p == nil {
		return nil
	}
	switch x := p.(type) {
	case *Join:
		c := *x
		c.Left, c.Right = Rewrite(x.Left, fn), Rewrite(x.Right, fn)
		return fn(&c)
	case *LeftJoin:
		c := *x
		c.Left, c.Right = Rewrite(x.Left, fn), Rewrite(x.Right, fn)
		return fn(&c)
	case *Union:
		c := *x
		c.Left, c.Right = Rewrite(x.Left, fn), Rewrite(x.Right, fn)
		return fn(&c)
	case *Minus:
		c := *x
		c.Left, c.Right = Rewrite(x.Left, fn), Rewrite(x.Right, fn)
		return fn(&c)
	case *Filter:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Graph:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Extend:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Group:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *OrderBy:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Project:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Distinct:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Reduced:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Slice:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	case *Service:
		c := *x
		c.Pattern = Rewrite(x.Pattern, fn)
		return fn(&c)
	}
	return fn(p)
}

// Vars returns every variable that p mentions anywhere, hidden ones
// included: in triple and path patterns, graph and service names, tables,
// expressions, aggregates and EXISTS patterns. Each appears once, in the
// order Walk meets them. An evaluator can number them once per query and
// keep solutions as slices indexed by that number.
func Vars(p Pattern) []Var {
	seen := map[Var]bool{}
	var out []Var
	add := func(v Var) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	addExpr := func(e Expr) {
		WalkExpr(e, func(x Expr) bool {
			if v, ok := x.(Var); ok {
				add(v)
			}
			return true
		})
	}
	Walk(p, func(p Pattern) bool {
		switch x := p.(type) {
		case *BGP:
			for _, t := range x.Triples {
				add(t.S.Var)
				add(t.P.Var)
				add(t.O.Var)
			}
		case *Path:
			add(x.Subject.Var)
			add(x.Object.Var)
		case *Graph:
			add(x.Name.Var)
		case *Service:
			add(x.Name.Var)
		case *Extend:
			add(x.Var)
		case *Table:
			for _, v := range x.Vars {
				add(v)
			}
		case *Group:
			for _, k := range x.Keys {
				add(k.Var)
			}
			for _, a := range x.Aggregates {
				add(a.Var)
			}
		case *Project:
			for _, v := range x.Vars {
				add(v)
			}
		}
		for _, e := range patternExprs(p) {
			addExpr(e)
		}
		return true
	})
	return out
}
