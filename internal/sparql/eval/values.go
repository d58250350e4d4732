package eval

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
