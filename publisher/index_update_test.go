package publisher

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/store/sparqlstore"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/publisher/sparqlhttp"
	"github.com/skillsmap/skillsmap/vocab"
)

// indexStore is a kind of store the index update is checked on.
type indexStore struct {
	name string
	open func(t *testing.T) store.Store
}

// indexStores are the embedded store in memory and in bbolt, and the
// SPARQL store over Skillsmap's own endpoint and over Virtuoso (when
// Debian's virtuoso-opensource is installed).
var indexStores = []indexStore{
	{"memory", func(t *testing.T) store.Store {
		st := store.NewMemory()
		t.Cleanup(func() { st.Close() })
		return st
	}},
	{"bbolt", func(t *testing.T) store.Store {
		st, err := store.Open(filepath.Join(t.TempDir(), "store"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}},
	{"sparql-skillsmap", func(t *testing.T) store.Store {
		const token = "index-update-test-token"
		opts := sparqlhttp.Options{Store: store.NewMemory(), AdminToken: token, Base: testBase}
		mux := http.NewServeMux()
		mux.Handle("/sparql", sparqlhttp.QueryHandler(opts))
		mux.Handle("/sparql/update", sparqlhttp.UpdateHandler(opts))
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		return openSPARQLStore(t, sparqlstore.Options{QueryURL: srv.URL + "/sparql", UpdateURL: srv.URL + "/sparql/update", Token: token})
	}},
	{"sparql-virtuoso", func(t *testing.T) store.Store {
		if testing.Short() {
			t.Skip("starts Virtuoso")
		}
		v := testsupport.StartVirtuoso(t)
		return openSPARQLStore(t, sparqlstore.Options{QueryURL: v.SPARQL, Dialect: sparqlstore.Virtuoso})
	}},
}

func openSPARQLStore(t *testing.T, opts sparqlstore.Options) store.Store {
	t.Helper()
	st, err := sparqlstore.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestIncrementalIndexMatchesFullBuild changes a store in the ways
// harvests, editors and contributors do and checks, after each change,
// that the index updated from the previous one equals an index built from
// scratch, that it says what the change says, and that practices the
// change did not touch are shared with the previous index (the update did
// not read them again).
func TestIncrementalIndexMatchesFullBuild(t *testing.T) {
	for _, kind := range indexStores {
		t.Run(kind.name, func(t *testing.T) { testIncrementalIndex(t, kind.open(t)) })
	}
}

func testIncrementalIndex(t *testing.T, st store.Store) {
	ctx := context.Background()
	n, err := vocab.NewIRIs(testBase)
	if err != nil {
		t.Fatal(err)
	}
	labeler, err := vocab.NewLabeler(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	graphs := vocabAndDemoGraphs(t, n)
	loadGraphs(t, st, graphs)

	terms := n.Terms()
	snapshot := func() store.Snapshot {
		t.Helper()
		snap, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { snap.Close() })
		return snap
	}
	ix, err := buildIndex(ctx, snapshot(), n, nil, labeler)
	if err != nil {
		t.Fatal(err)
	}
	// The source with the most practices is re-harvested.
	perGraph := map[rdf.Term][]*practice{}
	for _, p := range ix.practices {
		for _, g := range p.Graphs {
			perGraph[g] = append(perGraph[g], p)
		}
	}
	var g rdf.Term
	for h, ps := range perGraph {
		if strings.Contains(h.Value, "/graph/source/") && (len(ps) > len(perGraph[g]) || (len(ps) == len(perGraph[g]) && rdf.Compare(h, g) < 0)) {
			g = h
		}
	}
	if len(perGraph[g]) < 4 {
		t.Fatalf("the demo's largest source has %d practices", len(perGraph[g]))
	}
	renamed, gone, copied, provided := perGraph[g][0].IRI, perGraph[g][1].IRI, perGraph[g][2].IRI, perGraph[g][3].IRI
	var elsewhere *practice // a practice of another source, untouched until the graph is dropped
	for _, p := range ix.practices {
		if !slices.Contains(p.Graphs, g) {
			elsewhere = p
			break
		}
	}
	if elsewhere == nil {
		t.Fatal("the demo has one source")
	}
	graphTriples := func(g rdf.Term) []rdf.Triple {
		t.Helper()
		ts, err := storesink.New(st).Graph(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	placesOf := func(ts []rdf.Triple, p rdf.Term) map[rdf.Term]bool {
		out := map[rdf.Term]bool{}
		for _, tr := range ts {
			if tr.S == p && tr.P == vocab.LOCNLocation {
				out[tr.O] = true
			}
		}
		return out
	}
	reharvest := func(fn func(ts []rdf.Triple) []rdf.Triple) func() error {
		return func() error {
			return storesink.New(st).Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: fn(graphTriples(g))}})
		}
	}
	write := func(quads ...rdf.Quad) func() error {
		return func() error {
			return st.Update(ctx, func(w store.Writer) error {
				for _, q := range quads {
					if err := w.Add(q); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	added := n.Practice("reharvest-added")
	addedPlace := n.Place("reharvest-added", "Somewhere")
	org := n.Organisation("index-update-provider")
	contributed := n.Practice("contributed-practice")
	contributedPlace := n.Place("contributed-practice", "Leipzig")
	editorial := n.EditorialGraph()
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")

	for _, step := range []struct {
		name        string
		change      func() error
		incremental bool
		check       func(ix *index) string // what is wrong, "" if nothing
	}{
		{"re-harvest: a title changes, a practice goes, one comes, a place moves", reharvest(func(ts []rdf.Triple) []rdf.Triple {
			goneAt := placesOf(ts, gone)
			copiedAt := placesOf(ts, copied)
			var out []rdf.Triple
			for _, tr := range ts {
				switch {
				case tr.S == gone || goneAt[tr.S]:
					continue
				case tr.S == renamed && tr.P == vocab.DCTTitle:
					tr.O = rdf.LangString("Aardvark course", "en")
				case copiedAt[tr.S] && tr.P == vocab.WGS84Lat:
					tr.O = vocab.Coordinate(1.5)
				}
				out = append(out, tr)
				if tr.S == copied && tr.P != vocab.LOCNLocation && tr.P != vocab.DCTTitle && tr.P != vocab.DCTIdentifier {
					out = append(out, rdf.Triple{S: added, P: tr.P, O: tr.O})
				}
			}
			return append(out,
				rdf.Triple{S: added, P: vocab.DCTTitle, O: rdf.LangString("Brand-new course", "en")},
				rdf.Triple{S: added, P: vocab.LOCNLocation, O: addedPlace},
				rdf.Triple{S: addedPlace, P: vocab.LOCNGeographicName, O: rdf.String("Somewhere")},
				rdf.Triple{S: addedPlace, P: vocab.WGS84Lat, O: vocab.Coordinate(50.5)},
				rdf.Triple{S: addedPlace, P: vocab.WGS84Long, O: vocab.Coordinate(10.25)})
		}), true, func(ix *index) string {
			switch {
			case ix.byIRI[renamed] == nil || ix.byIRI[renamed].Title.pick(nil) != "Aardvark course":
				return "the renamed practice has not its new title"
			case ix.practices[0].IRI != renamed:
				return "the renamed practice is not first by title"
			case ix.byIRI[gone] != nil:
				return "the removed practice is still there"
			case ix.byIRI[added] == nil || len(ix.byIRI[added].points()) != 1 || ix.byIRI[added].points()[0].Lat != 50.5:
				return "the added practice or its point is missing"
			case len(ix.byIRI[copied].points()) == 0 || ix.byIRI[copied].points()[0].Lat != 1.5:
				return "the moved place has not moved"
			}
			return ""
		}},
		{"re-harvest: a practice names its provider, another's is corrected to it", func() error {
			ts := graphTriples(g)
			ts = append(ts, rdf.Triple{S: provided, P: vocab.SchemaProvider, O: org},
				rdf.Triple{S: org, P: rdf.Type, O: vocab.ORGOrganization},
				rdf.Triple{S: org, P: vocab.FOAFName, O: rdf.String("Kestrel Verein")},
				rdf.Triple{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("Kestrel e.V.")},
				rdf.Triple{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("Kestrel Association")})
			return storesink.New(st).Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: ts},
				Add: []rdf.Quad{{S: elsewhere.IRI, P: vocab.SchemaProvider, O: org, G: editorial}}})
		}, true, func(ix *index) string {
			if got := ix.labels[org][""]; got != "Kestrel Association" {
				return "the provider's label is " + got + ", want the least skos:prefLabel"
			}
			if !strings.Contains(ix.byIRI[provided].search, "kestrel") || !strings.Contains(ix.byIRI[elsewhere.IRI].search, "kestrel") {
				return "the practices' search text lacks their provider"
			}
			return ""
		}},
		{"re-harvest: only the provider's name changes (named by a practice of another source)", reharvest(func(ts []rdf.Triple) []rdf.Triple {
			var out []rdf.Triple
			for _, tr := range ts {
				if tr.S == org && tr.P == vocab.SKOSPrefLabel {
					continue
				}
				out = append(out, tr)
			}
			return append(out, rdf.Triple{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("Merlin Association")})
		}), true, func(ix *index) string {
			if s := ix.byIRI[elsewhere.IRI].search; !strings.Contains(s, "merlin") || strings.Contains(s, "kestrel association") {
				return "the practice's search text has not its provider's new name: " + s
			}
			return ""
		}},
		{"an editor corrects, validates and merges practices", write(
			rdf.Quad{S: elsewhere.IRI, P: vocab.DCTDescription, O: rdf.LangString("Von der Redaktion berichtigt.", "is"), G: editorial},
			rdf.Quad{S: elsewhere.IRI, P: rdf.Type, O: terms.ValidatedGoodPractice, G: editorial},
			rdf.Quad{S: copied, P: vocab.DCTIsReplacedBy, O: renamed, G: editorial},
		), true, func(ix *index) string {
			p := ix.byIRI[elsewhere.IRI]
			switch {
			case !p.GoodPractice || !slices.Contains(p.Graphs, editorial):
				return "the validation is missing"
			case p.Description["is"] == "" || !strings.Contains(p.search, "berichtigt"):
				return "the correction is not searchable"
			case ix.replacedBy[copied] != renamed:
				return "the merge is missing"
			}
			return ""
		}},
		{"a contribution is published", write(
			rdf.Quad{S: contributed, P: rdf.Type, O: terms.Practice, G: n.ContributionsGraph("some-org")},
			rdf.Quad{S: contributed, P: vocab.DCTTitle, O: rdf.LangString("Contributed course", "en"), G: n.ContributionsGraph("some-org")},
			rdf.Quad{S: contributed, P: vocab.LOCNLocation, O: contributedPlace, G: n.ContributionsGraph("some-org")},
			rdf.Quad{S: contributedPlace, P: vocab.LOCNGeographicName, O: rdf.String("Leipzig"), G: n.ContributionsGraph("some-org")},
			rdf.Quad{S: contributedPlace, P: vocab.WGS84Lat, O: vocab.Coordinate(51.34), G: n.ContributionsGraph("some-org")},
			rdf.Quad{S: contributedPlace, P: vocab.WGS84Long, O: vocab.Coordinate(12.37), G: n.ContributionsGraph("some-org")},
		), true, func(ix *index) string {
			if p := ix.byIRI[contributed]; p == nil || len(p.points()) != 1 || !strings.Contains(p.search, "leipzig") {
				return "the contribution is missing or has no point"
			}
			return ""
		}},
		{"a same-as link is found", write(
			rdf.Quad{S: elsewhere.IRI, P: vocab.SchemaSameAs, O: provided, G: n.SameAsGraph()},
			rdf.Quad{S: provided, P: vocab.SchemaSameAs, O: elsewhere.IRI, G: n.SameAsGraph()},
		), true, func(ix *index) string {
			if !slices.Contains(ix.byIRI[provided].Graphs, n.SameAsGraph()) {
				return "the linked practice does not know its same-as graph"
			}
			return ""
		}},
		{"a practice is withdrawn", func() error {
			return st.Update(ctx, func(w store.Writer) error {
				if err := w.Remove(rdf.Quad{S: renamed, P: rdf.Type, O: terms.Practice, G: g}); err != nil {
					return err
				}
				return w.Add(rdf.Quad{S: renamed, P: vocab.ADMSStatus, O: withdrawn, G: g})
			})
		}, true, func(ix *index) string {
			if p := ix.byIRI[renamed]; p == nil || !p.Withdrawn || slices.Contains(ix.practices, p) {
				return "the withdrawn practice is listed or forgotten"
			}
			return ""
		}},
		{"the source graph is dropped", func() error {
			return st.Update(ctx, func(w store.Writer) error { return w.DropGraph(g) })
		}, true, func(ix *index) string {
			if ix.byIRI[added] != nil || ix.byIRI[renamed] != nil || ix.labels[org] != nil {
				return "practices or organisations of the dropped graph are still there"
			}
			if ix.byIRI[provided] != nil {
				return "a practice with only its same-as link left (no type) is still known"
			}
			if p := ix.byIRI[elsewhere.IRI]; p == nil || !slices.Contains(p.Graphs, n.SameAsGraph()) {
				return "the practice of another source lost its same-as link"
			}
			return ""
		}},
		{"the vocabulary changes", write(
			rdf.Quad{S: n.Concept(vocab.TargetGroups, "older-people"), P: vocab.SKOSPrefLabel, O: rdf.LangString("Seniorinnen und Senioren", "de"), G: rdf.IRI(n.Base() + "graph/vocab/target-group")},
		), false, nil},
	} {
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		snap := snapshot()
		next, ok, err := updateIndex(ctx, snap, ix, n, nil, labeler)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if ok != step.incremental {
			t.Fatalf("%s: incremental %v, want %v", step.name, ok, step.incremental)
		}
		full, err := buildIndex(ctx, snap, n, nil, labeler)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			ix = full
			continue
		}
		sameIndex(t, step.name, next, full)
		if problem := step.check(next); problem != "" {
			t.Errorf("%s: %s", step.name, problem)
		}
		// A practice of another source that the step did not touch is the
		// previous index's, not read again.
		for _, p := range ix.practices {
			if !slices.Contains(p.Graphs, g) && p.IRI != elsewhere.IRI && p.IRI != provided {
				if next.byIRI[p.IRI] != p {
					t.Errorf("%s: practice %s, in no changed graph, was read again", step.name, p.IRI.Value)
				}
				break
			}
		}
		ix = next
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
		// The order of a practice's graphs is the order its quads were read in.
		gc.Graphs, wc.Graphs = slices.SortedFunc(slices.Values(gc.Graphs), rdf.Compare), slices.SortedFunc(slices.Values(wc.Graphs), rdf.Compare)
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

// TestServerUpdatesIndexAfterWrite checks what readers see after writes:
// a re-harvest of one source shows on the map layer, the OGC items and the
// practice list (their caches are the new index's, not the old one's),
// through an index updated from the previous one; a vocabulary change
// rebuilds it.
func TestServerUpdatesIndexAfterWrite(t *testing.T) {
	f := newFixture(t, fixtureOptions{noData: true})
	f.harvestDemo(t)
	ctx := context.Background()
	type point struct {
		title    string
		lon, lat float64
	}
	features := func(target string) (map[string]point, string) {
		t.Helper()
		w := f.get(target, "Accept: application/geo+json")
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		var fc struct {
			Features []struct {
				Geometry *struct {
					Type        string
					Coordinates json.RawMessage
				}
				Properties struct {
					IRI, Title string
				}
			}
		}
		if err := json.Unmarshal(body(t, w), &fc); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		out := map[string]point{}
		for _, ft := range fc.Features {
			pt := point{title: ft.Properties.Title}
			if ft.Geometry != nil {
				// The layer has a Point per place, the OGC items a MultiPoint.
				var c []float64
				var cs [][]float64
				if ft.Geometry.Type == "Point" && json.Unmarshal(ft.Geometry.Coordinates, &c) == nil && len(c) == 2 {
					pt.lon, pt.lat = c[0], c[1]
				} else if ft.Geometry.Type == "MultiPoint" && json.Unmarshal(ft.Geometry.Coordinates, &cs) == nil && len(cs) == 1 && len(cs[0]) == 2 {
					pt.lon, pt.lat = cs[0][0], cs[0][1]
				}
			}
			out[ft.Properties.IRI] = pt
		}
		return out, w.Header().Get("ETag")
	}
	const layer, items = "/map/practices.geojson", "/ogc/collections/practices/items?limit=1000"
	before, etag := features(layer)
	itemsBefore, _ := features(items)
	if len(before) < 4 || len(itemsBefore) != len(before) {
		t.Fatalf("%d features on the layer, %d OGC items", len(before), len(itemsBefore))
	}
	old := f.srv.cache.index
	// A practice with a point, in a source graph with others.
	var target, untouched *practice
	for _, p := range old.practices {
		if len(p.points()) == 1 && target == nil {
			target = p
		}
	}
	g := target.Graphs[0]
	for _, p := range old.practices {
		if !slices.Contains(p.Graphs, g) {
			untouched = p
			break
		}
	}
	if untouched == nil {
		t.Fatal("the demo has one source")
	}
	ts, err := storesink.New(f.store).Graph(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range ts {
		switch {
		case tr.S == target.IRI && tr.P == vocab.DCTTitle:
			ts[i].O = rdf.LangString("Aardvark course", tr.O.Lang)
		case tr.S == target.Places[0].IRI && tr.P == vocab.WGS84Lat:
			ts[i].O = vocab.Coordinate(1.5)
		}
	}
	if err := storesink.New(f.store).Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: ts}}); err != nil {
		t.Fatal(err)
	}

	after, etag2 := features(layer)
	if etag2 == etag {
		t.Errorf("the layer's ETag %s did not change", etag)
	}
	for name, got := range map[string]map[string]point{"layer": after, "OGC items": func() map[string]point { m, _ := features(items); return m }()} {
		if pt := got[target.IRI.Value]; pt.title != "Aardvark course" || pt.lat != 1.5 {
			t.Errorf("%s: the re-harvested practice is %+v, want its new title at latitude 1.5", name, pt)
		}
		if len(got) != len(before) {
			t.Errorf("%s: %d features, want %d", name, len(got), len(before))
		}
	}
	if w := f.get("/practices?q=aardvark", "Accept: text/html"); !strings.Contains(w.Body.String(), target.IRI.Value) && !strings.Contains(w.Body.String(), "/practice/"+target.ID) {
		t.Errorf("the practice list does not find the new title")
	}
	updated := f.srv.cache.index
	if updated == old || updated.byIRI[untouched.IRI] != untouched {
		t.Error("the index was built again, not updated: a practice of another source was read again")
	}
	if updated.byIRI[target.IRI] == target {
		t.Error("the re-harvested practice was not read again")
	}

	// The vocabulary changes: the index is built again.
	f.add(rdf.Quad{S: f.iris.Concept(vocab.TargetGroups, "older-people"), P: vocab.SKOSPrefLabel, O: rdf.LangString("Seniorinnen", "de"), G: rdf.IRI(f.iris.Base() + "graph/vocab/target-group")})
	features(layer)
	if rebuilt := f.srv.cache.index; rebuilt == updated || rebuilt.byIRI[untouched.IRI] == untouched {
		t.Error("after a vocabulary change the index was not built again")
	}
}

// TestDescribeLabelsFromAnExternalStore checks that a practice's
// description over the SPARQL store, whose labels of linked resources are
// read in one batch, holds the quads it holds over the embedded store.
func TestDescribeLabelsFromAnExternalStore(t *testing.T) {
	ctx := context.Background()
	n, err := vocab.NewIRIs(testBase)
	if err != nil {
		t.Fatal(err)
	}
	graphs := vocabAndDemoGraphs(t, n)
	describeAll := func(st store.Store, batched bool) map[rdf.Term][]rdf.Quad {
		t.Helper()
		loadGraphs(t, st, graphs)
		srv, err := New(Options{Store: st, IRIs: n})
		if err != nil {
			t.Fatal(err)
		}
		snap, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		if _, ok := snap.(store.SubjectMatcher); ok != batched {
			t.Fatalf("the snapshot reads subjects in batches: %v, want %v", ok, batched)
		}
		ix, err := buildIndex(ctx, snap, n, nil, srv.labeler)
		if err != nil {
			t.Fatal(err)
		}
		out := map[rdf.Term][]rdf.Quad{}
		for _, p := range ix.practices {
			d, err := srv.describe(ctx, snap, p.IRI)
			if err != nil {
				t.Fatal(err)
			}
			out[p.IRI] = slices.SortedFunc(slices.Values(d.Quads), rdf.CompareQuads)
		}
		return out
	}
	embedded := describeAll(indexStores[0].open(t), false)
	external := describeAll(indexStores[2].open(t), true)
	if len(embedded) == 0 || len(external) != len(embedded) {
		t.Fatalf("%d practices described over the embedded store, %d over the SPARQL store", len(embedded), len(external))
	}
	labelled := 0
	for p, want := range embedded {
		if !slices.Equal(external[p], want) {
			t.Errorf("%s: described differently over the SPARQL store\n got %v\nwant %v", p.Value, external[p], want)
		}
		for _, q := range want {
			if q.S != p && slices.Contains(labelPredicates, q.P) {
				labelled++
			}
		}
	}
	if labelled == 0 {
		t.Error("no description has labels of linked resources")
	}
}

// vocabAndDemoGraphs are the vocabulary's graphs and the harvested demo
// sources' graphs, by name.
func vocabAndDemoGraphs(t *testing.T, n vocab.IRIs) map[rdf.Term][]rdf.Triple {
	t.Helper()
	vocabGraphs, err := vocab.Graphs(n)
	if err != nil {
		t.Fatal(err)
	}
	graphs := map[rdf.Term][]rdf.Triple{}
	for _, ng := range vocabGraphs {
		graphs[ng.Name] = ng.Graph.Triples()
	}
	demo, _ := harvestDemoGraphs(t, n, nil)
	maps.Copy(graphs, demo)
	return graphs
}
