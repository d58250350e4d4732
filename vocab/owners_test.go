package vocab

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestGraphOwner(t *testing.T) {
	n, err := NewIRIs("https://map.example.eu/")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		g     rdf.Term
		owned bool
	}{
		{n.SourceGraph("urban-skills"), true},
		{n.ProvenanceGraph(), true},
		{rdf.IRI(n.Base() + "graph/same-as"), true},
		{rdf.IRI(n.Base() + "graph/editorial"), true},
		{rdf.IRI(n.Base() + "graph/contributions/city-of-x"), true},
		{n.OntologyGraph(), true},
		{n.SchemeGraph(DigComp), true},
		{n.CountriesGraph(), true},
		{n.RegionsGraph(), true},
		{rdf.IRI(n.Base() + "graph/uploaded/abc"), false},
		{rdf.IRI(n.Base() + "rdf-graphs/partner/data.ttl"), false},
		{rdf.IRI("https://other.example/graph/source/x"), false},
		{rdf.Term{}, false},
	} {
		owner, ok := n.GraphOwner(tc.g)
		if ok != tc.owned || ok && owner == "" {
			t.Errorf("GraphOwner(%v) = %q, %v; want owned %v", tc.g, owner, ok, tc.owned)
		}
	}
}
