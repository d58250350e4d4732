package harvester

import (
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Mapper maps records to the Skillsmap vocabulary (see vocab/MODEL.md): it
// mints stable practice IRIs, matches places, skills, target groups,
// practice types and delivery modes to concepts, and keeps text that
// matches nothing as literals, counted in the report.
type Mapper struct {
	iris   vocab.IRIs
	terms  vocab.Terms
	places *vocab.PlaceMatcher
	status rdf.Term // editorial status of harvested records
	// withdrawn is the editorial status of tombstones.
	withdrawn rdf.Term
}

// NewMapper returns a mapper minting IRIs under iris. regions may be nil
// (no geodata): places are then matched by the gazetteer and countries only.
func NewMapper(iris vocab.IRIs, regions *vocab.Regions) *Mapper {
	return &Mapper{
		iris:      iris,
		terms:     iris.Terms(),
		places:    vocab.NewPlaceMatcher(regions),
		status:    iris.Concept(vocab.EditorialStatuses, "harvested"),
		withdrawn: iris.Concept(vocab.EditorialStatuses, "withdrawn"),
	}
}

// IRIs returns the IRI minting the mapper uses.
func (m *Mapper) IRIs() vocab.IRIs { return m.iris }

// SourceGraph is the named graph holding a source's practices.
func (m *Mapper) SourceGraph(id string) rdf.Term { return m.iris.SourceGraph(id) }

// MapReport says how well a run's records mapped to the vocabulary.
type MapReport struct {
	// Practices is the number of distinct practices mapped.
	Practices int `json:"practices"`
	// Merged counts records that described a practice already seen in the
	// same run (same identifier or URL) and were merged into it.
	Merged int `json:"merged,omitempty"`
	// Unmatched counts, per field, values that matched no concept and were
	// kept as literals.
	Unmatched map[string]int `json:"unmatched,omitempty"`
	// Examples holds a few unmatched values per field, for editors.
	Examples map[string][]string `json:"examples,omitempty"`
	// Quality sums up the practices' quality scores.
	Quality Quality `json:"quality"`
}

func (r *MapReport) unmatched(field string, values ...string) {
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if r.Unmatched == nil {
			r.Unmatched, r.Examples = map[string]int{}, map[string][]string{}
		}
		r.Unmatched[field]++
		if len(r.Examples[field]) < 5 {
			r.Examples[field] = appendUnique(r.Examples[field], v)
		}
	}
}

// Map turns the records of one run into the source's new graph. previous
// gives the first-seen times of practices already known; now is the run's
// start time.
func (m *Mapper) Map(src *sourceconfig.Source, records []Record, previous *Previous, runIRI rdf.Term, now time.Time) (*rdf.Graph, MapReport) {
	var report MapReport
	g := rdf.NewGraph()
	ids := assignIDs(src.ID, records)
	// Lineage refers to other records of the same source by identifier or URL.
	byRef := map[string]string{}
	for i, r := range records {
		for _, ref := range []string{r.Identifier, r.URL} {
			if ref != "" {
				byRef[ref] = ids[i]
			}
		}
	}
	seen := map[string]bool{}
	stamped := map[rdf.Term]bool{}
	var order []string
	for i := range records {
		id := ids[i]
		if seen[id] {
			report.Merged++
		} else {
			order = append(order, id)
		}
		seen[id] = true
		r := withDefaults(records[i], src.Mapping.Defaults)
		m.mapRecord(g, src, &r, id, byRef, previous, runIRI, now, &report, stamped)
	}
	report.Practices = len(seen)
	var scores []scored
	missing := map[string]int{}
	idx := indexGraph(g)
	for _, id := range order {
		p := m.iris.Practice(id)
		score, lacks := qualityOf(idx, p, m.terms)
		g.Add(rdf.Triple{S: p, P: m.terms.QualityScore, O: qualityTerm(score)})
		scores = append(scores, scored{id: id, score: score})
		for _, f := range lacks {
			missing[f]++
		}
	}
	report.Quality = summariseQuality(scores, missing)
	return g, report
}

