package record

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Change is the difference in one field between two versions.
type Change struct {
	Field Field
	// Old and New are the field's values in canonical text form (see
	// Values): concept ids, "lang: text", "name (region, country)".
	Old, New []string
	// Added and Removed are the values only in New, only in Old.
	Added, Removed []string
}

// Diff returns the fields that differ between old and new, in Fields
// order. A zero old (a first version) gives every field new has.
func Diff(old, new Practice) []Change {
	var out []Change
	for _, f := range Fields() {
		a, b := old.Values(f), new.Values(f)
		if slices.Equal(a, b) {
			continue
		}
		c := Change{Field: f, Old: a, New: b}
		for _, v := range b {
			if !slices.Contains(a, v) {
				c.Added = append(c.Added, v)
			}
		}
		for _, v := range a {
			if !slices.Contains(b, v) {
				c.Removed = append(c.Removed, v)
			}
		}
		out = append(out, c)
	}
	return out
}

// Values returns field f of p as sorted canonical texts, the form diffs
// compare and pages show when they have nothing better (pages label
// concept ids in the reader's language).
func (p Practice) Values(f Field) []string {
	var out []string
	texts := func(t Texts) {
		for _, l := range t.Languages() {
			out = append(out, l+": "+t[l])
		}
	}
	switch f {
	case FieldTitle:
		texts(p.Title)
	case FieldDescription:
		texts(p.Description)
	case FieldLanguage:
		if p.Language != "" {
			out = []string{p.Language}
		}
	case FieldTypes:
		out = slices.Clone(p.Types)
	case FieldTargetGroups:
		out = slices.Clone(p.TargetGroups)
	case FieldSkills:
		out = slices.Clone(p.Skills)
	case FieldDeliveryModes:
		out = slices.Clone(p.DeliveryModes)
	case FieldPlaces:
		for _, pl := range p.Places {
			out = append(out, pl.String())
		}
	case FieldURL:
		out = nonEmpty(p.URL)
	case FieldStartDate:
		out = nonEmpty(p.StartDate)
	case FieldEndDate:
		out = nonEmpty(p.EndDate)
	case FieldFunding:
		out = slices.Clone(p.Funding)
	case FieldKeywords:
		out = slices.Clone(p.Keywords)
	case FieldAdaptedFrom:
		out = slices.Clone(p.AdaptedFrom)
	case FieldProviders:
		out = slices.Clone(p.Providers)
	case FieldBasedOn:
		out = slices.Clone(p.BasedOn)
	case FieldResults:
		texts(p.Results)
	case FieldLessons:
		texts(p.Lessons)
	case FieldDuration:
		if p.DurationMonths > 0 {
			out = []string{strconv.Itoa(p.DurationMonths)}
		}
	case FieldBudget:
		if !p.Budget.IsZero() {
			out = []string{p.Budget.String()}
		}
	case FieldStaff:
		texts(p.Staff)
	case FieldPartners:
		texts(p.Partners)
	case FieldLanguages:
		out = slices.Clone(p.MaterialLanguages)
	case FieldContact:
		texts(p.ContactRole)
	case FieldOther:
		for _, tr := range p.Other {
			out = append(out, tr.String())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// String is the place as "name (region, country, lat lon)", leaving out
// what is unknown.
func (pl Place) String() string {
	var parts []string
	if pl.Region != "" {
		parts = append(parts, pl.Region)
	}
	if pl.Country != "" && !strings.HasPrefix(pl.Region, pl.Country) {
		parts = append(parts, pl.Country)
	}
	if pl.Lat != nil && pl.Lon != nil {
		parts = append(parts, fmt.Sprintf("%.4f %.4f", *pl.Lat, *pl.Lon))
	}
	if len(parts) == 0 {
		return pl.Name
	}
	return pl.Name + " (" + strings.Join(parts, ", ") + ")"
}

// String is the budget as "10000–50000 EUR", "from 1000000 EUR" or
// "up to 10000 EUR".
func (b Budget) String() string {
	cur := b.Currency
	if cur == "" {
		cur = "EUR"
	}
	switch {
	case b.Min != nil && b.Max != nil:
		return fmt.Sprintf("%d–%d %s", *b.Min, *b.Max, cur)
	case b.Min != nil:
		return fmt.Sprintf("from %d %s", *b.Min, cur)
	case b.Max != nil:
		return fmt.Sprintf("up to %d %s", *b.Max, cur)
	}
	return ""
}
