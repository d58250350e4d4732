package vocab

import (
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestNewIRIs(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"http://localhost:8080/", "http://localhost:8080/", true},
		{"http://localhost:8080", "http://localhost:8080/", true},
		{"https://skills.example.eu/map", "https://skills.example.eu/map/", true},
		{" https://skills.example.eu/map/ ", "https://skills.example.eu/map/", true},
		{"", "", false},
		{"localhost:8080", "", false},
		{"ftp://example.org/", "", false},
		{"https:///path", "", false},
		{"https://example.org/?x=1", "", false},
		{"https://example.org/#frag", "", false},
		{"https://user:pw@example.org/", "", false},
		{"https://exa mple.org/", "", false},
	}
	for _, tt := range tests {
		n, err := NewIRIs(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("NewIRIs(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && n.Base() != tt.want {
			t.Errorf("NewIRIs(%q).Base() = %q, want %q", tt.in, n.Base(), tt.want)
		}
	}
}

func TestMinting(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	tests := []struct {
		got  rdf.Term
		want string
	}{
		{n.Practice("mikado"), "http://localhost:8080/practice/mikado"},
		{n.Place("mikado", "Berlin"), "http://localhost:8080/practice/mikado#place-berlin"},
		{n.Place("bg-libraries", "Велико Търново"), "http://localhost:8080/practice/bg-libraries#place-veliko-tarnovo"},
		{n.Organisation("city-of-bilbao"), "http://localhost:8080/organisation/city-of-bilbao"},
		{n.Source("futurium"), "http://localhost:8080/source/futurium"},
		{n.HarvestRun("futurium", "20240501T120000Z"), "http://localhost:8080/harvest/futurium/20240501T120000Z"},
		{n.Ontology(), "http://localhost:8080/ns"},
		{n.Term("Practice"), "http://localhost:8080/ns#Practice"},
		{n.Terms().AdaptedFrom, "http://localhost:8080/ns#adaptedFrom"},
		{n.Scheme(DigComp), "http://localhost:8080/vocab/digcomp"},
		{n.Concept(DigComp, "3.4"), "http://localhost:8080/vocab/digcomp/3.4"},
		{n.Concept(TargetGroups, "refugee-women"), "http://localhost:8080/vocab/target-group/refugee-women"},
		{n.Concept(DeliveryModes, "hybrid"), "http://localhost:8080/vocab/delivery-mode/hybrid"},
		{n.OntologyGraph(), "http://localhost:8080/graph/ontology"},
		{n.SchemeGraph(PracticeTypes), "http://localhost:8080/graph/vocab/practice-type"},
		{n.CountriesGraph(), "http://localhost:8080/graph/countries"},
		{n.RegionsGraph(), "http://localhost:8080/graph/regions"},
		{n.SourceGraph("futurium"), "http://localhost:8080/graph/source/futurium"},
		{n.ProvenanceGraph(), "http://localhost:8080/graph/provenance"},
		// Ids that are not slugs are escaped, never produce invalid IRIs.
		{n.Practice("a b/c#d"), "http://localhost:8080/practice/a%20b%2Fc%23d"},
		{NUTSRegion("de300"), "http://data.europa.eu/nuts/code/DE300"},
	}
	for _, tt := range tests {
		if !tt.got.IsIRI() || tt.got.Value != tt.want {
			t.Errorf("got %v, want <%s>", tt.got, tt.want)
		}
		if !rdf.ValidIRI(tt.got.Value) {
			t.Errorf("%v is not a valid IRI", tt.got)
		}
	}
}

func TestMintingUnderSubpath(t *testing.T) {
	n := mustIRIs(t, "https://example.eu/skillsmap")
	if got := n.Practice("x").Value; got != "https://example.eu/skillsmap/practice/x" {
		t.Errorf("Practice under a sub-path = %s", got)
	}
	if got := n.Terms().Practice.Value; got != "https://example.eu/skillsmap/ns#Practice" {
		t.Errorf("Terms().Practice = %s", got)
	}
}

func TestParseRoundTrip(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	other := mustIRIs(t, "https://other.example/")
	for _, id := range []string{"mikado", "a b/c#d", "ümlaut", "1.1"} {
		if got, ok := n.ParsePractice(n.Practice(id)); !ok || got != id {
			t.Errorf("ParsePractice(Practice(%q)) = %q, %v", id, got, ok)
		}
		if got, ok := n.ParseOrganisation(n.Organisation(id)); !ok || got != id {
			t.Errorf("ParseOrganisation(Organisation(%q)) = %q, %v", id, got, ok)
		}
		if got, ok := n.ParseSource(n.Source(id)); !ok || got != id {
			t.Errorf("ParseSource(Source(%q)) = %q, %v", id, got, ok)
		}
		if s, got, ok := n.ParseConcept(n.Concept(TargetGroups, id)); !ok || s != TargetGroups || got != id {
			t.Errorf("ParseConcept(Concept(%q)) = %q %q %v", id, s, got, ok)
		}
		if _, ok := other.ParsePractice(n.Practice(id)); ok {
			t.Errorf("a practice IRI under another base parsed")
		}
	}
	negatives := []rdf.Term{
		rdf.IRI("http://localhost:8080/practice/"),
		rdf.IRI("http://localhost:8080/practice/x/y"),
		rdf.IRI("http://localhost:8080/practice/x#place-berlin"),
		rdf.IRI("http://localhost:8080/organisation/x"),
		rdf.String("http://localhost:8080/practice/x"),
		{},
	}
	for _, t0 := range negatives {
		if id, ok := n.ParsePractice(t0); ok {
			t.Errorf("ParsePractice(%v) = %q, want no match", t0, id)
		}
	}
	for _, t0 := range []rdf.Term{
		rdf.IRI("http://localhost:8080/vocab/digcomp"),
		rdf.IRI("http://localhost:8080/vocab/digcomp/"),
		rdf.IRI("http://localhost:8080/vocab/digcomp/1/2"),
	} {
		if s, id, ok := n.ParseConcept(t0); ok {
			t.Errorf("ParseConcept(%v) = %q %q, want no match", t0, s, id)
		}
	}
	if code, ok := ParseNUTSRegion(rdf.IRI("http://data.europa.eu/nuts/code/BG321")); !ok || code != "BG321" {
		t.Errorf("ParseNUTSRegion = %q, %v", code, ok)
	}
	for _, bad := range []string{"http://data.europa.eu/nuts/code/bg321", "http://data.europa.eu/nuts/code/B", "http://data.europa.eu/nuts/code/DE3000"} {
		if _, ok := ParseNUTSRegion(rdf.IRI(bad)); ok {
			t.Errorf("ParseNUTSRegion(%s) accepted", bad)
		}
	}
}

func TestZeroIRIsIsRejected(t *testing.T) {
	var n IRIs
	if _, err := OntologyGraph(n); err == nil || !strings.Contains(err.Error(), "NewIRIs") {
		t.Errorf("OntologyGraph(zero IRIs) error = %v", err)
	}
	if _, ok := n.ParsePractice(rdf.IRI("practice/x")); ok {
		t.Error("zero IRIs parsed a practice")
	}
}
