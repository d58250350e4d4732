package vocab

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestLoadRegions(t *testing.T) {
	rs := testRegions(t)
	if rs.Len() != 2010 {
		t.Errorf("Len() = %d, want 2010", rs.Len())
	}
	for level, want := range []int{37, 125, 334, 1514} {
		if got := len(rs.Level(level)); got != want {
			t.Errorf("level %d has %d regions, want %d", level, got, want)
		}
	}
	berlin, ok := rs.Region("de300")
	if !ok {
		t.Fatal("no DE300")
	}
	if berlin.Name != "Berlin" || berlin.Level != 3 || berlin.Country != "DE" || berlin.Parent() != "DE30" {
		t.Errorf("DE300 = %+v", berlin)
	}
	if berlin.Outline == nil || !berlin.Bound.Contains(berlin.Label) {
		t.Error("DE300 has no outline or its bound misses the label point")
	}
	var anc []string
	for _, a := range rs.Ancestors("DE300") {
		anc = append(anc, a.Code)
	}
	if strings.Join(anc, ",") != "DE30,DE3,DE" {
		t.Errorf("Ancestors(DE300) = %v", anc)
	}
	if kids := rs.Children("DE3"); len(kids) != 1 || kids[0].Code != "DE30" {
		t.Errorf("Children(DE3) = %v", kids)
	}
	if r, ok := rs.ByIRI(rdf.IRI("http://data.europa.eu/nuts/code/BG321")); !ok || r.Name != "Veliko Tarnovo" || r.NativeName != "Велико Търново" {
		t.Errorf("ByIRI(BG321) = %+v, %v", r, ok)
	}
	if r, ok := rs.Region("NO0B1"); !ok || r.Name != "Jan Mayen" {
		t.Errorf("NO0B1 name not cleaned: %+v", r)
	}
	if _, ok := rs.Region("XX999"); ok {
		t.Error("found a region that does not exist")
	}
	if rs.Level(4) != nil || rs.Level(-1) != nil {
		t.Error("Level accepts levels outside 0–3")
	}
	withOutline := 0
	for _, r := range rs.All() {
		if r.Outline != nil {
			withOutline++
		}
	}
	if withOutline != 2010 {
		t.Errorf("%d regions have outlines, want 2010", withOutline)
	}
}

func TestLoadRegionsMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadRegions(dir)
	if !errors.Is(err, ErrGeodataMissing) {
		t.Fatalf("LoadRegions(empty dir) error = %v, want ErrGeodataMissing", err)
	}
	msg := err.Error()
	for _, want := range []string{dir, LabelFile, OutlineFile, "skillsmap geo fetch", DefaultGeodataURL} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	var gm *GeodataMissingError
	if !errors.As(err, &gm) || len(gm.Missing) != 2 {
		t.Errorf("error is not a GeodataMissingError with 2 files: %#v", err)
	}
	// One file present: only the other is missing.
	if err := os.WriteFile(filepath.Join(dir, LabelFile), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadRegions(dir)
	if !errors.As(err, &gm) || len(gm.Missing) != 1 || gm.Missing[0] != OutlineFile {
		t.Errorf("with one file: %v", err)
	}
}

