package match

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Bounds of a need: Match refuses bigger needs with a *NeedError, so that
// one request costs a bounded amount of work.
const (
	// MaxTextLength is the longest free text, in characters.
	MaxTextLength = 2000
	// MaxValues is the most structured values (places, skills, target
	// groups, types, delivery modes, material languages) together.
	MaxValues = 50
	// MaxLimit is the most results one call returns.
	MaxLimit = 100
	// maxValueLength bounds one structured value (a place name, an id).
	maxValueLength = 300
)

// Need is what a local or regional actor looks for. Concept-valued fields
// hold concept ids of the bundled schemes, as exchange/record does:
// DigComp notations ("1", "4.2") or ESCO skill IRIs, target-group,
// practice-type and delivery-mode ids; full concept IRIs are taken too.
// The JSON names are those of /context.jsonld.
type Need struct {
	// Text is the need in the actor's own words. The vocabulary's
	// matchers find skills, target groups, types, delivery modes and
	// places in it, and it is searched in the practices' texts.
	Text string `json:"text,omitempty"`
	// Language is the language Text is written in (BCP 47, "de"); it
	// chooses the analyser of the full-text search and counts for
	// practices described in that language.
	Language string `json:"language,omitempty"`
	// Places are where the need is: a name ("Leipzig"), a NUTS code, a
	// country, coordinates — any of them; what is missing is completed
	// from the gazetteer and the NUTS regions.
	Places        []record.Place `json:"places,omitempty"`
	TargetGroups  []string       `json:"targetGroups,omitempty"`
	Skills        []string       `json:"skills,omitempty"`
	Types         []string       `json:"practiceTypes,omitempty"`
	DeliveryModes []string       `json:"deliveryModes,omitempty"`
	// MaterialLanguages are the languages the materials should exist in
	// (ISO 639-1 codes).
	MaterialLanguages []string `json:"languages,omitempty"`
}

// values returns the number of structured values.
func (n Need) values() int {
	return len(n.Places) + len(n.TargetGroups) + len(n.Skills) + len(n.Types) + len(n.DeliveryModes) + len(n.MaterialLanguages)
}

// Found is what the vocabulary found in a need's free text.
type Found struct {
	Skills        []string       `json:"skills,omitempty"`
	TargetGroups  []string       `json:"targetGroups,omitempty"`
	Types         []string       `json:"practiceTypes,omitempty"`
	DeliveryModes []string       `json:"deliveryModes,omitempty"`
	Places        []record.Place `json:"places,omitempty"`
}

// Interpretation is a need as the ranking understands it: its structured
// fields checked and completed (concept ids, places with region, country
// and coordinates), and what its text adds.
type Interpretation struct {
	Need     Need  `json:"need"`
	FromText Found `json:"fromText"`
}

// NeedError is a need that cannot be matched: a value that names nothing
// known, or a need beyond the bounds. Its message says what to change.
type NeedError struct {
	// Field is the need's field (its JSON name: "skills", "places",
	// "text", …), "limit" for the number of results, "" for the need as
	// a whole.
	Field string
	// Value is the offending value, if one is to blame.
	Value   string
	Message string
}

func (e *NeedError) Error() string {
	if e.Field == "" {
		return "need: " + e.Message
	}
	return fmt.Sprintf("need: %s: %s", e.Field, e.Message)
}

func needError(field, value, format string, args ...any) *NeedError {
	return &NeedError{Field: field, Value: value, Message: fmt.Sprintf(format, args...)}
}

// ErrEmptyNeed is the error of a need with neither text nor any
// structured value.
var ErrEmptyNeed = &NeedError{Message: "describe the need: give a text or at least one place, skill, target group, practice type, delivery mode or material language"}

var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// NormalizeLanguage returns the primary language subtag of a BCP 47 tag,
// lower case ("de-AT" → "de"); ok is false for a malformed tag.
func NormalizeLanguage(tag string) (string, bool) {
	tag = strings.TrimSpace(tag)
	if !languageTag.MatchString(tag) {
		return "", false
	}
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return primary, true
}

// interpreter turns needs into queries; it is the Index's, shared by all
// generations, and safe for concurrent use.
type interpreter struct {
	iris    vocab.IRIs
	places  *vocab.PlaceMatcher
	regions *vocab.Regions
	tables  *tables
}

// tables are the concept tables of the four schemes a need uses.
type tables struct {
	skills, groups, types, delivery *conceptTable
}

