package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The tests in this file run against every backend (see backends).

func TestMatchAllPatterns(t *testing.T) {
	data := smallDataset()
	unknown := rdf.IRI("http://ex.org/unknown")
	templates := append(slices.Clone(data), rdf.Quad{S: unknown, P: unknown, O: unknown, G: unknown})
	forEachBackend(t, func(t *testing.T, s testStore) {
		addQuads(t, s, data...)
		snap := openSnapshot(t, s)
		seen := map[Pattern]bool{}
		combos := map[string]int{}
		for mask := range 16 {
			for _, anyGraph := range []bool{false, true} {
				for _, tmpl := range templates {
					p := Pattern{AnyGraph: anyGraph}
					if mask&1 != 0 {
						p.S = tmpl.S
					}
					if mask&2 != 0 {
						p.P = tmpl.P
					}
					if mask&4 != 0 {
						p.O = tmpl.O
					}
					if mask&8 != 0 {
						p.G = tmpl.G
					}
					if seen[p] {
						continue
					}
					seen[p] = true
					combos[fmt.Sprintf("%04b/%v", mask, anyGraph)]++
					want := filter(data, p)
					got := match(t, snap, p)
					if !slices.Equal(got, want) {
						t.Fatalf("Match(%v): got %d quads, want %d\ngot:  %v\nwant: %v", p, len(got), len(want), got, want)
					}
					if est := snap.Estimate(p); est != uint64(len(want)) {
						t.Errorf("Estimate(%v) = %d, want exactly %d", p, est, len(want))
					}
				}
			}
		}
		if len(combos) != 32 {
			t.Errorf("tested %d of 32 bound/unbound combinations", len(combos))
		}
	})
}

// roundTripTerms are terms whose encoding must survive the store exactly.
func roundTripTerms() []rdf.Term {
	long := strings.Repeat("Lorem ipsum dolor sit amet, ünïcödé ✓ ", 4000)
	return []rdf.Term{
		rdf.String(""),
		rdf.String("plain"),
		rdf.String("tab\tnewline\nquote\"backslash\\"),
		rdf.String("nul\x00byte"),
		rdf.String("ünïcödé 日本語 🚀"),
		rdf.String(long),
		rdf.String(strings.Repeat("x", maxInlineTermKey-1)),
		rdf.String(strings.Repeat("x", maxInlineTermKey)),
		rdf.LangString("hallo", "de"),
		rdf.LangString("colour", "en-GB"),
		rdf.LangString("Rechtschreibung", "de-DE-1996"),
		rdf.LangString("", "fr"),
		rdf.LangString(long, "la"),
		rdf.Literal("42", rdf.XSDInteger),
		rdf.Literal("4.2e1", rdf.XSDDouble),
		rdf.Literal("true", rdf.XSDBoolean),
		rdf.Literal("<p>x</p>", rdf.RDFHTML),
		rdf.Literal("POINT(13.4 52.5)", rdf.NSGEO+"wktLiteral"),
		rdf.Literal("v", "http://ex.org/dt"),
		rdf.Literal("", "http://ex.org/dt"),
		rdf.Literal(long, "http://ex.org/dt"),
		rdf.Literal("x", "http://ex.org/"+strings.Repeat("d", 300)),
		{Kind: rdf.KindLiteral, Value: "no datatype"},
		{Kind: rdf.KindLiteral, Value: "string with lang", Datatype: rdf.XSDString, Lang: "en"},
		{Kind: rdf.KindLiteral, Value: "typed with lang", Datatype: "http://ex.org/dt", Lang: "en"},
		{Kind: rdf.KindLiteral, Value: "lang without datatype", Lang: "en"},
		{Kind: rdf.KindLiteral, Value: "langString without lang", Datatype: rdf.RDFLangString},
		rdf.IRI("http://ex.org/ünï/日本"),
		rdf.IRI("urn:x:" + long),
		rdf.Blank("b0"),
		rdf.Blank("ü-blank"),
	}
}

