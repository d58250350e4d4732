package harvester

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/astappiev/microdata"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// microdataExtractor reads schema.org microdata (itemscope, itemtype,
// itemprop, itemid) with github.com/astappiev/microdata, turning items
// into triples that the schema.org reader of the JSON-LD extractor maps.
type microdataExtractor struct{ lang string }

func (e *microdataExtractor) readsHTML() {}

// Extract returns the practices of the page's microdata.
func (e *microdataExtractor) Extract(p *Page) (Extraction, error) {
	quads, err := microdataQuads(p)
	if err != nil {
		return Extraction{}, err
	}
	return Extraction{Records: recordsFromSchemaOrg(quads, p.URL.String(), pageLanguage(p, e.lang))}, nil
}

// microdataQuads returns the page's microdata items as triples.
func microdataQuads(p *Page) ([]rdf.Quad, error) {
	root, err := p.HTML()
	if err != nil {
		return nil, err
	}
	md, err := microdata.ParseNode(withoutScripts(root), p.URL.String())
	if err != nil {
		return nil, fmt.Errorf("microdata on %s: %w", p.URL, err)
	}
	c := microdataConverter{seen: map[*microdata.Item]rdf.Term{}}
	for _, it := range md.Items {
		c.item(it, "")
	}
	return c.out, nil
}

// withoutScripts copies an HTML tree without its script elements. The
// microdata library also reads JSON-LD scripts, with a lenient JSON parser
// that panics on some inputs and logs through the standard logger; JSON-LD
// is the jsonld extractor's job, and microdata never lives in a script.
// The page's own tree is shared by the extractors, so it is not changed.
func withoutScripts(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: n.Attr}
	for child := n.FirstChild; child != nil; child = child.NextSibling {
		if child.Type == html.ElementNode && child.DataAtom == atom.Script {
			continue
		}
		c.AppendChild(withoutScripts(child))
	}
	return c
}

type microdataConverter struct {
	out    []rdf.Quad
	seen   map[*microdata.Item]rdf.Term
	blanks int
}

// item converts one item; vocab is the vocabulary of the enclosing item,
// used for an item without a type of its own.
func (c *microdataConverter) item(it *microdata.Item, vocab string) rdf.Term {
	if s, ok := c.seen[it]; ok {
		return s // itemref can make an item its own descendant
	}
	var s rdf.Term
	if id := strings.TrimSpace(it.ID); id != "" && isAbsIRI(id) {
		s = rdf.IRI(id)
	} else {
		c.blanks++
		s = rdf.Blank("md" + strconv.Itoa(c.blanks))
	}
	c.seen[it] = s
	for _, t := range it.Types {
		if isAbsIRI(t) {
			c.out = append(c.out, rdf.Quad{S: s, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(t)})
			if vocab == "" || vocab == vocabOf(vocab) {
				vocab = vocabOf(t)
			}
		}
	}
	for name, values := range it.Properties {
		pred := name
		if !isAbsIRI(name) {
			if vocab == "" {
				continue
			}
			pred = vocab + name
		}
		for _, v := range values {
			switch v := v.(type) {
			case string:
				c.out = append(c.out, rdf.Quad{S: s, P: rdf.IRI(pred), O: rdf.String(v)})
			case *microdata.Item:
				c.out = append(c.out, rdf.Quad{S: s, P: rdf.IRI(pred), O: c.item(v, vocab)})
			}
		}
	}
	return s
}

// vocabOf is the vocabulary of a type IRI: "http://schema.org/Course" →
// "http://schema.org/".
func vocabOf(t string) string {
	if i := strings.LastIndexAny(t, "/#"); i >= 0 {
		return t[:i+1]
	}
	return t
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
	var quads []rdf.Quad
	var errs []error
	if q, err := jsonldQuads(p); err != nil {
		errs = append(errs, err)
	} else {
		quads = append(quads, q...)
	}
	if q, err := microdataQuads(p); err != nil {
		errs = append(errs, err)
	} else {
		quads = append(quads, q...)
	}
	if root, err := p.HTML(); err == nil {
		quads = append(quads, rdfaQuads(root, p.URL.String())...)
	}
	records := recordsFromSchemaOrg(quads, p.URL.String(), pageLanguage(p, e.lang))
	if len(errs) > 0 && len(records) == 0 {
		return Extraction{}, errors.Join(errs...)
	}
	x := Extraction{Records: records}
	for _, err := range errs {
		x.Warnings = append(x.Warnings, err.Error())
	}
	return x, nil
}

// pageLanguage is the language of an HTML page (<html lang>), else def.
func pageLanguage(p *Page, def string) string {
	root, err := p.HTML()
	if err != nil {
		return def
	}
	if h := findElement(root, "html"); h != nil {
		if v, ok := attr(h, "lang"); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return def
}
