package parser

import (
	"fmt"
	"strings"
	"testing"
)

func lexAll(src string) (string, error) {
	l := lexer{src: src}
	var out []string
	for {
		t, err := l.next()
		if err != nil {
			return strings.Join(out, " "), fmt.Errorf("offset %d: %s", err.pos, err.msg)
		}
		if t.kind == tokEOF {
			return strings.Join(out, " "), nil
		}
		kinds := [...]string{tokIRI: "IRI", tokPName: "PN", tokBlank: "BN", tokVar: "VAR", tokLangTag: "LANG",
			tokInteger: "INT", tokDecimal: "DEC", tokDouble: "DBL", tokString: "STR", tokWord: "W", tokPunct: "P"}
		s := kinds[t.kind] + "(" + t.text
		if t.kind == tokPName {
			s += "|" + t.local
		}
		out = append(out, s+")")
	}
}

func TestLexer(t *testing.T) {
	tests := []struct{ src, want string }{
		{`<http://a/b> <> <a b>`, `IRI(http://a/b) IRI() P(<) W(a) W(b) P(>)`},
		{`?a<?b ?a<=?b ?a>=?b`, `VAR(a) P(<) VAR(b) VAR(a) P(<=) VAR(b) VAR(a) P(>=) VAR(b)`},
		{`ex:a ex: :b : ex:a.b. ex:a:b ex:\~x ex:%41`, `PN(ex|a) PN(ex|) PN(|b) PN(|) PN(ex|a.b) P(.) PN(ex|a:b) PN(ex|~x) PN(ex|%41)`},
		{`_:b1 _:b.1. _:x`, `BN(b1) BN(b.1) P(.) BN(x)`},
		{`1 -1 +1.5 .5 1. 1.e3 2E-2 -.5e1 1.a`, `INT(1) INT(-1) DEC(+1.5) DEC(.5) INT(1) P(.) DBL(1.e3) DBL(2E-2) DBL(-.5e1) INT(1) P(.) W(a)`},
		{`"a\tb" 'c' """d"e""f""" '''g'''`, "STR(a\tb) STR(c) STR(d\"e\"\"f) STR(g)"},
		{`"x"@en-GB "y"^^xsd:int`, `STR(x) LANG(en-GB) STR(y) P(^^) PN(xsd|int)`},
		{`SELECT GROUP_CONCAT sha256 a true-true`, `W(SELECT) W(GROUP_CONCAT) W(sha256) W(a) W(true) P(-) W(true)`},
		{`?x $y ? * + ! != && || ^ / |`, `VAR(x) VAR(y) P(?) P(*) P(+) P(!) P(!=) P(&&) P(||) P(^) P(/) P(|)`},
		{"# comment\n?x # another", `VAR(x)`},
		{`"""a""" "b"`, `STR(a) STR(b)`},
	}
	for _, tt := range tests {
		got, err := lexAll(tt.src)
		if err != nil || got != tt.want {
			t.Errorf("lex(%q)\n got %s (err %v)\nwant %s", tt.src, got, err, tt.want)
		}
	}
}

func TestLexerErrors(t *testing.T) {
	tests := []struct{ src, tokens, err string }{
		// A long string ends at the first three quotes: the fourth starts a new string.
		{`"""a""""`, `STR(a)`, "offset 7: unterminated string"},
		{`\u0031`, ``, `offset 0: unexpected "\"`},
		{`'\u12'`, ``, "offset 1: incomplete escape sequence"},
		{`'\u12zz'`, ``, "offset 1: bad escape sequence \"\\u\""},
		{`<\u0020>`, ``, `offset 1: escaped character U+0020 is not allowed in an IRI`},
		{`@`, ``, `offset 0: "@" must start a language tag`},
		{`ex.:a`, ``, `offset 0: a prefix name must not end with "."`},
		{`ex:a%4`, ``, `offset 4: "%" in a prefixed name must start a %XX escape`},
		{`_:`, ``, `offset 0: bad blank node label`},
	}
	for _, tt := range tests {
		got, err := lexAll(tt.src)
		if err == nil || got != tt.tokens || err.Error() != tt.err {
			t.Errorf("lex(%q) = %q, %v; want %q, %s", tt.src, got, err, tt.tokens, tt.err)
		}
	}
}

// TestLexerLongNameRun checks a long run of name characters that splits
// into many tokens (BenchmarkLexNameRun measures that it stays linear).
func TestLexerLongNameRun(t *testing.T) {
	src := strings.Repeat("true-", 20000) + "true"
	l := lexer{src: src}
	n := 0
	for {
		tok, err := l.next()
		if err != nil {
			t.Fatal(err.msg)
		}
		if tok.kind == tokEOF {
			break
		}
		n++
	}
	if n != 40001 {
		t.Errorf("got %d tokens, want 40001", n)
	}
}
