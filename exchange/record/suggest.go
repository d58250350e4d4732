package record

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/vocab"
)

// Suggestion is a concept the vocabulary matchers found in what a
// contributor wrote, for the contributor to confirm or change.
type Suggestion struct {
	ID    string `json:"id"`    // the concept id ("1", "refugee-women")
	Label string `json:"label"` // in the requested language
	// Because is the contributor's text that matched ("digitale Kompetenz").
	Because string `json:"because"`
}

// PlaceSuggestion is a place the place matcher found for a place name.
type PlaceSuggestion struct {
	Place
	// For is the name as the contributor typed it.
	For string `json:"for"`
	// RegionLabel names the region in the requested language.
	RegionLabel string `json:"regionLabel,omitempty"`
	// Alternatives are other regions the name could mean.
	Alternatives []string `json:"alternatives,omitempty"`
	Confidence   float64  `json:"confidence"`
	// City says the name was found as a city (its coordinates are the
	// city's), not as a region or country.
	City bool `json:"city"`
}

// Suggestions are what the matchers propose for a practice.
type Suggestions struct {
	Skills        []Suggestion      `json:"skills"`
	TargetGroups  []Suggestion      `json:"targetGroups"`
	Types         []Suggestion      `json:"practiceTypes"`
	DeliveryModes []Suggestion      `json:"deliveryModes"`
	Places        []PlaceSuggestion `json:"places"`
}

// Suggest runs the vocabulary matchers over what p says: its titles,
// descriptions, keywords and place names. lang chooses the labels. It
// suggests only what p does not have yet.
func Suggest(p Practice, places *vocab.PlaceMatcher, lang string) Suggestions {
	var texts []string
	for _, t := range []Texts{p.Title, p.Description, p.Results, p.Partners} {
		for _, l := range t.Languages() {
			texts = append(texts, t[l])
		}
	}
	texts = append(texts, p.Keywords...)
	text := strings.Join(texts, "\n")
	labels := []string{lang, "en"}
	conv := func(res vocab.MatchResult, have []string) []Suggestion {
		var out []Suggestion
		for _, m := range res.Matches {
			if slices.Contains(have, m.Concept.ID) || slices.ContainsFunc(out, func(s Suggestion) bool { return s.ID == m.Concept.ID }) {
				continue
			}
			out = append(out, Suggestion{ID: m.Concept.ID, Label: m.Concept.Label(labels...), Because: m.Text})
		}
		return out
	}
	s := Suggestions{
		Skills:        conv(vocab.MatchSkills(text), p.Skills),
		TargetGroups:  conv(vocab.MatchTargetGroups(text), p.TargetGroups),
		Types:         conv(vocab.MatchPracticeTypes(text), p.Types),
		DeliveryModes: conv(vocab.MatchDeliveryModes(text), p.DeliveryModes),
	}
	if places != nil {
		for _, pl := range p.Places {
			if pl.Name == "" {
				continue
			}
			if ps, ok := SuggestPlace(places, pl.Name, pl.Country, lang); ok {
				s.Places = append(s.Places, ps)
			}
		}
	}
	return s
}

// SuggestPlace resolves one place name (with an optional country hint) to
// its region, country and coordinates.
func SuggestPlace(places *vocab.PlaceMatcher, name, countryHint, lang string) (PlaceSuggestion, bool) {
	res := places.Match(name, countryHint)
	if len(res.Places) == 0 {
		return PlaceSuggestion{}, false
	}
	m := res.Places[0]
	ps := PlaceSuggestion{
		For:          name,
		Place:        Place{Name: firstNonEmpty(m.Text, m.Name), Region: m.RegionCode, Country: m.Country.NUTS},
		Alternatives: m.Alternatives,
		Confidence:   m.Confidence,
		City:         m.City,
	}
	if m.HasPoint && m.City {
		lat, lon := m.Lat, m.Lon
		ps.Lat, ps.Lon = &lat, &lon
	}
	if rs := places.Regions(); rs != nil {
		if r, ok := rs.Region(m.RegionCode); ok {
			ps.RegionLabel = r.Name
		}
	}
	if ps.RegionLabel == "" && m.Level == 0 {
		ps.RegionLabel = m.Country.Name(lang, "en")
	}
	if ps.RegionLabel == "" {
		ps.RegionLabel = m.Name
	}
	return ps, true
}

// CompletePlaces fills in what the place matcher knows of places that lack
// it: the region and country of a name, and the city's coordinates when the
// place lies in the region the city is in (a contributor who corrected
// the region keeps the correction, without a point that contradicts it).
func CompletePlaces(p *Practice, places *vocab.PlaceMatcher) {
	if places == nil {
		return
	}
	for i := range p.Places {
		pl := &p.Places[i]
		if pl.Name == "" || pl.Lat != nil {
			continue
		}
		res := places.Match(pl.Name, pl.Country)
		if len(res.Places) == 0 {
			continue
		}
		m := res.Places[0]
		if pl.Region == "" {
			pl.Region = m.RegionCode
		}
		if pl.Country == "" {
			pl.Country = m.Country.NUTS
		}
		if m.City && m.HasPoint && m.RegionCode != "" && strings.HasPrefix(m.RegionCode, pl.Region) {
			lat, lon := m.Lat, m.Lon
			pl.Lat, pl.Lon = &lat, &lon
		}
	}
}
