package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestStatisticsFollowWrites(t *testing.T) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex.org/" + s) }
	knows, name := ex("knows"), ex("name")
	person, place := ex("Person"), ex("Place")
	g1, g2 := ex("g1"), ex("g2")
	q := func(s, p, o, g rdf.Term) rdf.Quad { return rdf.Quad{S: s, P: p, O: o, G: g} }
	type want struct {
		pred          rdf.Term
		quads, s, o   uint64
		persons, plcs uint64
	}
	cases := []struct {
		name  string
		write func(w Writer) error
		want  want
	}{
		{"two subjects know one object", func(w Writer) error {
			return addAll(w, q(ex("a"), knows, ex("c"), rdf.Term{}), q(ex("b"), knows, ex("c"), rdf.Term{}))
		}, want{knows, 2, 2, 1, 0, 0}},
		{"the same pair in another graph counts once", func(w Writer) error {
			return addAll(w, q(ex("a"), knows, ex("c"), g1))
		}, want{knows, 3, 2, 1, 0, 0}},
		{"a new object of a known subject", func(w Writer) error {
			return addAll(w, q(ex("a"), knows, ex("d"), g2))
		}, want{knows, 4, 2, 2, 0, 0}},
		{"removing one of two copies keeps the pair", func(w Writer) error {
			return w.Remove(q(ex("a"), knows, ex("c"), rdf.Term{}))
		}, want{knows, 3, 2, 2, 0, 0}},
		{"clearing a graph removes pairs only it had", func(w Writer) error {
			return w.ClearGraph(g2)
		}, want{knows, 2, 2, 1, 0, 0}},
		{"add then remove in one update changes nothing", func(w Writer) error {
			if err := addAll(w, q(ex("z"), knows, ex("y"), rdf.Term{})); err != nil {
				return err
			}
			return w.Remove(q(ex("z"), knows, ex("y"), rdf.Term{}))
		}, want{knows, 2, 2, 1, 0, 0}},
		{"remove the last quad of a pair and add another in one update", func(w Writer) error {
			if err := w.Remove(q(ex("b"), knows, ex("c"), rdf.Term{})); err != nil {
				return err
			}
			return addAll(w, q(ex("b"), knows, ex("e"), rdf.Term{}))
		}, want{knows, 2, 2, 2, 0, 0}},
		{"classes count rdf:type quads", func(w Writer) error {
			return addAll(w,
				q(ex("a"), rdf.Type, person, rdf.Term{}), q(ex("b"), rdf.Type, person, g1),
				q(ex("b"), rdf.Type, person, g2), q(ex("x"), rdf.Type, place, g1),
				q(ex("a"), name, rdf.String("A"), rdf.Term{}))
		}, want{rdf.Type, 4, 3, 2, 3, 1}},
		{"dropping a graph lowers the class counts", func(w Writer) error {
			return w.DropGraph(g1)
		}, want{rdf.Type, 2, 2, 1, 2, 0}},
		// New terms spare the writer its existence checks until its
		// buffers reach the indices; a read in between flushes them.
		{"a quad of new terms added again after a read of the same update counts once", func(w Writer) error {
			quad := q(ex("new-subject"), name, rdf.String("new name"), g2)
			if err := addAll(w, quad); err != nil {
				return err
			}
			n := 0
			for _, err := range w.Match(context.Background(), Pattern{S: quad.S, AnyGraph: true}) {
				if err != nil {
					return err
				}
				n++
			}
			if n != 1 {
				return fmt.Errorf("Match inside the update found %d quads, want 1", n)
			}
			return addAll(w, quad, q(ex("new-subject"), name, rdf.String("another new name"), g2))
		}, want{name, 3, 2, 3, 2, 0}},
	}
	forEachBackend(t, func(t *testing.T, s testStore) {
		for _, tc := range cases {
			mustUpdate(t, s, tc.write)
			snap := openSnapshot(t, s)
			sr := snap.(StatsReader)
			ir := snap.(IDReader)
			pid, _ := ir.TermID(tc.want.pred)
			got, ok := sr.PredicateStats(pid)
			if !ok {
				t.Fatalf("%s: no statistics", tc.name)
			}
			if w := (PredicateStats{tc.want.quads, tc.want.s, tc.want.o}); got != w {
				t.Errorf("%s: stats of %s = %+v, want %+v", tc.name, tc.want.pred, got, w)
			}
			for c, n := range map[rdf.Term]uint64{person: tc.want.persons, place: tc.want.plcs} {
				id, _ := ir.TermID(c)
				if got := sr.ClassInstances(id); got != n {
					t.Errorf("%s: instances of %s = %d, want %d", tc.name, c, got, n)
				}
			}
			snap.Close()
			if err := s.Verify(context.Background()); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
	})
}

