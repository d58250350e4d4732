package eval

import "github.com/skillsmap/skillsmap/internal/sparql/funcs"

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