// withDefaults fills the fields a record leaves empty from the source's
// mapping defaults.
func withDefaults(r Record, defaults map[string][]string) Record {
	for field, values := range defaults {
		var dst *[]string
		switch field {
		case "skills":
			dst = &r.Skills
		case "target_groups":
			dst = &r.TargetGroups
		case "practice_type":
			dst = &r.PracticeTypes
		case "delivery":
			dst = &r.Delivery
		case "city":
			dst = &r.Cities
		case "region":
			dst = &r.Regions
		case "keywords":
			dst = &r.Keywords
		}
		if dst != nil && len(*dst) == 0 {
			*dst = append([]string(nil), values...)
		}
	}
	return r
}

// mapValues applies the source's value table for a field: values it names
// become concepts (or IRIs, or are dropped); the rest go on to the
// matchers.
func (m *Mapper) mapValues(src *sourceconfig.Source, field string, values []string) (concepts []rdf.Term, rest []string) {
	table := src.Mapping.Values[field]
	if len(table) == 0 {
		return nil, values
	}
	scheme, _ := sourceconfig.MappedScheme(field)
	for _, v := range values {
		target, found := "", false
		for raw, t := range table {
			if vocab.Fold(raw) == vocab.Fold(v) {
				target, found = t, true
				break
			}
		}
		switch {
		case !found:
			rest = append(rest, v)
		case target == "":
		case strings.Contains(target, "://"):
			concepts = append(concepts, rdf.IRI(target))
		default:
			concepts = append(concepts, m.iris.Concept(scheme, target))
		}
	}
	return concepts, rest
}

