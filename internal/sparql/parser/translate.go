package parser

import (
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// This file is §18.2 of SPARQL 1.1 Query: the translation of the syntax
// tree into the algebra, with the variable-scope rules of §18.2.1.

// translateGroup translates a GroupGraphPattern (§18.2.2.6). Filters apply
// to the whole group; OPTIONAL takes the filters of its own group into the
// LeftJoin; BIND extends the pattern built so far.
func (p *parser) translateGroup(g *group) algebra.Pattern {
	var filters []algebra.Expr
	var result algebra.Pattern = &algebra.BGP{}
	// scope holds the variables in scope in result, kept up to date
	// element by element so that the BIND check stays linear.
	scope := map[algebra.Var]bool{}
	addScope := func(a algebra.Pattern) {
		for _, v := range algebra.InScope(a) {
			scope[v] = true
		}
	}
	for _, e := range g.elems {
		switch e := e.(type) {
		case *filterElem:
			filters = append(filters, e.expr)
		case *optionalElem:
			a := p.translateGroup(e.g)
			addScope(a)
			// Only the OPTIONAL group's own filters become the LeftJoin's
			// condition; a filter of a nested group { ... } stays inside
			// it (W3C optional-filter-005-not-simplified).
			if f, ok := a.(*algebra.Filter); ok && hasFilter(e.g) {
				result = &algebra.LeftJoin{Left: result, Right: f.Pattern, Exprs: f.Exprs}
			} else {
				result = &algebra.LeftJoin{Left: result, Right: a}
			}
		case *minusElem:
			result = &algebra.Minus{Left: result, Right: p.translateGroup(e.g)}
		case *bindElem:
			if scope[e.v] {
				p.errorAt(e.pos, "BIND assigns "+e.v.String()+", which is already in scope")
			}
			scope[e.v] = true
			result = &algebra.Extend{Pattern: result, Var: e.v, Expr: e.expr}
		default:
			a := p.translateElement(e)
			addScope(a)
			result = join(result, a)
		}
	}
	if len(filters) > 0 {
		result = &algebra.Filter{Exprs: filters, Pattern: result}
	}
	return result
}

// hasFilter reports whether g has a FILTER of its own.
func hasFilter(g *group) bool {
	for _, e := range g.elems {
		if _, ok := e.(*filterElem); ok {
			return true
		}
	}
	return false
}

// isEmptyBGP reports whether a is the empty pattern Z.
func isEmptyBGP(a algebra.Pattern) bool {
	b, ok := a.(*algebra.BGP)
	return ok && len(b.Triples) == 0
}

// join returns Join(a, b), simplified as §18.2.2.8 says: Join(Z, A) and
// Join(A, Z) are A.
func join(a, b algebra.Pattern) algebra.Pattern {
	switch {
	case isEmptyBGP(a):
		return b
	case isEmptyBGP(b):
		return a
	}
	return &algebra.Join{Left: a, Right: b}
}

func (p *parser) translateElement(e element) algebra.Pattern {
	switch e := e.(type) {
	case *triplesElem:
		return p.translateTriples(e.triples)
	case *unionElem:
		result := p.translateGroup(e.groups[0])
		for _, g := range e.groups[1:] {
			result = &algebra.Union{Left: result, Right: p.translateGroup(g)}
		}
		return result
	case *graphElem:
		return &algebra.Graph{Name: e.name, Pattern: p.translateGroup(e.g)}
	case *serviceElem:
		return &algebra.Service{Name: e.name, Pattern: p.translateGroup(e.g), Silent: e.silent}
	case *valuesElem:
		return e.table
	case *subSelectElem:
		return e.pattern
	}
	panic("translateElement: unexpected element")
}

// translateTriples translates a block of triples (§18.2.2.4–5): property
// paths that reduce to triples become triples, adjacent triples form basic
// graph patterns, and the rest are Path patterns joined in order.
func (p *parser) translateTriples(ts []pathTriple) algebra.Pattern {
	var parts []algebra.Pattern // BGPs and Paths, in order
	emit := func(t algebra.TriplePattern) {
		bgp, ok := lastBGP(parts)
		if !ok {
			bgp = &algebra.BGP{}
			if len(parts) == 0 {
				// Most blocks are one BGP: size the first for all the triples.
				bgp.Triples = make([]algebra.TriplePattern, 0, len(ts))
			}
			parts = append(parts, bgp)
		}
		bgp.Triples = append(bgp.Triples, t)
	}
	var walk func(s algebra.TermOrVar, path algebra.PathExpr, o algebra.TermOrVar)
	walk = func(s algebra.TermOrVar, path algebra.PathExpr, o algebra.TermOrVar) {
		switch x := path.(type) {
		case algebra.PathLink:
			emit(algebra.TriplePattern{S: s, P: linkNode(x), O: o})
			return
		case *algebra.PathInverse:
			if link, ok := x.Path.(algebra.PathLink); ok {
				emit(algebra.TriplePattern{S: o, P: linkNode(link), O: s})
				return
			}
		case *algebra.PathSequence:
			v := algebra.VarNode(p.freshVar())
			walk(s, x.Left, v)
			walk(v, x.Right, o)
			return
		}
		parts = append(parts, &algebra.Path{Subject: s, Path: path, Object: o})
	}
	for _, t := range ts {
		if t.path == nil {
			emit(algebra.TriplePattern{S: t.s, P: t.p, O: t.o})
		} else {
			walk(t.s, t.path, t.o)
		}
	}
	var result algebra.Pattern = &algebra.BGP{}
	for _, part := range parts {
		result = join(result, part)
	}
	return result
}

func lastBGP(parts []algebra.Pattern) (*algebra.BGP, bool) {
	if len(parts) == 0 {
		return nil, false
	}
	b, ok := parts[len(parts)-1].(*algebra.BGP)
	return b, ok
}

// translateQueryLevel translates the parts of a query level around its
// WHERE pattern (§18.2.4–5): grouping and aggregates, HAVING, VALUES,
// SELECT expressions, ORDER BY, projection, DISTINCT/REDUCED and slicing.
// sel is nil for CONSTRUCT, ASK and DESCRIBE. It returns the pattern and
// the projected variables.
func (p *parser) translateQueryLevel(form algebra.QueryForm, sel *selectClause, where algebra.Pattern, m *modifiers) (algebra.Pattern, []algebra.Var) {
	result := where
	var items []selectItem
	if sel != nil {
		items = sel.items
	}

	hasAggregate := false
	check := func(e algebra.Expr) {
		algebra.WalkExpr(e, func(x algebra.Expr) bool {
			if _, ok := x.(*algebra.Aggregate); ok {
				hasAggregate = true
			}
			return !hasAggregate
		})
	}
	for _, it := range items {
		check(it.expr)
	}
	for _, e := range m.having {
		check(e)
	}
	for _, c := range m.orderBy {
		check(c.Expr)
	}

	grouped := len(m.groupBy) > 0 || hasAggregate
	if grouped {
		ag := &aggregator{index: map[string]algebra.Var{}, next: &p.aggregates}
		grp := &algebra.Group{Pattern: result}
		groupedVars := map[algebra.Var]bool{}
		for _, c := range m.groupBy {
			key := algebra.GroupKey{Expr: c.expr, Var: c.as}
			if v, ok := c.expr.(algebra.Var); ok && c.as == "" {
				key.Var = v
			}
			if key.Var != "" {
				groupedVars[key.Var] = true
			}
			grp.Keys = append(grp.Keys, key)
		}
		items = append([]selectItem(nil), items...)
		for i := range items {
			items[i].expr = ag.replace(items[i].expr)
		}
		having := make([]algebra.Expr, len(m.having))
		for i, e := range m.having {
			having[i] = ag.replace(e)
		}
		order := make([]algebra.OrderCondition, len(m.orderBy))
		for i, c := range m.orderBy {
			order[i] = algebra.OrderCondition{Expr: ag.replace(c.Expr), Descending: c.Descending}
		}
		m = &modifiers{groupBy: m.groupBy, having: having, orderBy: order, offset: m.offset, limit: m.limit, values: m.values}
		grp.Aggregates = ag.bindings
		result = grp

		if sel != nil && sel.star {
			p.errorAt(sel.pos, "SELECT * is not allowed in a query with GROUP BY or aggregates")
		}
		for _, it := range items {
			if it.expr == nil {
				if !groupedVars[it.v] {
					p.errorAt(it.pos, "variable "+it.v.String()+" is neither grouped nor aggregated")
				}
				continue
			}
			for _, v := range algebra.ExprVars(it.expr) {
				if !v.Hidden() && !groupedVars[v] {
					p.errorAt(it.pos, "expression for "+it.v.String()+" uses "+v.String()+", which is neither grouped nor aggregated")
				}
			}
			groupedVars[it.v] = true
		}
	}

	if len(m.having) > 0 {
		result = &algebra.Filter{Exprs: m.having, Pattern: result}
	}
	if m.values != nil {
		result = join(result, m.values)
	}

	var vars []algebra.Var
	if sel != nil {
		inScope := map[algebra.Var]bool{}
		for _, v := range algebra.InScope(result) {
			inScope[v] = true
		}
		projected := map[algebra.Var]bool{}
		for _, it := range items {
			if it.expr != nil {
				if inScope[it.v] || projected[it.v] {
					p.errorAt(it.pos, "SELECT expression assigns "+it.v.String()+", which is already in scope")
				}
				result = &algebra.Extend{Pattern: result, Var: it.v, Expr: it.expr}
				inScope[it.v] = true
			}
			if !projected[it.v] {
				projected[it.v] = true
				vars = append(vars, it.v)
			}
		}
	}

	if len(m.orderBy) > 0 {
		result = &algebra.OrderBy{Pattern: result, Conditions: m.orderBy}
	}
	if form == algebra.FormSelect {
		if sel.star {
			vars = algebra.VisibleVars(result)
		}
		result = &algebra.Project{Pattern: result, Vars: vars}
		switch {
		case sel.distinct:
			result = &algebra.Distinct{Pattern: result}
		case sel.reduced:
			result = &algebra.Reduced{Pattern: result}
		}
	}
	if m.offset > 0 || m.limit >= 0 {
		result = &algebra.Slice{Pattern: result, Offset: m.offset, Limit: m.limit}
	}
	return result, vars
}

// aggregator replaces the aggregates of a query level by hidden variables
// and collects them, sharing one variable between equal aggregates. The
// numbering runs over the whole query, so that the aggregate variables of
// a sub-query and of the outer query differ.
type aggregator struct {
	index    map[string]algebra.Var
	bindings []algebra.AggregateBinding
	next     *int
}

func (a *aggregator) replace(e algebra.Expr) algebra.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *algebra.Aggregate:
		key := x.String()
		if v, ok := a.index[key]; ok {
			return v
		}
		v := algebra.Var("." + strconv.Itoa(*a.next))
		*a.next++
		a.index[key] = v
		a.bindings = append(a.bindings, algebra.AggregateBinding{Var: v, Aggregate: x})
		return v
	case *algebra.Binary:
		return &algebra.Binary{Op: x.Op, Left: a.replace(x.Left), Right: a.replace(x.Right)}
	case *algebra.Unary:
		return &algebra.Unary{Op: x.Op, Arg: a.replace(x.Arg)}
	case *algebra.In:
		return &algebra.In{Expr: a.replace(x.Expr), List: a.replaceAll(x.List), Not: x.Not}
	case *algebra.Call:
		return &algebra.Call{Name: x.Name, Args: a.replaceAll(x.Args)}
	case *algebra.FuncCall:
		return &algebra.FuncCall{IRI: x.IRI, Args: a.replaceAll(x.Args), Distinct: x.Distinct}
	}
	return e
}

func (a *aggregator) replaceAll(es []algebra.Expr) []algebra.Expr {
	if es == nil {
		return nil
	}
	out := make([]algebra.Expr, len(es))
	for i, e := range es {
		out[i] = a.replace(e)
	}
	return out
}

func linkNode(l algebra.PathLink) algebra.TermOrVar {
	return algebra.TermNode(rdf.IRI(l.IRI))
}
