package web

import (
	"context"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// shownValue is one value of a field as a page shows it: labelled in the
// page's language, with the canonical text that diffs compare.
type shownValue struct {
	// Canon is the value as record.Practice.Values writes it.
	Canon string
	Text  string
	// Lang is the language of a text value.
	Lang string
	// Href links the value (a web page, another practice).
	Href string
	// Added and Removed mark the value in a diff.
	Added, Removed bool
}

// fieldRow is a field with its values.
type fieldRow struct {
	Field, Label string
	Values       []shownValue
}

// changeRow is a field that differs between two versions.
type changeRow struct {
	Field, Label string
	Old, New     []shownValue
}

// labeller shows the values of records in a visitor's language; it
// remembers the organisation names it looked up.
type labeller struct {
	w    *Web
	ctx  context.Context
	v    *visitor
	orgs map[string]string
	// people are the names of user ids (person).
	people map[string]string
}

func (w *Web) labeller(ctx context.Context, v *visitor) *labeller {
	return &labeller{w: w, ctx: ctx, v: v, orgs: map[string]string{}, people: map[string]string{}}
}

// fieldLabel names a field.
func (l *labeller) fieldLabel(f record.Field) string {
	return l.v.Loc.T("contribute.field."+string(f), nil)
}

// orgName names an organisation by its id: its account's name, else what
// review published of it, else the id.
func (l *labeller) orgName(id string) string {
	if id == "" {
		return ""
	}
	if n, ok := l.orgs[id]; ok {
		return n
	}
	name := id
	if o, err := l.w.opts.Accounts.Organisation(l.ctx, id); err == nil && o.Name != "" {
		name = o.Name
	} else if o, ok := l.w.opts.Review.Organisation(l.ctx, id); ok && o.Name != "" {
		name = o.Name
	}
	l.orgs[id] = name
	return name
}

// sourceName names a harvest source.
func (w *Web) sourceName(id string) string {
	for _, s := range w.opts.Sources {
		if s.ID == id && s.Name != "" {
			return s.Name
		}
	}
	return id
}

// conceptLabel labels a concept id of a scheme; DigComp competences carry
// their number.
func conceptLabel(s vocab.Scheme, id, lang string) string {
	c, ok := vocab.ConceptByID(s, id)
	if !ok {
		return id
	}
	label := c.Label(lang, "en")
	if c.Notation != "" {
		label = c.Notation + " " + label
	}
	return label
}

// values shows field f of rec.
func (l *labeller) values(rec record.Practice, f record.Field) []shownValue {
	lang := l.v.Lang
	var out []shownValue
	add := func(canon, text string) { out = append(out, shownValue{Canon: canon, Text: text}) }
	texts := func(t record.Texts) {
		for _, tl := range t.Languages() {
			out = append(out, shownValue{Canon: tl + ": " + t[tl], Text: t[tl], Lang: tl})
		}
	}
	concepts := func(s vocab.Scheme, ids []string) {
		for _, id := range ids {
			add(id, conceptLabel(s, id, lang))
		}
	}
	languages := func(codes []string) {
		for _, c := range codes {
			add(c, languageName(c, lang))
		}
	}
	switch f {
	case record.FieldTitle:
		texts(rec.Title)
	case record.FieldDescription:
		texts(rec.Description)
	case record.FieldResults:
		texts(rec.Results)
	case record.FieldLessons:
		texts(rec.Lessons)
	case record.FieldStaff:
		texts(rec.Staff)
	case record.FieldPartners:
		texts(rec.Partners)
	case record.FieldContact:
		texts(rec.ContactRole)
	case record.FieldLanguage:
		if rec.Language != "" {
			languages([]string{rec.Language})
		}
	case record.FieldLanguages:
		languages(rec.MaterialLanguages)
	case record.FieldTypes:
		concepts(vocab.PracticeTypes, rec.Types)
	case record.FieldTargetGroups:
		concepts(vocab.TargetGroups, rec.TargetGroups)
	case record.FieldDeliveryModes:
		concepts(vocab.DeliveryModes, rec.DeliveryModes)
	case record.FieldSkills:
		for _, id := range rec.Skills {
			if _, ok := vocab.ConceptByID(vocab.DigComp, id); ok {
				add(id, conceptLabel(vocab.DigComp, id, lang))
			} else {
				out = append(out, shownValue{Canon: id, Text: id, Href: id})
			}
		}
	case record.FieldPlaces:
		for _, pl := range rec.Places {
			add(pl.String(), l.placeText(pl))
		}
	case record.FieldURL:
		if rec.URL != "" {
			out = append(out, shownValue{Canon: rec.URL, Text: rec.URL, Href: rec.URL})
		}
	case record.FieldStartDate:
		if rec.StartDate != "" {
			add(rec.StartDate, rec.StartDate)
		}
	case record.FieldEndDate:
		if rec.EndDate != "" {
			add(rec.EndDate, rec.EndDate)
		}
	case record.FieldFunding:
		for _, s := range rec.Funding {
			add(s, s)
		}
	case record.FieldKeywords:
		for _, s := range rec.Keywords {
			add(s, s)
		}
	case record.FieldAdaptedFrom:
		for _, iri := range rec.AdaptedFrom {
			text := iri
			if id, ok := l.w.opts.IRIs.ParsePractice(rdf.IRI(iri)); ok {
				text = id
			}
			out = append(out, shownValue{Canon: iri, Text: text, Href: iri})
		}
	case record.FieldProviders:
		for _, iri := range rec.Providers {
			text := iri
			if id, ok := l.w.opts.IRIs.ParseOrganisation(rdf.IRI(iri)); ok {
				text = l.orgName(id)
			}
			add(iri, text)
		}
	case record.FieldDuration:
		if rec.DurationMonths > 0 {
			vs := rec.Values(f)
			add(vs[0], l.v.Loc.Plural("editor.value.months", rec.DurationMonths, nil))
		}
	case record.FieldBudget:
		if !rec.Budget.IsZero() {
			text := rec.Budget.String()
			if r := rec.Budget.Range(); r != "" {
				text = l.v.Loc.T("contribute.budget."+r, nil)
			}
			add(rec.Budget.String(), text)
		}
	case record.FieldOther:
		for _, tr := range rec.Other {
			add(tr.String(), tr.String())
		}
	}
	// In the order and without the repeats of record.Practice.Values.
	slices.SortStableFunc(out, func(a, b shownValue) int { return strings.Compare(a.Canon, b.Canon) })
	return slices.CompactFunc(out, func(a, b shownValue) bool { return a.Canon == b.Canon })
}

// placeText shows a place with the name of its region: "Leipzig — Leipzig
// (DED51)".
func (l *labeller) placeText(pl record.Place) string {
	var where string
	switch {
	case pl.Region != "":
		where = l.w.regionLabel(pl.Region, l.v.Lang)
	case pl.Country != "":
		where = l.w.regionLabel(pl.Country, l.v.Lang)
	}
	switch {
	case where == "":
		return pl.Name
	case pl.Name == "":
		return where
	}
	return pl.Name + " — " + where
}

// fields shows every field of rec that has a value.
func (l *labeller) fields(rec record.Practice) []fieldRow {
	var out []fieldRow
	for _, f := range record.Fields() {
		if vs := l.values(rec, f); len(vs) > 0 {
			out = append(out, fieldRow{Field: string(f), Label: l.fieldLabel(f), Values: vs})
		}
	}
	return out
}

// changes shows a diff between two records of a practice.
func (l *labeller) changes(old, new record.Practice, cs []record.Change) []changeRow {
	var out []changeRow
	for _, c := range cs {
		row := changeRow{Field: string(c.Field), Label: l.fieldLabel(c.Field), Old: l.values(old, c.Field), New: l.values(new, c.Field)}
		for i := range row.Old {
			row.Old[i].Removed = slices.Contains(c.Removed, row.Old[i].Canon)
		}
		for i := range row.New {
			row.New[i].Added = slices.Contains(c.Added, row.New[i].Canon)
		}
		out = append(out, row)
	}
	return out
}