func TestTermRoundTrip(t *testing.T) {
	terms := roundTripTerms()
	forEachBackend(t, func(t *testing.T, s testStore) {
		subject := rdf.IRI("http://ex.org/s")
		pred := func(i int) rdf.Term { return rdf.IRI(fmt.Sprintf("http://ex.org/p%d", i)) }
		var quads []rdf.Quad
		for i, term := range terms {
			quads = append(quads, rdf.Quad{S: subject, P: pred(i), O: term})
			if !term.IsLiteral() {
				quads = append(quads, rdf.Quad{S: term, P: pred(i), O: subject, G: term})
			}
		}
		addQuads(t, s, quads...)
		snap := openSnapshot(t, s)
		ids := snap.(IDReader)
		for i, term := range terms {
			got := match(t, snap, Pattern{S: subject, P: pred(i), AnyGraph: true})
			if len(got) != 1 || got[0].O != term {
				t.Errorf("term %d: stored %#v, read back %v", i, term, got)
			}
			if got := match(t, snap, Pattern{O: term}); len(got) != 1 || got[0].P != pred(i) {
				t.Errorf("term %d: Match by object %#v gave %v", i, term, got)
			}
			if !term.IsLiteral() {
				if got := match(t, snap, Pattern{S: term, G: term}); len(got) != 1 || got[0].S != term || got[0].G != term {
					t.Errorf("term %d as subject and graph: %v", i, got)
				}
			}
			id, ok := ids.TermID(term)
			if !ok {
				t.Errorf("term %d: TermID found nothing", i)
				continue
			}
			if back, err := ids.Term(id); err != nil || back != term {
				t.Errorf("term %d: Term(%d) = %#v, %v", i, id, back, err)
			}
		}
	})
}

func TestGraphLifecycle(t *testing.T) {
	ctx := context.Background()
	g1, g2, g3, g4 := rdf.IRI("http://ex.org/g1"), rdf.IRI("http://ex.org/g2"), rdf.IRI("http://ex.org/g3"), rdf.IRI("http://ex.org/g4")
	gb := rdf.Blank("graph")
	s, p := rdf.IRI("http://ex.org/s"), rdf.IRI("http://ex.org/p")
	quad := func(o string, g rdf.Term) rdf.Quad { return rdf.Quad{S: s, P: p, O: rdf.String(o), G: g} }
	graphs := func(t *testing.T, st Store) []rdf.Term {
		snap := openSnapshot(t, st)
		defer snap.Close()
		gs, err := snap.Graphs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return gs
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		mustUpdate(t, st, func(w Writer) error {
			if err := w.CreateGraph(g1); err != nil {
				return err
			}
			if err := w.CreateGraph(g1); !errors.Is(err, ErrGraphExists) {
				t.Errorf("CreateGraph twice in one Update: %v, want ErrGraphExists", err)
			}
			return nil
		})
		if got := graphs(t, st); !slices.Equal(got, []rdf.Term{g1}) {
			t.Errorf("Graphs after CreateGraph = %v", got)
		}
		err := st.Update(ctx, func(w Writer) error { return w.CreateGraph(g1) })
		if !errors.Is(err, ErrGraphExists) {
			t.Errorf("CreateGraph of an existing graph: %v, want ErrGraphExists", err)
		}
		err = st.Update(ctx, func(w Writer) error { return w.CreateGraph(rdf.Term{}) })
		if !errors.Is(err, ErrGraphExists) {
			t.Errorf("CreateGraph of the default graph: %v, want ErrGraphExists", err)
		}
		err = st.Update(ctx, func(w Writer) error { return w.CreateGraph(rdf.String("g")) })
		if err == nil {
			t.Error("CreateGraph of a literal succeeded")
		}

		addQuads(t, st, quad("a", g2), quad("b", g2), quad("c", gb), quad("d", rdf.Term{}))
		if got, want := graphs(t, st), []rdf.Term{gb, g1, g2}; !slices.Equal(got, want) {
			t.Errorf("Graphs = %v, want %v (implicit graphs, term order)", got, want)
		}

		mustUpdate(t, st, func(w Writer) error { return w.ClearGraph(g2) })
		if got := matchStore(t, st, Pattern{G: g2}); len(got) != 0 {
			t.Errorf("cleared graph still has %v", got)
		}
		if got := graphs(t, st); !slices.Contains(got, g2) {
			t.Errorf("ClearGraph forgot the graph: %v", got)
		}

		mustUpdate(t, st, func(w Writer) error { return w.DropGraph(g2) })
		if got, want := graphs(t, st), []rdf.Term{gb, g1}; !slices.Equal(got, want) {
			t.Errorf("Graphs after DropGraph = %v, want %v", got, want)
		}
		snap := openSnapshot(t, st)
		if _, ok := snap.GraphInfo(g2); ok {
			t.Error("GraphInfo finds a dropped graph")
		}
		version := snap.Version()
		snap.Close()

		mustUpdate(t, st, func(w Writer) error {
			if err := w.ClearGraph(g3); err != nil {
				return err
			}
			return w.DropGraph(g3)
		})
		snap = openSnapshot(t, st)
		if snap.Version() != version {
			t.Errorf("clearing and dropping an unknown graph moved the version from %d to %d", version, snap.Version())
		}
		if _, ok := snap.GraphInfo(g3); ok {
			t.Error("clearing an unknown graph made it known")
		}
		snap.Close()

		mustUpdate(t, st, func(w Writer) error { return w.DropGraph(rdf.Term{}) })
		if got := matchStore(t, st, Pattern{}); len(got) != 0 {
			t.Errorf("dropping the default graph left %v", got)
		}
		snap = openSnapshot(t, st)
		if info, ok := snap.GraphInfo(rdf.Term{}); !ok || info.Quads != 0 {
			t.Errorf("default graph info after drop = %+v, %v", info, ok)
		}
		snap.Close()

		// Removing the last quad keeps an implicitly created graph.
		addQuads(t, st, quad("x", g3))
		mustUpdate(t, st, func(w Writer) error { return w.Remove(quad("x", g3)) })
		if got := graphs(t, st); !slices.Contains(got, g3) {
			t.Errorf("graph forgotten after its last quad was removed: %v", got)
		}

		// ReplaceGraph on a new graph and twice on an existing one.
		a := []rdf.Triple{{S: s, P: p, O: rdf.String("1")}, {S: s, P: p, O: rdf.String("2")}}
		b := []rdf.Triple{{S: s, P: p, O: rdf.String("3")}}
		for _, step := range []struct {
			g  rdf.Term
			ts []rdf.Triple
		}{{g4, a}, {g4, b}, {g1, a}} {
			if err := ReplaceGraph(ctx, st, step.g, step.ts); err != nil {
				t.Fatal(err)
			}
			got := matchStore(t, st, Pattern{G: step.g})
			if want := sorted(rdf.InGraph(step.ts, step.g)); !slices.Equal(got, want) {
				t.Errorf("after ReplaceGraph(%v): %v, want %v", step.g, got, want)
			}
		}
	})
}

