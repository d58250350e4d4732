package publisher

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/vocab"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the page templates; each defines "content" for the layout.
var pageNames = []string{"home", "practices", "resource", "graph", "map", "ogc", "error"}

// parsePages parses the layout with each page template.
func parsePages(s *Server) (*template.Template, error) {
	funcs := template.FuncMap{
		"href":      s.href,
		"thousands": thousands,
		"lower":     strings.ToLower,
		"add":       func(a, b int) int { return a + b },
		"join":      strings.Join,
	}
	root := template.New("pages").Funcs(funcs)
	layout, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	for _, name := range pageNames {
		body, err := templateFS.ReadFile("templates/" + name + ".html")
		if err != nil {
			return nil, err
		}
		t := root.New(name)
		// Each page gets its own copy of the layout, so that its "content"
		// does not clash with the other pages'.
		src := strings.ReplaceAll(string(layout), `{{template "content" .}}`, `{{template "`+name+`-content" .}}`)
		src += strings.ReplaceAll(string(body), `{{define "content"}}`, `{{define "`+name+`-content"}}`)
		if _, err := t.Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return root, nil
}

// page is what every page template gets.
type page struct {
	Site        string
	Title       string
	Lang        string
	Description string
	Nav         []link
	Formats     []link // other representations of this page
	Wide        bool   // full-width layout (the map)
	Attribution bool   // the page draws NUTS outlines
	Licence     string
	Preview     string // the banner of a page that previews a practice that is not published
	Actions     []link // what the visitor can do with the page's practice
	Body        any
}

// link is a labelled link.
type link struct {
	Label, Href, Type string
	Current           bool
}

// newPage returns the common page data.
func (s *Server) newPage(c *gin.Context, title string, body any) *page {
	p := &page{
		Site:    s.cfg.Catalog.Title,
		Title:   title,
		Lang:    "en",
		Body:    body,
		Licence: s.cfg.Catalog.License,
	}
	current := c.Request.URL.Path
	var nav []link
	for _, l := range s.SiteNav() {
		nav = append(nav, link{Label: l.Label, Href: l.Href})
	}
	if extra, ok := c.Get(visitorNav); ok {
		for _, l := range extra.([]Link) {
			nav = append(nav, link{Label: l.Label, Href: l.Href})
		}
	}
	for i := range nav {
		nav[i].Current = nav[i].Href == s.href(current)
	}
	p.Nav = nav
	if pv, ok := previewOf(c); ok {
		p.Preview = firstNonEmpty(pv.banner, "Preview: this practice is not published.")
	}
	return p
}

// SiteNav returns the links of the site's main navigation, for other
// packages' pages to show the same header.
func (s *Server) SiteNav() []Link {
	nav := []Link{{Label: "Map", Href: s.href("/map")}, {Label: "Practices", Href: s.href("/practices")}}
	if s.hasMount("/sparql") {
		nav = append(nav, Link{Label: "SPARQL", Href: s.href("/sparql")})
	}
	return append(nav, Link{Label: "OGC API", Href: s.href("/ogc")}, Link{Label: "Data", Href: s.href("/#data")})
}

// formatLinks lists the other representations of the negotiated resource
// for the "other formats" box.
func (s *Server) formatLinks(c *gin.Context, n negotiated, offers []conneg.Offer) []link {
	query := c.Request.URL.Query()
	query.Del("format")
	var out []link
	for _, o := range offers {
		if o.MediaType == conneg.HTML {
			continue
		}
		h := s.href(n.Path)
		if len(o.Suffixes) > 0 {
			h += o.Suffixes[0]
		}
		if q := query.Encode(); q != "" {
			h += "?" + q
		}
		out = append(out, link{Label: o.Format.String(), Href: h, Type: o.MediaType})
	}
	return out
}

// render writes a page with the given status.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, p); err != nil {
		msg := httperror.Internal(c.Writer, c.Request, s.log, "render page "+name, err)
		send(c, http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("500: the page could not be rendered: "+msg+"\n"))
		return
	}
	send(c, status, "text/html; charset=utf-8", buf.Bytes())
}

// errorBody is the body of the error page.
type errorBody struct {
	Status  int
	Message string
	Links   []link
}

// errorPage answers an error: a page for browsers, plain text for other
// clients.
func (s *Server) errorPage(c *gin.Context, status int, title, message string, links ...link) {
	accept := c.GetHeader("Accept")
	if strings.Contains(accept, "text/html") || strings.Contains(accept, "application/xhtml") {
		p := s.newPage(c, title, errorBody{Status: status, Message: message, Links: links})
		s.render(c, status, "error", p)
		c.Abort()
		return
	}
	send(c, status, "text/plain; charset=utf-8", []byte(strconv.Itoa(status)+" "+title+": "+message+"\n"))
	c.Abort()
}

// thousands formats n with thin spaces between groups of three digits.
func thousands(n any) string {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.Itoa(v)
	case uint64:
		s = strconv.FormatUint(v, 10)
	default:
		s = fmt.Sprint(v)
	}
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	return b.String()
}

// geodataNotice explains how to get the NUTS geodata when it is missing.
func (s *Server) geodataNotice() string {
	if s.regions != nil {
		return ""
	}
	msg := "The NUTS region geodata is not loaded, so the map has no region outlines and places without coordinates have no point."
	if s.geoErr != nil {
		msg += " (" + s.geoErr.Error() + ")"
	}
	return msg + " Download it with “skillsmap geo fetch” (Eurostat GISCO, " + vocab.GeodataAttribution + ") and restart the server."
}
