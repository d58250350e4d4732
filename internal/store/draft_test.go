package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// allQuads reads every quad of s, sorted.
func allQuads(t *testing.T, s Store) []string {
	t.Helper()
	snap := openSnapshot(t, s)
	defer snap.Close()
	var out []string
	for q, err := range snap.Match(context.Background(), Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q.String())
	}
	slices.Sort(out)
	return out
}

// A draft sees its own writes, changes nothing until applied, and applied
// gives exactly what the same function run in Update gives.
func TestDraftMatchesUpdate(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex/" + s) }
	g1, g2, g3 := ex("g1"), ex("g2"), ex("g3")
	var seed []rdf.Quad
	for i := range 300 {
		seed = append(seed, rdf.Quad{S: ex(fmt.Sprint("s", i)), P: ex("p"), O: rdf.String(fmt.Sprint(i)), G: g1})
		seed = append(seed, rdf.Quad{S: ex(fmt.Sprint("s", i)), P: ex("q"), O: ex(fmt.Sprint("o", i%7)), G: g2})
	}
	fn := func(w Writer) error {
		// Read before, between and after writes, across flushes.
		n := 0
		for _, err := range w.Match(context.Background(), Pattern{G: g1}) {
			if err != nil {
				return err
			}
			n++
		}
		if n != 300 {
			return fmt.Errorf("read %d quads of g1 before writing, want 300", n)
		}
		if err := w.ClearGraph(g1); err != nil {
			return err
		}
		for i := range 50 {
			if err := w.Add(rdf.Quad{S: ex(fmt.Sprint("new", i)), P: ex("p"), O: rdf.String("fresh"), G: g1}); err != nil {
				return err
			}
		}
		if err := w.Remove(rdf.Quad{S: ex("s3"), P: ex("q"), O: ex("o3"), G: g2}); err != nil {
			return err
		}
		if err := w.CreateGraph(g3); err != nil {
			return err
		}
		n = 0
		for q, err := range w.Match(context.Background(), Pattern{AnyGraph: true, O: rdf.String("fresh")}) {
			if err != nil {
				return err
			}
			if q.G != g1 {
				return fmt.Errorf("fresh quad in %v", q.G)
			}
			n++
		}
		if n != 50 {
			return fmt.Errorf("read %d fresh quads back, want 50", n)
		}
		if info, ok := w.GraphInfo(g1); !ok || info.Quads != 50 {
			return fmt.Errorf("g1 has %d quads in the draft, want 50", info.Quads)
		}
		return nil
	}
	forEachBackend(t, func(t *testing.T, s testStore) {
		addQuads(t, s, seed...)
		before := allQuads(t, s)
		d, err := s.(Drafter).Draft(context.Background(), fn)
		if err != nil {
			t.Fatal(err)
		}
		if got := allQuads(t, s); !slices.Equal(got, before) {
			t.Fatal("the draft changed the store")
		}
		mustUpdate(t, s, d.Apply)
		got := allQuads(t, s)

		// The same function in an Update of a second store.
		ref := NewMemory()
		defer ref.Close()
		addQuads(t, ref, seed...)
		mustUpdate(t, ref, fn)
		if want := allQuads(t, ref); !slices.Equal(got, want) {
			t.Errorf("applied draft: %d quads, direct update: %d", len(got), len(want))
		}
		snap := openSnapshot(t, s)
		if _, ok := snap.GraphInfo(g3); !ok {
			t.Error("the created graph is missing")
		}
		snap.Close()
	})
}

func TestDraftConflict(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s testStore) {
		q := rdf.Quad{S: rdf.IRI("http://ex/s"), P: rdf.IRI("http://ex/p"), O: rdf.String("x")}
		d, err := s.(Drafter).Draft(context.Background(), func(w Writer) error { return w.Add(q) })
		if err != nil {
			t.Fatal(err)
		}
		addQuads(t, s, rdf.Quad{S: rdf.IRI("http://ex/other"), P: rdf.IRI("http://ex/p"), O: rdf.String("y")})
		if err := s.Update(context.Background(), d.Apply); !errors.Is(err, ErrConflict) {
			t.Errorf("applying a stale draft: %v, want ErrConflict", err)
		}
		// A failing function leaves no draft.
		boom := errors.New("boom")
		if _, err := s.(Drafter).Draft(context.Background(), func(Writer) error { return boom }); !errors.Is(err, boom) {
			t.Errorf("got %v", err)
		}
	})
}
