package eval

import (
	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// compiler turns a plan into operators: variables become slots, constants
// store ids, expressions closures.
type compiler struct {
	ex *exec
	// orderLimits holds the number of solutions an ORDER BY under a LIMIT
	// must keep.
	orderLimits map[*optimizer.OrderBy]int64
}

// slot returns the slot of v, adding one if v is new.
func (cp *compiler) slot(v algebra.Var) int {
	if s, ok := cp.ex.slots[v]; ok {
		return s
	}
	s := cp.ex.nslots
	cp.ex.slots[v] = s
	cp.ex.nslots++
	return s
}

func (cp *compiler) slots(vs []algebra.Var) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = cp.slot(v)
	}
	return out
}

func (cp *compiler) setSlots(s optimizer.VarSet) []int {
	return cp.slots(s.Sorted())
}

// position resolves a constant or variable of a triple pattern.
func (cp *compiler) position(n algebra.TermOrVar) position {
	if n.IsVar() {
		return position{slot: cp.slot(n.Var)}
	}
	id, ok := cp.ex.r.TermID(n.Term)
	return position{slot: -1, id: id, missing: !ok}
}

// existsOp returns the compiled plan of an EXISTS pattern, compiled in
// substitution mode: the solution it is evaluated for is pushed into the
// pattern everywhere (§18.6, substitute).
func (cp *compiler) existsOp(e *algebra.Exists) (operator, error) {
	if op, ok := cp.ex.exists[e]; ok {
		return op, nil
	}
	n, ok := cp.ex.plan.Exists[e]
	if !ok {
		return nil, fmt.Errorf("%w: EXISTS pattern without a plan", ErrUnsupported)
	}
	op, err := cp.node(n, true)
	if err != nil {
		return nil, err
	}
	cp.ex.exists[e] = op
	return op, nil
}

// node compiles n. In substitution mode (EXISTS patterns) every binding of
// the input is visible everywhere; otherwise operators whose result depends
// on a variable being unbound get only the bindings that cannot change it.
func (cp *compiler) node(n optimizer.Node, subst bool) (operator, error) {
	op, blocked, err := cp.build(n, subst)
	if err != nil {
		return nil, err
	}
	if cp.ex.profile != nil {
		prof := &OpProfile{}
		cp.ex.profile[n] = prof
		op = &countOp{input: op, prof: prof}
	}
	op = &guardOp{input: op}
	if subst || len(blocked) == 0 {
		return op, nil
	}
	return &restrictOp{input: op, blocked: blocked}, nil
}

