package eval

import "github.com/skillsmap/skillsmap/internal/store"

// pathOp matches a property path between a subject and an object, each a
// constant or a variable (fixed when the input binds it).
type pathOp struct {
	path              pathNode
	subj, obj         value // constants
	subjSlot, objSlot int   // -1 for a constant
	zeroLength        bool  // the path can have length zero
	buf               row
}

// canBeZero reports whether p connects a node to itself by a path of length
// zero.
func canBeZero(p pathNode) bool {
	switch p := p.(type) {
	case pathZeroOrMore, pathZeroOrOne:
		return true
	case pathSeq:
		return canBeZero(p.l) && canBeZero(p.r)
	case pathAlt:
		return canBeZero(p.l) || canBeZero(p.r)
	case pathInverse:
		return canBeZero(p.p)
	}
	return false
}

// inGraph reports whether v is the subject or object of a triple of g.
func (ex *exec) inGraph(g *activeGraph, v value) (in, ok bool) {
	if v.id == 0 {
		return false, true
	}
	for _, pat := range [2][3]store.ID{{v.id, 0, 0}, {0, 0, v.id}} {
		ok := ex.matchTriples(g, pat[0], pat[1], pat[2], func(_, _, _ store.ID) bool {
			in = true
			return false
		})
		if in {
			return true, true
		}
		if !ok {
			return false, false
		}
	}
	return false, ex.err == nil
}

func (o *pathOp) end(slot int, c value, in row) value {
	if slot < 0 {
		return c
	}
	return in[slot]
}

func (o *pathOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	s, obj := o.end(o.subjSlot, o.subj, in), o.end(o.objSlot, o.obj, in)
	buf := o.buf
	copy(buf, in)
	if o.zeroLength {
		// A variable end bound by the input must be a node of the graph:
		// evaluated on its own, the path only gives graph nodes for its
		// variables (zero-length paths reach terms outside the graph only
		// from a constant end).
		for _, end := range [...]struct {
			slot int
			v    value
		}{{o.subjSlot, s}, {o.objSlot, obj}} {
			if end.slot < 0 || !end.v.bound() {
				continue
			}
			in, ok := ex.inGraph(g, end.v)
			if !ok {
				return false
			}
			if in {
				continue
			}
			// Only the zero-length path to an equal constant end remains.
			other, otherSlot := obj, o.objSlot
			if end.slot == o.objSlot {
				other, otherSlot = s, o.subjSlot
			}
			if otherSlot < 0 && other.same(end.v) {
				return yield(buf)
			}
			return true
		}
	}
	if o.subjSlot >= 0 && o.subjSlot == o.objSlot && !s.bound() {
		// ?x path ?x: try each node as both ends.
		starts, mem, ok := ex.pathStarts(g, o.path, true)
		defer mem.release()
		if !ok {
			return false
		}
		for _, n := range starts {
			ok := ex.pairs(g, o.path, n, n, func(a, _ value) bool {
				buf[o.subjSlot] = a
				return yield(buf)
			})
			if !ok {
				return false
			}
		}
		return true
	}
	return ex.pairs(g, o.path, s, obj, func(a, b value) bool {
		if !ex.tick() {
			return false
		}
		if o.subjSlot >= 0 && !s.bound() {
			buf[o.subjSlot] = a
		}
		if o.objSlot >= 0 && !obj.bound() {
			buf[o.objSlot] = b
		}
		return yield(buf)
	})
}
