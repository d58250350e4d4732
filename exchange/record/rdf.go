package record

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// fieldPredicates are the properties of the practice that hold each field.
// A field's triples are those with these predicates and the subject, plus
// the nodes they point to when those belong to the practice (places, the
// budget and the contact point are nodes of their own).
func fieldPredicates(t vocab.Terms) map[Field][]rdf.Term {
	return map[Field][]rdf.Term{
		FieldTitle:         {vocab.DCTTitle},
		FieldDescription:   {vocab.DCTDescription},
		FieldTypes:         {vocab.DCTType},
		FieldTargetGroups:  {t.TargetGroup, vocab.SchemaAudience},
		FieldSkills:        {vocab.SchemaTeaches},
		FieldDeliveryModes: {t.DeliveryMode},
		FieldPlaces:        {vocab.LOCNLocation, vocab.DCTSpatial, t.Country},
		FieldURL:           {vocab.SchemaURL},
		FieldStartDate:     {vocab.SchemaStartDate},
		FieldEndDate:       {vocab.SchemaEndDate},
		FieldFunding:       {t.FundingProgramme},
		FieldKeywords:      {vocab.DCATKeyword},
		FieldAdaptedFrom:   {t.AdaptedFrom},
		FieldProviders:     {vocab.SchemaProvider},
		FieldBasedOn:       {vocab.SchemaIsBasedOn},
		FieldResults:       {t.Results},
		FieldLessons:       {t.LessonsLearnt},
		FieldDuration:      {vocab.SchemaTimeRequired},
		FieldBudget:        {vocab.SchemaEstimatedCost},
		FieldStaff:         {t.StaffRequired},
		FieldPartners:      {t.PartnersNeeded},
		FieldLanguages:     {vocab.DCTLanguage},
		FieldContact:       {vocab.DCATContactPoint},
	}
}

// Predicates returns the properties that hold field f (none for
// FieldLanguage and FieldOther).
func Predicates(n vocab.IRIs, f Field) []rdf.Term { return slices.Clone(fieldPredicates(n.Terms())[f]) }

// identity are the triples that say what the subject is rather than what
// it is like: they belong to no field.
func isIdentity(tr rdf.Triple, t vocab.Terms) bool {
	return tr.P == rdf.Type && tr.O == t.Practice || tr.P == vocab.DCTIdentifier
}

// Content returns the triples that describe a practice: those about the
// subject, about its fragment IRIs (subject#…) and about blank nodes
// reached from them. Bookkeeping is content too; callers drop it.
func Content(subject rdf.Term, ts []rdf.Triple) []rdf.Triple {
	return NewContentIndex(ts).Content(subject)
}

// ContentIndex indexes a graph by subject, so that the content of each of
// many practices in one graph (a source's harvest) is read in time
// proportional to its own size, not the graph's.
type ContentIndex struct {
	bySubject map[rdf.Term][]rdf.Triple
	// fragments maps an IRI to the subjects that are its fragments.
	fragments map[string][]rdf.Term
}

// NewContentIndex indexes ts.
func NewContentIndex(ts []rdf.Triple) *ContentIndex {
	ix := &ContentIndex{bySubject: map[rdf.Term][]rdf.Triple{}, fragments: map[string][]rdf.Term{}}
	for _, tr := range ts {
		if _, ok := ix.bySubject[tr.S]; !ok && tr.S.IsIRI() {
			for i := range len(tr.S.Value) {
				if tr.S.Value[i] == '#' {
					ix.fragments[tr.S.Value[:i]] = append(ix.fragments[tr.S.Value[:i]], tr.S)
				}
			}
		}
		ix.bySubject[tr.S] = append(ix.bySubject[tr.S], tr)
	}
	return ix
}

