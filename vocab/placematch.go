package vocab

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// MatchMethod says how a place was found.
type MatchMethod string

// Match methods, from the most to the least reliable.
const (
	MethodGazetteer      MatchMethod = "gazetteer"        // a city of data/cities.csv
	MethodPointInPolygon MatchMethod = "point-in-polygon" // coordinates inside a region outline
	MethodNUTSName       MatchMethod = "nuts-name"        // the official name of a NUTS region
	MethodCountry        MatchMethod = "country"          // a country name or code
	MethodNearestOutline MatchMethod = "nearest-outline"  // coordinates near a region outline
	MethodNearestLabel   MatchMethod = "nearest-label"    // coordinates near a region label point
)

// PlaceMatch is a place found in text or at coordinates.
type PlaceMatch struct {
	Text       string  // the piece of the input this match is for, as written ("" for coordinates)
	Name       string  // the canonical name: the city, the region, or the country in English
	RegionCode string  // the most specific NUTS code known (a country's code at level 0)
	Level      int     // the NUTS level of RegionCode
	Country    Country // the country
	// Lat and Lon are the city's coordinates, the input coordinates, or
	// the region's label point; HasPoint says whether they are set.
	Lat, Lon float64
	HasPoint bool
	City     bool // the text names a city rather than a region or country
	Method   MatchMethod
	// Confidence is between 0 and 1: 0.95 for a unique gazetteer city, less
	// for official region names, ambiguous names and distant points.
	Confidence float64
	// Alternatives lists the codes of other regions the text could name,
	// when it is ambiguous ("Limburg" is in the Netherlands and Belgium).
	Alternatives []string
}

// Region returns the NUTS IRI of RegionCode.
func (m PlaceMatch) Region() rdf.Term { return NUTSRegion(m.RegionCode) }

// PlaceResult is what a PlaceMatcher found in a text.
type PlaceResult struct {
	Places []PlaceMatch
	// Unmatched holds the list items in which no place was found, as
	// written, so that the harvester can keep them as literals.
	Unmatched []string
}

// PlaceMatcher finds cities, NUTS regions and countries in place text such
// as "Berlin", "Cluj-Napoca", "Veliko Tarnovo; Vratsa", "München" or
// "Brussels/Bruxelles". It compares whole names, folded like Fold and with
// words such as "Kreisfreie Stadt", "City of" or "Arr." stripped, so it never
// finds "Berlin" in "Berliner Straße". A PlaceMatcher is safe for concurrent
// use.
type PlaceMatcher struct {
	regions *Regions
	byName  map[string][]regionName // folded NUTS names of levels 1–3
}

type regionName struct {
	r         *Region
	kind      nameKind
	qualified bool
}

// NewPlaceMatcher returns a matcher over the bundled gazetteer and
// countries and, when regions is not nil, the official names of the NUTS
// regions. Without regions it still finds the gazetteer's cities (with their
// NUTS 3 codes) and countries.
func NewPlaceMatcher(regions *Regions) *PlaceMatcher {
	m := &PlaceMatcher{regions: regions, byName: map[string][]regionName{}}
	if regions == nil {
		return m
	}
	for _, r := range regions.list {
		if r.Level == 0 {
			continue // countries are matched by MatchCountry
		}
		names := []string{r.Name}
		if r.NativeName != r.Name {
			names = append(names, r.NativeName)
		}
		for _, n := range names {
			for _, k := range nameKeys(n, bundled.noise) {
				if !slices.ContainsFunc(m.byName[k.text], func(x regionName) bool { return x.r == r }) {
					m.byName[k.text] = append(m.byName[k.text], regionName{r, k.kind, k.qualified})
				}
			}
		}
	}
	return m
}

// Regions returns the regions the matcher uses, or nil.
func (m *PlaceMatcher) Regions() *Regions { return m.regions }

