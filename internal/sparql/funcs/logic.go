package funcs

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Thunk evaluates one argument expression on demand; the lazy forms (IF,
// COALESCE, && and ||, IN) call only what they need. A zero Term with a nil
// error means the expression evaluated to an unbound variable.
type Thunk func() (rdf.Term, error)

// BoolThunk evaluates an operand of && or || to its effective boolean value.
type BoolThunk func() (bool, error)

// EBV returns the effective boolean value of t (§17.2.2): the value of a
// valid xsd:boolean, false for an invalid boolean or numeric lexical form,
// numbers are false when zero or NaN, strings (plain, xsd:string or
// language-tagged) when empty. Anything else is a type error.
func EBV(t rdf.Term) (bool, error) {
	if t.Kind != rdf.KindLiteral {
		if t.Kind == rdf.KindNone {
			return false, errUnbound
		}
		return false, errNoEBV
	}
	switch datatypeKind(t.Datatype) {
	case kindBoolean:
		v, _ := parseBoolean(t.Value) // an invalid lexical form is false
		return v, nil
	case kindString, kindLang:
		return t.Value != "", nil
	case kindNumeric:
		n, ok := parseNumber(t)
		return ok && !n.isZero() && !n.isNaN(), nil
	}
	return false, errNoEBV
}

// Not implements the unary ! operator on an operand's term.
func Not(t rdf.Term) (rdf.Term, error) {
	b, err := EBV(t)
	if err != nil {
		return rdf.Term{}, err
	}
	return Boolean(!b), nil
}

// And implements && with the error table of §17.2: false && error and
// error && false are false, true && error is an error. The right operand
// is not evaluated when the left is false.
func And(left, right BoolThunk) (bool, error) {
	l, lerr := left()
	if lerr == nil && !l {
		return false, nil
	}
	r, rerr := right()
	switch {
	case rerr == nil && !r:
		return false, nil
	case lerr != nil:
		return false, lerr
	case rerr != nil:
		return false, rerr
	}
	return true, nil
}

// Or implements || with the error table of §17.2: true || error and
// error || true are true, false || error is an error. The right operand is
// not evaluated when the left is true.
func Or(left, right BoolThunk) (bool, error) {
	l, lerr := left()
	if lerr == nil && l {
		return true, nil
	}
	r, rerr := right()
	switch {
	case rerr == nil && r:
		return true, nil
	case lerr != nil:
		return false, lerr
	case rerr != nil:
		return false, rerr
	}
	return false, nil
}

// In implements lhs IN (items...) (§17.4.1.9): true as soon as an item is
// equal to lhs; otherwise an error if some comparison or item failed;
// otherwise false. IN () is false.
func In(lhs rdf.Term, items []Thunk) (bool, error) {
	var firstErr error
	for _, item := range items {
		v, err := item()
		if err == nil {
			var eq bool
			if eq, err = Equal(lhs, v); err == nil && eq {
				return true, nil
			}
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return false, firstErr
}

// NotIn implements lhs NOT IN (items...): false as soon as an item equals
// lhs; otherwise an error if some comparison or item failed; otherwise true.
func NotIn(lhs rdf.Term, items []Thunk) (bool, error) {
	found, err := In(lhs, items)
	if found {
		return false, nil
	}
	return err == nil, err
}

// InTerms is In over already evaluated items (a constant list).
func InTerms(lhs rdf.Term, items []rdf.Term) (bool, error) {
	var firstErr error
	for _, v := range items {
		eq, err := Equal(lhs, v)
		if err == nil && eq {
			return true, nil
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return false, firstErr
}

// If implements IF(cond, then, else) (§17.4.1.2): the EBV of cond picks
// which of the two is evaluated; an error in cond is the result.
func If(cond, then, otherwise Thunk) (rdf.Term, error) {
	c, err := cond()
	if err != nil {
		return rdf.Term{}, err
	}
	b, err := EBV(c)
	if err != nil {
		return rdf.Term{}, err
	}
	if b {
		return then()
	}
	return otherwise()
}

// Coalesce implements COALESCE(items...) (§17.4.1.4): the first item that
// evaluates without error to a bound term; an error when there is none.
func Coalesce(items []Thunk) (rdf.Term, error) {
	for _, item := range items {
		v, err := item()
		if err == nil && v.Kind != rdf.KindNone {
			return v, nil
		}
	}
	return rdf.Term{}, typeError("COALESCE: no argument has a value")
}
