package results

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// trickyTable exercises what the formats must escape or keep apart.
func trickyTable() *Table {
	return &Table{
		Vars: []string{"s", "o", "n", "empty"},
		Rows: [][]rdf.Term{
			{rdf.IRI("http://example.org/ä/€?q=1&r=<2>#frag"), rdf.String(`quote " and 'single' and \backslash`), rdf.Literal("42", rdf.XSDInteger), {}},
			{rdf.Blank("b0"), rdf.String("line1\nline2\r\nline3\rend"), rdf.Literal("-1.50", rdf.XSDDecimal), rdf.String("")},
			{rdf.Blank("b1"), rdf.String("tab\there, comma, semicolon;"), rdf.Literal("1.0E6", rdf.XSDDouble), {}},
			{rdf.IRI("urn:x"), rdf.LangString("chat", "fr"), rdf.Literal("true", rdf.XSDBoolean), rdf.LangString("", "en")},
			{{}, rdf.LangString("Grüß Gott", "de-AT-1996"), rdf.Literal("1e3", rdf.XSDDouble), {}},
			{rdf.Blank("b0"), rdf.Literal("x<y & z>w", "http://example.org/dt#my type"), rdf.Literal("abc", rdf.XSDInteger), {}},
			{rdf.IRI("http://example.org/"), rdf.String("日本語 😀 \u2028 sep"), rdf.Literal("01", rdf.XSDInteger), {}},
			{rdf.IRI("http://example.org/"), rdf.Literal("  padded  ", rdf.XSDString), rdf.Literal(".5", rdf.XSDDecimal), {}},
			{{}, {}, {}, {}},
		},
	}
}

func roundTrip(t *testing.T, f Format, table *Table) (*Result, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTable(&buf, f, table); err != nil {
		t.Fatalf("%s: write: %v", f, err)
	}
	res, err := Read(bytes.NewReader(buf.Bytes()), f)
	if err != nil {
		t.Fatalf("%s: read back: %v\n%s", f, err, buf.String())
	}
	return res, buf.String()
}

