package publisher

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ogcJSON gets an OGC API resource as JSON.
func ogcJSON(t *testing.T, f *fixture, target string, wantType string) map[string]any {
	t.Helper()
	w := f.get(target)
	if w.Code != 200 {
		t.Fatalf("%s: status %d %s", target, w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != wantType {
		t.Errorf("%s: Content-Type %q, want %q", target, ct, wantType)
	}
	var m map[string]any
	if err := json.Unmarshal(body(t, w), &m); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	return m
}

// links returns the links of a response by relation.
func links(t *testing.T, m map[string]any) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	arr, _ := m["links"].([]any)
	for _, l := range arr {
		lm, _ := l.(map[string]any)
		href, _ := lm["href"].(string)
		rel, _ := lm["rel"].(string)
		if !strings.HasPrefix(href, "http") || rel == "" {
			t.Errorf("link without an absolute href or a rel: %v", lm)
		}
		out[rel] = append(out[rel], lm)
	}
	return out
}

func TestOGCLandingAndConformance(t *testing.T) {
	f := newFixture(t)
	land := ogcJSON(t, f, "/ogc", "application/json")
	ls := links(t, land)
	for _, rel := range []string{"self", "alternate", "service-desc", "service-doc", "conformance", "data"} {
		if len(ls[rel]) == 0 {
			t.Errorf("landing page lacks a %s link", rel)
		}
	}
	if land["title"] == "" {
		t.Error("landing page has no title")
	}
	conf := ogcJSON(t, f, "/ogc/conformance", "application/json")
	var classes []string
	for _, c := range conf["conformsTo"].([]any) {
		classes = append(classes, c.(string))
	}
	for _, want := range []string{"conf/core", "conf/geojson", "conf/html", "conf/oas30"} {
		if !slices.ContainsFunc(classes, func(c string) bool { return strings.HasSuffix(c, want) }) {
			t.Errorf("conformance lacks %s: %v", want, classes)
		}
	}
	api := ogcJSON(t, f, "/ogc/api", openAPIType)
	paths, _ := api["paths"].(map[string]any)
	for _, p := range []string{"/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/practices/items", "/collections/practices/items/{featureId}"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("the API definition lacks %s", p)
		}
	}
	if api["openapi"] != "3.0.3" {
		t.Errorf("openapi %v", api["openapi"])
	}
	// HTML for every resource (the html conformance class).
	for _, target := range []string{"/ogc?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/practices?f=html",
		"/ogc/collections/practices/items?f=html", "/ogc/collections/practices/items/mikado?f=html", "/ogc/api?f=html"} {
		w := f.get(target)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: status %d, type %q", target, w.Code, w.Header().Get("Content-Type"))
		}
	}
	// A browser gets HTML without f.
	if w := f.get("/ogc/collections", "Accept: text/html,*/*;q=0.8"); !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Errorf("a browser got %q", w.Header().Get("Content-Type"))
	}
	if w := f.get("/ogc/collections", "Accept: application/xml"); w.Code != 406 {
		t.Errorf("Accept: application/xml: status %d, want 406", w.Code)
	}
}

func TestOGCCollections(t *testing.T) {
	f := newFixture(t)
	cols := ogcJSON(t, f, "/ogc/collections", "application/json")
	arr, _ := cols["collections"].([]any)
	if len(arr) != 1 {
		t.Fatalf("without geodata: %d collections, want practices only", len(arr))
	}
	col := ogcJSON(t, f, "/ogc/collections/practices", "application/json")
	if col["id"] != "practices" || col["itemType"] != "feature" {
		t.Errorf("collection %v", col)
	}
	ext := col["extent"].(map[string]any)
	bbox := ext["spatial"].(map[string]any)["bbox"].([]any)[0].([]any)
	// The points span Eindhoven (5.47 E) to Veliko Tarnovo (25.629 E).
	if bbox[0].(float64) != 5.47 || bbox[2].(float64) != 25.629 || bbox[1].(float64) != 43.081 || bbox[3].(float64) != 52.52 {
		t.Errorf("spatial extent %v", bbox)
	}
	interval := ext["temporal"].(map[string]any)["interval"].([]any)[0].([]any)
	if interval[0] != "2019-01-01T00:00:00Z" || interval[1] != "2022-10-31T23:59:59Z" {
		t.Errorf("temporal extent %v", interval)
	}
	ls := links(t, col)
	if len(ls["items"]) == 0 || len(ls["self"]) == 0 {
		t.Errorf("collection links %v", ls)
	}
	if w := f.get("/ogc/collections/nothing"); w.Code != 404 {
		t.Errorf("unknown collection: status %d", w.Code)
	}
}

