package funcs

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

func numericOperands(a, b rdf.Term) (x, y number, err error) {
	x, okx := parseNumber(a)
	y, oky := parseNumber(b)
	if !okx || !oky {
		if a.Kind == rdf.KindNone || b.Kind == rdf.KindNone {
			return x, y, errUnbound
		}
		return x, y, errNotNumeric
	}
	return x, y, nil
}

func binary(op byte, a, b rdf.Term) (rdf.Term, error) {
	x, y, err := numericOperands(a, b)
	if err != nil {
		return rdf.Term{}, err
	}
	r, err := arithmetic(op, x, y)
	if err != nil {
		return rdf.Term{}, err
	}
	return r.term(), nil
}

// Add implements a + b over numeric literals (op:numeric-add).
func Add(a, b rdf.Term) (rdf.Term, error) { return binary('+', a, b) }

// Subtract implements a - b (op:numeric-subtract).
func Subtract(a, b rdf.Term) (rdf.Term, error) { return binary('-', a, b) }

// Multiply implements a * b (op:numeric-multiply).
func Multiply(a, b rdf.Term) (rdf.Term, error) { return binary('*', a, b) }

// Divide implements a / b (op:numeric-divide): two integers give a decimal;
// an integer or decimal zero divisor is an error (ErrDivisionByZero), a
// float or double one gives ±INF or NaN.
func Divide(a, b rdf.Term) (rdf.Term, error) { return binary('/', a, b) }

// UnaryMinus implements -a.
func UnaryMinus(a rdf.Term) (rdf.Term, error) {
	n, ok := parseNumber(a)
	if !ok {
		return rdf.Term{}, errNotNumeric
	}
	return n.negate().term(), nil
}

// UnaryPlus implements +a: a numeric operand is returned as it is.
func UnaryPlus(a rdf.Term) (rdf.Term, error) {
	if _, ok := parseNumber(a); !ok {
		return rdf.Term{}, errNotNumeric
	}
	return a, nil
}