func TestRoundTripExact(t *testing.T) {
	table := trickyTable()
	for _, f := range []Format{JSON, XML, TSV} {
		res, doc := roundTrip(t, f, table)
		if res.IsBoolean() {
			t.Fatalf("%s: read a boolean", f)
		}
		if strings.Join(res.Vars, ",") != strings.Join(table.Vars, ",") {
			t.Errorf("%s: vars %v", f, res.Vars)
		}
		if len(res.Rows) != len(table.Rows) {
			t.Fatalf("%s: %d rows, want %d\n%s", f, len(res.Rows), len(table.Rows), doc)
		}
		for i := range table.Rows {
			for j := range table.Rows[i] {
				if got, want := res.Rows[i][j], table.Rows[i][j]; got != want {
					t.Errorf("%s: row %d ?%s = %#v, want %#v", f, i, table.Vars[j], got, want)
				}
			}
		}
		if err := Equivalent(table, &res.Table, true); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestRoundTripCSV(t *testing.T) {
	table := trickyTable()
	res, doc := roundTrip(t, CSV, table)
	if err := EquivalentCSV(table, &res.Table, true); err != nil {
		t.Errorf("CSV: %v\n%s", err, doc)
	}
	if !strings.HasPrefix(doc, "s,n,o,empty\r\n") && !strings.HasPrefix(doc, "s,o,n,empty\r\n") {
		t.Errorf("CSV header line: %q", doc[:strings.Index(doc, "\n")+1])
	}
	// The lossy forms the CSV specification prescribes.
	for _, want := range []string{
		"_:b0,\"line1\nline2\r\nline3\rend\",-1.50,\r\n",
		"urn:x,chat,true,\r\n",
		`"quote "" and 'single' and \backslash"`,
		",,,\r\n",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("CSV output lacks %q:\n%s", want, doc)
		}
	}
}

func TestBooleanRoundTrip(t *testing.T) {
	for _, f := range []Format{JSON, XML} {
		for _, v := range []bool{true, false} {
			var buf bytes.Buffer
			if err := WriteBoolean(&buf, f, v); err != nil {
				t.Fatal(err)
			}
			res, err := Read(&buf, f)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if !res.IsBoolean() || *res.Boolean != v {
				t.Errorf("%s: boolean %v read back as %+v", f, v, res)
			}
		}
	}
	for _, f := range []Format{CSV, TSV} {
		if err := WriteBoolean(&bytes.Buffer{}, f, true); !errors.Is(err, ErrBooleanUnsupported) {
			t.Errorf("%s: WriteBoolean error %v", f, err)
		}
	}
}

// The exact documents for one small result, as the specifications show them.
func TestWriterOutput(t *testing.T) {
	table := &Table{
		Vars: []string{"x", "name"},
		Rows: [][]rdf.Term{
			{rdf.Blank("r1"), rdf.LangString("Alice", "en")},
			{rdf.IRI("http://example.org/bob"), {}},
			{rdf.Blank("r2"), rdf.Literal("30", rdf.XSDInteger)},
		},
	}
	want := map[Format]string{
		JSON: `{"head":{"vars":["x","name"]},
"results":{"bindings":[
{"x":{"type":"bnode","value":"r1"},"name":{"type":"literal","value":"Alice","xml:lang":"en"}},
{"x":{"type":"uri","value":"http://example.org/bob"}},
{"x":{"type":"bnode","value":"r2"},"name":{"type":"literal","value":"30","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}
]}}
`,
		XML: `<?xml version="1.0" encoding="UTF-8"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
<head>
<variable name="x"/>
<variable name="name"/>
</head>
<results>
<result>
<binding name="x"><bnode>r1</bnode></binding>
<binding name="name"><literal xml:lang="en">Alice</literal></binding>
</result>
<result>
<binding name="x"><uri>http://example.org/bob</uri></binding>
</result>
<result>
<binding name="x"><bnode>r2</bnode></binding>
<binding name="name"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">30</literal></binding>
</result>
</results>
</sparql>
`,
		CSV: "x,name\r\n_:r1,Alice\r\nhttp://example.org/bob,\r\n_:r2,30\r\n",
		TSV: "?x\t?name\n_:r1\t\"Alice\"@en\n<http://example.org/bob>\t\n_:r2\t30\n",
	}
	for f, w := range want {
		var buf bytes.Buffer
		if err := WriteTable(&buf, f, table); err != nil {
			t.Fatal(err)
		}
		if buf.String() != w {
			t.Errorf("%s output:\n%s\nwant:\n%s", f, buf.String(), w)
		}
	}
}

func TestWriterErrors(t *testing.T) {
	if _, err := NewWriter(&bytes.Buffer{}, JSON, []string{"a", "a"}); err == nil {
		t.Error("duplicate variables accepted")
	}
	if _, err := NewWriter(&bytes.Buffer{}, Format(99), nil); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
	w, _ := NewWriter(&bytes.Buffer{}, JSON, []string{"a"})
	if err := w.Write([]rdf.Term{rdf.IRI("x"), rdf.IRI("y")}); err == nil {
		t.Error("row longer than the variables accepted")
	}
	var buf bytes.Buffer
	xw, _ := NewWriter(&buf, XML, []string{"a"})
	if err := xw.Write([]rdf.Term{rdf.String("bell \a")}); !errors.Is(err, errXMLChar) {
		t.Errorf("XML accepted U+0007: %v", err)
	}
	_ = xw.Close()
	if strings.Contains(buf.String(), "bell") {
		t.Error("XML writer emitted part of a rejected row")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]rdf.Term{rdf.IRI("x")}); err == nil {
		t.Error("write after Close accepted")
	}
	// Control characters that XML cannot carry are fine in JSON and TSV.
	for _, f := range []Format{JSON, TSV} {
		res, _ := roundTrip(t, f, &Table{Vars: []string{"a"}, Rows: [][]rdf.Term{{rdf.String("bell \a\x00\x1f")}}})
		if res.Rows[0][0] != rdf.String("bell \a\x00\x1f") {
			t.Errorf("%s: control characters read back as %#v", f, res.Rows[0][0])
		}
	}
}