func TestGraphInfoCounts(t *testing.T) {
	ctx := context.Background()
	data := smallDataset()
	forEachBackend(t, func(t *testing.T, st testStore) {
		before := time.Now()
		addQuads(t, st, data...)
		addQuads(t, st, data[:10]...) // duplicates change nothing
		check := func(want []rdf.Quad) {
			t.Helper()
			snap := openSnapshot(t, st)
			defer snap.Close()
			gs, err := snap.Graphs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range append(gs, rdf.Term{}) {
				info, ok := snap.GraphInfo(g)
				if !ok {
					t.Errorf("GraphInfo(%v) not found", g)
					continue
				}
				if n := len(filter(want, Pattern{G: g})); info.Quads != uint64(n) || info.Name != g {
					t.Errorf("GraphInfo(%v) = %+v, want %d quads", g, info, n)
				}
				if n := len(filter(want, Pattern{G: g})); n > 0 && info.Modified.Before(before.Truncate(time.Microsecond)) {
					t.Errorf("GraphInfo(%v).Modified = %v, before the write at %v", g, info.Modified, before)
				}
			}
			if snap.Len() != uint64(len(want)) {
				t.Errorf("Len = %d, want %d", snap.Len(), len(want))
			}
		}
		check(data)

		removed := data[:40]
		mustUpdate(t, st, func(w Writer) error {
			for _, q := range removed {
				if err := w.Remove(q); err != nil {
					return err
				}
			}
			return w.Remove(removed[0]) // removing an absent quad is no error
		})
		check(data[40:])

		// Only the graphs an Update changed get its time.
		snap := openSnapshot(t, st)
		g1, g2 := rdf.IRI("http://ex.org/g1"), rdf.IRI("http://ex.org/g2")
		info1, _ := snap.GraphInfo(g1)
		snap.Close()
		addQuads(t, st, rdf.Quad{S: rdf.IRI("http://ex.org/new"), P: rdf.Type, O: rdf.IRI("http://ex.org/C"), G: g2})
		snap = openSnapshot(t, st)
		after1, _ := snap.GraphInfo(g1)
		after2, _ := snap.GraphInfo(g2)
		if !after1.Modified.Equal(info1.Modified) {
			t.Errorf("an Update of g2 moved g1's Modified from %v to %v", info1.Modified, after1.Modified)
		}
		if !after2.Modified.Equal(snap.Modified()) {
			t.Errorf("g2.Modified = %v, want the store's last commit %v", after2.Modified, snap.Modified())
		}
	})
}

