package eval

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

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
