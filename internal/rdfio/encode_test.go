package rdfio

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func writeString(t *testing.T, f Format, qs []rdf.Quad, opt EncodeOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, qs, opt); err != nil {
		t.Fatalf("Write %s: %v", f, err)
	}
	return buf.String()
}

// readBack parses out and requires it to be isomorphic to want.
func readBack(t *testing.T, f Format, out string, want []rdf.Quad) {
	t.Helper()
	got, err := Parse(strings.NewReader(out), f, ParseOptions{})
	if err != nil {
		t.Fatalf("reading back %s: %v\n%s", f, err, out)
	}
	if !rdf.IsomorphicQuads(got, want) {
		t.Fatalf("%s read back differently:\n got:\n%s want:\n%s output:\n%s", f, dumpQuads(got), dumpQuads(want), out)
	}
}

func TestNTriplesCanonicalForm(t *testing.T) {
	s, p := iri("http://ex.org/s"), iri("http://ex.org/p")
	tests := []struct {
		o    rdf.Term
		want string
	}{
		{rdf.String("plain"), `"plain"`},
		{rdf.String("q\"b\\n\nr\rt\tx\x00\x1f\x7f"), `"q\"b\\n\nr\rt\u0009x\u0000\u001F\u007F"`},
		{rdf.String("ünïcödé 😀"), `"ünïcödé 😀"`},
		{rdf.LangString("Hallo", "DE-at"), `"Hallo"@de-at`},
		{rdf.Literal("1", rdf.XSDInteger), `"1"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{rdf.Literal("x", rdf.XSDString), `"x"`},
		{rdf.Blank("b1"), `_:b1`},
		{rdf.Blank("not valid"), `_:u_6e6f742076616c6964`},
		{rdf.Blank("u_1"), `_:u_755f31`},
		{iri("http://ex.org/ü?a=b#c"), `<http://ex.org/ü?a=b#c>`},
	}
	for _, tt := range tests {
		got := writeString(t, NTriples, []rdf.Quad{{S: s, P: p, O: tt.o}}, EncodeOptions{})
		want := "<http://ex.org/s> <http://ex.org/p> " + tt.want + " .\n"
		if got != want {
			t.Errorf("%#v:\n got %q\nwant %q", tt.o, got, want)
		}
	}
	q := rdf.Quad{S: s, P: p, O: rdf.String("v"), G: iri("http://ex.org/g")}
	if got := writeString(t, NQuads, []rdf.Quad{q}, EncodeOptions{}); got != `<http://ex.org/s> <http://ex.org/p> "v" <http://ex.org/g> .`+"\n" {
		t.Errorf("N-Quads: %q", got)
	}
	if got := writeString(t, NTriples, []rdf.Quad{q}, EncodeOptions{}); got != `<http://ex.org/s> <http://ex.org/p> "v" .`+"\n" {
		t.Errorf("N-Triples drops the graph: %q", got)
	}
}

func TestEncodersRejectInvalidQuads(t *testing.T) {
	s, p, o := iri("http://ex.org/s"), iri("http://ex.org/p"), rdf.String("o")
	bad := map[string]rdf.Quad{
		"literal subject":      {S: rdf.String("s"), P: p, O: o},
		"blank predicate":      {S: s, P: rdf.Blank("p"), O: o},
		"missing object":       {S: s, P: p},
		"literal graph":        {S: s, P: p, O: o, G: rdf.String("g")},
		"relative IRI":         {S: iri("rel/ative"), P: p, O: o},
		"IRI with a space":     {S: s, P: p, O: iri("http://ex.org/a b")},
		"bad language tag":     {S: s, P: p, O: rdf.Term{Kind: rdf.KindLiteral, Value: "x", Datatype: rdf.RDFLangString, Lang: "en us"}},
		"langString sans lang": {S: s, P: p, O: rdf.Literal("x", rdf.RDFLangString)},
		"invalid UTF-8":        {S: s, P: p, O: rdf.String("\xff")},
	}
	for _, f := range Formats() {
		for name, q := range bad {
			var buf bytes.Buffer
			enc, err := NewEncoder(&buf, f, EncodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			err1 := enc.Encode(q)
			err2 := enc.Close()
			if err1 == nil || err2 == nil {
				t.Errorf("%s: %s accepted (%v, %v)", f, name, err1, err2)
			}
			if err1 != nil && err2 != nil && err1.Error() != err2.Error() {
				t.Errorf("%s: %s: the first error is not sticky: %v then %v", f, name, err1, err2)
			}
		}
	}
}

func TestNewEncoderValidatesOptions(t *testing.T) {
	bad := []EncodeOptions{
		{Base: "relative"},
		{Prefixes: []Prefix{{"1bad", "http://ex.org/"}}},
		{Prefixes: []Prefix{{"ex", "http://ex.org/"}, {"ex", "http://other.org/"}}},
		{Prefixes: []Prefix{{"ex", "not an iri"}}},
	}
	for _, opt := range bad {
		if _, err := NewEncoder(io.Discard, Turtle, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
	if _, err := NewEncoder(io.Discard, JSONLD, EncodeOptions{JSONLDContext: []byte(`{oops`)}); err == nil {
		t.Error("invalid JSON-LD context accepted")
	}
	if _, err := NewEncoder(io.Discard, Format{}, EncodeOptions{}); err == nil {
		t.Error("zero format accepted")
	}
}

func TestTurtleOutput(t *testing.T) {
	ex := "http://ex.org/"
	s, s2 := iri(ex+"s"), iri(ex+"s2")
	qs := []rdf.Quad{
		{S: s, P: rdf.Type, O: iri(rdf.NSDCAT + "Dataset")},
		{S: s, P: iri(rdf.NSDCT + "title"), O: rdf.LangString("Skills", "en")},
		{S: s, P: iri(rdf.NSDCT + "title"), O: rdf.LangString("Kompetenzen", "de")},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("42", rdf.XSDInteger)},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("042.50", rdf.XSDDecimal)},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("1.5E3", rdf.XSDDouble)},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("true", rdf.XSDBoolean)},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("forty-two", rdf.XSDInteger)},
		{S: s, P: iri(ex + "n"), O: rdf.Literal("1", rdf.XSDBoolean)},
		{S: s, P: iri(ex + "text"), O: rdf.String("line one\nline \"two\"\n\"")},
		{S: s2, P: iri(rdf.NSDCT + "subject"), O: iri(ex + "a.b")},
		{S: s2, P: iri(rdf.NSDCT + "subject"), O: iri(ex + "with!bang%20and~tilde")},
		{S: s2, P: iri(rdf.NSDCT + "subject"), O: iri(ex + "path/with/slash")},
		{S: s2, P: iri(rdf.NSDCT + "subject"), O: iri(ex + "ends.")},
		{S: s2, P: iri(rdf.NSDCT + "subject"), O: iri("http://unprefixed.example/x")},
		{S: rdf.Blank("weird label"), P: iri(rdf.NSDCT + "date"), O: rdf.Literal("2024-05-01", rdf.XSDDate)},
	}
	out := writeString(t, Turtle, qs, EncodeOptions{Prefixes: append(CommonPrefixes(), Prefix{"ex", ex})})
	for _, want := range []string{
		"@prefix dcat: <http://www.w3.org/ns/dcat#> .",
		"ex:s a dcat:Dataset ;",
		`    dct:title "Skills"@en, "Kompetenzen"@de ;`,
		`    ex:n 42, 042.50, 1.5E3, true, "forty-two"^^xsd:integer, "1"^^xsd:boolean ;`,
		"ex:text \"\"\"line one\nline \"two\"\n" + `\"""" .`,
		"ex:a.b",
		`ex:with\!bang%20and\~tilde`,
		`ex:path\/with\/slash`,
		`ex:ends\.`,
		"<http://unprefixed.example/x>",
		`"2024-05-01"^^xsd:date`,
		"_:u_",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Write declares only the prefixes it uses.
	for _, unused := range []string{"@prefix foaf:", "@prefix skos:", "@prefix rdf:"} {
		if strings.Contains(out, unused) {
			t.Errorf("output declares an unused prefix (%s):\n%s", unused, out)
		}
	}
	readBack(t, Turtle, out, qs)
}

