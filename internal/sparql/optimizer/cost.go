package optimizer

import "github.com/skillsmap/skillsmap/internal/sparql/algebra"

// Cost is the estimated work of evaluating the plan once, in the units of
// the cost model (one row read from an index scan is 1; see seekCost): each
// operator's estimated solutions times how often it runs, plus a seek per
// run of each scan, plus building and probing hash tables. Plans of one
// query compare by it; the plan-regression test keeps it from growing.
func (p *Plan) Cost() float64 { return p.cost(p.Root, 1) }

func (p *Plan) cost(n Node, runs float64) float64 {
	est := n.Properties().Estimate
	c := runs * est
	for _, e := range NodeExprs(n) {
		algebra.WalkExpr(e, func(x algebra.Expr) bool {
			if ex, ok := x.(*algebra.Exists); ok {
				if sub, ok := p.Exists[ex]; ok {
					c += p.cost(sub, runs*max(est, 1))
				}
			}
			return true
		})
	}
	switch x := n.(type) {
	case *Scan, *PathScan:
		return c + runs*seekCost
	case *Join:
		return c + p.binary(x.Left, x.Right, x.Algorithm, runs)
	case *LeftJoin:
		return c + p.binary(x.Left, x.Right, x.Algorithm, runs)
	case *Minus:
		return c + p.binary(x.Left, x.Right, x.Algorithm, runs)
	}
	for _, child := range Children(n) {
		c += p.cost(child, runs)
	}
	return c
}

// binary is the cost of the operands of a join: a nested loop runs its
// right side once per left solution, a hash join once (then hashes its
// rows and probes them per left solution).
func (p *Plan) binary(left, right Node, alg JoinAlgorithm, runs float64) float64 {
	leftEst := left.Properties().Estimate
	c := p.cost(left, runs)
	if alg == NestedLoop {
		return c + p.cost(right, runs*max(leftEst, minEstimate))
	}
	return c + p.cost(right, runs) + runs*(right.Properties().Estimate*hashBuildCost+leftEst*hashProbeCost)
}
