package harvester

import (
	"fmt"
	"net/url"
)

// Page is a fetched document handed to an extractor.
type Page struct {
	URL         *url.URL
	ContentType string
	Body        []byte
}

// Extractor reads the practices a page describes. A page that describes no
// practice (a listing page, say) gives no records and no error; an error
// means the page claims to hold data that cannot be read (broken JSON-LD, for
// example) and is reported, not silently skipped.
type Extractor interface {
	Extract(p *Page) ([]Record, error)
}

// newExtractor returns the extractor configured for s.
func newExtractor(s *Source) (Extractor, error) {
	switch s.Extractor {
	case ExtractCSS:
		return newCSSExtractor(s.CSS, s.Mapping.Language)
	case ExtractJSONLD:
		return &jsonldExtractor{lang: s.Mapping.Language}, nil
	}
	return nil, fmt.Errorf("unknown extractor %q", s.Extractor)
}
