package publisher

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// snippetShape is an outline drawn on a small map.
type snippetShape struct {
	Outline orb.MultiPolygon
	Class   string // "context" (lighter) or "focus"
	Title   string
	Fit     bool // the map shows all of the shape
}

// snippetPoint is a point drawn on a small map.
type snippetPoint struct {
	Lat, Lon float64
	Title    string
	Href     string
}

// mapSnippet draws outlines and points as a small inline SVG map, with no
// tiles or scripts. The view fits the points and the shapes marked Fit (all
// shapes when there is neither). The projection is equirectangular, scaled
// by the cosine of the middle latitude, which is faithful enough at
// regional scale. It returns "" when there is nothing to draw.
func mapSnippet(shapes []snippetShape, points []snippetPoint) template.HTML {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range points {
		b = b.Extend(orb.Point{p.Lon, p.Lat})
	}
	for _, s := range shapes {
		if s.Fit && len(s.Outline) > 0 {
			b = b.Union(s.Outline.Bound())
		}
	}
	if math.IsInf(b.Min[0], 0) {
		for _, s := range shapes {
			if len(s.Outline) > 0 {
				b = b.Union(s.Outline.Bound())
			}
		}
	}
	if math.IsInf(b.Min[0], 0) {
		return ""
	}
	// Small areas get at least minSpan degrees around them, so that a city
	// or a small region shows its surroundings.
	const minSpan = 3.0
	padX := math.Max((b.Max[0]-b.Min[0])*0.08, (minSpan-(b.Max[0]-b.Min[0]))/2)
	padY := math.Max((b.Max[1]-b.Min[1])*0.08, (minSpan/1.6-(b.Max[1]-b.Min[1]))/2)
	b.Min[0] -= padX
	b.Max[0] += padX
	b.Min[1] -= padY
	b.Max[1] += padY
	k := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	x := func(lon float64) float64 { return lon * k }
	y := func(lat float64) float64 { return -lat }
	vx, vy := x(b.Min[0]), y(b.Max[1])
	vw, vh := x(b.Max[0])-vx, y(b.Min[1])-vy
	// Keep the map at least half as tall as wide, so single places show
	// their surroundings.
	if vh < vw/2 {
		vy -= (vw/2 - vh) / 2
		vh = vw / 2
	}
	tol := math.Max(vw, vh) / 500
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="snippet" viewBox="%.4f %.4f %.4f %.4f" role="img" aria-label="Map" xmlns="http://www.w3.org/2000/svg">`, vx, vy, vw, vh)
	stroke := math.Max(vw, vh) / 400
	for _, s := range shapes {
		if len(s.Outline) == 0 {
			continue
		}
		fmt.Fprintf(&sb, `<path class="%s" stroke-width="%.5f" d="`, html.EscapeString(s.Class), stroke)
		for _, poly := range s.Outline {
			for _, ring := range poly {
				var lastX, lastY float64
				n := 0
				for i, p := range ring {
					px, py := x(p[0]), y(p[1])
					if i > 0 && i < len(ring)-1 && math.Abs(px-lastX)+math.Abs(py-lastY) < tol {
						continue
					}
					if n == 0 {
						sb.WriteByte('M')
					} else {
						sb.WriteByte('L')
					}
					fmt.Fprintf(&sb, "%.3f %.3f", px, py)
					lastX, lastY = px, py
					n++
				}
				sb.WriteByte('Z')
			}
		}
		fmt.Fprintf(&sb, `"><title>%s</title></path>`, html.EscapeString(s.Title))
	}
	r := math.Max(vw, vh) / 70
	for _, p := range points {
		if p.Href != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, html.EscapeString(p.Href))
		}
		fmt.Fprintf(&sb, `<circle class="pt" cx="%.4f" cy="%.4f" r="%.4f" stroke-width="%.5f"><title>%s</title></circle>`,
			x(p.Lon), y(p.Lat), r, r/3, html.EscapeString(p.Title))
		if p.Href != "" {
			sb.WriteString(`</a>`)
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // #nosec: built from numbers and escaped text only
}