// Content returns the content of the practice subject (see Content).
func (ix *ContentIndex) Content(subject rdf.Term) []rdf.Triple {
	own := func(x rdf.Term) bool {
		return x == subject || x.IsIRI() && strings.HasPrefix(x.Value, subject.Value+"#")
	}
	var out []rdf.Triple
	seen := map[rdf.Term]bool{}
	var visit func(s rdf.Term)
	visit = func(s rdf.Term) {
		if seen[s] {
			return
		}
		seen[s] = true
		for _, tr := range ix.bySubject[s] {
			out = append(out, tr)
			if tr.O.IsBlank() || own(tr.O) {
				visit(tr.O)
			}
		}
	}
	visit(subject)
	// Fragment nodes nothing points to still belong to the practice.
	if subject.IsIRI() {
		for _, s := range ix.fragments[subject.Value] {
			visit(s)
		}
	}
	slices.SortFunc(out, rdf.CompareTriples)
	return out
}

// SplitFields sorts a practice's content triples into its fields. Triples
// of no field go to FieldOther; rdf:type sm:Practice and dct:identifier go
// nowhere. Nodes a field points to (a place, the budget) go with it.
func SplitFields(n vocab.IRIs, subject rdf.Term, content []rdf.Triple) map[Field][]rdf.Triple {
	t := n.Terms()
	byPred := map[rdf.Term]Field{}
	for f, ps := range fieldPredicates(t) {
		for _, p := range ps {
			byPred[p] = f
		}
	}
	bySubject := map[rdf.Term][]rdf.Triple{}
	for _, tr := range content {
		bySubject[tr.S] = append(bySubject[tr.S], tr)
	}
	out := map[Field][]rdf.Triple{}
	owner := map[rdf.Term]Field{}
	var claim func(node rdf.Term, f Field)
	claim = func(node rdf.Term, f Field) {
		if node == subject || !(node.IsBlank() || node.IsIRI() && strings.HasPrefix(node.Value, subject.Value+"#")) {
			return
		}
		if _, done := owner[node]; done {
			return
		}
		owner[node] = f
		for _, tr := range bySubject[node] {
			out[f] = append(out[f], tr)
			claim(tr.O, f)
		}
	}
	for _, tr := range bySubject[subject] {
		if isIdentity(tr, t) {
			continue
		}
		f, ok := byPred[tr.P]
		if !ok {
			f = FieldOther
		}
		out[f] = append(out[f], tr)
		claim(tr.O, f)
	}
	for s, trs := range bySubject {
		if s == subject {
			continue
		}
		if _, claimed := owner[s]; !claimed {
			out[FieldOther] = append(out[FieldOther], trs...)
		}
	}
	for f := range out {
		slices.SortFunc(out[f], rdf.CompareTriples)
	}
	return out
}

