package eval

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/store"
)

// filterOp keeps the solutions for which the condition holds.
type filterOp struct {
	input operator
	cond  *condition
}

func (o *filterOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	return o.input.run(ex, g, in, func(r row) bool {
		if !o.cond.holds(ex, g, r) {
			return ex.err == nil
		}
		return yield(r)
	})
}

// extendOp binds variables to expression values (BIND, SELECT
// expressions); a failing expression leaves its variable unbound.
type extendOp struct {
	input operator
	slots []int
	exprs []valueFn
	buf   row
	scope funcs.SolutionScope
	c     evalCtx
}

func (o *extendOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	return o.input.run(ex, g, in, func(r row) bool {
		buf := o.buf
		copy(buf, r)
		o.scope.Reset()
		o.c = evalCtx{ex: ex, g: g, r: buf, scope: &o.scope}
		for i, f := range o.exprs {
			v, err := f(&o.c)
			if ex.err != nil {
				return false
			}
			if err != nil {
				v = value{}
			}
			s := o.slots[i]
			if buf[s].bound() {
				// Bound by the input (only in EXISTS substitution):
				// the extension must agree with it.
				if v.bound() && !v.same(buf[s]) {
					return true
				}
				continue
			}
			buf[s] = v
		}
		return yield(buf)
	})
}

// valuesOp yields the rows of inline data compatible with the input.
type valuesOp struct {
	rows []row
	buf  row
}

func (o *valuesOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	for _, r := range o.rows {
		if !ex.tick() {
			return false
		}
		if !compatible(in, r) {
			continue
		}
		mergeInto(o.buf, in, r)
		if !yield(o.buf) {
			return false
		}
	}
	return true
}

// graphLoopOp evaluates its input in each named graph the name matches.
type graphLoopOp struct {
	input operator
	slot  int      // the graph variable's slot, or -1
	name  rdf.Term // a constant graph name
	buf   row
}

func (o *graphLoopOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	named, err := ex.namedGraphs()
	if err != nil {
		ex.fail(err)
		return false
	}
	var graphs []store.ID
	switch {
	case o.slot < 0:
		id, ok := ex.r.TermID(o.name)
		if !ok || !named.contains(id) {
			return true
		}
		graphs = []store.ID{id}
	case in[o.slot].bound():
		v := in[o.slot]
		if v.id == 0 || !named.contains(v.id) {
			return true
		}
		graphs = []store.ID{v.id}
	default:
		graphs = named.ids
	}
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	for _, id := range graphs {
		if !ex.tick() {
			return false
		}
		ag := graphNamed(id)
		ok := o.input.run(ex, ag, in, func(r row) bool {
			if o.slot < 0 {
				return yield(r)
			}
			if v := r[o.slot]; v.bound() {
				if v.id != id {
					return true
				}
				return yield(r)
			}
			copy(o.buf, r)
			o.buf[o.slot] = value{id: id}
			return yield(o.buf)
		})
		if !ok {
			return false
		}
	}
	return true
}

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
	return o.input.run(ex, g, in, func(r row) bool {
		o.key = appendFullKey(o.key[:0], r)
		if _, dup := seen[string(o.key)]; dup {
			return true
		}
		if !ex.hold() {
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