func (m *Mapper) mapRecord(g *rdf.Graph, src *sourceconfig.Source, r *Record, id string, byRef map[string]string,
	previous *Previous, runIRI rdf.Term, now time.Time, report *MapReport, stamped map[rdf.Term]bool) {
	t := m.terms
	p := m.iris.Practice(id)
	lang := firstNonEmpty(r.Language, src.Mapping.Language)
	text := func(s, l string) rdf.Term { return rdf.LangString(cleanText(s), firstNonEmpty(l, lang)) }
	add := func(s, pred, o rdf.Term) { g.Add(rdf.Triple{S: s, P: pred, O: o}) }

	add(p, rdf.Type, t.Practice)
	add(p, vocab.DCTIdentifier, rdf.String(id))
	for _, x := range r.Title {
		if x.Value != "" {
			add(p, vocab.DCTTitle, text(x.Value, x.Lang))
		}
	}
	for _, x := range r.Description {
		if x.Value != "" {
			add(p, vocab.DCTDescription, text(x.Value, x.Lang))
		}
	}
	if u, ok := absoluteURL(r.URL); ok {
		add(p, vocab.SchemaURL, rdf.IRI(u))
	}
	if u, ok := absoluteURL(r.Image); ok {
		add(p, schema("image"), rdf.IRI(u))
	}
	if u, ok := absoluteURL(r.SourcePage); ok {
		add(p, vocab.DCTSource, rdf.IRI(u))
	}
	for _, b := range r.BasedOn {
		if u, ok := absoluteURL(b); ok {
			add(p, vocab.SchemaIsBasedOn, rdf.IRI(u))
		}
	}
	for _, ref := range r.AdaptedFrom {
		if other, ok := byRef[ref]; ok && other != id {
			add(p, t.AdaptedFrom, m.iris.Practice(other))
		}
	}

	// Organisations: the page's, else the source's default.
	orgs := r.Organisations
	if len(orgs) == 0 && src.Mapping.Organisation != "" {
		orgs = []Organisation{{Name: src.Mapping.Organisation}}
	}
	for _, o := range orgs {
		name := cleanText(o.Name)
		key := vocab.Slug(name)
		if key == "" {
			if o.URL == "" {
				continue
			}
			var err error
			if key, err = vocab.IDFromURL(o.URL); err != nil {
				continue
			}
		}
		org := m.iris.Organisation(key)
		add(p, vocab.SchemaProvider, org)
		add(org, rdf.Type, vocab.ORGOrganization)
		if name != "" {
			add(org, vocab.SKOSPrefLabel, text(name, ""))
		}
		if u, ok := absoluteURL(o.URL); ok {
			add(org, vocab.SchemaURL, rdf.IRI(u))
		}
	}

	m.mapPlaces(g, src, r, id, p, report)

	// The source's own value tables come first.
	mappedSkills, skillValues := m.mapValues(src, "skills", r.Skills)
	for _, c := range mappedSkills {
		add(p, vocab.SchemaTeaches, c)
	}
	mappedTypes, typeValues := m.mapValues(src, "practice_type", r.PracticeTypes)
	for _, c := range mappedTypes {
		add(p, vocab.DCTType, c)
	}
	mappedGroups, groupValues := m.mapValues(src, "target_groups", r.TargetGroups)
	for _, c := range mappedGroups {
		add(p, t.TargetGroup, c)
	}
	mappedDelivery, deliveryValues := m.mapValues(src, "delivery", r.Delivery)
	for _, c := range mappedDelivery {
		add(p, t.DeliveryMode, c)
	}

	// Skills: DigComp by keyword, ESCO IRIs as given, the rest as keywords.
	var skillText []string
	for _, s := range skillValues {
		if esco, ok := vocab.ESCOSkill(s); ok {
			add(p, vocab.SchemaTeaches, esco)
			continue
		}
		skillText = append(skillText, s)
	}
	topics := append(append([]string{}, skillText...), r.Keywords...)
	skills := matchEach(vocab.MatchSkills, topics)
	for _, c := range skills.Concepts() {
		add(p, vocab.SchemaTeaches, c.IRI(m.iris))
	}
	// Practice types are named in their own field or among the topics
	// ("train-the-trainer"); a topic that names a type is not unmatched.
	types := matchEach(vocab.MatchPracticeTypes, append(append([]string{}, typeValues...), topics...))
	for _, c := range types.Concepts() {
		add(p, vocab.DCTType, c.IRI(m.iris))
	}
	for _, u := range skills.Unmatched {
		if !matchedIn(types, u) {
			add(p, vocab.DCATKeyword, text(u, ""))
			report.unmatched("skills", u)
		}
	}
	for _, pt := range typeValues {
		if !matchedIn(types, pt) {
			report.unmatched("practice_type", pt)
		}
	}

	groups := matchEach(vocab.MatchTargetGroups, groupValues)
	for _, c := range groups.Concepts() {
		add(p, t.TargetGroup, c.IRI(m.iris))
	}
	for _, u := range groups.Unmatched {
		add(p, vocab.SchemaAudience, text(u, ""))
		report.unmatched("target_groups", u)
	}

	for _, d := range deliveryValues {
		if c, ok := vocab.DeliveryMode(d); ok {
			add(p, t.DeliveryMode, c.IRI(m.iris))
		} else {
			add(p, vocab.DCATKeyword, text(d, ""))
			report.unmatched("delivery", d)
		}
	}
	if v := dateTerm(r.Start); !v.IsZero() {
		add(p, vocab.SchemaStartDate, v)
	}
	if v := dateTerm(r.End); !v.IsZero() {
		add(p, vocab.SchemaEndDate, v)
	}
	for _, f := range r.Funding {
		if u, ok := absoluteURL(f); ok {
			add(p, t.FundingProgramme, rdf.IRI(u))
		} else {
			add(p, t.FundingProgramme, text(f, ""))
		}
	}
	if !r.Modified.IsZero() {
		add(p, vocab.DCTModified, rdf.Literal(r.Modified.UTC().Format(time.RFC3339), rdf.XSDDateTime))
	}

	firstSeen := rdf.Literal(now.UTC().Format(time.RFC3339), rdf.XSDDateTime)
	if prev, ok := previous.Practices[p]; ok && !prev.FirstSeen.IsZero() {
		firstSeen = prev.FirstSeen
	}
	// Harvest metadata, once per practice (records merged into it share it).
	if !stamped[p] {
		stamped[p] = true
		add(p, t.FirstSeen, firstSeen)
		add(p, t.LastSeen, rdf.Literal(now.UTC().Format(time.RFC3339), rdf.XSDDateTime))
		add(p, vocab.PROVWasGeneratedBy, runIRI)
		add(p, vocab.ADMSStatus, m.status)
	}
}

