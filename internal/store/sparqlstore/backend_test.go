package sparqlstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/store/sparqlstore"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/publisher/sparqlhttp"
)

// engine is a SPARQL engine the backend tests run against.
type engine struct {
	name string
	// open returns options reaching the engine (started on first use).
	open func(t *testing.T) sparqlstore.Options
}

const adminToken = "backend-test-admin-token"

// skillsmapEngine serves Skillsmap's own SPARQL endpoints (as `skillsmap
// serve` mounts them) over an in-memory store: a second engine that is
// always there.
func skillsmapEngine(t *testing.T) sparqlstore.Options {
	opts := sparqlhttp.Options{Store: store.NewMemory(), AdminToken: adminToken, Base: "http://example.org/"}
	mux := http.NewServeMux()
	mux.Handle("/sparql", sparqlhttp.QueryHandler(opts))
	mux.Handle("/sparql/update", sparqlhttp.UpdateHandler(opts))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return sparqlstore.Options{QueryURL: srv.URL + "/sparql", UpdateURL: srv.URL + "/sparql/update", Token: adminToken}
}

var (
	virtuosoOnce sync.Once
	virtuosoURL  string
	virtuosoErr  error
)

// virtuosoEngine starts one Virtuoso for all the tests of the package run.
func virtuosoEngine(t *testing.T) sparqlstore.Options {
	virtuosoOnce.Do(func() {
		// The server outlives each test: its directory is the package's.
		dir, err := os.MkdirTemp("", "sparqlstore-virtuoso-")
		if err != nil {
			t.Fatal(err)
		}
		v, stop, err := testsupport.StartVirtuosoWith(dir, testsupport.VirtuosoBuffers)
		if err != nil {
			virtuosoErr = err
			os.RemoveAll(dir)
			return
		}
		virtuosoURL = v.SPARQL
		stopVirtuoso = func() {
			stop()
			os.RemoveAll(dir)
		}
	})
	if virtuosoURL == "" {
		testsupport.Missing(t, "Virtuoso (Debian package virtuoso-opensource) is not available: %v: skipping the Virtuoso backend tests", virtuosoErr)
	}
	return sparqlstore.Options{QueryURL: virtuosoURL, Dialect: sparqlstore.Virtuoso}
}

var stopVirtuoso = func() {}

func TestMain(m *testing.M) {
	code := m.Run()
	stopVirtuoso()
	os.Exit(code)
}

var engines = []engine{
	{"skillsmap", skillsmapEngine},
	{"virtuoso", virtuosoEngine},
}

// forEachEngine runs fn against every engine, each test in graphs of its
// own (the engines are shared).
func forEachEngine(t *testing.T, fn func(t *testing.T, opts sparqlstore.Options)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { fn(t, e.open(t)) })
	}
}

func open(t *testing.T, opts sparqlstore.Options) *sparqlstore.Store {
	t.Helper()
	st, err := sparqlstore.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func graphQuads(t *testing.T, st store.Store, g rdf.Term) []rdf.Quad {
	t.Helper()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), store.Pattern{G: g}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, rdf.CompareQuads)
	return out
}

func iri(s string) rdf.Term { return rdf.IRI("http://example.org/" + s) }

// hostileTriples are terms that break naive escaping or that engines like
// to rewrite.
func hostileTriples() []rdf.Triple {
	s, p := iri("s"), iri("p")
	objects := []rdf.Term{
		rdf.String(`quote " and backslash \ and \u0022 and \"`),
		rdf.String("new\nline\r\ttab and \x01 control"),
		rdf.String(`"} } ; DROP ALL ; INSERT DATA { GRAPH <http://example.org/evil> { <a:b> <a:b> "x" } } #`),
		rdf.String("unicode: ü ß 日本 😀"),
		rdf.String(""),
		rdf.String("'''triple''' and \"\"\"quotes\"\"\""),
		rdf.LangString("Grüße", "de-at"),
		rdf.LangString("", "en"),
		rdf.Literal("42", rdf.XSDInteger),
		rdf.Literal("007", rdf.XSDInteger),
		rdf.Literal("abc", rdf.XSDInteger),
		rdf.Literal("1.50", rdf.XSDDecimal),
		rdf.Literal("52.520008", rdf.XSDDecimal),
		rdf.Literal("1e3", rdf.XSDDouble),
		rdf.Literal("true", rdf.XSDBoolean),
		rdf.Literal("2026-11-25T18:00:00Z", rdf.XSDDateTime),
		rdf.Literal("2026-11-25T18:00:00.5+01:00", rdf.XSDDateTime),
		rdf.Literal("2026-11-25", rdf.XSDDate),
		rdf.Literal("2026", rdf.XSDGYear),
		rdf.Literal("P12M", rdf.NSXSD+"duration"),
		rdf.Literal("POINT(13.4 52.5)", rdf.NSGEO+"wktLiteral"),
		rdf.Literal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(13.4 52.5)", rdf.NSGEO+"wktLiteral"),
		rdf.Literal("x", "http://example.org/custom#type"),
		rdf.IRI("http://example.org/ü/path%20x?q=1&r=2#frag"),
		rdf.IRI("urn:isbn:0451450523"),
		rdf.Blank("b1"),
	}
	var out []rdf.Triple
	for _, o := range objects {
		out = append(out, rdf.Triple{S: s, P: p, O: o})
	}
	return append(out, rdf.Triple{S: rdf.Blank("b1"), P: p, O: rdf.String("blank subject")},
		rdf.Triple{S: rdf.Blank("odd label-1.x"), P: p, O: rdf.Blank("b1")})
}