func TestTurtleBaseAndStreaming(t *testing.T) {
	base := "http://ex.org/data/"
	qs := []rdf.Quad{
		{S: iri(base + "p1"), P: iri("http://other.org/p"), O: iri(base)},
		{S: iri(base + "p1"), P: iri("http://other.org/p"), O: iri("http://elsewhere.org/x")},
	}
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, Turtle, EncodeOptions{Base: base, Prefixes: []Prefix{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "@base <http://ex.org/data/> .") || !strings.Contains(out, "<p1> <http://other.org/p> <>, <http://elsewhere.org/x> .") {
		t.Errorf("unexpected output:\n%s", out)
	}
	got, err := Parse(strings.NewReader(out), Turtle, ParseOptions{})
	if err != nil || !rdf.IsomorphicQuads(got, qs) {
		t.Errorf("read back: %v, %v", got, err)
	}
}

func TestTriGOutput(t *testing.T) {
	g1, g2 := iri("http://ex.org/g1"), rdf.Blank("g2")
	p := iri("http://ex.org/p")
	qs := []rdf.Quad{
		{S: iri("http://ex.org/a"), P: p, O: rdf.String("default")},
		{S: iri("http://ex.org/a"), P: p, O: rdf.String("in g1"), G: g1},
		{S: iri("http://ex.org/b"), P: p, O: rdf.String("in g1 too"), G: g1},
		{S: iri("http://ex.org/a"), P: p, O: rdf.String("in g2"), G: g2},
		{S: iri("http://ex.org/c"), P: p, O: rdf.String("default again")},
	}
	out := writeString(t, TriG, qs, EncodeOptions{Prefixes: []Prefix{{"ex", "http://ex.org/"}}})
	if strings.Count(out, "{") != 2 || !strings.Contains(out, "ex:g1 {\n    ex:a ex:p \"in g1\" .\n    ex:b") || !strings.Contains(out, "_:g2 {") {
		t.Errorf("unexpected graph blocks:\n%s", out)
	}
	readBack(t, TriG, out, qs)
}

func TestRDFXMLOutput(t *testing.T) {
	s := iri("http://ex.org/s?a=1&b=2")
	qs := []rdf.Quad{
		{S: s, P: iri(rdf.NSDCT + "title"), O: rdf.LangString(`<b> & "quotes"`, "en")},
		{S: s, P: iri(rdf.NSDCT + "description"), O: rdf.String("line\r\nbreak\ttab")},
		{S: s, P: iri("http://unknown.example/vocab#count"), O: rdf.Literal("3", rdf.XSDInteger)},
		{S: s, P: iri("http://unknown2.example/terms/p-1"), O: rdf.Blank("x")},
		{S: rdf.Blank("x"), P: iri(rdf.NSVCARD + "hasEmail"), O: iri("mailto:info@example.org")},
		{S: rdf.Blank("x"), P: rdf.Type, O: iri(rdf.NSVCARD + "Organization")},
	}
	out := writeString(t, RDFXML, qs, EncodeOptions{})
	// Well-formed XML, with every namespace declared on the root.
	d := xml.NewDecoder(strings.NewReader(out))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
		if se, ok := tok.(xml.StartElement); ok {
			depth++
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" && depth > 1 {
					t.Errorf("namespace declared below the root: %v", a)
				}
			}
		}
	}
	for _, want := range []string{`xmlns:ns0="http://unknown.example/vocab#"`, `xmlns:ns1="http://unknown2.example/terms/"`, `xmlns:dct=`, `xmlns:vcard=`,
		`rdf:about="http://ex.org/s?a=1&amp;b=2"`, `xml:lang="en">&lt;b&gt; &amp; "quotes"</dct:title>`, `line&#13;`, `rdf:nodeID="x"`,
		`rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3</ns0:count>`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	readBack(t, RDFXML, out, qs)
}

