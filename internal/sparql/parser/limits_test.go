package parser

import (
	"errors"
	"strings"
	"testing"
)

// TestNestingLimit checks every kind of nesting: within MaxDepth it
// parses, beyond it the parser stops with a syntax error instead of
// recursing on.
func TestNestingLimit(t *testing.T) {
	nest := func(open, inner, close string, n int) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	forms := []struct {
		name  string
		build func(n int) string
	}{
		{"groups", func(n int) string { return "SELECT * " + nest("{", "", "}", n) }},
		{"brackets", func(n int) string { return "SELECT * { FILTER" + nest("(", "1", ")", n) + " }" }},
		{"negations", func(n int) string { return "SELECT * { FILTER(" + strings.Repeat("!", n) + "true) }" }},
		{"function calls", func(n int) string { return "SELECT * { FILTER(" + nest("STR(", "1", ")", n) + ") }" }},
		{"paths", func(n int) string { return "SELECT * { ?s " + nest("(", "<x:p>", ")", n) + " ?o }" }},
		{"collections", func(n int) string { return "SELECT * { ?s <x:p> " + nest("(", "1", ")", n) + " }" }},
		{"blank node lists", func(n int) string { return "SELECT * { ?s <x:p> " + nest("[ <x:p> ", "1", " ]", n) + " }" }},
		{"exists", func(n int) string { return "ASK " + nest("{ FILTER EXISTS ", "{}", " }", n) }},
		{"sub-selects", func(n int) string { return "SELECT * " + nest("{ SELECT * ", "{}", " }", n) }},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			if _, err := ParseQuery(f.build(MaxDepth/3), ""); err != nil {
				t.Errorf("depth %d rejected: %v", MaxDepth/3, err)
			}
			for _, n := range []int{MaxDepth + 1, 100000} {
				_, err := ParseQuery(f.build(n), "")
				var se *SyntaxError
				if !errors.As(err, &se) || !strings.Contains(se.Msg, "nesting deeper than") {
					t.Errorf("depth %d: got %v, want a nesting error", n, err)
				}
			}
		})
	}
}
