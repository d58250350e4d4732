package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func seqOf(qs []rdf.Quad, failAfter int) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		for i, q := range qs {
			if i == failAfter {
				yield(rdf.Quad{}, errors.New("syntax error in the input"))
				return
			}
			if !yield(q, nil) {
				return
			}
		}
	}
}

func bulkFixture() (old, next, other []rdf.Quad, gA, gB, gC rdf.Term) {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex.org/" + s) }
	gA, gB, gC = ex("graph/a"), ex("graph/b"), ex("graph/c")
	for i := range 30 {
		old = append(old, rdf.Quad{S: ex(fmt.Sprintf("old%d", i)), P: ex("p"), O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger), G: gA})
	}
	// The new content: graph a and a new graph c; one quad names graph a
	// itself, and one is in the input twice.
	for i := range 50 {
		next = append(next, rdf.Quad{S: ex(fmt.Sprintf("new%d", i)), P: ex("q"), O: ex(fmt.Sprintf("o%d", i%7)), G: gA})
		next = append(next, rdf.Quad{S: ex(fmt.Sprintf("new%d", i)), P: rdf.Type, O: ex("Thing"), G: gC})
	}
	next = append(next, rdf.Quad{S: gA, P: ex("describes"), O: ex("new0"), G: gA}, next[0])
	// Graph b stays, and refers to graph a by name.
	other = []rdf.Quad{{S: ex("x"), P: ex("source"), O: gA, G: gB}, {S: gA, P: ex("label"), O: rdf.String("A"), G: gB}}
	return old, next, other, gA, gB, gC
}

func TestBulkLoadReplacesGraphs(t *testing.T) {
	old, next, other, gA, gB, gC := bulkFixture()
	forEachBackend(t, func(t *testing.T, s testStore) {
		ctx := context.Background()
		addQuads(t, s, append(slices.Clone(old), other...)...)
		var progress []uint64
		n, err := BulkLoad(ctx, s, []rdf.Term{gA}, seqOf(next, -1), BulkOptions{Batch: 7, Progress: func(q uint64) { progress = append(progress, q) }})
		if err != nil {
			t.Fatal(err)
		}
		if n != uint64(len(next)) || len(progress) < 5 {
			t.Errorf("read %d quads, progress %v", n, progress)
		}
		want := func(g rdf.Term) []rdf.Quad {
			var out []rdf.Quad
			for _, q := range next {
				if q.G == g && !slices.Contains(out, q) {
					out = append(out, q)
				}
			}
			return sorted(out)
		}
		for _, g := range []rdf.Term{gA, gC} {
			if got := matchStore(t, s, Pattern{G: g}); !slices.Equal(got, want(g)) {
				t.Errorf("graph %s: %d quads, want %d", g, len(got), len(want(g)))
			}
		}
		if got := matchStore(t, s, Pattern{G: gB}); !slices.Equal(got, sorted(other)) {
			t.Errorf("graph b changed: %v", got)
		}
		// Graph a's name still works as a term in graph b.
		if got := matchStore(t, s, Pattern{O: gA, AnyGraph: true}); len(got) != 1 {
			t.Errorf("quads with graph a's name as object: %v", got)
		}
		if got := matchStore(t, s, Pattern{S: gA, AnyGraph: true}); len(got) != 2 {
			t.Errorf("quads with graph a's name as subject: %v", got)
		}
		snap := openSnapshot(t, s)
		graphs, err := snap.Graphs(ctx)
		if err != nil || !slices.Equal(graphs, []rdf.Term{gA, gB, gC}) {
			t.Errorf("graphs %v, %v", graphs, err)
		}
		if info, ok := snap.GraphInfo(gA); !ok || info.Quads != uint64(len(want(gA))) {
			t.Errorf("graph info of a: %+v %v", info, ok)
		}
		if snap.Len() != uint64(len(want(gA))+len(want(gC))+len(other)) {
			t.Errorf("Len %d", snap.Len())
		}
	})
}

func TestBulkLoadFailureKeepsTheOldGraphs(t *testing.T) {
	old, next, other, gA, gB, gC := bulkFixture()
	cases := []struct {
		name  string
		seq   iter.Seq2[rdf.Quad, error]
		ctx   func() context.Context
		graph []rdf.Term
	}{
		{"a syntax error after three batches", seqOf(next, 25), context.Background, []rdf.Term{gA}},
		{"a quad in the default graph", seqOf(append(slices.Clone(next[:20]), rdf.Quad{S: gA, P: gA, O: gA}), -1), context.Background, []rdf.Term{gA}},
		{"cancelled", seqOf(next, -1), func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, []rdf.Term{gA}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s testStore) {
				addQuads(t, s, append(slices.Clone(old), other...)...)
				if _, err := BulkLoad(tc.ctx(), s, tc.graph, tc.seq, BulkOptions{Batch: 7}); err == nil {
					t.Fatal("BulkLoad succeeded")
				} else {
					t.Log(err)
				}
				if got := matchStore(t, s, Pattern{G: gA}); !slices.Equal(got, sorted(old)) {
					t.Errorf("graph a has %d quads, want the old %d", len(got), len(old))
				}
				if got := matchStore(t, s, Pattern{G: gC}); len(got) != 0 {
					t.Errorf("graph c has %d quads", len(got))
				}
				if got := matchStore(t, s, all); len(got) != len(old)+len(other) {
					t.Errorf("the store has %d quads, want %d", len(got), len(old)+len(other))
				}
				_ = gB
			})
		})
	}
}

