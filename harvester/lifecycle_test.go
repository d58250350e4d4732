package harvester

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// practiceSite is a small site whose practices a test can change: a
// listing links to one JSON-LD page per practice; pages answer conditional
// requests with 304 when their ETag matches.
type practiceSite struct {
	mu       sync.Mutex
	titles   map[string]string // id → title
	urls     map[string]string // id → schema:url
	broken   map[string]bool
	full     int // 200 answers
	notMod   int // 304 answers
	etagSalt string
}

func newPracticeSite(ids ...string) *practiceSite {
	s := &practiceSite{titles: map[string]string{}, urls: map[string]string{}, broken: map[string]bool{}}
	for _, id := range ids {
		s.titles[id] = "Practice " + id
	}
	return s
}

func (s *practiceSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var body string
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
		return
	case r.URL.Path == "/listing":
		var b strings.Builder
		for id := range s.titles {
			fmt.Fprintf(&b, `<a class="p" href="/p/%s">%s</a>`, id, id)
		}
		body = `<html><body>` + b.String() + `</body></html>`
	case strings.HasPrefix(r.URL.Path, "/p/"):
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		title, ok := s.titles[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if s.broken[id] {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		url := ""
		if u := s.urls[id]; u != "" {
			url = `, "url": "` + u + `"`
		}
		body = `<html lang="en"><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "@id": "http://partner.test/p/` + id + `", "name": "` + title + `", "location": {"@type": "Place", "name": "Berlin"}` + url + `}</script></head></html>`
	default:
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x%s"`, len(body)*31+int(body[len(body)/2]), s.etagSalt)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", "Mon, 04 Mar 2024 10:00:00 GMT")
	if r.Header.Get("If-None-Match") == etag {
		s.notMod++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.full++
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(body))
}

func (s *practiceSite) counts() (full, notMod int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full, s.notMod
}

func (s *practiceSite) do(fn func(s *practiceSite)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s)
}

type lifecycle struct {
	site   *practiceSite
	server *httptest.Server
	sink   *MemorySink
	mapper *Mapper
	iris   vocab.IRIs
}

func newLifecycle(t *testing.T, site *practiceSite) *lifecycle {
	l := &lifecycle{site: site, sink: NewMemorySink()}
	l.server = httptest.NewServer(site)
	t.Cleanup(l.server.Close)
	l.iris, _ = vocab.NewIRIs("http://localhost:8080/")
	l.mapper = NewMapper(l.iris, nil)
	return l
}

func (l *lifecycle) source(id string) sourceconfig.Source {
	return sourceconfig.Source{ID: id, StartURLs: []string{l.server.URL + "/listing"}, Extractor: sourceconfig.ExtractJSONLD, Local: true,
		Crawl: sourceconfig.Crawl{Links: "a.p"}, Politeness: sourceconfig.Politeness{Delay: time.Millisecond, Parallelism: 4, RetryDelay: time.Millisecond}}
}