// Match finds the places in text, a list of places separated by ';', '|' or
// new lines. countryHint names the country or countries the places lie in
// ("DE", "Germany", "EL;PL;RO"; "" for none): it chooses between places of
// the same name and rules out places elsewhere. A hint that names no NUTS
// country ("US") lowers the confidence of every match instead.
//
// A list item that is not a place as a whole is split at commas, slashes and
// brackets, so "Berlin, Germany" and "Munich (Bavaria)" find their city; a
// country among the pieces serves as a hint for the others.
func (m *PlaceMatcher) Match(text, countryHint string) PlaceResult {
	hints, unknown := ParseCountries(countryHint)
	penalty := 1.0
	if len(hints) == 0 && len(unknown) > 0 {
		penalty = 0.6
	}
	var res PlaceResult
	for _, item := range splitItems(truncateText(text, maxMatchInput)) {
		found := m.matchItem(item, hints)
		if len(found) == 0 {
			res.Unmatched = append(res.Unmatched, item)
			continue
		}
		for _, f := range found {
			f.Confidence = roundConfidence(f.Confidence * penalty)
			res.Places = append(res.Places, f)
		}
	}
	res.Places = dedupePlaces(res.Places)
	return res
}

// matchItem matches one list item as a whole, else piece by piece.
func (m *PlaceMatcher) matchItem(item string, hints []Country) []PlaceMatch {
	if p, ok := m.matchName(item, hints); ok {
		return []PlaceMatch{p}
	}
	pieces := strings.FieldsFunc(item, isSoftSeparator)
	if len(pieces) < 2 {
		return nil
	}
	// Countries among the pieces narrow down the others.
	local := slices.Clone(hints)
	var countries []PlaceMatch
	var rest []string
	for _, p := range pieces {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if c, ok := MatchCountry(p); ok {
			local = append(local, c)
			countries = append(countries, m.countryMatch(p, c))
			continue
		}
		rest = append(rest, p)
	}
	if len(hints) > 0 && len(local) > len(hints) {
		// The item names its own country: it overrides the hint.
		local = local[len(hints):]
	}
	var out []PlaceMatch
	for _, p := range rest {
		if pm, ok := m.matchName(p, local); ok {
			out = append(out, pm)
		}
	}
	if len(out) == 0 {
		return countries
	}
	return out
}

// matchName matches a whole name: a gazetteer city, a NUTS region name or a
// country. Noise words in the input steer the choice: "Landkreis München"
// is the district, not the city.
func (m *PlaceMatcher) matchName(text string, hints []Country) (PlaceMatch, bool) {
	text = strings.TrimSpace(text)
	keys := inputKeys(text)
	if len(keys) == 0 {
		return PlaceMatch{}, false
	}
	inHints := func(country string) bool {
		return len(hints) == 0 || slices.ContainsFunc(hints, func(c Country) bool { return c.NUTS == country })
	}

	// 1. The gazetteer.
	var cities []City
	for _, k := range keys {
		if k.kind == kindDistrict {
			continue // "Landkreis München" is not the city
		}
		for _, c := range bundled.gazetteer.lookup(k.text) {
			if inHints(c.Country) && !slices.ContainsFunc(cities, func(x City) bool { return x.NUTS3 == c.NUTS3 && x.Name == c.Name }) {
				cities = append(cities, c)
			}
		}
	}
	if len(cities) > 0 {
		c := cities[0]
		country, _ := CountryByCode(c.Country)
		pm := PlaceMatch{
			Text: text, Name: c.Name, RegionCode: c.NUTS3, Level: 3, Country: country,
			Lat: c.Lat, Lon: c.Lon, HasPoint: true, City: true,
			Method: MethodGazetteer, Confidence: 0.95,
		}
		for _, o := range cities[1:] {
			pm.Alternatives = append(pm.Alternatives, o.NUTS3)
		}
		if len(pm.Alternatives) > 0 {
			pm.Confidence = 0.6
		}
		return pm, true
	}

	// 2. Official NUTS names.
	if pm, ok := m.matchRegionName(text, keys, inHints); ok {
		return pm, true
	}

	// 3. Countries.
	if c, ok := MatchCountry(text); ok {
		return m.countryMatch(text, c), true
	}
	return PlaceMatch{}, false
}

