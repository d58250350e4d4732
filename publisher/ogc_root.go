package publisher

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/conneg"
)

// GIS clients are given the site's address more often than /ogc: GDAL (and
// so QGIS) asks the root for {root}/collections and {root}/conformance,
// OWSLib reads the root itself as the landing page. So the site's root is
// also an OGC API landing page for clients that want JSON, and the
// collections and conformance paths answer at the root as they do under
// /ogc (their links point to /ogc, the canonical place). Browsers still get
// the home page.

// rootOGCRoutes are the OGC API paths that also answer at the site's root.
var rootOGCRoutes = []struct {
	path    string
	handler func(*Server) gin.HandlerFunc
}{
	{"/conformance", func(s *Server) gin.HandlerFunc { return s.ogcConformance }},
	{"/collections", func(s *Server) gin.HandlerFunc { return s.ogcCollections }},
	{"/collections/:collection", func(s *Server) gin.HandlerFunc { return s.ogcCollection }},
	{"/collections/:collection/items", func(s *Server) gin.HandlerFunc { return s.ogcItems }},
	{"/collections/:collection/items/:id", func(s *Server) gin.HandlerFunc { return s.ogcItem }},
}

// root serves /: the home page for browsers, the OGC API landing page for
// clients that ask for JSON. Both name the OGC API in Link headers
// (RFC 8631 service-desc and service-doc), so a client given the site's
// address finds the API definition whichever it gets.
func (s *Server) root(c *gin.Context) {
	addVary(c, "Accept")
	for _, l := range s.serviceLinks() {
		if l.Rel == "service-desc" || l.Rel == "service-doc" {
			c.Writer.Header().Add("Link", fmt.Sprintf(`<%s>; rel="%s"; type="%s"`, l.Href, l.Rel, l.Type))
		}
	}
	wantJSON, ok := s.rootWantsJSON(c)
	if !ok {
		return
	}
	c.Writer.Header().Add("Link", fmt.Sprintf(`<%s>; rel="alternate"; type="application/json"`, s.publicURL("/?f=json")))
	if !wantJSON {
		s.home(c)
		return
	}
	if s.ogcStaticNotModified(c, "root-landing", false) {
		return
	}
	links := []ogcLink{
		{Href: s.publicURL("/?f=json"), Rel: "self", Type: "application/json", Title: "This document"},
		{Href: s.publicURL("/"), Rel: "alternate", Type: "text/html", Title: "The home page"},
		{Href: s.ogcURL("", nil), Rel: "describedby", Type: "application/json", Title: "The OGC API – Features landing page"},
	}
	links = append(links, s.serviceLinks()...)
	body := map[string]any{"title": s.cfg.Catalog.Title, "description": s.cfg.Catalog.Description, "links": links}
	s.ogcWrite(c, false, "application/json", body, nil)
}

// rootOffers are the representations of /: JSON first, so that a client
// that accepts anything (OWSLib sends */*) gets the landing page, while
// browsers, which ask for text/html by name, get the home page.
var rootOffers = []conneg.Offer{{MediaType: "application/json", Names: []string{"json"}}, conneg.HTMLOffer}

// rootWantsJSON chooses between the home page and the JSON landing page:
// f=json or f=html, else the Accept header; no Accept header means the
// home page, as for every other page. It answers 400 or 406 itself when
// ok is false.
func (s *Server) rootWantsJSON(c *gin.Context) (wantJSON, ok bool) {
	switch f := strings.ToLower(c.Query("f")); f {
	case "":
	case "json":
		return true, true
	case "html":
		return false, true
	default:
		s.errorPage(c, http.StatusBadRequest, "Bad request", fmt.Sprintf("f=%q: want json or html", f))
		return false, false
	}
	accept := c.GetHeader("Accept")
	if strings.TrimSpace(accept) == "" {
		return false, true
	}
	chosen, found := conneg.ByAccept(accept, rootOffers)
	if !found {
		send(c, http.StatusNotAcceptable, "text/plain; charset=utf-8", []byte("406 Not Acceptable: / is available as text/html and application/json\n"))
		return false, false
	}
	return chosen.MediaType == "application/json", true
}
