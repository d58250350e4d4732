package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestLoadCommitsInBatches(t *testing.T) {
	ctx := context.Background()
	const n = 10_000
	data := collectQuads(bsbmQuads(n, 21))
	forEachBackend(t, func(t *testing.T, st testStore) {
		got, err := Load(ctx, st, bsbmQuads(n, 21), 3000)
		if err != nil || got != n {
			t.Fatalf("Load = %d, %v; want %d", got, err, n)
		}
		snap := openSnapshot(t, st)
		if snap.Len() != uint64(countDistinct(data)) {
			t.Errorf("Len = %d, want %d", snap.Len(), countDistinct(data))
		}
		if snap.Version() != 4 {
			t.Errorf("Version = %d after 4 batches", snap.Version())
		}
		if got := match(t, snap, all); !slices.Equal(got, sorted(dedupe(data))) {
			t.Error("loaded quads differ from the source")
		}
	})
}

func TestLoadStopsAtSourceError(t *testing.T) {
	ctx := context.Background()
	data := collectQuads(bsbmQuads(2500, 22))
	errSource := errors.New("broken input at line 2501")
	failing := func(yield func(rdf.Quad, error) bool) {
		for _, q := range data {
			if !yield(q, nil) {
				return
			}
		}
		yield(rdf.Quad{}, errSource)
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		got, err := Load(ctx, st, failing, 1000)
		if !errors.Is(err, errSource) || got != 2000 {
			t.Fatalf("Load = %d, %v; want 2000 and the source error", got, err)
		}
		if n := openSnapshot(t, st).Len(); n != uint64(countDistinct(data[:2000])) {
			t.Errorf("Len = %d, want the first two batches (%d)", n, countDistinct(data[:2000]))
		}
	})
}

func TestReplaceGraphFrom(t *testing.T) {
	ctx := context.Background()
	g := rdf.IRI("http://ex.org/g")
	old := []rdf.Triple{{S: rdf.IRI("http://ex.org/s"), P: rdf.Type, O: rdf.IRI("http://ex.org/Old")}}
	next := []rdf.Triple{{S: rdf.IRI("http://ex.org/s"), P: rdf.Type, O: rdf.IRI("http://ex.org/New")}, {S: rdf.IRI("http://ex.org/t"), P: rdf.Type, O: rdf.IRI("http://ex.org/New")}}
	errParse := errors.New("parse error")
	seq := func(ts []rdf.Triple, fail bool) iter.Seq2[rdf.Triple, error] {
		return func(yield func(rdf.Triple, error) bool) {
			for _, t := range ts {
				if !yield(t, nil) {
					return
				}
			}
			if fail {
				yield(rdf.Triple{}, errParse)
			}
		}
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		if err := ReplaceGraph(ctx, st, g, old); err != nil {
			t.Fatal(err)
		}
		if err := ReplaceGraphFrom(ctx, st, g, seq(next, true)); !errors.Is(err, errParse) {
			t.Fatalf("ReplaceGraphFrom with a failing source: %v", err)
		}
		if got := matchStore(t, st, Pattern{G: g}); !slices.Equal(got, rdf.InGraph(old, g)) {
			t.Errorf("a failed replacement changed the graph: %v", got)
		}
		if err := ReplaceGraphFrom(ctx, st, g, seq(next, false)); err != nil {
			t.Fatal(err)
		}
		if got := matchStore(t, st, Pattern{G: g}); !slices.Equal(got, sorted(rdf.InGraph(next, g))) {
			t.Errorf("after replacement: %v", got)
		}
	})
}

func TestCompactTerms(t *testing.T) {
	ctx := context.Background()
	g := rdf.IRI("http://ex.org/harvest")
	empty := rdf.IRI("http://ex.org/empty-graph")
	harvest := func(run int) []rdf.Triple {
		var ts []rdf.Triple
		for i := range 5000 { // more than one compaction batch of terms
			node := rdf.Blank(fmt.Sprintf("run%d-%d", run, i))
			ts = append(ts,
				rdf.Triple{S: rdf.IRI(fmt.Sprintf("http://ex.org/practice/%d", i)), P: rdf.IRI("http://ex.org/address"), O: node},
				rdf.Triple{S: node, P: rdf.IRI("http://ex.org/city"), O: rdf.String("Berlin")},
			)
		}
		return ts
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		mustUpdate(t, st, func(w Writer) error { return w.CreateGraph(empty) })
		if err := ReplaceGraph(ctx, st, g, harvest(1)); err != nil {
			t.Fatal(err)
		}
		oldNode := rdf.Blank("run1-7")
		s1 := openSnapshot(t, st).(IDReader)
		oldID, _ := s1.TermID(oldNode)
		if err := ReplaceGraph(ctx, st, g, harvest(2)); err != nil {
			t.Fatal(err)
		}
		version := openSnapshot(t, st).Version()
		removed, err := st.CompactTerms(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if removed != 5000 {
			t.Errorf("CompactTerms removed %d terms, want the 5000 blank nodes of the first run", removed)
		}
		snap := openSnapshot(t, st)
		ids := snap.(IDReader)
		if _, ok := ids.TermID(oldNode); ok {
			t.Error("a removed term is still in the dictionary")
		}
		for _, term := range []rdf.Term{g, empty, rdf.Blank("run2-7"), rdf.String("Berlin")} {
			if _, ok := ids.TermID(term); !ok {
				t.Errorf("CompactTerms removed %v, which is in use", term)
			}
		}
		if got := match(t, snap, Pattern{G: g}); !slices.Equal(got, sorted(rdf.InGraph(harvest(2), g))) {
			t.Errorf("the graph changed: %d quads", len(got))
		}
		if snap.Version() != version {
			t.Errorf("CompactTerms moved the version from %d to %d", version, snap.Version())
		}
		// The old snapshot still decodes the removed term.
		if term, err := s1.Term(oldID); err != nil || term != oldNode {
			t.Errorf("old snapshot: Term(%d) = %v, %v", oldID, term, err)
		}
		if n, err := st.CompactTerms(ctx); err != nil || n != 0 {
			t.Errorf("second CompactTerms removed %d, %v", n, err)
		}
		// A removed term that comes back gets a new id.
		addQuads(t, st, rdf.Quad{S: rdf.IRI("http://ex.org/x"), P: rdf.IRI("http://ex.org/address"), O: oldNode})
		newID, _ := openSnapshot(t, st).(IDReader).TermID(oldNode)
		if newID == oldID || newID == 0 {
			t.Errorf("a re-added term got id %d (was %d)", newID, oldID)
		}
	})
}

