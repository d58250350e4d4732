package publisher

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/vocab"
)

// OGC API – Features constants.
const (
	crs84           = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	gregorian       = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
	openAPIType     = "application/vnd.oai.openapi+json;version=3.0"
	openAPIYAMLType = "application/vnd.oai.openapi;version=3.0"
	ogcDefaultLimit = 10
	ogcMaxLimit     = 1000
)

// ogcConformance are the conformance classes the service implements.
var ogcConformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// ogcLink is a link of an OGC API response.
type ogcLink struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// ogcCollection describes a feature collection.
type ogcCollection struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	ItemType    string    `json:"itemType"`
	CRS         []string  `json:"crs"`
	Extent      ogcExtent `json:"extent"`
	Links       []ogcLink `json:"links"`
}

// ogcExtent is a collection's spatial and temporal extent.
type ogcExtent struct {
	Spatial struct {
		BBox [][]float64 `json:"bbox"`
		CRS  string      `json:"crs"`
	} `json:"spatial"`
	Temporal *struct {
		Interval [][]*string `json:"interval"`
		TRS      string      `json:"trs"`
	} `json:"temporal,omitempty"`
}

// ogcView is the body of the OGC API's HTML pages.
type ogcView struct {
	Kind        string // landing, conformance, collections, collection, items, item, api
	Title       string
	Description string
	Links       []ogcLink
	Conformance []string
	Collections []ogcCollection
	Items       []ogcItemRow
	Matched     int
	Returned    int
	Next, Prev  string
	Map         template.HTML
	Properties  []fact
	API         []apiPath
	JSONHref    string
	ServiceURL  string // the landing page's address, to paste into GIS software
	SiteURL     string // the site's root, which answers OGC API clients too
}

// ogcItemRow is a feature in the items page.
type ogcItemRow struct {
	ID, Title, Href, Note string
}

// ogcOffers are JSON and HTML; items use GeoJSON.
func ogcOffers(geo bool) []conneg.Offer {
	j := conneg.Offer{MediaType: "application/json", Names: []string{"json"}}
	if geo {
		j = conneg.Offer{MediaType: geoJSONType, Aliases: []string{"application/json"}, Names: []string{"json", "geojson"}}
	}
	return []conneg.Offer{j, conneg.HTMLOffer}
}