func TestRoundTripHostileTerms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		g := iri("graph/hostile")
		ctx := context.Background()
		if err := store.ReplaceGraph(ctx, st, g, hostileTriples()); err != nil {
			t.Fatal(err)
		}
		want := rdf.InGraph(hostileTriples(), g)
		slices.SortFunc(want, rdf.CompareQuads)
		got := graphQuads(t, st, g)
		if !slices.Equal(got, want) {
			t.Errorf("read back differs:\n got %v\nwant %v", got, want)
		}
		// Nothing escaped into another graph.
		if q := graphQuads(t, st, iri("evil")); len(q) != 0 {
			t.Errorf("the injection wrote %v", q)
		}
		// Bound hostile terms find their quads.
		snap, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		for _, tr := range hostileTriples() {
			n := 0
			for _, err := range snap.Match(ctx, store.Pattern{S: tr.S, O: tr.O, AnyGraph: true}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 1 {
				t.Errorf("Match(S %v, O %v) found %d quads, want 1", tr.S, tr.O, n)
			}
		}
		// Removing a quad by its terms removes exactly it.
		if err := st.Update(ctx, func(w store.Writer) error {
			for _, q := range want[:5] {
				if err := w.Remove(q); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := graphQuads(t, st, g); !slices.Equal(got, want[5:]) {
			t.Errorf("after removing 5: got %v\nwant %v", got, want[5:])
		}
	})
}

func TestRefusesUnwritableTerms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		g := iri("graph/refused")
		ctx := context.Background()
		for _, tr := range []rdf.Triple{
			{S: rdf.IRI("http://example.org/a b"), P: iri("p"), O: rdf.String("x")},
			{S: iri("s"), P: iri("p"), O: rdf.IRI("http://example.org/>} DROP ALL {<x:")},
			{S: iri("s"), P: iri("p"), O: rdf.Term{Kind: rdf.KindLiteral, Value: "x", Datatype: rdf.RDFLangString, Lang: "en US"}},
		} {
			err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{{S: iri("s"), P: iri("p"), O: rdf.String("kept?")}, tr})
			if !errors.Is(err, sparqlstore.ErrUnstorable) {
				t.Errorf("%v: err %v, want ErrUnstorable", tr, err)
			}
		}
		if q := graphQuads(t, st, g); len(q) != 0 {
			t.Errorf("a refused update wrote %v", q)
		}
	})
}

