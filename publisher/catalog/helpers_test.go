package catalog

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

const testBase = "http://localhost:8080/"

type demoFixture struct {
	st      *store.Memory
	iris    vocab.IRIs
	sources []sourceconfig.Source
}

var (
	demoOnce sync.Once
	demo     *demoFixture
	demoErr  error
)

// demoStore harvests the demo sites once per test binary; tests only read
// the store.
func demoStore(t testing.TB) *demoFixture {
	t.Helper()
	demoOnce.Do(func() { demo, demoErr = harvestDemo() })
	if demoErr != nil {
		t.Fatalf("harvest demo sites: %v", demoErr)
	}
	return demo
}

func harvestDemo() (*demoFixture, error) {
	ctx := context.Background()
	iris, err := vocab.NewIRIs(testBase)
	if err != nil {
		return nil, err
	}
	st := store.NewMemory()
	graphs, err := vocab.Graphs(iris)
	if err != nil {
		return nil, err
	}
	for _, g := range graphs {
		if err := store.ReplaceGraph(ctx, st, g.Name, g.Graph.Triples()); err != nil {
			return nil, err
		}
	}
	sites, err := demosites.Sites()
	if err != nil {
		return nil, err
	}
	var sources []sourceconfig.Source
	for _, site := range sites {
		srv := httptest.NewServer(nil)
		srv.Config.Handler = site.Handler(srv.URL)
		defer srv.Close()
		src := site.Source(srv.URL)
		src.Politeness.Delay = time.Millisecond
		sources = append(sources, src)
	}
	// Schedules as a deployment would give them.
	sources[0].Schedule = sourceconfig.Schedule{Every: 6 * time.Hour}
	sources[1].Schedule = sourceconfig.Schedule{Cron: "30 3 * * 1"}
	h, err := harvester.New(sources, storesink.New(st), harvester.Options{Mapper: harvester.NewMapper(iris, nil)})
	if err != nil {
		return nil, err
	}
	for _, src := range sources {
		run, err := h.Run(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		if run.Status == harvester.StatusFailed {
			return nil, &runError{src.ID, run.Reason}
		}
	}
	return &demoFixture{st: st, iris: iris, sources: sources}, nil
}

type runError struct{ source, reason string }

func (e *runError) Error() string { return "harvest of " + e.source + " failed: " + e.reason }

// testCatalogConfig is the catalog section of a realistic deployment.
func testCatalogConfig() config.Catalog {
	c := config.Default().Catalog
	c.Publisher = "Digital Skills Map consortium"
	c.PublisherURL = "https://skills.example.eu/about"
	c.PublisherType = "NonProfitOrganisation"
	c.ContactEmail = "map@skills.example.eu"
	return c
}

// input returns an Input over a snapshot of the fixture's store.
func (f *demoFixture) input(t testing.TB) Input {
	t.Helper()
	snap, err := f.st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return Input{
		IRIs:    f.iris,
		Catalog: testCatalogConfig(),
		Sources: SourcesFrom(f.sources),
		Reader:  snap,
		Now:     time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}
