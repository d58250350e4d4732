package publisher

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// harvestDemo harvests the bundled demo partner sites (served on loopback)
// into the fixture's store, as the demo command does, and returns how many
// practices they publish.
func (f *fixture) harvestDemo(t testing.TB) int {
	t.Helper()
	graphs, want := harvestDemoGraphs(t, f.iris, f.regions)
	loadGraphs(t, f.store, graphs)
	return want
}

// harvestDemoGraphs harvests the bundled demo partner sites (served on
// loopback) and returns the graphs a harvest commits (the source graphs
// and provenance) and how many practices the sites publish.
func harvestDemoGraphs(t testing.TB, iris vocab.IRIs, regions *vocab.Regions) (map[rdf.Term][]rdf.Triple, int) {
	t.Helper()
	sites, err := demosites.Sites()
	if err != nil {
		t.Fatal(err)
	}
	var sources []sourceconfig.Source
	want := 0
	for _, site := range sites {
		srv := httptest.NewServer(nil)
		srv.Config.Handler = site.Handler(srv.URL)
		t.Cleanup(srv.Close)
		sources = append(sources, site.Source(srv.URL))
		want += len(site.Practices)
	}
	sink := harvester.NewMemorySink()
	h, err := harvester.New(sources, sink, harvester.Options{Mapper: harvester.NewMapper(iris, regions), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, run := range h.RunAll(ctx) {
		if run.Status == harvester.StatusFailed {
			t.Fatalf("harvest of %s failed: %s", run.Source, run.Reason)
		}
	}
	names := []rdf.Term{iris.ProvenanceGraph()}
	for _, s := range sources {
		names = append(names, iris.SourceGraph(s.ID))
	}
	graphs := map[rdf.Term][]rdf.Triple{}
	for _, g := range names {
		ts, err := sink.Graph(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		graphs[g] = ts
	}
	return graphs, want
}

// loadGraphs replaces each graph's content in st, one graph per write.
func loadGraphs(t testing.TB, st store.Store, graphs map[rdf.Term][]rdf.Triple) {
	t.Helper()
	for _, g := range slices.SortedFunc(maps.Keys(graphs), rdf.Compare) {
		if err := store.ReplaceGraph(context.Background(), st, g, graphs[g]); err != nil {
			t.Fatalf("load %s: %v", g.Value, err)
		}
	}
}

func TestDemoHarvestIsPublished(t *testing.T) {
	f := newFixture(t)
	demo := f.harvestDemo(t)
	// The fixture's own five visible practices plus the demo's.
	var fc struct {
		Features []struct {
			Geometry   *struct{ Coordinates []float64 }
			Properties struct {
				IRI     string
				Title   string
				Regions []string
			}
		}
	}
	w := f.get("/map/practices.geojson")
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	practices := map[string]bool{}
	withPoint := 0
	for _, ft := range fc.Features {
		practices[ft.Properties.IRI] = true
		if ft.Geometry != nil {
			withPoint++
		}
	}
	if len(practices) != demo+5 {
		t.Errorf("the layer has %d practices, want %d demo + 5 fixture practices", len(practices), demo)
	}
	if withPoint < demo/2 {
		t.Errorf("only %d features have a point", withPoint)
	}
	// Every harvested practice has a page and a description.
	for iri := range practices {
		path := iri[len(f.iris.Base())-1:]
		if w := f.get(path + ".ttl"); w.Code != 200 {
			t.Errorf("%s: status %d", path, w.Code)
		}
	}
	// The dumps carry the whole store.
	qs := parseRDF(t, f.get("/dump.nq"))
	if uint64(len(qs)) != f.storeLen() {
		t.Errorf("dump has %d quads, store %d", len(qs), f.storeLen())
	}
}
