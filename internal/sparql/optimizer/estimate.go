package optimizer

import (
	"math"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Estimator gives the number of quads that match a pattern; store.Reader
// (every snapshot and writer) implements it.
type Estimator interface {
	Estimate(p store.Pattern) uint64
}

// PredicateStatistics is optionally implemented by an Estimator: per
// predicate, over all graphs, its number of quads and of distinct subjects
// and objects (store.StatsReader keeps them). The optimizer uses them for a
// scan whose subject or object the join binds: the store's counts cannot
// tell how many quads one value not yet known has, the distinct counts give
// the average (and the chance that a bound pair matches at all).
type PredicateStatistics interface {
	PredicateStats(p rdf.Term) (store.PredicateStats, bool)
}

// StarStatistics is optionally implemented by an Estimator: the store's
// characteristic sets (store.CharacteristicSets.Star). For the subjects
// that have every predicate of q, it gives their number and their quads of
// predicate p. The optimizer uses it for a scan whose subject a star of
// scans with constant predicates already bound: the per-predicate fan-out
// assumes that every subject has every predicate, the sets know which
// predicates occur together.
type StarStatistics interface {
	Star(q []rdf.Term, p rdf.Term) (subjects, quads float64, ok bool)
}

// Dataset is the RDF dataset a query runs against.
type Dataset struct {
	// Explicit is set when the query (FROM, FROM NAMED) or the request
	// (default-graph-uri, named-graph-uri) describes the dataset: the
	// default graph is then the merge of the graphs Default, and the named
	// graphs are exactly Named (either may be empty).
	Explicit bool
	Default  []rdf.Term
	Named    []rdf.Term
	// UnionDefaultGraph, when the dataset is not explicit, makes the
	// default graph the union of all the store's graphs (its default graph
	// and every named graph); otherwise it is the store's default graph.
	// The named graphs are then all the store's named graphs.
	UnionDefaultGraph bool
}

// estGraph is the graph a scan is estimated against.
type estGraph struct {
	kind  uint8 // estDefault, estNamed, estAnyNamed
	graph rdf.Term
}

const (
	estDefault uint8 = iota
	estNamed
	estAnyNamed
)

// Without statistics every pattern starts from this many matches.
const unknownCardinality = 1e6

// estKey identifies a store estimate within one planning.
type estKey struct {
	s, p, o rdf.Term
	g       estGraph
}

// quadEstimate returns the number of quads matching s p o (zero terms are
// wildcards) in the graph g. Estimates are remembered for the planning:
// the greedy join order asks for the same ones again and again, and the
// store may scan up to store.ExactEstimateLimit keys for one.
func (b *builder) quadEstimate(s, p, o rdf.Term, g estGraph) float64 {
	k := estKey{s, p, o, g}
	if est, ok := b.estimates[k]; ok {
		return est
	}
	est := b.storeEstimate(s, p, o, g)
	b.estimates[k] = est
	return est
}

func (b *builder) storeEstimate(s, p, o rdf.Term, g estGraph) float64 {
	if b.opts.Stats == nil {
		est := unknownCardinality
		if !s.IsZero() {
			est /= 1000
		}
		if !p.IsZero() {
			est /= 10
		}
		if !o.IsZero() {
			est /= 100
		}
		return math.Max(est, 1)
	}
	pat := store.Pattern{S: s, P: p, O: o}
	switch g.kind {
	case estNamed:
		pat.G = g.graph
		return float64(b.opts.Stats.Estimate(pat))
	case estAnyNamed:
		pat.AnyGraph = true
		return float64(b.opts.Stats.Estimate(pat))
	}
	ds := b.opts.Dataset
	switch {
	case ds.Explicit:
		var sum float64
		for _, gr := range ds.Default {
			pat.G = gr
			sum += float64(b.opts.Stats.Estimate(pat))
		}
		return sum
	case ds.UnionDefaultGraph:
		pat.AnyGraph = true
	}
	return float64(b.opts.Stats.Estimate(pat))
}

// minEstimate keeps estimates of scans whose variables are all bound
// above zero: a plan must not look free because one step is unlikely.
const minEstimate = 1e-4

// scanCost estimates the solutions of a scan per evaluation when the
// variables of bound already have values. It starts from the store's count
// for the pattern's constants, exact for the actual constants of the query
// where the store can count them. Each position a bound variable fixes
// divides it by the predicate's number of distinct values there (a bound
// subject of bsbm:product keeps count/subjects quads: the average fan-out,
// or the chance that the pair exists when the object is a constant too).
// Without distinct counts the reductions are rules of thumb: a subject has
// few values per predicate, an object is shared more.
func (b *builder) scanCost(sc *Scan, bound VarSet, g estGraph) float64 {
	constOf := func(n algebra.TermOrVar) rdf.Term {
		if n.IsVar() {
			return rdf.Term{}
		}
		return n.Term
	}
	est := b.quadEstimate(constOf(sc.S), constOf(sc.P), constOf(sc.O), g)
	if est == 0 {
		return 0
	}
	sBound := sc.S.IsVar() && bound.Has(sc.S.Var)
	oBound := sc.O.IsVar() && bound.Has(sc.O.Var)
	if ps, ok := b.predicateStats(sc.P); ok && (sBound || oBound) {
		if sBound {
			est /= float64(max(ps.Subjects, 1))
		}
		if oBound {
			est /= float64(max(ps.Objects, 1))
		}
		if sc.Graph.Kind == GraphVar && bound.Has(sc.Graph.Var) {
			est /= 10
		}
		return math.Max(est, minEstimate)
	}
	fixed := func(n algebra.TermOrVar) bool { return !n.IsVar() || bound.Has(n.Var) }
	if fixed(sc.S) && fixed(sc.P) && fixed(sc.O) {
		return math.Min(est, 1)
	}
	if sBound {
		est = math.Min(est, math.Max(1, est/1000))
		if !sc.P.IsVar() {
			est = math.Min(est, 5)
		}
	}
	if oBound {
		est = math.Max(1, est/100)
	}
	if sc.P.IsVar() && bound.Has(sc.P.Var) {
		est = math.Max(1, est/10)
	}
	if sc.Graph.Kind == GraphVar && bound.Has(sc.Graph.Var) {
		est = math.Max(1, est/10)
	}
	return est
}

// starMultiplier is what a star member's fan-out is multiplied by to give
// its estimate: the share of its predicate's quads in the scanned graph,
// divided by the predicate's objects when the object is bound. ok is false
// when sc is no star member (starMember) with its subject bound, or the
// store keeps no characteristic sets.
func (b *builder) starMultiplier(sc *Scan, bound VarSet, g estGraph) (float64, bool) {
	if _, _, member := starMember(sc); !member || !bound.Has(sc.S.Var) {
		return 0, false
	}
	if _, ok := b.opts.Stats.(StarStatistics); !ok {
		return 0, false
	}
	ps, ok := b.predicateStats(sc.P)
	if !ok {
		return 0, false
	}
	// The sets count over all graphs; a scan of one graph gets its share.
	m := math.Min(b.quadEstimate(rdf.Term{}, sc.P.Term, rdf.Term{}, g)/float64(ps.Quads), 1)
	if bound.Has(sc.O.Var) {
		m /= float64(max(ps.Objects, 1))
	}
	if sc.Graph.Kind == GraphVar && bound.Has(sc.Graph.Var) {
		m /= 10
	}
	return m, true
}

// pairFanout returns the quads of predicate p per subject that has
// predicate q, from the characteristic sets, or -1 when they cannot say.
func (b *builder) pairFanout(q, p rdf.Term) float64 {
	key := [2]rdf.Term{q, p}
	if f, ok := b.stars[key]; ok {
		return f
	}
	f := -1.0
	if ss, ok := b.opts.Stats.(StarStatistics); ok {
		if subjects, quads, found := ss.Star([]rdf.Term{q}, p); found {
			f = quads / subjects
		}
	}
	b.stars[key] = f
	return f
}

// starFanout is the fan-out of p in a star that joined the predicates
// star: the least of its fan-outs given each of them. Conditioning on each
// predicate alone catches what matters most (which kind of subject the
// star is about) and stays cheap for the join order's many subsets.
func (b *builder) starFanout(p rdf.Term, star []rdf.Term) (float64, bool) {
	per := -1.0
	for _, q := range star {
		if f := b.pairFanout(q, p); f >= 0 && (per < 0 || f < per) {
			per = f
		}
	}
	return per, per >= 0
}

// predicateStats returns the statistics of a constant predicate.
func (b *builder) predicateStats(p algebra.TermOrVar) (store.PredicateStats, bool) {
	ps, ok := b.opts.Stats.(PredicateStatistics)
	if !ok || p.IsVar() {
		return store.PredicateStats{}, false
	}
	if st, ok := b.predStats[p.Term]; ok {
		return st, st.Quads > 0
	}
	st, ok := ps.PredicateStats(p.Term)
	if !ok {
		st = store.PredicateStats{}
	}
	b.predStats[p.Term] = st
	return st, st.Quads > 0
}

// pathCost estimates a property path: cheap from a fixed end, expensive
// when both ends are free.
func (b *builder) pathCost(ps *PathScan, bound VarSet, g estGraph) float64 {
	fixed := func(n algebra.TermOrVar) bool { return !n.IsVar() || bound.Has(n.Var) }
	total := b.quadEstimate(rdf.Term{}, rdf.Term{}, rdf.Term{}, g)
	switch {
	case fixed(ps.Subject) && fixed(ps.Object):
		return 1
	case fixed(ps.Subject) || fixed(ps.Object):
		return math.Max(1, math.Min(total, 100))
	}
	return math.Max(total, 1) * 10
}
