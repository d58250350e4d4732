package funcs

import (
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Context carries what one query's function calls share: the instant NOW()
// returns, the base IRI IRI() resolves against, the source of RAND(), and
// the counter that makes BNODE() labels unique. Create it with NewContext;
// it is safe for concurrent use by the goroutines evaluating one query.
type Context struct {
	// Now is the value of NOW() for the whole query.
	Now time.Time
	// Base is the base IRI for IRI()/URI() of relative strings; empty means
	// relative strings are an error.
	Base string
	// Rand returns RAND()'s values in [0, 1); nil uses math/rand/v2.
	Rand func() float64
	// MaxStringBytes bounds the strings CONCAT, REPLACE and ENCODE_FOR_URI
	// may build (0: no bound); a longer result fails with ErrTooLarge
	// before it is allocated.
	MaxStringBytes int

	bnodePrefix string
	bnodeSeq    atomic.Uint64
}

var contextSeq atomic.Uint64

// NewContext returns a context for one query evaluated at now with the
// given base IRI. A zero now means time.Now().
func NewContext(now time.Time, base string) *Context {
	if now.IsZero() {
		now = time.Now()
	}
	return &Context{
		Now:         now,
		Base:        base,
		bnodePrefix: "f" + strconv.FormatUint(contextSeq.Add(1), 36) + "n",
	}
}

func (c *Context) random() float64 {
	if c != nil && c.Rand != nil {
		return c.Rand()
	}
	return rand.Float64()
}

// FreshBlank returns a blank node that no other call on any context
// returns. BNODE() uses it; the evaluator may too.
func (c *Context) FreshBlank() rdf.Term {
	if c == nil || c.bnodePrefix == "" {
		// A Context not made by NewContext still needs labels that cannot collide.
		return rdf.Blank("f" + strconv.FormatUint(contextSeq.Add(1), 36) + "z")
	}
	return rdf.Blank(c.bnodePrefix + strconv.FormatUint(c.bnodeSeq.Add(1), 36))
}

// SolutionScope holds what must stay the same within one solution: the
// blank node BNODE(str) gives for each str (§17.4.2.9). The evaluator keeps
// one per solution (or calls Reset between solutions). It is not safe for
// concurrent use; the zero value is ready.
type SolutionScope struct {
	labels map[string]rdf.Term
}

// Reset forgets the labels so that the scope can serve the next solution.
func (s *SolutionScope) Reset() {
	clear(s.labels)
}

func (s *SolutionScope) blank(ctx *Context, label string) rdf.Term {
	if t, ok := s.labels[label]; ok {
		return t
	}
	if s.labels == nil {
		s.labels = make(map[string]rdf.Term)
	}
	t := ctx.FreshBlank()
	s.labels[label] = t
	return t
}

func (c *Context) maxString() int {
	if c == nil {
		return 0
	}
	return c.MaxStringBytes
}

// checkSize fails with ErrTooLarge when fn would build a string of n bytes
// beyond the context's bound.
func (c *Context) checkSize(fn string, n int) error {
	if max := c.maxString(); max > 0 && n > max {
		return tooLarge(fn, n, max)
	}
	return nil
}
