package eval

// operator evaluates one node of the plan.
//
// run calls yield with each solution of {in} ⋈ ⟦node⟧ in the active graph
// g, until yield returns false. It returns false when it stopped early:
// because yield asked to, or because of an error, which it records with
// exec.fail. The rows passed to yield are borrowed: valid until yield
// returns, and to be cloned by a consumer that keeps them. in is borrowed
// too and must not be modified.
//
// An operator instance is never run while it is already running (a node
// has one parent, which runs it to completion or abandons it before running
// it again), so it may keep scratch buffers.
type operator interface {
	run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool
}

// restrictOp runs its input without the bindings of the blocked slots and
// merges them back afterwards (checking compatibility). It guards
// operators whose result would change if those variables were bound while
// they run: a FILTER reading a variable its pattern may leave unbound, the
// optional side of a left join, a sub-select's LIMIT, a group.
type restrictOp struct {
	input   operator
	blocked []int
	sub     row
	out     row
}

func (o *restrictOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	hit := false
	for _, s := range o.blocked {
		if in[s].bound() {
			hit = true
			break
		}
	}
	if !hit {
		return o.input.run(ex, g, in, yield)
	}
	if o.sub == nil {
		o.sub, o.out = make(row, len(in)), make(row, len(in))
	}
	sub, out := o.sub, o.out
	copy(sub, in)
	for _, s := range o.blocked {
		sub[s] = value{}
	}
	return o.input.run(ex, g, sub, func(r row) bool {
		copy(out, r)
		for _, s := range o.blocked {
			if !in[s].bound() {
				continue
			}
			if r[s].bound() && !r[s].same(in[s]) {
				return true
			}
			out[s] = in[s]
		}
		return yield(out)
	})
}

// guardOp detects an operator being re-entered (an evaluator bug that
// would corrupt its scratch buffers) instead of silently computing garbage.
type guardOp struct {
	input   operator
	running bool
}

func (o *guardOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	if o.running {
		ex.fail(errReentered)
		return false
	}
	o.running = true
	defer func() { o.running = false }()
	return o.input.run(ex, g, in, yield)
}
