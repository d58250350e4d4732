package eval

import (
	"fmt"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
)

// groupOp is GROUP BY with aggregates (§18.5). It holds one entry per
// group (the key values and each aggregate's running state, plus a set of
// values for DISTINCT aggregates); groups come out in order of first
// appearance.
type groupOp struct {
	input    operator
	keys     []valueFn
	keySlots []int // -1: the key binds no variable
	aggs     []aggregateSpec
	implicit bool // no GROUP BY: one group even for no solutions
	scope    funcs.SolutionScope
	c        evalCtx
}

type aggregateSpec struct {
	fn       algebra.AggregateFunc
	distinct bool
	expr     exprFn // nil for COUNT(*) and COUNT(?v)
	sep      string
	slot     int
	// countSlot is the variable of COUNT(?v), or -1.
	countSlot int
}

type groupState struct {
	keys []value
	accs []accumulator
}

func (o *groupOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	groups := map[string]*groupState{}
	var order []*groupState
	var keyBuf []byte
	keyVals := make([]value, len(o.keys))
	mem := &holding{ex: ex}
	defer mem.release()
	newGroup := func() (*groupState, bool) {
		st := &groupState{keys: append([]value(nil), keyVals...), accs: make([]accumulator, len(o.aggs))}
		size := int64(mapEntry + len(keyBuf) + 2*sliceHeader + 2*ptrSize + valueSize*len(st.keys) + 64*len(st.accs))
		for _, v := range st.keys {
			size += termBytes(v.term)
		}
		for i, a := range o.aggs {
			st.accs[i] = newAccumulator(a, mem)
		}
		return st, mem.grow(size, "GROUP BY")
	}
	if o.implicit {
		st, _ := newGroup()
		groups[""] = st
		order = append(order, st)
	}
	ok := o.input.run(ex, g, in, func(r row) bool {
		if !ex.tick() {
			return false
		}
		o.scope.Reset()
		o.c = evalCtx{ex: ex, g: g, r: r, scope: &o.scope}
		keyBuf = keyBuf[:0]
		for i, k := range o.keys {
			v, err := k(&o.c)
			if err != nil {
				v = value{}
			}
			keyVals[i] = v
			keyBuf = appendValueKey(keyBuf, v)
		}
		st, found := groups[string(keyBuf)]
		if !found {
			if !ex.hold() {
				return false
			}
			var ok bool
			if st, ok = newGroup(); !ok {
				return false
			}
			groups[string(keyBuf)] = st
			order = append(order, st)
		}
		for i, a := range o.aggs {
			if a.countSlot >= 0 {
				st.accs[i].addValue(r[a.countSlot])
				continue
			}
			if a.expr == nil { // COUNT(*)
				st.accs[i].addRow(r)
				continue
			}
			t, err := a.expr(&o.c)
			if err == nil && t.IsZero() {
				err = errUnbound
			}
			st.accs[i].add(t, err)
		}
		return ex.err == nil
	})
	if !ok || ex.err != nil {
		return false
	}
	out := ex.newRow()
	for _, st := range order {
		if !ex.tick() {
			return false
		}
		copy(out, in)
		clash := false
		set := func(slot int, v value) {
			if slot < 0 || !v.bound() {
				return
			}
			if out[slot].bound() && !out[slot].same(v) {
				clash = true
			}
			out[slot] = v
		}
		for i, s := range o.keySlots {
			set(s, st.keys[i])
		}
		for i, a := range o.aggs {
			if t, ok := st.accs[i].result(); ok {
				set(a.slot, ex.intern(t))
			}
		}
		if clash {
			continue
		}
		if !yield(out) {
			return false
		}
	}
	return true
}

// accumulator computes one aggregate over a group.
type accumulator interface {
	// add adds the value of the aggregate's expression for one solution
	// (err set when the expression failed or was unbound).
	add(t rdf.Term, err error)
	// addRow adds a solution for COUNT(*).
	addRow(r row)
	// addValue adds the value of the variable of COUNT(?v).
	addValue(v value)
	// result returns the aggregate's value, or false for an error.
	result() (rdf.Term, bool)
}

