package publisher

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/conneg"
)

// resourceOffers are the representations of a described resource.
func resourceOffers() []conneg.Offer {
	return append([]conneg.Offer{conneg.HTMLOffer}, conneg.RDFOffers(false)...)
}

// graphOffers are the representations of a named graph document: those of
// a resource plus the quad syntaxes, which keep the graph's name.
func graphOffers() []conneg.Offer {
	return append([]conneg.Offer{conneg.HTMLOffer}, conneg.RDFOffers(true)...)
}

// negotiated is the outcome of content negotiation for one request.
type negotiated struct {
	conneg.Offer
	// Path is the request path without a format suffix, still escaped.
	Path string
}

// IsHTML reports whether the chosen representation is a page for people.
func (n negotiated) IsHTML() bool { return n.MediaType == conneg.HTML }

// negotiate chooses a representation among offers for the request and
// sets Vary, Link (every other representation) and Content-Location. When
// the client accepts none of them it answers 406 Not Acceptable, listing
// what is available, and reports false.
func (s *Server) negotiate(c *gin.Context, offers []conneg.Offer) (negotiated, bool) {
	addVary(c, "Accept")
	path := c.Request.URL.EscapedPath()
	chosen, base, ok := conneg.Choose(c.Request, path, offers)
	if !ok {
		var types []string
		for _, o := range offers {
			types = append(types, o.MediaType)
		}
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusNotAcceptable, "406 Not Acceptable: %s is available as %s.\n"+
			"Ask with an Accept header for one of them, add a suffix (.ttl, .nt, .jsonld, .rdf) or ?format=.\n",
			s.publicURL(path), strings.Join(types, ", "))
		return negotiated{}, false
	}
	n := negotiated{Offer: chosen, Path: base}
	query := c.Request.URL.Query()
	query.Del("format")
	var links []string
	for _, o := range offers {
		u := s.representationURL(base, o, query)
		if o.MediaType == chosen.MediaType {
			c.Header("Content-Location", u)
			continue
		}
		links = append(links, fmt.Sprintf(`<%s>; rel="alternate"; type="%s"`, u, o.MediaType))
	}
	if len(links) > 0 {
		c.Writer.Header().Add("Link", strings.Join(links, ", "))
	}
	return n, true
}

// representationURL is the absolute URL of one representation: the path
// with the offer's suffix, and the query.
func (s *Server) representationURL(path string, o conneg.Offer, query url.Values) string {
	u := s.publicURL(path)
	if len(o.Suffixes) > 0 {
		u += o.Suffixes[0]
	}
	if q := query.Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// publicURL turns a request path ("/practice/x", escaped) into the public
// absolute URL under the base IRI.
func (s *Server) publicURL(path string) string {
	return s.iris.Base() + strings.TrimPrefix(path, "/")
}

// href turns a request path into a link for pages: the path under the base
// IRI's path, so that links work behind a proxy that mounts the server
// below a prefix.
func (s *Server) href(path string) string {
	return s.basePath + strings.TrimPrefix(path, "/")
}
