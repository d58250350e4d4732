// Package record is a practice as people and machines write it when they
// share it through the exchange: the fields of Skillsmap's data model
// (vocab/MODEL.md) plus what makes a practice transferable, with
// validation that names the field of every problem, conversion to and from
// RDF, and a field-by-field diff for the editors' queue.
//
// The contribution form, the API (JSON with the field names of
// /context.jsonld, JSON-LD or Turtle) and the editors' corrections all
// produce a Practice; package review stores its versions and publishes
// them.
package record

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Field names a field of a practice. The names are the terms of
// /context.jsonld, so that the API, the form and the diff speak alike.
type Field string

// The fields of a practice.
const (
	FieldTitle         Field = "title"
	FieldDescription   Field = "description"
	FieldLanguage      Field = "language" // the language the texts are written in
	FieldTypes         Field = "practiceTypes"
	FieldTargetGroups  Field = "targetGroups"
	FieldSkills        Field = "skills"
	FieldDeliveryModes Field = "deliveryModes"
	FieldPlaces        Field = "places"
	FieldURL           Field = "url"
	FieldStartDate     Field = "startDate"
	FieldEndDate       Field = "endDate"
	FieldFunding       Field = "fundingProgramme"
	FieldKeywords      Field = "keywords"
	FieldAdaptedFrom   Field = "adaptedFrom"
	FieldProviders     Field = "provider"
	FieldBasedOn       Field = "basedOn" // pages the description is based on
	FieldResults       Field = "results"
	FieldLessons       Field = "lessonsLearnt"
	FieldDuration      Field = "timeRequired"
	FieldBudget        Field = "estimatedCost"
	FieldStaff         Field = "staffRequired"
	FieldPartners      Field = "partnersNeeded"
	FieldLanguages     Field = "languages" // languages of the practice's materials
	FieldContact       Field = "contactPoint"
	// FieldOther holds what a harvested record says beyond these fields.
	FieldOther Field = "other"
)

// Fields lists the fields in the order forms and diffs show them.
func Fields() []Field {
	return []Field{FieldTitle, FieldDescription, FieldLanguage, FieldTypes, FieldTargetGroups, FieldSkills,
		FieldDeliveryModes, FieldPlaces, FieldURL, FieldStartDate, FieldEndDate, FieldFunding, FieldKeywords,
		FieldAdaptedFrom, FieldProviders, FieldBasedOn, FieldResults, FieldLessons, FieldDuration, FieldBudget, FieldStaff,
		FieldPartners, FieldLanguages, FieldContact, FieldOther}
}

// EditableFields are the fields an editor may correct: every field but the
// language of the texts and FieldOther.
func EditableFields() []Field {
	var out []Field
	for _, f := range Fields() {
		if f != FieldLanguage && f != FieldOther {
			out = append(out, f)
		}
	}
	return out
}

// ParseField returns the field named s.
func ParseField(s string) (Field, bool) {
	f := Field(s)
	return f, slices.Contains(Fields(), f)
}

// Texts is a text in several languages: BCP 47 tag (lower case) → text.
type Texts map[string]string

// Get returns the text in lang, else in any language (the smallest tag,
// for stability), else "".
func (t Texts) Get(lang string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	keys := t.Languages()
	if len(keys) == 0 {
		return ""
	}
	return t[keys[0]]
}

