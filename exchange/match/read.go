package match

import (
	"context"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Bounds of what one practice puts into the full-text index: a harvested
// page can be long, and the index must stay small for 10,000 practices.
const (
	maxFieldText   = 16 << 10 // bytes per language field
	maxSimilarText = 600      // bytes of description in a Similar query
)

// entry is what the ranking knows of one published practice.
type entry struct {
	pos    int // in its generation's entries
	iri    string
	id     string
	titles record.Texts // by language ("" for untagged)

	// Concepts as stated (raw) and with their broader concepts added.
	skills, skillsX     conceptSet
	groups, groupsX     conceptSet
	types, typesX       conceptSet
	delivery, deliveryX conceptSet
	esco                []string

	places    []practicePlace
	regions   []string // NUTS codes: dct:spatial and the places' regions, sorted
	countries []string // NUTS country codes, sorted

	textLangs []string // languages of the title and description, sorted
	materials []string // ISO 639-1 codes of dct:language, sorted

	adaptedFrom []string
	sameAs      []string
	// adaptations counts the published practices adapted from this one,
	// by their countries ("" when unknown).
	adaptations          int
	adaptationsByCountry map[string]int
	validated            bool
	hasResults           bool
	hasLessons           bool

	// fields holds the texts per full-text field until the text index is
	// built; similar is the text a Similar query searches for, in
	// similarLang.
	fields      map[string]*strings.Builder
	similar     string
	similarLang string
	textHash    uint64
}

// practicePlace is one place of a practice.
type practicePlace struct {
	name     string
	region   string
	lat, lon float64
	hasPoint bool
}

// title returns the title in the first of langs that has one, else in
// English, else any.
func (e *entry) title(langs ...string) string {
	for _, l := range langs {
		if s := e.titles[l]; s != "" {
			return s
		}
	}
	if s := e.titles["en"]; s != "" {
		return s
	}
	return e.titles.Get("")
}

// reader reads the published practices from a snapshot, as the publisher
// does: every subject with rdf:type sm:Practice in any graph.
type reader struct {
	snap    store.Reader
	iris    vocab.IRIs
	terms   vocab.Terms
	regions *vocab.Regions
	tables  *tables
}

// readEntries reads every published practice, sorted by IRI, with the
// adaptations of each counted.
func (r *reader) readEntries(ctx context.Context) ([]*entry, error) {
	var iris []rdf.Term
	seen := map[rdf.Term]bool{}
	for q, err := range r.snap.Match(ctx, store.Pattern{P: rdf.Type, O: r.terms.Practice, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if q.S.IsIRI() && !seen[q.S] {
			seen[q.S] = true
			iris = append(iris, q.S)
		}
	}
	slices.SortFunc(iris, rdf.Compare)
	withdrawn := r.iris.Concept(vocab.EditorialStatuses, "withdrawn")
	entries := make([]*entry, 0, len(iris))
	byIRI := make(map[string]*entry, len(iris))
	for i, iri := range iris {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e, status, err := r.readEntry(ctx, iri)
		if err != nil {
			return nil, err
		}
		if status == withdrawn {
			continue
		}
		entries = append(entries, e)
		byIRI[e.iri] = e
	}
	for _, e := range entries {
		for _, a := range e.adaptedFrom {
			origin := byIRI[a]
			if origin == nil || origin == e {
				continue
			}
			origin.adaptations++
			if origin.adaptationsByCountry == nil {
				origin.adaptationsByCountry = map[string]int{}
			}
			if len(e.countries) == 0 {
				origin.adaptationsByCountry[""]++
			}
			for _, c := range e.countries {
				origin.adaptationsByCountry[c]++
			}
		}
	}
	return entries, nil
}

// readEntry reads one practice and its places.
func (r *reader) readEntry(ctx context.Context, iri rdf.Term) (*entry, rdf.Term, error) {
	t := r.terms
	e := &entry{iri: iri.Value, titles: record.Texts{}, fields: map[string]*strings.Builder{}}
	if id, ok := r.iris.ParsePractice(iri); ok {
		e.id = id
	}
	skills, groups, types, delivery := r.tables.skills.newSet(), r.tables.groups.newSet(), r.tables.types.newSet(), r.tables.delivery.newSet()
	concept := func(tab *conceptTable, set conceptSet, o rdf.Term) {
		if c, ok := r.iris.ConceptByIRI(o); ok && c.Scheme == tab.scheme {
			if i, ok := tab.bit[c.ID]; ok {
				set.add(i)
			}
		}
	}
	var status rdf.Term
	var placeIRIs []rdf.Term
	regionSet := map[string]bool{}
	countrySet := map[string]bool{}
	descriptions := record.Texts{}
	var keywords []rdf.Term
	for q, err := range r.snap.Match(ctx, store.Pattern{S: iri, AnyGraph: true}) {
		if err != nil {
			return nil, status, err
		}
		o := q.O
		switch q.P {
		case vocab.DCTTitle:
			if o.IsLiteral() {
				lang := strings.ToLower(o.Lang)
				if _, ok := e.titles[lang]; !ok {
					e.titles[lang] = o.Value
				}
				e.addText(o, o.Value)
				e.addText(o, o.Value) // titles count twice in the full text
			}
		case vocab.DCTDescription:
			if o.IsLiteral() {
				if _, ok := descriptions[strings.ToLower(o.Lang)]; !ok {
					descriptions[strings.ToLower(o.Lang)] = o.Value
				}
				e.addText(o, o.Value)
			}
		case vocab.DCATKeyword:
			if o.IsLiteral() {
				keywords = append(keywords, o)
				e.addText(o, o.Value)
			}
		case t.Results:
			if o.IsLiteral() && strings.TrimSpace(o.Value) != "" {
				e.hasResults = true
				e.addText(o, o.Value)
			}
		case t.LessonsLearnt:
			if o.IsLiteral() && strings.TrimSpace(o.Value) != "" {
				e.hasLessons = true
				e.addText(o, o.Value)
			}
		case vocab.DCTIdentifier:
			if e.id == "" && o.IsLiteral() {
				e.id = o.Value
			}
		case vocab.SchemaTeaches:
			if esco, ok := vocab.ESCOSkill(o.Value); ok && o.IsIRI() {
				e.esco = appendNew(e.esco, esco.Value)
			} else {
				concept(r.tables.skills, skills, o)
			}
		case t.TargetGroup:
			concept(r.tables.groups, groups, o)
		case vocab.DCTType:
			concept(r.tables.types, types, o)
		case t.DeliveryMode:
			concept(r.tables.delivery, delivery, o)
		case vocab.LOCNLocation:
			if !slices.Contains(placeIRIs, o) {
				placeIRIs = append(placeIRIs, o)
			}
		case vocab.DCTSpatial:
			if code, ok := vocab.ParseNUTSRegion(o); ok {
				regionSet[code] = true
			}
		case t.Country:
			if c, ok := vocab.CountryByIRI(o); ok {
				countrySet[c.NUTS] = true
			}
		case vocab.DCTLanguage:
			if l, ok := vocab.LanguageCode(o); ok {
				e.materials = appendNew(e.materials, l)
			}
		case t.AdaptedFrom:
			if o.IsIRI() {
				e.adaptedFrom = appendNew(e.adaptedFrom, o.Value)
			}
		case vocab.SchemaSameAs:
			if o.IsIRI() {
				e.sameAs = appendNew(e.sameAs, o.Value)
			}
		case vocab.ADMSStatus:
			status = o
		case rdf.Type:
			e.validated = e.validated || o == t.ValidatedGoodPractice
		}
	}
	for _, pi := range placeIRIs {
		pl, err := r.readPlace(ctx, pi)
		if err != nil {
			return nil, status, err
		}
		if pl.region != "" {
			regionSet[pl.region] = true
		}
		e.places = append(e.places, pl)
	}
	for code := range regionSet {
		e.regions = append(e.regions, code)
		countrySet[code[:2]] = true
	}
	for c := range countrySet {
		e.countries = append(e.countries, c)
	}
	slices.Sort(e.regions)
	slices.Sort(e.countries)
	slices.Sort(e.materials)
	e.skills, e.skillsX = skills, r.tables.skills.expand(skills)
	e.groups, e.groupsX = groups, r.tables.groups.expand(groups)
	e.types, e.typesX = types, r.tables.types.expand(types)
	e.delivery, e.deliveryX = delivery, r.tables.delivery.expand(delivery)

	for l, s := range e.titles {
		if s != "" && l != "" {
			e.textLangs = appendNew(e.textLangs, l)
		}
	}
	for l, s := range descriptions {
		if s != "" && l != "" {
			e.textLangs = appendNew(e.textLangs, l)
		}
	}
	slices.Sort(e.textLangs)
	e.similarText(descriptions, keywords)
	e.hashText()
	return e, status, nil
}

// readPlace reads a place node: its name, region and point. A place
// without coordinates gets its region's label point when the geodata is
// loaded.
func (r *reader) readPlace(ctx context.Context, iri rdf.Term) (practicePlace, error) {
	var f vocab.PlaceFacts
	for q, err := range r.snap.Match(ctx, store.Pattern{S: iri, AnyGraph: true}) {
		if err != nil {
			return practicePlace{}, err
		}
		f.Add(q.P, q.O)
	}
	f.Locate(r.regions)
	return practicePlace{name: f.Name, region: f.Region, lat: f.Lat, lon: f.Lon, hasPoint: f.HasPoint}, nil
}

// addText appends a text to the full-text field of its language.
func (e *entry) addText(o rdf.Term, s string) {
	f := fieldFor(o.Lang)
	b := e.fields[f]
	if b == nil {
		b = &strings.Builder{}
		e.fields[f] = b
	}
	if b.Len()+len(s) > maxFieldText {
		s = cutUTF8(s, maxFieldText-b.Len())
	}
	if s == "" {
		return
	}
	b.WriteString(s)
	b.WriteString("\n")
}

// similarText keeps what a Similar query searches for: the title,
// keywords and the start of the description, in one language (English
// when the practice has it, else the first language of its title).
func (e *entry) similarText(descriptions record.Texts, keywords []rdf.Term) {
	lang := ""
	switch {
	case e.titles["en"] != "":
		lang = "en"
	case len(e.textLangs) > 0:
		lang = e.textLangs[0]
	}
	var b strings.Builder
	b.WriteString(e.titles.Get(lang))
	for _, k := range keywords {
		if strings.EqualFold(k.Lang, lang) || k.Lang == "" {
			b.WriteString(", ")
			b.WriteString(k.Value)
		}
	}
	b.WriteString(". ")
	b.WriteString(cutUTF8(descriptions.Get(lang), maxSimilarText))
	e.similar, e.similarLang = b.String(), lang
}

// hashText fingerprints the practice's full text: a new store version
// whose texts are all unchanged reuses the text index.
func (e *entry) hashText() {
	h := fnv.New64a()
	h.Write([]byte(e.iri))
	keys := make([]string, 0, len(e.fields))
	for k := range e.fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		h.Write([]byte{0})
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(e.fields[k].String()))
	}
	e.textHash = h.Sum64()
}

// cutUTF8 returns at most n bytes of s, cut at a rune boundary.
func cutUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