// mapPlaces adds a place node per city, region or country the record names,
// with its NUTS region, country and coordinates when they are known.
func (m *Mapper) mapPlaces(g *rdf.Graph, src *sourceconfig.Source, r *Record, id string, p rdf.Term, report *MapReport) {
	add := func(s, pred, o rdf.Term) { g.Add(rdf.Triple{S: s, P: pred, O: o}) }
	countries, unknownCountries := vocab.ParseCountries(strings.Join(r.Countries, ";"))
	if len(r.Countries) == 0 && src.Mapping.Country != "" {
		countries, _ = vocab.ParseCountries(src.Mapping.Country)
	}
	report.unmatched("country", unknownCountries...)
	hint := ""
	if len(countries) > 0 {
		hint = countries[0].NUTS
	}
	var matches []vocab.PlaceMatch
	var unmatched []string
	texts := append(append([]string{}, r.Cities...), r.Regions...)
	for _, txt := range texts {
		res := m.places.Match(txt, hint)
		matches = append(matches, res.Places...)
		unmatched = append(unmatched, res.Unmatched...)
	}
	if r.Latitude != nil && r.Longitude != nil && m.places.Regions() != nil {
		if pm, ok := m.places.Regions().Locate(*r.Latitude, *r.Longitude, hint); ok {
			if len(r.Cities) > 0 {
				pm.Name = r.Cities[0]
			}
			matches = []vocab.PlaceMatch{pm}
			unmatched = nil
		}
	}
	// Countries named without a city or region there become places too, so
	// that a nationwide practice still has a point on the map.
	covered := map[string]bool{}
	for _, pm := range matches {
		covered[pm.Country.NUTS] = true
	}
	for _, c := range countries {
		if !covered[c.NUTS] {
			res := m.places.Match(c.Name("en"), c.NUTS)
			matches = append(matches, res.Places...)
			covered[c.NUTS] = true
		}
	}
	for _, u := range unmatched {
		place := m.iris.Place(id, u)
		add(p, vocab.LOCNLocation, place)
		add(place, rdf.Type, vocab.DCTLocation)
		add(place, vocab.LOCNGeographicName, rdf.String(cleanText(u)))
		report.unmatched("place", u)
	}
	for _, pm := range matches {
		name := firstNonEmpty(cleanText(pm.Text), pm.Name)
		place := m.iris.Place(id, name)
		add(p, vocab.LOCNLocation, place)
		add(place, rdf.Type, vocab.DCTLocation)
		add(place, vocab.LOCNGeographicName, rdf.String(name))
		if pm.RegionCode != "" {
			add(place, vocab.GeoSfWithin, pm.Region())
			add(p, vocab.DCTSpatial, pm.Region())
		}
		if !pm.Country.IsZero() {
			add(p, m.terms.Country, pm.Country.IRI())
		}
		if pm.HasPoint {
			add(place, vocab.WGS84Lat, vocab.Coordinate(pm.Lat))
			add(place, vocab.WGS84Long, vocab.Coordinate(pm.Lon))
		}
	}
	for _, c := range countries {
		add(p, m.terms.Country, c.IRI())
	}
}

// matchEach runs match on every value and merges the results.
func matchEach(match func(string) vocab.MatchResult, values []string) vocab.MatchResult {
	var out vocab.MatchResult
	seen := map[string]bool{}
	for _, v := range values {
		res := match(v)
		for _, cm := range res.Matches {
			if !seen[cm.Concept.String()] {
				seen[cm.Concept.String()] = true
				out.Matches = append(out.Matches, cm)
			}
		}
		out.Unmatched = append(out.Unmatched, res.Unmatched...)
	}
	return out
}

