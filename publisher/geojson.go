package publisher

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// geoJSONType is the media type of GeoJSON (RFC 7946).
const geoJSONType = "application/geo+json"

// feature is a GeoJSON feature. Geometry is nil for practices without a
// point (RFC 7946 allows a null geometry), so that lists built from the
// layer still show them.
type feature struct {
	Type       string            `json:"type"`
	ID         string            `json:"id,omitempty"`
	Geometry   *geojson.Geometry `json:"geometry"`
	Properties any               `json:"properties"`
	Links      []ogcLink         `json:"links,omitempty"`
}

// featureCollection is a GeoJSON feature collection, with the OGC API's
// members when it is an items response.
type featureCollection struct {
	Type           string    `json:"type"`
	Features       []feature `json:"features"`
	Attribution    string    `json:"attribution,omitempty"`
	TimeStamp      string    `json:"timeStamp,omitempty"`
	NumberMatched  *int      `json:"numberMatched,omitempty"`
	NumberReturned *int      `json:"numberReturned,omitempty"`
	Links          []ogcLink `json:"links,omitempty"`
}

// practiceProps are the properties of a practice feature. The map page
// (assets/map.js) and docs/publishing.md document them; add properties,
// never rename.
type practiceProps struct {
	IRI          string       `json:"iri"`
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Lang         string       `json:"lang,omitempty"`
	Page         string       `json:"page"`
	Description  string       `json:"description,omitempty"`
	Place        string       `json:"place,omitempty"`
	City         string       `json:"city,omitempty"`
	Approximate  bool         `json:"approximate,omitempty"`
	Country      *countryRef  `json:"country,omitempty"`
	Countries    []string     `json:"countries"`
	Regions      []string     `json:"regions"`
	Skills       []skillRef   `json:"skills"`
	TargetGroups []conceptRef `json:"targetGroups"`
	Types        []conceptRef `json:"types"`
	Delivery     string       `json:"delivery,omitempty"`
	Deliveries   []conceptRef `json:"deliveryModes"`
	StartDate    string       `json:"startDate,omitempty"`
	EndDate      string       `json:"endDate,omitempty"`
	AdaptedFrom  []string     `json:"adaptedFrom,omitempty"`
}

// countryRef names a country.
type countryRef struct {
	Code  string `json:"code"` // ISO 3166-1 alpha-3, as in /country/{code}
	ISO2  string `json:"iso2"`
	NUTS  string `json:"nuts"`
	Label string `json:"label"`
	IRI   string `json:"iri"`
}

// conceptRef names a concept.
type conceptRef struct {
	IRI   string `json:"iri"`
	Label string `json:"label"`
}

// skillRef names a skill with its DigComp number and competence area.
type skillRef struct {
	IRI       string `json:"iri"`
	Label     string `json:"label"`
	Notation  string `json:"notation,omitempty"`
	Area      string `json:"area,omitempty"`
	AreaLabel string `json:"areaLabel,omitempty"`
}