func TestStatisticsSeenByTheWriter(t *testing.T) {
	s := NewMemory()
	defer s.Close()
	p := rdf.IRI("http://ex.org/p")
	mustUpdate(t, s, func(w Writer) error {
		for i := range 10 {
			if err := w.Add(rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/s%d", i%5)), P: p, O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger)}); err != nil {
				return err
			}
		}
		ir := w.(IDReader)
		id, _ := ir.TermID(p)
		got, _ := w.(StatsReader).PredicateStats(id)
		if want := (PredicateStats{10, 5, 10}); got != want {
			t.Errorf("inside the update: %+v, want %+v", got, want)
		}
		return nil
	})
}

// TestUpgradeComputesStatistics opens a store of format version 1 (no
// statistics): read-only it has none; a writable open computes them.
func TestUpgradeComputesStatistics(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := rdf.IRI("http://ex.org/p")
	var qs []rdf.Quad
	for i := range 20 {
		qs = append(qs, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/s%d", i%4)), P: p, O: rdf.IRI(fmt.Sprintf("http://ex.org/o%d", i%7))})
		qs = append(qs, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/s%d", i%4)), P: rdf.Type, O: rdf.IRI("http://ex.org/C")})
	}
	addQuads(t, db, qs...)
	// Make it a version 1 store: no statistics buckets' content, format 1.
	tx, _ := db.e.kv.beginWrite()
	if err := writeStats(tx, storeStats{}); err != nil {
		t.Fatal(err)
	}
	if err := tx.put(bucketMeta, metaFormat, encodeUint(formatNoStats)); err != nil {
		t.Fatal(err)
	}
	if err := tx.commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := Open(dir, WithReadOnly())
	if err != nil {
		t.Fatalf("read-only open of a version 1 store: %v", err)
	}
	snap := openSnapshot(t, ro)
	pid, _ := snap.(IDReader).TermID(p)
	if _, ok := snap.(StatsReader).PredicateStats(pid); ok {
		t.Error("a version 1 store opened read-only claims statistics")
	}
	snap.Close()
	if err := ro.Verify(context.Background()); err != nil {
		t.Errorf("verify version 1: %v", err)
	}
	ro.Close()

	db, err = Open(dir)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer db.Close()
	snap = openSnapshot(t, db)
	got, ok := snap.(StatsReader).PredicateStats(pid)
	if want := (PredicateStats{20, 4, 7}); !ok || got != want {
		t.Errorf("after the upgrade: %+v %v, want %+v", got, ok, want)
	}
	cid, _ := snap.(IDReader).TermID(rdf.IRI("http://ex.org/C"))
	if n := snap.(StatsReader).ClassInstances(cid); n != 4 {
		t.Errorf("class instances after the upgrade: %d, want 4", n)
	}
	if err := db.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}

func addAll(w Writer, qs ...rdf.Quad) error {
	for _, q := range qs {
		if err := w.Add(q); err != nil {
			return err
		}
	}
	return nil
}

// TestEstimateCountsClassInstances checks that Estimate answers "instances
// of a class over all graphs" exactly from the class counts, beyond
// ExactEstimateLimit.
func TestEstimateCountsClassInstances(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s testStore) {
		c := rdf.IRI("http://ex.org/C")
		var qs []rdf.Quad
		for i := range ExactEstimateLimit + 500 {
			qs = append(qs, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/i%d", i)), P: rdf.Type, O: c, G: rdf.IRI(fmt.Sprintf("http://ex.org/g%d", i%3))})
		}
		addQuads(t, s, qs...)
		snap := openSnapshot(t, s)
		if got := snap.Estimate(Pattern{P: rdf.Type, O: c, AnyGraph: true}); got != uint64(len(qs)) {
			t.Errorf("Estimate = %d, want %d", got, len(qs))
		}
	})
}