// ogcNegotiate picks JSON or HTML from the f parameter or the Accept
// header, and checks that the query has only the allowed parameters:
// OGC API – Features requires a 400 for unknown ones.
func (s *Server) ogcNegotiate(c *gin.Context, geo bool, allowed ...string) (html bool, ok bool) {
	addVary(c, "Accept")
	offers := ogcOffers(geo)
	q := c.Request.URL.Query()
	for k := range q {
		if k != "f" && !slices.Contains(allowed, k) {
			s.ogcError(c, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q (allowed: %s)", k, strings.Join(append([]string{"f"}, allowed...), ", ")))
			return false, false
		}
	}
	if f := q.Get("f"); f != "" {
		switch strings.ToLower(f) {
		case "json", "geojson":
			return false, true
		case "html":
			return true, true
		}
		s.ogcError(c, http.StatusBadRequest, fmt.Sprintf("f=%q: want json or html", f))
		return false, false
	}
	r := c.Request.Clone(c.Request.Context())
	r.URL.RawQuery = "" // ?format= is not this API's parameter
	chosen, _, found := conneg.Choose(r, r.URL.Path, offers)
	if !found {
		send(c, http.StatusNotAcceptable, "text/plain; charset=utf-8", []byte("406 Not Acceptable: this resource is available as application/json (or application/geo+json) and text/html; use f=json or f=html\n"))
		return false, false
	}
	return chosen.MediaType == conneg.HTML, true
}

// ogcURL is the absolute URL of an OGC API path with query parameters.
func (s *Server) ogcURL(path string, q url.Values) string {
	u := s.publicURL("/ogc" + path)
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// selfLinks returns self and alternate links for a path, keeping the
// query's other parameters.
func (s *Server) selfLinks(path string, q url.Values, html bool, jsonType string) []ogcLink {
	with := func(f string) string {
		q2 := url.Values{}
		for k, vs := range q {
			q2[k] = vs
		}
		q2.Set("f", f)
		return s.ogcURL(path, q2)
	}
	self := ogcLink{Href: with("json"), Rel: "self", Type: jsonType, Title: "This document"}
	alt := ogcLink{Href: with("html"), Rel: "alternate", Type: "text/html", Title: "This document as HTML"}
	if html {
		self, alt = ogcLink{Href: with("html"), Rel: "self", Type: "text/html", Title: "This document"},
			ogcLink{Href: with("json"), Rel: "alternate", Type: jsonType, Title: "This document as JSON"}
	}
	return []ogcLink{self, alt}
}

// ogcWrite answers with JSON or an HTML page.
func (s *Server) ogcWrite(c *gin.Context, html bool, contentType string, body any, view *ogcView) {
	if html {
		p := s.newPage(c, view.Title, view)
		p.Description = view.Description
		p.Attribution = view.Map != "" && s.regions != nil
		s.render(c, http.StatusOK, "ogc", p)
		return
	}
	data, err := marshalJSON(body, true)
	if err != nil {
		s.serverError(c, err)
		return
	}
	gz := len(data) > 8<<10 && compressible(c)
	s.writeBody(c, contentType, data, gz)
}

// ogcError answers an OGC API exception.
func (s *Server) ogcError(c *gin.Context, status int, msg string) {
	if c.Query("f") == "html" {
		s.errorPage(c, status, http.StatusText(status), msg)
		return
	}
	s.jsonError(c, status, msg)
}

// ogcLanding serves /ogc, the landing page.
func (s *Server) ogcLanding(c *gin.Context) {
	html, ok := s.ogcNegotiate(c, false)
	if !ok {
		return
	}
	if s.ogcStaticNotModified(c, "ogc-landing", html) {
		return
	}
	links := append(s.selfLinks("", c.Request.URL.Query(), html, "application/json"), s.serviceLinks()...)
	body := map[string]any{"title": s.cfg.Catalog.Title, "description": s.cfg.Catalog.Description, "links": links}
	s.ogcWrite(c, html, "application/json", body, &ogcView{Kind: "landing", Title: s.cfg.Catalog.Title + " – OGC API Features",
		Description: s.cfg.Catalog.Description, Links: links, ServiceURL: s.ogcURL("", nil), SiteURL: s.publicURL("/")})
}

// serviceLinks are the landing page's links to the API definition, its
// documentation, the conformance classes and the collections: the same
// from /ogc and from the site's root.
func (s *Server) serviceLinks() []ogcLink {
	return []ogcLink{
		{Href: s.ogcURL("/api", nil), Rel: "service-desc", Type: openAPIType, Title: "The API definition (OpenAPI 3.0)"},
		{Href: s.ogcURL("/api", url.Values{"f": {"yaml"}}), Rel: "service-desc", Type: openAPIYAMLType, Title: "The API definition (OpenAPI 3.0, YAML)"},
		{Href: s.ogcURL("/api", url.Values{"f": {"html"}}), Rel: "service-doc", Type: "text/html", Title: "The API documentation"},
		{Href: s.ogcURL("/conformance", nil), Rel: "conformance", Type: "application/json", Title: "Conformance classes"},
		{Href: s.ogcURL("/collections", nil), Rel: "data", Type: "application/json", Title: "Feature collections"},
	}
}

// ogcConformance serves /ogc/conformance.
func (s *Server) ogcConformance(c *gin.Context) {
	html, ok := s.ogcNegotiate(c, false)
	if !ok {
		return
	}
	if s.ogcStaticNotModified(c, "ogc-conformance", html) {
		return
	}
	links := s.selfLinks("/conformance", c.Request.URL.Query(), html, "application/json")
	body := map[string]any{"conformsTo": ogcConformance, "links": links}
	s.ogcWrite(c, html, "application/json", body, &ogcView{Kind: "conformance", Title: "Conformance classes", Conformance: ogcConformance, Links: links})
}

// ogcCollections serves /ogc/collections.
func (s *Server) ogcCollections(c *gin.Context) {
	html, ok := s.ogcNegotiate(c, false)
	if !ok {
		return
	}
	ix, done, ok := s.ogcIndex(c, "ogc-collections", html)
	if !ok {
		return
	}
	defer done()
	var cols []ogcCollection
	for _, id := range s.collectionIDs() {
		cols = append(cols, s.collection(ix, id))
	}
	links := s.selfLinks("/collections", c.Request.URL.Query(), html, "application/json")
	body := map[string]any{"links": links, "collections": cols}
	s.ogcWrite(c, html, "application/json", body, &ogcView{Kind: "collections", Title: "Feature collections", Collections: cols, Links: links})
}

// collectionIDs are the collections served: regions only with geodata.
func (s *Server) collectionIDs() []string {
	if s.regions == nil {
		return []string{"practices"}
	}
	return []string{"practices", "regions"}
}

// ogcCollection serves /ogc/collections/{id}.
func (s *Server) ogcCollection(c *gin.Context) {
	html, ok := s.ogcNegotiate(c, false)
	if !ok {
		return
	}
	id := c.Param("collection")
	if !slices.Contains(s.collectionIDs(), id) {
		s.ogcError(c, http.StatusNotFound, fmt.Sprintf("no collection %q", id))
		return
	}
	ix, done, ok := s.ogcIndex(c, "ogc-collection", html)
	if !ok {
		return
	}
	defer done()
	col := s.collection(ix, id)
	col.Links = append(s.selfLinks("/collections/"+id, c.Request.URL.Query(), html, "application/json"), col.Links...)
	s.ogcWrite(c, html, "application/json", col, &ogcView{Kind: "collection", Title: col.Title, Description: col.Description,
		Collections: []ogcCollection{col}, Links: col.Links})
}

// collection describes one collection with its extent.
func (s *Server) collection(ix *index, id string) ogcCollection {
	col := ogcCollection{ID: id, ItemType: "feature", CRS: []string{crs84}}
	col.Extent.Spatial.CRS = crs84
	switch id {
	case "practices":
		col.Title = "Digital-skills practices"
		col.Description = "Practices that teach digital skills, one feature per practice with its places as a MultiPoint (every feature is a MultiPoint: one point per place, none for a practice without a known place). Filter by skill, targetGroup, type, delivery, region (any NUTS level), country, q (free text), bbox and datetime (the practice's start and end dates)."
		b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		var first, last string
		for _, p := range ix.practices {
			for _, pl := range p.points() {
				b = b.Extend(orb.Point{pl.Lon, pl.Lat})
			}
			if p.StartDate != "" && (first == "" || p.StartDate < first) {
				first = p.StartDate
			}
			if p.EndDate != "" && p.EndDate > last {
				last = p.EndDate
			}
		}
		if math.IsInf(b.Min[0], 0) {
			col.Extent.Spatial.BBox = [][]float64{{-180, -90, 180, 90}}
		} else {
			col.Extent.Spatial.BBox = [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
		}
		if first != "" || last != "" {
			col.Extent.Temporal = &struct {
				Interval [][]*string `json:"interval"`
				TRS      string      `json:"trs"`
			}{TRS: gregorian}
			iv := []*string{nil, nil}
			if first != "" {
				f := first + "T00:00:00Z"
				iv[0] = &f
			}
			if last != "" {
				l := last + "T23:59:59Z"
				iv[1] = &l
			}
			col.Extent.Temporal.Interval = [][]*string{iv}
		}
	case "regions":
		col.Title = "NUTS 2021 regions with practice counts"
		col.Description = "The NUTS 2021 regions (levels 0–3) with their outlines at 1:60 million and the number of practices in each, for choropleth maps. Filter with level (0–3) and bbox. " + vocab.GeodataAttribution + "."
		b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for _, r := range s.regions.Level(0) {
			b = b.Union(r.Bound)
		}
		col.Extent.Spatial.BBox = [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
	}
	col.Links = []ogcLink{
		{Href: s.ogcURL("/collections/"+id+"/items", url.Values{"f": {"json"}}), Rel: "items", Type: geoJSONType, Title: "The features as GeoJSON"},
		{Href: s.ogcURL("/collections/"+id+"/items", url.Values{"f": {"html"}}), Rel: "items", Type: "text/html", Title: "The features as HTML"},
	}
	if id == "regions" {
		col.Links = append(col.Links, ogcLink{Href: "https://ec.europa.eu/eurostat/web/gisco/geodata/statistical-units/territorial-units-statistics", Rel: "license", Type: "text/html", Title: vocab.GeodataAttribution})
	}
	return col
}

// ogcIndex reads the index for an OGC request whose representation depends
// on the store (kind names it), and answers 304 when the client's copy is
// current; call done when ok.
func (s *Server) ogcIndex(c *gin.Context, kind string, html bool) (ix *index, done func(), ok bool) {
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return nil, nil, false
	}
	if notModified(c, newValidator(ix.version, ix.modified, kind, c.Request.URL.Path, c.Request.URL.RawQuery,
		strconv.FormatBool(html), strings.Join(languages(c.Request), ","))) {
		snap.Close()
		return nil, nil, false
	}
	return ix, func() { snap.Close() }, true
}

// ogcStaticNotModified validates a representation built from the
// configuration alone (the landing page, the conformance classes) and
// answers 304 when the client's copy is current.
func (s *Server) ogcStaticNotModified(c *gin.Context, kind string, html bool) bool {
	return notModified(c, newValidator(0, time.Time{}, kind, s.iris.Base(), s.cfg.Catalog.Title, s.cfg.Catalog.Description,
		s.geodataNotice(), c.Request.URL.RawQuery, strconv.FormatBool(html), strings.Join(languages(c.Request), ",")))
}

// itemParams are the query parameters of the items requests.
var itemParams = map[string][]string{
	"practices": append([]string{"limit", "offset", "bbox", "bbox-crs", "datetime"}, filterParams...),
	"regions":   {"limit", "offset", "bbox", "bbox-crs", "level", "country"},
}

// paging reads limit and offset.
func paging(q url.Values) (limit, offset int, err error) {
	limit, offset = ogcDefaultLimit, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, fmt.Errorf("limit %q: want a whole number from 1 to %d", v, ogcMaxLimit)
		}
		limit = min(n, ogcMaxLimit) // larger values are capped, not refused (OGC API – Features, /req/core/fc-limit-response-1)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, fmt.Errorf("offset %q: want a whole number from 0", v)
		}
		offset = n
	}
	return limit, offset, nil
}