func newTables() *tables {
	return &tables{
		skills:   newConceptTable(vocab.DigComp),
		groups:   newConceptTable(vocab.TargetGroups),
		types:    newConceptTable(vocab.PracticeTypes),
		delivery: newConceptTable(vocab.DeliveryModes),
	}
}

// needPlace is a place of a need, completed.
type needPlace struct {
	name     string
	region   string // NUTS code (a country's code when only the country is known)
	country  string // NUTS country code
	lat, lon float64
	hasPoint bool
}

// query is a need in the form the ranking reads.
type query struct {
	skills, groups, types, delivery conceptSet // what the need asks for
	esco                            []string   // ESCO skill IRIs
	places                          []needPlace
	countries                       []string // NUTS codes of the need's countries
	lang                            string   // language of the text, "" if unknown
	materials                       []string // wanted material languages
	text                            string
	// exclude lists practices that must not be results (Similar: the
	// practice itself and its sameAs twins).
	exclude map[string]bool
}

// hasConcepts reports whether the query asks for any concept.
func (q *query) hasConcepts() bool {
	return !q.skills.empty() || !q.groups.empty() || !q.types.empty() || !q.delivery.empty() || len(q.esco) > 0
}

// interpret checks and completes a need and adds what its text says.
func (in *interpreter) interpret(need Need) (Interpretation, *query, error) {
	if n := utf8.RuneCountInString(need.Text); n > MaxTextLength {
		return Interpretation{}, nil, needError("text", "", "the text has %d characters; at most %d are allowed", n, MaxTextLength)
	}
	if !utf8.ValidString(need.Text) {
		return Interpretation{}, nil, needError("text", "", "the text is not valid UTF-8")
	}
	if n := need.values(); n > MaxValues {
		return Interpretation{}, nil, needError("", "", "the need has %d structured values; at most %d are allowed", n, MaxValues)
	}
	text := strings.TrimSpace(need.Text)
	if text == "" && need.values() == 0 {
		return Interpretation{}, nil, ErrEmptyNeed
	}
	out := Need{Text: text}
	q := &query{
		skills: in.tables.skills.newSet(), groups: in.tables.groups.newSet(),
		types: in.tables.types.newSet(), delivery: in.tables.delivery.newSet(),
		text: text,
	}
	if need.Language != "" {
		l, ok := NormalizeLanguage(need.Language)
		if !ok {
			return Interpretation{}, nil, needError("language", need.Language, "%q is not a language tag (such as de or fr)", need.Language)
		}
		out.Language, q.lang = l, l
	}
	for _, v := range need.MaterialLanguages {
		l, ok := materialLanguage(v)
		if !ok {
			return Interpretation{}, nil, needError("languages", v, "%q is not a known language code (such as de, ar or DEU)", v)
		}
		if !slices.Contains(out.MaterialLanguages, l) {
			out.MaterialLanguages = append(out.MaterialLanguages, l)
		}
	}
	q.materials = out.MaterialLanguages

	var err error
	if out.Skills, err = in.skillIDs(need.Skills, q); err != nil {
		return Interpretation{}, nil, err
	}
	fields := []struct {
		name string
		tab  *conceptTable
		in   []string
		out  *[]string
		set  conceptSet
	}{
		{"targetGroups", in.tables.groups, need.TargetGroups, &out.TargetGroups, q.groups},
		{"practiceTypes", in.tables.types, need.Types, &out.Types, q.types},
		{"deliveryModes", in.tables.delivery, need.DeliveryModes, &out.DeliveryModes, q.delivery},
	}
	for _, f := range fields {
		for _, v := range f.in {
			id, ok := in.conceptID(f.tab, v)
			if !ok {
				return Interpretation{}, nil, needError(f.name, v, "%q is not a concept of %s (use the ids of %s)", truncate(v), f.tab.scheme, in.iris.Scheme(f.tab.scheme).Value)
			}
			if !slices.Contains(*f.out, id) {
				*f.out = append(*f.out, id)
				f.set.add(f.tab.bit[id])
			}
		}
	}

	var hints []string
	for _, p := range need.Places {
		if p.Country != "" {
			hints = append(hints, p.Country)
		}
	}
	for _, p := range need.Places {
		np, rp, err := in.completePlace(p, strings.Join(hints, ";"))
		if err != nil {
			err.Field = "places"
			return Interpretation{}, nil, err
		}
		out.Places = append(out.Places, rp)
		q.places = append(q.places, np)
	}

	found := Found{}
	if text != "" {
		in.fromText(text, strings.Join(hints, ";"), q, &found)
	}
	for _, p := range q.places {
		if p.country != "" && !slices.Contains(q.countries, p.country) {
			q.countries = append(q.countries, p.country)
		}
	}
	return Interpretation{Need: out, FromText: found}, q, nil
}