func TestVersionsAndGraphs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		ctx := context.Background()
		g := iri("graph/versions")
		before := snapshotOf(t, st)
		if err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{{S: iri("a"), P: iri("p"), O: rdf.String("1")}, {S: iri("a"), P: iri("p"), O: rdf.String("2")}}); err != nil {
			t.Fatal(err)
		}
		after := snapshotOf(t, st)
		if after.Version() <= before.Version() || !after.Modified().After(before.Modified()) {
			t.Errorf("version %d → %d, modified %v → %v: want both to grow", before.Version(), after.Version(), before.Modified(), after.Modified())
		}
		info, ok := after.GraphInfo(g)
		if !ok || info.Quads != 2 || info.Modified.IsZero() {
			t.Errorf("GraphInfo = %+v, %v; want 2 quads and a time", info, ok)
		}
		graphs, _ := after.Graphs(ctx)
		if !slices.Contains(graphs, g) {
			t.Errorf("Graphs() = %v, want %v in it", graphs, g)
		}
		// Estimate is exact about zero: callers test existence with it.
		if n := after.Estimate(store.Pattern{S: iri("a"), AnyGraph: true}); n == 0 {
			t.Errorf("Estimate of a present subject is 0")
		}
		if n := after.Estimate(store.Pattern{S: iri("absent"), AnyGraph: true}); n != 0 {
			t.Errorf("Estimate of an absent subject is %d, want 0", n)
		}
		// An Update that changes nothing sends nothing.
		if err := st.Update(ctx, func(store.Writer) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if v := snapshotOf(t, st).Version(); v != after.Version() {
			t.Errorf("an empty update moved the version %d → %d", after.Version(), v)
		}
		// A failing Update writes nothing.
		boom := errors.New("boom")
		if err := st.Update(ctx, func(w store.Writer) error {
			w.ClearGraph(g)
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("err %v", err)
		}
		if n := len(graphQuads(t, st, g)); n != 2 {
			t.Errorf("after a failed update the graph has %d quads, want 2", n)
		}
		// Create, then drop: the graph is forgotten.
		empty := iri("graph/empty")
		if err := st.Update(ctx, func(w store.Writer) error { return w.CreateGraph(empty) }); err != nil {
			t.Fatal(err)
		}
		if info, ok := snapshotOf(t, st).GraphInfo(empty); !ok || info.Quads != 0 {
			t.Errorf("created graph: %+v %v", info, ok)
		}
		if err := st.Update(ctx, func(w store.Writer) error { return w.CreateGraph(empty) }); !errors.Is(err, store.ErrGraphExists) {
			t.Errorf("creating it again: %v, want ErrGraphExists", err)
		}
		if err := st.Update(ctx, func(w store.Writer) error { return w.DropGraph(g) }); err != nil {
			t.Fatal(err)
		}
		if _, ok := snapshotOf(t, st).GraphInfo(g); ok {
			t.Errorf("dropped graph still known")
		}
		// The default graph is a graph of its own at the engine.
		q := rdf.Quad{S: iri("d"), P: iri("p"), O: rdf.String("in the default graph")}
		if err := st.Update(ctx, func(w store.Writer) error { return w.Add(q) }); err != nil {
			t.Fatal(err)
		}
		if got := graphQuads(t, st, rdf.Term{}); !slices.Contains(got, q) {
			t.Errorf("default graph: %v, want %v in it", got, q)
		}
	})
}

func snapshotOf(t *testing.T, st store.Store) store.Snapshot {
	t.Helper()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return snap
}

func TestWriterReadsItsOwnWrites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		ctx := context.Background()
		g := iri("graph/own-writes")
		old := rdf.Quad{S: iri("a"), P: iri("p"), O: rdf.String("old"), G: g}
		kept := rdf.Quad{S: iri("b"), P: iri("p"), O: rdf.String("kept"), G: g}
		if err := st.Update(ctx, func(w store.Writer) error { w.Add(old); return w.Add(kept) }); err != nil {
			t.Fatal(err)
		}
		added := rdf.Quad{S: iri("c"), P: iri("p"), O: rdf.String("new"), G: g}
		err := st.Update(ctx, func(w store.Writer) error {
			w.Remove(old)
			w.Add(added)
			var got []rdf.Quad
			for q, err := range w.Match(ctx, store.Pattern{G: g}) {
				if err != nil {
					return err
				}
				got = append(got, q)
			}
			slices.SortFunc(got, rdf.CompareQuads)
			if want := []rdf.Quad{kept, added}; !slices.Equal(got, want) {
				t.Errorf("inside the update: %v, want %v", got, want)
			}
			w.ClearGraph(g)
			for q := range w.Match(ctx, store.Pattern{G: g}) {
				t.Errorf("after ClearGraph the writer still sees %v", q)
			}
			return w.Add(added)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := graphQuads(t, st, g); !slices.Equal(got, []rdf.Quad{added}) {
			t.Errorf("committed: %v, want %v", got, []rdf.Quad{added})
		}
		if info, _ := snapshotOf(t, st).GraphInfo(g); info.Quads != 1 {
			t.Errorf("count %d, want 1", info.Quads)
		}
	})
}

func manyTriples(n int, tag string) []rdf.Triple {
	var out []rdf.Triple
	for i := range n {
		out = append(out, rdf.Triple{S: iri("s" + tag), P: iri("p"), O: rdf.String(tag + "-" + strconv.Itoa(i))})
	}
	return out
}

func TestPagedReads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		opts.PageSize = 7
		opts.MaxUpdateQuads = 9 // several INSERT DATA operations in one request
		st := open(t, opts)
		ctx := context.Background()
		g := iri("graph/paged")
		ts := manyTriples(50, "p")
		if err := store.ReplaceGraph(ctx, st, g, ts); err != nil {
			t.Fatal(err)
		}
		if got := graphQuads(t, st, g); len(got) != 50 {
			t.Fatalf("read %d quads over pages, want 50", len(got))
		}
		// A write between two pages: the read fails rather than mixing
		// two versions.
		other := open(t, opts)
		snap := snapshotOf(t, st)
		var err error
		n := 0
		for _, e := range snap.Match(ctx, store.Pattern{G: g}) {
			if e != nil {
				err = e
				break
			}
			if n++; n == 1 {
				if werr := store.ReplaceGraph(ctx, other, iri("graph/paged-other"), manyTriples(3, "o")); werr != nil {
					t.Fatal(werr)
				}
			}
		}
		if !errors.Is(err, sparqlstore.ErrChanged) {
			t.Errorf("a read across a write ended with %v after %d quads, want ErrChanged", err, n)
		}
	})
}

