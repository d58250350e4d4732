package eval

import (
	"context"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
)

func parse(t *testing.T, query string) *algebra.Query {
	t.Helper()
	q, err := parser.ParseQuery("PREFIX : <http://ex/> "+query, "http://ex/")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func collect(t *testing.T, seq func(func(rdf.Triple, error) bool)) []rdf.Triple {
	t.Helper()
	var out []rdf.Triple
	for tr, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tr)
	}
	return out
}

func iri(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }

func TestConstruct(t *testing.T) {
	r := snapshot(t, newTestStore(t, testData))
	t.Run("fresh blank nodes per solution", func(t *testing.T) {
		seq, err := Construct(context.Background(), r, parse(t,
			`CONSTRUCT { ?p :card [ :n ?n ] } WHERE { ?p :name ?n FILTER(?p = :alice || ?p = :bob) }`), storeDefault)
		if err != nil {
			t.Fatal(err)
		}
		got := collect(t, seq)
		b1, b2 := rdf.Blank("b1"), rdf.Blank("b2")
		want := []rdf.Triple{
			{S: iri("alice"), P: iri("card"), O: b1}, {S: b1, P: iri("n"), O: rdf.String("Alice")},
			{S: iri("bob"), P: iri("card"), O: b2}, {S: b2, P: iri("n"), O: rdf.String("Bob")},
		}
		if !rdf.Isomorphic(want, got) || len(got) != 4 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("invalid triples are skipped", func(t *testing.T) {
		seq, err := Construct(context.Background(), r, parse(t,
			`CONSTRUCT { ?n :nameOf ?p . ?p :named ?n . ?p :unbound ?nothing } WHERE { ?p :name ?n }`), storeDefault)
		if err != nil {
			t.Fatal(err)
		}
		got := collect(t, seq)
		if len(got) != 4 {
			t.Fatalf("got %d triples, want the 4 with an IRI subject: %v", len(got), got)
		}
		for _, tr := range got {
			if tr.P != iri("named") {
				t.Errorf("unexpected triple %v", tr)
			}
		}
	})
	t.Run("duplicates are dropped", func(t *testing.T) {
		seq, err := Construct(context.Background(), r, parse(t,
			`CONSTRUCT { :x :hasKnower ?p } WHERE { ?p :knows ?q }`), storeDefault)
		if err != nil {
			t.Fatal(err)
		}
		if got := collect(t, seq); len(got) != 3 {
			t.Errorf("got %d triples, want 3 distinct knowers: %v", len(got), got)
		}
	})
}

func TestDescribe(t *testing.T) {
	r := snapshot(t, newTestStore(t, testData))
	seq, err := Describe(context.Background(), r, parse(t, `DESCRIBE :x`), storeDefault)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, seq)
	// :x, and through blank node objects the two list nodes: 4 triples.
	if len(got) != 4 {
		t.Fatalf("got %d triples, want 4: %v", len(got), got)
	}
	seq, err = Describe(context.Background(), r, parse(t, `DESCRIBE ?p WHERE { ?p :age 25 }`), storeDefault)
	if err != nil {
		t.Fatal(err)
	}
	got = collect(t, seq)
	for _, tr := range got {
		if tr.S != iri("bob") {
			t.Errorf("unexpected triple %v", tr)
		}
	}
	if len(got) != 3 { // name, age, knows; likes is in a named graph
		t.Errorf("got %d triples about bob, want 3: %v", len(got), got)
	}
}

func TestAsk(t *testing.T) {
	r := snapshot(t, newTestStore(t, testData))
	for query, want := range map[string]bool{
		`ASK { :alice :knows :bob }`:                      true,
		`ASK { :bob :knows :alice }`:                      false,
		`ASK { GRAPH ?g { :carol :likes :tea } }`:         true,
		`ASK { FILTER(1/0 = 1) }`:                         false,
		`ASK { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?s } }`: true,
	} {
		got, err := Ask(context.Background(), r, parse(t, query), storeDefault)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: got %v, want %v", query, got, want)
		}
	}
}