func TestVersionAndModified(t *testing.T) {
	ctx := context.Background()
	q := func(i int) rdf.Quad {
		return rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: rdf.Literal(fmt.Sprint(i), rdf.XSDInteger)}
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		snap := openSnapshot(t, st)
		if snap.Version() != 0 || !snap.Modified().IsZero() || snap.Len() != 0 {
			t.Errorf("fresh store: version %d, modified %v, len %d", snap.Version(), snap.Modified(), snap.Len())
		}
		old := snap
		var lastMod time.Time
		for i := 1; i <= 5; i++ {
			start := time.Now()
			addQuads(t, st, q(i))
			snap := openSnapshot(t, st)
			if snap.Version() != uint64(i) {
				t.Errorf("after %d committing Updates: version %d", i, snap.Version())
			}
			mod := snap.Modified()
			if mod.UnixNano() < start.UnixNano() || !mod.After(lastMod) {
				t.Errorf("Modified %v: not after the previous %v or before the Update started at %v", mod, lastMod, start)
			}
			lastMod = mod
			snap.Close()
		}
		if old.Version() != 0 || old.Len() != 0 {
			t.Errorf("an old snapshot moved: version %d, len %d", old.Version(), old.Len())
		}
		// Updates that change nothing, or fail, do not count.
		mustUpdate(t, st, func(w Writer) error { return w.Add(q(1)) })
		mustUpdate(t, st, func(w Writer) error { _ = w.Len(); return nil })
		_ = st.Update(ctx, func(w Writer) error {
			if err := w.Add(q(99)); err != nil {
				return err
			}
			return errors.New("fail")
		})
		snap = openSnapshot(t, st)
		if snap.Version() != 5 || !snap.Modified().Equal(lastMod) {
			t.Errorf("no-op and failed Updates: version %d (want 5), modified %v (want %v)", snap.Version(), snap.Modified(), lastMod)
		}
	})
}

func TestRollback(t *testing.T) {
	keep := rdf.Quad{S: rdf.IRI("http://ex.org/keep"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("kept"), G: rdf.IRI("http://ex.org/g")}
	keep2 := rdf.Quad{S: rdf.IRI("http://ex.org/keep"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("kept too")}
	errBoom := errors.New("boom")
	cases := []struct {
		name string
		run  func(st Store, body func(w Writer) error) error
		want error
	}{
		{"error", func(st Store, body func(Writer) error) error {
			return st.Update(context.Background(), func(w Writer) error {
				if err := body(w); err != nil {
					return err
				}
				return errBoom
			})
		}, errBoom},
		{"cancel", func(st Store, body func(Writer) error) error {
			ctx, cancel := context.WithCancel(context.Background())
			return st.Update(ctx, func(w Writer) error {
				err := body(w)
				cancel()
				return err
			})
		}, context.Canceled},
		{"panic", func(st Store, body func(Writer) error) (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%v", r)
				}
			}()
			return st.Update(context.Background(), func(w Writer) error {
				if err := body(w); err != nil {
					return err
				}
				panic(errBoom)
			})
		}, errors.New(errBoom.Error())},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, st testStore) {
				addQuads(t, st, keep, keep2)
				before := openSnapshot(t, st)
				wantAll := match(t, before, all)
				newTerm := rdf.String("only in the rolled back Update")
				err := tc.run(st, func(w Writer) error {
					for i := range 300 {
						if err := w.Add(rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/n%d", i)), P: rdf.Type, O: newTerm, G: rdf.IRI("http://ex.org/new")}); err != nil {
							return err
						}
					}
					if err := w.CreateGraph(rdf.IRI("http://ex.org/created")); err != nil {
						return err
					}
					if err := w.Remove(keep2); err != nil {
						return err
					}
					if err := w.ClearGraph(keep.G); err != nil {
						return err
					}
					// Reading the new quads inside the Update must not
					// leave their ids in the shared decode cache.
					if got := match(t, w, Pattern{O: newTerm, AnyGraph: true}); len(got) != 300 {
						t.Errorf("inside the Update: %d new quads, want 300", len(got))
					}
					return nil
				})
				if err == nil || err.Error() != tc.want.Error() && !errors.Is(err, tc.want) {
					t.Fatalf("Update returned %v, want %v", err, tc.want)
				}
				after := openSnapshot(t, st)
				if got := match(t, after, all); !slices.Equal(got, wantAll) {
					t.Errorf("after rollback: %v, want %v", got, wantAll)
				}
				gs, _ := after.Graphs(context.Background())
				if !slices.Equal(gs, []rdf.Term{keep.G}) {
					t.Errorf("after rollback: graphs %v", gs)
				}
				if after.Version() != before.Version() || after.Len() != 2 {
					t.Errorf("after rollback: version %d (was %d), len %d", after.Version(), before.Version(), after.Len())
				}
				if after.Estimate(Pattern{O: newTerm, AnyGraph: true}) != 0 {
					t.Error("the rolled back term is still in the dictionary")
				}
				// New terms now get the ids the rolled back ones had; the
				// decode cache must not answer with the old terms.
				other := rdf.String("committed later")
				var fresh []rdf.Quad
				for i := range 300 {
					fresh = append(fresh, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/m%d", i)), P: rdf.Type, O: other})
				}
				addQuads(t, st, fresh...)
				if got := matchStore(t, st, Pattern{P: rdf.Type}); !slices.Equal(got, sorted(fresh)) {
					t.Errorf("after a later commit: %d quads, first %v; want %v", len(got), got[:min(3, len(got))], fresh[:3])
				}
			})
		})
	}
}

