package eval

import (
	"context"
	"fmt"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/store"
)

// maxConstructDedup bounds the set CONSTRUCT and DESCRIBE use to drop
// repeated triples; when it fills up (or holds a quarter of the query's
// memory budget) it is cleared, so a very large result may repeat a triple
// rather than hold the whole result in memory.
const maxConstructDedup = 1 << 20

// tripleDedup drops repeated triples, within its memory bound.
type tripleDedup struct {
	seen map[rdf.Triple]struct{}
	mem  holding
}

func newTripleDedup(ex *exec) *tripleDedup {
	return &tripleDedup{seen: map[rdf.Triple]struct{}{}, mem: holding{ex: ex}}
}

func (d *tripleDedup) fresh(t rdf.Triple) bool {
	if _, dup := d.seen[t]; dup {
		return false
	}
	size := mapEntry + tripleBytes(t)
	if len(d.seen) >= maxConstructDedup || (d.mem.ex.opts.MaxMemoryBytes > 0 && d.mem.n+size > d.mem.ex.opts.MaxMemoryBytes/4) {
		d.seen = map[rdf.Triple]struct{}{}
		d.mem.release()
	}
	d.seen[t] = struct{}{}
	d.mem.grow(size, "CONSTRUCT's duplicate filter")
	return true
}

// Construct evaluates a CONSTRUCT query: the template instantiated for
// each solution, blank nodes fresh per solution, triples with an unbound
// variable or an invalid term in some position skipped.
func Construct(ctx context.Context, r store.IDReader, q *algebra.Query, opts Options) (iter.Seq2[rdf.Triple, error], error) {
	ev, err := prepare(ctx, r, q.Pattern, withDataset(q, opts), false)
	if err != nil {
		return nil, err
	}
	blanks := newBlankMaker()
	tmpl := compileTemplate(ev, q.Template)
	return func(yield func(rdf.Triple, error) bool) {
		seen := newTripleDedup(ev.ex)
		defer seen.mem.release()
		stopped := false
		var decodeErr error
		err := ev.run(func(r row) bool {
			fresh := map[string]rdf.Term{}
			for _, tp := range tmpl {
				t, ok, err := tp.instantiate(ev.ex, r, func(label string) rdf.Term {
					b, ok := fresh[label]
					if !ok {
						b = blanks.fresh()
						fresh[label] = b
					}
					return b
				})
				if err != nil {
					decodeErr = err
					return false
				}
				if !ok || !seen.fresh(t) {
					if ev.ex.err != nil {
						return false
					}
					continue
				}
				if !yield(t, nil) {
					stopped = true
					return false
				}
			}
			return true
		})
		if stopped {
			return
		}
		if err == nil {
			err = decodeErr
		}
		if err != nil {
			yield(rdf.Triple{}, err)
		}
	}, nil
}

// templateTriple is a template triple with variables as slots.
type templateTriple struct {
	pos [3]templatePos
}

type templatePos struct {
	slot  int      // -1: not a variable
	term  rdf.Term // a constant, or a blank node label (blank set)
	blank bool
}

func compileTemplate(ev *evaluation, tmpl []algebra.TriplePattern) []templateTriple {
	out := make([]templateTriple, len(tmpl))
	for i, tp := range tmpl {
		for j, n := range [3]algebra.TermOrVar{tp.S, tp.P, tp.O} {
			p := templatePos{slot: -1}
			switch {
			case n.IsVar():
				p.slot = ev.slotOf(n.Var)
				if p.slot < 0 {
					p.slot = -2 // never bound
				}
			case n.Term.IsBlank():
				p.blank, p.term = true, n.Term
			default:
				p.term = n.Term
			}
			out[i].pos[j] = p
		}
	}
	return out
}

