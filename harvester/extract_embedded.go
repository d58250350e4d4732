package harvester

import (
	"errors"
	"strings"

	"github.com/skillsmap/skillsmap/internal/htmlnode"
	"github.com/skillsmap/skillsmap/internal/microdata"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// microdataExtractor reads schema.org microdata (itemscope, itemtype,
// itemprop, itemid, itemref) as the W3C Note "Microdata to RDF" says
// (internal/microdata), turning items into triples that the schema.org
// reader of the JSON-LD extractor maps.
type microdataExtractor struct{ lang string }

func (e *microdataExtractor) readsHTML() {}

// Extract returns the practices of the page's microdata.
func (e *microdataExtractor) Extract(p *Page) (Extraction, error) {
	quads, warnings, err := microdataQuads(p)
	if err != nil {
		return Extraction{}, err
	}
	return schemaOrgExtraction(quads, htmlContext(p, e.lang), warnings), nil
}

// microdataQuads returns the page's microdata items as triples, and the
// page's microdata errors (an itemref cycle, say) as warnings: they never
// cost the items the page describes correctly.
func microdataQuads(p *Page) ([]rdf.Quad, []string, error) {
	root, err := p.HTML()
	if err != nil {
		return nil, nil, err
	}
	res := microdata.ToRDF(root, microdata.Options{Base: p.URL.String()})
	quads := make([]rdf.Quad, len(res.Triples))
	for i, t := range res.Triples {
		quads[i] = rdf.Quad{S: t.S, P: t.P, O: t.O}
	}
	var warnings []string
	for _, err := range res.Errors {
		warnings = append(warnings, err.Error())
	}
	return quads, warnings, nil
}

// rdfaExtractor reads schema.org (or any vocabulary mapped to it) written
// as RDFa 1.1 Lite, with the processor of rdfa.go.
type rdfaExtractor struct{ lang string }

func (e *rdfaExtractor) readsHTML() {}

// Extract returns the practices of the page's RDFa.
func (e *rdfaExtractor) Extract(p *Page) (Extraction, error) {
	root, err := p.HTML()
	if err != nil {
		return Extraction{}, err
	}
	return schemaOrgExtraction(rdfaQuads(root, p.URL.String()), htmlContext(p, e.lang), nil), nil
}

// embeddedExtractor reads JSON-LD, microdata and RDFa together: a site may
// use any of them, or several on one page. A practice described in two of
// them (same @id) is one record.
type embeddedExtractor struct{ lang string }

func (e *embeddedExtractor) readsHTML() {}

// Extract returns the practices of all the structured data of the page.
func (e *embeddedExtractor) Extract(p *Page) (Extraction, error) {
	// unreadable is data the page claims but that could not be read: the
	// page fails on it unless something else on the page gave practices.
	var quads []rdf.Quad
	var unreadable, warnings []string
	q, skipped, err := jsonldQuads(p)
	if err != nil {
		unreadable = append(unreadable, err.Error())
	}
	quads, unreadable = append(quads, q...), append(unreadable, skipped...)
	q, mdErrors, err := microdataQuads(p)
	if err != nil {
		unreadable = append(unreadable, err.Error())
	}
	quads, warnings = append(quads, q...), mdErrors
	if root, err := p.HTML(); err == nil {
		quads = append(quads, rdfaQuads(root, p.URL.String())...)
	}
	x := schemaOrgExtraction(quads, htmlContext(p, e.lang), append(unreadable, warnings...))
	if len(unreadable) > 0 && len(x.Records) == 0 {
		return Extraction{}, errors.New(strings.Join(unreadable, "; "))
	}
	return x, nil
}

// htmlContext is what the schema.org reader needs to know of an HTML page:
// its URL, its language (<html lang>, else def) and its OpenGraph data.
func htmlContext(p *Page, def string) pageContext {
	pc := pageContext{url: p.URL.String(), lang: def}
	root, err := p.HTML()
	if err != nil {
		return pc
	}
	if h := htmlnode.Find(root, "html"); h != nil {
		if v, ok := htmlnode.Attr(h, "lang"); ok && strings.TrimSpace(v) != "" {
			pc.lang = strings.TrimSpace(v)
		}
	}
	pc.og = readOpenGraph(root)
	return pc
}

// schemaOrgExtraction reads the practices of schema.org data; warnings are
// the document's problems so far, to which the reasons why nodes that look
// like practices are not ones are added.
func schemaOrgExtraction(quads []rdf.Quad, pc pageContext, warnings []string) Extraction {
	records, reasons := recordsFromSchemaOrg(quads, pc)
	return Extraction{Records: records, Warnings: append(warnings, reasons...)}
}
