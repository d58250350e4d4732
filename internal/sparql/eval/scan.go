package eval

import (
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// position is one position of a quad pattern: a constant (id, or missing
// when the store does not hold the term, so nothing can match) or a slot.
type position struct {
	slot    int // -1 for a constant
	id      store.ID
	missing bool
}

// scanOp matches one triple pattern: an index range scan with the
// constants and the input's bindings as the key prefix.
type scanOp struct {
	s, p, o position
	graph   optimizer.GraphKind
	gslot   int // GraphVar: the graph variable's slot
	buf     row
}

// bindPos resolves a position against the input: the id to look up (0 for
// a free variable) and false if nothing can match.
func bindPos(p position, in row) (store.ID, bool) {
	if p.slot < 0 {
		return p.id, !p.missing
	}
	v := in[p.slot]
	if !v.bound() {
		return 0, true
	}
	if v.id == 0 {
		return 0, false // a term the store does not hold
	}
	return v.id, true
}

func (o *scanOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	var pat store.IDPattern
	var ok bool
	if pat.S, ok = bindPos(o.s, in); !ok {
		return true
	}
	if pat.P, ok = bindPos(o.p, in); !ok {
		return true
	}
	if pat.O, ok = bindPos(o.o, in); !ok {
		return true
	}
	// dedup removes the copies of a triple found in several graphs of a
	// merged default graph: graph-last indexes yield them one after another.
	dedup := false
	var inSet map[store.ID]struct{}
	var named *namedGraphs
	bindGraph := -1
	if o.graph == optimizer.GraphVar {
		gv := in[o.gslot]
		var err error
		if named, err = ex.namedGraphs(); err != nil {
			ex.fail(err)
			return false
		}
		if gv.bound() {
			if gv.id == 0 || !named.contains(gv.id) {
				return true
			}
			pat.G = gv.id
		} else {
			pat.AnyGraph = true
			bindGraph = o.gslot
		}
	} else {
		switch g.kind {
		case graphStoreDefault:
		case graphOne:
			pat.G = g.id
		case graphUnion:
			pat.AnyGraph, dedup = true, true
		case graphSet:
			pat.AnyGraph, dedup, inSet = true, true, g.set
		case graphNone:
			return true
		}
	}
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	buf := o.buf
	copy(buf, in)
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
		if bindGraph >= 0 && (q.G == 0 || !named.contains(q.G)) {
			continue
		}
		if !o.bindFree(buf, in, q, bindGraph) {
			continue
		}
		if !yield(buf) {
			return false
		}
	}
	return true
}

// bindFree sets the free variables of the pattern from q, and reports false
// when a variable that occurs twice gets two different values.
func (o *scanOp) bindFree(buf, in row, q store.IDQuad, gslot int) bool {
	// Reset the free slots first so that a repeated variable sees only
	// this quad's values.
	for _, p := range [...]position{o.s, o.p, o.o} {
		if p.slot >= 0 && !in[p.slot].bound() {
			buf[p.slot] = value{}
		}
	}
	if gslot >= 0 {
		buf[gslot] = value{}
	}
	set := func(slot int, id store.ID) bool {
		if slot < 0 || in[slot].bound() {
			return true
		}
		if cur := buf[slot]; cur.bound() {
			return cur.id == id
		}
		buf[slot] = value{id: id}
		return true
	}
	return set(o.s.slot, q.S) && set(o.p.slot, q.P) && set(o.o.slot, q.O) && set(gslot, q.G)
}
