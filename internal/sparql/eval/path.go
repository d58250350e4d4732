package eval

import (
	"github.com/skillsmap/skillsmap/internal/store"
)

// Property paths (§9, §18.4) are evaluated over values: a path node
// enumerates the (subject, object) pairs it connects, with either end
// fixed when it is bound. Sequences and alternatives keep duplicates (they
// are joins and unions); *, + and ? give each pair once, by breadth-first
// search with a visited set, so cycles end and zero-length paths include
// the start even when the graph does not hold it.

type pathNode interface{ isPath() }

type pathLink struct {
	id      store.ID
	missing bool // the predicate is not in the store
}

type pathInverse struct{ p pathNode }
type pathSeq struct{ l, r pathNode }
type pathAlt struct{ l, r pathNode }
type pathZeroOrMore struct{ p pathNode }
type pathOneOrMore struct{ p pathNode }
type pathZeroOrOne struct{ p pathNode }

// pathNegated is !(...): Forward and Inverse hold the ids of the excluded
// predicates the store has; hasForward/hasInverse say which directions the
// set names at all.
type pathNegated struct {
	forward, inverse       map[store.ID]struct{}
	hasForward, hasInverse bool
}

func (pathLink) isPath()       {}
func (pathInverse) isPath()    {}
func (pathSeq) isPath()        {}
func (pathAlt) isPath()        {}
func (pathZeroOrMore) isPath() {}
func (pathOneOrMore) isPath()  {}
func (pathZeroOrOne) isPath()  {}
func (pathNegated) isPath()    {}

// emitPair receives a pair of a path; returning false stops.
type emitPair func(s, o value) bool

// matchTriples calls fn for each triple of the active graph matching the
// ids (0: any), each triple once even when several graphs of a merged
// default graph hold it.
func (ex *exec) matchTriples(g *activeGraph, s, p, o store.ID, fn func(s, p, o store.ID) bool) bool {
	pat := store.IDPattern{S: s, P: p, O: o}
	dedup := false
	var inSet map[store.ID]struct{}
	switch g.kind {
	case graphOne:
		pat.G = g.id
	case graphUnion:
		pat.AnyGraph, dedup = true, true
	case graphSet:
		pat.AnyGraph, dedup, inSet = true, true, g.set
	case graphNone:
		return true
	}
	var prev store.IDQuad
	first := true
	for q, err := range ex.r.MatchIDs(ex.ctx, pat) {
		if err != nil {
			ex.fail(err)
			return false
		}
		if !ex.tick() {
			return false
		}
		if inSet != nil {
			if _, ok := inSet[q.G]; !ok {
				continue
			}
		}
		if dedup {
			if !first && q.S == prev.S && q.P == prev.P && q.O == prev.O {
				continue
			}
			prev, first = q, false
		}
		if !fn(q.S, q.P, q.O) {
			return false
		}
	}
	return true
}

// idOf returns the id to look v up with, and false if v is bound to a
// term the store does not hold (nothing matches it).
func idOf(v value) (store.ID, bool) {
	if !v.bound() {
		return 0, true
	}
	return v.id, v.id != 0
}

// pairs enumerates the pairs of p in g; s and o are fixed when bound.
func (ex *exec) pairs(g *activeGraph, p pathNode, s, o value, emit emitPair) bool {
	switch p := p.(type) {
	case pathLink:
		if p.missing {
			return true
		}
		sid, ok1 := idOf(s)
		oid, ok2 := idOf(o)
		if !ok1 || !ok2 {
			return true
		}
		return ex.matchTriples(g, sid, p.id, oid, func(ts, _, to store.ID) bool {
			return emit(value{id: ts}, value{id: to})
		})
	case pathInverse:
		return ex.pairs(g, p.p, o, s, func(a, b value) bool { return emit(b, a) })
	case pathAlt:
		return ex.pairs(g, p.l, s, o, emit) && ex.pairs(g, p.r, s, o, emit)
	case pathSeq:
		if !s.bound() && o.bound() {
			return ex.pairs(g, p.r, value{}, o, func(m, o2 value) bool {
				return ex.pairs(g, p.l, value{}, m, func(s2, _ value) bool { return emit(s2, o2) })
			})
		}
		return ex.pairs(g, p.l, s, value{}, func(s2, m value) bool {
			return ex.pairs(g, p.r, m, o, func(_, o2 value) bool { return emit(s2, o2) })
		})
	case pathNegated:
		return ex.negated(g, p, s, o, emit)
	case pathZeroOrOne:
		return ex.closure(g, p.p, s, o, true, false, emit)
	case pathZeroOrMore:
		return ex.closure(g, p.p, s, o, true, true, emit)
	case pathOneOrMore:
		return ex.closure(g, p.p, s, o, false, true, emit)
	}
	return true
}

