package vocab

import (
	"slices"
	"testing"
)

type placeCase struct {
	text, hint string
	want       []string // region codes, in order
	method     MatchMethod
	unmatched  []string
}

func runPlaceCases(t *testing.T, m *PlaceMatcher, cases []placeCase) {
	t.Helper()
	for _, tt := range cases {
		r := m.Match(tt.text, tt.hint)
		var got []string
		for _, p := range r.Places {
			got = append(got, p.RegionCode)
			if tt.method != "" && p.Method != tt.method {
				t.Errorf("Match(%q, %q): %s found by %s, want %s", tt.text, tt.hint, p.RegionCode, p.Method, tt.method)
			}
			if p.Confidence <= 0 || p.Confidence > 1 || p.Country.NUTS != p.RegionCode[:2] || p.Level != len(p.RegionCode)-2 {
				t.Errorf("Match(%q, %q): inconsistent %+v", tt.text, tt.hint, p)
			}
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(r.Unmatched, tt.unmatched) {
			t.Errorf("Match(%q, %q) = %v, unmatched %q; want %v, unmatched %q", tt.text, tt.hint, got, r.Unmatched, tt.want, tt.unmatched)
		}
	}
}

// Cities and countries are found without the geodata.
func TestPlaceMatcherWithoutGeodata(t *testing.T) {
	m := NewPlaceMatcher(nil)
	if m.Regions() != nil {
		t.Error("Regions() is not nil")
	}
	runPlaceCases(t, m, []placeCase{
		{"Berlin", "DE", []string{"DE300"}, MethodGazetteer, nil},
		{"Cluj-Napoca", "RO", []string{"RO113"}, MethodGazetteer, nil},
		{"Veliko Tarnovo; Vratsa", "BG", []string{"BG321", "BG313"}, MethodGazetteer, nil},
		{"Veliko Tarnovo;Vratsa;Haskovo;Shumen", "BG", []string{"BG321", "BG313", "BG422", "BG333"}, MethodGazetteer, nil},
		{"Велико Търново", "", []string{"BG321"}, MethodGazetteer, nil},
		{"Eindhoven", "", []string{"NL414"}, MethodGazetteer, nil},
		{"München", "", []string{"DE212"}, MethodGazetteer, nil},
		{"Munich", "DE", []string{"DE212"}, MethodGazetteer, nil},
		{"Muenchen", "", []string{"DE212"}, MethodGazetteer, nil},
		{"Munchen", "", []string{"DE212"}, MethodGazetteer, nil},
		{"Brussels/Bruxelles", "", []string{"BE100"}, MethodGazetteer, nil},
		{"Bruxelles", "BE", []string{"BE100"}, MethodGazetteer, nil},
		{"Ventspils;Valmiera", "LV", []string{"LV003", "LV008"}, MethodGazetteer, nil},
		{"Berlin, Germany", "", []string{"DE300"}, MethodGazetteer, nil},
		{"10115 Berlin", "", []string{"DE300"}, MethodGazetteer, nil},
		{"Stadt Berlin", "", []string{"DE300"}, MethodGazetteer, nil},
		{"City of Eindhoven", "", []string{"NL414"}, MethodGazetteer, nil},
		{"Cluj-Napoca Municipality", "", []string{"RO113"}, MethodGazetteer, nil},
		{"Nacka kommun", "SE", []string{"SE110"}, MethodGazetteer, nil},
		{"Frankfurt", "", []string{"DE712"}, MethodGazetteer, nil},
		{"Athens", "Greece", []string{"EL303"}, MethodGazetteer, nil},
		{"Germany", "", []string{"DE"}, MethodCountry, nil},
		{"Deutschland", "", []string{"DE"}, MethodCountry, nil},
		{"EL;PL", "", []string{"EL", "PL"}, MethodCountry, nil},
		{"Munich; Germany", "", []string{"DE212"}, MethodGazetteer, nil}, // the country adds nothing
		// Negative cases.
		{"Georgia", "", nil, "", []string{"Georgia"}},
		{"Tbilisi, Georgia", "", nil, "", []string{"Tbilisi, Georgia"}},
		{"Berliner Straße 5", "", nil, "", []string{"Berliner Straße 5"}},
		{"Berlin", "FR", nil, "", []string{"Berlin"}}, // the hint rules it out
		{"Springfield", "", nil, "", []string{"Springfield"}},
		{"", "", nil, "", nil},
	})
}

func TestPlaceMatcherHints(t *testing.T) {
	m := NewPlaceMatcher(nil)
	r := m.Match("Paris", "US")
	if len(r.Places) != 1 || r.Places[0].Confidence >= 0.95*0.7 {
		t.Errorf("a hint outside NUTS should lower the confidence: %+v", r.Places)
	}
	r = m.Match("Berlin, Germany", "FR")
	if len(r.Places) != 1 || r.Places[0].RegionCode != "DE300" {
		t.Errorf("a country in the text overrides the hint: %+v", r)
	}
	p := m.Match("Vratsa", "BG").Places[0]
	if p.Name != "Vratsa" || !p.City || !p.HasPoint || p.Lat < 43 || p.Lat > 43.5 || p.Confidence != 0.95 {
		t.Errorf("Vratsa = %+v", p)
	}
	if p.Region().Value != "http://data.europa.eu/nuts/code/BG313" {
		t.Errorf("Region() = %v", p.Region())
	}
	c := m.Match("Germany", "").Places[0]
	if c.HasPoint {
		t.Errorf("a country without geodata has no point: %+v", c)
	}
}

func TestPlaceMatcherWithRegions(t *testing.T) {
	rs := testRegions(t)
	m := NewPlaceMatcher(rs)
	runPlaceCases(t, m, []placeCase{
		// Official NUTS names, normalised.
		{"Oberbayern", "", []string{"DE21"}, MethodNUTSName, nil},
		{"Thüringen", "", []string{"DEG0"}, MethodNUTSName, nil}, // DEG and DEG0: the deeper wins
		{"Gütersloh", "", []string{"DEA42"}, MethodNUTSName, nil},
		{"Kreis Gütersloh", "", []string{"DEA42"}, MethodNUTSName, nil},
		{"Landkreis München", "", []string{"DE21H"}, MethodNUTSName, nil},
		{"Frankfurt (Oder)", "", []string{"DE403"}, MethodNUTSName, nil},
		{"Halle (Saale)", "", []string{"DEE02"}, MethodGazetteer, nil},
		{"Region Hannover", "", []string{"DE929"}, "", nil},
		{"Arr. Leuven", "", []string{"BE242"}, MethodNUTSName, nil},
		{"Skåne", "", []string{"SE224"}, MethodNUTSName, nil},
		{"Skane", "", []string{"SE224"}, MethodNUTSName, nil},
		{"Kurzeme", "LV", []string{"LV003"}, MethodNUTSName, nil},
		{"Hlavní město Praha", "", []string{"CZ010"}, "", nil},
		{"Stara Zagora", "", []string{"BG344"}, MethodGazetteer, nil},
		{"Gabrovo", "", []string{"BG322"}, MethodNUTSName, nil},
		{"Габрово", "", []string{"BG322"}, MethodNUTSName, nil},
		{"Limburg", "BE", []string{"BE22"}, MethodNUTSName, nil},
		{"Limburg", "NL", []string{"NL42"}, MethodNUTSName, nil},
		{"Germany", "", []string{"DE"}, MethodCountry, nil},
		{"Georgia", "", nil, "", []string{"Georgia"}},
		{"Berliner Umland", "", nil, "", []string{"Berliner Umland"}},
	})
	// Ambiguous names say so.
	p := m.Match("Limburg", "").Places
	if len(p) != 1 || len(p[0].Alternatives) == 0 || p[0].Confidence > 0.7 {
		t.Errorf("Limburg without a hint should be ambiguous: %+v", p)
	}
	c := m.Match("Deutschland", "").Places[0]
	if !c.HasPoint {
		t.Errorf("a country with geodata has its label point: %+v", c)
	}
}

func BenchmarkPlaceMatch(b *testing.B) {
	m := NewPlaceMatcher(nil)
	for b.Loop() {
		m.Match("Veliko Tarnovo; Vratsa; Haskovo; Shumen", "BG")
	}
}
