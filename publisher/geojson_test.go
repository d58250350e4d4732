package publisher

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// layerFeature is a feature of the practices layer as a client reads it.
type layerFeature struct {
	Type     string
	ID       string
	Geometry *struct {
		Type        string
		Coordinates []float64
	}
	Properties practiceProps
}

func readLayer(t *testing.T, f *fixture, target string, headers ...string) []layerFeature {
	t.Helper()
	w := f.get(target, headers...)
	if w.Code != 200 {
		t.Fatalf("%s: status %d %s", target, w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("Content-Type %q", ct)
	}
	var fc struct {
		Type     string
		Features []layerFeature
	}
	if err := json.Unmarshal(body(t, w), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" {
		t.Fatalf("type %q", fc.Type)
	}
	return fc.Features
}

func TestPracticesLayer(t *testing.T) {
	f := newFixture(t)
	features := readLayer(t, f, "/map/practices.geojson")
	byID := map[string]layerFeature{}
	practices := map[string]int{}
	for _, ft := range features {
		if ft.Type != "Feature" {
			t.Errorf("feature type %q", ft.Type)
		}
		byID[ft.ID] = ft
		practices[ft.Properties.IRI]++
	}
	// A point per place: MIKADO 1, Digital Empowerment 1, P4W 1, the
	// Bulgarian libraries 2; Digilyftet has no point but is listed; the
	// withdrawn course is not.
	want := map[string]int{"mikado": 1, "digital-empowerment": 1, "passport4work": 1, "bg-libraries": 2, "digilyftet": 1}
	if len(practices) != len(want) {
		t.Errorf("practices in the layer: %v", practices)
	}
	for id, n := range want {
		if practices[testBase+"practice/"+id] != n {
			t.Errorf("%s: %d features, want %d", id, practices[testBase+"practice/"+id], n)
		}
	}
	m, ok := byID[testBase+"practice/mikado#place-berlin"]
	if !ok {
		t.Fatalf("no feature for MIKADO's place; ids %v", keys(byID))
	}
	if m.Geometry == nil || m.Geometry.Type != "Point" || !slices.Equal(m.Geometry.Coordinates, []float64{13.405, 52.52}) {
		t.Errorf("MIKADO geometry %+v, want Point [13.405, 52.52] (longitude first)", m.Geometry)
	}
	p := m.Properties
	if p.Title != "MIKADO – Multiplier Training Digital Empowerment" || p.City != "Berlin" || p.Page != testBase+"practice/mikado" {
		t.Errorf("properties %+v", p)
	}
	if p.Country == nil || p.Country.Code != "DEU" || p.Country.ISO2 != "DE" || p.Country.Label != "Germany" {
		t.Errorf("country %+v", p.Country)
	}
	if !slices.Equal(p.Regions, []string{"DE", "DE3", "DE30", "DE300"}) {
		t.Errorf("regions %v, want every level of DE300", p.Regions)
	}
	var areas []string
	for _, s := range p.Skills {
		areas = append(areas, s.Notation+"→"+strings.TrimPrefix(s.Area, testBase+"vocab/digcomp/"))
	}
	if !slices.Equal(areas, []string{"1→1", "2.1→2"}) {
		t.Errorf("skills with areas %v", areas)
	}
	if len(p.TargetGroups) != 2 || p.Delivery != "Hybrid (face-to-face and online)" {
		t.Errorf("target groups %v, delivery %q", p.TargetGroups, p.Delivery)
	}
	bg := byID[testBase+"practice/bg-libraries#place-vratsa"]
	if bg.Properties.City != "Vratsa" || !slices.Equal(bg.Properties.Regions, []string{"BG", "BG3", "BG31", "BG313"}) {
		t.Errorf("Vratsa feature %+v", bg.Properties)
	}
	if d := byID[testBase+"practice/digilyftet"]; d.Geometry != nil || d.Properties.Country == nil || d.Properties.Country.Code != "SWE" {
		t.Errorf("Digilyftet should have a null geometry and Sweden: %+v", d)
	}
	// The raw JSON has "geometry": null, as RFC 7946 wants for no geometry.
	if !strings.Contains(f.get("/map/practices.geojson").Body.String(), `"geometry":null`) {
		t.Error("no null geometry in the layer")
	}
	// Filters apply to the layer too.
	de := readLayer(t, f, "/map/practices.geojson?country=DE")
	if len(de) != 2 {
		t.Errorf("?country=DE: %d features, want 2", len(de))
	}
	if w := f.get("/map/practices.geojson?country=XX"); w.Code != 400 {
		t.Errorf("?country=XX: status %d, want 400", w.Code)
	}
	// Labels follow Accept-Language.
	de2 := readLayer(t, f, "/map/practices.geojson", "Accept-Language: de")
	for _, ft := range de2 {
		if ft.ID == testBase+"practice/mikado#place-berlin" && ft.Properties.Country.Label != "Deutschland" {
			t.Errorf("German country label %q", ft.Properties.Country.Label)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestRegionsLayer(t *testing.T) {
	f := newFixture(t)
	if w := f.get("/map/regions.geojson"); w.Code != 503 || !strings.Contains(w.Body.String(), "skillsmap geo fetch") {
		t.Errorf("without geodata: status %d %s; want 503 saying how to get it", w.Code, w.Body.String())
	}
	f = newFixture(t, fixtureOptions{regions: true})
	for _, bad := range []string{"?level=4", "?level=-1", "?level=x", "?levl=2"} {
		if w := f.get("/map/regions.geojson" + bad); w.Code != 400 {
			t.Errorf("%s: status %d, want 400", bad, w.Code)
		}
	}
	counts := func(level string) map[string]int {
		w := f.get("/map/regions.geojson?level="+level, "Accept-Encoding: gzip")
		if w.Header().Get("Content-Encoding") != "gzip" {
			t.Error("the regions layer is not gzip-coded on request")
		}
		var fc struct {
			Attribution string
			Features    []struct {
				Geometry   struct{ Type string }
				Properties regionProps
			}
		}
		if err := json.Unmarshal(body(t, w), &fc); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fc.Attribution, "EuroGeographics") {
			t.Errorf("attribution %q", fc.Attribution)
		}
		out := map[string]int{}
		for _, ft := range fc.Features {
			if lv := ft.Properties.Level; level != "" && strings.TrimSpace(level) != string(rune('0'+lv)) {
				t.Fatalf("level %s layer has a level %d region", level, lv)
			}
			if ft.Geometry.Type != "MultiPolygon" && ft.Geometry.Type != "Polygon" {
				t.Errorf("%s: geometry %s", ft.Properties.Code, ft.Geometry.Type)
			}
			out[ft.Properties.Code] = ft.Properties.Practices
		}
		return out
	}
	c0 := counts("0")
	if len(c0) != 37 {
		t.Errorf("%d countries at level 0, want 37", len(c0))
	}
	// Germany: MIKADO and Digital Empowerment (the withdrawn course has no
	// region); Bulgaria: one practice with two places counts once.
	for code, want := range map[string]int{"DE": 2, "BG": 1, "NL": 1, "SE": 1, "FR": 0} {
		if c0[code] != want {
			t.Errorf("level 0 %s: %d practices, want %d", code, c0[code], want)
		}
	}
	c3 := counts("3")
	for code, want := range map[string]int{"DE300": 2, "BG313": 1, "BG321": 1, "NL414": 1} {
		if c3[code] != want {
			t.Errorf("level 3 %s: %d practices, want %d", code, c3[code], want)
		}
	}
}

// signedArea is twice the signed area of a ring, longitude as x and
// latitude as y: positive when the ring runs counterclockwise.
func signedArea(ring [][]float64) float64 {
	var a float64
	for i := range ring {
		j := (i + 1) % len(ring)
		a += ring[i][0]*ring[j][1] - ring[j][0]*ring[i][1]
	}
	return a
}

// RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise — in
// the map layer and the OGC API alike.
func TestRegionOutlinesWindAsRFC7946Says(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	for _, target := range []string{"/map/regions.geojson?level=0", "/map/regions.geojson?level=3",
		"/ogc/collections/regions/items?level=2&limit=1000"} {
		var fc struct {
			Features []struct {
				ID       string
				Geometry struct {
					Type        string
					Coordinates json.RawMessage
				}
			}
		}
		if err := json.Unmarshal(body(t, f.get(target)), &fc); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		rings, holes := 0, 0
		for _, ft := range fc.Features {
			var polygons [][][][]float64
			switch ft.Geometry.Type {
			case "MultiPolygon":
				if err := json.Unmarshal(ft.Geometry.Coordinates, &polygons); err != nil {
					t.Fatal(err)
				}
			case "Polygon":
				var p [][][]float64
				if err := json.Unmarshal(ft.Geometry.Coordinates, &p); err != nil {
					t.Fatal(err)
				}
				polygons = append(polygons, p)
			default:
				t.Fatalf("%s %s: geometry %s", target, ft.ID, ft.Geometry.Type)
			}
			for _, p := range polygons {
				for i, r := range p {
					a := signedArea(r)
					if i == 0 && a < 0 {
						t.Errorf("%s %s: exterior ring runs clockwise", target, ft.ID)
					}
					if i > 0 && a > 0 {
						t.Errorf("%s %s: hole runs counterclockwise", target, ft.ID)
					}
					if i == 0 {
						rings++
					} else {
						holes++
					}
				}
			}
		}
		if rings == 0 {
			t.Errorf("%s: no rings checked", target)
		}
		t.Logf("%s: %d exterior rings and %d holes checked", target, rings, holes)
	}
}

// The GeoJSON layers answer Range requests, as GDAL's /vsicurl/ (and so
// QGIS's "HTTP(S)" vector source) reads remote files in ranges; a Range
// request gets the identity coding even from a client that takes gzip.
func TestGeoJSONLayersAnswerRangeRequests(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	for _, target := range []string{"/map/practices.geojson", "/map/practices.geojson?country=DEU", "/map/regions.geojson?level=1",
		"/map/needs.geojson", "/map/lineage.geojson", "/ogc/collections/practices/items?limit=3"} {
		t.Run(target, func(t *testing.T) {
			full := f.get(target)
			if full.Code != 200 || full.Header().Get("Accept-Ranges") != "bytes" {
				t.Fatalf("status %d, Accept-Ranges %q", full.Code, full.Header().Get("Accept-Ranges"))
			}
			whole := full.Body.Bytes()
			n := len(whole)
			etag := full.Header().Get("ETag")
			for _, tt := range []struct {
				rng        string
				start, end int // inclusive
			}{
				{"bytes=0-9", 0, 9},
				{fmt.Sprintf("bytes=%d-", n-7), n - 7, n - 1},
				{"bytes=-5", n - 5, n - 1},
				{"bytes=3-100000000", 3, n - 1},
			} {
				w := f.get(target, "Range: "+tt.rng, "Accept-Encoding: gzip")
				if w.Code != http.StatusPartialContent {
					t.Fatalf("Range %s: status %d", tt.rng, w.Code)
				}
				if ce := w.Header().Get("Content-Encoding"); ce != "" {
					t.Errorf("Range %s: Content-Encoding %q, want the identity coding", tt.rng, ce)
				}
				if cr, want := w.Header().Get("Content-Range"), fmt.Sprintf("bytes %d-%d/%d", tt.start, tt.end, n); cr != want {
					t.Errorf("Range %s: Content-Range %q, want %q", tt.rng, cr, want)
				}
				if !bytes.Equal(w.Body.Bytes(), whole[tt.start:tt.end+1]) {
					t.Errorf("Range %s: the bytes differ from the whole layer's", tt.rng)
				}
			}
			if w := f.get(target, fmt.Sprintf("Range: bytes=%d-", n+10)); w.Code != http.StatusRequestedRangeNotSatisfiable {
				t.Errorf("a range past the end: status %d, want 416", w.Code)
			}
			// If-Range: the current ETag gets the range, a stale one the whole layer.
			if w := f.get(target, "Range: bytes=0-9", "If-Range: "+etag); w.Code != http.StatusPartialContent {
				t.Errorf("If-Range with the current ETag: status %d, want 206", w.Code)
			}
			if w := f.get(target, "Range: bytes=0-9", `If-Range: "stale"`); w.Code != 200 || w.Body.Len() != n {
				t.Errorf("If-Range with a stale ETag: status %d, %d bytes, want 200 and the whole layer", w.Code, w.Body.Len())
			}
		})
	}
}