// Triples returns the RDF of p as practice {base}practice/{id}, in the
// shapes of vocab/MODEL.md. It does not add the editorial status or dates:
// package review does.
func (p Practice) Triples(n vocab.IRIs, id string) []rdf.Triple {
	t := n.Terms()
	s := n.Practice(id)
	g := rdf.NewGraph()
	add := func(sub, pred, obj rdf.Term) { g.Add(rdf.Triple{S: sub, P: pred, O: obj}) }
	texts := func(sub, pred rdf.Term, ts Texts) {
		for _, lang := range ts.Languages() {
			add(sub, pred, textTerm(ts[lang], lang))
		}
	}
	add(s, rdf.Type, t.Practice)
	add(s, vocab.DCTIdentifier, rdf.String(id))
	texts(s, vocab.DCTTitle, p.Title)
	texts(s, vocab.DCTDescription, p.Description)
	for _, c := range p.Types {
		add(s, vocab.DCTType, n.Concept(vocab.PracticeTypes, c))
	}
	for _, c := range p.TargetGroups {
		add(s, t.TargetGroup, n.Concept(vocab.TargetGroups, c))
	}
	for _, c := range p.Skills {
		if esco, ok := vocab.ESCOSkill(c); ok {
			add(s, vocab.SchemaTeaches, esco)
		} else {
			add(s, vocab.SchemaTeaches, n.Concept(vocab.DigComp, c))
		}
	}
	for _, c := range p.DeliveryModes {
		add(s, t.DeliveryMode, n.Concept(vocab.DeliveryModes, c))
	}
	for _, pl := range p.Places {
		name := pl.Name
		if name == "" {
			name = firstNonEmpty(pl.Region, pl.Country)
		}
		node := n.Place(id, name)
		add(s, vocab.LOCNLocation, node)
		add(node, rdf.Type, vocab.DCTLocation)
		add(node, vocab.LOCNGeographicName, rdf.String(name))
		if pl.Region != "" {
			add(node, vocab.GeoSfWithin, vocab.NUTSRegion(pl.Region))
			add(s, vocab.DCTSpatial, vocab.NUTSRegion(pl.Region))
		}
		country := pl.Country
		if country == "" && len(pl.Region) >= 2 {
			country = pl.Region[:2]
		}
		if c, ok := vocab.CountryByCode(country); ok {
			add(s, t.Country, c.IRI())
		}
		if pl.Lat != nil && pl.Lon != nil {
			add(node, vocab.WGS84Lat, vocab.Coordinate(*pl.Lat))
			add(node, vocab.WGS84Long, vocab.Coordinate(*pl.Lon))
		}
	}
	if p.URL != "" {
		add(s, vocab.SchemaURL, rdf.IRI(p.URL))
	}
	if p.StartDate != "" {
		add(s, vocab.SchemaStartDate, rdf.Literal(p.StartDate, rdf.XSDDate))
	}
	if p.EndDate != "" {
		add(s, vocab.SchemaEndDate, rdf.Literal(p.EndDate, rdf.XSDDate))
	}
	for _, f := range p.Funding {
		add(s, t.FundingProgramme, textTerm(f, p.Language))
	}
	for _, k := range p.Keywords {
		add(s, vocab.DCATKeyword, textTerm(k, p.Language))
	}
	for _, a := range p.AdaptedFrom {
		add(s, t.AdaptedFrom, rdf.IRI(a))
	}
	for _, o := range p.Providers {
		add(s, vocab.SchemaProvider, rdf.IRI(o))
	}
	for _, b := range p.BasedOn {
		add(s, vocab.SchemaIsBasedOn, rdf.IRI(b))
	}
	texts(s, t.Results, p.Results)
	texts(s, t.LessonsLearnt, p.Lessons)
	if p.DurationMonths > 0 {
		add(s, vocab.SchemaTimeRequired, rdf.Literal(fmt.Sprintf("P%dM", p.DurationMonths), rdf.NSXSD+"duration"))
	}
	if !p.Budget.IsZero() {
		node := rdf.IRI(s.Value + "#budget")
		add(s, vocab.SchemaEstimatedCost, node)
		add(node, rdf.Type, vocab.SchemaMonetaryAmount)
		if p.Budget.Min != nil {
			add(node, vocab.SchemaMinValue, rdf.Literal(strconv.FormatInt(*p.Budget.Min, 10), rdf.XSDInteger))
		}
		if p.Budget.Max != nil {
			add(node, vocab.SchemaMaxValue, rdf.Literal(strconv.FormatInt(*p.Budget.Max, 10), rdf.XSDInteger))
		}
		add(node, vocab.SchemaCurrency, rdf.String(firstNonEmpty(p.Budget.Currency, "EUR")))
	}
	texts(s, t.StaffRequired, p.Staff)
	texts(s, t.PartnersNeeded, p.Partners)
	for _, l := range p.MaterialLanguages {
		if iri, ok := vocab.LanguageIRI(l); ok {
			add(s, vocab.DCTLanguage, iri)
		}
	}
	if !p.ContactRole.Empty() {
		node := rdf.IRI(s.Value + "#contact")
		add(s, vocab.DCATContactPoint, node)
		add(node, rdf.Type, vocab.VCardKind)
		texts(node, vocab.VCardRole, p.ContactRole)
	}
	for _, tr := range p.Other {
		g.Add(tr)
	}
	return g.Sorted()
}

