package funcs

import (
	"errors"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// tm reads a term in the compact syntax of the tests: <iri>, _:label,
// "lex", "lex"@lang, "lex"^^xsd:name, "lex"^^<iri>, Turtle numbers and
// booleans (1, 1.5, 1e0, true), and "UNBOUND" for the zero Term.
func tm(t testing.TB, s string) rdf.Term {
	t.Helper()
	switch {
	case s == "UNBOUND":
		return rdf.Term{}
	case strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"):
		return rdf.IRI(s[1 : len(s)-1])
	case strings.HasPrefix(s, "_:"):
		return rdf.Blank(s[2:])
	case s == "true" || s == "false":
		return rdf.Literal(s, rdf.XSDBoolean)
	case strings.HasPrefix(s, `"`):
		end := strings.LastIndex(s, `"`)
		if end == 0 {
			t.Fatalf("bad term %s", s)
		}
		lex, rest := s[1:end], s[end+1:]
		switch {
		case rest == "":
			return rdf.String(lex)
		case strings.HasPrefix(rest, "@"):
			return rdf.LangString(lex, rest[1:])
		case strings.HasPrefix(rest, "^^xsd:"):
			return rdf.Literal(lex, rdf.NSXSD+rest[6:])
		case strings.HasPrefix(rest, "^^<"):
			return rdf.Literal(lex, rest[3:len(rest)-1])
		}
		t.Fatalf("bad term %s", s)
	case strings.ContainsAny(s, "eE"):
		return rdf.Literal(s, rdf.XSDDouble)
	case strings.Contains(s, "."):
		return rdf.Literal(s, rdf.XSDDecimal)
	}
	if !validInteger(s) {
		t.Fatalf("bad term %s", s)
	}
	return rdf.Literal(s, rdf.XSDInteger)
}

func tms(t testing.TB, ss ...string) []rdf.Term {
	t.Helper()
	out := make([]rdf.Term, len(ss))
	for i, s := range ss {
		out[i] = tm(t, s)
	}
	return out
}

// errResult is the expected outcome "error" in the tables.
const errResult = "ERROR"

// checkTerm compares a function result with a table's expectation, which is
// a term in tm syntax or errResult.
func checkTerm(t *testing.T, what string, got rdf.Term, err error, want string) {
	t.Helper()
	if want == errResult {
		if err == nil {
			t.Errorf("%s = %s, want an error", what, got)
		} else if !errors.Is(err, ErrTypeError) {
			t.Errorf("%s: error %v does not match ErrTypeError", what, err)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: unexpected error %v, want %s", what, err, want)
		return
	}
	if w := tm(t, want); got != w {
		t.Errorf("%s = %s, want %s", what, got, w)
	}
}

// checkBool compares a boolean result with "true", "false" or errResult.
func checkBool(t *testing.T, what string, got bool, err error, want string) {
	t.Helper()
	switch want {
	case errResult:
		if err == nil {
			t.Errorf("%s = %v, want an error", what, got)
		} else if !errors.Is(err, ErrTypeError) {
			t.Errorf("%s: error %v does not match ErrTypeError", what, err)
		}
	case "true", "false":
		if err != nil {
			t.Errorf("%s: unexpected error %v, want %s", what, err, want)
		} else if got != (want == "true") {
			t.Errorf("%s = %v, want %s", what, got, want)
		}
	default:
		t.Fatalf("bad expectation %q", want)
	}
}
