package storesink

import (
	"context"
	"testing"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

func TestApplyIsAtomic(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	s := New(st)
	g, prov := rdf.IRI("http://ex/g"), rdf.IRI("http://ex/prov")
	a := rdf.Triple{S: rdf.IRI("http://ex/a"), P: rdf.IRI("http://ex/p"), O: rdf.String("1")}
	b := rdf.Triple{S: rdf.IRI("http://ex/b"), P: rdf.IRI("http://ex/p"), O: rdf.String("2")}
	run := rdf.Quad{S: rdf.IRI("http://ex/run1"), P: rdf.Type, O: rdf.IRI("http://ex/Run"), G: prov}
	if err := s.Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: {a}}, Add: []rdf.Quad{run}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: {b}}, Remove: []rdf.Quad{run}}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Graph(ctx, g)
	if len(got) != 1 || got[0] != b {
		t.Errorf("graph after replace: %v", got)
	}
	if p, _ := s.Graph(ctx, prov); len(p) != 0 {
		t.Errorf("removed quad still there: %v", p)
	}
	// A change that cannot be applied (a literal subject) changes nothing.
	bad := rdf.Triple{S: rdf.String("not a subject"), P: rdf.IRI("http://ex/p"), O: rdf.String("x")}
	err := s.Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: {a, bad}}})
	if err == nil {
		t.Fatal("a literal subject was accepted")
	}
	if got, _ := s.Graph(ctx, g); len(got) != 1 || got[0] != b {
		t.Errorf("a failed Apply changed the graph: %v", got)
	}
}
