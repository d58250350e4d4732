package vocab

import (
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestCountries(t *testing.T) {
	cs := Countries()
	if len(cs) != 37 {
		t.Fatalf("%d countries, want 37", len(cs))
	}
	if !slices.IsSortedFunc(cs, func(a, b Country) int { return strings.Compare(a.NUTS, b.NUTS) }) {
		t.Error("Countries() is not ordered by NUTS code")
	}
	tests := []struct {
		code, nuts, iso2, iso3, en string
	}{
		{"EL", "EL", "GR", "GRC", "Greece"},
		{"gr", "EL", "GR", "GRC", "Greece"},
		{"GRC", "EL", "GR", "GRC", "Greece"},
		{"UK", "UK", "GB", "GBR", "United Kingdom"},
		{"GB", "UK", "GB", "GBR", "United Kingdom"},
		{" de ", "DE", "DE", "DEU", "Germany"},
		{"TR", "TR", "TR", "TUR", "Türkiye"},
	}
	for _, tt := range tests {
		c, ok := CountryByCode(tt.code)
		if !ok || c.NUTS != tt.nuts || c.ISO2 != tt.iso2 || c.ISO3 != tt.iso3 || c.Name("en") != tt.en {
			t.Errorf("CountryByCode(%q) = %+v, %v", tt.code, c, ok)
		}
		if c.IRI().Value != CountryAuthorityBase+tt.iso3 {
			t.Errorf("%s IRI = %v", tt.code, c.IRI())
		}
		if got, ok := CountryByIRI(c.IRI()); !ok || got.NUTS != c.NUTS {
			t.Errorf("CountryByIRI(%v) = %v, %v", c.IRI(), got.NUTS, ok)
		}
	}
	for _, bad := range []string{"", "XX", "US", "GEO", "D"} {
		if c, ok := CountryByCode(bad); ok {
			t.Errorf("CountryByCode(%q) = %s", bad, c.NUTS)
		}
	}
	be, _ := CountryByCode("BE")
	if got := be.NativeNames(); !slices.Equal(got, []string{"België", "Belgique", "Belgien"}) {
		t.Errorf("Belgium native names = %v", got)
	}
	if got := be.Name("native"); got != "België / Belgique / Belgien" {
		t.Errorf(`Name("native") = %q`, got)
	}
	if got := be.Name("de"); got != "Belgien" {
		t.Errorf(`Name("de") = %q`, got)
	}
	if got := be.Region(); got != NUTSRegion("BE") {
		t.Errorf("Region() = %v", got)
	}
}

func TestMatchCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Germany", "DE"},
		{"Deutschland", "DE"},
		{"deutschland", "DE"},
		{"Allemagne", "DE"},
		{"Österreich", "AT"},
		{"Oesterreich", "AT"},
		{"Osterreich", "AT"},
		{"Ελλάδα", "EL"},
		{"Greece", "EL"},
		{"Hellas", "EL"},
		{"GR", "EL"},
		{"The Netherlands", "NL"},
		{"Nederland", "NL"},
		{"Czech Republic", "CZ"},
		{"Česko", "CZ"},
		{"România", "RO"},
		{"Romania", "RO"},
		{"Suomi", "FI"},
		{"Sverige", "SE"},
		{"Polska", "PL"},
		{"Magyarország", "HU"},
		{"Turkey", "TR"},
		{"United Kingdom", "UK"},
		{"Great Britain", "UK"},
		{"Luxembourg", "LU"},
		{"Georgia", ""},   // not a NUTS country
		{"Macedonia", ""}, // North Macedonia and Greek regions
		{"North Macedonia", "MK"},
		{"Deutschland GmbH", ""},
		{"Berlin", ""},
		{"it", "IT"}, // a whole field that is a code
		{"", ""},
	}
	for _, tt := range tests {
		c, ok := MatchCountry(tt.in)
		if ok != (tt.want != "") || c.NUTS != tt.want {
			t.Errorf("MatchCountry(%q) = %q, %v; want %q", tt.in, c.NUTS, ok, tt.want)
		}
	}
}

func TestParseCountries(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		unknown []string
	}{
		{"EL;PL;RO", []string{"EL", "PL", "RO"}, nil},
		{"Germany, Austria", []string{"DE", "AT"}, nil},
		{"DE / DEU / Deutschland", []string{"DE"}, nil},
		{"FR|Georgia", []string{"FR"}, []string{"Georgia"}},
		{"", nil, nil},
		{" ; ", nil, nil},
	}
	for _, tt := range tests {
		cs, unknown := ParseCountries(tt.in)
		var got []string
		for _, c := range cs {
			got = append(got, c.NUTS)
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(unknown, tt.unknown) {
			t.Errorf("ParseCountries(%q) = %v, %v; want %v, %v", tt.in, got, unknown, tt.want, tt.unknown)
		}
	}
}

func TestCountryByIRIRejectsOthers(t *testing.T) {
	for _, bad := range []rdf.Term{rdf.IRI(CountryAuthorityBase + "USA"), rdf.String(CountryAuthorityBase + "DEU"), {}} {
		if c, ok := CountryByIRI(bad); ok {
			t.Errorf("CountryByIRI(%v) = %s", bad, c.NUTS)
		}
	}
}
