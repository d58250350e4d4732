package eval

import (
	"errors"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// ErrMemoryBudget is returned when the data a query's operators hold
// (hash tables, sorts, groups and their aggregates, DISTINCT sets, path
// closures, an update's change set) would exceed Options.MaxMemoryBytes.
var ErrMemoryBudget = errors.New("sparql: query exceeds the memory budget")

// MemoryError is the error of a query stopped by its memory budget: it says
// which limit was hit and how much the query wanted to hold.
type MemoryError struct {
	Limit int64 // Options.MaxMemoryBytes
	Need  int64 // what the query tried to hold, in bytes
	What  string
}

func (e *MemoryError) Error() string {
	if e.Need == 0 {
		return fmt.Sprintf("%v: %s (the limit is %s)", ErrMemoryBudget, e.What, FormatBytes(e.Limit))
	}
	return fmt.Sprintf("%v: %s would need more than %s (the limit is %s)", ErrMemoryBudget, e.What, FormatBytes(e.Need), FormatBytes(e.Limit))
}

// Unwrap makes the error match ErrMemoryBudget.
func (e *MemoryError) Unwrap() error { return ErrMemoryBudget }

// FormatBytes writes a byte count for people: "64 MiB", "1.5 GiB", "512 B".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	suffix := [...]string{"KiB", "MiB", "GiB", "TiB", "PiB"}[exp]
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), suffix)
	}
	return fmt.Sprintf("%.1f %s", v, suffix)
}

// Sizes used to estimate what operators hold. They are deliberately on the
// generous side of what the Go runtime allocates, so that the budget bounds
// the heap rather than a lower figure.
const (
	sliceHeader  = 24 // a slice header
	valueSize    = 16 // a value: an id and a term pointer
	termOverhead = 72 // an rdf.Term (kind and three string headers) behind a pointer
	mapEntry     = 48 // a Go map entry with its share of buckets and growth
	ptrSize      = 8
)

// termBytes is the memory a term held by pointer takes.
func termBytes(t *rdf.Term) int64 {
	if t == nil {
		return 0
	}
	return termOverhead + int64(len(t.Value)+len(t.Lang)+len(t.Datatype))
}

// rowBytes is the memory a cloned row takes, including the terms its
// computed values point to.
func rowBytes(r row) int64 {
	n := int64(sliceHeader + valueSize*len(r))
	for _, v := range r {
		n += termBytes(v.term)
	}
	return n
}

// tripleBytes is the memory a decoded triple kept in a set or list takes.
func tripleBytes(t rdf.Triple) int64 {
	return 3*termOverhead + int64(len(t.S.Value)+len(t.P.Value)+len(t.O.Value)+len(t.O.Lang)+len(t.O.Datatype))
}

// quadBytes is the memory a decoded quad takes.
func quadBytes(q rdf.Quad) int64 {
	return tripleBytes(q.Triple()) + termOverhead + int64(len(q.G.Value))
}

// grow charges n bytes that an operator now holds, for what (a short
// description for the error: "GROUP BY", "ORDER BY", …). It reports false,
// with ErrMemoryBudget recorded, when the query's holdings would exceed its
// budget. Every grow is matched by a shrink when the operator lets go.
func (ex *exec) grow(n int64, what string) bool {
	ex.mem += n
	if ex.mem > ex.peak {
		ex.peak = ex.mem
	}
	if max := ex.opts.MaxMemoryBytes; max > 0 && ex.mem > max {
		ex.fail(&MemoryError{Limit: max, Need: ex.mem, What: what})
		return false
	}
	return ex.err == nil
}

// shrink releases n bytes charged with grow.
func (ex *exec) shrink(n int64) { ex.mem -= n }

// fits reports whether a value of n bytes that exists only for a moment
// (a computed string) fits in the budget next to what the query holds; if
// not, the query fails with ErrMemoryBudget.
func (ex *exec) fits(n int64, what string) bool {
	if max := ex.opts.MaxMemoryBytes; max > 0 && ex.mem+n > max {
		ex.fail(&MemoryError{Limit: max, Need: ex.mem + n, What: what})
		return false
	}
	return true
}

// maxValueBytes is the largest string an expression may compute: a quarter
// of the budget, so that a few of them in flight stay within it.
func (ex *exec) maxValueBytes() int {
	if max := ex.opts.MaxMemoryBytes; max > 0 {
		return int(max / 4)
	}
	return 0
}

// holding counts what one operator run holds, so that it can give it all back
// when it returns.
type holding struct {
	ex *exec
	n  int64
}

// grow charges n bytes to the operator run.
func (h *holding) grow(n int64, what string) bool {
	h.n += n
	return h.ex.grow(n, what)
}

// shrink gives back n bytes of the run.
func (h *holding) shrink(n int64) {
	h.n -= n
	h.ex.shrink(n)
}

// release gives back everything the run holds.
func (h *holding) release() {
	h.ex.shrink(h.n)
	h.n = 0
}