// Languages returns the languages that have a non-empty text, sorted.
func (t Texts) Languages() []string {
	var out []string
	for l, s := range t {
		if s != "" {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// Empty reports whether no language has a text.
func (t Texts) Empty() bool { return len(t.Languages()) == 0 }

// Place is one place where a practice runs.
type Place struct {
	// Name is the place as people write it ("Leipzig").
	Name string `json:"name"`
	// Region is the NUTS 2021 code of the most specific region known
	// ("DED51"), "" if unknown.
	Region string `json:"region,omitempty"`
	// Country is the NUTS country code ("DE", "EL"), "" if unknown.
	Country string `json:"country,omitempty"`
	// Lat and Lon are WGS84 coordinates, nil if unknown: the map then uses
	// the region's label point.
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
}

// Budget is a cost range in a currency (schema:MonetaryAmount).
type Budget struct {
	Min      *int64 `json:"minValue,omitempty"`
	Max      *int64 `json:"maxValue,omitempty"`
	Currency string `json:"currency,omitempty"` // ISO 4217, default EUR
}

// IsZero reports whether the budget says nothing.
func (b Budget) IsZero() bool { return b.Min == nil && b.Max == nil }

// BudgetRange is one of the ranges the contribution form offers.
type BudgetRange struct {
	ID       string // "10k-50k"
	Min, Max *int64
}

func i64(v int64) *int64 { return &v }

// BudgetRanges are the cost ranges the form offers, in euros.
var BudgetRanges = []BudgetRange{
	{ID: "under-10k", Min: i64(0), Max: i64(10000)},
	{ID: "10k-50k", Min: i64(10000), Max: i64(50000)},
	{ID: "50k-200k", Min: i64(50000), Max: i64(200000)},
	{ID: "200k-1m", Min: i64(200000), Max: i64(1000000)},
	{ID: "over-1m", Min: i64(1000000)},
}

// Range returns the id of the form's range that b is, "" if none.
func (b Budget) Range() string {
	for _, r := range BudgetRanges {
		if eqPtr(b.Min, r.Min) && eqPtr(b.Max, r.Max) && (b.Currency == "" || b.Currency == "EUR") {
			return r.ID
		}
	}
	return ""
}

// BudgetFromRange returns the budget of a form range id.
func BudgetFromRange(id string) (Budget, bool) {
	for _, r := range BudgetRanges {
		if r.ID == id {
			return Budget{Min: r.Min, Max: r.Max, Currency: "EUR"}, true
		}
	}
	return Budget{}, false
}

func eqPtr(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Practice is a practice as shared through the exchange. Concept-valued
// fields hold concept ids of the bundled schemes (DigComp notations such as
// "1" or "4.2", target-group and practice-type ids); skills may also be
// ESCO skill IRIs. Texts are keyed by language.
type Practice struct {
	// Language is the language the texts are written in (ISO 639-1).
	Language    string `json:"language"`
	Title       Texts  `json:"title"`
	Description Texts  `json:"description"`

	Types         []string `json:"practiceTypes,omitempty"`
	TargetGroups  []string `json:"targetGroups,omitempty"`
	Skills        []string `json:"skills,omitempty"`
	DeliveryModes []string `json:"deliveryModes,omitempty"`
	Places        []Place  `json:"places,omitempty"`

	URL         string   `json:"url,omitempty"`
	StartDate   string   `json:"startDate,omitempty"` // YYYY-MM-DD
	EndDate     string   `json:"endDate,omitempty"`
	Funding     []string `json:"fundingProgramme,omitempty"`
	Keywords    []string `json:"keywords,omitempty"`
	AdaptedFrom []string `json:"adaptedFrom,omitempty"` // practice IRIs
	// Providers are the IRIs of the organisations that run the practice;
	// for a contribution, the contributing organisation.
	Providers []string `json:"provider,omitempty"`
	// BasedOn lists the pages the description is based on (its sources):
	// absolute http(s) URLs.
	BasedOn []string `json:"basedOn,omitempty"`

	// What makes the practice transferable.
	Results Texts `json:"results,omitempty"`
	Lessons Texts `json:"lessonsLearnt,omitempty"`
	// DurationMonths is how long it takes to run the practice once, in
	// months (schema:timeRequired); 0 if unknown.
	DurationMonths int    `json:"timeRequired,omitempty"`
	Budget         Budget `json:"estimatedCost,omitzero"`
	Staff          Texts  `json:"staffRequired,omitempty"`
	Partners       Texts  `json:"partnersNeeded,omitempty"`
	// MaterialLanguages are the ISO 639-1 codes of the languages its
	// materials exist in.
	MaterialLanguages []string `json:"languages,omitempty"`
	// ContactRole is the role to contact about the practice ("project
	// coordinator"), never a person's name or address: messages go
	// through the site.
	ContactRole Texts `json:"contactPoint,omitempty"`

	// Other holds triples of a harvested record that no field represents.
	Other []rdf.Triple `json:"-"`
}

// Clone returns a deep copy of p.
func (p Practice) Clone() Practice {
	c := p
	c.Title, c.Description = cloneTexts(p.Title), cloneTexts(p.Description)
	c.Results, c.Lessons, c.Staff, c.Partners, c.ContactRole =
		cloneTexts(p.Results), cloneTexts(p.Lessons), cloneTexts(p.Staff), cloneTexts(p.Partners), cloneTexts(p.ContactRole)
	for _, l := range []*[]string{&c.Types, &c.TargetGroups, &c.Skills, &c.DeliveryModes, &c.Funding, &c.Keywords,
		&c.AdaptedFrom, &c.Providers, &c.BasedOn, &c.MaterialLanguages} {
		*l = slices.Clone(*l)
	}
	c.Places = make([]Place, len(p.Places))
	for i, pl := range p.Places {
		c.Places[i] = pl
		if pl.Lat != nil {
			v := *pl.Lat
			c.Places[i].Lat = &v
		}
		if pl.Lon != nil {
			v := *pl.Lon
			c.Places[i].Lon = &v
		}
	}
	if len(c.Places) == 0 {
		c.Places = nil
	}
	if p.Budget.Min != nil {
		c.Budget.Min = i64(*p.Budget.Min)
	}
	if p.Budget.Max != nil {
		c.Budget.Max = i64(*p.Budget.Max)
	}
	c.Other = slices.Clone(p.Other)
	return c
}

func cloneTexts(t Texts) Texts {
	if t == nil {
		return nil
	}
	out := make(Texts, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

// DisplayTitle is the title in lang, else in the practice's language, else
// any.
func (p Practice) DisplayTitle(lang string) string {
	if s := p.Title[lang]; s != "" {
		return s
	}
	return p.Title.Get(p.Language)
}

// Normalize trims texts and list items, drops empty ones and duplicates,
// sorts lists, and lower-cases language keys and codes, so that equal
// content compares equal.
func (p *Practice) Normalize() {
	p.Language = strings.ToLower(strings.TrimSpace(p.Language))
	for _, t := range []*Texts{&p.Title, &p.Description, &p.Results, &p.Lessons, &p.Staff, &p.Partners, &p.ContactRole} {
		*t = normalizeTexts(*t)
	}
	for _, l := range []*[]string{&p.Types, &p.TargetGroups, &p.Skills, &p.DeliveryModes, &p.Funding, &p.Keywords,
		&p.AdaptedFrom, &p.Providers, &p.BasedOn} {
		*l = normalizeList(*l, false)
	}
	p.MaterialLanguages = normalizeList(p.MaterialLanguages, true)
	p.URL = strings.TrimSpace(p.URL)
	p.StartDate, p.EndDate = strings.TrimSpace(p.StartDate), strings.TrimSpace(p.EndDate)
	var places []Place
	for _, pl := range p.Places {
		pl.Name = collapse(pl.Name)
		pl.Region = strings.ToUpper(strings.TrimSpace(pl.Region))
		pl.Country = strings.ToUpper(strings.TrimSpace(pl.Country))
		if pl.Name == "" && pl.Region == "" && pl.Country == "" {
			continue
		}
		places = append(places, pl)
	}
	p.Places = places
	if p.Budget.Currency == "" && !p.Budget.IsZero() {
		p.Budget.Currency = "EUR"
	}
	p.Budget.Currency = strings.ToUpper(strings.TrimSpace(p.Budget.Currency))
	if p.Budget.IsZero() {
		p.Budget.Currency = ""
	}
}

func normalizeTexts(t Texts) Texts {
	out := Texts{}
	for k, v := range t {
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
		if v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func normalizeList(l []string, lower bool) []string {
	var out []string
	for _, v := range l {
		v = collapse(v)
		if lower {
			v = strings.ToLower(v)
		}
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	// RDF keeps no order of values: sorted lists make equal content equal.
	slices.Sort(out)
	return out
}

// collapse trims s and collapses runs of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// CopyFields sets the given fields of p to their values in from.
func (p *Practice) CopyFields(from Practice, fields ...Field) {
	from = from.Clone()
	for _, f := range fields {
		switch f {
		case FieldTitle:
			p.Title = from.Title
		case FieldDescription:
			p.Description = from.Description
		case FieldLanguage:
			p.Language = from.Language
		case FieldTypes:
			p.Types = from.Types
		case FieldTargetGroups:
			p.TargetGroups = from.TargetGroups
		case FieldSkills:
			p.Skills = from.Skills
		case FieldDeliveryModes:
			p.DeliveryModes = from.DeliveryModes
		case FieldPlaces:
			p.Places = from.Places
		case FieldURL:
			p.URL = from.URL
		case FieldStartDate:
			p.StartDate = from.StartDate
		case FieldEndDate:
			p.EndDate = from.EndDate
		case FieldFunding:
			p.Funding = from.Funding
		case FieldKeywords:
			p.Keywords = from.Keywords
		case FieldAdaptedFrom:
			p.AdaptedFrom = from.AdaptedFrom
		case FieldProviders:
			p.Providers = from.Providers
		case FieldBasedOn:
			p.BasedOn = from.BasedOn
		case FieldResults:
			p.Results = from.Results
		case FieldLessons:
			p.Lessons = from.Lessons
		case FieldDuration:
			p.DurationMonths = from.DurationMonths
		case FieldBudget:
			p.Budget = from.Budget
		case FieldStaff:
			p.Staff = from.Staff
		case FieldPartners:
			p.Partners = from.Partners
		case FieldLanguages:
			p.MaterialLanguages = from.MaterialLanguages
		case FieldContact:
			p.ContactRole = from.ContactRole
		case FieldOther:
			p.Other = from.Other
		}
	}
}