// pair compiles the two operands of a binary operator.
func (cp *compiler) pair(left, right optimizer.Node, subst bool) (l, r operator, err error) {
	if l, err = cp.node(left, subst); err != nil {
		return nil, nil, err
	}
	if r, err = cp.node(right, subst); err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

// allSlots is the blocked set of operators that must see no outer binding.
func (cp *compiler) allSlots(n optimizer.Node) []int {
	return cp.setSlots(n.Properties().Possible.Union(mentionedBelow(n)))
}

// mentionedBelow collects the variables used anywhere under n.
func mentionedBelow(n optimizer.Node) optimizer.VarSet {
	s := optimizer.VarSet{}
	var walk func(optimizer.Node)
	walk = func(n optimizer.Node) {
		switch n.(type) {
		case *optimizer.Join, *optimizer.Filter:
			// Their variables are their inputs'.
		default:
			for v := range n.Properties().Possible {
				s.Add(v)
			}
		}
		for v := range optimizer.MentionedVarsAll(optimizer.NodeExprs(n)) {
			s.Add(v)
		}
		for _, c := range optimizer.Children(n) {
			walk(c)
		}
	}
	walk(n)
	return s
}

func (cp *compiler) build(n optimizer.Node, subst bool) (operator, []int, error) {
	switch x := n.(type) {
	case *optimizer.Scan:
		op := &scanOp{s: cp.position(x.S), p: cp.position(x.P), o: cp.position(x.O), graph: x.Graph.Kind, gslot: -1}
		if x.Graph.Kind == optimizer.GraphVar {
			op.gslot = cp.slot(x.Graph.Var)
		}
		return op, nil, nil
	case *optimizer.PathScan:
		return cp.pathScan(x)
	case *optimizer.Join:
		l, r, err := cp.pair(x.Left, x.Right, subst)
		if err != nil {
			return nil, nil, err
		}
		if x.Algorithm == optimizer.HashJoin {
			return &hashJoinOp{left: l, right: r, keys: cp.slots(x.Keys)}, nil, nil
		}
		return &bindJoinOp{left: l, right: r}, nil, nil
	case *optimizer.LeftJoin:
		l, r, err := cp.pair(x.Left, x.Right, subst)
		if err != nil {
			return nil, nil, err
		}
		cond, err := cp.compileCondition(x.Exprs)
		if err != nil {
			return nil, nil, err
		}
		lc := x.Left.Properties().Certain
		blocked := cp.setSlots(x.Right.Properties().Possible.Union(optimizer.MentionedVarsAll(x.Exprs)).Minus(lc))
		if x.Algorithm == optimizer.HashJoin {
			return &hashLeftJoinOp{left: l, right: r, keys: cp.slots(x.Keys), cond: cond}, blocked, nil
		}
		return &leftJoinOp{left: l, right: r, cond: cond}, blocked, nil
	case *optimizer.Filter:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		cond, err := cp.compileCondition(x.Exprs)
		if err != nil {
			return nil, nil, err
		}
		blocked := cp.setSlots(optimizer.MentionedVarsAll(x.Exprs).Minus(x.Input.Properties().Certain))
		return &filterOp{input: in, cond: cond}, blocked, nil
	case *optimizer.Union:
		l, r, err := cp.pair(x.Left, x.Right, subst)
		if err != nil {
			return nil, nil, err
		}
		return &unionOp{left: l, right: r}, nil, nil
	case *optimizer.Minus:
		l, r, err := cp.pair(x.Left, x.Right, subst)
		if err != nil {
			return nil, nil, err
		}
		blocked := cp.setSlots(x.Right.Properties().Possible.Minus(x.Left.Properties().Certain))
		if x.Algorithm == optimizer.NestedLoop {
			return &probeMinusOp{left: l, right: r}, blocked, nil
		}
		return &hashMinusOp{left: l, right: r, keys: cp.slots(x.Keys)}, blocked, nil
	case *optimizer.GraphLoop:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		op := &graphLoopOp{input: in, slot: -1}
		if x.Name.IsVar() {
			op.slot = cp.slot(x.Name.Var)
		} else {
			op.name = x.Name.Term
		}
		return op, nil, nil
	case *optimizer.Extend:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		op := &extendOp{input: in}
		certain := x.Input.Properties().Certain.Clone()
		blockedVars := optimizer.VarSet{}
		for _, b := range x.Bindings {
			f, err := cp.compileValue(b.Expr)
			if err != nil {
				return nil, nil, err
			}
			op.slots = append(op.slots, cp.slot(b.Var))
			op.exprs = append(op.exprs, f)
			for v := range optimizer.MentionedVars(b.Expr).Minus(certain) {
				blockedVars.Add(v)
			}
			blockedVars.Add(b.Var)
			certain.Add(b.Var)
		}
		return op, cp.setSlots(blockedVars), nil
	case *optimizer.Values:
		op := &valuesOp{}
		slots := cp.slots(x.Vars)
		for _, r := range x.Rows {
			vr := cp.ex.newRow()
			for i, t := range r {
				if !t.IsZero() {
					vr[slots[i]] = cp.ex.intern(t)
				}
			}
			op.rows = append(op.rows, vr)
		}
		return op, nil, nil
	case *optimizer.Group:
		return cp.group(x, subst)
	case *optimizer.OrderBy:
		limit, ok := cp.orderLimits[x]
		if !ok {
			limit = -1
		}
		return cp.orderBy(x, limit, subst)
	case *optimizer.Project:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		return &projectOp{input: in, slots: cp.slots(x.Vars)}, nil, nil
	case *optimizer.Distinct:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		p := x.Input.Properties()
		return &distinctOp{input: in}, cp.setSlots(p.Possible.Minus(p.Certain)), nil
	case *optimizer.Reduced:
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		p := x.Input.Properties()
		return &reducedOp{input: in}, cp.setSlots(p.Possible.Minus(p.Certain)), nil
	case *optimizer.Slice:
		if ob := orderUnder(x.Input); ob != nil && x.Limit >= 0 {
			// ORDER BY under LIMIT keeps only offset+limit solutions.
			cp.orderLimits[ob] = x.Offset + x.Limit
		}
		in, err := cp.node(x.Input, subst)
		if err != nil {
			return nil, nil, err
		}
		return &sliceOp{input: in, offset: x.Offset, limit: x.Limit}, cp.allSlots(x), nil
	case *optimizer.Service:
		return cp.service(x)
	}
	return nil, nil, fmt.Errorf("%w: plan node %T", ErrUnsupported, n)
}

// orderUnder returns the ORDER BY right under n (through projections,
// which keep the number of solutions), or nil.
func orderUnder(n optimizer.Node) *optimizer.OrderBy {
	for {
		switch x := n.(type) {
		case *optimizer.Project:
			n = x.Input
		case *optimizer.OrderBy:
			return x
		default:
			return nil
		}
	}
}

func (cp *compiler) orderBy(x *optimizer.OrderBy, limit int64, subst bool) (operator, []int, error) {
	in, err := cp.node(x.Input, subst)
	if err != nil {
		return nil, nil, err
	}
	op := &orderOp{input: in, limit: limit}
	for _, c := range x.Conditions {
		f, err := cp.compileExpr(c.Expr)
		if err != nil {
			return nil, nil, err
		}
		op.keys = append(op.keys, f)
		op.desc = append(op.desc, c.Descending)
	}
	return op, nil, nil
}

func (cp *compiler) group(x *optimizer.Group, subst bool) (operator, []int, error) {
	in, err := cp.node(x.Input, subst)
	if err != nil {
		return nil, nil, err
	}
	op := &groupOp{input: in, implicit: len(x.Keys) == 0}
	for _, k := range x.Keys {
		f, err := cp.compileValue(k.Expr)
		if err != nil {
			return nil, nil, err
		}
		op.keys = append(op.keys, f)
		s := -1
		if k.Var != "" {
			s = cp.slot(k.Var)
		}
		op.keySlots = append(op.keySlots, s)
	}
	for _, a := range x.Aggregates {
		agg := a.Aggregate
		if agg.Func == algebra.AggCustom {
			return nil, nil, fmt.Errorf("%w: aggregate <%s>", ErrUnsupported, agg.IRI)
		}
		spec := aggregateSpec{fn: agg.Func, distinct: agg.Distinct, sep: agg.Separator, slot: cp.slot(a.Var), countSlot: -1}
		if v, ok := agg.Expr.(algebra.Var); ok && agg.Func == algebra.AggCount {
			// COUNT(?v) needs only whether ?v is bound (and, with
			// DISTINCT, its id): nothing to decode.
			spec.countSlot = cp.slot(v)
		} else if agg.Expr != nil {
			if spec.expr, err = cp.compileExpr(agg.Expr); err != nil {
				return nil, nil, err
			}
		}
		op.aggs = append(op.aggs, spec)
	}
	return op, cp.allSlots(x), nil
}

func (cp *compiler) pathScan(x *optimizer.PathScan) (operator, []int, error) {
	p, err := cp.path(x.Path)
	if err != nil {
		return nil, nil, err
	}
	op := &pathOp{path: p, subjSlot: -1, objSlot: -1, zeroLength: canBeZero(p)}
	if x.Subject.IsVar() {
		op.subjSlot = cp.slot(x.Subject.Var)
	} else {
		op.subj = cp.ex.intern(x.Subject.Term)
	}
	if x.Object.IsVar() {
		op.objSlot = cp.slot(x.Object.Var)
	} else {
		op.obj = cp.ex.intern(x.Object.Term)
	}
	return op, nil, nil
}

func (cp *compiler) path(p algebra.PathExpr) (pathNode, error) {
	one := func(q algebra.PathExpr) (pathNode, error) { return cp.path(q) }
	two := func(a, b algebra.PathExpr) (pathNode, pathNode, error) {
		l, err := cp.path(a)
		if err != nil {
			return nil, nil, err
		}
		r, err := cp.path(b)
		return l, r, err
	}
	switch x := p.(type) {
	case algebra.PathLink:
		id, ok := cp.ex.r.TermID(rdf.IRI(x.IRI))
		return pathLink{id: id, missing: !ok}, nil
	case *algebra.PathInverse:
		q, err := one(x.Path)
		return pathInverse{q}, err
	case *algebra.PathSequence:
		l, r, err := two(x.Left, x.Right)
		return pathSeq{l, r}, err
	case *algebra.PathAlternative:
		l, r, err := two(x.Left, x.Right)
		return pathAlt{l, r}, err
	case *algebra.PathZeroOrMore:
		q, err := one(x.Path)
		return pathZeroOrMore{q}, err
	case *algebra.PathOneOrMore:
		q, err := one(x.Path)
		return pathOneOrMore{q}, err
	case *algebra.PathZeroOrOne:
		q, err := one(x.Path)
		return pathZeroOrOne{q}, err
	case *algebra.PathNegated:
		n := pathNegated{
			forward: map[store.ID]struct{}{}, inverse: map[store.ID]struct{}{},
			hasForward: len(x.Forward) > 0, hasInverse: len(x.Inverse) > 0,
		}
		for _, iri := range x.Forward {
			if id, ok := cp.ex.r.TermID(rdf.IRI(iri)); ok {
				n.forward[id] = struct{}{}
			}
		}
		for _, iri := range x.Inverse {
			if id, ok := cp.ex.r.TermID(rdf.IRI(iri)); ok {
				n.inverse[id] = struct{}{}
			}
		}
		return n, nil
	}
	return nil, fmt.Errorf("%w: path %T", ErrUnsupported, p)
}
