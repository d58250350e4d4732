package harvester

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// Page is a fetched document handed to an extractor.
type Page struct {
	URL *url.URL
	// ContentType is the response's Content-Type header, as sent.
	ContentType string
	// MediaType is its media type, lower-case, without parameters.
	MediaType string
	// Body is the document; HTML, CSV and JSON are already UTF-8.
	Body []byte
	// Header holds the response headers (Link, Last-Modified, …).
	Header http.Header

	htmlOnce sync.Once
	htmlRoot *html.Node
	htmlErr  error
}

// HTML returns the page parsed as HTML, parsing it once for all the
// extractors that read it.
func (p *Page) HTML() (*html.Node, error) {
	p.htmlOnce.Do(func() {
		p.htmlRoot, p.htmlErr = html.Parse(bytes.NewReader(p.Body))
		if p.htmlErr != nil {
			p.htmlErr = fmt.Errorf("parse HTML: %w", p.htmlErr)
		}
	})
	return p.htmlRoot, p.htmlErr
}

// Extraction is what an extractor read from one document.
type Extraction struct {
	// Records are the practices the document describes.
	Records []Record
	// Next lists further pages of the same listing, feed, API result or
	// catalog (pagination): they are read like this document.
	Next []string
	// Follow lists documents the records point to that hold more data (a
	// linked-data member, a DCAT distribution): they are read one level
	// deeper with the source's extractor.
	Follow []string
	// Warnings are problems that did not stop the extraction (a CSV row
	// without a title, say); they are shown in the report.
	Warnings []string
}

// Extractor reads the practices a document describes. A document that
// describes no practice (a listing page, say) gives no records and no
// error; an error means the document claims to hold data that cannot be
// read (broken JSON-LD, for example) and is reported, not silently skipped.
type Extractor interface {
	Extract(p *Page) (Extraction, error)
}

// newExtractor returns the extractor configured for s.
func newExtractor(s *sourceconfig.Source) (Extractor, error) {
	lang := s.Mapping.Language
	switch s.Extractor {
	case sourceconfig.ExtractCSS:
		return newCSSExtractor(s.CSS, lang)
	case sourceconfig.ExtractJSONLD:
		return &jsonldExtractor{lang: lang}, nil
	case sourceconfig.ExtractMicrodata:
		return &microdataExtractor{lang: lang}, nil
	case sourceconfig.ExtractRDFa:
		return &rdfaExtractor{lang: lang}, nil
	case sourceconfig.ExtractEmbedded:
		return &embeddedExtractor{lang: lang}, nil
	case sourceconfig.ExtractFeed:
		return &feedExtractor{lang: lang}, nil
	case sourceconfig.ExtractCSV:
		return newCSVExtractor(s.CSV, lang)
	case sourceconfig.ExtractJSON:
		return newJSONExtractor(s.JSON, lang)
	case sourceconfig.ExtractRDF:
		return &rdfExtractor{lang: lang}, nil
	case sourceconfig.ExtractDCAT:
		return &dcatExtractor{opts: *s.DCAT, lang: lang}, nil
	}
	return nil, fmt.Errorf("unknown extractor %q", s.Extractor)
}

// safeExtract runs ex on p and turns a panic of a third-party parser into
// an error: one hostile page must never take the harvester down.
func safeExtract(ex Extractor, p *Page) (x Extraction, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor crashed on %s: %v\n%s", p.URL, r, firstLines(debug.Stack(), 12))
		}
	}()
	return ex.Extract(p)
}

func firstLines(b []byte, n int) []byte {
	for i, c := range b {
		if c == '\n' {
			if n--; n == 0 {
				return b[:i]
			}
		}
	}
	return b
}

// acceptHeaders are the Accept headers each extractor sends.
var acceptHeaders = map[string]string{
	sourceconfig.ExtractFeed: "application/rss+xml, application/atom+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1",
	sourceconfig.ExtractCSV:  "text/csv, text/plain;q=0.5, */*;q=0.1",
	sourceconfig.ExtractJSON: "application/json, application/ld+json;q=0.9, */*;q=0.1",
	sourceconfig.ExtractRDF:  "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, application/n-triples;q=0.7, application/trig;q=0.6, application/n-quads;q=0.6, text/html;q=0.2",
	sourceconfig.ExtractDCAT: "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, application/n-triples;q=0.7, application/trig;q=0.6, application/n-quads;q=0.6",
}

const acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
const acceptSitemap = "application/xml, text/xml;q=0.9, */*;q=0.1"