// itemsPage reads an items response.
type itemsPage struct {
	ids              []string
	matched, retured int
	links            map[string][]map[string]any
}

func getItems(t *testing.T, f *fixture, query string) itemsPage {
	t.Helper()
	m := ogcJSON(t, f, "/ogc/collections/practices/items?"+query, "application/geo+json")
	if m["type"] != "FeatureCollection" {
		t.Fatalf("type %v", m["type"])
	}
	p := itemsPage{links: links(t, m)}
	p.matched = int(m["numberMatched"].(float64))
	p.retured = int(m["numberReturned"].(float64))
	for _, ft := range m["features"].([]any) {
		fm := ft.(map[string]any)
		p.ids = append(p.ids, fm["id"].(string))
	}
	if len(p.ids) != p.retured {
		t.Errorf("numberReturned %d, but %d features", p.retured, len(p.ids))
	}
	return p
}

func TestOGCItems(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"bg-libraries", "digilyftet", "digital-empowerment", "mikado", "passport4work"}},
		// bbox: Germany and the Netherlands, Bulgaria only, across the antimeridian (nothing).
		{"bbox=3,47,16,55", []string{"digital-empowerment", "mikado", "passport4work"}},
		{"bbox=" + url.QueryEscape("22,41,29,45"), []string{"bg-libraries"}},
		{"bbox=23.5,43.2,23.6,43.3", []string{"bg-libraries"}}, // one of its two places
		{"bbox=170,-10,-170,10", nil},
		{"bbox=3,47,0,16,55,100", []string{"digital-empowerment", "mikado", "passport4work"}}, // with heights
		{"region=DE", []string{"digital-empowerment", "mikado"}},
		{"region=DE300", []string{"digital-empowerment", "mikado"}},
		{"country=NL", []string{"passport4work"}},
		{"skill=2", []string{"digilyftet", "mikado"}},
		{"targetGroup=refugee-women", []string{"digital-empowerment", "mikado"}},
		{"q=libraries", []string{"bg-libraries"}},
		// datetime: practices running then (those without dates never match).
		{"datetime=2021-06-01", []string{"passport4work"}},
		{"datetime=2020-01-01T00:00:00Z/2020-02-01T00:00:00Z", []string{"mikado", "passport4work"}},
		{"datetime=../2019-06-30", []string{"mikado"}},
		{"datetime=2022-01-01/..", []string{"passport4work"}},
		{"bbox=3,47,16,55&skill=1", []string{"digital-empowerment", "mikado"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := getItems(t, f, tt.query)
			got := slices.Clone(p.ids)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || p.matched != len(tt.want) {
				t.Errorf("got %v (matched %d), want %v", got, p.matched, tt.want)
			}
		})
	}
	for _, bad := range []string{"limit=0", "limit=x", "offset=-1", "bbox=1,2,3", "bbox=1,2,3,x", "bbox=0,60,10,50", "bbox=0,-95,10,50",
		"datetime=yesterday", "datetime=2020-02-01/2020-01-01", "unknown=1", "f=xml", "country=XX", "skill=nope",
		"bbox-crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326")} {
		w := f.get("/ogc/collections/practices/items?" + bad)
		if w.Code != 400 {
			t.Errorf("?%s: status %d, want 400", bad, w.Code)
			continue
		}
		var e map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e["description"] == "" {
			t.Errorf("?%s: the 400 is not a JSON exception: %s", bad, w.Body.String())
		}
	}
}

func TestOGCPaging(t *testing.T) {
	f := newFixture(t)
	first := getItems(t, f, "limit=2")
	if first.matched != 5 || first.retured != 2 || len(first.links["next"]) != 1 || len(first.links["prev"]) != 0 {
		t.Fatalf("first page: matched %d returned %d links %v", first.matched, first.retured, first.links)
	}
	seen := slices.Clone(first.ids)
	next := first.links["next"][0]["href"].(string)
	for range 5 {
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		p := getItems(t, f, u.RawQuery)
		if len(p.links["prev"]) != 1 {
			t.Errorf("page at %s has no prev link", u.RawQuery)
		}
		seen = append(seen, p.ids...)
		if len(p.links["next"]) == 0 {
			break
		}
		next = p.links["next"][0]["href"].(string)
	}
	slices.Sort(seen)
	if !slices.Equal(seen, []string{"bg-libraries", "digilyftet", "digital-empowerment", "mikado", "passport4work"}) {
		t.Errorf("following next links gives %v", seen)
	}
	if p := getItems(t, f, "offset=4&limit=10"); p.retured != 1 || len(p.links["next"]) != 0 {
		t.Errorf("last page: returned %d, next %v", p.retured, p.links["next"])
	}
	if p := getItems(t, f, "offset=50"); p.retured != 0 || p.matched != 5 {
		t.Errorf("past the end: returned %d matched %d", p.retured, p.matched)
	}
	if p := getItems(t, f, "offset=9223372036854775807&limit=1000"); p.retured != 0 || len(p.links["next"]) != 0 {
		t.Errorf("the largest offset: returned %d, next %v", p.retured, p.links["next"])
	}
	if p := getItems(t, f, "limit=5000"); p.retured != 5 {
		t.Errorf("limit over the maximum is capped, not refused: returned %d", p.retured)
	}
	// The default limit is 10: make 12 practices matchable.
	f2 := newFixture(t)
	f2.harvestDemo(t)
	if p := getItems(t, f2, ""); p.retured != 10 || p.matched <= 10 {
		t.Errorf("default page: returned %d of %d, want 10", p.retured, p.matched)
	}
}