func (l *lifecycle) harvester(t *testing.T, state StateStore, srcs ...sourceconfig.Source) *Harvester {
	h, err := New(srcs, l.sink, Options{Mapper: l.mapper, State: state})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (l *lifecycle) graph(id string) *rdf.Graph {
	ts, _ := l.sink.Graph(context.Background(), l.mapper.SourceGraph(id))
	return rdf.NewGraph(ts...)
}

func TestConditionalGETReusesRecords(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a", "b", "c"))
	state, err := NewFileState(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	src := l.source("cond")
	run1 := runOnce(t, l.harvester(t, state, src), src.ID)
	if run1.Status != StatusOK || run1.Records != 3 || run1.NotModified != 0 {
		t.Fatalf("first run %s records %d 304s %d", run1.Status, run1.Records, run1.NotModified)
	}
	g1 := l.graph(src.ID)
	// A new harvester (a restart) with the same state directory: every
	// page answers 304 and its practices still count.
	run2 := runOnce(t, l.harvester(t, state, src), src.ID)
	if run2.Status != StatusOK || run2.Records != 3 || run2.NotModified != 4 || run2.Pages != 4 {
		t.Fatalf("second run %s records %d 304s %d pages %d", run2.Status, run2.Records, run2.NotModified, run2.Pages)
	}
	prov, _ := l.sink.Graph(context.Background(), l.iris.ProvenanceGraph())
	if got := rdf.NewGraph(prov...).Object(l.iris.HarvestRun(src.ID, run2.ID), l.iris.Terms().PagesNotModified); got != rdf.Literal("4", rdf.XSDInteger) {
		t.Errorf("provenance pagesNotModified = %v", got)
	}
	if full, notMod := l.site.counts(); full != 4 || notMod != 4 {
		t.Errorf("site served %d full pages and %d 304s, want 4 and 4", full, notMod)
	}
	g2 := l.graph(src.ID)
	terms := l.iris.Terms()
	for _, p := range g1.Subjects(rdf.Type, terms.Practice) {
		if g1.Object(p, vocab.DCTTitle) != g2.Object(p, vocab.DCTTitle) || g1.Object(p, terms.FirstSeen) != g2.Object(p, terms.FirstSeen) {
			t.Errorf("%v changed across a 304 run", p)
		}
		if got := g2.Object(p, vocab.DCTModified); got.Value != "2024-03-04T10:00:00Z" {
			t.Errorf("%v modified %v, want the page's Last-Modified", p, got)
		}
	}
	// A changed page is fetched again.
	l.site.do(func(s *practiceSite) { s.titles["b"] = "Practice b, renamed" })
	run3 := runOnce(t, l.harvester(t, state, src), src.ID)
	if run3.NotModified != 3 || run3.Records != 3 {
		t.Errorf("third run 304s %d records %d, want 3 (listing, a, c) and 3", run3.NotModified, run3.Records)
	}
	if got := l.graph(src.ID).Object(l.iris.Practice("cond-b"), vocab.DCTTitle).Value; got != "Practice b, renamed" {
		t.Errorf("changed title %q", got)
	}
}

func TestWithdrawalAfterMissedRuns(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a", "b", "c", "d"))
	src := l.source("wd")
	src.WithdrawAfter = 2
	h := l.harvester(t, nil, src)
	runOnce(t, h, src.ID)
	gone := l.iris.Practice("wd-d")
	terms := l.iris.Terms()
	l.site.do(func(s *practiceSite) { delete(s.titles, "d") })

	run := runOnce(t, h, src.ID)
	g := l.graph(src.ID)
	if run.Status != StatusOK || run.Kept != 1 || run.Withdrawn != 0 || g.Object(gone, terms.MissedRuns).Value != "1" || g.Object(gone, rdf.Type).IsZero() {
		t.Fatalf("first miss: status %s kept %d withdrawn %d missed %v", run.Status, run.Kept, run.Withdrawn, g.Object(gone, terms.MissedRuns))
	}
	// A run with a failed page is not complete: it counts no miss.
	l.site.do(func(s *practiceSite) { s.broken["a"] = true })
	run = runOnce(t, h, src.ID)
	if run.Status != StatusPartial || l.graph(src.ID).Object(gone, terms.MissedRuns).Value != "1" {
		t.Fatalf("partial run: status %s missed %v", run.Status, l.graph(src.ID).Object(gone, terms.MissedRuns))
	}
	l.site.do(func(s *practiceSite) { s.broken["a"] = false })

	run = runOnce(t, h, src.ID)
	g = l.graph(src.ID)
	if run.Withdrawn != 1 || run.Kept != 0 {
		t.Fatalf("second miss: kept %d withdrawn %d", run.Kept, run.Withdrawn)
	}
	withdrawn := l.iris.Concept(vocab.EditorialStatuses, "withdrawn")
	if g.Object(gone, vocab.ADMSStatus) != withdrawn || g.Object(gone, vocab.DCTTitle).Value != "Practice d" ||
		g.Object(gone, vocab.PROVInvalidatedAtTime).IsZero() || !g.Object(gone, rdf.Type).IsZero() {
		t.Errorf("tombstone: %v", triplesOf(g, gone))
	}
	if len(g.Subjects(rdf.Type, terms.Practice)) != 3 {
		t.Errorf("live practices %d, want 3", len(g.Subjects(rdf.Type, terms.Practice)))
	}
	// The tombstone stays over later runs, and goes when the practice is back.
	runOnce(t, h, src.ID)
	if l.graph(src.ID).Object(gone, vocab.ADMSStatus) != withdrawn {
		t.Error("tombstone lost")
	}
	l.site.do(func(s *practiceSite) { s.titles["d"] = "Practice d" })
	runOnce(t, h, src.ID)
	g = l.graph(src.ID)
	if g.Object(gone, vocab.ADMSStatus) == withdrawn || g.Object(gone, rdf.Type) != terms.Practice {
		t.Errorf("returned practice: %v", triplesOf(g, gone))
	}
}

func triplesOf(g *rdf.Graph, s rdf.Term) []rdf.Triple {
	var out []rdf.Triple
	for _, t := range g.Triples() {
		if t.S == s {
			out = append(out, t)
		}
	}
	return out
}

func TestSameAsLinksAcrossSources(t *testing.T) {
	siteA := newPracticeSite("x", "y")
	siteA.urls["x"] = "https://www.shared.example/projects/x/"
	siteB := newPracticeSite("other", "z")
	siteB.urls["other"] = "http://shared.example/projects/x"
	siteB.titles["z"] = "Practice y" // same title, same city as a's y
	la, lb := newLifecycle(t, siteA), newLifecycle(t, siteB)
	lb.sink, lb.mapper, lb.iris = la.sink, la.mapper, la.iris
	a, b := la.source("site-a"), lb.source("site-b")
	h := la.harvester(t, nil, a, b)
	runOnce(t, h, a.ID)
	runOnce(t, h, b.ID)
	ts, _ := la.sink.Graph(context.Background(), la.mapper.SameAsGraph())
	links := rdf.NewGraph(ts...)
	want := [][2]string{{"site-a-x", "site-b-other"}, {"site-a-y", "site-b-z"}}
	for _, w := range want {
		p, q := la.iris.Practice(w[0]), la.iris.Practice(w[1])
		if !links.Has(rdf.Triple{S: p, P: vocab.SchemaSameAs, O: q}) || !links.Has(rdf.Triple{S: q, P: vocab.SchemaSameAs, O: p}) {
			t.Errorf("no sameAs between %s and %s: %v", w[0], w[1], links.Triples())
		}
	}
	if links.Len() != 4 {
		t.Errorf("%d links, want 4: %v", links.Len(), links.Triples())
	}
}

func TestQualityScoreStoredAndReported(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a"))
	src := l.source("q")
	run := runOnce(t, l.harvester(t, nil, src), src.ID)
	// Title, place and coordinates (Berlin from the gazetteer): 15+10+10.
	got := l.graph(src.ID).Object(l.iris.Practice("q-a"), l.iris.Terms().QualityScore)
	if got != rdf.Literal("0.35", rdf.XSDDecimal) {
		t.Errorf("quality score %v", got)
	}
	if run.Mapping.Quality.Average != 0.35 || run.Mapping.Quality.Missing["description"] != 1 {
		t.Errorf("quality report %+v", run.Mapping.Quality)
	}
	if sum := run.Summary(); !strings.HasPrefix(sum, "q: ok in ") || !strings.HasSuffix(sum, "2 pages (0 not modified), 1 practices, 0 kept, 0 withdrawn, 0 errors, quality 35%") {
		t.Errorf("summary %q", sum)
	}
}

// stampingSink is a MemorySink that stamps graphs (GraphStamper) and counts
// the reads of each graph.
type stampingSink struct {
	*MemorySink
	mu     sync.Mutex
	stamps map[rdf.Term]int
	reads  map[rdf.Term]int
}

func (s *stampingSink) Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error) {
	s.mu.Lock()
	s.reads[g]++
	s.mu.Unlock()
	return s.MemorySink.Graph(ctx, g)
}

func (s *stampingSink) Apply(ctx context.Context, c Change) error {
	if err := s.MemorySink.Apply(ctx, c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for g := range c.Replace {
		s.stamps[g]++
	}
	return nil
}

func (s *stampingSink) GraphStamps(_ context.Context, graphs []rdf.Term) (map[rdf.Term]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[rdf.Term]string{}
	for _, g := range graphs {
		out[g] = strconv.Itoa(s.stamps[g])
	}
	return out, nil
}

// TestSameAsReadsOnlyChangedSources: with a sink that stamps graphs, a
// commit reads no source graph that did not change since the harvester
// last saw it, and the links are those of a full recomputation.
func TestSameAsReadsOnlyChangedSources(t *testing.T) {
	siteA := newPracticeSite("x", "y")
	siteA.urls["x"] = "https://www.shared.example/projects/x/"
	siteB := newPracticeSite("other", "z")
	siteB.urls["other"] = "http://shared.example/projects/x"
	siteB.titles["z"] = "Practice y"
	la, lb := newLifecycle(t, siteA), newLifecycle(t, siteB)
	sink := &stampingSink{MemorySink: la.sink, stamps: map[rdf.Term]int{}, reads: map[rdf.Term]int{}}
	a, b := la.source("site-a"), lb.source("site-b")
	h, err := New([]sourceconfig.Source{a, b}, sink, Options{Mapper: la.mapper})
	if err != nil {
		t.Fatal(err)
	}
	gA, gB := la.mapper.SourceGraph(a.ID), la.mapper.SourceGraph(b.ID)
	runOnce(t, h, a.ID)
	runOnce(t, h, b.ID)
	for i, tt := range []struct {
		source string
		other  rdf.Term
	}{{a.ID, gB}, {b.ID, gA}, {a.ID, gB}} {
		before := sink.reads[tt.other]
		runOnce(t, h, tt.source)
		if n := sink.reads[tt.other] - before; n != 0 {
			t.Errorf("run %d of %s read the unchanged graph %s %d times", i, tt.source, tt.other.Value, n)
		}
	}
	// Another writer changes b's graph: the next commit of a reads it.
	if err := sink.Apply(context.Background(), Change{Replace: map[rdf.Term][]rdf.Triple{gB: nil}}); err != nil {
		t.Fatal(err)
	}
	before := sink.reads[gB]
	runOnce(t, h, a.ID)
	if sink.reads[gB] == before {
		t.Errorf("a changed graph was not read again")
	}
	ts, _ := sink.Graph(context.Background(), la.mapper.SameAsGraph())
	if len(ts) != 0 {
		t.Errorf("b's practices are gone, yet %d same-as links remain: %v", len(ts), ts)
	}
}
