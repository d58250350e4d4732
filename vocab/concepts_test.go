package vocab

import (
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestDigComp(t *testing.T) {
	cs, ok := LookupScheme(DigComp)
	if !ok {
		t.Fatal("no DigComp scheme")
	}
	var areas, comps []Concept
	for _, c := range cs.Concepts() {
		switch c.Level {
		case "area":
			areas = append(areas, c)
		case "competence":
			comps = append(comps, c)
		default:
			t.Errorf("%s has level %q", c, c.Level)
		}
	}
	if len(areas) != 5 || len(comps) != 21 {
		t.Fatalf("DigComp has %d areas and %d competences, want 5 and 21", len(areas), len(comps))
	}
	for _, c := range comps {
		b := c.Broader()
		if len(b) != 1 || !strings.HasPrefix(c.Notation, b[0]+".") {
			t.Errorf("competence %s has broader %v", c.Notation, b)
		}
		area, _ := ConceptByID(DigComp, b[0])
		if !slices.Contains(area.Narrower(), c.ID) {
			t.Errorf("area %s does not list %s as narrower", area.ID, c.ID)
		}
	}
	tests := map[string]string{
		"1":   "Information and data literacy",
		"2.5": "Netiquette",
		"3.4": "Programming",
		"4.2": "Protecting personal data and privacy",
		"5.4": "Identifying digital competence gaps",
	}
	for id, want := range tests {
		c, ok := ConceptByID(DigComp, id)
		if !ok || c.Label("en") != want || c.Notation != id {
			t.Errorf("DigComp %s = %q (notation %q), want %q", id, c.Label("en"), c.Notation, want)
		}
	}
	if cs.Source == "" || !strings.HasPrefix(cs.Source, "https://") {
		t.Errorf("DigComp scheme source = %q", cs.Source)
	}
}

func TestConceptLabels(t *testing.T) {
	c, ok := ConceptByID(TargetGroups, "refugee-women")
	if !ok {
		t.Fatal("no refugee-women")
	}
	tests := []struct {
		langs []string
		want  string
	}{
		{[]string{"de"}, "Geflüchtete und zugewanderte Frauen"},
		{[]string{"de-AT"}, "Geflüchtete und zugewanderte Frauen"},
		{[]string{"FR"}, "Femmes réfugiées et migrantes"},
		{[]string{"pl", "fr"}, "Femmes réfugiées et migrantes"},
		{[]string{"pl"}, "Refugee and migrant women"},
		{nil, "Refugee and migrant women"},
	}
	for _, tt := range tests {
		if got := c.Label(tt.langs...); got != tt.want {
			t.Errorf("Label(%v) = %q, want %q", tt.langs, got, tt.want)
		}
	}
	if got := c.Broader(); !slices.Equal(got, []string{"refugees-migrants", "women-girls"}) {
		t.Errorf("refugee-women broader = %v", got)
	}
	if _, ok := c.PrefLabel("pl"); ok {
		t.Error("PrefLabel(pl) found a label")
	}
	alts := c.AltLabels("de")
	if !slices.Contains(alts, "geflüchtete Frauen") {
		t.Errorf("AltLabels(de) = %v", alts)
	}
	alts[0] = "changed"
	if c.AltLabels("de")[0] == "changed" {
		t.Error("AltLabels returned shared storage")
	}
	if got := pickLabel(map[string]string{"it": "ciao", "es": "hola"}, []string{"pl"}); got != "hola" {
		t.Errorf("fallback to any language = %q, want the first in tag order", got)
	}
}

func TestTargetGroupsAndPracticeTypesAreMultilingual(t *testing.T) {
	for _, s := range []Scheme{TargetGroups, PracticeTypes, DeliveryModes, EditorialStatuses} {
		cs, _ := LookupScheme(s)
		for _, c := range cs.Concepts() {
			for _, lang := range []string{"en", "de", "fr"} {
				if _, ok := c.PrefLabel(lang); !ok {
					t.Errorf("%s has no %s label", c, lang)
				}
			}
		}
	}
	if cs, _ := LookupScheme(DeliveryModes); len(cs.Concepts()) != 3 {
		t.Errorf("delivery modes: %d concepts, want 3", len(cs.Concepts()))
	}
}

func TestConceptByIRI(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	for _, s := range Schemes() {
		cs, _ := LookupScheme(s)
		for _, c := range cs.Concepts() {
			got, ok := n.ConceptByIRI(c.IRI(n))
			if !ok || got.ID != c.ID || got.Scheme != s {
				t.Errorf("ConceptByIRI(%v) = %v, %v", c.IRI(n), got, ok)
			}
		}
	}
	for _, bad := range []rdf.Term{
		n.Concept(DigComp, "6.1"),
		n.Concept("unknown", "x"),
		rdf.IRI("http://other/vocab/digcomp/1.1"),
	} {
		if c, ok := n.ConceptByIRI(bad); ok {
			t.Errorf("ConceptByIRI(%v) = %v", bad, c)
		}
	}
}

// TestSKOSIntegrity checks the SKOS integrity conditions that the bundled
// schemes can break: one preferred label per language, preferred and
// alternative labels disjoint, broader and narrower inverse and inside the
// scheme, top concepts exactly the concepts without broader.
func TestSKOSIntegrity(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	for _, s := range Schemes() {
		g, err := SchemeGraph(n, s)
		if err != nil {
			t.Fatal(err)
		}
		scheme := n.Scheme(s)
		concepts := g.Subjects(rdf.Type, SKOSConcept)
		if len(concepts) == 0 {
			t.Fatalf("%s: no concepts", s)
		}
		inScheme := map[rdf.Term]bool{}
		for _, c := range concepts {
			inScheme[c] = true
		}
		for _, c := range concepts {
			if !g.Has(rdf.Triple{S: c, P: SKOSInScheme, O: scheme}) {
				t.Errorf("%v not in scheme", c)
			}
			prefByLang := map[string]int{}
			labels := map[rdf.Term]string{}
			for _, l := range g.Objects(c, SKOSPrefLabel) {
				prefByLang[l.Lang]++
				labels[l] = "pref"
			}
			for lang, k := range prefByLang {
				if k != 1 {
					t.Errorf("%v has %d prefLabels in %q", c, k, lang)
				}
			}
			for _, l := range g.Objects(c, SKOSAltLabel) {
				if labels[l] == "pref" {
					t.Errorf("%v has %v as pref and alt label", c, l)
				}
			}
			broader := g.Objects(c, SKOSBroader)
			for _, b := range broader {
				if !inScheme[b] {
					t.Errorf("%v broader %v is not in the scheme", c, b)
				}
				if !g.Has(rdf.Triple{S: b, P: SKOSNarrower, O: c}) {
					t.Errorf("%v broader %v lacks the inverse narrower", c, b)
				}
			}
			top := g.Has(rdf.Triple{S: c, P: SKOSTopConceptOf, O: scheme})
			if top != (len(broader) == 0) || top != g.Has(rdf.Triple{S: scheme, P: SKOSHasTopConcept, O: c}) {
				t.Errorf("%v: top concept %v but %d broader", c, top, len(broader))
			}
		}
		if len(g.Objects(scheme, SKOSPrefLabel)) < 2 || !g.Has(rdf.Triple{S: scheme, P: rdf.Type, O: SKOSConceptScheme}) {
			t.Errorf("%s: scheme is not described", s)
		}
	}
}

func TestGraphs(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	gs, err := Graphs(n)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{
		"http://localhost:8080/graph/ontology",
		"http://localhost:8080/graph/vocab/digcomp",
		"http://localhost:8080/graph/vocab/target-group",
		"http://localhost:8080/graph/vocab/practice-type",
		"http://localhost:8080/graph/vocab/delivery-mode",
		"http://localhost:8080/graph/vocab/editorial-status",
		"http://localhost:8080/graph/vocab/editorial-act",
		"http://localhost:8080/graph/countries",
	}
	if len(gs) != len(wantNames) {
		t.Fatalf("Graphs returned %d graphs, want %d", len(gs), len(wantNames))
	}
	for i, ng := range gs {
		if ng.Name.Value != wantNames[i] {
			t.Errorf("graph %d is %v, want %s", i, ng.Name, wantNames[i])
		}
		if ng.Graph.Len() == 0 {
			t.Errorf("graph %v is empty", ng.Name)
		}
		for _, tr := range ng.Graph.Triples() {
			checkTriple(t, tr)
		}
	}
	dig := gs[1].Graph
	if got := len(dig.Subjects(rdf.Type, SKOSConcept)); got != 26 {
		t.Errorf("DigComp graph has %d concepts, want 26", got)
	}
	hybrid := n.Concept(DeliveryModes, "hybrid")
	if !gs[4].Graph.Has(rdf.Triple{S: hybrid, P: SKOSCloseMatch, O: rdf.IRI("http://schema.org/MixedEventAttendanceMode")}) {
		t.Error("hybrid lacks its close match to schema:MixedEventAttendanceMode")
	}
}

// checkTriple fails on terms a serializer could not write.
func checkTriple(t *testing.T, tr rdf.Triple) {
	t.Helper()
	if !tr.S.IsIRI() || !tr.P.IsIRI() || tr.O.IsZero() {
		t.Errorf("malformed triple %v", tr)
	}
	for _, x := range []rdf.Term{tr.S, tr.P, tr.O} {
		if x.IsIRI() && !rdf.ValidIRI(x.Value) {
			t.Errorf("invalid IRI in %v", tr)
		}
		if x.IsLiteral() && (x.Value == "" || strings.TrimSpace(x.Value) != x.Value) {
			t.Errorf("empty or untrimmed literal in %v", tr)
		}
	}
}

func TestCountriesGraph(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	g := CountriesGraph(n)
	el := rdf.IRI(CountryAuthorityBase + "GRC")
	tm := n.Terms()
	for _, tr := range []rdf.Triple{
		{S: el, P: rdf.Type, O: SKOSConcept},
		{S: el, P: SKOSPrefLabel, O: rdf.LangString("Greece", "en")},
		{S: el, P: SKOSPrefLabel, O: rdf.LangString("Griechenland", "de")},
		{S: el, P: SKOSAltLabel, O: rdf.String("Ελλάδα")},
		{S: el, P: SKOSNotation, O: rdf.Literal("EL", tm.NUTSCode.Value)},
		{S: el, P: SKOSNotation, O: rdf.Literal("GR", tm.ISO3166Alpha2.Value)},
		{S: el, P: SKOSNotation, O: rdf.Literal("GRC", tm.ISO3166Alpha3.Value)},
		{S: el, P: SKOSCloseMatch, O: NUTSRegion("EL")},
	} {
		if !g.Has(tr) {
			t.Errorf("countries graph lacks %v", tr)
		}
	}
	if got := len(g.Subjects(rdf.Type, SKOSConcept)); got != 37 {
		t.Errorf("countries graph has %d countries, want 37", got)
	}
	de := rdf.IRI(CountryAuthorityBase + "DEU")
	if alts := g.Objects(de, SKOSAltLabel); len(alts) != 0 {
		t.Errorf("Germany repeats its German name as altLabel: %v", alts)
	}
}