func TestWriterReadsOwnWrites(t *testing.T) {
	ctx := context.Background()
	g := rdf.IRI("http://ex.org/g")
	q1 := rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("v1"), G: g}
	q2 := rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("v2"), G: g}
	forEachBackend(t, func(t *testing.T, st testStore) {
		mustUpdate(t, st, func(w Writer) error {
			if err := w.Add(q1); err != nil {
				return err
			}
			if err := w.Add(q2); err != nil {
				return err
			}
			if got := match(t, w, Pattern{G: g}); !slices.Equal(got, sorted([]rdf.Quad{q1, q2})) {
				t.Errorf("Match inside Update = %v", got)
			}
			if w.Len() != 2 || w.Estimate(Pattern{P: q1.P, AnyGraph: true}) != 2 || w.Estimate(Pattern{G: g}) != 2 {
				t.Errorf("inside Update: Len %d, Estimate(P) %d, Estimate(G) %d", w.Len(), w.Estimate(Pattern{P: q1.P, AnyGraph: true}), w.Estimate(Pattern{G: g}))
			}
			if info, ok := w.GraphInfo(g); !ok || info.Quads != 2 {
				t.Errorf("GraphInfo inside Update = %+v, %v", info, ok)
			}
			if gs, err := w.Graphs(ctx); err != nil || !slices.Equal(gs, []rdf.Term{g}) {
				t.Errorf("Graphs inside Update = %v, %v", gs, err)
			}
			if id, ok := w.(IDReader).TermID(q2.O); !ok {
				t.Error("TermID of a term added in this Update: not found")
			} else if term, err := w.(IDReader).Term(id); err != nil || term != q2.O {
				t.Errorf("Term(%d) = %v, %v", id, term, err)
			}
			if err := w.Remove(q1); err != nil {
				return err
			}
			if got := match(t, w, Pattern{G: g}); !slices.Equal(got, []rdf.Quad{q2}) {
				t.Errorf("after Remove inside Update: %v", got)
			}
			if err := w.ClearGraph(g); err != nil {
				return err
			}
			if w.Len() != 0 || len(match(t, w, all)) != 0 {
				t.Errorf("after ClearGraph inside Update: Len %d", w.Len())
			}
			return w.Add(q1)
		})
		if got := matchStore(t, st, all); !slices.Equal(got, []rdf.Quad{q1}) {
			t.Errorf("committed: %v", got)
		}
	})
}

func TestConcurrentReadersDuringWrites(t *testing.T) {
	ctx := context.Background()
	g := rdf.IRI("http://ex.org/g")
	other := rdf.Quad{S: rdf.IRI("http://ex.org/x"), P: rdf.Type, O: rdf.IRI("http://ex.org/C")}
	version := func(tag string, n int) []rdf.Triple {
		var ts []rdf.Triple
		for i := range n {
			ts = append(ts, rdf.Triple{S: rdf.IRI(fmt.Sprintf("http://ex.org/%s/%d", tag, i)), P: rdf.IRI("http://ex.org/p"), O: rdf.String(tag)})
		}
		return ts
	}
	versions := [][]rdf.Quad{sorted(rdf.InGraph(version("a", 700), g)), sorted(rdf.InGraph(version("b", 1100), g))}
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, other)
		addQuads(t, st, versions[0]...)
		done := make(chan struct{})
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for reads := 0; ; reads++ {
					select {
					case <-done:
						if reads == 0 {
							t.Error("a reader never read")
						}
						return
					default:
					}
					snap, err := st.Snapshot(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					var got []rdf.Quad
					for q, err := range snap.Match(ctx, Pattern{G: g}) {
						if err != nil {
							t.Error(err)
							break
						}
						got = append(got, q)
						if len(got) == 350 {
							time.Sleep(time.Millisecond) // let the writer commit mid-scan
						}
					}
					slices.SortFunc(got, rdf.CompareQuads)
					info, _ := snap.GraphInfo(g)
					if !slices.Equal(got, versions[0]) && !slices.Equal(got, versions[1]) {
						t.Errorf("a reader saw a mixture of %d quads", len(got))
					}
					if info.Quads != uint64(len(got)) || snap.Len() != uint64(len(got))+1 {
						t.Errorf("counters disagree with the snapshot: graph %d, len %d, quads %d", info.Quads, snap.Len(), len(got))
					}
					snap.Close()
				}
			})
		}
		for i := range 12 {
			ts := version("a", 700)
			if i%2 == 0 {
				ts = version("b", 1100)
			}
			if err := ReplaceGraph(ctx, st, g, ts); err != nil {
				t.Fatal(err)
			}
		}
		close(done)
		wg.Wait()
	})
}