func TestOGCItem(t *testing.T) {
	f := newFixture(t)
	w := f.get("/ogc/collections/practices/items/bg-libraries")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("status %d type %q", w.Code, w.Header().Get("Content-Type"))
	}
	var ft struct {
		Type     string
		ID       string
		Geometry struct {
			Type        string
			Coordinates [][]float64
		}
		Properties practiceProps
		Links      []ogcLink
	}
	if err := json.Unmarshal(w.Body.Bytes(), &ft); err != nil {
		t.Fatal(err)
	}
	if ft.Type != "Feature" || ft.ID != "bg-libraries" || ft.Geometry.Type != "MultiPoint" || len(ft.Geometry.Coordinates) != 2 {
		t.Errorf("feature %+v", ft)
	}
	rels := map[string]bool{}
	for _, l := range ft.Links {
		rels[l.Rel] = true
	}
	for _, rel := range []string{"self", "alternate", "collection", "describedby"} {
		if !rels[rel] {
			t.Errorf("feature lacks a %s link", rel)
		}
	}
	for _, missing := range []string{"/ogc/collections/practices/items/nothing", "/ogc/collections/practices/items/old-course", "/ogc/collections/regions/items/DE"} {
		if w := f.get(missing); w.Code != 404 {
			t.Errorf("%s: status %d, want 404", missing, w.Code)
		}
	}
}

func TestOGCRegions(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	cols := ogcJSON(t, f, "/ogc/collections", "application/json")
	if n := len(cols["collections"].([]any)); n != 2 {
		t.Fatalf("%d collections, want practices and regions", n)
	}
	m := ogcJSON(t, f, "/ogc/collections/regions/items?level=0&limit=100", "application/geo+json")
	if m["numberMatched"].(float64) != 37 {
		t.Errorf("level 0: %v regions, want 37", m["numberMatched"])
	}
	counts := map[string]float64{}
	for _, ft := range m["features"].([]any) {
		p := ft.(map[string]any)["properties"].(map[string]any)
		counts[p["code"].(string)] = p["practices"].(float64)
	}
	if counts["DE"] != 2 || counts["BG"] != 1 || counts["FR"] != 0 {
		t.Errorf("practice counts DE %v BG %v FR %v", counts["DE"], counts["BG"], counts["FR"])
	}
	// bbox and country select regions.
	m = ogcJSON(t, f, "/ogc/collections/regions/items?level=2&country=BG&limit=100", "application/geo+json")
	if n := m["numberMatched"].(float64); n != 6 {
		t.Errorf("Bulgaria has 6 NUTS 2 regions, got %v", n)
	}
	m = ogcJSON(t, f, "/ogc/collections/regions/items?level=0&bbox=13,52,14,53", "application/geo+json")
	var codes []string
	for _, ft := range m["features"].([]any) {
		codes = append(codes, ft.(map[string]any)["id"].(string))
	}
	if !slices.Contains(codes, "DE") || slices.Contains(codes, "ES") {
		t.Errorf("bbox around Berlin selects %v", codes)
	}
	ft := ogcJSON(t, f, "/ogc/collections/regions/items/DE300", "application/geo+json")
	if ft["id"] != "DE300" || ft["properties"].(map[string]any)["practices"].(float64) != 2 {
		t.Errorf("DE300 feature %v", ft["properties"])
	}
	if w := f.get("/ogc/collections/regions/items?level=7"); w.Code != 400 {
		t.Errorf("level=7: status %d", w.Code)
	}
	if w := f.get("/ogc/collections/regions/items?skill=1"); w.Code != 400 {
		t.Errorf("a practice filter on regions: status %d, want 400", w.Code)
	}
}