func TestLoadRegionsRejectsBadFiles(t *testing.T) {
	point := `{"type":"Feature","geometry":{"type":"Point","coordinates":[13.4,52.5]},"properties":%s}`
	props := func(id string, level int, cntr string) string {
		return `{"NUTS_ID":"` + id + `","LEVL_CODE":` + string(rune('0'+level)) + `,"CNTR_CODE":"` + cntr + `","NAME_LATN":"X","NUTS_NAME":"X"}`
	}
	fc := func(features ...string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	}
	feature := func(p string) string { return strings.Replace(point, "%s", p, 1) }
	good := fc(feature(props("DE", 0, "DE")))
	tests := []struct{ name, labels, outlines, want string }{
		{"not JSON", "not json", good, "not a GeoJSON"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, good, "no features"},
		{"not NUTS", fc(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"name":"x"}}`), good, "NUTS_ID"},
		{"bad code", fc(feature(props("de", 0, "DE"))), good, "invalid NUTS code"},
		{"level mismatch", fc(feature(props("DE3", 2, "DE"))), good, "LEVL_CODE"},
		{"country mismatch", fc(feature(props("DE3", 1, "FR"))), good, "CNTR_CODE"},
		{"duplicate", fc(feature(props("DE", 0, "DE")), feature(props("DE", 0, "DE"))), good, "twice"},
		{"outline not polygon", good, fc(feature(props("DE", 0, "DE"))), "not a polygon"},
		{"hostile geometry", fc(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[1]]},"properties":` + props("DE", 0, "DE") + `}`), good, ""},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, LabelFile), []byte(tt.labels), 0o644)
		os.WriteFile(filepath.Join(dir, OutlineFile), []byte(tt.outlines), 0o644)
		_, err := LoadRegions(dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadRegions error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestFindGeodataDir(t *testing.T) {
	shared := geoDir(t)
	empty := t.TempDir()
	got, err := FindGeodataDir("", empty, shared, "/nonexistent")
	if err != nil || got != shared {
		t.Errorf("FindGeodataDir = %q, %v; want %q", got, err, shared)
	}
	_, err = FindGeodataDir("", empty, "/nonexistent")
	if !errors.Is(err, ErrGeodataMissing) || !strings.Contains(err.Error(), empty) || !strings.Contains(err.Error(), "/nonexistent") {
		t.Errorf("FindGeodataDir without geodata: %v", err)
	}
	if _, err := FindGeodataDir(); !errors.Is(err, ErrGeodataMissing) {
		t.Errorf("FindGeodataDir() = %v", err)
	}
}

func TestLocate(t *testing.T) {
	rs := testRegions(t)
	tests := []struct {
		name     string
		lat, lon float64
		country  string
		want     string
		method   MatchMethod
	}{
		{"Berlin Mitte", 52.52, 13.405, "", "DE300", MethodPointInPolygon},
		{"Cluj-Napoca", 46.771, 23.624, "", "RO113", MethodPointInPolygon},
		{"Veliko Tarnovo", 43.081, 25.629, "BG", "BG321", MethodPointInPolygon},
		{"Eindhoven", 51.441, 5.470, "NL", "NL414", MethodPointInPolygon},
		{"Vantaa", 60.294, 25.040, "", "FI1B1", MethodPointInPolygon},
		// On the coast, just outside the coarse outline of Skåne; near
		// Copenhagen's label point. The country keeps it in Sweden.
		{"Malmö", 55.605, 13.004, "SE", "SE224", MethodNearestOutline},
		{"Tallinn harbour", 59.437, 24.754, "EE", "EE001", MethodNearestOutline},
	}
	for _, tt := range tests {
		m, ok := rs.Locate(tt.lat, tt.lon, tt.country)
		if !ok || m.RegionCode != tt.want || m.Method != tt.method {
			t.Errorf("Locate(%s) = %s %s, %v; want %s %s", tt.name, m.RegionCode, m.Method, ok, tt.want, tt.method)
			continue
		}
		if m.Level != 3 || m.Country.NUTS != tt.want[:2] || !m.HasPoint || m.Lat != tt.lat || m.Confidence <= 0 {
			t.Errorf("Locate(%s) = %+v", tt.name, m)
		}
	}
	for _, bad := range []struct {
		lat, lon float64
		country  string
	}{
		{0, -30, ""},          // the Atlantic
		{40.7, -74.0, ""},     // New York
		{52.52, 13.405, "FR"}, // Berlin is not in France
		{91, 0, ""},
		{0, 181, ""},
		{52.52, 13.405, "Narnia"},
	} {
		if m, ok := rs.Locate(bad.lat, bad.lon, bad.country); ok {
			t.Errorf("Locate(%v, %v, %q) = %s", bad.lat, bad.lon, bad.country, m.RegionCode)
		}
	}
}

// TestGazetteerAgreesWithGISCO checks every city of the gazetteer against
// the NUTS 2021 files: its NUTS 3 region exists in its country, and its
// coordinates lie in that region or within the coarse outlines' error of it.
func TestGazetteerAgreesWithGISCO(t *testing.T) {
	rs := testRegions(t)
	for _, c := range Cities() {
		r, ok := rs.Region(c.NUTS3)
		if !ok || r.Level != 3 || r.Country != c.Country {
			t.Errorf("%s: NUTS 3 region %s does not exist in %s", c.Name, c.NUTS3, c.Country)
			continue
		}
		pt := orb.Point{c.Lon, c.Lat}
		if m, ok := rs.Locate(c.Lat, c.Lon, c.Country); ok && m.RegionCode == c.NUTS3 {
			continue
		}
		// Small city regions are drawn with few points at 1:60M: accept
		// a city within 30 km of its region's outline or label point.
		d := min(distanceToOutlineKm(pt, r.Outline), geo.Distance(pt, r.Label)/1000)
		if d > 30 {
			t.Errorf("%s (%v, %v) is %.0f km from its region %s %q", c.Name, c.Lat, c.Lon, d, r.Code, r.Name)
		}
	}
}

func TestRegionsGraph(t *testing.T) {
	rs := testRegions(t)
	n := mustIRIs(t, "http://localhost:8080/")
	ng := rs.Graph(n)
	if ng.Name != n.RegionsGraph() {
		t.Errorf("graph name = %v", ng.Name)
	}
	g := ng.Graph
	tm := n.Terms()
	bg := NUTSRegion("BG321")
	for _, tr := range []rdf.Triple{
		{S: bg, P: rdf.Type, O: SKOSConcept},
		{S: bg, P: SKOSInScheme, O: n.Scheme(NUTSScheme)},
		{S: bg, P: SKOSNotation, O: rdf.Literal("BG321", tm.NUTSCode.Value)},
		{S: bg, P: SKOSPrefLabel, O: rdf.String("Veliko Tarnovo")},
		{S: bg, P: SKOSAltLabel, O: rdf.String("Велико Търново")},
		{S: bg, P: SKOSBroader, O: NUTSRegion("BG32")},
		{S: bg, P: tm.NUTSLevel, O: rdf.Literal("3", rdf.XSDInteger)},
		{S: bg, P: tm.Country, O: rdf.IRI(CountryAuthorityBase + "BGR")},
		{S: NUTSRegion("BG"), P: SKOSTopConceptOf, O: n.Scheme(NUTSScheme)},
	} {
		if !g.Has(tr) {
			t.Errorf("regions graph lacks %v", tr)
		}
	}
	lat := g.Object(bg, WGS84Lat)
	if lat.Datatype != rdf.XSDDecimal || !strings.HasPrefix(lat.Value, "43.") {
		t.Errorf("BG321 latitude = %v", lat)
	}
	if got := len(g.Subjects(rdf.Type, SKOSConcept)); got != 2010 {
		t.Errorf("%d region concepts, want 2010", got)
	}
	for _, tr := range g.Triples() {
		checkTriple(t, tr)
	}
}

func TestCoordinate(t *testing.T) {
	for in, want := range map[float64]string{13.405: "13.405", 52: "52.0", -8.654: "-8.654"} {
		if got := Coordinate(in); got != rdf.Literal(want, rdf.XSDDecimal) {
			t.Errorf("Coordinate(%v) = %v", in, got)
		}
	}
}

func BenchmarkLocate(b *testing.B) {
	rs := testRegions(b)
	for b.Loop() {
		rs.Locate(51.441, 5.470, "")
	}
}

func BenchmarkLoadRegions(b *testing.B) {
	dir := geoDir(b)
	for b.Loop() {
		if _, err := LoadRegions(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRegionFeature(t *testing.T) {
	rs := testRegions(t)
	r, _ := rs.Region("BG321")
	f := r.Feature()
	if _, ok := f.Geometry.(orb.MultiPolygon); !ok || f.ID != "BG321" {
		t.Fatalf("feature = %+v", f)
	}
	if f.Properties["iri"] != "http://data.europa.eu/nuts/code/BG321" || f.Properties["NAME_LATN"] != "Veliko Tarnovo" ||
		f.Properties["LEVL_CODE"] != 3 || f.Properties["label_lat"] != r.Lat() {
		t.Errorf("properties = %v", f.Properties)
	}
	b, err := f.MarshalJSON()
	if err != nil || !strings.Contains(string(b), `"MultiPolygon"`) {
		t.Errorf("MarshalJSON = %.80s, %v", b, err)
	}
	bare := &Region{Code: "XX", Label: orb.Point{1, 2}}
	if _, ok := bare.Feature().Geometry.(orb.Point); !ok {
		t.Error("a region without outline is not drawn at its label point")
	}
}
