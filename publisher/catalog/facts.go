package catalog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// facts are what the catalog says about the practices of one or more
// source graphs, read from the store.
type facts struct {
	practices int
	quads     uint64
	modified  time.Time // last change of the graphs
	firstSeen time.Time // earliest sm:firstSeen: when the data was first published
	lastSeen  time.Time // latest sm:lastSeen: when the harvester last saw a practice
	countries map[rdf.Term]bool
	languages map[rdf.Term]bool // EU language IRIs of titles and descriptions
	start     string            // earliest xsd:date of schema:startDate / endDate
	end       string            // latest
	concepts  map[rdf.Term]int  // practice types and target groups → practices
	box       bbox
}

func newFacts() *facts {
	return &facts{countries: map[rdf.Term]bool{}, languages: map[rdf.Term]bool{}, concepts: map[rdf.Term]int{}, box: emptyBox()}
}

// merge adds the facts of another graph.
func (f *facts) merge(o *facts) {
	f.practices += o.practices
	f.quads += o.quads
	if o.modified.After(f.modified) {
		f.modified = o.modified
	}
	f.firstSeen = earliest(f.firstSeen, o.firstSeen)
	if o.lastSeen.After(f.lastSeen) {
		f.lastSeen = o.lastSeen
	}
	for t := range o.countries {
		f.countries[t] = true
	}
	for t := range o.languages {
		f.languages[t] = true
	}
	f.noteDate(o.start)
	f.noteDate(o.end)
	for t, n := range o.concepts {
		f.concepts[t] += n
	}
	f.box.merge(o.box)
}

func (f *facts) noteDate(d string) {
	if d == "" {
		return
	}
	if f.start == "" || d < f.start {
		f.start = d
	}
	if f.end == "" || d > f.end {
		f.end = d
	}
}