func (ex *exec) negated(g *activeGraph, p pathNegated, s, o value, emit emitPair) bool {
	sid, ok1 := idOf(s)
	oid, ok2 := idOf(o)
	if !ok1 || !ok2 {
		return true
	}
	if p.hasForward || !p.hasInverse {
		ok := ex.matchTriples(g, sid, 0, oid, func(ts, tp, to store.ID) bool {
			if _, excluded := p.forward[tp]; excluded {
				return true
			}
			return emit(value{id: ts}, value{id: to})
		})
		if !ok {
			return false
		}
	}
	if p.hasInverse {
		return ex.matchTriples(g, oid, 0, sid, func(ts, tp, to store.ID) bool {
			if _, excluded := p.inverse[tp]; excluded {
				return true
			}
			return emit(value{id: to}, value{id: ts})
		})
	}
	return true
}

// closure evaluates p? (zero, !many), p* (zero, many) and p+ (!zero, many)
// with set semantics.
func (ex *exec) closure(g *activeGraph, p pathNode, s, o value, zero, many bool, emit emitPair) bool {
	switch {
	case s.bound():
		return ex.reach(g, p, s, o, zero, many, false, func(n value) bool { return emit(s, n) })
	case o.bound():
		return ex.reach(g, p, o, s, zero, many, true, func(n value) bool { return emit(n, o) })
	}
	// Both ends free: every node of the graph is a start (zero-length
	// paths connect each node to itself).
	starts, mem, ok := ex.pathStarts(g, p, zero)
	defer mem.release()
	if !ok {
		return false
	}
	for _, n := range starts {
		ok := ex.reach(g, p, n, value{}, zero, many, false, func(m value) bool { return emit(n, m) })
		if !ok {
			return false
		}
	}
	return true
}

// pathStarts lists the start nodes of a closure with both ends free: all
// nodes of the graph when zero-length paths count, else the subjects of p.
// The caller releases mem when it is done with the list.
func (ex *exec) pathStarts(g *activeGraph, p pathNode, zero bool) (starts []value, mem *holding, ok bool) {
	seen := newValueSet()
	mem = &holding{ex: ex}
	add := func(v value) bool {
		if seen.add(v) {
			starts = append(starts, v)
			if !mem.grow(mapEntry+2*valueSize+termBytes(v.term), "a property path's start nodes") {
				return false
			}
		}
		return ex.tick()
	}
	if zero {
		ok = ex.matchTriples(g, 0, 0, 0, func(s, _, o store.ID) bool {
			return add(value{id: s}) && add(value{id: o})
		})
	} else {
		ok = ex.pairs(g, p, value{}, value{}, func(s, _ value) bool { return add(s) })
	}
	// The set is garbage now; the list stays.
	mem.shrink(int64(seen.len()) * mapEntry)
	return starts, mem, ok && ex.err == nil
}

// reach calls fn with each node reachable from start along p (backwards
// when inverse): start itself when zero, one step when !many, any number
// of steps when many. When target is bound only it is reported, once.
func (ex *exec) reach(g *activeGraph, p pathNode, start, target value, zero, many, inverse bool, fn func(value) bool) bool {
	visited := newValueSet()
	mem := holding{ex: ex}
	defer mem.release()
	// visit adds n to the visited set; false when it was there already or
	// the memory budget is exhausted (check ex.err).
	visit := func(n value) bool {
		if !visited.add(n) {
			return false
		}
		return mem.grow(mapEntry+valueSize+termBytes(n.term), "a property path closure")
	}
	found, stopped := false, false
	// report hands n on and says whether the search goes on.
	report := func(n value) bool {
		if target.bound() {
			if !n.same(target) {
				return true
			}
			found = true
			stopped = !fn(n)
			return false
		}
		stopped = !fn(n)
		return !stopped
	}
	step := func(n value, next func(value) bool) bool {
		if inverse {
			return ex.pairs(g, p, value{}, n, func(m, _ value) bool { return next(m) })
		}
		return ex.pairs(g, p, n, value{}, func(_, m value) bool { return next(m) })
	}
	finished := func() bool { return !stopped && ex.err == nil }
	if zero {
		if !visit(start) && ex.err != nil {
			return false
		}
		if !report(start) {
			return finished()
		}
	}
	if !many {
		step(start, func(m value) bool {
			if !visit(m) {
				return ex.err == nil && ex.tick()
			}
			return report(m)
		})
		return finished()
	}
	queue := []value{start}
	for len(queue) > 0 && !found {
		n := queue[0]
		queue = queue[1:]
		ok := step(n, func(m value) bool {
			if !visit(m) {
				return ex.err == nil && ex.tick()
			}
			queue = append(queue, m)
			return report(m)
		})
		if !ok && !found {
			return finished()
		}
	}
	return finished()
}