// ogcItems serves /ogc/collections/{id}/items.
func (s *Server) ogcItems(c *gin.Context) {
	id := c.Param("collection")
	if !slices.Contains(s.collectionIDs(), id) {
		s.ogcError(c, http.StatusNotFound, fmt.Sprintf("no collection %q", id))
		return
	}
	html, ok := s.ogcNegotiate(c, true, itemParams[id]...)
	if !ok {
		return
	}
	q := c.Request.URL.Query()
	limit, offset, err := paging(q)
	if err != nil {
		s.ogcError(c, http.StatusBadRequest, err.Error())
		return
	}
	if v := q.Get("bbox-crs"); v != "" && v != crs84 {
		s.ogcError(c, http.StatusBadRequest, fmt.Sprintf("bbox-crs %q: only %s is supported", v, crs84))
		return
	}
	var box *bbox
	if v := q.Get("bbox"); v != "" {
		if box, err = parseBBox(v); err != nil {
			s.ogcError(c, http.StatusBadRequest, err.Error())
			return
		}
	}
	ctx := c.Request.Context()
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	defer snap.Close()
	if notModified(c, newValidator(snap.Version(), snap.Modified(), "ogc-items", id, q.Encode(), strconv.FormatBool(html), strings.Join(languages(c.Request), ","))) {
		return
	}
	ix, err := s.index(ctx, snap)
	if err != nil {
		s.serverError(c, err)
		return
	}
	snap.Close() // the items come from the index: no snapshot while a client reads them
	v := &viewer{s: s, ix: ix, langs: languages(c.Request)}
	// For practices only the page's features are built: a bbox around a
	// city can match thousands.
	var page []feature
	matched := 0
	switch id {
	case "practices":
		f, err := s.parseFilter(q, ix)
		if err != nil {
			s.ogcError(c, http.StatusBadRequest, err.Error())
			return
		}
		f.BBox = box
		if dt := q.Get("datetime"); dt != "" {
			if f.Time, err = parseInterval(dt); err != nil {
				s.ogcError(c, http.StatusBadRequest, err.Error())
				return
			}
		}
		ps := f.filter(ix)
		matched = len(ps)
		for _, p := range pageOf(ps, offset, limit) {
			page = append(page, s.practiceItemFeature(v, p))
		}
	case "regions":
		level, err := parseLevel(q.Get("level"), -1)
		if err != nil {
			s.ogcError(c, http.StatusBadRequest, err.Error())
			return
		}
		country := strings.ToUpper(q.Get("country"))
		if country != "" {
			cc, ok := vocab.CountryByCode(country)
			if !ok {
				s.ogcError(c, http.StatusBadRequest, fmt.Sprintf("country %q: not a code of a NUTS country", q.Get("country")))
				return
			}
			country = cc.NUTS
		}
		var all []feature
		for _, f := range s.regionFeatures(ix, level) {
			props := f.Properties.(regionProps)
			r, _ := s.regions.Region(props.Code)
			if country != "" && props.Country != country {
				continue
			}
			if box != nil && !box.intersects(r.Bound.Min[0], r.Bound.Min[1], r.Bound.Max[0], r.Bound.Max[1]) {
				continue
			}
			f.ID = props.Code
			all = append(all, f)
		}
		matched, page = len(all), pageOf(all, offset, limit)
	}
	page = append([]feature{}, page...) // [] rather than null when empty
	for i := range page {
		page[i].Links = s.itemLinks(id, page[i].ID)
	}
	returned := len(page)
	links := s.selfLinks("/collections/"+id+"/items", q, html, geoJSONType)
	moved := func(off int) string {
		q2 := url.Values{}
		for k, vs := range q {
			q2[k] = vs
		}
		q2.Set("offset", strconv.Itoa(off))
		q2.Set("limit", strconv.Itoa(limit))
		if html {
			q2.Set("f", "html")
		} else {
			q2.Set("f", "json")
		}
		return s.ogcURL("/collections/"+id+"/items", q2)
	}
	var next, prev string
	if offset < matched-limit {
		next = moved(offset + limit)
		links = append(links, ogcLink{Href: next, Rel: "next", Type: geoJSONType, Title: "Next page"})
	}
	if offset > 0 {
		prev = moved(max(0, offset-limit))
		links = append(links, ogcLink{Href: prev, Rel: "prev", Type: geoJSONType, Title: "Previous page"})
	}
	links = append(links, ogcLink{Href: s.ogcURL("/collections/"+id, nil), Rel: "collection", Type: "application/json", Title: "The collection"})
	fc := featureCollection{Type: "FeatureCollection", Features: page, NumberMatched: &matched, NumberReturned: &returned,
		TimeStamp: time.Now().UTC().Format(time.RFC3339), Links: links}
	if id == "regions" {
		fc.Attribution = vocab.GeodataAttribution
	}
	if !html {
		s.ogcWrite(c, false, geoJSONType, fc, nil)
		return
	}
	view := &ogcView{Kind: "items", Title: s.collection(ix, id).Title, Matched: matched, Returned: returned, Links: links, Next: next, Prev: prev,
		JSONHref: links[1].Href}
	var points []snippetPoint
	for _, f := range page {
		row := ogcItemRow{ID: f.ID, Href: s.ogcURL("/collections/"+id+"/items/"+url.PathEscape(f.ID), url.Values{"f": {"html"}})}
		switch p := f.Properties.(type) {
		case practiceProps:
			row.Title = p.Title
			if p.Country != nil {
				row.Note = p.Country.Label
			}
			if f.Geometry != nil {
				for _, pt := range geometryPoints(f.Geometry) {
					points = append(points, snippetPoint{Lat: pt.Lat(), Lon: pt.Lon(), Title: p.Title, Href: row.Href})
				}
			}
		case regionProps:
			row.Title = p.Label
			row.Note = fmt.Sprintf("level %d · %s", p.Level, plural(p.Practices, "practice", "practices"))
		}
		view.Items = append(view.Items, row)
	}
	view.Map = mapSnippet(s.countryShapes(), points)
	s.ogcWrite(c, true, "", nil, view)
}