// The input is read by one goroutine while another writes: a failed write
// must stop the reading, not let a big file be parsed to its end.
func TestBulkLoadStopsReadingWhenAWriteFails(t *testing.T) {
	g := rdf.IRI("http://ex.org/g")
	const total = 1_000_000
	yielded := 0
	seq := func(yield func(rdf.Quad, error) bool) {
		for i := range total {
			q := rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/s%d", i)), P: rdf.IRI("http://ex.org/p"), O: rdf.String("o"), G: g}
			if i == 100 {
				q.S = rdf.String("a literal cannot be a subject")
			}
			yielded++
			if !yield(q, nil) {
				return
			}
		}
	}
	s := NewMemory()
	defer s.Close()
	_, err := BulkLoad(context.Background(), s, nil, seq, BulkOptions{Batch: 64})
	if err == nil || !strings.Contains(err.Error(), "subject") {
		t.Fatalf("BulkLoad: %v, want the bad subject's error", err)
	}
	if yielded > 10_000 {
		t.Errorf("the input was read for %d quads after the write failed at quad 100", yielded)
	}
	if got := matchStore(t, s, all); len(got) != 0 {
		t.Errorf("the store holds %d quads after the failed load", len(got))
	}
}

func TestBulkLoadEmptiesANamedGraphWithoutQuads(t *testing.T) {
	old, _, _, gA, _, _ := bulkFixture()
	forEachBackend(t, func(t *testing.T, s testStore) {
		addQuads(t, s, old...)
		if _, err := BulkLoad(context.Background(), s, []rdf.Term{gA}, seqOf(nil, -1), BulkOptions{}); err != nil {
			t.Fatal(err)
		}
		snap := openSnapshot(t, s)
		if info, ok := snap.GraphInfo(gA); !ok || info.Quads != 0 {
			t.Errorf("graph a: %+v %v, want known and empty", info, ok)
		}
	})
}

// bulkChildEnv switches the test binary into the loader process of
// TestKillDuringBulkLoad; its value is the store directory.
const bulkChildEnv = "SKILLSMAP_STORE_BULK_CHILD"

var bulkGraphs = [2]rdf.Term{rdf.IRI("http://ex.org/bulk/x"), rdf.IRI("http://ex.org/bulk/y")}

// bulkVersion is one of the two loads the child alternates between: two
// graphs of different sizes, blank nodes so that each load adds terms.
func bulkVersion(v int) []rdf.Quad {
	sizes := [2][2]int{{30_000, 10_000}, {45_000, 4000}}[v]
	var qs []rdf.Quad
	for gi, n := range sizes {
		for i := range n {
			s := rdf.IRI(fmt.Sprintf("http://ex.org/bulk/%d/%d", gi, i))
			qs = append(qs, rdf.Quad{S: s, P: rdf.IRI("http://ex.org/bulk/v"), O: rdf.Blank(fmt.Sprintf("v%dg%dn%d", v, gi, i)), G: bulkGraphs[gi]})
		}
	}
	return qs
}

// TestBulkChild is the loader process of TestKillDuringBulkLoad: it bulk
// loads the two versions in turn, in small batches, until it is killed.
func TestBulkChild(t *testing.T) {
	dir := os.Getenv(bulkChildEnv)
	if dir == "" {
		t.Skip("helper process of TestKillDuringBulkLoad")
	}
	db, err := Open(dir, WithLockTimeout(10*time.Second))
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(2)
	}
	versions := [2][]rdf.Quad{bulkVersion(0), bulkVersion(1)}
	for i := 0; ; i++ {
		if _, err := BulkLoad(context.Background(), db, bulkGraphs[:], seqOf(versions[i%2], -1), BulkOptions{Batch: 4000}); err != nil {
			fmt.Println("bulk load failed:", err)
			os.Exit(2)
		}
		fmt.Printf("committed %d\n", i)
	}
}

// TestKillDuringBulkLoad kills a process in the middle of bulk loads with
// SIGKILL, many commits into a load or between loads, and checks that the
// reopened store has all of one load's graphs or all of the other's.
func TestKillDuringBulkLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped in -short mode")
	}
	dir := t.TempDir()
	versions := [2][]rdf.Quad{sorted(bulkVersion(0)), sorted(bulkVersion(1))}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	rounds := 5
	if raceEnabled {
		rounds = 2
	}
	seen := map[int]int{}
	midLoad := 0
	for round := range rounds {
		commits := runChildAndKill(t, "^TestBulkChild$", bulkChildEnv, dir, time.Duration(rng.IntN(1500))*time.Millisecond)
		// A read-only open refuses a store with a load's staging graphs.
		if ro, err := Open(dir, WithReadOnly()); err == nil {
			ro.Close()
		} else if strings.Contains(err.Error(), "interrupted bulk load") {
			midLoad++
		} else {
			t.Fatalf("round %d: read-only open: %v", round, err)
		}
		db, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		got := matchStore(t, db, all)
		v := slices.IndexFunc(versions[:], func(w []rdf.Quad) bool { return slices.Equal(got, w) })
		if v < 0 {
			t.Errorf("round %d: the store has %d quads, neither load complete", round, len(got))
		}
		seen[v]++
		if err := db.Verify(context.Background()); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		t.Logf("round %d: killed after %d loads, found version %d", round, commits, v)
		db.Close()
	}
	t.Logf("versions found: %v; killed in the middle of a load %d times", seen, midLoad)
	if midLoad == 0 && !raceEnabled {
		t.Error("no kill hit a load in progress: the test proved nothing about staging graphs")
	}
}
