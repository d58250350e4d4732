package eval

// pathOp matches a property path between a subject and an object, each a
// constant or a variable (fixed when the input binds it).
type pathOp struct {
	path              pathNode
	subj, obj         value // constants
	subjSlot, objSlot int   // -1 for a constant
	buf               row
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
	if o.subjSlot >= 0 && o.subjSlot == o.objSlot && !s.bound() {
		// ?x path ?x: try each node as both ends.
		starts, ok := ex.pathStarts(g, o.path, true)
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
