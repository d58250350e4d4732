// Package conneg chooses a response's media type from a request: a file
// suffix (".ttl"), a format query parameter ("?format=turtle"), or the Accept
// header with its q-values (RFC 9110 §12.5.1). gin's own NegotiateFormat
// ignores q-values, so "text/html;q=0.1, text/turtle" would get HTML.
package conneg

import (
	"net/http"
	"strings"

	"github.com/elnormous/contenttype"

	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// HTML is the media type of pages for people.
const HTML = "text/html"

// Offer is one representation a resource can be served in.
type Offer struct {
	// MediaType is the canonical media type, e.g. "text/turtle".
	MediaType string
	// Aliases are other media types that select this offer
	// ("application/x-turtle").
	Aliases []string
	// Names are values of the format parameter that select it ("ttl",
	// "turtle").
	Names []string
	// Suffixes are path suffixes that select it (".ttl").
	Suffixes []string
	// Format is the RDF syntax, zero for HTML and other non-RDF offers.
	Format rdfio.Format
}

// HTMLOffer is the offer of a page for people.
var HTMLOffer = Offer{MediaType: HTML, Aliases: []string{"application/xhtml+xml"}, Names: []string{"html"}, Suffixes: []string{".html"}}

// RDFOffers returns an offer per RDF syntax the publisher writes: Turtle,
// N-Triples, JSON-LD, RDF/XML, and (when quads) N-Quads and TriG.
func RDFOffers(quads bool) []Offer {
	formats := []rdfio.Format{rdfio.Turtle, rdfio.NTriples, rdfio.JSONLD, rdfio.RDFXML}
	if quads {
		formats = append(formats, rdfio.NQuads, rdfio.TriG)
	}
	var out []Offer
	for _, f := range formats {
		o := Offer{MediaType: f.MediaType(), Format: f, Names: []string{f.Name(), strings.TrimPrefix(f.Extension(), ".")}}
		for _, mt := range f.MediaTypes() {
			if mt != f.MediaType() {
				o.Aliases = append(o.Aliases, mt)
			}
		}
		o.Suffixes = f.Extensions()
		out = append(out, o)
	}
	return out
}

// Choose picks the offer for r. path is the request path; when it ends in
// one of an offer's suffixes that offer wins and base is the path without
// it. Otherwise a format query parameter decides, else the Accept header
// (no header means the first offer). ok is false when the client accepts
// none of the offers: answer 406 Not Acceptable.
func Choose(r *http.Request, path string, offers []Offer) (chosen Offer, base string, ok bool) {
	for _, o := range offers {
		for _, s := range o.Suffixes {
			if strings.HasSuffix(path, s) && len(path) > len(s) {
				return o, strings.TrimSuffix(path, s), true
			}
		}
	}
	if name := r.URL.Query().Get("format"); name != "" {
		for _, o := range offers {
			for _, n := range o.Names {
				if strings.EqualFold(n, name) {
					return o, path, true
				}
			}
			if strings.EqualFold(o.MediaType, name) {
				return o, path, true
			}
		}
		return Offer{}, path, false
	}
	chosen, ok = ByAccept(r.Header.Get("Accept"), offers)
	return chosen, path, ok
}

// ByAccept picks the offer for an Accept header alone (no header, or only
// a malformed one, means the first offer); false when none is acceptable.
func ByAccept(accept string, offers []Offer) (Offer, bool) {
	accept = strings.TrimSpace(accept)
	if accept == "" {
		return offers[0], true
	}
	var available []contenttype.MediaType
	var owner []int
	for i, o := range offers {
		for _, mt := range append([]string{o.MediaType}, o.Aliases...) {
			available = append(available, contenttype.NewMediaType(mt))
			owner = append(owner, i)
		}
	}
	accept = withoutParams(accept)
	if strings.Trim(accept, ", ") == "" {
		return offers[0], true
	}
	got, _, err := contenttype.GetAcceptableMediaTypeFromHeader(accept, available)
	if err != nil {
		if err == contenttype.ErrNoAcceptableTypeFound {
			return Offer{}, false
		}
		// A malformed Accept header is treated as absent rather than
		// refused: browsers and crawlers send odd ones.
		return offers[0], true
	}
	for i, mt := range available {
		if mt.Equal(got) {
			return offers[owner[i]], true
		}
	}
	return offers[0], true
}

// ContentType returns the Content-Type header value for an offer.
func (o Offer) ContentType() string {
	switch {
	case o.MediaType == HTML:
		return "text/html; charset=utf-8"
	case strings.HasPrefix(o.MediaType, "text/"), o.MediaType == "application/n-triples", o.MediaType == "application/n-quads":
		return o.MediaType + "; charset=utf-8"
	}
	return o.MediaType
}

// withoutParams drops the media type parameters of an Accept header other
// than q: the offers have none, and the matcher would refuse
// "text/turtle; charset=utf-8" for text/turtle, which every response here
// is anyway (in UTF-8).
func withoutParams(accept string) string {
	ranges := strings.Split(accept, ",")
	for i, rng := range ranges {
		parts := strings.Split(rng, ";")
		kept := []string{strings.TrimSpace(parts[0])}
		for _, p := range parts[1:] {
			if p = strings.TrimSpace(p); len(p) > 1 && (p[0] == 'q' || p[0] == 'Q') && strings.HasPrefix(strings.TrimSpace(p[1:]), "=") {
				kept = append(kept, p)
			}
		}
		ranges[i] = strings.Join(kept, ";")
	}
	return strings.Join(ranges, ",")
}