// matchRegionName picks among the regions whose official name is one of
// keys: deeper regions before their ancestors ("Berlin" is DE3, DE30 and
// DE300), cities before plain names before districts ("München,
// Kreisfreie Stadt" before "München, Landkreis").
func (m *PlaceMatcher) matchRegionName(text string, keys []inputKey, inHints func(string) bool) (PlaceMatch, bool) {
	want := kindPlain // what the input's noise words asked for
	for _, k := range keys {
		want = strongerKind(want, k.kind)
	}
	var cands []regionName
	for _, k := range keys {
		for _, rn := range m.byName[k.text] {
			if inHints(rn.r.Country) && !slices.ContainsFunc(cands, func(x regionName) bool { return x.r == rn.r }) {
				cands = append(cands, rn)
			}
		}
	}
	if len(cands) == 0 {
		return PlaceMatch{}, false
	}
	// Drop the ancestors of other candidates.
	cands = slices.DeleteFunc(slices.Clone(cands), func(a regionName) bool {
		return slices.ContainsFunc(cands, func(b regionName) bool {
			return b.r != a.r && strings.HasPrefix(b.r.Code, a.r.Code)
		})
	})
	slices.SortStableFunc(cands, func(a, b regionName) int {
		if want != kindPlain && (a.kind == want) != (b.kind == want) {
			if a.kind == want {
				return -1
			}
			return 1
		}
		if a.kind != b.kind {
			return int(b.kind) - int(a.kind)
		}
		if a.r.Level != b.r.Level {
			return b.r.Level - a.r.Level
		}
		return strings.Compare(a.r.Code, b.r.Code)
	})
	best := cands[0]
	country, _ := CountryByCode(best.r.Country)
	pm := PlaceMatch{
		Text: text, Name: best.r.Name, RegionCode: best.r.Code, Level: best.r.Level, Country: country,
		Lat: best.r.Lat(), Lon: best.r.Lon(), HasPoint: true, City: best.kind == kindCity,
		Method: MethodNUTSName, Confidence: 0.7 + 0.05*float64(best.r.Level),
	}
	if best.kind == kindCity {
		pm.Confidence += 0.05
	}
	otherCountry := false
	for _, o := range cands[1:] {
		pm.Alternatives = append(pm.Alternatives, o.r.Code)
		otherCountry = otherCountry || o.r.Country != best.r.Country
		if o.kind == best.kind {
			pm.Confidence -= 0.1
		}
	}
	if otherCountry {
		pm.Confidence -= 0.2
	}
	pm.Confidence = max(roundConfidence(pm.Confidence), 0.3)
	return pm, true
}

func (m *PlaceMatcher) countryMatch(text string, c Country) PlaceMatch {
	pm := PlaceMatch{
		Text: strings.TrimSpace(text), Name: c.Name("en"), RegionCode: c.NUTS, Level: 0, Country: c,
		Method: MethodCountry, Confidence: 0.9,
	}
	if m.regions != nil {
		if r, ok := m.regions.Region(c.NUTS); ok {
			pm.Lat, pm.Lon, pm.HasPoint = r.Lat(), r.Lon(), true
		}
	}
	return pm
}

// inputKey is one folded spelling of a place name as typed, with what its
// noise words said ("Landkreis München" is a district).
type inputKey struct {
	text string
	kind nameKind
}

// inputKeys returns the folded spellings of a place name as typed: both
// umlaut spellings, without postcodes, with and without noise words ("City
// of", "Stadt", "Landkreis").
func inputKeys(text string) []inputKey {
	var keys []inputKey
	for _, simple := range []bool{false, true} {
		toks := tokenTexts(text, simple)
		toks = slices.DeleteFunc(toks, isNumber)
		if len(toks) == 0 || len(toks) > 12 {
			continue
		}
		stripped, kind := bundled.noise.strip(toks)
		for _, k := range []inputKey{{strings.Join(toks, " "), kindPlain}, {strings.Join(stripped, " "), kind}} {
			if k.text != "" && !slices.ContainsFunc(keys, func(x inputKey) bool { return x.text == k.text }) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// splitItems splits place text into list items.
func splitItems(text string) []string {
	var out []string
	for _, it := range strings.FieldsFunc(text, isHardSeparator) {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// dedupePlaces keeps one match per region, and drops a match whose region
// contains another match's region ("Munich; Germany" is Munich).
func dedupePlaces(ps []PlaceMatch) []PlaceMatch {
	var out []PlaceMatch
	for _, p := range ps {
		i := slices.IndexFunc(out, func(o PlaceMatch) bool { return o.RegionCode == p.RegionCode })
		if i >= 0 {
			if p.Confidence > out[i].Confidence {
				out[i] = p
			}
			continue
		}
		out = append(out, p)
	}
	all := slices.Clone(out)
	return slices.DeleteFunc(out, func(a PlaceMatch) bool {
		return slices.ContainsFunc(all, func(b PlaceMatch) bool {
			return b.RegionCode != a.RegionCode && strings.HasPrefix(b.RegionCode, a.RegionCode)
		})
	})
}

func roundConfidence(c float64) float64 { return float64(int(c*100+0.5)) / 100 }
