package rdfio

import (
	"bytes"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The fuzz targets check that the parsers never panic, hang or fail in an
// unexpected way on any input, and that whatever they accept survives a
// round trip through N-Quads. Crashers found by `go test -fuzz` land in
// testdata/fuzz/<Target>/ and run as regression tests from then on.
//
//	go test ./internal/rdfio -run XXX -fuzz FuzzTurtle -fuzztime 60s

var fuzzSeeds = []string{
	"<http://a/s> <http://a/p> <http://a/o> .\n",
	"_:b0 <http://a/p> \"x\\u00e9\\n\"@en-GB .\n<http://a/s> <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://a/g> .\n",
	"@prefix : <http://ex/> . @base <http://base/> .\n:s :p [ :q ( 1 2.5 -3e4 true ) ], 'a', \"\"\"long\n\"\"\" ; a <rel> .",
	"PREFIX ex: <http://ex/> ex:a\\~b ex:c.d ex:%20 ; ex:e _:x.y , [] .",
	"<http://g> { <http://s> <http://p> <http://o> } GRAPH _:g { [ <http://p> 'x' ] <http://q> () . }",
	".1A<",
	"\ufeff# comment only\n",
}

// fuzzParse parses with a small size limit and checks the result.
func fuzzParse(t *testing.T, f Format, data []byte) {
	qs, err := Parse(bytes.NewReader(data), f, ParseOptions{Base: "http://fuzz.example/doc", MaxBytes: 1 << 20})
	if err != nil {
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("parser fault: %v", err)
		}
		return
	}
	var buf bytes.Buffer
	if err := Write(&buf, NQuads, qs, EncodeOptions{}); err != nil {
		t.Fatalf("accepted data cannot be written as N-Quads: %v", err)
	}
	back, err := Parse(&buf, NQuads, ParseOptions{})
	if err != nil {
		t.Fatalf("N-Quads output does not parse: %v\n%s", err, buf.String())
	}
	if !rdf.IsomorphicQuads(qs, back) {
		t.Fatalf("N-Quads round trip changed the data:\n%s\nvs\n%s", dumpQuads(qs), dumpQuads(back))
	}
}

func FuzzTurtle(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzParse(t, Turtle, data)
		fuzzParse(t, TriG, data)
	})
}

func FuzzNTriples(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzParse(t, NTriples, data)
		fuzzParse(t, NQuads, data)
	})
}

func FuzzRDFXML(f *testing.F) {
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"><rdf:Description rdf:about="a" e:x="y"><e:p rdf:parseType="Resource"><e:q xml:lang="en">x</e:q></e:p><e:l rdf:parseType="Collection"><rdf:Description/></e:l><e:m rdf:parseType="Literal"><b a="1">t</b></e:m></rdf:Description></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, RDFXML, data) })
}

func FuzzJSONLD(f *testing.F) {
	f.Add([]byte(`{"@context": {"@vocab": "http://ex/", "l": {"@container": "@list"}}, "@id": "s", "l": [1, "a", {"@id": "o"}], "n": {"@value": "x", "@language": "en"}}`))
	f.Add([]byte(`{"@context": "https://schema.org", "@type": "Event", "name": "x", "url": "e.html"}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, JSONLD, data) })
}

// FuzzHTMLForgiving feeds pages with JSON-LD scripts to the forgiving
// reader: whatever it returns must be valid RDF, and a page never fails
// because of a script.
func FuzzHTMLForgiving(f *testing.F) {
	f.Add(`<script type="application/ld+json">{"@context": "https://schema.org", "@id": " #a ", "url": " /x ", "sameAs": [" https://b/ "]}</script><script type="application/ld+json">null</script>`)
	f.Add(`<script type="application/ld+json"><!-- [{"@id": "_:b", "http://p": {"@id": "_:b"}}] --></script><script type="application/ld+json">{"@context": {"@version": 2}}</script>`)
	f.Fuzz(func(t *testing.T, page string) {
		res, err := ParseHTMLForgiving(strings.NewReader(page), ParseOptions{Base: "http://fuzz.example/doc", MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, NQuads, res.Quads, EncodeOptions{}); err != nil {
			t.Fatalf("data cannot be written as N-Quads: %v", err)
		}
	})
}

// FuzzTurtleWriter feeds arbitrary terms through the Turtle and RDF/XML
// writers: they must refuse or write data that reads back unchanged.
func FuzzTurtleWriter(f *testing.F) {
	f.Add("http://ex.org/s", "http://purl.org/dc/terms/title", "text \"quoted\"\nline", "en", "")
	f.Add("http://ex.org/a.b", "http://ex.org/p:1", "1.5", "", rdf.XSDDecimal)
	f.Fuzz(func(t *testing.T, s, p, lex, lang, dt string) {
		o := rdf.Literal(lex, dt)
		if lang != "" {
			o = rdf.LangString(lex, lang)
		}
		q := []rdf.Quad{{S: rdf.IRI(s), P: rdf.IRI(p), O: o}, {S: rdf.Blank(lex), P: rdf.IRI(p), O: rdf.IRI(s)}}
		for _, f := range []Format{Turtle, TriG, NTriples, RDFXML} {
			var buf bytes.Buffer
			if err := Write(&buf, f, q, EncodeOptions{Prefixes: append(CommonPrefixes(), Prefix{"ex", "http://ex.org/"})}); err != nil {
				continue // refused: fine, as long as it says so
			}
			back, err := Parse(&buf, f, ParseOptions{})
			if err != nil {
				t.Fatalf("%s output does not parse: %v\n%s", f, err, buf.String())
			}
			if !rdf.IsomorphicQuads(back, q) {
				t.Fatalf("%s round trip changed the data:\n%s\nvs\n%s", f, dumpQuads(back), dumpQuads(q))
			}
		}
	})
}
