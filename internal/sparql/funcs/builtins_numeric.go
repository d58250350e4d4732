package funcs

import "github.com/skillsmap/skillsmap/internal/rdf"

func numericFunc(t rdf.Term, f func(number) number) (rdf.Term, error) {
	n, ok := parseNumber(t)
	if !ok {
		return rdf.Term{}, errNotNumeric
	}
	return f(n).term(), nil
}

// Abs implements ABS (fn:abs).
func Abs(t rdf.Term) (rdf.Term, error) { return numericFunc(t, number.abs) }

// Ceil implements CEIL (fn:ceiling).
func Ceil(t rdf.Term) (rdf.Term, error) {
	return numericFunc(t, func(n number) number { return n.floorCeil(true) })
}

// Floor implements FLOOR (fn:floor).
func Floor(t rdf.Term) (rdf.Term, error) {
	return numericFunc(t, func(n number) number { return n.floorCeil(false) })
}

// Round implements ROUND (fn:round): halves round toward positive infinity.
func Round(t rdf.Term) (rdf.Term, error) { return numericFunc(t, number.round) }
