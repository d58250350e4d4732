package publisher

import "github.com/paulmach/orb"

// rfc7946Winding orients the rings of polygons as RFC 7946 §3.1.6 asks:
// exterior rings counterclockwise, holes clockwise (GISCO's outlines come
// the other way round). It changes g in place; geometries other than
// polygons are returned as they are.
func rfc7946Winding(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Polygon:
		orientPolygon(g)
	case orb.MultiPolygon:
		for _, p := range g {
			orientPolygon(p)
		}
	}
	return g
}

// orientPolygon turns the exterior ring counterclockwise and the holes
// clockwise. A ring without area (rounding can flatten a tiny one) keeps
// its order: it has no orientation.
func orientPolygon(p orb.Polygon) {
	for i, r := range p {
		want := orb.CW
		if i == 0 {
			want = orb.CCW
		}
		if o := r.Orientation(); o != 0 && o != want {
			r.Reverse()
		}
	}
}
