package publisher

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// kind says what sort of resource an IRI names, for its page.
type kind string

// Resource kinds.
const (
	kindPractice     kind = "practice"
	kindOrganisation kind = "organisation"
	kindSource       kind = "source"
	kindRun          kind = "harvest-run"
	kindActivity     kind = "activity"
	kindNeed         kind = "need"
	kindTransfer     kind = "transfer"
	kindOntology     kind = "ontology"
	kindScheme       kind = "scheme"
	kindConcept      kind = "concept"
	kindRegion       kind = "region"
	kindCountry      kind = "country"
	kindOther        kind = "resource"
)

// target is the resource a request path names.
type target struct {
	Subject rdf.Term // the IRI described
	// Document is the IRI of the page when it differs from Subject: pages
	// about external IRIs (regions, countries) are documents of their own.
	Document rdf.Term
	Kind     kind
	Region   string        // NUTS code, for regions
	Country  vocab.Country // for countries
}

// resolveTarget maps a request path without format suffix to what it
// describes. redirect is set when the path is a non-canonical spelling
// (/region/de300, /country/DE) of another.
func (s *Server) resolveTarget(path string) (t target, redirect string, ok bool) {
	rest := strings.TrimPrefix(path, "/")
	switch {
	case strings.HasPrefix(rest, "region/"):
		code, err := url.PathUnescape(strings.TrimPrefix(rest, "region/"))
		if err != nil {
			return t, "", false
		}
		region, valid := vocab.ParseNUTSRegion(vocab.NUTSRegion(code))
		if !valid {
			return t, "", false
		}
		if region != code {
			return t, "/region/" + region, true
		}
		return target{Subject: vocab.NUTSRegion(region), Document: rdf.IRI(s.iris.Base() + "region/" + region), Kind: kindRegion, Region: region}, "", true
	case strings.HasPrefix(rest, "country/"):
		code, err := url.PathUnescape(strings.TrimPrefix(rest, "country/"))
		if err != nil {
			return t, "", false
		}
		c, found := vocab.CountryByCode(code)
		if !found {
			return t, "", false
		}
		if code != c.ISO3 {
			return t, "/country/" + c.ISO3, true
		}
		return target{Subject: c.IRI(), Document: rdf.IRI(s.iris.Base() + "country/" + c.ISO3), Kind: kindCountry, Country: c}, "", true
	}
	subject := rdf.IRI(s.iris.Base() + rest)
	t = target{Subject: subject, Kind: kindOther}
	switch {
	case subject == s.iris.Ontology():
		t.Kind = kindOntology
	case strings.HasPrefix(rest, "practice/"):
		t.Kind = kindPractice
	case strings.HasPrefix(rest, "organisation/"):
		t.Kind = kindOrganisation
	case strings.HasPrefix(rest, "source/"):
		t.Kind = kindSource
	case strings.HasPrefix(rest, "harvest/"):
		t.Kind = kindRun
	case strings.HasPrefix(rest, "activity/"):
		t.Kind = kindActivity
	case strings.HasPrefix(rest, "need/"):
		t.Kind = kindNeed
	case strings.HasPrefix(rest, "transfer/"):
		t.Kind = kindTransfer
	case strings.HasPrefix(rest, "vocab/"):
		if strings.Contains(strings.TrimPrefix(rest, "vocab/"), "/") {
			t.Kind = kindConcept
		} else {
			t.Kind = kindScheme
		}
	}
	return t, "", true
}

