package optimizer

import (
	"math"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Options configure Optimize.
type Options struct {
	// Stats gives pattern cardinalities; nil plans by rules of thumb alone.
	Stats Estimator
	// Dataset is the dataset the plan will run against (it decides which
	// graphs the estimates count).
	Dataset Dataset
	// FirstRows says that only the first solutions will be read (ASK):
	// joins then avoid algorithms that must read a whole side first.
	FirstRows bool
}

// Optimize turns the algebra of a query's pattern (or an update's WHERE
// clause) into a physical plan: constants folded (FoldConstants), filters
// pushed down (PushFilters), the triple patterns of each group joined in
// an order chosen from the store's statistics, each filter placed where its
// variables are bound, and a join algorithm chosen for every join. The plan
// of every EXISTS pattern is made too.
func Optimize(p algebra.Pattern, opts Options) *Plan {
	b := &builder{opts: opts, exists: map[*algebra.Exists]Node{}, firstRows: opts.FirstRows,
		estimates: map[estKey]float64{}, predStats: map[rdf.Term]store.PredicateStats{}, stars: map[[2]rdf.Term]float64{}}
	p = PushFilters(FoldConstants(p))
	root := b.build(p, graphCtx{}, VarSet{})
	return &Plan{Root: root, Exists: b.exists}
}

type builder struct {
	opts   Options
	exists map[*algebra.Exists]Node
	// firstRows is set while building a pattern of which only the first
	// solutions are needed (under LIMIT, in ASK and EXISTS).
	firstRows bool
	estimates map[estKey]float64
	predStats map[rdf.Term]store.PredicateStats
	stars     map[[2]rdf.Term]float64 // pairFanout's, -1 when the sets cannot say
}

// graphCtx is where the patterns being built are matched.
type graphCtx struct {
	ref GraphRef
	est estGraph
}

// build returns the plan of p. bound are variables that already have values
// when the plan runs (from an enclosing EXISTS or join); they only guide
// the join order.
func (b *builder) build(p algebra.Pattern, gc graphCtx, bound VarSet) Node {
	switch x := p.(type) {
	case *algebra.BGP:
		if len(x.Triples) == 0 {
			return unitValues()
		}
		return b.orderJoin(b.joinOperands(x, gc, bound), nil, gc, bound)
	case *algebra.Path:
		return b.pathNode(x, gc)
	case *algebra.Join:
		return b.orderJoin(b.joinOperands(x, gc, bound), nil, gc, bound)
	case *algebra.Filter:
		for _, e := range x.Exprs {
			if c, ok := e.(algebra.Const); ok {
				if v, err := funcs.EBV(c.Term); err != nil || !v {
					return emptyValues(PossibleVars(x))
				}
			}
		}
		switch x.Pattern.(type) {
		case *algebra.Join, *algebra.BGP:
			return b.orderJoin(b.joinOperands(x.Pattern, gc, bound), x.Exprs, gc, bound)
		}
		in := b.build(x.Pattern, gc, bound)
		return b.filter(in, x.Exprs, gc, bound)
	case *algebra.LeftJoin:
		return b.leftJoin(x, gc, bound)
	case *algebra.Union:
		l, r := b.build(x.Left, gc, bound), b.build(x.Right, gc, bound)
		return &Union{Left: l, Right: r, Props: Props{
			Certain:  l.Properties().Certain.Intersect(r.Properties().Certain),
			Possible: l.Properties().Possible.Union(r.Properties().Possible),
			Estimate: l.Properties().Estimate + r.Properties().Estimate,
		}}
	case *algebra.Minus:
		return b.minus(x, gc, bound)
	case *algebra.Graph:
		return b.graph(x, gc, bound)
	case *algebra.Extend:
		return b.extend(x, gc, bound)
	case *algebra.Table:
		return tableValues(x)
	case *algebra.Group:
		in := b.build(x.Pattern, gc, bound)
		b.planExprs(groupExprs(x), in.Properties().Certain, gc)
		info := Props{Certain: VarSet{}, Possible: VarSet{}, Estimate: math.Max(1, in.Properties().Estimate/10)}
		if len(x.Keys) == 0 {
			info.Estimate = 1
		}
		for _, k := range x.Keys {
			info.Possible.Add(k.Var)
			if kv, ok := k.Expr.(algebra.Var); ok && in.Properties().Certain.Has(kv) {
				info.Certain.Add(k.Var)
			}
		}
		for _, a := range x.Aggregates {
			info.Possible.Add(a.Var)
			if a.Aggregate.Func == algebra.AggCount {
				info.Certain.Add(a.Var)
			}
		}
		return &Group{Input: in, Keys: x.Keys, Aggregates: x.Aggregates, Props: info}
	case *algebra.OrderBy:
		in := b.build(x.Pattern, gc, bound)
		exprs := make([]algebra.Expr, len(x.Conditions))
		for i, c := range x.Conditions {
			exprs[i] = c.Expr
		}
		b.planExprs(exprs, in.Properties().Certain, gc)
		return &OrderBy{Input: in, Conditions: x.Conditions, Props: *inheritProps(in)}
	case *algebra.Project:
		in := b.build(x.Pattern, gc, bound)
		vs := NewVarSet(x.Vars...)
		return &Project{Input: in, Vars: x.Vars, Props: Props{
			Certain:  in.Properties().Certain.Intersect(vs),
			Possible: in.Properties().Possible.Intersect(vs),
			Estimate: in.Properties().Estimate,
		}}
	case *algebra.Distinct:
		in := b.build(x.Pattern, gc, bound)
		return &Distinct{Input: in, Props: *inheritProps(in)}
	case *algebra.Reduced:
		in := b.build(x.Pattern, gc, bound)
		return &Reduced{Input: in, Props: *inheritProps(in)}
	case *algebra.Slice:
		saved := b.firstRows
		if x.Limit >= 0 && streamsToTop(x.Pattern) {
			b.firstRows = true
		}
		in := b.build(x.Pattern, gc, bound)
		b.firstRows = saved
		info := *inheritProps(in)
		if x.Limit >= 0 {
			info.Estimate = math.Min(info.Estimate, float64(x.Limit))
		}
		return &Slice{Input: in, Offset: x.Offset, Limit: x.Limit, Props: info}
	case *algebra.Service:
		info := Props{Certain: VarSet{}, Possible: PossibleVars(x), Estimate: 1000}
		if !x.Silent {
			info.Certain = CertainVars(x.Pattern)
		}
		return &Service{Name: x.Name, Pattern: x.Pattern, Silent: x.Silent, Props: info}
	}
	return emptyValues(VarSet{})
}

// streamsToTop reports whether the first solutions of p come from the
// first solutions of its pattern: no sort, group or duplicate removal on
// the way.
func streamsToTop(p algebra.Pattern) bool {
	for {
		switch x := p.(type) {
		case *algebra.Project:
			p = x.Pattern
		case *algebra.Extend:
			p = x.Pattern
		case *algebra.Reduced:
			p = x.Pattern
		case *algebra.OrderBy, *algebra.Group, *algebra.Distinct:
			return false
		default:
			return true
		}
	}
}

func inheritProps(n Node) *Props {
	i := *n.Properties()
	return &i
}

func groupExprs(g *algebra.Group) []algebra.Expr {
	var out []algebra.Expr
	for _, k := range g.Keys {
		out = append(out, k.Expr)
	}
	for _, a := range g.Aggregates {
		out = append(out, a.Aggregate)
	}
	return out
}

// unitValues is the single empty solution.
func unitValues() *Values {
	return &Values{Rows: [][]rdf.Term{{}}, Props: Props{Certain: VarSet{}, Possible: VarSet{}, Estimate: 1}}
}

// emptyValues has no solution.
func emptyValues(possible VarSet) *Values {
	return &Values{Props: Props{Certain: possible, Possible: possible, Estimate: 0}}
}

func tableValues(t *algebra.Table) *Values {
	info := Props{Certain: CertainVars(t), Possible: NewVarSet(t.Vars...), Estimate: float64(len(t.Rows))}
	return &Values{Vars: t.Vars, Rows: t.Rows, Props: info}
}

// joinOperands flattens nested joins and the triple patterns of BGPs into
// the operands of one join.
func (b *builder) joinOperands(p algebra.Pattern, gc graphCtx, bound VarSet) []Node {
	var ops []Node
	var walk func(p algebra.Pattern)
	walk = func(p algebra.Pattern) {
		switch x := p.(type) {
		case *algebra.Join:
			walk(x.Left)
			walk(x.Right)
		case *algebra.BGP:
			if len(x.Triples) == 0 {
				return // the unit solution is the identity of joins
			}
			for _, t := range x.Triples {
				ops = append(ops, b.scanNode(t, gc))
			}
		default:
			ops = append(ops, b.build(p, gc, bound))
		}
	}
	walk(p)
	if len(ops) == 0 {
		ops = append(ops, unitValues())
	}
	return ops
}

func (b *builder) scanNode(t algebra.TriplePattern, gc graphCtx) *Scan {
	sc := &Scan{S: t.S, P: t.P, O: t.O, Graph: gc.ref}
	vs := NewVarSet(t.Vars(nil)...)
	if gc.ref.Kind == GraphVar {
		vs.Add(gc.ref.Var)
	}
	sc.Props = Props{Certain: vs, Possible: vs.Clone()}
	sc.Estimate = b.scanCost(sc, VarSet{}, gc.est)
	return sc
}

func (b *builder) pathNode(x *algebra.Path, gc graphCtx) Node {
	// The translation already turned p, ^p and p/q into triple patterns;
	// a lone link can still come from a rewrite.
	switch p := x.Path.(type) {
	case algebra.PathLink:
		return b.scanNode(algebra.TriplePattern{S: x.Subject, P: algebra.TermNode(rdf.IRI(p.IRI)), O: x.Object}, gc)
	case *algebra.PathInverse:
		if l, ok := p.Path.(algebra.PathLink); ok {
			return b.scanNode(algebra.TriplePattern{S: x.Object, P: algebra.TermNode(rdf.IRI(l.IRI)), O: x.Subject}, gc)
		}
	}
	ps := &PathScan{Subject: x.Subject, Path: x.Path, Object: x.Object, Graph: gc.ref}
	vs := NewVarSet(x.Subject.Var, x.Object.Var)
	if gc.ref.Kind == GraphVar {
		vs.Add(gc.ref.Var)
	}
	ps.Props = Props{Certain: vs, Possible: vs.Clone()}
	ps.Estimate = b.pathCost(ps, VarSet{}, gc.est)
	return ps
}

// cost is the estimated number of solutions of n per evaluation when the
// variables of bound have values.
func (b *builder) cost(n Node, bound VarSet, gc graphCtx) float64 {
	return b.costInStar(n, bound, gc, nil)
}

// costInStar is cost for an operand joined after scans of its subject
// variable with the constant predicates star (see starScanCost).
func (b *builder) costInStar(n Node, bound VarSet, gc graphCtx, star []rdf.Term) float64 {
	switch x := n.(type) {
	case *Scan:
		if len(star) > 0 {
			if m, ok := b.starMultiplier(x, bound, gc.est); ok {
				if per, ok := b.starFanout(x.P.Term, star); ok {
					return math.Max(per*m, minEstimate)
				}
			}
		}
		return b.scanCost(x, bound, gc.est)
	case *PathScan:
		return b.pathCost(x, bound, gc.est)
	}
	est := n.Properties().Estimate
	if probeFriendly(n) && n.Properties().Certain.Intersects(bound) {
		est = math.Max(1, est/100)
	}
	return est
}

// starMember returns the subject variable and predicate of a scan with a
// constant predicate and a variable object: such scans of one subject
// variable form a star. A scan with a constant object is no member: it
// picks subjects by their object (rdf:type with a class picks one kind of
// subject), which the characteristic sets do not see.
func starMember(n Node) (algebra.Var, rdf.Term, bool) {
	sc, ok := n.(*Scan)
	if !ok || !sc.S.IsVar() || sc.P.IsVar() || !sc.O.IsVar() {
		return "", rdf.Term{}, false
	}
	return sc.S.Var, sc.P.Term, true
}

// starOf returns the predicates of the star members in joined that share
// n's subject variable, in a stable order.
func starOf(n Node, joined []Node) []rdf.Term {
	v, _, ok := starMember(n)
	if !ok {
		return nil
	}
	var star []rdf.Term
	for _, j := range joined {
		if jv, p, ok := starMember(j); ok && jv == v && !slices.Contains(star, p) {
			star = append(star, p)
		}
	}
	slices.SortFunc(star, func(a, c rdf.Term) int { return strings.Compare(a.Value, c.Value) })
	return star
}

// requires returns the variables n needs bound before it can run: the
// endpoint variable of SERVICE ?v.
func requires(n Node) VarSet {
	if s, ok := n.(*Service); ok && s.Name.IsVar() {
		return NewVarSet(s.Name.Var)
	}
	return nil
}

func requiresSatisfied(n Node, bound VarSet) bool { return requires(n).SubsetOf(bound) }

// anyReady reports whether some operand can run with bound.
func anyReady(ops []Node, bound VarSet) bool {
	for _, op := range ops {
		if requiresSatisfied(op, bound) {
			return true
		}
	}
	return false
}

// probeFriendly reports whether evaluating n once per left solution, with
// that solution's bindings, is cheap: it is built from index scans and
// operators that pass bindings down.
func probeFriendly(n Node) bool {
	switch x := n.(type) {
	case *Scan, *PathScan:
		return true
	case *Values:
		return len(x.Rows) <= 16
	case *Join:
		return probeFriendly(x.Left) && (x.Algorithm == NestedLoop || probeFriendly(x.Right))
	case *Union:
		return probeFriendly(x.Left) && probeFriendly(x.Right)
	case *Filter:
		return probeFriendly(x.Input)
	case *Extend:
		return probeFriendly(x.Input)
	case *LeftJoin:
		return probeFriendly(x.Left)
	case *Minus:
		return probeFriendly(x.Left)
	case *GraphLoop:
		return probeFriendly(x.Input)
	}
	return false
}

func (b *builder) filter(in Node, exprs []algebra.Expr, gc graphCtx, outer VarSet) *Filter {
	if hasExists(exprs) {
		b.planExprs(exprs, in.Properties().Certain.Union(outer), gc)
	}
	inEst := in.Properties().Estimate
	est := inEst
	for _, e := range exprs {
		est *= selectivity(e)
	}
	return &Filter{Input: in, Exprs: exprs, Props: Props{Estimate: math.Max(est, math.Min(inEst, 1))}}
}

func hasExists(es []algebra.Expr) bool {
	for _, e := range es {
		if HasExists(e) {
			return true
		}
	}
	return false
}

// selectivity guesses the share of solutions a condition keeps: few for an
// equality, about a third for a range or a text match, half otherwise.
func selectivity(e algebra.Expr) float64 {
	switch x := e.(type) {
	case *algebra.Binary:
		switch x.Op {
		case algebra.OpEqual:
			return 0.05
		case algebra.OpLess, algebra.OpGreater, algebra.OpLessOrEqual, algebra.OpGreaterOrEqual:
			return 0.3
		case algebra.OpAnd:
			return selectivity(x.Left) * selectivity(x.Right)
		}
	case *algebra.Call:
		switch x.Name {
		case "SAMETERM":
			return 0.05
		case "REGEX", "CONTAINS", "STRSTARTS", "STRENDS", "LANGMATCHES":
			return 0.3
		}
	}
	return 0.5
}

func (b *builder) leftJoin(x *algebra.LeftJoin, gc graphCtx, bound VarSet) Node {
	l := b.build(x.Left, gc, bound)
	li := l.Properties()
	r := b.build(x.Right, gc, bound.Union(li.Certain))
	ri := r.Properties()
	b.planExprs(x.Exprs, li.Certain.Union(ri.Certain).Union(bound), gc)
	lj := &LeftJoin{Left: l, Right: r, Exprs: x.Exprs, Props: Props{
		Certain:  li.Certain.Clone(),
		Possible: li.Possible.Union(ri.Possible),
		Estimate: li.Estimate * math.Max(1, b.cost(r, li.Certain, gc)),
	}}
	lj.Keys = li.Certain.Intersect(ri.Certain).Sorted()
	if probeFriendly(r) && ri.Certain.Intersects(li.Certain) {
		lj.Algorithm = NestedLoop
	} else {
		lj.Algorithm = HashJoin
	}
	return lj
}

func (b *builder) minus(x *algebra.Minus, gc graphCtx, bound VarSet) Node {
	l := b.build(x.Left, gc, bound)
	li := l.Properties()
	keys := li.Certain.Intersect(CertainVars(x.Right))
	rb := VarSet{}
	if probeFriendly(l) {
		rb = keys
	}
	r := b.build(x.Right, gc, rb)
	m := &Minus{Left: l, Right: r, Props: *inheritProps(l)}
	m.Keys = li.Certain.Intersect(r.Properties().Certain).Sorted()
	if len(m.Keys) > 0 && probeFriendly(r) {
		m.Algorithm = NestedLoop
	} else {
		m.Algorithm = HashJoin
	}
	return m
}

func (b *builder) graph(x *algebra.Graph, gc graphCtx, bound VarSet) Node {
	if x.Name.IsVar() && !slices.Contains(algebra.Vars(x.Pattern), x.Name.Var) && quadable(x.Pattern, x.Name.Var) {
		inner := graphCtx{ref: GraphRef{Kind: GraphVar, Var: x.Name.Var}, est: estGraph{kind: estAnyNamed}}
		return b.build(x.Pattern, inner, bound)
	}
	inner := graphCtx{ref: GraphRef{Kind: GraphActive}, est: estGraph{kind: estAnyNamed}}
	if !x.Name.IsVar() {
		inner.est = estGraph{kind: estNamed, graph: x.Name.Term}
	}
	in := b.build(x.Pattern, inner, bound)
	info := *inheritProps(in)
	info.Certain = info.Certain.Clone()
	info.Possible = info.Possible.Clone()
	info.Certain.Add(x.Name.Var)
	info.Possible.Add(x.Name.Var)
	return &GraphLoop{Name: x.Name, Input: in, Props: info}
}

// quadable reports whether GRAPH ?g { p } can be evaluated by giving every
// triple pattern of p the graph variable g (one scan over all named graphs
// instead of one evaluation per graph). That is so when every solution
// of p comes from triple patterns (so binds g), and no expression of p
// could see the difference: none holds an EXISTS (whose pattern would
// need the graph). The caller also checks that p does not mention g at all:
// inside p, g is an ordinary variable that is joined with the graph name
// only at the end (an OPTIONAL binding it to something else must remove the
// solution, not fail to match).
func quadable(p algebra.Pattern, g algebra.Var) bool {
	exprOK := func(es []algebra.Expr) bool {
		for _, e := range es {
			if HasExists(e) || MentionedVars(e).Has(g) {
				return false
			}
		}
		return true
	}
	switch x := p.(type) {
	case *algebra.BGP:
		return len(x.Triples) > 0
	case *algebra.Join:
		return quadable(x.Left, g) && quadable(x.Right, g)
	case *algebra.Union:
		return quadable(x.Left, g) && quadable(x.Right, g)
	case *algebra.LeftJoin:
		return quadable(x.Left, g) && quadable(x.Right, g) && exprOK(x.Exprs)
	case *algebra.Filter:
		return quadable(x.Pattern, g) && exprOK(x.Exprs)
	}
	return false
}

func (b *builder) extend(x *algebra.Extend, gc graphCtx, bound VarSet) Node {
	var chain []*algebra.Extend
	var p algebra.Pattern = x
	for {
		e, ok := p.(*algebra.Extend)
		if !ok {
			break
		}
		chain = append(chain, e)
		p = e.Pattern
	}
	in := b.build(p, gc, bound)
	info := *inheritProps(in)
	info.Certain = info.Certain.Clone()
	info.Possible = info.Possible.Clone()
	n := &Extend{Input: in}
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		b.planExprs([]algebra.Expr{e.Expr}, info.Certain.Union(bound), gc)
		n.Bindings = append(n.Bindings, Binding{Var: e.Var, Expr: e.Expr})
		if exprCertain(e.Expr, info.Certain) {
			info.Certain.Add(e.Var)
		}
		info.Possible.Add(e.Var)
	}
	n.Props = info
	return n
}

// planExprs plans the EXISTS patterns of exprs, whose evaluation will have
// the variables of bound substituted.
func (b *builder) planExprs(exprs []algebra.Expr, bound VarSet, gc graphCtx) {
	for _, e := range exprs {
		algebra.WalkExpr(e, func(x algebra.Expr) bool {
			if ex, ok := x.(*algebra.Exists); ok {
				if _, done := b.exists[ex]; !done {
					ectx := graphCtx{ref: GraphRef{Kind: GraphActive}, est: gc.est}
					if gc.ref.Kind == GraphVar {
						// Not produced: quadable refuses EXISTS.
						ectx.est = estGraph{kind: estAnyNamed}
					}
					saved := b.firstRows
					b.firstRows = true // EXISTS needs one solution
					b.exists[ex] = b.build(PushFilters(ex.Pattern), ectx, bound)
					b.firstRows = saved
				}
			}
			return true
		})
	}
}