// skillIDs checks the skills of a need: DigComp ids or IRIs, ESCO IRIs.
func (in *interpreter) skillIDs(vals []string, q *query) ([]string, error) {
	var out []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if esco, ok := vocab.ESCOSkill(v); ok {
			if !slices.Contains(q.esco, esco.Value) {
				q.esco = append(q.esco, esco.Value)
				out = append(out, esco.Value)
			}
			continue
		}
		id, ok := in.conceptID(in.tables.skills, v)
		if !ok {
			return nil, needError("skills", v, "%q is not a DigComp 2.2 competence area or competence (1 … 5, 1.1 … 5.4) nor an ESCO skill IRI", truncate(v))
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
			q.skills.add(in.tables.skills.bit[id])
		}
	}
	return out, nil
}

// conceptID returns the id of a concept of t's scheme given as an id or
// as its IRI.
func (in *interpreter) conceptID(t *conceptTable, v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) > maxValueLength {
		return "", false
	}
	if strings.Contains(v, "://") {
		s, id, ok := in.iris.ParseConcept(rdf.IRI(v))
		if !ok || s != t.scheme {
			return "", false
		}
		v = id
	}
	if _, ok := t.bit[v]; ok {
		return v, true
	}
	if l := strings.ToLower(v); l != v {
		if _, ok := t.bit[l]; ok {
			return l, true
		}
	}
	return "", false
}

// materialLanguage accepts ISO 639-1 codes and EU language table codes.
func materialLanguage(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) == 3 {
		if tag, ok := vocab.LanguageTag(v); ok {
			return tag, true
		}
	}
	l, ok := NormalizeLanguage(v)
	if !ok {
		return "", false
	}
	if _, ok := vocab.EULanguageCode(l); !ok {
		return "", false
	}
	return l, true
}

