package harvester

import (
	"bytes"
	"fmt"
	"path"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// rdfExtractor reads linked data: a document in Turtle, RDF/XML, JSON-LD,
// N-Triples, N-Quads or TriG (asked for with Accept, recognised by its
// media type or, failing that, its extension), with schema.org practices
// in it. Collections page with hydra:next (or hydra:nextPage); members
// that a page names without describing them (hydra:member, ldp:contains,
// schema:itemListElement) are fetched one level deeper. An HTML answer is
// read for embedded JSON-LD, microdata and RDFa. JSON-LD contexts are
// served from rdfio's bundled contexts only: no remote context is fetched.
type rdfExtractor struct{ lang string }

// Extract returns the practices of one linked-data document.
func (e *rdfExtractor) Extract(p *Page) (Extraction, error) {
	quads, err := parseRDFPage(p)
	if err != nil {
		return Extraction{}, err
	}
	x := schemaOrgExtraction(quads, pageContext{url: p.URL.String(), lang: e.lang}, nil)
	x.Next = hydraNext(quads)
	x.Follow = undescribedMembers(quads)
	return x, nil
}

// rdfFormat picks the syntax of a fetched document.
func rdfFormat(p *Page) (rdfio.Format, error) {
	if f, ok := rdfio.ByMediaType(p.MediaType); ok {
		return f, nil
	}
	if f, ok := rdfio.ByExtension(path.Base(p.URL.Path)); ok {
		return f, nil
	}
	return rdfio.Format{}, fmt.Errorf("unexpected content type %q (want Turtle, RDF/XML, JSON-LD, N-Triples, N-Quads or TriG)", p.MediaType)
}

// parseRDFPage parses a fetched RDF document; its size is already bounded.
func parseRDFPage(p *Page) ([]rdf.Quad, error) {
	f, err := rdfFormat(p)
	if err != nil {
		return nil, err
	}
	quads, err := rdfio.Parse(bytes.NewReader(p.Body), f, rdfio.ParseOptions{Base: p.URL.String(), MaxBytes: -1})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	return quads, nil
}

var (
	hydraNextProps = []rdf.Term{rdf.IRI(rdf.NSHydra + "next"), rdf.IRI(rdf.NSHydra + "nextPage")}
	memberProps    = []rdf.Term{rdf.IRI(rdf.NSHydra + "member"), rdf.IRI("http://www.w3.org/ns/ldp#contains"), schema("itemListElement")}
)

// hydraNext returns the next pages of a hydra collection (hydra:next of
// a hydra:PartialCollectionView, or hydra:nextPage of the older
// hydra:PagedCollection).
func hydraNext(quads []rdf.Quad) []string {
	var out []string
	for _, q := range quads {
		for _, p := range hydraNextProps {
			if q.P == p && q.O.IsIRI() {
				out = append(out, q.O.Value)
			}
		}
	}
	return out
}

// undescribedMembers returns the IRIs of collection members the document
// names but does not describe: their own documents hold the data.
func undescribedMembers(quads []rdf.Quad) []string {
	described := map[rdf.Term]bool{}
	for _, q := range quads {
		if q.P == rdf.Type {
			described[q.S] = true
		}
	}
	g := rdf.NewGraph()
	for _, q := range quads {
		g.Add(rdf.Triple{S: q.S, P: normalizeSchema(q.P), O: normalizeSchema(q.O)})
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range g.Triples() {
		for _, p := range memberProps {
			if t.P != p {
				continue
			}
			o := t.O
			// schema:itemListElement may hold a ListItem with the item in it.
			if item := g.Object(o, schema("item")); !item.IsZero() {
				o = item
			} else if u := g.Object(o, schema("url")); !u.IsZero() && !o.IsIRI() {
				o = rdf.IRI(u.Value)
			}
			if o.IsIRI() && !described[o] && !seen[o.Value] {
				seen[o.Value] = true
				out = append(out, o.Value)
			}
		}
	}
	return out
}