// practiceProperties builds the properties of a practice's feature; pl is
// the place the feature stands for (nil for the practice as a whole).
func (s *Server) practiceProperties(v *viewer, p *practice, pl *place) practiceProps {
	props := practiceProps{
		IRI: p.IRI.Value, ID: p.ID, Page: p.IRI.Value,
		Countries: []string{}, Regions: []string{}, Skills: []skillRef{}, TargetGroups: []conceptRef{},
		Types: []conceptRef{}, Deliveries: []conceptRef{},
		StartDate: p.StartDate, EndDate: p.EndDate,
	}
	props.Title, props.Lang = p.Title.pickLang(v.langs)
	props.Title = firstNonEmpty(props.Title, p.ID, p.IRI.Value)
	props.Description = truncate(p.Description.pick(v.langs), 600)
	regionCodes := p.Regions
	if pl != nil {
		props.Place, props.City, props.Approximate = pl.IRI.Value, pl.Name, pl.Approximate
		if pl.Region != "" {
			regionCodes = []string{pl.Region}
		}
	}
	seen := map[string]bool{}
	for _, code := range regionCodes {
		for i := 2; i <= len(code); i++ {
			if !seen[code[:i]] {
				seen[code[:i]] = true
				props.Regions = append(props.Regions, code[:i])
			}
		}
	}
	for _, c := range p.Countries {
		if country, ok := vocab.CountryByIRI(c); ok {
			props.Countries = append(props.Countries, country.ISO3)
		}
	}
	country := vocab.Country{}
	if pl != nil && pl.Region != "" {
		country, _ = vocab.CountryByCode(pl.Region[:2])
	}
	if country.IsZero() && len(p.Countries) > 0 {
		country, _ = vocab.CountryByIRI(p.Countries[0])
	}
	if !country.IsZero() {
		props.Country = &countryRef{Code: country.ISO3, ISO2: country.ISO2, NUTS: country.NUTS, Label: country.Name(v.langs...), IRI: country.IRI().Value}
	}
	for _, sk := range p.Skills {
		ref := skillRef{IRI: sk.Value, Label: v.valueText(sk), Notation: v.ix.notation[sk]}
		if scheme, _, ok := s.iris.ParseConcept(sk); ok && scheme == vocab.DigComp {
			area := sk
			if anc := v.ix.ancestors(sk); len(anc) > 0 {
				area = anc[len(anc)-1]
			}
			ref.Area, ref.AreaLabel = area.Value, v.valueText(area)
		}
		props.Skills = append(props.Skills, ref)
	}
	ref := func(ts []rdf.Term) []conceptRef {
		out := []conceptRef{}
		for _, t := range ts {
			out = append(out, conceptRef{IRI: t.Value, Label: v.valueText(t)})
		}
		return out
	}
	props.TargetGroups = ref(p.TargetGroups)
	props.Types = ref(p.Types)
	props.Deliveries = ref(p.DeliveryModes)
	if len(props.Deliveries) > 0 {
		props.Delivery = props.Deliveries[0].Label
	}
	for _, a := range p.AdaptedFrom {
		props.AdaptedFrom = append(props.AdaptedFrom, a.Value)
	}
	return props
}

// practiceFeatures returns a feature per place with a point, and one
// without geometry for a practice that has none.
func (s *Server) practiceFeatures(v *viewer, ps []*practice) []feature {
	features := []feature{}
	for _, p := range ps {
		pts := p.points()
		if len(pts) == 0 {
			features = append(features, feature{Type: "Feature", ID: p.IRI.Value, Properties: s.practiceProperties(v, p, nil)})
			continue
		}
		for i := range pts {
			pl := pts[i]
			features = append(features, feature{
				Type: "Feature", ID: pl.IRI.Value,
				Geometry:   geojson.NewGeometry(orb.Point{pl.Lon, pl.Lat}),
				Properties: s.practiceProperties(v, p, &pl),
			})
		}
	}
	return features
}

// practicesGeoJSON serves /map/practices.geojson: a FeatureCollection with
// a point per place of every practice, filtered like /practices.
func (s *Server) practicesGeoJSON(c *gin.Context) {
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	q := c.Request.URL.Query()
	f, err := s.parseFilter(q, ix)
	if err != nil {
		s.jsonError(c, http.StatusBadRequest, err.Error())
		return
	}
	langs := languages(c.Request)
	addVary(c, "Accept-Language")
	gz := compressible(c)
	v := newValidator(snap.Version(), snap.Modified(), "practices.geojson", q.Encode(), langs[0])
	// Everything below reads the in-memory index: release the snapshot
	// before a slow client reads the layer.
	snap.Close()
	if gz {
		v = gzipVariant(v)
	}
	if notModified(c, v) {
		return
	}
	if len(q) == 0 {
		s.writeLayer(c, ix, "practices:"+langs[0], func() ([]byte, error) { return s.practicesLayer(ix, langs, f) }, gz)
		return
	}
	body, err := s.practicesLayer(ix, langs, f)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.writeBody(c, geoJSONType, body, gz)
}

// practicesLayer encodes the practices f selects as a FeatureCollection
// in the languages langs.
func (s *Server) practicesLayer(ix *index, langs []string, f practiceFilter) ([]byte, error) {
	v := &viewer{s: s, ix: ix, langs: langs}
	return marshalJSON(featureCollection{Type: "FeatureCollection", Features: s.practiceFeatures(v, f.filter(ix))}, false)
}

// regionProps are the properties of a region feature.
type regionProps struct {
	Code      string `json:"code"`
	Label     string `json:"label"`
	Native    string `json:"nativeLabel,omitempty"`
	Level     int    `json:"level"`
	Country   string `json:"country"`
	IRI       string `json:"iri"`
	Page      string `json:"page"`
	Practices int    `json:"practices"`
}