var nutsCode = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{0,3}$`)

// completePlace fills in what a need's place lacks: a name's region,
// country and coordinates from the gazetteer and the NUTS names, a
// region's country and label point.
func (in *interpreter) completePlace(p record.Place, hint string) (needPlace, record.Place, *NeedError) {
	p.Name = strings.TrimSpace(p.Name)
	p.Region = strings.ToUpper(strings.TrimSpace(p.Region))
	p.Country = strings.TrimSpace(p.Country)
	if len(p.Name) > maxValueLength {
		return needPlace{}, p, needError("", truncate(p.Name), "a place name has at most %d characters", maxValueLength)
	}
	if p.Country != "" {
		c, ok := vocab.CountryByCode(p.Country)
		if !ok {
			if c, ok = vocab.MatchCountry(p.Country); !ok {
				return needPlace{}, p, needError("", p.Country, "%q is not a country of NUTS 2021 (use a code such as DE or a name)", truncate(p.Country))
			}
		}
		p.Country = c.NUTS
	}
	if p.Region != "" {
		if !in.knownRegion(p.Region) {
			return needPlace{}, p, needError("", p.Region, "%q is not a NUTS 2021 region code", truncate(p.Region))
		}
		if p.Country == "" {
			p.Country = p.Region[:2]
		} else if p.Region[:2] != p.Country {
			return needPlace{}, p, needError("", p.Region, "region %s is not in country %s", p.Region, p.Country)
		}
	}
	if p.Name != "" && p.Region == "" {
		res := in.places.Match(p.Name, firstNonEmpty(p.Country, hint))
		if len(res.Places) == 0 {
			return needPlace{}, p, needError("", p.Name, "no place called %q is known (give a city, a NUTS region or its code, or a country)", truncate(p.Name))
		}
		m := res.Places[0]
		p.Region, p.Country = m.RegionCode, m.Country.NUTS
		if m.HasPoint && (p.Lat == nil || p.Lon == nil) {
			lat, lon := m.Lat, m.Lon
			p.Lat, p.Lon = &lat, &lon
		}
	}
	if p.Region == "" && p.Country != "" {
		p.Region = p.Country
	}
	if p.Lat == nil || p.Lon == nil {
		p.Lat, p.Lon = nil, nil
		if in.regions != nil && len(p.Region) > 2 {
			if r, ok := in.regions.Region(p.Region); ok {
				lat, lon := r.Lat(), r.Lon()
				p.Lat, p.Lon = &lat, &lon
			}
		}
	} else if *p.Lat < -90 || *p.Lat > 90 || *p.Lon < -180 || *p.Lon > 180 {
		return needPlace{}, p, needError("", fmt.Sprintf("%g,%g", *p.Lat, *p.Lon), "coordinates out of range")
	}
	if p.Region == "" && p.Lat != nil && in.regions != nil {
		// Coordinates only: the region they lie in.
		if m, ok := in.regions.Locate(*p.Lat, *p.Lon, p.Country); ok {
			p.Region, p.Country = m.RegionCode, m.Country.NUTS
		}
	}
	if p.Name == "" && p.Region != "" {
		p.Name = in.regionName(p.Region)
	}
	if p.Region == "" && p.Lat == nil {
		return needPlace{}, p, needError("", "", "a place needs a name, a region, a country or coordinates")
	}
	np := needPlace{name: p.Name, region: p.Region, country: p.Country}
	if p.Lat != nil && p.Lon != nil {
		np.lat, np.lon, np.hasPoint = *p.Lat, *p.Lon, true
	}
	return np, p, nil
}

// knownRegion reports whether code is a NUTS 2021 code: one of the loaded
// regions, or, without geodata, a well-formed code of a NUTS country.
func (in *interpreter) knownRegion(code string) bool {
	if !nutsCode.MatchString(code) {
		return false
	}
	if _, ok := vocab.CountryByCode(code[:2]); !ok || (len(code) == 2 && code != countryNUTS(code)) {
		return false
	}
	if in.regions != nil && in.regions.Len() > 0 && len(code) > 2 {
		_, ok := in.regions.Region(code)
		return ok
	}
	return true
}

// countryNUTS returns the NUTS code of a country code ("GR" → "EL").
func countryNUTS(code string) string {
	if c, ok := vocab.CountryByCode(code); ok {
		return c.NUTS
	}
	return ""
}

// regionName names a NUTS region: its official (Latin-script) name when
// the geodata is loaded, the country's English name for a country, else
// the code.
func (in *interpreter) regionName(code string) string {
	if len(code) == 2 {
		if c, ok := vocab.CountryByCode(code); ok {
			return c.Name("en")
		}
	}
	if in.regions != nil {
		if r, ok := in.regions.Region(code); ok {
			return r.Name
		}
	}
	return code
}

// fromText adds what the vocabulary finds in a need's text to the query.
func (in *interpreter) fromText(text, hint string, q *query, found *Found) {
	add := func(t *conceptTable, set conceptSet, res vocab.MatchResult, list *[]string) {
		for _, m := range res.Matches {
			i, ok := t.bit[m.Concept.ID]
			if !ok || slices.Contains(*list, m.Concept.ID) {
				continue
			}
			*list = append(*list, m.Concept.ID)
			set.add(i)
		}
	}
	add(in.tables.skills, q.skills, vocab.MatchSkills(text), &found.Skills)
	add(in.tables.groups, q.groups, vocab.MatchTargetGroups(text), &found.TargetGroups)
	add(in.tables.types, q.types, vocab.MatchPracticeTypes(text), &found.Types)
	add(in.tables.delivery, q.delivery, vocab.MatchDeliveryModes(text), &found.DeliveryModes)
	for _, pm := range placesInText(in.places, text, hint) {
		if slices.ContainsFunc(q.places, func(p needPlace) bool { return p.region == pm.RegionCode }) {
			continue
		}
		rp := record.Place{Name: pm.Name, Region: pm.RegionCode, Country: pm.Country.NUTS}
		np := needPlace{name: pm.Name, region: pm.RegionCode, country: pm.Country.NUTS}
		if pm.HasPoint {
			lat, lon := pm.Lat, pm.Lon
			rp.Lat, rp.Lon = &lat, &lon
			np.lat, np.lon, np.hasPoint = lat, lon, true
		} else if in.regions != nil && len(pm.RegionCode) > 2 {
			if r, ok := in.regions.Region(pm.RegionCode); ok {
				lat, lon := r.Lat(), r.Lon()
				rp.Lat, rp.Lon = &lat, &lon
				np.lat, np.lon, np.hasPoint = lat, lon, true
			}
		}
		found.Places = append(found.Places, rp)
		q.places = append(q.places, np)
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// truncate shortens a value for an error message.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:60]) + "…"
}