// pageOf returns the items of one page.
func pageOf[T any](items []T, offset, limit int) []T {
	start := min(offset, len(items)) // offset+limit could overflow
	return items[start : start+min(limit, len(items)-start)]
}

// countryShapes are the country outlines drawn behind points on small
// maps, when the geodata is loaded.
func (s *Server) countryShapes() []snippetShape {
	if s.regions == nil {
		return nil
	}
	var out []snippetShape
	for _, r := range s.regions.Level(0) {
		out = append(out, snippetShape{Outline: r.Outline, Class: "context", Title: r.Name})
	}
	return out
}

// practiceItemFeature is a practice as an OGC API feature, id the
// practice's id. Its places are one MultiPoint, whatever their number, so
// that the collection has one geometry type (GIS clients such as QGIS
// type a layer by its geometry); a practice without any point has an
// empty MultiPoint (RFC 7946 §3.1 allows empty coordinates) rather than
// a null geometry, so that it stays in the collection for lists.
func (s *Server) practiceItemFeature(v *viewer, p *practice) feature {
	mp := orb.MultiPoint{}
	for _, pl := range p.points() {
		mp = append(mp, orb.Point{pl.Lon, pl.Lat})
	}
	return feature{Type: "Feature", ID: p.ID, Geometry: geojson.NewGeometry(mp), Properties: s.practiceProperties(v, p, nil)}
}

