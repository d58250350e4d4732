package vocab

import (
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Country is one of the 37 countries that NUTS 2021 covers.
type Country struct {
	NUTS      string // NUTS code: note EL for Greece and UK for the United Kingdom
	ISO2      string // ISO 3166-1 alpha-2 (GR, GB)
	ISO3      string // ISO 3166-1 alpha-3
	Authority string // IRI in the EU country authority table

	names  map[string]string // by language: en, de
	native []string          // names in the national language(s)
	alt    []string          // further names from country-names.csv
}

// IRI returns the country's EU authority IRI, which practices link to.
func (c Country) IRI() rdf.Term { return rdf.IRI(c.Authority) }

// Region returns the IRI of the country's NUTS level 0 region.
func (c Country) Region() rdf.Term { return NUTSRegion(c.NUTS) }

// IsZero reports whether c is the zero Country (no country).
func (c Country) IsZero() bool { return c.NUTS == "" }

// Name returns the country's name in the first of langs that has one, else
// in English. The language "native" asks for the national name (for
// countries with several national languages, all of them joined by " / ").
func (c Country) Name(langs ...string) string {
	for _, l := range langs {
		if strings.EqualFold(l, "native") && len(c.native) > 0 {
			return strings.Join(c.native, " / ")
		}
	}
	return pickLabel(c.names, langs)
}

// NativeNames returns the names in the national language(s).
func (c Country) NativeNames() []string { return slices.Clone(c.native) }

// countryTable indexes the bundled countries.
type countryTable struct {
	list   []Country
	byCode map[string]int // NUTS, ISO2 and ISO3 codes, upper case
	byIRI  map[string]int
	byName map[string]int // folded names in both umlaut spellings
}

// Countries returns the 37 NUTS countries, ordered by NUTS code.
func Countries() []Country { return slices.Clone(bundled.countries.list) }

// CountryByCode returns the country with a NUTS, ISO 3166-1 alpha-2 or
// alpha-3 code, in any case: "EL", "GR", "grc" all give Greece.
func CountryByCode(code string) (Country, bool) {
	i, ok := bundled.countries.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return bundled.countries.list[i], true
}

// CountryByIRI returns the country with an EU authority IRI.
func CountryByIRI(t rdf.Term) (Country, bool) {
	if !t.IsIRI() {
		return Country{}, false
	}
	i, ok := bundled.countries.byIRI[t.Value]
	if !ok {
		return Country{}, false
	}
	return bundled.countries.list[i], true
}

// MatchCountry returns the country that a field's whole text names: a code
// (see CountryByCode), or a name in English, German, French or the national
// language, in any case and with or without accents ("Deutschland",
// "Österreich", "Oesterreich", "Ελλάδα", "The Netherlands"). Text that only
// contains a country name among other words does not match: "Georgia" (not a
// NUTS country) and "Macedonia" (a country and Greek regions) do not either.
func MatchCountry(text string) (Country, bool) {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > 200 {
		return Country{}, false
	}
	if len(text) <= 3 {
		if c, ok := CountryByCode(text); ok {
			return c, true
		}
	}
	t := bundled.countries
	for _, simple := range []bool{false, true} {
		if i, ok := t.byName[strings.Join(tokenTexts(text, simple), " ")]; ok {
			return t.list[i], true
		}
	}
	return Country{}, false
}

// ParseCountries returns the countries of a list such as "EL;PL;RO" or
// "Germany, Austria" (separated by ';', ',', '/' or '|'), without
// duplicates, and the items that name no country.
func ParseCountries(text string) (countries []Country, unknown []string) {
	for _, item := range strings.FieldsFunc(truncateText(text, maxMatchInput), func(r rune) bool {
		return r == ';' || r == ',' || r == '/' || r == '|' || r == '\n'
	}) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		c, ok := MatchCountry(item)
		if !ok {
			unknown = append(unknown, item)
			continue
		}
		if !slices.ContainsFunc(countries, func(x Country) bool { return x.NUTS == c.NUTS }) {
			countries = append(countries, c)
		}
	}
	return countries, unknown
}

// loadCountries reads countries.csv and country-names.csv.
func loadCountries() (*countryTable, error) {
	rows, _, err := readTable("countries.csv",
		"nuts_code", "iso_alpha2", "iso_alpha3", "eu_authority_country", "name_en", "name_de", "name_native")
	if err != nil {
		return nil, err
	}
	t := &countryTable{byCode: map[string]int{}, byIRI: map[string]int{}, byName: map[string]int{}}
	for _, r := range rows {
		c := Country{
			NUTS:      r.get("nuts_code"),
			ISO2:      r.get("iso_alpha2"),
			ISO3:      r.get("iso_alpha3"),
			Authority: r.get("eu_authority_country"),
			names:     map[string]string{"en": r.get("name_en"), "de": r.get("name_de")},
		}
		for _, n := range strings.Split(r.get("name_native"), " / ") {
			if n = strings.TrimSpace(n); n != "" {
				c.native = append(c.native, n)
			}
		}
		if !validNUTSCode(c.NUTS) || len(c.NUTS) != 2 || len(c.ISO2) != 2 || len(c.ISO3) != 3 ||
			c.Authority != CountryAuthorityBase+c.ISO3 || c.names["en"] == "" {
			return nil, r.errorf("bad country row")
		}
		t.list = append(t.list, c)
	}
	slices.SortFunc(t.list, func(a, b Country) int { return strings.Compare(a.NUTS, b.NUTS) })

	alt, _, err := readTable("country-names.csv", "nuts_code", "lang", "name")
	if err != nil {
		return nil, err
	}
	for _, r := range alt {
		i := slices.IndexFunc(t.list, func(c Country) bool { return c.NUTS == r.get("nuts_code") })
		if i < 0 {
			return nil, r.errorf("unknown country %q", r.get("nuts_code"))
		}
		t.list[i].alt = append(t.list[i].alt, r.get("name"))
	}

	for i, c := range t.list {
		for _, code := range []string{c.NUTS, c.ISO2, c.ISO3} {
			if j, dup := t.byCode[code]; dup && j != i {
				return nil, fmt.Errorf("vocab data countries.csv: code %s names two countries", code)
			}
			t.byCode[code] = i
		}
		t.byIRI[c.Authority] = i
		names := append([]string{c.names["en"], c.names["de"]}, c.native...)
		names = append(names, c.alt...)
		for _, n := range names {
			for _, simple := range []bool{false, true} {
				key := strings.Join(tokenTexts(n, simple), " ")
				if key == "" {
					continue
				}
				if j, dup := t.byName[key]; dup && j != i {
					return nil, fmt.Errorf("vocab data: country name %q names %s and %s", n, t.list[j].NUTS, c.NUTS)
				}
				t.byName[key] = i
			}
		}
	}
	return t, nil
}