// resource serves every described IRI: practices, organisations, sources,
// harvest runs, the ontology, schemes, concepts, regions and countries.
func (s *Server) resource(c *gin.Context) {
	n, ok := s.negotiate(c, resourceOffers())
	if !ok {
		return
	}
	t, redirect, ok := s.resolveTarget(n.Path)
	if !ok {
		s.notFound(c)
		return
	}
	if redirect != "" {
		suffix := strings.TrimPrefix(c.Request.URL.EscapedPath(), n.Path)
		u := s.href(redirect) + suffix
		if q := c.Request.URL.RawQuery; q != "" {
			u += "?" + q
		}
		c.Redirect(http.StatusMovedPermanently, u)
		return
	}
	ctx := c.Request.Context()
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	d, err := s.describe(ctx, snap, t.Subject)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if t.Kind == kindRegion && d.Empty() {
		s.describeRegionFromGeodata(d, t.Region)
	}
	if d.Empty() && !s.isReferenced(ctx, snap, ix, t) {
		s.errorPage(c, http.StatusNotFound, "Not found",
			"This map has no data about "+t.Subject.Value+".",
			link{Label: "All practices", Href: s.href("/practices")})
		return
	}
	if p, ok := ix.byIRI[t.Subject]; ok && p.Withdrawn {
		s.gone(c, p)
		return
	}
	// A practice editors merged into another answers with a redirect to it.
	if to, ok := ix.replacedBy[t.Subject]; ok && t.Kind == kindPractice {
		if _, live := ix.byIRI[t.Subject]; !live {
			u := s.linkFor(to) + strings.TrimPrefix(c.Request.URL.EscapedPath(), n.Path)
			if q := c.Request.URL.RawQuery; q != "" {
				u += "?" + q
			}
			c.Redirect(http.StatusMovedPermanently, u)
			return
		}
	}
	if t.Kind == kindScheme {
		if err := s.addSchemeMembers(ctx, snap, d); err != nil {
			s.serverError(c, err)
			return
		}
	}
	var variant []string
	if n.IsHTML() {
		addVary(c, "Accept-Language")
		variant = languages(c.Request)
	}
	if notModified(c, newValidator(snap.Version(), snap.Modified(), append([]string{n.Path, n.MediaType}, variant...)...)) {
		return
	}
	if n.IsHTML() {
		s.renderResource(c, snap, n, t, d, ix)
		return
	}
	quads := d.Quads
	if !t.Document.IsZero() {
		doc := t.Document
		quads = append(quads,
			rdf.Quad{S: doc, P: rdf.Type, O: vocab.FOAFDocument},
			rdf.Quad{S: doc, P: vocab.FOAFPrimaryTopic, O: t.Subject})
	}
	s.writeRDF(c, http.StatusOK, n, quads, t.Subject)
}

// isReferenced reports whether a region or country without triples of its
// own is still used by practices (for regions: by practices in it or in
// its sub-regions), which makes its page worth serving.
func (s *Server) isReferenced(ctx context.Context, snap store.Reader, ix *index, t target) bool {
	var p rdf.Term
	switch t.Kind {
	case kindRegion:
		for _, pr := range ix.practices {
			if pr.inRegion(t.Region) {
				return true
			}
		}
		p = vocab.DCTSpatial
	case kindCountry:
		p = s.iris.Terms().Country
	default:
		return false
	}
	return snap.Estimate(store.Pattern{P: p, O: t.Subject, AnyGraph: true}) > 0
}

// describeRegionFromGeodata describes a region from the loaded geodata
// when the store has no regions graph.
func (s *Server) describeRegionFromGeodata(d *description, code string) {
	if s.regions == nil {
		return
	}
	r, ok := s.regions.Region(code)
	if !ok {
		return
	}
	ng := vocab.NamedGraph{Name: s.iris.RegionsGraph()}
	add := func(p, o rdf.Term) { d.Own = append(d.Own, rdf.Quad{S: r.IRI(), P: p, O: o, G: ng.Name}) }
	t := s.iris.Terms()
	add(rdf.Type, vocab.SKOSConcept)
	add(vocab.SKOSInScheme, s.iris.Scheme(vocab.NUTSScheme))
	add(vocab.SKOSNotation, rdf.Literal(r.Code, t.NUTSCode.Value))
	add(vocab.SKOSPrefLabel, rdf.String(r.Name))
	if r.NativeName != "" && r.NativeName != r.Name {
		add(vocab.SKOSAltLabel, rdf.String(r.NativeName))
	}
	add(t.NUTSLevel, rdf.Literal(strconv.Itoa(r.Level), rdf.XSDInteger))
	if p := r.Parent(); p != "" {
		add(vocab.SKOSBroader, vocab.NUTSRegion(p))
	}
	if c, ok := vocab.CountryByCode(r.Country); ok {
		add(t.Country, c.IRI())
	}
	add(vocab.WGS84Lat, vocab.Coordinate(r.Lat()))
	add(vocab.WGS84Long, vocab.Coordinate(r.Lon()))
	d.Quads = append(d.Quads, d.Own...)
}

// gone answers 410 for a withdrawn practice.
func (s *Server) gone(c *gin.Context, p *practice) {
	title := p.Title.pick(languages(c.Request))
	if title == "" {
		title = p.IRI.Value
	}
	s.errorPage(c, http.StatusGone, "Withdrawn",
		"“"+title+"” was withdrawn from the map by its editors and is no longer published.",
		link{Label: "All practices", Href: s.href("/practices")}, link{Label: "The map", Href: s.href("/map")})
}