// regionFeatures returns the outlines of one NUTS level (all levels when
// level is -1), each with the number of practices in it.
func (s *Server) regionFeatures(ix *index, level int) []feature {
	counts := map[string]int{}
	for _, p := range ix.practices {
		seen := map[string]bool{}
		for _, code := range p.Regions {
			for i := 2; i <= len(code); i++ {
				if !seen[code[:i]] {
					seen[code[:i]] = true
					counts[code[:i]]++
				}
			}
		}
	}
	regions := s.regions.All()
	if level >= 0 {
		regions = s.regions.Level(level)
	}
	features := make([]feature, 0, len(regions))
	for _, r := range regions {
		var g orb.Geometry = r.Label
		if r.Outline != nil {
			g = rfc7946Winding(orb.Round(orb.Clone(r.Outline), 1e4))
		}
		features = append(features, feature{
			Type: "Feature", ID: r.Code, Geometry: geojson.NewGeometry(g),
			Properties: regionProps{Code: r.Code, Label: r.Name, Native: r.NativeName, Level: r.Level, Country: r.Country,
				IRI: r.IRI().Value, Page: s.publicURL("/region/" + r.Code), Practices: counts[r.Code]},
		})
	}
	return features
}

// parseLevel reads a NUTS level parameter: 0–3, or all levels (-1) when
// absent and allowAll is set.
func parseLevel(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 3 {
		return 0, fmt.Errorf("level %q: want a NUTS level from 0 to 3", v)
	}
	return n, nil
}

// regionsGeoJSON serves /map/regions.geojson?level=N: NUTS outlines with
// code, label, level and practice count, for choropleth maps.
func (s *Server) regionsGeoJSON(c *gin.Context) {
	if s.regions == nil {
		s.jsonError(c, http.StatusServiceUnavailable, s.geodataNotice())
		return
	}
	level, err := parseLevel(c.Query("level"), 0)
	if err != nil {
		s.jsonError(c, http.StatusBadRequest, err.Error())
		return
	}
	for k := range c.Request.URL.Query() {
		if k != "level" {
			s.jsonError(c, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q: this layer takes only level", k))
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
	gz := compressible(c)
	v := newValidator(snap.Version(), snap.Modified(), "regions.geojson", strconv.Itoa(level))
	if gz {
		v = gzipVariant(v)
	}
	if notModified(c, v) {
		return
	}
	ix, err := s.index(ctx, snap)
	if err != nil {
		s.serverError(c, err)
		return
	}
	snap.Close() // the layer comes from the index: no snapshot while a client reads it
	s.writeLayer(c, ix, "regions:"+strconv.Itoa(level), func() ([]byte, error) {
		return marshalJSON(featureCollection{Type: "FeatureCollection", Features: s.regionFeatures(ix, level), Attribution: vocab.GeodataAttribution}, false)
	}, gz)
}

// writeLayer answers with a GeoJSON layer cached in the index, and caches
// its gzip-coded form too: the layers are large and asked for often.
func (s *Server) writeLayer(c *gin.Context, ix *index, key string, build func() ([]byte, error), gz bool) {
	body, err := ix.layer(key, build)
	if err == nil && gz {
		body, err = ix.layer(key+":gzip", func() ([]byte, error) {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(body)
			if err := zw.Close(); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		})
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if gz {
		c.Header("Content-Encoding", "gzip")
		send(c, http.StatusOK, geoJSONType, body)
		return
	}
	serveBytes(c, geoJSONType, body)
}

// writeBody writes a prepared body, gzip-coded when gz is set, else with
// Range requests answered.
func (s *Server) writeBody(c *gin.Context, contentType string, body []byte, gz bool) {
	if !gz {
		serveBytes(c, contentType, body)
		return
	}
	c.Header("Content-Type", contentType)
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	w, closeBody := bodyWriter(c, gz)
	if _, err := w.Write(body); err != nil {
		s.abortStream(c, err)
		return
	}
	if err := closeBody(); err != nil {
		s.abortStream(c, err)
	}
}

// jsonError answers an error as JSON, for API clients.
func (s *Server) jsonError(c *gin.Context, status int, msg string) {
	c.Header("Content-Type", "application/json")
	body, _ := marshalJSON(map[string]any{"code": http.StatusText(status), "status": status, "description": msg}, true)
	send(c, status, "application/json", body)
	c.Abort()
}

// marshalJSON encodes v without escaping <, > and & (the output is never
// embedded in HTML), indented when indent is set.
func marshalJSON(v any, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
