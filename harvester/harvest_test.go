package harvester_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

const base = "http://localhost:8080/"

// faultySite wraps a demo site so a test can make it fail in chosen ways.
type faultySite struct {
	mu      sync.Mutex
	next    http.Handler
	down    bool            // every request answers 503
	broken  map[string]bool // these paths answer 500
	missing map[string]bool // these paths answer 404 and vanish from listings
}

func (f *faultySite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down, broken, missing := f.down, f.broken[r.URL.Path], f.missing[r.URL.Path]
	f.mu.Unlock()
	switch {
	case down:
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	case broken:
		http.Error(w, "boom", http.StatusInternalServerError)
	case missing:
		http.NotFound(w, r)
	default:
		f.next.ServeHTTP(w, r)
	}
}

func (f *faultySite) set(fn func(f *faultySite)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

type fixture struct {
	// demo is the demo site served, site its faulty front.
	demo   *demosites.Site
	site   *faultySite
	server *httptest.Server
	src    sourceconfig.Source
	sink   *harvester.MemorySink
	h      *harvester.Harvester
	iris   vocab.IRIs
}

func newFixture(t *testing.T, siteID string, history int) *fixture {
	t.Helper()
	sites, err := demosites.Sites()
	if err != nil {
		t.Fatal(err)
	}
	var site *demosites.Site
	for _, s := range sites {
		if s.ID == siteID {
			site = s
		}
	}
	f := &fixture{demo: site, site: &faultySite{broken: map[string]bool{}, missing: map[string]bool{}}}
	f.server = httptest.NewServer(f.site)
	t.Cleanup(f.server.Close)
	f.site.next = site.Handler(f.server.URL)
	f.src = site.Source(f.server.URL)
	f.src.Politeness.Delay = time.Millisecond
	f.iris, err = vocab.NewIRIs(base)
	if err != nil {
		t.Fatal(err)
	}
	f.sink = harvester.NewMemorySink()
	f.h, err = harvester.New([]sourceconfig.Source{f.src}, f.sink, harvester.Options{
		Mapper: harvester.NewMapper(f.iris, nil), History: history,
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) run(t *testing.T) *harvester.Run {
	t.Helper()
	run, err := f.h.Run(context.Background(), f.src.ID)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return run
}

func (f *fixture) graph(t *testing.T) *rdf.Graph {
	t.Helper()
	ts, err := f.sink.Graph(context.Background(), f.iris.SourceGraph(f.src.ID))
	if err != nil {
		t.Fatal(err)
	}
	return rdf.NewGraph(ts...)
}

func practices(g *rdf.Graph, iris vocab.IRIs) []rdf.Term {
	return g.Subjects(rdf.Type, iris.Terms().Practice)
}

func TestHarvestListingSiteWithCSS(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	run := f.run(t)
	if run.Status != harvester.StatusOK {
		t.Fatalf("status %s (%s), errors %v", run.Status, run.Reason, run.Errors)
	}
	sites, _ := demosites.Sites()
	want := 0
	for _, s := range sites {
		if s.ID == "skills-archive" {
			want = len(s.Practices)
		}
	}
	g := f.graph(t)
	if got := len(practices(g, f.iris)); got != want || run.Records != want {
		t.Fatalf("harvested %d practices (run says %d), want %d", got, run.Records, want)
	}
	// Listing pages (3 per page) plus one detail page per practice.
	if wantPages := (want+2)/3 + want; run.Pages != wantPages {
		t.Errorf("fetched %d pages, want %d", run.Pages, wantPages)
	}

	p := f.iris.Practice("skills-archive-biblionet")
	if got := g.Object(p, vocab.DCTTitle); got != rdf.LangString("Biblionet – The World in My Library", "en") {
		t.Errorf("title = %v", got)
	}
	if got := g.Object(p, f.iris.Terms().Country); got != rdf.IRI("http://publications.europa.eu/resource/authority/country/ROU") {
		t.Errorf("country = %v", got)
	}
	if !g.Has(rdf.Triple{S: p, P: f.iris.Terms().TargetGroup, O: f.iris.Concept(vocab.TargetGroups, "librarians")}) {
		t.Errorf("librarians target group missing; have %v", g.Objects(p, f.iris.Terms().TargetGroup))
	}
	if !g.Has(rdf.Triple{S: p, P: f.iris.Terms().DeliveryMode, O: f.iris.Concept(vocab.DeliveryModes, "face-to-face")}) {
		t.Errorf("delivery mode missing; have %v", g.Objects(p, f.iris.Terms().DeliveryMode))
	}
	if got := g.Object(p, vocab.SchemaIsBasedOn); got != rdf.IRI("https://digital-strategy.ec.europa.eu/en/news/digital-europe-needs-digital-skills-best-practices-around-eu") {
		t.Errorf("isBasedOn = %v", got)
	}
	if got := g.Object(p, vocab.DCTSource); !strings.HasSuffix(got.Value, "/projects/biblionet") {
		t.Errorf("source page = %v", got)
	}
	// Four Bulgarian library cities: four places, each with a NUTS 3 region.
	bg := f.iris.Practice("skills-archive-bg-libraries-online-training")
	places := g.Objects(bg, vocab.LOCNLocation)
	if len(places) != 4 {
		t.Errorf("BG libraries: %d places, want 4: %v", len(places), places)
	}
	for _, pl := range places {
		if r := g.Object(pl, vocab.GeoSfWithin); !strings.HasPrefix(r.Value, "http://data.europa.eu/nuts/code/BG") || len(r.Value) != len("http://data.europa.eu/nuts/code/BG321") {
			t.Errorf("place %v is within %v, want a Bulgarian NUTS 3 region", pl, r)
		}
		if g.Object(pl, vocab.WGS84Lat).IsZero() {
			t.Errorf("place %v has no latitude", pl)
		}
	}
	if t.Failed() {
		for _, tr := range g.Triples() {
			t.Log(tr)
		}
	}
}

func TestSecondRunKeepsIRIsAndFirstSeen(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	g1 := f.graph(t)
	time.Sleep(1100 * time.Millisecond) // firstSeen has second precision
	f.run(t)
	g2 := f.graph(t)
	p1, p2 := practices(g1, f.iris), practices(g2, f.iris)
	if len(p1) == 0 || len(p1) != len(p2) {
		t.Fatalf("practices: %d then %d", len(p1), len(p2))
	}
	for _, p := range p1 {
		first1, first2 := g1.Object(p, f.iris.Terms().FirstSeen), g2.Object(p, f.iris.Terms().FirstSeen)
		if first1.IsZero() || first1 != first2 {
			t.Errorf("%v firstSeen changed: %v → %v", p, first1, first2)
		}
		if g1.Object(p, f.iris.Terms().LastSeen) == g2.Object(p, f.iris.Terms().LastSeen) {
			t.Errorf("%v lastSeen did not move", p)
		}
	}
}

func TestFailedRunKeepsPreviousGraph(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	before := f.graph(t)

	f.site.set(func(s *faultySite) { s.down = true })
	run := f.run(t)
	if run.Status != harvester.StatusFailed || !strings.Contains(run.Reason, "start page failed") {
		t.Fatalf("site down: status %s, reason %q", run.Status, run.Reason)
	}
	if after := f.graph(t); !rdf.Isomorphic(before.Triples(), after.Triples()) {
		t.Errorf("a failed run changed the graph: %d → %d triples", before.Len(), after.Len())
	}
	// The failure is recorded in the provenance graph.
	prov, _ := f.sink.Graph(context.Background(), f.iris.ProvenanceGraph())
	pg := rdf.NewGraph(prov...)
	runIRI := f.iris.HarvestRun(f.src.ID, run.ID)
	if got := pg.Object(runIRI, f.iris.Terms().RunStatus); got != rdf.String("failed") {
		t.Errorf("provenance status = %v", got)
	}
	if !pg.Has(rdf.Triple{S: runIRI, P: vocab.PROVUsed, O: f.iris.Source(f.src.ID)}) {
		t.Error("provenance does not say which source the run used")
	}
}

func TestBrokenDetailPageKeepsItsPractice(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	before := f.graph(t)
	p := f.iris.Practice("skills-archive-digilyftet")
	if before.Object(p, rdf.Type).IsZero() {
		t.Fatal("digilyftet not harvested")
	}
	f.site.set(func(s *faultySite) { s.broken["/projects/digilyftet"] = true })
	run := f.run(t)
	if run.Status != harvester.StatusPartial || run.Kept != 1 {
		t.Fatalf("status %s kept %d, want partial with 1 kept (errors %v)", run.Status, run.Kept, run.Errors)
	}
	after := f.graph(t)
	for _, tr := range before.Triples() {
		if tr.S == p && tr.P != f.iris.Terms().LastSeen && !after.Has(tr) {
			t.Errorf("kept practice lost %v", tr)
		}
	}
	if len(practices(after, f.iris)) != len(practices(before, f.iris)) {
		t.Errorf("practices %d → %d", len(practices(before, f.iris)), len(practices(after, f.iris)))
	}
}

func TestFarFewerRecordsFailsTheRun(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	before := f.graph(t)
	// The listing's later pages disappear and its first page lists one
	// project: one record of the site's remains.
	f.site.next = onlyFirstListingPage(f.site.next, 1)
	run := f.run(t)
	if run.Status != harvester.StatusFailed || !strings.Contains(run.Reason, "fewer than 50%") {
		t.Fatalf("status %s reason %q, want failed for too few records", run.Status, run.Reason)
	}
	if after := f.graph(t); after.Len() != before.Len() {
		t.Errorf("graph changed: %d → %d triples", before.Len(), after.Len())
	}
}

// onlyFirstListingPage hides the "next" link so the crawl sees one page.
func onlyFirstListingPage(next http.Handler, keep int) http.Handler {
	link := regexp.MustCompile(`<li><a class="project-link" href="[^"]*">[^<]*</a></li>`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/projects" && r.URL.Query().Get("page") != "" && r.URL.Query().Get("page") != "1" {
			http.NotFound(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.String()
		if r.URL.Path == "/projects" {
			body = strings.ReplaceAll(body, `rel="next"`, `rel="nofollow"`)
			n := 0
			body = link.ReplaceAllStringFunc(body, func(li string) string {
				if n++; n > keep {
					return ""
				}
				return li
			})
		}
		w.Write([]byte(body))
	})
}

func TestSinkFailureKeepsData(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	before := f.graph(t)
	f.sink.FailApply = errors.New("disk full")
	run, err := f.h.Run(context.Background(), f.src.ID)
	if err == nil || run.Status != harvester.StatusFailed {
		t.Fatalf("a failing sink must fail the run: err %v, status %v", err, run.Status)
	}
	f.sink.FailApply = nil
	if after := f.graph(t); after.Len() != before.Len() {
		t.Error("graph changed after a failed write")
	}
}

func TestProvenanceKeepsLastRuns(t *testing.T) {
	f := newFixture(t, "skills-archive", 3)
	var runs []*harvester.Run
	for range 5 {
		runs = append(runs, f.run(t))
	}
	prov, _ := f.sink.Graph(context.Background(), f.iris.ProvenanceGraph())
	pg := rdf.NewGraph(prov...)
	got := pg.Subjects(rdf.Type, f.iris.Terms().HarvestRun)
	if len(got) != 3 {
		t.Fatalf("provenance holds %d runs, want the last 3", len(got))
	}
	for _, r := range runs[2:] {
		if pg.Object(f.iris.HarvestRun(f.src.ID, r.ID), rdf.Type).IsZero() {
			t.Errorf("recent run %s missing", r.ID)
		}
	}
	if len(f.h.Runs(f.src.ID)) != 3 || f.h.Runs(f.src.ID)[0].ID != runs[4].ID {
		t.Errorf("in-memory history wrong: %d runs", len(f.h.Runs(f.src.ID)))
	}
}

func TestNoTwoRunsOfOneSourceAtOnce(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	release := make(chan struct{})
	slow := f.site.next
	f.site.next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		slow.ServeHTTP(w, r)
	})
	done := make(chan *harvester.Run)
	go func() { r, _ := f.h.Run(context.Background(), f.src.ID); done <- r }()
	deadline := time.Now().Add(5 * time.Second)
	for !f.h.Running(f.src.ID) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := f.h.Run(context.Background(), f.src.ID); !errors.Is(err, harvester.ErrRunning) {
		t.Errorf("second run: %v, want ErrRunning", err)
	}
	close(release)
	if r := <-done; r.Status != harvester.StatusOK {
		t.Errorf("first run: %s %s", r.Status, r.Reason)
	}
}

func TestCancelledRunKeepsDataAndIsRecorded(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	before := f.graph(t)
	ctx, cancel := context.WithCancel(context.Background())
	slow := f.site.next
	f.site.next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/projects/") {
			cancel()
			time.Sleep(50 * time.Millisecond)
		}
		slow.ServeHTTP(w, r)
	})
	run, err := f.h.Run(ctx, f.src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != harvester.StatusFailed {
		t.Errorf("cancelled run status %s", run.Status)
	}
	if after := f.graph(t); after.Len() != before.Len() {
		t.Error("a cancelled run changed the graph")
	}
}

