package funcs

import (
	"errors"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestEBV(t *testing.T) {
	tests := []struct{ in, want string }{
		{"true", "true"},
		{"false", "false"},
		{`"1"^^xsd:boolean`, "true"},
		{`"0"^^xsd:boolean`, "false"},
		{`"abc"^^xsd:boolean`, "false"}, // invalid lexical form
		{`"TRUE"^^xsd:boolean`, "false"},
		{`"abc"`, "true"},
		{`""`, "false"},
		{`""^^xsd:string`, "false"},
		{`"x"@en`, "true"},
		{`""@en`, "false"},
		{"1", "true"},
		{"0", "false"},
		{"-0.0", "false"},
		{"0.01", "true"},
		{`"0E0"^^xsd:double`, "false"},
		{`"NaN"^^xsd:double`, "false"},
		{`"NaN"^^xsd:float`, "false"},
		{`"INF"^^xsd:float`, "true"},
		{`"12"^^xsd:unsignedByte`, "true"},
		{`"abc"^^xsd:integer`, "false"}, // invalid numeric lexical form
		{`"300"^^xsd:byte`, "false"},
		{`"2002-04-02T12:00:00Z"^^xsd:dateTime`, errResult},
		{`"x"^^<http://example/t>`, errResult},
		{"<http://example/a>", errResult},
		{"_:b", errResult},
		{"UNBOUND", errResult},
	}
	for _, tc := range tests {
		got, err := EBV(tm(t, tc.in))
		checkBool(t, "EBV("+tc.in+")", got, err, tc.want)
	}
}

func TestNot(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"true", "false"}, {`""`, "true"}, {"2", "false"}, {"<http://a>", errResult},
	} {
		got, err := Not(tm(t, tc.in))
		checkTerm(t, "!"+tc.in, got, err, tc.want)
	}
}

// The truth tables of §17.2 for && and ||, with E for an error.
func TestLogicalTables(t *testing.T) {
	errE := typeError("test error")
	operand := func(v string, calls *int) BoolThunk {
		return func() (bool, error) {
			*calls++
			switch v {
			case "T":
				return true, nil
			case "F":
				return false, nil
			}
			return false, errE
		}
	}
	tests := []struct{ a, b, and, or string }{
		{"T", "T", "T", "T"},
		{"T", "F", "F", "T"},
		{"F", "T", "F", "T"},
		{"F", "F", "F", "F"},
		{"T", "E", "E", "T"},
		{"E", "T", "E", "T"},
		{"F", "E", "F", "E"},
		{"E", "F", "F", "E"},
		{"E", "E", "E", "E"},
	}
	render := func(b bool, err error) string {
		switch {
		case err != nil:
			return "E"
		case b:
			return "T"
		}
		return "F"
	}
	for _, tc := range tests {
		var rightCalls int
		var leftCalls int
		got := render(And(operand(tc.a, &leftCalls), operand(tc.b, &rightCalls)))
		if got != tc.and {
			t.Errorf("%s && %s = %s, want %s", tc.a, tc.b, got, tc.and)
		}
		if tc.a == "F" && rightCalls != 0 {
			t.Errorf("F && %s evaluated its right operand", tc.b)
		}
		rightCalls = 0
		got = render(Or(operand(tc.a, &leftCalls), operand(tc.b, &rightCalls)))
		if got != tc.or {
			t.Errorf("%s || %s = %s, want %s", tc.a, tc.b, got, tc.or)
		}
		if tc.a == "T" && rightCalls != 0 {
			t.Errorf("T || %s evaluated its right operand", tc.b)
		}
	}
}