func TestSnapshotAndStoreClose(t *testing.T) {
	ctx := context.Background()
	data := collectQuads(bsbmQuads(3000, 7))
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, data...)
		snap := openSnapshot(t, st)
		if err := snap.Close(); err != nil {
			t.Fatal(err)
		}
		if err := snap.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		checkClosed(t, snap)

		// Store Close closes open snapshots and stops a running scan.
		open := openSnapshot(t, st)
		started := make(chan struct{})
		scanned := make(chan error, 1)
		go func() {
			n := 0
			for _, err := range open.Match(ctx, all) {
				if err != nil {
					scanned <- err
					return
				}
				if n++; n == 10 {
					close(started)
				}
				time.Sleep(50 * time.Microsecond)
			}
			scanned <- nil
		}()
		<-started
		if err := st.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := <-scanned; !errors.Is(err, ErrClosed) {
			t.Errorf("a scan running during Close ended with %v, want ErrClosed", err)
		}
		checkClosed(t, open)
		if err := st.Close(); err != nil {
			t.Errorf("second store Close: %v", err)
		}
		if _, err := st.Snapshot(ctx); !errors.Is(err, ErrClosed) {
			t.Errorf("Snapshot after Close: %v", err)
		}
		if err := st.Update(ctx, func(Writer) error { return nil }); !errors.Is(err, ErrClosed) {
			t.Errorf("Update after Close: %v", err)
		}
	})
}

// checkClosed asserts that every method of a closed reader fails cleanly.
func checkClosed(t *testing.T, r Reader) {
	t.Helper()
	for _, err := range r.Match(context.Background(), all) {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Match on a closed reader: %v", err)
		}
	}
	if _, err := r.Graphs(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Graphs on a closed reader: %v", err)
	}
	if _, ok := r.GraphInfo(rdf.Term{}); ok {
		t.Error("GraphInfo on a closed reader succeeded")
	}
	if r.Len() != 0 || r.Estimate(all) != 0 {
		t.Error("Len or Estimate on a closed reader is not 0")
	}
	if _, err := r.(IDReader).Term(1); !errors.Is(err, ErrClosed) {
		t.Errorf("Term on a closed reader: %v", err)
	}
}

func TestWriterMisuse(t *testing.T) {
	ctx := context.Background()
	data := collectQuads(bsbmQuads(2000, 3))
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, data...)
		var leaked Writer
		var next func() (rdf.Quad, error, bool)
		var stop func()
		defer func() { stop() }()
		mustUpdate(t, st, func(w Writer) error {
			leaked = w
			for range w.Match(ctx, all) {
				if err := w.Add(rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.Type, O: rdf.IRI("http://ex.org/C")}); !errors.Is(err, errWriteDuringMatch) {
					t.Errorf("Add during Match: %v, want errWriteDuringMatch", err)
				}
				if err := w.ClearGraph(rdf.Term{}); !errors.Is(err, errWriteDuringMatch) {
					t.Errorf("ClearGraph during Match: %v", err)
				}
				break
			}
			if err := w.Add(rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.Type, O: rdf.IRI("http://ex.org/C")}); err != nil {
				return err
			}
			// Leave an iteration suspended across the end of the Update.
			next, stop = iter.Pull2(w.Match(ctx, all))
			if _, err, ok := next(); !ok || err != nil {
				t.Errorf("first pulled quad: %v, %v", err, ok)
			}
			return nil
		})
		if err := leaked.Add(data[0]); !errors.Is(err, ErrClosed) {
			t.Errorf("Add after the Update: %v, want ErrClosed", err)
		}
		checkClosed(t, leaked)
		if _, err, ok := next(); !ok || !errors.Is(err, ErrClosed) {
			t.Errorf("resuming an iteration after its Update: %v, %v; want ErrClosed", err, ok)
		}
		if got := len(matchStore(t, st, all)); got != countDistinct(data)+1 {
			t.Errorf("store has %d quads, want %d", got, countDistinct(data)+1)
		}
	})
}