// instantiate returns the triple for solution r, and false if a position is
// unbound or holds a term that cannot stand there.
func (tt templateTriple) instantiate(ex *exec, r row, blank func(label string) rdf.Term) (rdf.Triple, bool, error) {
	var terms [3]rdf.Term
	for i, p := range tt.pos {
		switch {
		case p.slot == -2:
			return rdf.Triple{}, false, nil
		case p.slot >= 0:
			t, err := ex.term(r[p.slot])
			if err != nil {
				return rdf.Triple{}, false, fmt.Errorf("decode solution: %w", err)
			}
			if t.IsZero() {
				return rdf.Triple{}, false, nil
			}
			terms[i] = t
		case p.blank:
			terms[i] = blank(p.term.Value)
		default:
			terms[i] = p.term
		}
	}
	t := rdf.Triple{S: terms[0], P: terms[1], O: terms[2]}
	if !validTriple(t) {
		return rdf.Triple{}, false, nil
	}
	return t, true, nil
}

// validTriple reports whether t is an RDF triple: an IRI or blank subject,
// an IRI predicate.
func validTriple(t rdf.Triple) bool {
	return (t.S.IsIRI() || t.S.IsBlank()) && t.P.IsIRI() && !t.O.IsZero()
}

// Describe evaluates a DESCRIBE query: the concise bounded description of
// each resource named or bound to a described variable — every triple of
// the default graph with the resource as subject, and, through blank node
// objects, the descriptions of those blank nodes.
func Describe(ctx context.Context, r store.IDReader, q *algebra.Query, opts Options) (iter.Seq2[rdf.Triple, error], error) {
	ev, err := prepare(ctx, r, q.Pattern, withDataset(q, opts), false)
	if err != nil {
		return nil, err
	}
	ex := ev.ex
	return func(yield func(rdf.Triple, error) bool) {
		resources := newValueSet()
		var order []value
		mem := holding{ex: ex}
		defer mem.release()
		for _, n := range q.Describe {
			if !n.IsVar() {
				if v := ex.intern(n.Term); resources.add(v) {
					order = append(order, v)
					mem.grow(mapEntry+valueSize+termBytes(v.term), "DESCRIBE")
				}
			}
		}
		var slots []int
		for _, n := range q.Describe {
			if n.IsVar() {
				if s := ev.slotOf(n.Var); s >= 0 {
					slots = append(slots, s)
				}
			}
		}
		if len(slots) > 0 {
			if err := ev.run(func(r row) bool {
				for _, s := range slots {
					if v := r[s]; v.bound() && resources.add(v) {
						order = append(order, v)
						if !mem.grow(mapEntry+valueSize+termBytes(v.term), "DESCRIBE") {
							return false
						}
					}
				}
				return true
			}); err != nil {
				yield(rdf.Triple{}, err)
				return
			}
		}
		described := newValueSet()
		seen := newTripleDedup(ex)
		defer seen.mem.release()
		for len(order) > 0 {
			res := order[0]
			order = order[1:]
			if !described.add(res) || res.id == 0 {
				continue
			}
			var out []rdf.Triple
			var objects []value
			ok := ex.matchTriples(ex.defaultGraph, res.id, 0, 0, func(s, p, o store.ID) bool {
				var t rdf.Triple
				var err error
				if t.S, err = ex.r.Term(s); err == nil {
					if t.P, err = ex.r.Term(p); err == nil {
						t.O, err = ex.r.Term(o)
					}
				}
				if err != nil {
					ex.fail(err)
					return false
				}
				out = append(out, t)
				if !mem.grow(tripleBytes(t)+ptrSize, "DESCRIBE") {
					return false
				}
				if t.O.IsBlank() {
					objects = append(objects, value{id: o})
				}
				return true
			})
			if !ok || ex.err != nil {
				yield(rdf.Triple{}, ex.err)
				return
			}
			order = append(order, objects...)
			for _, t := range out {
				mem.shrink(tripleBytes(t) + ptrSize)
				if seen.fresh(t) && !yield(t, nil) {
					return
				}
				if ex.err != nil {
					yield(rdf.Triple{}, ex.err)
					return
				}
			}
		}
	}, nil
}