func TestIn(t *testing.T) {
	value := func(s string) Thunk {
		return func() (rdf.Term, error) {
			if s == errResult {
				return rdf.Term{}, typeError("item error")
			}
			return tm(t, s), nil
		}
	}
	// Examples of §17.4.1.9 and §17.4.1.10.
	tests := []struct {
		lhs       string
		items     []string
		in, notIn string
	}{
		{"2", []string{"1", "2", "3"}, "true", "false"},
		{"2", []string{}, "false", "true"},
		{"2", []string{"<http://example/iri>", `"str"`, "2.0"}, "true", "false"},
		{"2", []string{"1", errResult}, errResult, errResult}, // 2 IN (1, 1/0)
		{"2", []string{errResult, "2"}, "true", "false"},      // 2 IN (1/0, 2)
		{"2", []string{"3", errResult}, errResult, errResult},
		{`"a"^^<http://e/t>`, []string{`"b"^^<http://e/t>`}, errResult, errResult},
	}
	for _, tc := range tests {
		var items []Thunk
		var terms []rdf.Term
		hasErr := false
		for _, s := range tc.items {
			items = append(items, value(s))
			if s == errResult {
				hasErr = true
			} else {
				terms = append(terms, tm(t, s))
			}
		}
		lhs := tm(t, tc.lhs)
		got, err := In(lhs, items)
		checkBool(t, tc.lhs+" IN "+joinStrings(tc.items), got, err, tc.in)
		got, err = NotIn(lhs, items)
		checkBool(t, tc.lhs+" NOT IN "+joinStrings(tc.items), got, err, tc.notIn)
		if !hasErr {
			got, err = InTerms(lhs, terms)
			checkBool(t, "InTerms "+tc.lhs, got, err, tc.in)
		}
	}
}

func joinStrings(ss []string) string {
	out := "("
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out + ")"
}

func TestIfAndCoalesce(t *testing.T) {
	val := func(s string) Thunk {
		return func() (rdf.Term, error) {
			if s == errResult {
				return rdf.Term{}, typeError("thunk error")
			}
			return tm(t, s), nil
		}
	}
	boom := func() (rdf.Term, error) { t.Error("unselected branch was evaluated"); return rdf.Term{}, nil }
	// IF examples of §17.4.1.2.
	ifTests := []struct{ cond, then, els, want string }{
		{`"true"^^xsd:boolean`, `"yes"`, `"no"`, `"yes"`},
		{`"false"^^xsd:boolean`, `"yes"`, `"no"`, `"no"`},
		{"2", `"yes"`, `"no"`, `"yes"`},
		{`""`, `"yes"`, `"no"`, `"no"`},
		{errResult, `"yes"`, `"no"`, errResult},
		{"<http://a>", `"yes"`, `"no"`, errResult},
		{"true", errResult, `"no"`, errResult},
	}
	for _, tc := range ifTests {
		then, els := val(tc.then), val(tc.els)
		if tc.cond == "true" || tc.cond == "2" {
			els = boom
		}
		got, err := If(val(tc.cond), then, els)
		checkTerm(t, "IF("+tc.cond+")", got, err, tc.want)
	}
	// COALESCE examples of §17.4.1.4: the first bound, error-free value.
	coalesceTests := []struct {
		items []string
		want  string
	}{
		{[]string{"UNBOUND", "2"}, "2"},
		{[]string{errResult, `"x"`}, `"x"`},
		{[]string{"1", errResult}, "1"},
		{[]string{"UNBOUND", errResult}, errResult},
		{nil, errResult},
	}
	for _, tc := range coalesceTests {
		var items []Thunk
		for _, s := range tc.items {
			items = append(items, val(s))
		}
		got, err := Coalesce(items)
		checkTerm(t, "COALESCE"+joinStrings(tc.items), got, err, tc.want)
	}
}

func TestErrorsMatchSentinels(t *testing.T) {
	_, err := Call(nil, nil, "NOSUCH", nil)
	if !errors.Is(err, ErrUnknownFunction) || !errors.Is(err, ErrTypeError) {
		t.Errorf("unknown function error %v", err)
	}
	_, err = Call(nil, nil, "STRLEN", nil)
	if !errors.Is(err, ErrArity) {
		t.Errorf("arity error %v", err)
	}
	_, err = Call(nil, nil, "REGEX", tms(t, `"a"`, `"(a"`))
	if !errors.Is(err, ErrRegex) || !errors.Is(err, ErrTypeError) {
		t.Errorf("regex error %v", err)
	}
}
