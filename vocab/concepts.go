package vocab

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Scheme names a SKOS concept scheme of Skillsmap; it is the {scheme}
// segment of {base}vocab/{scheme}.
type Scheme string

// The concept schemes bundled with Skillsmap.
const (
	// DigComp holds the 5 competence areas (ids "1"–"5") and 21 competences
	// (ids "1.1"–"5.4") of DigComp 2.2.
	DigComp Scheme = "digcomp"
	// TargetGroups holds the groups practices are meant for.
	TargetGroups Scheme = "target-group"
	// PracticeTypes holds the kinds of practice.
	PracticeTypes Scheme = "practice-type"
	// DeliveryModes holds face-to-face, online and hybrid.
	DeliveryModes Scheme = "delivery-mode"
	// EditorialStatuses holds the states of a record in editorial review.
	EditorialStatuses Scheme = "editorial-status"
	// EditorialActs holds the kinds of editorial activity on published
	// practices: approval, correction, merge, validation, revert, withdrawal.
	EditorialActs Scheme = "editorial-act"
)

// Schemes returns the bundled schemes in a stable order.
func Schemes() []Scheme {
	return []Scheme{DigComp, TargetGroups, PracticeTypes, DeliveryModes, EditorialStatuses, EditorialActs}
}

// Concept is a SKOS concept of a bundled scheme. It is a read-only value:
// its labels are reached through methods.
type Concept struct {
	Scheme   Scheme
	ID       string // the last segment of the concept's IRI
	Notation string // the DigComp number ("1", "2.3"); "" in other schemes
	// Level is "area" or "competence" in DigComp, "" elsewhere.
	Level string

	broader, narrower []string
	prefLabels        map[string]string
	altLabels         map[string][]string
	definitions       map[string]string
	closeMatches      []string
}

// IRI returns the concept's IRI under n's base.
func (c Concept) IRI(n IRIs) rdf.Term { return n.Concept(c.Scheme, c.ID) }

// IsZero reports whether c is the zero Concept (no concept).
func (c Concept) IsZero() bool { return c.ID == "" }

// Broader returns the ids of the broader concepts in the same scheme.
func (c Concept) Broader() []string { return slices.Clone(c.broader) }

// Narrower returns the ids of the narrower concepts in the same scheme.
func (c Concept) Narrower() []string { return slices.Clone(c.narrower) }

// Top reports whether c is a top concept of its scheme (it has no broader).
func (c Concept) Top() bool { return len(c.broader) == 0 }

// PrefLabel returns the preferred label in exactly the language lang.
func (c Concept) PrefLabel(lang string) (string, bool) {
	l, ok := c.prefLabels[strings.ToLower(lang)]
	return l, ok
}

// Label returns the preferred label in the first of langs that has one
// ("de-AT" also tries "de"), else in English, else in any language (the
// first in alphabetical order of language tags).
func (c Concept) Label(langs ...string) string { return pickLabel(c.prefLabels, langs) }

// AltLabels returns the alternative labels in language lang.
func (c Concept) AltLabels(lang string) []string {
	return slices.Clone(c.altLabels[strings.ToLower(lang)])
}

// Languages returns the languages that have a preferred label, sorted.
func (c Concept) Languages() []string { return sortedKeys(c.prefLabels) }

// Definition returns the definition with the same language fallback as Label.
func (c Concept) Definition(langs ...string) string { return pickLabel(c.definitions, langs) }

// CloseMatches returns IRIs of concepts in other vocabularies that mean
// nearly the same (skos:closeMatch).
func (c Concept) CloseMatches() []string { return slices.Clone(c.closeMatches) }

// String returns "scheme/id".
func (c Concept) String() string { return string(c.Scheme) + "/" + c.ID }

// ConceptScheme is one bundled SKOS concept scheme.
type ConceptScheme struct {
	ID          Scheme
	Source      string // IRI of the work the scheme is taken from, if any
	labels      map[string]string
	definitions map[string]string
	concepts    []Concept // in table order
	byID        map[string]int
}

// Label returns the scheme's title with the language fallback of
// Concept.Label.
func (s *ConceptScheme) Label(langs ...string) string { return pickLabel(s.labels, langs) }

// Definition returns the scheme's description with the same fallback.
func (s *ConceptScheme) Definition(langs ...string) string { return pickLabel(s.definitions, langs) }

// Concepts returns the scheme's concepts in table order.
func (s *ConceptScheme) Concepts() []Concept { return slices.Clone(s.concepts) }

// Concept returns the concept with the given id.
func (s *ConceptScheme) Concept(id string) (Concept, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Concept{}, false
	}
	return s.concepts[i], true
}

// LookupScheme returns a bundled scheme.
func LookupScheme(s Scheme) (*ConceptScheme, bool) {
	cs, ok := bundled.schemes[s]
	return cs, ok
}

// ConceptByID returns a concept of a bundled scheme.
func ConceptByID(s Scheme, id string) (Concept, bool) {
	cs, ok := bundled.schemes[s]
	if !ok {
		return Concept{}, false
	}
	return cs.Concept(id)
}

// ConceptByIRI returns the bundled concept that an IRI under n's base names.
func (n IRIs) ConceptByIRI(t rdf.Term) (Concept, bool) {
	s, id, ok := n.ParseConcept(t)
	if !ok {
		return Concept{}, false
	}
	return ConceptByID(s, id)
}