// period is the temporal coverage of the practices as xsd:dates: from the
// earliest to the latest date they state (schema:startDate, endDate);
// where none states a date, the time the harvester saw them on the
// partner site (earliest sm:firstSeen to latest sm:lastSeen), which is the
// time the data describes. Empty without either.
func (f *facts) period() (start, end string) {
	if f.start != "" {
		return f.start, f.end
	}
	if f.firstSeen.IsZero() {
		return "", ""
	}
	last := f.lastSeen
	if last.Before(f.firstSeen) {
		last = f.firstSeen
	}
	return f.firstSeen.UTC().Format(time.DateOnly), last.UTC().Format(time.DateOnly)
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// sortedTerms returns the keys of a set in term order, so that output is
// deterministic.
func sortedTerms(set map[rdf.Term]bool) []rdf.Term {
	out := make([]rdf.Term, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	slices.SortFunc(out, rdf.Compare)
	return out
}

// readFacts reads the facts of graph g.
func readFacts(ctx context.Context, r store.Reader, t vocab.Terms, g rdf.Term) (*facts, error) {
	f := newFacts()
	if info, ok := r.GraphInfo(g); ok {
		f.quads = info.Quads
		f.modified = info.Modified
	}
	scan := func(p rdf.Term, fn func(q rdf.Quad)) error {
		for q, err := range r.Match(ctx, store.Pattern{P: p, G: g}) {
			if err != nil {
				return fmt.Errorf("read %s of graph %s: %w", p.Value, g.Value, err)
			}
			fn(q)
		}
		return nil
	}
	practices := map[rdf.Term]bool{}
	steps := []struct {
		p  rdf.Term
		fn func(q rdf.Quad)
	}{
		{rdf.Type, func(q rdf.Quad) {
			if q.O == t.Practice {
				practices[q.S] = true
			}
		}},
		{t.Country, func(q rdf.Quad) {
			if isCountry(q.O) {
				f.countries[q.O] = true
			}
		}},
		{vocab.DCTTitle, f.noteLanguage},
		{vocab.DCTDescription, f.noteLanguage},
		{vocab.SchemaStartDate, func(q rdf.Quad) { f.noteDate(literalDate(q.O)) }},
		{vocab.SchemaEndDate, func(q rdf.Quad) { f.noteDate(literalDate(q.O)) }},
		{t.FirstSeen, func(q rdf.Quad) {
			if ts, ok := literalTime(q.O); ok {
				f.firstSeen = earliest(f.firstSeen, ts)
			}
		}},
		{t.LastSeen, func(q rdf.Quad) {
			if ts, ok := literalTime(q.O); ok && ts.After(f.lastSeen) {
				f.lastSeen = ts
			}
		}},
		{vocab.DCTType, func(q rdf.Quad) { f.noteConcept(q) }},
		{t.TargetGroup, func(q rdf.Quad) { f.noteConcept(q) }},
	}
	for _, s := range steps {
		if err := scan(s.p, s.fn); err != nil {
			return nil, err
		}
	}
	f.practices = len(practices)
	if err := f.readPoints(ctx, r, g); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *facts) noteLanguage(q rdf.Quad) {
	if q.O.Lang == "" {
		return
	}
	if iri, ok := languageIRI(q.O.Lang); ok {
		f.languages[iri] = true
	}
}

func (f *facts) noteConcept(q rdf.Quad) {
	if q.O.IsIRI() {
		f.concepts[q.O]++
	}
}

// readPoints extends the bounding box by the coordinates of the places of
// the practices (wgs84:lat / wgs84:long on their locn:location nodes).
func (f *facts) readPoints(ctx context.Context, r store.Reader, g rdf.Term) error {
	lat := map[rdf.Term]float64{}
	for q, err := range r.Match(ctx, store.Pattern{P: vocab.WGS84Lat, G: g}) {
		if err != nil {
			return fmt.Errorf("read coordinates of graph %s: %w", g.Value, err)
		}
		if v, ok := literalFloat(q.O); ok && v >= -90 && v <= 90 {
			lat[q.S] = v
		}
	}
	for q, err := range r.Match(ctx, store.Pattern{P: vocab.WGS84Long, G: g}) {
		if err != nil {
			return fmt.Errorf("read coordinates of graph %s: %w", g.Value, err)
		}
		la, ok := lat[q.S]
		if lo, ok2 := literalFloat(q.O); ok && ok2 && lo >= -180 && lo <= 180 {
			f.box.add(lo, la)
		}
	}
	return nil
}

// literalDate returns the xsd:date lexical form of a date-like literal
// (xsd:date, xsd:dateTime, xsd:gYear, xsd:gYearMonth), "" when it is none.
// A year or month stands for its first day.
func literalDate(t rdf.Term) string {
	if !t.IsLiteral() {
		return ""
	}
	v := strings.TrimSpace(t.Value)
	var d string
	switch t.Datatype {
	case rdf.XSDDate, rdf.XSDDateTime:
		if len(v) >= 10 {
			d = v[:10]
		}
	case rdf.XSDGYear:
		d = v + "-01-01"
	case rdf.NSXSD + "gYearMonth":
		d = v + "-01"
	default:
		return ""
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return ""
	}
	return d
}

// literalTime parses an xsd:dateTime literal.
func literalTime(t rdf.Term) (time.Time, bool) {
	if !t.IsLiteral() || t.Datatype != rdf.XSDDateTime {
		return time.Time{}, false
	}
	ts, err := time.Parse(time.RFC3339Nano, t.Value)
	return ts, err == nil
}

func literalFloat(t rdf.Term) (float64, bool) {
	if !t.IsLiteral() {
		return 0, false
	}
	switch t.Datatype {
	case rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDFloat, rdf.XSDInteger:
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(t.Value, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// bbox is a bounding box in WGS84 degrees with the mean of its points.
type bbox struct {
	minLon, minLat, maxLon, maxLat float64
	sumLon, sumLat                 float64
	n                              int
}

func emptyBox() bbox {
	return bbox{minLon: math.Inf(1), minLat: math.Inf(1), maxLon: math.Inf(-1), maxLat: math.Inf(-1)}
}

func (b *bbox) add(lon, lat float64) {
	b.minLon, b.maxLon = min(b.minLon, lon), max(b.maxLon, lon)
	b.minLat, b.maxLat = min(b.minLat, lat), max(b.maxLat, lat)
	b.sumLon += lon
	b.sumLat += lat
	b.n++
}

func (b *bbox) merge(o bbox) {
	if o.n == 0 {
		return
	}
	b.minLon, b.maxLon = min(b.minLon, o.minLon), max(b.maxLon, o.maxLon)
	b.minLat, b.maxLat = min(b.minLat, o.minLat), max(b.maxLat, o.maxLat)
	b.sumLon += o.sumLon
	b.sumLat += o.sumLat
	b.n += o.n
}

// wkt returns the box as a WKT polygon and the mean point as a WKT point,
// longitude first (CRS84), as GeoDCAT-AP writes dcat:bbox and dcat:centroid.
func (b *bbox) wkt() (polygon, centroid string) {
	c := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	p := func(lon, lat float64) string { return c(lon) + " " + c(lat) }
	polygon = "POLYGON((" + strings.Join([]string{
		p(b.minLon, b.minLat), p(b.maxLon, b.minLat), p(b.maxLon, b.maxLat), p(b.minLon, b.maxLat), p(b.minLon, b.minLat),
	}, ", ") + "))"
	round := func(v float64) float64 { return math.Round(v*1e6) / 1e6 }
	centroid = "POINT(" + p(round(b.sumLon/float64(b.n)), round(b.sumLat/float64(b.n))) + ")"
	return polygon, centroid
}

// topConcepts returns the concepts used by the most practices, most used
// first, ties in term order.
func topConcepts(counts map[rdf.Term]int, limit int) []rdf.Term {
	out := make([]rdf.Term, 0, len(counts))
	for t := range counts {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b rdf.Term) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return rdf.Compare(a, b)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// label returns a concept's skos:prefLabel in lang, else in English, else
// any, from whichever graph holds it.
func label(ctx context.Context, r store.Reader, c rdf.Term, lang string) (rdf.Term, error) {
	var best rdf.Term
	rank := 3
	for q, err := range r.Match(ctx, store.Pattern{S: c, P: vocab.SKOSPrefLabel, AnyGraph: true}) {
		if err != nil {
			return rdf.Term{}, fmt.Errorf("read label of %s: %w", c.Value, err)
		}
		if !q.O.IsLiteral() || q.O.Value == "" {
			continue
		}
		r := 2
		switch {
		case strings.EqualFold(q.O.Lang, lang):
			r = 0
		case q.O.Lang == "en":
			r = 1
		}
		if r < rank || (r == rank && rdf.Compare(q.O, best) < 0) {
			best, rank = q.O, r
		}
	}
	return best, nil
}