func TestInvalidQuads(t *testing.T) {
	iri, lit := rdf.IRI("http://ex.org/x"), rdf.String("x")
	cases := []struct {
		name string
		q    rdf.Quad
	}{
		{"no subject", rdf.Quad{P: iri, O: iri}},
		{"literal subject", rdf.Quad{S: lit, P: iri, O: iri}},
		{"no predicate", rdf.Quad{S: iri, O: iri}},
		{"blank predicate", rdf.Quad{S: iri, P: rdf.Blank("p"), O: iri}},
		{"literal predicate", rdf.Quad{S: iri, P: lit, O: iri}},
		{"no object", rdf.Quad{S: iri, P: iri}},
		{"literal graph", rdf.Quad{S: iri, P: iri, O: iri, G: lit}},
		{"IRI with language", rdf.Quad{S: iri, P: iri, O: rdf.Term{Kind: rdf.KindIRI, Value: "http://ex.org/", Lang: "en"}}},
		{"blank with datatype", rdf.Quad{S: rdf.Term{Kind: rdf.KindBlank, Value: "b", Datatype: rdf.XSDString}, P: iri, O: iri}},
		{"empty IRI", rdf.Quad{S: rdf.IRI(""), P: iri, O: iri}},
		{"unknown kind", rdf.Quad{S: iri, P: iri, O: rdf.Term{Kind: 9, Value: "x"}}},
	}
	good := rdf.Quad{S: iri, P: iri, O: lit}
	forEachBackend(t, func(t *testing.T, st testStore) {
		mustUpdate(t, st, func(w Writer) error {
			for _, tc := range cases {
				if err := w.Add(tc.q); !errors.Is(err, errBadTerm) {
					t.Errorf("Add(%s): %v, want errBadTerm", tc.name, err)
				}
				if err := w.Remove(tc.q); !errors.Is(err, errBadTerm) {
					t.Errorf("Remove(%s): %v, want errBadTerm", tc.name, err)
				}
			}
			return w.Add(good) // a refused quad does not spoil the Update
		})
		if got := matchStore(t, st, all); !slices.Equal(got, []rdf.Quad{good}) {
			t.Errorf("store holds %v, want only %v", got, good)
		}
		snap := openSnapshot(t, st)
		for _, tc := range cases {
			p := Pattern{S: tc.q.S, P: tc.q.P, O: tc.q.O, G: tc.q.G}
			if p.S.IsZero() || p.P.IsZero() || p.O.IsZero() {
				continue // a wildcard, not a bad term
			}
			if got := match(t, snap, p); len(got) != 0 || snap.Estimate(p) != 0 {
				t.Errorf("Match with %s found %v", tc.name, got)
			}
		}
	})
}

func TestEstimate(t *testing.T) {
	data := collectQuads(bsbmQuads(30000, 11))
	distinct := dedupe(data)
	g := bsbmIRI("producer", 3)
	patterns := []Pattern{
		all,
		{},
		{G: g},
		{P: rdf.Type, AnyGraph: true},
		{P: rdf.Type},
		{P: rdf.Type, G: g},
		{P: rdf.Type, O: classOffer, AnyGraph: true},
		{P: rdf.Type, O: classProduct, G: g},
		{S: bsbmIRI("product", 5), AnyGraph: true},
		{S: bsbmIRI("product", 5), G: g},
		{O: bsbmIRI("product", 5), AnyGraph: true},
		{P: predFeature, O: bsbmIRI("feature", 3), AnyGraph: true},
		{P: predLabel, AnyGraph: true},
		{P: predPrice},
		{O: rdf.IRI("http://ex.org/absent"), AnyGraph: true},
	}
	forEachBackend(t, func(t *testing.T, st testStore) {
		if _, err := Load(context.Background(), st, bsbmQuads(30000, 11), 10000); err != nil {
			t.Fatal(err)
		}
		snap := openSnapshot(t, st)
		for _, p := range patterns {
			n := uint64(len(filter(distinct, p)))
			est := snap.Estimate(p)
			counted := p.S.IsZero() && p.O.IsZero() && (p.P.IsZero() || p.AnyGraph) // answered from counters
			exact := n < ExactEstimateLimit || counted
			switch {
			case exact && est != n:
				t.Errorf("Estimate(%v) = %d, want exactly %d", p, est, n)
			case !exact && (est < n || est > snap.Len()):
				t.Errorf("Estimate(%v) = %d, want an upper bound of %d no larger than %d", p, est, n, snap.Len())
			}
		}
	})
}

func TestMatchHonoursContext(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, collectQuads(bsbmQuads(5000, 5))...)
		snap := openSnapshot(t, st)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, err := range snap.Match(ctx, all) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Match with a cancelled context: %v", err)
			}
		}
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		rows := 0
		var last error
		for _, err := range snap.Match(ctx, all) {
			if err != nil {
				last = err
				break
			}
			if rows++; rows == 10 {
				cancel()
			}
		}
		if !errors.Is(last, context.Canceled) || rows > 10+checkEvery {
			t.Errorf("cancelled after 10 rows: %d rows, then %v", rows, last)
		}
	})
}

