package eval

// projectOp runs its input (a sub-select's pattern, whose other variables
// are its own) with only the projected variables of the input solution,
// and merges the projected values back into it.
type projectOp struct {
	input operator
	slots []int
	sub   row
	out   row
}

func (o *projectOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.sub == nil {
		o.sub, o.out = ex.newRow(), ex.newRow()
	}
	sub := o.sub
	clear(sub)
	for _, s := range o.slots {
		sub[s] = in[s]
	}
	return o.input.run(ex, g, sub, func(r row) bool {
		copy(o.out, in)
		for _, s := range o.slots {
			v := r[s]
			if !v.bound() {
				continue
			}
			if o.out[s].bound() && !o.out[s].same(v) {
				return true
			}
			o.out[s] = v
		}
		return yield(o.out)
	})
}

// distinctOp removes duplicate solutions; it keeps one key per distinct
// solution seen.
type distinctOp struct {
	input operator
	key   []byte
}

func (o *distinctOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	seen := map[string]struct{}{}
	mem := holding{ex: ex}
	defer mem.release()
	return o.input.run(ex, g, in, func(r row) bool {
		o.key = appendFullKey(o.key[:0], r)
		if _, dup := seen[string(o.key)]; dup {
			return true
		}
		if !ex.hold() || !mem.grow(mapEntry+int64(len(o.key)), "DISTINCT") {
			return false
		}
		seen[string(o.key)] = struct{}{}
		return yield(r)
	})
}

// reducedOp removes consecutive duplicates, which REDUCED permits.
type reducedOp struct {
	input operator
	prev  row
}

func (o *reducedOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	have := false
	return o.input.run(ex, g, in, func(r row) bool {
		if have && sameRow(o.prev, r) {
			return true
		}
		if o.prev == nil {
			o.prev = make(row, len(r))
		}
		copy(o.prev, r)
		have = true
		return yield(r)
	})
}

func sameRow(a, b row) bool {
	for i := range a {
		if !a[i].same(b[i]) {
			return false
		}
	}
	return true
}

// sliceOp skips offset solutions and stops after limit (negative: none).
type sliceOp struct {
	input         operator
	offset, limit int64
}

func (o *sliceOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.limit == 0 {
		return true
	}
	var n, emitted int64
	stopped := false
	ok := o.input.run(ex, g, in, func(r row) bool {
		n++
		if n <= o.offset {
			return true
		}
		emitted++
		if !yield(r) {
			return false
		}
		if o.limit >= 0 && emitted >= o.limit {
			stopped = true
			return false
		}
		return true
	})
	// Reaching the limit is not the consumer asking to stop.
	return ok || (stopped && ex.err == nil)
}