// textTerm is a language-tagged literal, or a simple one without language.
func textTerm(s, lang string) rdf.Term {
	if lang == "" {
		return rdf.String(s)
	}
	return rdf.LangString(s, lang)
}

var durationMonths = regexp.MustCompile(`^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?$`)

// FromTriples reads the practice subject from its content triples (see
// Content). What no field represents lands in Other, so nothing is lost.
func FromTriples(n vocab.IRIs, subject rdf.Term, content []rdf.Triple) Practice {
	t := n.Terms()
	var p Practice
	fields := SplitFields(n, subject, content)
	node := map[rdf.Term][]rdf.Triple{}
	for _, tr := range content {
		node[tr.S] = append(node[tr.S], tr)
	}
	other := func(tr rdf.Triple) { p.Other = append(p.Other, tr) }
	concept := func(tr rdf.Triple, scheme vocab.Scheme, dst *[]string) {
		if s, id, ok := n.ParseConcept(tr.O); ok && s == scheme {
			*dst = appendNew(*dst, id)
			return
		}
		other(tr)
	}
	texts := func(tr rdf.Triple, dst *Texts) {
		if !tr.O.IsLiteral() {
			other(tr)
			return
		}
		if *dst == nil {
			*dst = Texts{}
		}
		if prev, dup := (*dst)[tr.O.Lang]; dup && prev != tr.O.Value {
			other(tr) // a second text in one language: keep it, outside the field
			return
		}
		(*dst)[tr.O.Lang] = tr.O.Value
	}
	langs := map[string]int{}
	for _, f := range Fields() {
		for _, tr := range fields[f] {
			if tr.S != subject {
				continue // node triples are read with their field below
			}
			switch tr.P {
			case vocab.DCTTitle:
				texts(tr, &p.Title)
				langs[tr.O.Lang]++
			case vocab.DCTDescription:
				texts(tr, &p.Description)
				langs[tr.O.Lang]++
			case vocab.DCTType:
				concept(tr, vocab.PracticeTypes, &p.Types)
			case t.TargetGroup:
				concept(tr, vocab.TargetGroups, &p.TargetGroups)
			case vocab.SchemaTeaches:
				if _, ok := vocab.ESCOSkill(tr.O.Value); ok && tr.O.IsIRI() {
					p.Skills = appendNew(p.Skills, tr.O.Value)
				} else {
					concept(tr, vocab.DigComp, &p.Skills)
				}
			case t.DeliveryMode:
				concept(tr, vocab.DeliveryModes, &p.DeliveryModes)
			case vocab.LOCNLocation:
				p.Places = append(p.Places, readPlace(tr.O, node[tr.O]))
			case vocab.SchemaURL:
				if tr.O.IsIRI() && p.URL == "" {
					p.URL = tr.O.Value
				} else {
					other(tr)
				}
			case vocab.SchemaStartDate:
				if p.StartDate == "" {
					p.StartDate = tr.O.Value
				} else {
					other(tr)
				}
			case vocab.SchemaEndDate:
				if p.EndDate == "" {
					p.EndDate = tr.O.Value
				} else {
					other(tr)
				}
			case t.FundingProgramme:
				p.Funding = appendNew(p.Funding, tr.O.Value)
			case vocab.DCATKeyword:
				p.Keywords = appendNew(p.Keywords, tr.O.Value)
			case t.AdaptedFrom:
				p.AdaptedFrom = appendNew(p.AdaptedFrom, tr.O.Value)
			case vocab.SchemaProvider:
				p.Providers = appendNew(p.Providers, tr.O.Value)
			case vocab.SchemaIsBasedOn:
				if tr.O.IsIRI() {
					p.BasedOn = appendNew(p.BasedOn, tr.O.Value)
				} else {
					other(tr)
				}
			case t.Results:
				texts(tr, &p.Results)
			case t.LessonsLearnt:
				texts(tr, &p.Lessons)
			case vocab.SchemaTimeRequired:
				if m := durationMonths.FindStringSubmatch(tr.O.Value); m != nil && p.DurationMonths == 0 {
					y, _ := strconv.Atoi(m[1])
					mo, _ := strconv.Atoi(m[2])
					p.DurationMonths = 12*y + mo
				} else {
					other(tr)
				}
			case vocab.SchemaEstimatedCost:
				p.Budget = readBudget(node[tr.O])
			case t.StaffRequired:
				texts(tr, &p.Staff)
			case t.PartnersNeeded:
				texts(tr, &p.Partners)
			case vocab.DCTLanguage:
				if code, ok := vocab.LanguageCode(tr.O); ok {
					p.MaterialLanguages = appendNew(p.MaterialLanguages, code)
				} else {
					other(tr)
				}
			case vocab.DCATContactPoint:
				for _, ntr := range node[tr.O] {
					if ntr.P == vocab.VCardRole {
						texts(ntr, &p.ContactRole)
					}
				}
			case vocab.DCTSpatial, t.Country, vocab.SchemaAudience:
				// Read with the places; audience texts are kept as they are.
				if tr.P == vocab.SchemaAudience {
					other(tr)
				}
			default:
				other(tr)
			}
		}
	}
	// Regions and countries that no place carries become places of their own.
	for _, tr := range fields[FieldPlaces] {
		if tr.S != subject {
			continue
		}
		switch tr.P {
		case vocab.DCTSpatial:
			if code, ok := vocab.ParseNUTSRegion(tr.O); ok && !slices.ContainsFunc(p.Places, func(pl Place) bool { return pl.Region == code }) {
				p.Places = append(p.Places, Place{Name: code, Region: code, Country: code[:2]})
			}
		case t.Country:
			if c, ok := vocab.CountryByIRI(tr.O); ok && !slices.ContainsFunc(p.Places, func(pl Place) bool { return pl.Country == c.NUTS }) {
				p.Places = append(p.Places, Place{Name: c.Name("en"), Region: c.NUTS, Country: c.NUTS})
			}
		}
	}
	p.Other = append(p.Other, fields[FieldOther]...)
	// The language of the texts is the one most titles and descriptions
	// carry.
	best := -1
	for l, c := range langs {
		if c > best || c == best && l < p.Language {
			p.Language, best = l, c
		}
	}
	slices.SortFunc(p.Other, rdf.CompareTriples)
	p.Other = slices.Compact(p.Other)
	return p
}

