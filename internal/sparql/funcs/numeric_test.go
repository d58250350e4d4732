package funcs

import (
	"errors"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"math/big"
	"testing"
)

func TestArithmetic(t *testing.T) {
	tests := []struct {
		op   byte
		a, b string
		want string
	}{
		// Integer arithmetic stays integer, canonical form.
		{'+', "1", "2", "3"},
		{'+', `"01"^^xsd:integer`, `"+2"^^xsd:integer`, "3"},
		{'-', "1", "2", "-1"},
		{'*', "6", "7", "42"},
		// Derived types promote to xsd:integer.
		{'+', `"1"^^xsd:byte`, `"2"^^xsd:positiveInteger`, "3"},
		// Overflow of int64 continues in arbitrary precision.
		{'+', "9223372036854775807", "1", "9223372036854775808"},
		{'*', "9223372036854775807", "9223372036854775807", "85070591730234615847396907784232501249"},
		{'-', "-9223372036854775808", "1", "-9223372036854775809"},
		{'*', "-9223372036854775808", "-1", "9223372036854775808"},
		{'+', "100000000000000000000", "-100000000000000000000", "0"},
		// Integer division gives a decimal.
		{'/', "1", "2", `"0.5"^^xsd:decimal`},
		{'/', "4", "2", `"2"^^xsd:decimal`},
		{'/', "1", "3", `"0.333333333333333333"^^xsd:decimal`},
		{'/', "2", "3", `"0.666666666666666667"^^xsd:decimal`},
		{'/', "1", "0", errResult},
		{'/', "1.5", "0.0", errResult},
		// Decimal arithmetic is exact.
		{'+', "0.1", "0.2", `"0.3"^^xsd:decimal`},
		{'+', "1", "1.5", `"2.5"^^xsd:decimal`},
		{'*', "1.5", "2", `"3"^^xsd:decimal`},
		{'-', "1.10", "0.1", `"1"^^xsd:decimal`},
		{'/', "1.0", "8", `"0.125"^^xsd:decimal`},
		// Decimals beyond 18 digits, and results that overflow int64, stay exact.
		{'+', "0.000000000000000001", "1", `"1.000000000000000001"^^xsd:decimal`},
		{'+', "123456789012345678.5", "0.5", `"123456789012345679"^^xsd:decimal`},
		{'*', "0.123456789", "0.123456789", `"0.015241578750190521"^^xsd:decimal`},
		{'*', "0.1234567891", "0.1234567891", `"0.01524157877488187881"^^xsd:decimal`},
		{'-', "-0.5", "0.25", `"-0.75"^^xsd:decimal`},
		{'*', "99999999999999999.9", "100", `"9999999999999999990"^^xsd:decimal`},
		{'+', "9223372036854775807", "0.5", `"9223372036854775807.5"^^xsd:decimal`},
		{'-', "-0.0", "0", `"0"^^xsd:decimal`},
		// Float and double.
		{'+', "1", "1e0", `"2.0E0"^^xsd:double`},
		{'+', "1.5", "1e0", `"2.5E0"^^xsd:double`},
		{'+', `"1"^^xsd:float`, "1", `"2.0E0"^^xsd:float`},
		{'+', `"1"^^xsd:float`, "1e0", `"2.0E0"^^xsd:double`},
		{'*', `"0.1"^^xsd:float`, "1", `"1.0E-1"^^xsd:float`},
		{'/', "1e0", "0", `"INF"^^xsd:double`},
		{'/', "-1e0", "0", `"-INF"^^xsd:double`},
		{'/', "0e0", "0", `"NaN"^^xsd:double`},
		{'/', `"1"^^xsd:float`, `"0"^^xsd:float`, `"INF"^^xsd:float`},
		{'*', "1.0e300", "1.0e300", `"INF"^^xsd:double`},
		{'+', `"INF"^^xsd:double`, `"-INF"^^xsd:double`, `"NaN"^^xsd:double`},
		{'*', "123.0e0", "10", `"1.23E3"^^xsd:double`},
		// Errors: non-numbers and ill-typed numbers.
		{'+', `"1"`, "1", errResult},
		{'+', `"abc"^^xsd:integer`, "1", errResult},
		{'+', `"300"^^xsd:byte`, "1", errResult},
		{'+', "<http://example/>", "1", errResult},
		{'+', "UNBOUND", "1", errResult},
		{'+', "true", "1", errResult},
	}
	for _, tc := range tests {
		a, b := tm(t, tc.a), tm(t, tc.b)
		var f = map[byte]func(a, b rdf.Term) (rdf.Term, error){'+': Add, '-': Subtract, '*': Multiply, '/': Divide}[tc.op]
		got, err := f(a, b)
		checkTerm(t, tc.a+" "+string(tc.op)+" "+tc.b, got, err, tc.want)
	}
	if _, err := Divide(tm(t, "1"), tm(t, "0")); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("1/0: error %v does not match ErrDivisionByZero", err)
	}
}

