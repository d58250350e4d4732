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
	return Extraction{Records: recordsFromSchemaOrg(quads, p.URL.String(), pageLanguage(p, e.lang)), Warnings: warnings}, nil
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
	return Extraction{Records: recordsFromSchemaOrg(rdfaQuads(root, p.URL.String()), p.URL.String(), pageLanguage(p, e.lang))}, nil
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
	records := recordsFromSchemaOrg(quads, p.URL.String(), pageLanguage(p, e.lang))
	if len(unreadable) > 0 && len(records) == 0 {
		return Extraction{}, errors.New(strings.Join(unreadable, "; "))
	}
	return Extraction{Records: records, Warnings: append(unreadable, warnings...)}, nil
}

// pageLanguage is the language of an HTML page (<html lang>), else def.
func pageLanguage(p *Page, def string) string {
	root, err := p.HTML()
	if err != nil {
		return def
	}
	if h := htmlnode.Find(root, "html"); h != nil {
		if v, ok := htmlnode.Attr(h, "lang"); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return def
}