// readPlace reads a place node.
func readPlace(node rdf.Term, ts []rdf.Triple) Place {
	var pl Place
	var lat, lon *float64
	for _, tr := range ts {
		switch tr.P {
		case vocab.LOCNGeographicName:
			if pl.Name == "" {
				pl.Name = tr.O.Value
			}
		case vocab.GeoSfWithin:
			if code, ok := vocab.ParseNUTSRegion(tr.O); ok {
				pl.Region = code
				pl.Country = code[:2]
			}
		case vocab.WGS84Lat:
			if v, err := strconv.ParseFloat(tr.O.Value, 64); err == nil {
				lat = &v
			}
		case vocab.WGS84Long:
			if v, err := strconv.ParseFloat(tr.O.Value, 64); err == nil {
				lon = &v
			}
		}
	}
	if lat != nil && lon != nil {
		pl.Lat, pl.Lon = lat, lon
	}
	if pl.Name == "" {
		pl.Name = node.Value
		if _, frag, ok := strings.Cut(node.Value, "#place-"); ok {
			pl.Name = frag
		}
	}
	return pl
}

// readBudget reads a schema:MonetaryAmount node.
func readBudget(ts []rdf.Triple) Budget {
	var b Budget
	for _, tr := range ts {
		switch tr.P {
		case vocab.SchemaMinValue:
			if v, err := strconv.ParseInt(tr.O.Value, 10, 64); err == nil {
				b.Min = &v
			}
		case vocab.SchemaMaxValue:
			if v, err := strconv.ParseInt(tr.O.Value, 10, 64); err == nil {
				b.Max = &v
			}
		case vocab.SchemaCurrency:
			b.Currency = tr.O.Value
		}
	}
	return b
}

func appendNew(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
