package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// testStore is what the conformance tests need of a backend.
type testStore interface {
	Store
	Verify(ctx context.Context) error
	CompactTerms(ctx context.Context) (uint64, error)
	engine() *engine
}

func (db *DB) engine() *engine    { return db.e }
func (m *Memory) engine() *engine { return m.e }

// backend names a store constructor for the shared tests.
type backend struct {
	name string
	open func(t testing.TB) testStore
}

var backends = []backend{
	{"memory", func(t testing.TB) testStore {
		m := NewMemory()
		t.Cleanup(func() { _ = m.Close() })
		return m
	}},
	{"bbolt", func(t testing.TB) testStore {
		db, err := Open(t.TempDir(), WithNoSync())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}},
}

// forEachBackend runs fn against a fresh store of every backend and then
// checks the store's invariants.
func forEachBackend(t *testing.T, fn func(t *testing.T, s testStore)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			fn(t, s)
			if err := s.Verify(context.Background()); err != nil && !errors.Is(err, ErrClosed) {
				t.Errorf("after the test: %v", err)
			}
		})
	}
}

func mustUpdate(t testing.TB, s Store, fn func(w Writer) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func addQuads(t testing.TB, s Store, qs ...rdf.Quad) {
	t.Helper()
	mustUpdate(t, s, func(w Writer) error {
		for _, q := range qs {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
}

func openSnapshot(t testing.TB, s Store) Snapshot {
	t.Helper()
	snap, err := s.Snapshot(context.Background())
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	t.Cleanup(func() { _ = snap.Close() })
	return snap
}

// match collects the quads of r matching p, sorted.
func match(t testing.TB, r Reader, p Pattern) []rdf.Quad {
	t.Helper()
	var out []rdf.Quad
	for q, err := range r.Match(context.Background(), p) {
		if err != nil {
			t.Fatalf("Match(%+v): %v", p, err)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

// matchStore is match on a fresh snapshot.
func matchStore(t testing.TB, s Store, p Pattern) []rdf.Quad {
	t.Helper()
	snap := openSnapshot(t, s)
	defer snap.Close()
	return match(t, snap, p)
}

// filter is the reference semantics of Pattern.
func filter(qs []rdf.Quad, p Pattern) []rdf.Quad {
	var out []rdf.Quad
	for _, q := range qs {
		if (p.S.IsZero() || p.S == q.S) && (p.P.IsZero() || p.P == q.P) &&
			(p.O.IsZero() || p.O == q.O) && (p.AnyGraph || p.G == q.G) {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

func sorted(qs []rdf.Quad) []rdf.Quad {
	out := slices.Clone(qs)
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

var all = Pattern{AnyGraph: true}