func TestIDReader(t *testing.T) {
	ctx := context.Background()
	data := smallDataset()
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, data...)
		snap := openSnapshot(t, st)
		ids, ok := snap.(IDReader)
		if !ok {
			t.Fatal("snapshot is not an IDReader")
		}
		for _, tmpl := range data[:20] {
			for _, p := range []Pattern{{S: tmpl.S, AnyGraph: true}, {P: tmpl.P, G: tmpl.G}, {O: tmpl.O, AnyGraph: true}} {
				var ip IDPattern
				var found bool
				if ip, found = toIDPattern(ids, p); !found {
					t.Fatalf("a term of %v is not in the dictionary", p)
				}
				var got []rdf.Quad
				for iq, err := range ids.MatchIDs(ctx, ip) {
					if err != nil {
						t.Fatal(err)
					}
					q := rdf.Quad{S: term(t, ids, iq.S), P: term(t, ids, iq.P), O: term(t, ids, iq.O), G: term(t, ids, iq.G)}
					got = append(got, q)
				}
				slices.SortFunc(got, rdf.CompareQuads)
				if want := filter(data, p); !slices.Equal(got, want) {
					t.Errorf("MatchIDs(%v) = %v, want %v", p, got, want)
				}
				if ids.EstimateIDs(ip) != snap.Estimate(p) {
					t.Errorf("EstimateIDs(%v) = %d, Estimate %d", p, ids.EstimateIDs(ip), snap.Estimate(p))
				}
			}
		}
		if _, ok := ids.TermID(rdf.IRI("http://ex.org/absent")); ok {
			t.Error("TermID found an absent term")
		}
		if _, err := ids.Term(1 << 40); err == nil {
			t.Error("Term of an unknown id succeeded")
		}
	})
}

func toIDPattern(r IDReader, p Pattern) (IDPattern, bool) {
	ip := IDPattern{AnyGraph: p.AnyGraph}
	for _, f := range []struct {
		t  rdf.Term
		id *ID
	}{{p.S, &ip.S}, {p.P, &ip.P}, {p.O, &ip.O}, {p.G, &ip.G}} {
		if !f.t.IsZero() {
			id, ok := r.TermID(f.t)
			if !ok {
				return ip, false
			}
			*f.id = id
		}
	}
	return ip, true
}

func term(t *testing.T, r IDReader, id ID) rdf.Term {
	t.Helper()
	term, err := r.Term(id)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

func dedupe(qs []rdf.Quad) []rdf.Quad {
	seen := make(map[rdf.Quad]bool, len(qs))
	var out []rdf.Quad
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

func countDistinct(qs []rdf.Quad) int { return len(dedupe(qs)) }

func TestSnapshotSharedByGoroutines(t *testing.T) {
	ctx := context.Background()
	data := collectQuads(bsbmQuads(4000, 13))
	forEachBackend(t, func(t *testing.T, st testStore) {
		addQuads(t, st, data...)
		snap := openSnapshot(t, st)
		want := match(t, snap, Pattern{P: rdf.Type, AnyGraph: true})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 5 {
					var got []rdf.Quad
					for q, err := range snap.Match(ctx, Pattern{P: rdf.Type, AnyGraph: true}) {
						if err != nil {
							t.Error(err)
							return
						}
						got = append(got, q)
					}
					slices.SortFunc(got, rdf.CompareQuads)
					if !slices.Equal(got, want) {
						t.Errorf("a goroutine read %d quads, want %d", len(got), len(want))
					}
				}
			})
		}
		wg.Wait()
	})
}

func TestUpdatesWaitForEachOther(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st testStore) {
		holding := make(chan struct{})
		release := make(chan struct{})
		first := make(chan error, 1)
		go func() {
			first <- st.Update(context.Background(), func(w Writer) error {
				close(holding)
				<-release
				return w.Add(rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.Type, O: rdf.IRI("http://ex.org/First")})
			})
		}()
		<-holding
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		err := st.Update(ctx, func(w Writer) error {
			t.Error("a second Update ran while the first held the writer")
			return nil
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiting Update: %v, want DeadlineExceeded", err)
		}
		// An Update waiting when the store closes fails with ErrClosed.
		waiting := make(chan error, 1)
		go func() {
			waiting <- st.Update(context.Background(), func(Writer) error { return nil })
		}()
		time.Sleep(20 * time.Millisecond)
		closed := make(chan error, 1)
		go func() { closed <- st.Close() }()
		if err := <-waiting; !errors.Is(err, ErrClosed) {
			t.Errorf("Update waiting during Close: %v, want ErrClosed", err)
		}
		close(release)
		if err := <-first; err != nil {
			t.Errorf("the running Update: %v", err)
		}
		if err := <-closed; err != nil {
			t.Errorf("Close: %v", err)
		}
	})
}