func TestUnary(t *testing.T) {
	tests := []struct{ in, minus, plus string }{
		{"1", "-1", "1"},
		{`"-0"^^xsd:integer`, "0", `"-0"^^xsd:integer`},
		{"1.50", `"-1.5"^^xsd:decimal`, "1.50"},
		{"1e0", `"-1.0E0"^^xsd:double`, "1e0"},
		{`"5"^^xsd:byte`, "-5", `"5"^^xsd:byte`},
		{"-9223372036854775808", "9223372036854775808", "-9223372036854775808"},
		{`"x"`, errResult, errResult},
		{`"1"^^xsd:integer`, "-1", `"1"^^xsd:integer`},
		{`"1.2"^^xsd:integer`, errResult, errResult},
	}
	for _, tc := range tests {
		in := tm(t, tc.in)
		got, err := UnaryMinus(in)
		checkTerm(t, "-"+tc.in, got, err, tc.minus)
		got, err = UnaryPlus(in)
		checkTerm(t, "+"+tc.in, got, err, tc.plus)
	}
}

func TestNumericLexicalForms(t *testing.T) {
	tests := []struct {
		lit   string
		valid bool
	}{
		{`"1"^^xsd:integer`, true},
		{`"-01"^^xsd:integer`, true},
		{`"+1"^^xsd:integer`, true},
		{`"1.0"^^xsd:integer`, false},
		{`" 1"^^xsd:integer`, false},
		{`""^^xsd:integer`, false},
		{`"1_000"^^xsd:integer`, false},
		{`"0x10"^^xsd:integer`, false},
		{`"1."^^xsd:decimal`, true},
		{`".5"^^xsd:decimal`, true},
		{`"-.5"^^xsd:decimal`, true},
		{`"."^^xsd:decimal`, false},
		{`"1e3"^^xsd:decimal`, false},
		{`"1e3"^^xsd:double`, true},
		{`"1.E-3"^^xsd:double`, true},
		{`"INF"^^xsd:double`, true},
		{`"+INF"^^xsd:float`, true},
		{`"inf"^^xsd:double`, false},
		{`"Infinity"^^xsd:double`, false},
		{`"NaN"^^xsd:float`, true},
		{`"nan"^^xsd:float`, false},
		{`"0x1p3"^^xsd:double`, false},
		{`"1e"^^xsd:double`, false},
		{`"127"^^xsd:byte`, true},
		{`"128"^^xsd:byte`, false},
		{`"-129"^^xsd:byte`, false},
		{`"0"^^xsd:positiveInteger`, false},
		{`"0"^^xsd:nonNegativeInteger`, true},
		{`"-1"^^xsd:unsignedInt`, false},
		{`"18446744073709551615"^^xsd:unsignedLong`, true},
		{`"18446744073709551616"^^xsd:unsignedLong`, false},
		{`"-1"^^xsd:negativeInteger`, true},
		{`"0"^^xsd:negativeInteger`, false},
		{`"99999999999999999999999"^^xsd:nonPositiveInteger`, false},
		{`"1"^^xsd:string`, false},
	}
	for _, tc := range tests {
		got, err := Call(nil, nil, "isNUMERIC", tms(t, tc.lit))
		checkTerm(t, "isNUMERIC("+tc.lit+")", got, err, map[bool]string{true: "true", false: "false"}[tc.valid])
	}
}

func TestCanonicalFloating(t *testing.T) {
	tests := []struct {
		f    float64
		size int
		want string
	}{
		{1, 64, "1.0E0"},
		{-1.5, 64, "-1.5E0"},
		{100, 64, "1.0E2"},
		{0.001, 64, "1.0E-3"},
		{123456789, 64, "1.23456789E8"},
		{0, 64, "0.0E0"},
		{0.1, 32, "1.0E-1"},
	}
	for _, tc := range tests {
		if got := formatFloating(tc.f, tc.size); got != tc.want {
			t.Errorf("formatFloating(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestStripFactor(t *testing.T) {
	for _, tc := range []struct {
		d, p    int64
		rest    int64
		divides int
	}{{40, 2, 5, 3}, {40, 5, 8, 1}, {7, 2, 7, 0}, {1, 5, 1, 0}, {1 << 40, 2, 1, 40}} {
		d := big.NewInt(tc.d)
		rest, n := stripFactor(d, big.NewInt(tc.p))
		if rest.Int64() != tc.rest || n != tc.divides || d.Int64() != tc.d {
			t.Errorf("stripFactor(%d, %d) = %v, %d (input now %v)", tc.d, tc.p, rest, n, d)
		}
	}
}