func TestHarvestJSONLDSiteWithSitemap(t *testing.T) {
	f := newFixture(t, "urban-skills", 20)
	run := f.run(t)
	if run.Status != harvester.StatusOK {
		t.Fatalf("status %s (%s), errors %v", run.Status, run.Reason, run.Errors)
	}
	g := f.graph(t)
	if got, want := len(practices(g, f.iris)), len(f.demo.Practices); got != want {
		t.Fatalf("harvested %d practices, want %d", got, want)
	}
	p := f.iris.Practice("urban-skills-passport4work")
	terms := f.iris.Terms()
	checks := []struct {
		pred rdf.Term
		want rdf.Term
	}{
		{vocab.DCTTitle, rdf.LangString("P4W – Passport4Work", "en")},
		{terms.Country, rdf.IRI("http://publications.europa.eu/resource/authority/country/NLD")},
		{vocab.DCTSpatial, rdf.IRI("http://data.europa.eu/nuts/code/NL414")},
		{terms.DeliveryMode, f.iris.Concept(vocab.DeliveryModes, "online")},
		{terms.FundingProgramme, rdf.LangString("Urban Innovative Actions", "en")},
		{vocab.SchemaProvider, f.iris.Organisation("city-of-eindhoven")},
		{terms.TargetGroup, f.iris.Concept(vocab.TargetGroups, "unemployed")},
	}
	for _, c := range checks {
		if !g.Has(rdf.Triple{S: p, P: c.pred, O: c.want}) {
			t.Errorf("passport4work lacks %v %v; has %v", c.pred, c.want, g.Objects(p, c.pred))
		}
	}
	// Nacka's dates are typed.
	nacka := f.iris.Practice("urban-skills-nacka-digital-skills-boost")
	if got := g.Object(nacka, vocab.SchemaStartDate); got != rdf.Literal("2023-09-01", rdf.XSDDate) {
		t.Errorf("nacka start = %v", got)
	}
}