// newAccumulator makes the accumulator of a; those that grow with their
// group (GROUP_CONCAT, DISTINCT) charge mem.
func newAccumulator(a aggregateSpec, mem *holding) accumulator {
	var acc accumulator
	switch a.fn {
	case algebra.AggCount:
		acc = &countAcc{}
	case algebra.AggSum:
		acc = &sumAcc{sum: zeroInteger}
	case algebra.AggAvg:
		acc = &avgAcc{sum: zeroInteger}
	case algebra.AggMin:
		acc = &extremeAcc{want: -1}
	case algebra.AggMax:
		acc = &extremeAcc{want: 1}
	case algebra.AggSample:
		acc = &sampleAcc{}
	case algebra.AggGroupConcat:
		acc = &concatAcc{sep: a.sep, mem: mem}
	default:
		acc = &failedAcc{}
	}
	if a.distinct {
		return &distinctAcc{inner: acc, seen: map[rdf.Term]struct{}{}, rows: map[string]struct{}{}, mem: mem}
	}
	return acc
}

var zeroInteger = rdf.Literal("0", rdf.XSDInteger)

// distinctAcc passes each distinct value (or, for COUNT(DISTINCT *), each
// distinct solution) to its inner accumulator once.
type distinctAcc struct {
	inner  accumulator
	seen   map[rdf.Term]struct{}
	rows   map[string]struct{}
	key    []byte
	failed bool
	mem    *holding
}

func (d *distinctAcc) add(t rdf.Term, err error) {
	if err != nil {
		if !d.failed {
			d.failed = true
			d.inner.add(t, err)
		}
		return
	}
	if _, dup := d.seen[t]; dup {
		return
	}
	d.seen[t] = struct{}{}
	if !d.mem.grow(mapEntry+termBytes(&t), "a DISTINCT aggregate") {
		return
	}
	d.inner.add(t, nil)
}

func (d *distinctAcc) addRow(r row) {
	d.key = appendFullKey(d.key[:0], r)
	if _, dup := d.rows[string(d.key)]; dup {
		return
	}
	d.rows[string(d.key)] = struct{}{}
	if !d.mem.grow(mapEntry+int64(len(d.key)), "a DISTINCT aggregate") {
		return
	}
	d.inner.addRow(r)
}

func (d *distinctAcc) addValue(v value) {
	if !v.bound() {
		return
	}
	d.key = appendValueKey(d.key[:0], v)
	if _, dup := d.rows[string(d.key)]; dup {
		return
	}
	d.rows[string(d.key)] = struct{}{}
	if !d.mem.grow(mapEntry+int64(len(d.key)), "a DISTINCT aggregate") {
		return
	}
	d.inner.addValue(v)
}

func (d *distinctAcc) result() (rdf.Term, bool) { return d.inner.result() }

// countAcc is COUNT: the solutions for which the expression has a value.
type countAcc struct{ n int64 }

func (c *countAcc) add(_ rdf.Term, err error) {
	if err == nil {
		c.n++
	}
}
func (c *countAcc) addRow(row) { c.n++ }
func (c *countAcc) addValue(v value) {
	if v.bound() {
		c.n++
	}
}
func (c *countAcc) result() (rdf.Term, bool) {
	return rdf.Literal(fmt.Sprint(c.n), rdf.XSDInteger), true
}

// sumAcc is SUM: numeric addition; any error makes the sum an error.
type sumAcc struct {
	sum    rdf.Term
	failed bool
}

func (s *sumAcc) add(t rdf.Term, err error) {
	if s.failed {
		return
	}
	if err != nil {
		s.failed = true
		return
	}
	if s.sum, err = funcs.Add(s.sum, t); err != nil {
		s.failed = true
	}
}
func (s *sumAcc) addRow(row)       { s.failed = true }
func (s *sumAcc) addValue(v value) { s.failed = true }
func (s *sumAcc) result() (rdf.Term, bool) {
	return s.sum, !s.failed
}

