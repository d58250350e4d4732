package harvester

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// jsonldExtractor reads schema.org JSON-LD embedded in HTML pages: every
// node typed as a project, course, programme or educational event is a
// practice. It understands @graph, arrays, nested objects and both the
// http:// and https:// schema.org namespaces, through a full JSON-LD
// processor (rdfio, json-gold) with bundled contexts only.
type jsonldExtractor struct {
	lang string
}

func (e *jsonldExtractor) readsHTML() {}

// Extract returns the practices of the page's JSON-LD.
func (e *jsonldExtractor) Extract(p *Page) (Extraction, error) {
	quads, warnings, err := jsonldQuads(p)
	if err != nil {
		return Extraction{}, err
	}
	x := schemaOrgExtraction(quads, htmlContext(p, e.lang), warnings)
	if len(x.Records) == 0 && len(warnings) > 0 {
		// Nothing readable besides the broken scripts: the page claims data
		// that cannot be read, so it fails (and its practices are kept)
		// rather than count as a page without practices.
		return Extraction{}, errors.New(strings.Join(warnings, "; "))
	}
	return x, nil
}

// jsonldQuads returns the triples of a page's JSON-LD scripts, and a warning
// for each script that could not be read: one bad script (empty, null,
// commented out, malformed) never costs the others. The page body is
// already bounded, so rdfio's own limit is off; remote contexts are never
// fetched (rdfio serves bundled contexts only).
func jsonldQuads(p *Page) ([]rdf.Quad, []string, error) {
	res, err := rdfio.ParseHTMLForgiving(bytes.NewReader(p.Body), rdfio.ParseOptions{Base: p.URL.String(), MaxBytes: -1})
	if err != nil {
		return nil, nil, fmt.Errorf("JSON-LD on %s: %w", p.URL, err)
	}
	var warnings []string
	for _, sk := range res.Skipped {
		warnings = append(warnings, "skipped "+strings.TrimPrefix(sk.Error(), "rdfio: "))
	}
	return res.Quads, warnings, nil
}
