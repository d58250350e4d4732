package parser

import (
	"errors"
	"testing"
)

// TestCodepointEscapes checks §19.2: escapes outside strings and IRIs are
// replaced before tokenizing, once.
func TestCodepointEscapes(t *testing.T) {
	tests := []struct{ query, want string }{
		{`SELECT\u0020* { ?\u0061 ?p ?o }`, `(select (project (?a ?p ?o) (bgp (triple ?a ?p ?o))))`},
		{`PREFIX ex: <http://e/> SELECT * { ex:caf\u00E9 ex:p\U0000005Fq ?o }`,
			`(select (project (?o) (bgp (triple <http://e/café> <http://e/p_q> ?o))))`},
		// An escaped '/' is a path operator, as if written as such.
		{`PREFIX ex: <http://e/> SELECT * { ?s ex:p\u002Fex:q ?o }`,
			`(select (project (?s ?o) (bgp (triple ?s <http://e/p> ??.1) (triple ??.1 <http://e/q> ?o))))`},
		{`SELECT * { ?s ?p "\u0022" }`, `(select (project (?s ?p) (bgp (triple ?s ?p "\""))))`},
		{`SELECT * { ?s ?p '\u0027' }`, `(select (project (?s ?p) (bgp (triple ?s ?p "'"))))`},
		{`SELECT * { ?s ?p \u0022x\u0022 }`, `(select (project (?s ?p) (bgp (triple ?s ?p "x"))))`},
		{`PREFIX ex: <http://e/> SELECT * { ex:a\'b ?p <x:\u0041> } # \u0022`,
			`(select (project (?p) (bgp (triple <http://e/a'b> ?p <x:A>))))`},
		{`SELECT * { ?s ?p ?o FILTER(?o <\u0031) }`, `(select (project (?s ?p ?o) (filter (< ?o 1) (bgp (triple ?s ?p ?o)))))`},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.query, "")
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.query, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("ParseQuery(%q)\n got %s\nwant %s", tt.query, got, tt.want)
		}
	}
}

func TestCodepointEscapeErrors(t *testing.T) {
	tests := []struct {
		query     string
		line, col int
		msg       string
	}{
		// The escape yields a backslash, which does not start another escape.
		{`SELECT * { ?s ?p \u005cU00000031 }`, 1, 18, `unexpected "\"`},
		{`SELECT * { ?s ?p \U0000005cu0031 }`, 1, 18, `unexpected "\"`},
		// Positions after an escape are those of the original text.
		{"SELECT * { ?\\u0061 ?\\u0062 }", 1, 28, `expected a variable, an IRI, a literal or a blank node, found "}"`},
		{"SELECT * {\n ?\\u0061 ?\\u0062 ?c ?d }", 2, 21, `expected "." between triple patterns, found "?d"`},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.query, "")
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseQuery(%q) = %v, want a syntax error", tt.query, err)
			continue
		}
		if se.Line != tt.line || se.Column != tt.col || se.Msg != tt.msg {
			t.Errorf("ParseQuery(%q) error\n got line %d, column %d: %s\nwant line %d, column %d: %s",
				tt.query, se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
		}
	}
}