func TestResponseLimit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		ctx := context.Background()
		g := iri("graph/large")
		if err := store.ReplaceGraph(ctx, st, g, manyTriples(200, "l")); err != nil {
			t.Fatal(err)
		}
		opts.MaxResponseBytes = 2048
		small, err := sparqlstore.Open(ctx, opts)
		if err != nil && !errors.Is(err, sparqlstore.ErrTooLarge) {
			t.Fatal(err)
		}
		if err != nil {
			return // even the metadata is over 2 KiB: refused, as it should be
		}
		defer small.Close()
		snap := snapshotOf(t, small)
		for _, err = range snap.Match(ctx, store.Pattern{G: g}) {
			if err != nil {
				break
			}
		}
		if !errors.Is(err, sparqlstore.ErrTooLarge) {
			t.Errorf("reading 200 quads with a 2 KiB limit: %v, want ErrTooLarge", err)
		}
	})
}

func TestSPARQLEngineOverRemoteStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		ctx := context.Background()
		g := iri("graph/engine")
		if err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{
			{S: iri("x"), P: iri("knows"), O: iri("y")}, {S: iri("y"), P: iri("name"), O: rdf.String("Y")},
		}); err != nil {
			t.Fatal(err)
		}
		res, err := sparql.Query(ctx, st, `SELECT ?n WHERE { GRAPH <http://example.org/graph/engine> { <http://example.org/x> <http://example.org/knows> ?f . ?f <http://example.org/name> ?n } }`, sparql.Options{})
		if err != nil {
			t.Fatal(err)
		}
		tab, err := res.Table()
		if err != nil || len(tab.Rows) != 1 || tab.Rows[0][0] != rdf.String("Y") {
			t.Fatalf("rows %v, err %v", tab, err)
		}
		// SPARQL Update through our engine becomes one request.
		if err := sparql.Update(ctx, st, `DELETE { GRAPH <http://example.org/graph/engine> { ?s <http://example.org/name> ?n } }
			INSERT { GRAPH <http://example.org/graph/engine> { ?s <http://example.org/name> "Z" } }
			WHERE { GRAPH <http://example.org/graph/engine> { ?s <http://example.org/name> ?n } }`, sparql.Options{}); err != nil {
			t.Fatal(err)
		}
		got := graphQuads(t, st, g)
		if !slices.Contains(got, rdf.Quad{S: iri("y"), P: iri("name"), O: rdf.String("Z"), G: g}) || len(got) != 2 {
			t.Errorf("after the update: %v", got)
		}
	})
}

func TestMatchSubjects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, opts sparqlstore.Options) {
		st := open(t, opts)
		ctx := context.Background()
		g, h := iri("graph/subjects-1"), iri("graph/subjects-2")
		if err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{{S: iri("m1"), P: iri("p"), O: rdf.String("a")}, {S: rdf.Blank("m2"), P: iri("p"), O: rdf.String("b")}, {S: iri("other"), P: iri("p"), O: rdf.String("c")}}); err != nil {
			t.Fatal(err)
		}
		if err := store.ReplaceGraph(ctx, st, h, []rdf.Triple{{S: iri("m1"), P: iri("q"), O: iri("x")}}); err != nil {
			t.Fatal(err)
		}
		sm, ok := snapshotOf(t, st).(store.SubjectMatcher)
		if !ok {
			t.Fatal("snapshots are not SubjectMatchers")
		}
		var got []rdf.Quad
		for q, err := range sm.MatchSubjects(ctx, []rdf.Term{iri("m1"), rdf.Blank("m2"), iri("absent"), rdf.String("literal")}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, q)
		}
		slices.SortFunc(got, rdf.CompareQuads)
		want := []rdf.Quad{{S: rdf.Blank("m2"), P: iri("p"), O: rdf.String("b"), G: g}, {S: iri("m1"), P: iri("p"), O: rdf.String("a"), G: g}, {S: iri("m1"), P: iri("q"), O: iri("x"), G: h}}
		slices.SortFunc(want, rdf.CompareQuads)
		if !slices.Equal(got, want) {
			t.Errorf("got %v\nwant %v", got, want)
		}
	})
}