func TestHarvestGermanGraphPageWithLineage(t *testing.T) {
	f := newFixture(t, "teilhabe-berlin", 20)
	run := f.run(t)
	if run.Status != harvester.StatusOK || run.Records != 2 {
		t.Fatalf("status %s records %d (%s) %v", run.Status, run.Records, run.Reason, run.Errors)
	}
	g := f.graph(t)
	terms := f.iris.Terms()
	mikado := f.iris.Practice("teilhabe-berlin-mikado")
	de := f.iris.Practice("teilhabe-berlin-digital-empowerment")
	if !g.Has(rdf.Triple{S: mikado, P: terms.AdaptedFrom, O: de}) {
		t.Errorf("MIKADO is not adaptedFrom Digital Empowerment: %v", g.Objects(mikado, terms.AdaptedFrom))
	}
	// German texts keep their language; the English title keeps its own.
	if got := g.Object(mikado, vocab.DCTTitle); got.Lang != "en" {
		t.Errorf("title %v, want @en", got)
	}
	if got := g.Object(mikado, vocab.DCTDescription); got.Lang != "de" || !strings.Contains(got.Value, "geflüchteter Frauen") {
		t.Errorf("description %v, want German", got)
	}
	// German target-group words map to concepts.
	if !g.Has(rdf.Triple{S: mikado, P: terms.TargetGroup, O: f.iris.Concept(vocab.TargetGroups, "refugee-women")}) {
		t.Errorf("geflüchtete Frauen not matched: %v", g.Objects(mikado, terms.TargetGroup))
	}
	if !g.Has(rdf.Triple{S: mikado, P: vocab.DCTSpatial, O: rdf.IRI("http://data.europa.eu/nuts/code/DE300")}) {
		t.Errorf("Berlin not placed in DE300: %v", g.Objects(mikado, vocab.DCTSpatial))
	}
}

func TestSourceDescriptionFollowsTheConfiguration(t *testing.T) {
	f := newFixture(t, "skills-archive", 20)
	f.run(t)
	// The same source, now configured with another name.
	src := f.src
	src.Name = "Renamed Archive"
	h, err := harvester.New([]sourceconfig.Source{src}, f.sink, harvester.Options{Mapper: harvester.NewMapper(f.iris, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Run(context.Background(), src.ID); err != nil {
		t.Fatal(err)
	}
	prov, _ := f.sink.Graph(context.Background(), f.iris.ProvenanceGraph())
	titles := rdf.NewGraph(prov...).Objects(f.iris.Source(src.ID), vocab.DCTTitle)
	if len(titles) != 1 || titles[0] != rdf.String("Renamed Archive") {
		t.Errorf("source titles %v, want only the new name", titles)
	}
}
