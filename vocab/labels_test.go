package vocab

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestLabeler(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	l, err := NewLabeler(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		iri   rdf.Term
		langs []string
		want  string
	}{
		{n.Concept(DigComp, "3.4"), []string{"de"}, "Programming"}, // DigComp is English only
		{n.Concept(TargetGroups, "older-people"), []string{"de"}, "Ältere Menschen"},
		{n.Concept(TargetGroups, "older-people"), []string{"fr"}, "Personnes âgées"},
		{n.Concept(DeliveryModes, "face-to-face"), nil, "Face-to-face"},
		{n.Scheme(TargetGroups), []string{"de"}, "Skillsmap-Zielgruppen"},
		{n.Terms().AdaptedFrom, []string{"de"}, "übertragen von"},
		{n.Terms().Practice, []string{"en"}, "Practice"},
		{rdf.IRI(CountryAuthorityBase + "AUT"), []string{"de"}, "Österreich"},
		{rdf.IRI(CountryAuthorityBase + "AUT"), []string{"it"}, "Austria"},
	}
	for _, tt := range tests {
		got, ok := l.Label(tt.iri, tt.langs...)
		if !ok || got != tt.want {
			t.Errorf("Label(%v, %v) = %q, %v; want %q", tt.iri, tt.langs, got, ok, tt.want)
		}
	}
	for _, unknown := range []rdf.Term{rdf.IRI("http://example.org/x"), NUTSRegion("DE300"), rdf.String("x"), {}} {
		if got, ok := l.Label(unknown); ok {
			t.Errorf("Label(%v) = %q without regions", unknown, got)
		}
	}
}

func TestLabelerRegions(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	l, err := NewLabeler(n, testRegions(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := l.Label(NUTSRegion("BG321"), "bg"); !ok || got != "Veliko Tarnovo" {
		t.Errorf("Label(BG321) = %q, %v", got, ok)
	}
	if _, ok := l.Label(NUTSRegion("XX123")); ok {
		t.Error("labelled a region that does not exist")
	}
}

func TestESCOSkill(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab", "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"},
		{"https://data.europa.eu/esco/skill/0005C151-5B5A-4A66-8AAC-60E734BEB1AB", "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"},
		{" http://data.europa.eu/esco/skill/S1.2.3 ", "http://data.europa.eu/esco/skill/S1.2.3"},
		{"http://data.europa.eu/esco/skill/T2", "http://data.europa.eu/esco/skill/T2"},
		{"http://data.europa.eu/esco/occupation/0005c151-5b5a-4a66-8aac-60e734beb1ab", ""},
		{"http://data.europa.eu/esco/skill/not-a-skill", ""},
		{"http://data.europa.eu/esco/skill/", ""},
		{"http://example.org/esco/skill/S1", ""},
		{"http://data.europa.eu/esco/skill/S1?x=1", ""},
		{"http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab/extra", ""},
		{"data.europa.eu/esco/skill/S1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ESCOSkill(tt.in)
		if ok != (tt.want != "") || (ok && got.Value != tt.want) {
			t.Errorf("ESCOSkill(%q) = %v, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