// geometryPoints returns the points of a Point or MultiPoint geometry.
func geometryPoints(g *geojson.Geometry) []orb.Point {
	switch x := g.Geometry().(type) {
	case orb.Point:
		return []orb.Point{x}
	case orb.MultiPoint:
		return x
	}
	return nil
}

// itemLinks are the links of one feature.
func (s *Server) itemLinks(collection, id string) []ogcLink {
	path := "/collections/" + collection + "/items/" + url.PathEscape(id)
	links := []ogcLink{
		{Href: s.ogcURL(path, url.Values{"f": {"json"}}), Rel: "self", Type: geoJSONType, Title: "This feature"},
		{Href: s.ogcURL(path, url.Values{"f": {"html"}}), Rel: "alternate", Type: "text/html", Title: "This feature as HTML"},
		{Href: s.ogcURL("/collections/"+collection, nil), Rel: "collection", Type: "application/json", Title: "The collection"},
	}
	switch collection {
	case "practices":
		links = append(links, ogcLink{Href: s.iris.Practice(id).Value, Rel: "describedby", Type: "text/turtle", Title: "The practice as linked data"})
	case "regions":
		links = append(links, ogcLink{Href: s.publicURL("/region/" + id), Rel: "describedby", Type: "text/html", Title: "The region's page"})
	}
	return links
}

