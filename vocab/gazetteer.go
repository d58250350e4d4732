package vocab

import (
	"slices"
	"strconv"
	"strings"
)

// City is an entry of the bundled gazetteer (data/cities.csv): the largest
// cities of the NUTS countries and every city of the demo practices, with
// their NUTS 3 region and coordinates.
type City struct {
	Name     string   // the name in the national language
	AltNames []string // exonyms and other spellings (Munich, München, Monaco di Baviera)
	Country  string   // NUTS country code
	NUTS3    string   // the NUTS 2021 level 3 region the city centre lies in
	Lat, Lon float64  // WGS84 coordinates of the city centre
}

// Cities returns the gazetteer in table order.
func Cities() []City {
	out := make([]City, len(bundled.gazetteer.cities))
	for i, c := range bundled.gazetteer.cities {
		out[i] = c
		out[i].AltNames = slices.Clone(c.AltNames)
	}
	return out
}

// gazetteer indexes the cities by every folded spelling of their names.
type gazetteer struct {
	cities []City
	byName map[string][]int
}

func loadGazetteer(countries *countryTable, noise *placeNoise) (*gazetteer, error) {
	rows, _, err := readTable("cities.csv", "city", "alt_names", "country", "nuts3", "lat", "lon")
	if err != nil {
		return nil, err
	}
	g := &gazetteer{byName: map[string][]int{}}
	for _, r := range rows {
		c := City{Name: r.get("city"), AltNames: r.list("alt_names"), Country: r.get("country"), NUTS3: r.get("nuts3")}
		if c.Lat, err = strconv.ParseFloat(r.get("lat"), 64); err != nil || c.Lat < -90 || c.Lat > 90 {
			return nil, r.errorf("bad latitude %q", r.get("lat"))
		}
		if c.Lon, err = strconv.ParseFloat(r.get("lon"), 64); err != nil || c.Lon < -180 || c.Lon > 180 {
			return nil, r.errorf("bad longitude %q", r.get("lon"))
		}
		if _, ok := countries.byCode[c.Country]; !ok || len(c.Country) != 2 {
			return nil, r.errorf("unknown country %q", c.Country)
		}
		if len(c.NUTS3) != 5 || !validNUTSCode(c.NUTS3) || c.NUTS3[:2] != c.Country {
			return nil, r.errorf("NUTS 3 code %q does not fit country %s", c.NUTS3, c.Country)
		}
		i := len(g.cities)
		g.cities = append(g.cities, c)
		for _, name := range append([]string{c.Name}, c.AltNames...) {
			for _, key := range nameKeys(name, noise) {
				if !slices.Contains(g.byName[key.text], i) {
					g.byName[key.text] = append(g.byName[key.text], i)
				}
			}
		}
	}
	return g, nil
}

// lookup returns the cities named key (a folded name).
func (g *gazetteer) lookup(key string) []City {
	var out []City
	for _, i := range g.byName[key] {
		out = append(out, g.cities[i])
	}
	return out
}

// nameKind says what the words around a place name tell about it.
type nameKind int8

const (
	kindPlain    nameKind = 0
	kindCity     nameKind = 1  // "Kreisfreie Stadt", "Miasto", "City of"
	kindDistrict nameKind = -1 // "Landkreis", "Arr.", "Region"
)

// nameKey is one folded spelling of a place name.
type nameKey struct {
	text string
	kind nameKind
	// qualified is set for keys that keep a parenthesised qualifier:
	// "frankfurt oder" is a better match than "frankfurt".
	qualified bool
}

// placeNoise holds the words that surround place names in official names
// and in free text ("Kreisfreie Stadt", "City of", "Arr."): they are
// stripped before names are compared, and say whether a name is a city.
type placeNoise struct {
	phrases [][]string // folded, longest first
	kinds   []nameKind
}

func loadPlaceNoise() (*placeNoise, error) {
	rows, _, err := readTable("place-noise.csv", "phrase", "lang", "kind")
	if err != nil {
		return nil, err
	}
	type entry struct {
		toks []string
		kind nameKind
	}
	var es []entry
	for _, r := range rows {
		var k nameKind
		switch r.get("kind") {
		case "city":
			k = kindCity
		case "district":
			k = kindDistrict
		case "generic":
			k = kindPlain
		default:
			return nil, r.errorf("unknown kind %q (want city, district or generic)", r.get("kind"))
		}
		for _, simple := range []bool{false, true} {
			toks := tokenTexts(r.get("phrase"), simple)
			if len(toks) == 0 {
				return nil, r.errorf("empty phrase")
			}
			es = append(es, entry{toks, k})
		}
	}
	slices.SortStableFunc(es, func(a, b entry) int { return len(b.toks) - len(a.toks) })
	n := &placeNoise{}
	for _, e := range es {
		n.phrases = append(n.phrases, e.toks)
		n.kinds = append(n.kinds, e.kind)
	}
	return n, nil
}