func TestVerifyFindsDamage(t *testing.T) {
	data := smallDataset()
	q := idQuad{}
	cases := []struct {
		name   string
		damage func(tx kvWriteTx) error
		want   string
	}{
		{"index entry missing", func(tx kvWriteTx) error {
			return tx.delete(bucketPOSG, quadIndices[idxPOSG].key(nil, q))
		}, "missing from index posg"},
		{"extra index entry", func(tx kvWriteTx) error {
			extra := q
			extra[posO] = 1 << 30
			return tx.put(bucketOSPG, quadIndices[idxOSPG].key(nil, extra), nil)
		}, "index ospg has"},
		{"wrong quad count", func(tx kvWriteTx) error {
			return tx.put(bucketMeta, metaLen, encodeUint(3))
		}, "the store counts 3 quads"},
		{"wrong graph count", func(tx kvWriteTx) error {
			return tx.put(bucketGraphs, appendID(nil, q[posG]), graphRecord{quads: 999}.encode())
		}, "counts 999 quads"},
		{"dangling term id", func(tx kvWriteTx) error {
			return tx.delete(bucketIDToTerm, appendID(nil, q[posO]))
		}, "unknown term id"},
		{"wrong predicate count", func(tx kvWriteTx) error {
			return tx.put(bucketPredicates, appendID(nil, q[posP]), encodeUint(12345))
		}, "counts 12345 quads"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range backends {
				t.Run(b.name, func(t *testing.T) {
					st := b.open(t)
					addQuads(t, st, data...)
					if err := st.Verify(context.Background()); err != nil {
						t.Fatalf("before the damage: %v", err)
					}
					snap := openSnapshot(t, st).(IDReader)
					var err error
					for iq, e := range snap.MatchIDs(context.Background(), IDPattern{AnyGraph: true}) {
						q, err = idQuad{uint64(iq.S), uint64(iq.P), uint64(iq.O), uint64(iq.G)}, e
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					e := st.engine()
					if err := e.maintain(context.Background(), tc.damage); err != nil {
						t.Fatal(err)
					}
					err = st.Verify(context.Background())
					if err == nil || !strings.Contains(err.Error(), tc.want) {
						t.Errorf("Verify = %v, want a problem containing %q", err, tc.want)
					}
				})
			}
		})
	}
}

func TestTermCacheIsBounded(t *testing.T) {
	c := newTermCache(100)
	for id := uint64(1); id <= 10_000; id++ {
		c.put(id, rdf.IRI(fmt.Sprint(id)))
	}
	hits := 0
	for id := uint64(1); id <= 10_000; id++ {
		if term, ok := c.get(id); ok {
			hits++
			if term.Value != fmt.Sprint(id) {
				t.Fatalf("cache returned %v for id %d", term, id)
			}
		}
	}
	if hits == 0 || hits > 16*8 {
		t.Errorf("%d of 10000 ids cached by a cache of about 100", hits)
	}
	var off *termCache = newTermCache(0)
	off.put(1, rdf.IRI("x"))
	if _, ok := off.get(1); ok {
		t.Error("a disabled cache returned a term")
	}
}

func TestTermCacheGrowsWithItsWorkingSet(t *testing.T) {
	slots := func(c *termCache) (n int) {
		for i := range c.shards {
			n += len(c.shards[i].slots)
		}
		return n
	}
	c := newTermCache(1 << 18)
	if got := slots(c); got != cacheShards*initialShardSlots {
		t.Fatalf("a new cache has %d slots, want %d", got, cacheShards*initialShardSlots)
	}
	const n = 5000
	for id := uint64(1); id <= n; id++ {
		c.put(id, rdf.IRI(fmt.Sprint(id)))
	}
	if got := slots(c); got < n || got > 8*n {
		t.Errorf("after %d terms the cache has %d slots, want between %d and %d", n, got, n, 8*n)
	}
	hits := 0
	for id := uint64(1); id <= n; id++ {
		if term, ok := c.get(id); ok {
			hits++
			if term.Value != fmt.Sprint(id) {
				t.Fatalf("cache returned %v for id %d", term, id)
			}
		}
	}
	// Growing keeps at most half of the slots taken, so most of a working
	// set well under the cache's size stays cached.
	if hits < n/2 {
		t.Errorf("%d of %d ids still cached after growing", hits, n)
	}
	for id := uint64(n + 1); id <= 1<<20; id++ {
		c.put(id, rdf.IRI("x"))
	}
	if got := slots(c); got != 1<<18 {
		t.Errorf("the full cache has %d slots, want its size %d", got, 1<<18)
	}
}