// ogcItem serves /ogc/collections/{id}/items/{featureId}.
func (s *Server) ogcItem(c *gin.Context) {
	id := c.Param("collection")
	if !slices.Contains(s.collectionIDs(), id) {
		s.ogcError(c, http.StatusNotFound, fmt.Sprintf("no collection %q", id))
		return
	}
	html, ok := s.ogcNegotiate(c, true)
	if !ok {
		return
	}
	fid := c.Param("id")
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	v := &viewer{s: s, ix: ix, langs: languages(c.Request)}
	var f feature
	found := false
	switch id {
	case "practices":
		if p, ok := ix.byIRI[s.iris.Practice(fid)]; ok && !p.Withdrawn {
			f, found = s.practiceItemFeature(v, p), true
		}
	case "regions":
		if r, ok := s.regions.Region(fid); ok && r.Code == fid {
			for _, rf := range s.regionFeatures(ix, r.Level) {
				if rf.ID == fid {
					f, found = rf, true
				}
			}
		}
	}
	if !found {
		s.ogcError(c, http.StatusNotFound, fmt.Sprintf("no feature %q in collection %q", fid, id))
		return
	}
	if notModified(c, newValidator(snap.Version(), snap.Modified(), "ogc-item", id, fid, strconv.FormatBool(html), strings.Join(v.langs, ","))) {
		return
	}
	snap.Close()
	f.Links = s.itemLinks(id, fid)
	if !html {
		s.ogcWrite(c, false, geoJSONType, f, nil)
		return
	}
	view := &ogcView{Kind: "item", Links: f.Links, JSONHref: f.Links[0].Href}
	var points []snippetPoint
	switch p := f.Properties.(type) {
	case practiceProps:
		view.Title, view.Description = p.Title, p.Description
		if f.Geometry != nil {
			for _, pt := range geometryPoints(f.Geometry) {
				points = append(points, snippetPoint{Lat: pt.Lat(), Lon: pt.Lon(), Title: p.Title})
			}
		}
		view.Map = mapSnippet(s.countryShapes(), points)
	case regionProps:
		view.Title = p.Label + " (" + p.Code + ")"
		if r, ok := s.regions.Region(p.Code); ok {
			view.Map = mapSnippet([]snippetShape{{Outline: r.Outline, Class: "focus", Title: r.Name, Fit: true}}, nil)
		}
	}
	view.Properties = propertyFacts(f.Properties)
	s.ogcWrite(c, true, "", nil, view)
}

// propertyFacts lists a feature's properties for its page.
func propertyFacts(props any) []fact {
	data, _ := json.Marshal(props)
	var m map[string]any
	json.Unmarshal(data, &m)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []fact
	for _, k := range keys {
		var vals []valueView
		var add func(x any)
		add = func(x any) {
			switch x := x.(type) {
			case []any:
				for _, e := range x {
					add(e)
				}
			case map[string]any:
				label, _ := x["label"].(string)
				iri, _ := x["iri"].(string)
				vals = append(vals, valueView{Text: firstNonEmpty(label, iri), Href: iri})
			case string:
				vv := valueView{Text: x}
				if strings.HasPrefix(x, "http://") || strings.HasPrefix(x, "https://") {
					vv.Href = x
				}
				vals = append(vals, vv)
			case nil:
			default:
				vals = append(vals, valueView{Text: fmt.Sprint(x)})
			}
		}
		add(m[k])
		if len(vals) > 0 {
			out = append(out, fact{Label: k, Values: vals})
		}
	}
	return out
}
