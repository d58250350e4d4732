package results

import (
	"bytes"
	"testing"
)

// FuzzRead feeds arbitrary documents to every reader: they may reject
// them, but must not panic, and what they accept must survive a round trip
// through JSON.
func FuzzRead(f *testing.F) {
	f.Add(byte(JSON), []byte(`{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x","xml:lang":"en"}}]}}`))
	f.Add(byte(XML), []byte(`<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="a"/></head><results><result><binding name="a"><bnode>b</bnode></binding></result></results></sparql>`))
	f.Add(byte(CSV), []byte("a,b\r\n\"x\"\"y\",_:b\r\n"))
	f.Add(byte(TSV), []byte("?a\t?b\n\"x\\ty\"@en\t1.5e3\n"))
	f.Fuzz(func(t *testing.T, format byte, doc []byte) {
		fm := Format(format%4 + 1)
		res, err := Read(bytes.NewReader(doc), fm)
		if err != nil || res.IsBoolean() {
			return
		}
		var buf bytes.Buffer
		if err := WriteTable(&buf, JSON, &res.Table); err != nil {
			t.Fatalf("accepted %s document does not write as JSON: %v", fm, err)
		}
		back, err := Read(&buf, JSON)
		if err != nil {
			t.Fatalf("JSON of an accepted %s document does not read back: %v\n%s", fm, err, buf.String())
		}
		if err := Equivalent(&res.Table, &back.Table, true); err != nil {
			t.Fatalf("JSON round trip of a %s document: %v", fm, err)
		}
	})
}

func FuzzParseTerm(f *testing.F) {
	for _, s := range []string{`<http://a>`, `"x"@en`, `"a\u00e9"^^<http://dt>`, `_:b`, `-1.5E3`, `'''x'''`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		term, err := ParseTerm(s)
		if err != nil || term.IsZero() {
			return
		}
		// What parses must print back to something that parses to the same term.
		again, err := ParseTerm(TSVString(term))
		if err != nil || again != term {
			t.Fatalf("ParseTerm(%q) = %#v, but its TSV form %q reads as %#v, %v", s, term, TSVString(term), again, err)
		}
	})
}
