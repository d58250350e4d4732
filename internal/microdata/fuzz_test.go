package microdata

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// FuzzToRDF feeds the processor arbitrary HTML: it must never panic, and
// every triple must be well formed (an IRI predicate, a valid IRI wherever
// an IRI is).
func FuzzToRDF(f *testing.F) {
	f.Add(`<div itemscope itemtype="http://schema.org/Thing" itemid=" x "><a itemprop="url" href=" a b ">x</a><time itemprop="t" datetime="2020-01">x</time></div>`)
	f.Add(`<div itemscope itemref="r"><div id="r" itemprop="p" itemscope itemref="r"><span itemprop="q">v</span></div></div>`)
	f.Add(`<div itemscope itemtype="urn:x"><meta itemprop-reverse="a b" content="x"><link itemprop-reverse="c" href="#"></div>`)
	f.Fuzz(func(t *testing.T, doc string) {
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, tr := range ToRDF(root, Options{Base: "http://example.org/doc"}).Triples {
			for _, term := range []rdf.Term{tr.S, tr.P, tr.O} {
				if term.IsIRI() && !rdf.ValidIRI(term.Value) {
					t.Fatalf("invalid IRI in %v", tr)
				}
			}
			if !tr.P.IsIRI() || tr.S.IsLiteral() || tr.S.IsZero() || tr.O.IsZero() {
				t.Fatalf("bad triple %v", tr)
			}
		}
	})
}
