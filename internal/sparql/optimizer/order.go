package optimizer

import (
	"cmp"
	"math"
	"slices"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// The cost model counts work in rows: reading one row of an index scan
// costs 1. An index lookup (one nested-loop probe) costs seekCost: a seek
// from the B+tree's root. A hash join reads its right side once, hashing
// each row (hashBuildCost), and probes the table once per left row
// (hashProbeCost). Every solution an operator produces costs 1 more, for the
// operator above that consumes it.
const (
	seekCost      = 5
	hashBuildCost = 1
	hashProbeCost = 0.25
)

// Hash joins of two scans read the right side whole into memory; they are
// considered only when it holds at most maxHashBuild quads and the left
// side is expected to give at least minHashProbe solutions (below that,
// probing the index is never much worse and needs no memory).
const (
	maxHashBuild = 250_000
	minHashProbe = 1000
)

// maxDPOperands bounds the operands whose join order is chosen by dynamic
// programming over all their subsets (2^n states); larger groups are
// ordered greedily.
const maxDPOperands = 10

// maxOrderCandidates bounds the operands the greedy join order compares at
// each step.
const maxOrderCandidates = 128

// orderJoin joins ops in the order of least estimated cost (joinOrder),
// with each filter placed right after the operand from which on its
// variables cannot change, and an algorithm for every join.
func (b *builder) orderJoin(ops []Node, filters []algebra.Expr, gc graphCtx, outer VarSet) Node {
	order := b.joinOrder(ops, filters, gc, outer)
	bound := outer.Clone()
	// later counts, per variable, the operands not yet joined that may
	// bind it; certain holds the variables the join so far binds.
	later := map[algebra.Var]int{}
	for _, op := range ops {
		for v := range op.Properties().Possible {
			later[v]++
		}
	}
	certain := VarSet{}
	pending := slices.Clone(filters)
	var cur Node
	est := 1.0
	joined := make([]Node, 0, len(order))
	for _, i := range order {
		op := ops[i]
		opCost := b.costInStar(op, bound, gc, starOf(op, joined))
		joined = append(joined, op)
		opProps := op.Properties()
		switch x := op.(type) {
		case *Scan:
			x.Estimate = opCost
		case *PathScan:
			x.Estimate = opCost
		}
		if cur == nil {
			cur = op
			est = opCost
		} else {
			leftEst := est
			est *= math.Max(opCost, 0)
			cur = b.join(cur, op, certain, leftEst, est, gc)
		}
		certain.addAll(opProps.Certain)
		bound.addAll(opProps.Certain)
		for v := range opProps.Possible {
			later[v]--
		}

		// Place the filters whose variables are now final: each variable
		// they mention is bound or no operand left can bind it.
		var ready, wait []algebra.Expr
		for _, f := range pending {
			final := true
			for v := range MentionedVars(f) {
				if later[v] > 0 && !certain.Has(v) {
					final = false
					break
				}
			}
			if final {
				ready = append(ready, f)
			} else {
				wait = append(wait, f)
			}
		}
		if len(ready) > 0 {
			f := b.filter(cur, ready, gc, outer)
			cur, est = f, f.Estimate
		}
		pending = wait
	}
	if len(pending) > 0 {
		cur = b.filter(cur, pending, gc, outer)
	}
	return cur
}

// joinOrder returns the order (indexes into ops) in which to join ops: the
// one of least estimated cost (see the cost model above) among the
// left-deep orders that never form a cartesian product while a connected
// operand is left, found by dynamic programming for small groups and
// greedily for large ones or ones with SERVICE ?v (which must wait for
// its variable).
func (b *builder) joinOrder(ops []Node, filters []algebra.Expr, gc graphCtx, outer VarSet) []int {
	if len(ops) <= 1 {
		return []int{0}
	}
	dp := len(ops) <= maxDPOperands
	for _, op := range ops {
		if len(requires(op)) > 0 {
			dp = false
		}
	}
	if dp {
		return b.dpOrder(ops, filters, gc, outer)
	}
	return b.greedyOrder(ops, gc, outer)
}

// dpState is the cheapest known way of joining one subset of the operands.
type dpState struct {
	work, card float64
	last       int    // the operand joined last; -1 for the empty set
	bound      uint64 // the variables bound after the subset, as bits
	reached    bool
}

// dpOrder finds the left-deep join order of least total work by dynamic
// programming over the subsets of ops: each subset keeps its cheapest
// order, and a subset grows by an operand connected to it (by any operand
// when none is). Filters whose variables a subset binds divide its
// solutions by their selectivity. Variables are bits of a word, and each
// operand's cost is computed once per combination of its own variables
// that are bound, so planning stays cheap next to evaluation.
func (b *builder) dpOrder(ops []Node, filters []algebra.Expr, gc graphCtx, outer VarSet) []int {
	bit := map[algebra.Var]uint64{}
	var vars []algebra.Var
	bitsOf := func(s VarSet) uint64 {
		var m uint64
		for v := range s {
			bv, ok := bit[v]
			if !ok {
				if len(vars) == 64 {
					return 0
				}
				bv = 1 << len(vars)
				bit[v] = bv
				vars = append(vars, v)
			}
			m |= bv
		}
		return m
	}
	certain := make([]uint64, len(ops))
	possible := make([]uint64, len(ops))
	for i, op := range ops {
		possible[i] = bitsOf(op.Properties().Possible)
		certain[i] = bitsOf(op.Properties().Certain)
	}
	filterBits := make([]uint64, len(filters))
	for i, f := range filters {
		filterBits[i] = bitsOf(MentionedVars(f))
	}
	outerBits := bitsOf(outer.Intersect(varsOf(vars)))
	if len(vars) > 63 {
		return b.greedyOrder(ops, gc, outer)
	}
	// mates[i] holds the operands that form a star with scan i (see
	// starMember), pair[i][j] the fan-out of i's predicate given j's.
	mates := make([]uint64, len(ops))
	var pair [][]float64
	for i, op := range ops {
		v, p, ok := starMember(op)
		if !ok {
			continue
		}
		for j, other := range ops {
			if w, q, ok := starMember(other); ok && j != i && w == v {
				if pair == nil {
					pair = make([][]float64, len(ops))
				}
				if pair[i] == nil {
					pair[i] = make([]float64, len(ops))
				}
				mates[i] |= 1 << j
				pair[i][j] = b.pairFanout(q, p)
			}
		}
	}
	// costs[i] memoizes operand i's cost, and its star multiplier, by
	// which of its possible variables are bound.
	type memo struct {
		cost, mult float64
		star       bool
	}
	costs := make([]map[uint64]memo, len(ops))
	cost := func(i int, mask, bound uint64) float64 {
		key := bound & possible[i]
		m, ok := costs[i][key]
		if !ok {
			bs := outer.Clone()
			for j, v := range vars {
				if key&(1<<j) != 0 {
					bs.Add(v)
				}
			}
			m.cost = b.cost(ops[i], bs, gc)
			if sc, isScan := ops[i].(*Scan); isScan && mates[i] != 0 {
				m.mult, m.star = b.starMultiplier(sc, bs, gc.est)
			}
			if costs[i] == nil {
				costs[i] = map[uint64]memo{}
			}
			costs[i][key] = m
		}
		if sm := mask & mates[i]; sm != 0 && m.star {
			per := -1.0
			for j, f := range pair[i] {
				if sm&(1<<j) != 0 && f >= 0 && (per < 0 || f < per) {
					per = f
				}
			}
			if per >= 0 {
				return math.Max(per*m.mult, minEstimate)
			}
		}
		return m.cost
	}
	builds := make([]hashSide, len(ops))
	for i, op := range ops {
		builds[i] = b.hashBuild(op, gc)
	}
	connects := func(i int, bound uint64, first bool) bool {
		return first || possible[i] == 0 || possible[i]&bound != 0
	}
	n := len(ops)
	states := make([]dpState, 1<<n)
	states[0] = dpState{card: 1, last: -1, bound: outerBits, reached: true}
	for mask := range states {
		st := states[mask]
		if !st.reached {
			continue
		}
		connected := false
		for j := range ops {
			if mask&(1<<j) == 0 && connects(j, st.bound, mask == 0) {
				connected = true
				break
			}
		}
		for j, op := range ops {
			if mask&(1<<j) != 0 || (connected && !connects(j, st.bound, mask == 0)) {
				continue
			}
			out := st.card * cost(j, uint64(mask), st.bound)
			var work float64
			if mask == 0 {
				work = seekCost + out
			} else {
				work = joinWork(st.card, out, op, builds[j])
			}
			bound := st.bound | certain[j]
			for i, fb := range filterBits {
				if fb&^bound == 0 && fb&^st.bound != 0 {
					out *= selectivity(filters[i])
				}
			}
			next := mask | 1<<j
			cand := dpState{work: st.work + work, card: out, last: j, bound: bound, reached: true}
			if old := states[next]; !old.reached || cand.work < old.work || (cand.work == old.work && cand.card < old.card) {
				states[next] = cand
			}
		}
	}
	order := make([]int, 0, n)
	for mask := len(states) - 1; mask != 0; {
		j := states[mask].last
		order = append(order, j)
		mask &^= 1 << j
	}
	slices.Reverse(order)
	return order
}

func varsOf(vs []algebra.Var) VarSet { return NewVarSet(vs...) }

// greedyOrder joins first the operand with the fewest expected solutions
// and then repeatedly the cheapest operand that shares a bound variable
// with what is joined so far (so that no cartesian product is formed while
// a connected operand is left).
func (b *builder) greedyOrder(ops []Node, gc graphCtx, outer VarSet) []int {
	bound := outer.Clone()
	remaining := make([]int, len(ops))
	for i := range remaining {
		remaining[i] = i
	}
	if len(remaining) > maxOrderCandidates {
		// A huge group: look at the cheapest operands only, so that
		// planning stays linear in the size of the query.
		slices.SortStableFunc(remaining, func(a, c int) int {
			return cmp.Compare(b.cost(ops[a], bound, gc), b.cost(ops[c], bound, gc))
		})
	}
	order := make([]int, 0, len(ops))
	for len(remaining) > 0 {
		ready := false
		for _, i := range remaining {
			if requiresSatisfied(ops[i], bound) {
				ready = true
				break
			}
		}
		best, bestCost, bestConnected := -1, math.Inf(1), false
		for k, i := range remaining[:min(len(remaining), maxOrderCandidates)] {
			op := ops[i]
			if !requiresSatisfied(op, bound) && ready {
				continue
			}
			vars := op.Properties().Possible
			connected := len(vars) == 0 || vars.Intersects(bound)
			if bestConnected && !connected {
				continue
			}
			c := b.cost(op, bound, gc)
			if best < 0 || (connected && !bestConnected) || c < bestCost {
				best, bestCost, bestConnected = k, c, connected
			}
		}
		i := remaining[best]
		remaining = slices.Delete(remaining, best, best+1)
		order = append(order, i)
		bound.addAll(ops[i].Properties().Certain)
	}
	return order
}

// joinWork is the estimated work of joining right to a left side of
// leftEst solutions giving out solutions, with the cheaper algorithm;
// build is hashBuild(right).
func joinWork(leftEst, out float64, right Node, build hashSide) float64 {
	nested, hash, hashOK := joinCosts(leftEst, out, right, build)
	if hashOK {
		return math.Min(nested, hash)
	}
	return nested
}

// hashSide is what a hash join with a node on the right would read into its
// table.
type hashSide struct {
	rows float64
	ok   bool // a hash join is an option (memory, only the first solutions wanted)
}

// hashBuild returns what a hash join would read of right: a sub-select or
// group (which run once either way), or a scan of at most maxHashBuild
// quads when the store's statistics are known and not only the first
// solutions are wanted.
func (b *builder) hashBuild(right Node, gc graphCtx) hashSide {
	if !probeFriendly(right) {
		return hashSide{rows: right.Properties().Estimate, ok: true}
	}
	sc, ok := right.(*Scan)
	if !ok || b.firstRows || b.opts.Stats == nil {
		return hashSide{}
	}
	g := gc.est
	if sc.Graph.Kind == GraphVar {
		g = estGraph{kind: estAnyNamed}
	}
	total := b.scanCost(sc, VarSet{}, g)
	return hashSide{rows: total, ok: total <= maxHashBuild}
}

// joinCosts estimates the work of the two join algorithms; hashOK is false
// when a hash join is not an option.
func joinCosts(leftEst, out float64, right Node, build hashSide) (nested, hash float64, hashOK bool) {
	nested = leftEst*seekCost + out
	if !probeFriendly(right) {
		// A sub-select or group runs once either way.
		return math.Inf(1), build.rows*hashBuildCost + leftEst*hashProbeCost + out, true
	}
	if !build.ok || leftEst < minHashProbe {
		return nested, 0, false
	}
	return nested, build.rows*hashBuildCost + leftEst*hashProbeCost + out, true
}

// join makes the join node of left, which certainly binds leftCertain and
// is expected to give leftEst solutions, and right.
func (b *builder) join(left, right Node, leftCertain VarSet, leftEst, est float64, gc graphCtx) Node {
	j := &Join{Left: left, Right: right, Props: Props{Estimate: est}}
	j.Keys = right.Properties().Certain.Intersect(leftCertain).Sorted()
	j.Algorithm = b.joinAlgorithm(leftEst, est, right, gc)
	return j
}

// joinAlgorithm picks nested loops (pushing each left solution into the
// right side) or a hash join, whichever the cost model finds cheaper: a
// hash join when the right side cannot use the left's bindings (a
// sub-select, a group) or is small compared with a large left side.
func (b *builder) joinAlgorithm(leftEst, out float64, right Node, gc graphCtx) JoinAlgorithm {
	if len(requires(right)) > 0 {
		return NestedLoop // SERVICE ?v: once per binding of ?v
	}
	if v, ok := right.(*Values); ok && len(v.Rows) > 16 {
		return HashJoin
	}
	nested, hash, hashOK := joinCosts(leftEst, out, right, b.hashBuild(right, gc))
	if hashOK && hash < nested {
		return HashJoin
	}
	return NestedLoop
}