func TestRDFXMLRefusesWhatXMLCannotCarry(t *testing.T) {
	s := iri("http://ex.org/s")
	tests := map[string]rdf.Quad{
		"predicate without a local name":  {S: s, P: iri("http://ex.org/ends/"), O: rdf.String("x")},
		"predicate ending in a digit run": {S: s, P: iri("http://ex.org/123"), O: rdf.String("x")},
		"reserved predicate":              {S: s, P: iri(rdf.NSRDF + "li"), O: rdf.String("x")},
		"control character":               {S: s, P: iri("http://ex.org/p"), O: rdf.String("bell\x07")},
		"non-character":                   {S: s, P: iri("http://ex.org/p"), O: rdf.String("\uFFFE")},
	}
	for name, q := range tests {
		var buf bytes.Buffer
		err := Write(&buf, RDFXML, []rdf.Quad{q}, EncodeOptions{})
		if err == nil {
			t.Errorf("%s: written:\n%s", name, buf.String())
		} else if buf.Len() != 0 {
			t.Errorf("%s: partial output after the error", name)
		}
	}
}

func TestJSONLDOutput(t *testing.T) {
	s := iri("https://skills.example/practice/1")
	qs := []rdf.Quad{
		{S: s, P: rdf.Type, O: iri(rdf.NSSchema + "Course")},
		{S: s, P: iri(rdf.NSSchema + "name"), O: rdf.LangString("Digital literacy", "en")},
		{S: s, P: iri(rdf.NSSchema + "url"), O: iri("https://city.example/course")},
		{S: s, P: iri(rdf.NSSchema + "numberOfCredits"), O: rdf.Literal("05", rdf.XSDInteger)},
		{S: s, P: iri(rdf.NSSchema + "name"), O: rdf.String("in a graph"), G: iri("https://skills.example/graph/a")},
	}
	expanded := writeString(t, JSONLD, qs, EncodeOptions{})
	if !json.Valid([]byte(expanded)) || strings.Contains(expanded, "@context") {
		t.Errorf("expanded output:\n%s", expanded)
	}
	readBack(t, JSONLD, expanded, qs)
	compacted := writeString(t, JSONLD, qs, EncodeOptions{JSONLDContext: []byte(`"https://schema.org/"`)})
	for _, want := range []string{`"@context": "https://schema.org/"`, `"name"`, `"url": "https://city.example/course"`, `"@value": "05"`} {
		if !strings.Contains(compacted, want) {
			t.Errorf("compacted output lacks %s:\n%s", want, compacted)
		}
	}
	readBack(t, JSONLD, compacted, qs)
	// Output is deterministic.
	if again := writeString(t, JSONLD, qs, EncodeOptions{}); again != expanded {
		t.Error("two writes of the same quads differ")
	}
	// Compaction with an unknown remote context fails safely.
	err := Write(io.Discard, JSONLD, qs, EncodeOptions{JSONLDContext: []byte(`"https://unknown.example/ctx"`)})
	if !errors.Is(err, ErrContextNotBundled) {
		t.Errorf("unknown context: got %v", err)
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestEncodersReportWriteErrors(t *testing.T) {
	var qs []rdf.Quad
	for i := range 5000 {
		qs = append(qs, rdf.Quad{S: iri("http://ex.org/s"), P: iri("http://ex.org/p"), O: rdf.Literal(strings.Repeat("x", i%50), "")})
	}
	for _, f := range Formats() {
		err := Write(&failingWriter{after: 1000}, f, qs, EncodeOptions{})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: got %v, want the writer's error", f, err)
		}
	}
}
