package eval

import (
	"container/heap"
	"errors"
	"slices"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
)

// orderOp sorts its input by the ORDER BY conditions (stable, with
// funcs.OrderCompare; a condition that fails or is unbound sorts first).
// With a limit (an ORDER BY under LIMIT) it keeps only the first limit
// solutions in a heap instead of the whole input.
type orderOp struct {
	input operator
	keys  []exprFn
	desc  []bool
	limit int64 // offset+limit of an enclosing slice, or -1
	scope funcs.SolutionScope
	c     evalCtx
}

// sortedRow is a solution with its sort keys and arrival number (which
// makes the sort stable inside a heap).
type sortedRow struct {
	r    row
	keys []rdf.Term
	seq  int64
	size int64 // bytes, for the memory budget
}

// bytes estimates the memory sr holds.
func (sr *sortedRow) bytes() int64 {
	n := rowBytes(sr.r) + 2*ptrSize + 48 + sliceHeader
	for i := range sr.keys {
		n += termBytes(&sr.keys[i])
	}
	return n
}

var errAbortSort = errors.New("sort aborted")

func (o *orderOp) compare(a, b *sortedRow) int {
	for i, k := range a.keys {
		c := funcs.OrderCompare(k, b.keys[i])
		if c != 0 {
			if o.desc[i] {
				return -c
			}
			return c
		}
	}
	switch {
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

func (o *orderOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	var rows []*sortedRow
	h := &rowHeap{op: o}
	var seq int64
	mem := holding{ex: ex}
	defer mem.release()
	ok := o.input.run(ex, g, in, func(r row) bool {
		if !ex.hold() {
			return false
		}
		o.scope.Reset()
		o.c = evalCtx{ex: ex, g: g, r: r, scope: &o.scope}
		keys := make([]rdf.Term, len(o.keys))
		for i, f := range o.keys {
			t, err := f(&o.c)
			if err == nil {
				keys[i] = t
			}
		}
		if ex.err != nil {
			return false
		}
		sr := &sortedRow{r: r.clone(), keys: keys, seq: seq}
		sr.size = sr.bytes()
		seq++
		if o.limit < 0 {
			rows = append(rows, sr)
			return mem.grow(sr.size, "ORDER BY")
		}
		if int64(h.Len()) < o.limit {
			heap.Push(h, sr)
			return mem.grow(sr.size, "ORDER BY")
		} else if o.compare(sr, h.rows[0]) < 0 {
			mem.shrink(h.rows[0].size)
			h.rows[0] = sr
			heap.Fix(h, 0)
			return mem.grow(sr.size, "ORDER BY")
		}
		return true
	})
	if !ok || ex.err != nil {
		return false
	}
	if o.limit >= 0 {
		rows = h.rows
	}
	if !o.sort(ex, rows) {
		return false
	}
	for _, sr := range rows {
		if !yield(sr.r) {
			return false
		}
	}
	return true
}

// sort sorts rows, checking the context as it goes.
func (o *orderOp) sort(ex *exec, rows []*sortedRow) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if r != errAbortSort { //nolint:errorlint // sentinel identity
				panic(r)
			}
			ok = false
		}
	}()
	slices.SortFunc(rows, func(a, b *sortedRow) int {
		if !ex.tick() {
			panic(errAbortSort)
		}
		return o.compare(a, b)
	})
	return true
}

// rowHeap is a max-heap (by the order) of the best rows seen so far.
type rowHeap struct {
	op   *orderOp
	rows []*sortedRow
}

func (h *rowHeap) Len() int           { return len(h.rows) }
func (h *rowHeap) Less(i, j int) bool { return h.op.compare(h.rows[i], h.rows[j]) > 0 }
func (h *rowHeap) Swap(i, j int)      { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *rowHeap) Push(x any)         { h.rows = append(h.rows, x.(*sortedRow)) }
func (h *rowHeap) Pop() any {
	x := h.rows[len(h.rows)-1]
	h.rows = h.rows[:len(h.rows)-1]
	return x
}