func TestReadErrors(t *testing.T) {
	bad := []struct {
		f   Format
		doc string
	}{
		{JSON, `{"head":{"vars":["a"]}}`},
		{JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"b":{"type":"uri","value":"x"}}]}}`},
		{JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"triple","value":"x"}}]}}`},
		{JSON, `{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"uri"}}]}}`},
		{JSON, `{"head":`},
		{XML, `<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/></sparql>`},
		{XML, `<sparql><head><variable name="a"/></head><results><result><binding name="b"><uri>x</uri></binding></result></results></sparql>`},
		{XML, `<sparql><head/><boolean>maybe</boolean></sparql>`},
		{XML, `<sparql><head><variable name="a"/></head><results><result><binding name="a"><literal>x<b/></literal></binding></result></results></sparql>`},
		{XML, `<sparql><head><variable name="a"/></head><results><result>`},
		{XML, `<html/>`},
		{CSV, ``},
		{CSV, "a,b\n1\n"},
		{TSV, ``},
		{TSV, "a\tb\n"},
		{TSV, "?a\t?b\n<x>\n"},
		{TSV, "?a\n\"unterminated\n"},
		{TSV, "?a\nbare-word\n"},
		{TSV, "?a\n\"bad \\q escape\"\n"},
		{TSV, "?a\n<http://x\\u00>\n"},
	}
	for _, tc := range bad {
		if res, err := Read(strings.NewReader(tc.doc), tc.f); err == nil {
			t.Errorf("%s: %q parsed as %+v", tc.f, tc.doc, res)
		}
	}
}

func TestParseTerm(t *testing.T) {
	tests := []struct {
		in   string
		want rdf.Term
	}{
		{"<http://a/b>", rdf.IRI("http://a/b")},
		{`<http://a/\u00E9>`, rdf.IRI("http://a/é")},
		{"_:x1", rdf.Blank("x1")},
		{`"a\tb\"c\\"`, rdf.String("a\tb\"c\\")},
		{`'single'`, rdf.String("single")},
		{`"""long "quoted" text"""`, rdf.String(`long "quoted" text`)},
		{`"chat"@FR`, rdf.LangString("chat", "fr")},
		{`"5"^^<http://www.w3.org/2001/XMLSchema#byte>`, rdf.Literal("5", "http://www.w3.org/2001/XMLSchema#byte")},
		{`"\U0001F600"`, rdf.String("😀")},
		{"-12", rdf.Literal("-12", rdf.XSDInteger)},
		{"+.5", rdf.Literal("+.5", rdf.XSDDecimal)},
		{"1.0e6", rdf.Literal("1.0e6", rdf.XSDDouble)},
		{".5E-2", rdf.Literal(".5E-2", rdf.XSDDouble)},
		{"true", rdf.Literal("true", rdf.XSDBoolean)},
		{"", rdf.Term{}},
	}
	for _, tc := range tests {
		got, err := ParseTerm(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseTerm(%q) = %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"1.", ".", "1e", "e5", "TRUE", "<x", `"x"@`, `"x"^^xsd:int`, "_:", "?x"} {
		if got, err := ParseTerm(bad); err == nil {
			t.Errorf("ParseTerm(%q) = %#v, want an error", bad, got)
		}
	}
}

func TestFormatRegistry(t *testing.T) {
	for _, f := range Formats() {
		if g, ok := ByName(strings.ToUpper(f.Name())); !ok || g != f {
			t.Errorf("ByName(%s)", f.Name())
		}
		if g, ok := ByMediaType(f.ContentType()); !ok || g != f {
			t.Errorf("ByMediaType(%s)", f.ContentType())
		}
		if g, ok := ByExtension(f.Extension()); !ok || g != f {
			t.Errorf("ByExtension(%s)", f.Extension())
		}
	}
	for mt, want := range map[string]Format{
		"application/sparql-results+json":               JSON,
		"Application/JSON":                              JSON,
		"application/sparql-results+xml; charset=UTF-8": XML,
		"text/csv":                  CSV,
		"text/tab-separated-values": TSV,
	} {
		if g, ok := ByMediaType(mt); !ok || g != want {
			t.Errorf("ByMediaType(%q) = %v, %v", mt, g, ok)
		}
	}
	if _, ok := ByMediaType("text/html"); ok {
		t.Error("text/html is not a result format")
	}
	if _, ok := ByName("turtle"); ok {
		t.Error("turtle is not a result format")
	}
	if !JSON.SupportsBoolean() || CSV.SupportsBoolean() {
		t.Error("SupportsBoolean")
	}
}

func TestWriterFlush(t *testing.T) {
	for _, f := range Formats() {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, f, []string{"a"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]rdf.Term{rdf.String("first")}); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote before Flush", f)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "first") {
			t.Errorf("%s: Flush did not write the solution: %q", f, buf.String())
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