// matchedIn reports whether some concept of res was found in text.
func matchedIn(res vocab.MatchResult, text string) bool {
	for _, cm := range res.Matches {
		if strings.Contains(vocab.Fold(text), vocab.Fold(cm.Text)) {
			return true
		}
	}
	return false
}

var (
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	yearPattern = regexp.MustCompile(`^\d{4}$`)
)

// dateTerm types a date as written on a page: xsd:date, xsd:dateTime or
// xsd:gYear when it is one, else a plain literal (kept, never guessed).
func dateTerm(s string) rdf.Term {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return rdf.Term{}
	case datePattern.MatchString(s):
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return rdf.Literal(s, rdf.XSDDate)
		}
	case yearPattern.MatchString(s):
		return rdf.Literal(s, rdf.XSDGYear)
	default:
		for _, layout := range zonedLayouts {
			if ts, err := time.Parse(layout, s); err == nil {
				return rdf.Literal(ts.Format(time.RFC3339), rdf.XSDDateTime)
			}
		}
		for _, layout := range localLayouts {
			if ts, err := time.Parse(layout, s); err == nil {
				return rdf.Literal(ts.Format("2006-01-02T15:04:05"), rdf.XSDDateTime)
			}
		}
	}
	return rdf.String(s)
}

// Date-times as pages write them: RFC 3339, and the variants CMS plugins
// emit (an offset without colon, no seconds, no zone: a local time, which
// xsd:dateTime allows).
var (
	zonedLayouts = []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700"}
	localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04"}
)

func absoluteURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !rdf.ValidIRI(s) {
		return "", false
	}
	return s, true
}

// assignIDs gives every record its practice id, "{source}-{key}". The key
// comes from what identifies the record most stably — its identifier or
// URL (path, not host, so that a site moving to a new address keeps its
// practices' IRIs), else its page, else its title — and is the same in every
// run that finds the same record.
func assignIDs(sourceID string, records []Record) []string {
	keys := make([]string, len(records))
	pageCount := map[string]int{}
	for _, r := range records {
		pageCount[r.SourcePage]++
	}
	pathCount := map[string]int{}
	for i, r := range records {
		ref := firstNonEmpty(r.Identifier, r.URL)
		if ref == "" && pageCount[r.SourcePage] == 1 {
			ref = r.SourcePage
		}
		keys[i] = refKey(ref)
		if keys[i] == "" {
			keys[i] = vocab.Slug(r.FirstTitle())
		}
		pathCount[keys[i]]++
	}
	// Several records under one path (a page holding many practices):
	// tell them apart by fragment, else by title.
	for i, r := range records {
		if pathCount[keys[i]] > 1 {
			ref := firstNonEmpty(r.Identifier, r.URL)
			if u, err := url.Parse(ref); err == nil && u.Fragment != "" && vocab.Slug(u.Fragment) != "" {
				keys[i] = vocab.Slug(u.Fragment)
			} else if s := vocab.Slug(r.FirstTitle()); s != "" {
				keys[i] = s
			}
		}
	}
	ids := make([]string, len(records))
	for i, k := range keys {
		if k == "" {
			k = "practice"
		}
		ids[i] = sourceID + "-" + k
	}
	return ids
}

// genericSegments carry no identity of their own.
var genericSegments = map[string]bool{"index": true, "default": true, "home": true, "detail": true, "details": true, "view": true, "show": true}

// refKey turns an identifier or URL into a slug: the last meaningful path
// segment of a URL (without extension), or the slugged identifier.
func refKey(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme == "" {
		return vocab.Slug(ref)
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := strings.TrimSuffix(segs[i], path.Ext(segs[i]))
		if seg == "" || genericSegments[strings.ToLower(seg)] {
			continue
		}
		if s := vocab.Slug(seg); s != "" {
			return s
		}
	}
	// No usable path: a query such as ?id=42 identifies the record.
	if u.RawQuery != "" {
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k, q.Get(k))
		}
		return vocab.Slug(strings.Join(parts, " "))
	}
	return ""
}