// strip removes noise phrases from both ends of toks and returns the rest
// with the strongest hint it found. It never strips a name to nothing.
func (n *placeNoise) strip(toks []string) ([]string, nameKind) {
	kind := kindPlain
	note := func(k nameKind) { kind = strongerKind(kind, k) }
	for changed := true; changed; {
		changed = false
		for i, p := range n.phrases {
			if len(p) >= len(toks) {
				continue
			}
			if slices.Equal(toks[:len(p)], p) {
				toks = toks[len(p):]
				note(n.kinds[i])
				changed = true
			} else if slices.Equal(toks[len(toks)-len(p):], p) {
				toks = toks[:len(toks)-len(p)]
				note(n.kinds[i])
				changed = true
			}
		}
	}
	return toks, kind
}

// nameKeys returns the folded spellings under which a place name is
// indexed and looked up: with and without the "e" of umlauts, each comma
// part of an official name ("München, Kreisfreie Stadt"), each "/"
// alternative ("Bruxelles-Capitale/Brussel-Hoofdstad"), with parenthesised
// qualifiers kept ("frankfurt oder") and dropped ("frankfurt"), and noise
// words stripped.
func nameKeys(name string, noise *placeNoise) []nameKey {
	var out []nameKey
	add := func(k nameKey) {
		if k.text == "" {
			return
		}
		for i, o := range out {
			if o.text == k.text {
				// Keep the most telling variant of a key.
				if k.kind > o.kind || (k.qualified && !o.qualified) {
					out[i] = k
				}
				return
			}
		}
		out = append(out, k)
	}
	for _, alt := range strings.Split(name, "/") {
		// The parts of "Halle (Saale), Kreisfreie Stadt": the name, then
		// qualifiers that are noise words or parenthesised.
		main, quals := splitQualifiers(alt)
		kind := kindPlain
		var keep []string
		for _, q := range quals {
			if all, k := noise.only(tokenTexts(q, false)); all {
				kind = strongerKind(kind, k)
				continue
			}
			keep = append(keep, q)
		}
		for _, simple := range []bool{false, true} {
			base, k := noise.strip(tokenTexts(main, simple))
			k = strongerKind(kind, k)
			add(nameKey{text: strings.Join(base, " "), kind: k})
			if len(keep) > 0 {
				full := slices.Clone(base)
				for _, q := range keep {
					full = append(full, tokenTexts(q, simple)...)
				}
				add(nameKey{text: strings.Join(full, " "), kind: k, qualified: true})
			}
		}
	}
	return out
}

// splitQualifiers splits "Halle (Saale), Kreisfreie Stadt" into "Halle"
// and ["Saale", "Kreisfreie Stadt"].
func splitQualifiers(s string) (string, []string) {
	var quals []string
	main := s
	if i := strings.IndexByte(main, ','); i >= 0 {
		for _, q := range strings.Split(main[i+1:], ",") {
			if q = strings.TrimSpace(q); q != "" {
				quals = append(quals, q)
			}
		}
		main = main[:i]
	}
	for {
		open := strings.IndexByte(main, '(')
		if open < 0 {
			break
		}
		end := strings.IndexByte(main[open:], ')')
		if end < 0 {
			main = main[:open]
			break
		}
		if q := strings.TrimSpace(main[open+1 : open+end]); q != "" {
			quals = append(quals, q)
		}
		main = main[:open] + " " + main[open+end+1:]
	}
	return strings.TrimSpace(main), quals
}

// only reports whether toks consist of noise phrases only, and the
// strongest hint among them.
func (n *placeNoise) only(toks []string) (bool, nameKind) {
	if len(toks) == 0 {
		return false, kindPlain
	}
	kind := kindPlain
	for len(toks) > 0 {
		found := false
		for i, p := range n.phrases {
			if len(p) <= len(toks) && slices.Equal(toks[:len(p)], p) {
				toks = toks[len(p):]
				kind = strongerKind(kind, n.kinds[i])
				found = true
				break
			}
		}
		if !found {
			return false, kindPlain
		}
	}
	return true, kind
}

// strongerKind combines two hints: a city marker wins over a district
// marker, which wins over none.
func strongerKind(a, b nameKind) nameKind {
	if a == kindCity || b == kindCity {
		return kindCity
	}
	if a == kindDistrict || b == kindDistrict {
		return kindDistrict
	}
	return kindPlain
}

func (k nameKind) String() string {
	switch k {
	case kindCity:
		return "city"
	case kindDistrict:
		return "district"
	}
	return "plain"
}
