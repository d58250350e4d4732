package harvester

import "errors"

// jsonldExtractor reads schema.org JSON-LD embedded in HTML pages.
type jsonldExtractor struct {
	lang string
}

// Extract is implemented once internal/rdfio's JSON-LD reader lands.
func (e *jsonldExtractor) Extract(p *Page) ([]Record, error) {
	return nil, errors.New("jsonld extractor: not wired yet")
}