// pickLabel implements the language fallback of Concept.Label.
func pickLabel(m map[string]string, langs []string) string {
	if len(m) == 0 {
		return ""
	}
	for _, l := range langs {
		l = strings.ToLower(strings.TrimSpace(l))
		for l != "" {
			if v, ok := m[l]; ok {
				return v
			}
			i := strings.LastIndexByte(l, '-')
			if i < 0 {
				break
			}
			l = l[:i]
		}
	}
	if v, ok := m["en"]; ok {
		return v
	}
	if v, ok := m[""]; ok {
		return v
	}
	return m[sortedKeys(m)[0]]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// schemeFiles names the table of each scheme other than DigComp.
var schemeFiles = map[Scheme]string{
	TargetGroups:      "target-groups.csv",
	PracticeTypes:     "practice-types.csv",
	DeliveryModes:     "delivery-modes.csv",
	EditorialStatuses: "editorial-status.csv",
	EditorialActs:     "editorial-acts.csv",
}

// loadSchemes reads schemes.csv and every scheme's table.
func loadSchemes() (map[Scheme]*ConceptScheme, error) {
	rows, header, err := readTable("schemes.csv", "id", "label_en")
	if err != nil {
		return nil, err
	}
	out := map[Scheme]*ConceptScheme{}
	for _, r := range rows {
		cs := &ConceptScheme{
			ID:          Scheme(r.get("id")),
			Source:      r.get("source"),
			labels:      langValues(r, header, "label"),
			definitions: langValues(r, header, "definition"),
			byID:        map[string]int{},
		}
		out[cs.ID] = cs
	}
	for _, s := range Schemes() {
		cs, ok := out[s]
		if !ok {
			return nil, fmt.Errorf("vocab data schemes.csv: no row for scheme %q", s)
		}
		var concepts []Concept
		if s == DigComp {
			concepts, err = loadDigComp()
		} else {
			concepts, err = loadConceptTable(s, schemeFiles[s])
		}
		if err != nil {
			return nil, err
		}
		for _, c := range concepts {
			if _, dup := cs.byID[c.ID]; dup {
				return nil, fmt.Errorf("vocab data: scheme %s: duplicate concept %q", s, c.ID)
			}
			cs.byID[c.ID] = len(cs.concepts)
			cs.concepts = append(cs.concepts, c)
		}
		if err := linkNarrower(cs); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadDigComp reads the DigComp 2.2 table: notation, level, broader, label_en.
func loadDigComp() ([]Concept, error) {
	rows, header, err := readTable("digcomp-2.2.csv", "notation", "level", "broader", "label_en")
	if err != nil {
		return nil, err
	}
	var out []Concept
	for _, r := range rows {
		n := r.get("notation")
		level := r.get("level")
		if n == "" || (level != "area" && level != "competence") {
			return nil, r.errorf("bad notation %q or level %q", n, level)
		}
		c := Concept{
			Scheme:     DigComp,
			ID:         n,
			Notation:   n,
			Level:      level,
			broader:    r.list("broader"),
			prefLabels: langValues(r, header, "label"),
		}
		if (level == "area") != (len(c.broader) == 0) {
			return nil, r.errorf("DigComp %s: areas have no broader concept, competences one", n)
		}
		out = append(out, c)
	}
	return out, nil
}

// loadConceptTable reads a scheme table: id, broader, label_xx, alt_xx,
// definition_xx, close_match.
func loadConceptTable(s Scheme, file string) ([]Concept, error) {
	rows, header, err := readTable(file, "id", "broader", "label_en")
	if err != nil {
		return nil, err
	}
	var out []Concept
	for _, r := range rows {
		id := r.get("id")
		if id == "" || Slug(id) != id {
			return nil, r.errorf("concept id %q must be a slug", id)
		}
		c := Concept{
			Scheme:       s,
			ID:           id,
			broader:      r.list("broader"),
			prefLabels:   langValues(r, header, "label"),
			altLabels:    map[string][]string{},
			definitions:  langValues(r, header, "definition"),
			closeMatches: r.list("close_match"),
		}
		for _, lang := range langColumns(header, "alt") {
			for _, a := range r.list("alt_" + lang) {
				if pref := c.prefLabels[lang]; strings.EqualFold(a, pref) {
					return nil, r.errorf("concept %s: alt label %q repeats the preferred label", id, a)
				}
				if !slices.Contains(c.altLabels[lang], a) {
					c.altLabels[lang] = append(c.altLabels[lang], a)
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// langValues returns the non-empty prefix_xx columns of r by language.
func langValues(r csvRow, header []string, prefix string) map[string]string {
	m := map[string]string{}
	for _, lang := range langColumns(header, prefix) {
		if v := r.get(prefix + "_" + lang); v != "" {
			m[strings.ToLower(lang)] = v
		}
	}
	return m
}

// linkNarrower checks the broader links of a scheme and fills in narrower.
func linkNarrower(cs *ConceptScheme) error {
	for i := range cs.concepts {
		c := &cs.concepts[i]
		if len(c.prefLabels["en"]) == 0 {
			return fmt.Errorf("vocab data: %s has no English label", c)
		}
		for _, b := range c.broader {
			j, ok := cs.byID[b]
			if !ok {
				return fmt.Errorf("vocab data: %s: broader concept %q does not exist", c, b)
			}
			if b == c.ID {
				return fmt.Errorf("vocab data: %s is broader than itself", c)
			}
			cs.concepts[j].narrower = append(cs.concepts[j].narrower, c.ID)
		}
	}
	return nil
}
