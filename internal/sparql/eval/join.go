package eval

// bindJoinOp is a nested-loop join: the right side runs once per left
// solution, with that solution as its input, so scans on the right look
// up the left's bindings in the index.
type bindJoinOp struct {
	left, right operator
}

func (o *bindJoinOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	return o.left.run(ex, g, in, func(l row) bool {
		return o.right.run(ex, g, l, yield)
	})
}

// hashTable holds the solutions of one side of a hash join, by the values
// of the key slots.
type hashTable struct {
	keys    []int
	buckets map[string][]row
	loose   []row // rows leaving a key slot unbound: candidates for every probe
	all     []row // without keys: every row
	keyBuf  []byte
	mem     holding // what the table holds
}

func newHashTable(ex *exec, keys []int) *hashTable {
	return &hashTable{keys: keys, buckets: map[string][]row{}, mem: holding{ex: ex}}
}

// add keeps a copy of r; false when the memory budget is exceeded.
func (h *hashTable) add(r row) bool {
	r = r.clone()
	size := rowBytes(r) + ptrSize*2 // the row and its place in a slice
	if len(h.keys) == 0 {
		h.all = append(h.all, r)
		return h.mem.grow(size, "a hash join's table")
	}
	for _, k := range h.keys {
		if !r[k].bound() {
			h.loose = append(h.loose, r)
			return h.mem.grow(size, "a hash join's table")
		}
	}
	h.keyBuf = appendRowKey(h.keyBuf[:0], r, h.keys)
	b, ok := h.buckets[string(h.keyBuf)]
	if !ok {
		size += mapEntry + sliceHeader + int64(len(h.keyBuf))
	}
	h.buckets[string(h.keyBuf)] = append(b, r)
	return h.mem.grow(size, "a hash join's table")
}

// release gives the table's memory back to the budget.
func (h *hashTable) release() { h.mem.release() }

// probe calls fn with every row that may be compatible with r, until fn
// returns false.
func (h *hashTable) probe(r row, fn func(row) bool) bool {
	if len(h.keys) == 0 {
		for _, c := range h.all {
			if !fn(c) {
				return false
			}
		}
		return true
	}
	keyed := true
	for _, k := range h.keys {
		if !r[k].bound() {
			keyed = false
			break
		}
	}
	if keyed {
		h.keyBuf = appendRowKey(h.keyBuf[:0], r, h.keys)
		for _, c := range h.buckets[string(h.keyBuf)] {
			if !fn(c) {
				return false
			}
		}
	} else {
		for _, b := range h.buckets {
			for _, c := range b {
				if !fn(c) {
					return false
				}
			}
		}
	}
	for _, c := range h.loose {
		if !fn(c) {
			return false
		}
	}
	return true
}

// build runs op and keeps its solutions.
func buildHash(ex *exec, g *activeGraph, op operator, in row, keys []int) (*hashTable, bool) {
	h := newHashTable(ex, keys)
	ok := op.run(ex, g, in, func(r row) bool {
		if !ex.hold() {
			return false
		}
		return h.add(r)
	})
	if !ok || ex.err != nil {
		h.release()
		return nil, false
	}
	return h, true
}

// hashJoinOp evaluates the right side once into a hash table and probes it
// with each left solution.
type hashJoinOp struct {
	left, right operator
	keys        []int
	buf         row
}

func (o *hashJoinOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	h, ok := buildHash(ex, g, o.right, in, o.keys)
	if !ok {
		return false
	}
	defer h.release()
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	return o.left.run(ex, g, in, func(l row) bool {
		return h.probe(l, func(r row) bool {
			if !ex.tick() {
				return false
			}
			if !compatible(l, r) {
				return true
			}
			mergeInto(o.buf, l, r)
			return yield(o.buf)
		})
	})
}

// leftJoinOp is OPTIONAL by nested loops: the right side runs with each
// left solution as input.
type leftJoinOp struct {
	left, right operator
	cond        *condition // nil: no condition
}

func (o *leftJoinOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	return o.left.run(ex, g, in, func(l row) bool {
		matched := false
		ok := o.right.run(ex, g, l, func(r row) bool {
			if o.cond != nil && !o.cond.holds(ex, g, r) {
				return ex.err == nil
			}
			matched = true
			return yield(r)
		})
		if !ok {
			return false
		}
		if !matched {
			return yield(l)
		}
		return true
	})
}

// hashLeftJoinOp is OPTIONAL with the right side evaluated once into a
// hash table.
type hashLeftJoinOp struct {
	left, right operator
	keys        []int
	cond        *condition
	buf         row
}

func (o *hashLeftJoinOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	h, ok := buildHash(ex, g, o.right, in, o.keys)
	if !ok {
		return false
	}
	defer h.release()
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	return o.left.run(ex, g, in, func(l row) bool {
		matched := false
		ok := h.probe(l, func(r row) bool {
			if !ex.tick() {
				return false
			}
			if !compatible(l, r) {
				return true
			}
			mergeInto(o.buf, l, r)
			if o.cond != nil && !o.cond.holds(ex, g, o.buf) {
				return ex.err == nil
			}
			matched = true
			return yield(o.buf)
		})
		if !ok {
			return false
		}
		if !matched {
			return yield(l)
		}
		return true
	})
}

// probeMinusOp is MINUS when both sides certainly bind the key variables:
// a left solution is removed when the right side, run with it as input,
// has any solution (every such solution shares the keys with it).
type probeMinusOp struct {
	left, right operator
}

func (o *probeMinusOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	return o.left.run(ex, g, in, func(l row) bool {
		found := false
		o.right.run(ex, g, l, func(row) bool {
			found = true
			return false
		})
		if ex.err != nil {
			return false
		}
		if found {
			return true
		}
		return yield(l)
	})
}

// hashMinusOp is MINUS with the right side evaluated once (without the
// input's bindings, which are not part of its solutions).
type hashMinusOp struct {
	left, right operator
	keys        []int
	empty       row
}

func (o *hashMinusOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.empty == nil {
		o.empty = ex.newRow()
	}
	h, ok := buildHash(ex, g, o.right, o.empty, o.keys)
	if !ok {
		return false
	}
	defer h.release()
	return o.left.run(ex, g, in, func(l row) bool {
		removed := false
		h.probe(l, func(r row) bool {
			if compatible(l, r) && overlaps(l, r) {
				removed = true
				return false
			}
			return ex.tick()
		})
		if ex.err != nil {
			return false
		}
		if removed {
			return true
		}
		return yield(l)
	})
}

// unionOp is the bag union of its inputs.
type unionOp struct {
	left, right operator
}

func (o *unionOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	return o.left.run(ex, g, in, yield) && o.right.run(ex, g, in, yield)
}
