package publisher

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// TestIncrementalIndexMatchesFullBuild changes the store in the ways
// harvests and editors do and checks, after each change, that the index
// updated from the previous one equals an index built from scratch.
func TestIncrementalIndexMatchesFullBuild(t *testing.T) {
	f := newFixture(t, fixtureOptions{noData: true})
	f.harvestDemo(t)
	ctx := context.Background()
	n := f.iris
	terms := n.Terms()
	snapshot := func() store.Snapshot {
		snap, err := f.store.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { snap.Close() })
		return snap
	}
	ix, err := buildIndex(ctx, snapshot(), n, f.regions, f.srv.labeler)
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.practices) < 10 {
		t.Fatalf("the demo gave %d practices", len(ix.practices))
	}
	victim := ix.practices[0]
	other := ix.practices[1]
	g := victim.Graphs[0]
	subjectQuadsIn := func(s rdf.Term) []rdf.Quad {
		var out []rdf.Quad
		for q, err := range snapshot().Match(ctx, store.Pattern{S: s, G: g}) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, q)
		}
		return out
	}
	update := func(fn func(w store.Writer) error) {
		t.Helper()
		if err := f.store.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")
	newIRI := n.Practice("brand-new")
	for _, step := range []struct {
		name        string
		change      func(w store.Writer) error
		incremental bool
	}{
		{"a title changes", func(w store.Writer) error {
			for _, q := range subjectQuadsIn(victim.IRI) {
				if q.P == vocab.DCTTitle {
					w.Remove(q)
				}
			}
			return w.Add(rdf.Quad{S: victim.IRI, P: vocab.DCTTitle, O: rdf.LangString("Zzz renamed", "en"), G: g})
		}, true},
		{"a place moves", func(w store.Writer) error {
			pl := victim.Places[0].IRI
			for _, q := range subjectQuadsIn(pl) {
				if q.P == vocab.WGS84Lat {
					w.Remove(q)
					w.Add(rdf.Quad{S: pl, P: vocab.WGS84Lat, O: rdf.Literal("1.5", rdf.XSDDecimal), G: g})
				}
			}
			return nil
		}, true},
		{"a practice appears", func(w store.Writer) error {
			for _, q := range subjectQuadsIn(other.IRI) {
				q.S = newIRI
				w.Add(q)
			}
			return w.Add(rdf.Quad{S: newIRI, P: vocab.DCTTitle, O: rdf.String("Aaa new"), G: g})
		}, true},
		{"an editor corrects a practice", func(w store.Writer) error {
			return w.Add(rdf.Quad{S: other.IRI, P: vocab.DCTDescription, O: rdf.LangString("corrected", "en"), G: rdf.IRI(n.Base() + "graph/editorial")})
		}, true},
		{"an organisation is named", func(w store.Writer) error {
			org := n.Organisation("new-org")
			w.Add(rdf.Quad{S: org, P: rdf.Type, O: vocab.ORGOrganization, G: g})
			return w.Add(rdf.Quad{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("New Org"), G: g})
		}, true},
		{"a practice is withdrawn", func(w store.Writer) error {
			w.Remove(rdf.Quad{S: victim.IRI, P: rdf.Type, O: terms.Practice, G: g})
			return w.Add(rdf.Quad{S: victim.IRI, P: vocab.ADMSStatus, O: withdrawn, G: g})
		}, true},
		{"a source graph is emptied", func(w store.Writer) error { return w.ClearGraph(g) }, true},
		{"the vocabulary changes", func(w store.Writer) error {
			return w.Add(rdf.Quad{S: n.Concept(vocab.TargetGroups, "older-people"), P: vocab.SKOSPrefLabel, O: rdf.LangString("Senioren", "de"), G: rdf.IRI(n.Base() + "graph/vocab/target-group")})
		}, false},
	} {
		update(step.change)
		snap := snapshot()
		next, ok, err := updateIndex(ctx, snap, ix, n, f.regions, f.srv.labeler)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if ok != step.incremental {
			t.Fatalf("%s: incremental %v, want %v", step.name, ok, step.incremental)
		}
		full, err := buildIndex(ctx, snap, n, f.regions, f.srv.labeler)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			sameIndex(t, step.name, next, full)
			ix = next
		} else {
			ix = full
		}
	}
}

// sameIndex compares what pages, lists and maps read of two indexes.
func sameIndex(t *testing.T, step string, got, want *index) {
	t.Helper()
	iris := func(ps []*practice) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.IRI.Value)
		}
		return out
	}
	if g, w := iris(got.practices), iris(want.practices); !slices.Equal(g, w) {
		t.Errorf("%s: practices\n got %v\nwant %v", step, g, w)
	}
	if !slices.Equal(slices.SortedFunc(maps.Keys(got.byIRI), rdf.Compare), slices.SortedFunc(maps.Keys(want.byIRI), rdf.Compare)) {
		t.Errorf("%s: byIRI keys differ", step)
	}
	// The search text joins label maps in map order: compare its words.
	words := func(s string) []string {
		w := strings.Fields(s)
		slices.Sort(w)
		return w
	}
	for iri, w := range want.byIRI {
		g := got.byIRI[iri]
		if g == nil {
			continue
		}
		gc, wc := *g, *w
		if !slices.Equal(words(gc.search), words(wc.search)) {
			t.Errorf("%s: practice %s: search text\n got %q\nwant %q", step, iri.Value, gc.search, wc.search)
		}
		gc.search, wc.search = "", ""
		if !reflect.DeepEqual(gc, wc) {
			t.Errorf("%s: practice %s\n got %+v\nwant %+v", step, iri.Value, gc, wc)
		}
	}
	for name, pair := range map[string][2]any{
		"labels": {got.labels, want.labels}, "broader": {got.broader, want.broader}, "notation": {got.notation, want.notation},
		"replacedBy": {got.replacedBy, want.replacedBy}, "orgs": {got.orgs, want.orgs}, "typedSources": {got.typedSources, want.typedSources},
		"sources": {got.sources, want.sources}, "counts": {[]int{got.organisations, got.countries}, []int{want.organisations, want.countries}},
		"graphs": {got.graphs, want.graphs}, "factSubjects": {got.factSubjects, want.factSubjects},
		"version": {got.version, want.version}, "quads": {got.quads, want.quads},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s: %s differ\n got %v\nwant %v", step, name, pair[0], pair[1])
		}
	}
	adapted := func(ix *index) map[rdf.Term][]string {
		out := map[rdf.Term][]string{}
		for k, v := range ix.adaptedInto {
			out[k] = iris(v)
		}
		return out
	}
	if !reflect.DeepEqual(adapted(got), adapted(want)) {
		t.Errorf("%s: lineage differs", step)
	}
}
