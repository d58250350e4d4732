package publisher

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Feed sizes.
const (
	defaultFeedEntries = 50
	maxFeedEntries     = 500
	feedSummaryRunes   = 600
)

// atomFeed is the Atom 1.0 (RFC 4287) document the feed serves.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// feed serves /feed.atom: the practices newest first by when they were
// published on the map (approved by an editor, or published from a trusted
// source), with the filters of /practices (country, region, skill,
// targetGroup, type, delivery, q), so that there is a feed per country and
// per DigComp area. Other maps harvest it like any Atom feed.
func (s *Server) feed(c *gin.Context) {
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	q := c.Request.URL.Query()
	f, err := s.parseFilter(q, ix)
	if err != nil {
		s.errorPage(c, http.StatusBadRequest, "Bad request", err.Error())
		return
	}
	limit := defaultFeedEntries
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxFeedEntries {
			s.errorPage(c, http.StatusBadRequest, "Bad request", "limit: want a whole number from 1 to "+strconv.Itoa(maxFeedEntries))
			return
		}
	}
	if notModified(c, newValidator(snap.Version(), snap.Modified(), "feed", q.Encode())) {
		return
	}
	ps := f.filter(ix)
	slices.SortStableFunc(ps, func(a, b *practice) int { return strings.Compare(published(b), published(a)) })
	if len(ps) > limit {
		ps = ps[:limit]
	}
	langs := languages(c.Request)
	self := s.publicURL("/feed.atom")
	if enc := q.Encode(); enc != "" {
		self += "?" + enc
	}
	doc := atomFeed{
		Lang:   "en",
		Title:  s.cfg.Catalog.Title + ": " + s.feedTitle(ix, f, langs),
		ID:     self,
		Author: atomPerson{Name: s.cfg.Catalog.Publisher, URI: s.cfg.Catalog.PublisherURL},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: s.listURL(q)},
		},
		Updated: atomTime(snap.Modified().UTC().Format(time.RFC3339)),
		Rights:  s.cfg.Catalog.License,
	}
	v := &viewer{s: s, ix: ix, langs: langs}
	for _, p := range ps {
		doc.Entries = append(doc.Entries, s.feedEntry(v, p))
	}
	if len(ps) > 0 {
		doc.Updated = atomTime(updated(ps[0]))
		for _, e := range doc.Entries {
			if e.Updated > doc.Updated {
				doc.Updated = e.Updated
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		s.serverError(c, err)
		return
	}
	buf.WriteString("\n")
	c.Header("Access-Control-Allow-Origin", "*")
	send(c, http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// feedEntry is one practice of the feed.
func (s *Server) feedEntry(v *viewer, p *practice) atomEntry {
	title, lang := p.Title.pickLang(v.langs)
	e := atomEntry{
		ID:        p.IRI.Value,
		Title:     atomText{Lang: lang, Text: title},
		Updated:   atomTime(updated(p)),
		Published: atomTime(published(p)),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: s.linkFor(p.IRI)},
			{Rel: "alternate", Type: "text/turtle", Href: p.IRI.Value + ".ttl"},
			{Rel: "alternate", Type: "application/ld+json", Href: p.IRI.Value + ".jsonld"},
		},
	}
	if d, dl := p.Description.pickLang(v.langs); d != "" {
		e.Summary = &atomText{Lang: dl, Text: truncateRunes(d, feedSummaryRunes)}
	}
	for _, list := range [][]rdf.Term{p.Skills, p.TargetGroups, p.Types, p.Countries} {
		for _, t := range list {
			cat := atomCategory{Term: t.Value, Label: v.value(t).Text}
			if scheme, _, ok := s.iris.ParseConcept(t); ok {
				cat.Scheme = s.iris.Scheme(scheme).Value
			}
			e.Categories = append(e.Categories, cat)
		}
	}
	if p.GoodPractice {
		e.Categories = append(e.Categories, atomCategory{Term: s.iris.Terms().ValidatedGoodPractice.Value, Label: "Validated good practice"})
	}
	return e
}

// feedTitle says what the feed holds: "new practices", narrowed by the
// filters.
func (s *Server) feedTitle(ix *index, f practiceFilter, langs []string) string {
	title := "new practices"
	var parts []string
	for _, t := range []rdf.Term{f.Skill, f.TargetGroup, f.Type, f.Delivery, f.Country} {
		if t.IsZero() {
			continue
		}
		if l, ok := ix.label(t, langs, s.labeler); ok {
			parts = append(parts, l)
		}
	}
	if f.Region != "" {
		parts = append(parts, f.Region)
	}
	if len(f.Words) > 0 {
		parts = append(parts, "“"+strings.Join(f.Words, " ")+"”")
	}
	if len(parts) > 0 {
		title += " (" + strings.Join(parts, ", ") + ")"
	}
	return title
}

// listURL is the practice list with the same filters.
func (s *Server) listURL(q url.Values) string {
	u := s.publicURL("/practices")
	keep := url.Values{}
	for _, k := range filterParams {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	if enc := keep.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// published is when a practice appeared on the map: dct:issued, else when
// the harvester first saw it.
func published(p *practice) string {
	if p.Issued != "" {
		return p.Issued
	}
	return p.FirstSeen
}

// updated is when the practice last changed on the map.
func updated(p *practice) string {
	if p.Modified != "" && p.Modified > published(p) {
		return p.Modified
	}
	return published(p)
}

// atomTime makes an xsd:dateTime an RFC 3339 date-time (Atom requires a
// time zone); unknown dates become the epoch.
func atomTime(s string) string {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return "1970-01-01T00:00:00Z"
}

// truncateRunes cuts s to at most n runes, at a word boundary, with "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \n\t"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}
