package harvester

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRDFa feeds the RDFa processor arbitrary HTML: it must never panic,
// and every triple it gives must have an IRI predicate.
func FuzzRDFa(f *testing.F) {
	for _, name := range []string{"rdfa.html", "microdata.html", "jsonld-graph.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "extract", name)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`<html prefix="a: http://a/ b:"><body vocab="" about="[_:x]" rel="a:b c" rev=":d"><p typeof property resource="[x:y]" datatype="">t</p></body></html>`)
	f.Fuzz(func(t *testing.T, doc string) {
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, q := range rdfaQuads(root, "http://example.org/doc") {
			if !q.P.IsIRI() || q.S.IsZero() || q.O.IsZero() {
				t.Fatalf("bad triple %v", q)
			}
		}
	})
}

// FuzzEmbeddedExtractor runs all HTML extractors on arbitrary pages: no
// panic may escape (safeExtract turns them into errors, which the fuzzer
// reports as failures here so that they get fixed).
func FuzzEmbeddedExtractor(f *testing.F) {
	for _, name := range []string{"rdfa.html", "microdata.html", "jsonld-graph.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "extract", name)); err == nil {
			f.Add(b)
		}
	}
	u, _ := url.Parse("http://example.org/p")
	f.Fuzz(func(t *testing.T, body []byte) {
		p := &Page{URL: u, MediaType: "text/html", Body: body, Header: http.Header{}}
		_, err := safeExtract(&embeddedExtractor{}, p)
		if err != nil && strings.Contains(err.Error(), "extractor crashed") {
			t.Fatal(err)
		}
	})
}
