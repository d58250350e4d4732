package eval

import (
	"encoding/binary"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// value is one variable's binding in a solution. A term the store holds is
// kept as its id (joins compare ids and decode nothing); a term the store
// does not hold (a computed value, a constant of the query) is kept as the
// term itself with id 0. The evaluator keeps the invariant that a term is
// never held both ways, by looking every computed term up in the store's
// dictionary (intern), so two values are the same RDF term exactly when
// their ids are equal or, without ids, their terms are.
//
// For a store term, term may also hold its decoded form.
type value struct {
	id   store.ID
	term *rdf.Term
}

// bound reports whether v is a binding (not unbound).
func (v value) bound() bool { return v.id != 0 || v.term != nil }

// same reports whether a and b are the same RDF term, or both unbound.
func (a value) same(b value) bool {
	if a.id != 0 || b.id != 0 {
		return a.id == b.id
	}
	if a.term == nil || b.term == nil {
		return a.term == b.term
	}
	return *a.term == *b.term
}

// termValue wraps a term that is not in the store.
func termValue(t rdf.Term) value {
	if t.IsZero() {
		return value{}
	}
	return value{term: &t}
}

// row is a solution: a value per variable slot of the query.
type row []value

// clone returns a copy of r that the caller may keep.
func (r row) clone() row {
	c := make(row, len(r))
	copy(c, r)
	return c
}

// compatible reports whether a and b agree on every variable both bind.
func compatible(a, b row) bool {
	for i := range a {
		if a[i].bound() && b[i].bound() && !a[i].same(b[i]) {
			return false
		}
	}
	return true
}

// overlaps reports whether a and b bind a common variable.
func overlaps(a, b row) bool {
	for i := range a {
		if a[i].bound() && b[i].bound() {
			return true
		}
	}
	return false
}

// mergeInto sets dst to a with the bindings of b added (a and b must be
// compatible).
func mergeInto(dst, a, b row) {
	copy(dst, a)
	for i, v := range b {
		if !dst[i].bound() {
			dst[i] = v
		}
	}
}

// appendValueKey appends an encoding of v that is equal for two values
// exactly when they are the same term (or both unbound).
func appendValueKey(dst []byte, v value) []byte {
	switch {
	case v.id != 0:
		dst = append(dst, 'i')
		return binary.BigEndian.AppendUint64(dst, uint64(v.id))
	case v.term != nil:
		t := v.term
		dst = append(dst, 't', byte(t.Kind))
		for _, s := range [...]string{t.Value, t.Datatype, t.Lang} {
			dst = binary.AppendUvarint(dst, uint64(len(s)))
			dst = append(dst, s...)
		}
		return dst
	}
	return append(dst, 'u')
}

// appendRowKey appends the key of the values of r at slots.
func appendRowKey(dst []byte, r row, slots []int) []byte {
	for _, s := range slots {
		dst = appendValueKey(dst, r[s])
	}
	return dst
}

// appendFullKey appends the key of every value of r.
func appendFullKey(dst []byte, r row) []byte {
	for _, v := range r {
		dst = appendValueKey(dst, v)
	}
	return dst
}

// valueSet is a set of values (for property paths and DESCRIBE).
type valueSet struct {
	ids   map[store.ID]struct{}
	terms map[rdf.Term]struct{}
}

func newValueSet() *valueSet {
	return &valueSet{ids: map[store.ID]struct{}{}}
}

// add adds v and reports whether it was new.
func (s *valueSet) add(v value) bool {
	if v.id != 0 {
		if _, ok := s.ids[v.id]; ok {
			return false
		}
		s.ids[v.id] = struct{}{}
		return true
	}
	if v.term == nil {
		return false
	}
	if s.terms == nil {
		s.terms = map[rdf.Term]struct{}{}
	}
	if _, ok := s.terms[*v.term]; ok {
		return false
	}
	s.terms[*v.term] = struct{}{}
	return true
}

func (s *valueSet) has(v value) bool {
	if v.id != 0 {
		_, ok := s.ids[v.id]
		return ok
	}
	if v.term == nil || s.terms == nil {
		return false
	}
	_, ok := s.terms[*v.term]
	return ok
}

func (s *valueSet) len() int { return len(s.ids) + len(s.terms) }