// avgAcc is AVG: the sum divided by the count (0 for no values).
type avgAcc struct {
	sum    rdf.Term
	n      int64
	failed bool
}

func (a *avgAcc) add(t rdf.Term, err error) {
	if a.failed {
		return
	}
	if err != nil {
		a.failed = true
		return
	}
	if a.sum, err = funcs.Add(a.sum, t); err != nil {
		a.failed = true
	}
	a.n++
}
func (a *avgAcc) addRow(row)       { a.failed = true }
func (a *avgAcc) addValue(v value) { a.failed = true }
func (a *avgAcc) result() (rdf.Term, bool) {
	if a.failed {
		return rdf.Term{}, false
	}
	if a.n == 0 {
		return zeroInteger, true
	}
	t, err := funcs.Divide(a.sum, rdf.Literal(fmt.Sprint(a.n), rdf.XSDInteger))
	return t, err == nil
}

// extremeAcc is MIN (want -1) and MAX (want 1) in the ORDER BY order;
// values that fail are skipped.
type extremeAcc struct {
	want int
	best rdf.Term
}

func (e *extremeAcc) add(t rdf.Term, err error) {
	if err != nil {
		return
	}
	if e.best.IsZero() || funcs.OrderCompare(t, e.best)*e.want > 0 {
		e.best = t
	}
}
func (e *extremeAcc) addRow(row)     {}
func (e *extremeAcc) addValue(value) {}
func (e *extremeAcc) result() (rdf.Term, bool) {
	return e.best, !e.best.IsZero()
}

// sampleAcc is SAMPLE: the first value.
type sampleAcc struct{ v rdf.Term }

func (s *sampleAcc) add(t rdf.Term, err error) {
	if err == nil && s.v.IsZero() {
		s.v = t
	}
}
func (s *sampleAcc) addRow(row)     {}
func (s *sampleAcc) addValue(value) {}
func (s *sampleAcc) result() (rdf.Term, bool) {
	return s.v, !s.v.IsZero()
}

// concatAcc is GROUP_CONCAT: the string values (lexical forms, IRIs as
// their string, as STR gives them) joined by the separator, as a simple
// literal (the W3C tests expect no language tag even when all values share
// one). A blank node or an error makes the result an error.
type concatAcc struct {
	sep    string
	b      strings.Builder
	n      int
	failed bool
	mem    *holding
}

func (c *concatAcc) add(t rdf.Term, err error) {
	if c.failed {
		return
	}
	if err != nil || t.IsBlank() {
		c.failed = true
		return
	}
	// Charge the string before it grows. The builder doubles its buffer
	// and the old one stays until the collector runs, so the new buffer
	// must fit beside everything the query holds.
	extra := len(t.Value)
	if c.n > 0 {
		extra += len(c.sep)
	}
	if old := c.b.Cap(); c.b.Len()+extra > old {
		predicted := int64(2*old + extra)
		if !c.mem.ex.fits(predicted, "GROUP_CONCAT") || !c.mem.grow(predicted-int64(old), "GROUP_CONCAT") {
			c.failed = true
			return
		}
		c.b.Grow(extra)
		c.mem.grow(int64(c.b.Cap())-predicted, "GROUP_CONCAT") // the exact size
	}
	if c.n > 0 {
		c.b.WriteString(c.sep)
	}
	c.b.WriteString(t.Value)
	c.n++
}
func (c *concatAcc) addRow(row)     { c.failed = true }
func (c *concatAcc) addValue(value) { c.failed = true }
func (c *concatAcc) result() (rdf.Term, bool) {
	if c.failed {
		return rdf.Term{}, false
	}
	return rdf.String(c.b.String()), true
}

// failedAcc is an aggregate the evaluator cannot compute.
type failedAcc struct{}

func (failedAcc) add(rdf.Term, error)      {}
func (failedAcc) addRow(row)               {}
func (failedAcc) addValue(value)           {}
func (failedAcc) result() (rdf.Term, bool) { return rdf.Term{}, false }
