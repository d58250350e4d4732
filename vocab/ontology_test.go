package vocab

import (
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestOntologyDeclaresEveryTerm(t *testing.T) {
	for _, base := range []string{"http://localhost:8080/", "https://example.eu/skillsmap/"} {
		n := mustIRIs(t, base)
		g, err := OntologyGraph(n)
		if err != nil {
			t.Fatalf("OntologyGraph(%s): %v", base, err)
		}
		declared := map[rdf.Term]bool{}
		for _, tr := range g.Triples() {
			if tr.S.IsBlank() || tr.O.IsBlank() {
				t.Errorf("ontology has a blank node: %v", tr)
			}
			for _, x := range []rdf.Term{tr.S, tr.P, tr.O} {
				if x.IsIRI() && !rdf.ValidIRI(x.Value) {
					t.Errorf("invalid IRI %v in %v", x, tr)
				}
			}
			if tr.P == rdf.Type && strings.HasPrefix(tr.S.Value, n.Namespace()) {
				declared[tr.S] = true
			}
		}
		onto := n.Ontology()
		if !g.Has(rdf.Triple{S: onto, P: rdf.Type, O: OWLOntology}) {
			t.Errorf("%s: no owl:Ontology %v", base, onto)
		}
		for _, term := range n.Terms().All() {
			if !strings.HasPrefix(term.Value, base+"ns#") {
				t.Errorf("term %v is not under %sns#", term, base)
			}
			if !declared[term] {
				t.Errorf("%s: term %v is not declared in ontology.ttl", base, term)
				continue
			}
			for _, p := range []rdf.Term{RDFSLabel, RDFSComment} {
				langs := map[string]bool{}
				for _, o := range g.Objects(term, p) {
					langs[o.Lang] = true
				}
				if !langs["en"] || !langs["de"] {
					t.Errorf("%v lacks %v in en and de: %v", term, p, langs)
				}
			}
			if !g.Has(rdf.Triple{S: term, P: rdf.IRI(rdf.NSRDFS + "isDefinedBy"), O: onto}) {
				t.Errorf("%v lacks rdfs:isDefinedBy %v", term, onto)
			}
		}
		// Nothing is declared that Go code cannot name.
		all := map[rdf.Term]bool{}
		for _, term := range n.Terms().All() {
			all[term] = true
		}
		for term := range declared {
			if !all[term] {
				t.Errorf("ontology.ttl declares %v, which Terms lacks", term)
			}
		}
	}
}

func TestOntologyReusesFirst(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	g, err := OntologyGraph(n)
	if err != nil {
		t.Fatal(err)
	}
	tm := n.Terms()
	tests := []rdf.Triple{
		{S: tm.AdaptedFrom, P: RDFSSubPropertyOf, O: PROVWasDerivedFrom},
		{S: tm.TargetGroup, P: RDFSSubPropertyOf, O: SchemaAudience},
		{S: tm.DeliveryMode, P: RDFSSubPropertyOf, O: SchemaCourseMode},
		{S: tm.Country, P: RDFSSubPropertyOf, O: DCTSpatial},
		{S: tm.Practice, P: RDFSSubClassOf, O: PROVEntity},
		{S: tm.HarvestRun, P: RDFSSubClassOf, O: PROVActivity},
		{S: tm.FirstSeen, P: RDFSRange, O: rdf.IRI(rdf.XSDDateTime)},
	}
	for _, tr := range tests {
		if !g.Has(tr) {
			t.Errorf("ontology lacks %v", tr)
		}
	}
}

func TestParseTurtleErrors(t *testing.T) {
	for _, bad := range []string{
		"<a> <b> .",
		"@prefix x: <ns#> . x:a x:b \"unterminated .",
		"<a> <b> <c>",
	} {
		if ts, err := parseTurtle(strings.NewReader(bad), "http://localhost/"); err == nil {
			t.Errorf("parseTurtle(%q) = %v, want an error", bad, ts)
		}
	}
	ts, err := parseTurtle(strings.NewReader(`@prefix x: <ns#> . x:a x:b "v"@de-DE-1996 , 1 , x:c .`), "http://h/")
	if err != nil {
		t.Fatal(err)
	}
	want := []rdf.Triple{
		{S: rdf.IRI("http://h/ns#a"), P: rdf.IRI("http://h/ns#b"), O: rdf.LangString("v", "de-DE-1996")},
		{S: rdf.IRI("http://h/ns#a"), P: rdf.IRI("http://h/ns#b"), O: rdf.Literal("1", rdf.XSDInteger)},
		{S: rdf.IRI("http://h/ns#a"), P: rdf.IRI("http://h/ns#b"), O: rdf.IRI("http://h/ns#c")},
	}
	if !rdf.Isomorphic(ts, want) {
		t.Errorf("parseTurtle = %v, want %v", ts, want)
	}
}

func TestOntologyTurtleIsACopy(t *testing.T) {
	b := OntologyTurtle()
	b[0] = 'X'
	if OntologyTurtle()[0] == 'X' {
		t.Error("OntologyTurtle returns the embedded bytes themselves")
	}
}
