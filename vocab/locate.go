package vocab

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Distance bounds of the fallbacks of Locate. GISCO's 1:60 million outlines
// are coarse: a coastal city centre can lie a few kilometres outside its
// region's outline, and small city regions are drawn with a handful of
// points.
const (
	// MaxOutlineDistanceKm bounds the distance from a point to the nearest
	// level 3 outline when no outline contains it.
	MaxOutlineDistanceKm = 25.0
	// MaxLabelDistanceKm bounds the distance to the nearest level 3 label
	// point when no outline is near.
	MaxLabelDistanceKm = 50.0
)

// Locate returns the region of a WGS84 point: the deepest region whose
// outline contains it (method point-in-polygon); else the level 3 region
// whose outline is nearest within MaxOutlineDistanceKm (nearest-outline);
// else the level 3 region whose label point is nearest within
// MaxLabelDistanceKm (nearest-label). A non-empty country (any code that
// CountryByCode accepts) restricts the search to that country, which avoids
// wrong answers near borders.
func (rs *Regions) Locate(lat, lon float64, country string) (PlaceMatch, bool) {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return PlaceMatch{}, false
	}
	want := ""
	if strings.TrimSpace(country) != "" {
		c, ok := CountryByCode(country)
		if !ok {
			c, ok = MatchCountry(country)
		}
		if !ok {
			return PlaceMatch{}, false
		}
		want = c.NUTS
	}
	pt := orb.Point{lon, lat}
	in := func(r *Region) bool { return want == "" || r.Country == want }

	for level := 3; level >= 0; level-- {
		for _, r := range rs.byLevel[level] {
			if !in(r) || r.Outline == nil || !r.Bound.Contains(pt) || !planar.MultiPolygonContains(r.Outline, pt) {
				continue
			}
			if level < 3 {
				// The point is inside a larger region but in a gap of
				// the coarse level 3 outlines: try the nearest child.
				if m, ok := rs.nearestOutline(pt, func(c *Region) bool {
					return strings.HasPrefix(c.Code, r.Code) && in(c)
				}); ok {
					return m, true
				}
			}
			return rs.placeMatch(r, lat, lon, MethodPointInPolygon, 0.9-0.1*float64(3-level)), true
		}
	}
	if m, ok := rs.nearestOutline(pt, in); ok {
		return m, true
	}
	var best *Region
	bestKm := MaxLabelDistanceKm
	for _, r := range rs.byLevel[3] {
		if !in(r) {
			continue
		}
		if d := geo.Distance(pt, r.Label) / 1000; d <= bestKm {
			best, bestKm = r, d
		}
	}
	if best == nil {
		return PlaceMatch{}, false
	}
	return rs.placeMatch(best, lat, lon, MethodNearestLabel, 0.5), true
}

// nearestOutline returns the level 3 region accepted by ok whose outline is
// nearest to pt, within MaxOutlineDistanceKm.
func (rs *Regions) nearestOutline(pt orb.Point, ok func(*Region) bool) (PlaceMatch, bool) {
	// Degrees that MaxOutlineDistanceKm spans at most, for the bound check.
	padLat := MaxOutlineDistanceKm / 110.0
	padLon := padLat / math.Max(math.Cos(pt.Lat()*math.Pi/180), 0.05)
	var best *Region
	bestKm := MaxOutlineDistanceKm
	for _, r := range rs.byLevel[3] {
		if r.Outline == nil || !ok(r) {
			continue
		}
		b := r.Bound
		if pt.Lon() < b.Min.Lon()-padLon || pt.Lon() > b.Max.Lon()+padLon ||
			pt.Lat() < b.Min.Lat()-padLat || pt.Lat() > b.Max.Lat()+padLat {
			continue
		}
		if d := distanceToOutlineKm(pt, r.Outline); d <= bestKm {
			best, bestKm = r, d
		}
	}
	if best == nil {
		return PlaceMatch{}, false
	}
	return rs.placeMatch(best, pt.Lat(), pt.Lon(), MethodNearestOutline, 0.7), true
}

func (rs *Regions) placeMatch(r *Region, lat, lon float64, m MatchMethod, confidence float64) PlaceMatch {
	c, _ := CountryByCode(r.Country)
	return PlaceMatch{
		Name:       r.Name,
		RegionCode: r.Code,
		Level:      r.Level,
		Country:    c,
		Lat:        lat,
		Lon:        lon,
		HasPoint:   true,
		Method:     m,
		Confidence: confidence,
	}
}

// distanceToOutlineKm returns the distance in kilometres from pt to the
// nearest edge of mp, in a local equirectangular projection: accurate to a
// few per cent over the tens of kilometres it is used for.
func distanceToOutlineKm(pt orb.Point, mp orb.MultiPolygon) float64 {
	kx := 111.320 * math.Cos(pt.Lat()*math.Pi/180)
	const ky = 110.574
	project := func(p orb.Point) (float64, float64) {
		return (p.Lon() - pt.Lon()) * kx, (p.Lat() - pt.Lat()) * ky
	}
	best := math.Inf(1)
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				ax, ay := project(ring[i])
				bx, by := project(ring[i+1])
				best = math.Min(best, originToSegment(ax, ay, bx, by))
			}
		}
	}
	return best
}

// originToSegment returns the distance from (0,0) to the segment a–b.
func originToSegment(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}
