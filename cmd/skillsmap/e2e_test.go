package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/publisher"
)

// demo is the whole system in one process: the demo partner sites (each
// can be switched to fail), the store in a temporary directory, the
// harvester and the publisher.
type demo struct {
	t       *testing.T
	cfg     *config.Config
	app     *app
	h       *harvester.Harvester
	pub     *httptest.Server
	failing map[string]*atomic.Bool
	// hidden practices vanish from the archive site: no listing link,
	// and their page answers 404.
	hidden atomic.Value // string: a practice id of the archive site
}

// e2eToken is the admin token of the end-to-end server.
const e2eToken = "e2e-admin-token"

func startDemo(t *testing.T, dataDir string) *demo {
	t.Helper()
	d := &demo{t: t, failing: map[string]*atomic.Bool{}}
	sites, err := demosites.Sites()
	if err != nil {
		t.Fatal(err)
	}
	var sources []sourceconfig.Source
	for _, s := range sites {
		broken := &atomic.Bool{}
		d.failing[s.ID] = broken
		srv := httptest.NewUnstartedServer(nil)
		base := "http://" + srv.Listener.Addr().String()
		next := s.Handler(base)
		srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if broken.Load() {
				http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
				return
			}
			hidden, _ := d.hidden.Load().(string)
			if hidden == "" || s.ID != "skills-archive" {
				next.ServeHTTP(w, r)
				return
			}
			if r.URL.Path == "/projects/"+hidden {
				http.NotFound(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := regexp.MustCompile(`<li><a class="project-link" href="/projects/`+regexp.QuoteMeta(hidden)+`">[^<]*</a></li>`).
				ReplaceAllString(rec.Body.String(), "")
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write([]byte(body))
		})
		srv.Start()
		t.Cleanup(srv.Close)
		src := s.Source(base)
		src.Politeness.Delay = time.Millisecond
		sources = append(sources, src)
	}
	d.pub = httptest.NewUnstartedServer(nil)
	d.cfg = config.Default()
	d.cfg.DataDir = dataDir
	// IRIs are minted from the public URL, not from the listening port, so
	// a restart on another port serves the same IRIs.
	d.cfg.PublicURL = "http://localhost:8080/"
	d.cfg.AdminToken = e2eToken
	if _, err := os.Stat(sharedGeodata); err != nil {
		t.Log("no ../shared geodata: regions are matched by the gazetteer only")
	}
	ctx := context.Background()
	if d.app, err = openApp(ctx, d.cfg); err != nil {
		t.Fatal(err)
	}
	if d.h, err = d.app.newHarvester(sources); err != nil {
		t.Fatal(err)
	}
	pub, err := publisher.New(publisher.Options{Store: d.app.store, IRIs: d.app.iris, Regions: d.app.regions,
		GeoErr: d.app.geoErr, Config: d.cfg, Mounts: append(d.app.mounts(d.h), d.app.harvestMounts(d.h, nil)...)})
	if err != nil {
		t.Fatal(err)
	}
	d.pub.Config.Handler = pub.Handler()
	d.pub.Start()
	t.Cleanup(d.stop)
	return d
}

func (d *demo) stop() {
	d.pub.Close()
	if d.app != nil {
		d.app.Close()
		d.app = nil
	}
}

func (d *demo) get(path, accept string) (int, http.Header, string) {
	d.t.Helper()
	req, _ := http.NewRequest("GET", d.pub.URL+path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// practiceCount asks the SPARQL endpoint how many practices there are.
func (d *demo) practiceCount() int {
	d.t.Helper()
	q := "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <" + d.app.iris.Terms().Practice.Value + "> }"
	code, _, body := d.get("/sparql?query="+url.QueryEscape(q), "application/sparql-results+json")
	if code != 200 {
		d.t.Fatalf("count query: %d %s", code, body)
	}
	res, err := results.Read(strings.NewReader(body), results.JSON)
	if err != nil || len(res.Table.Rows) != 1 {
		d.t.Fatalf("count query result: %v %s", err, body)
	}
	var n int
	json.Unmarshal([]byte(res.Table.Rows[0][0].Value), &n)
	return n
}

func TestEndToEnd(t *testing.T) {
	dataDir := t.TempDir()
	d := startDemo(t, dataDir)
	ctx := context.Background()
	for _, run := range d.h.RunAll(ctx) {
		if run.Status != harvester.StatusOK {
			t.Fatalf("%s: %s %s %v", run.Source, run.Status, run.Reason, run.Errors)
		}
	}
	all, _ := demosites.Practices()
	// The demo partner shares SharedIDs through the exchange: no site
	// publishes them.
	var practices []demosites.Practice
	for _, p := range all {
		if !slices.Contains(demosites.SharedIDs, p.ID) {
			practices = append(practices, p)
		}
	}

	t.Run("every demo practice is harvested", func(t *testing.T) {
		if got := d.practiceCount(); got != len(practices) {
			t.Errorf("%d practices in the store, want %d", got, len(practices))
		}
	})

	t.Run("a known practice as Turtle by content negotiation", func(t *testing.T) {
		code, h, body := d.get("/practice/teilhabe-berlin-mikado", "text/html;q=0.5, text/turtle")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/turtle") || !strings.Contains(h.Get("Vary"), "Accept") {
			t.Fatalf("status %d, type %q, vary %q", code, h.Get("Content-Type"), h.Get("Vary"))
		}
		ts, err := rdfio.ParseTriples(strings.NewReader(body), rdfio.Turtle, rdfio.ParseOptions{Base: d.cfg.PublicURL})
		if err != nil {
			t.Fatal(err)
		}
		g := rdf.NewGraph(ts...)
		p := d.app.iris.Practice("teilhabe-berlin-mikado")
		terms := d.app.iris.Terms()
		if !g.Has(rdf.Triple{S: p, P: terms.AdaptedFrom, O: d.app.iris.Practice("teilhabe-berlin-digital-empowerment")}) {
			t.Error("lineage to Digital Empowerment missing")
		}
		if !g.Has(rdf.Triple{S: p, P: rdf.IRI(rdf.NSDCT + "title"), O: rdf.LangString("MIKADO – Multiplier Training Digital Empowerment", "en")}) {
			t.Errorf("title missing:\n%s", body)
		}
		if code, _, _ := d.get("/practice/teilhabe-berlin-mikado", "image/png"); code != http.StatusNotAcceptable {
			t.Errorf("unacceptable type: %d, want 406", code)
		}
		if code, h, _ := d.get("/practice/teilhabe-berlin-mikado", "text/html,*/*;q=0.8"); code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("browser: %d %q", code, h.Get("Content-Type"))
		}
	})

	t.Run("the N-Quads dump parses back to the store's quads", func(t *testing.T) {
		code, _, body := d.get("/dump.nq", "")
		if code != 200 {
			t.Fatal(code)
		}
		quads, err := rdfio.Parse(strings.NewReader(body), rdfio.NQuads, rdfio.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		snap, err := d.app.store.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		if uint64(len(quads)) != snap.Len() {
			t.Errorf("dump has %d quads, store %d", len(quads), snap.Len())
		}
		code, _, ttl := d.get("/dump.ttl", "")
		ts, err := rdfio.ParseTriples(strings.NewReader(ttl), rdfio.Turtle, rdfio.ParseOptions{})
		if code != 200 || err != nil || len(ts) == 0 {
			t.Errorf("Turtle dump: %d %v, %d triples", code, err, len(ts))
		}
	})

	t.Run("GeoJSON points are where the practices are", func(t *testing.T) {
		code, _, body := d.get("/map/practices.geojson", "")
		if code != 200 {
			t.Fatal(code)
		}
		var fc struct {
			Type     string
			Features []struct {
				Geometry struct {
					Type        string
					Coordinates []float64
				}
				Properties map[string]any
			}
		}
		if err := json.Unmarshal([]byte(body), &fc); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, f := range fc.Features {
			if f.Properties["id"] == "teilhabe-berlin-mikado" {
				found++
				c := f.Geometry.Coordinates
				// Berlin: 13.405 E, 52.52 N — GeoJSON is longitude first.
				if f.Geometry.Type != "Point" || len(c) != 2 || c[0] < 13.3 || c[0] > 13.5 || c[1] < 52.4 || c[1] > 52.6 {
					t.Errorf("MIKADO at %v, want Berlin (13.405, 52.52)", c)
				}
			}
		}
		if fc.Type != "FeatureCollection" || found != 1 {
			t.Errorf("type %q, MIKADO features %d", fc.Type, found)
		}
	})

	t.Run("every SPARQL example answers", func(t *testing.T) {
		for _, ex := range sparqlExamples(d.app.iris) {
			code, _, body := d.get("/sparql?query="+url.QueryEscape(ex.Query), "application/sparql-results+json, text/turtle;q=0.9")
			if code != 200 {
				t.Errorf("%s: %d %s", ex.Title, code, body)
				continue
			}
			if strings.Contains(body, `"bindings":[]`) || strings.TrimSpace(body) == "" {
				t.Errorf("%s: no results:\n%s", ex.Title, body)
			}
		}
	})

	t.Run("Comunica, a generic SPARQL and linked-data client, reads the endpoint, a page and the catalog", func(t *testing.T) {
		checkWithComunica(t, d)
	})

	t.Run("the catalog and VoID are served", func(t *testing.T) {
		for _, path := range []string{"/catalog", "/.well-known/void"} {
			code, _, body := d.get(path, "application/rdf+xml")
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			if _, err := rdfio.ParseTriples(strings.NewReader(body), rdfio.RDFXML, rdfio.ParseOptions{Base: d.cfg.PublicURL}); err != nil {
				t.Errorf("%s as RDF/XML: %v", path, err)
			}
		}
	})

	t.Run("a partner pushes a graph through the Graph Store Protocol", func(t *testing.T) {
		const ttl = `<http://partner.example/p1> <http://purl.org/dc/terms/title> "Pushed practice"@en .`
		put := func(token string) int {
			req, _ := http.NewRequest("PUT", d.pub.URL+"/rdf-graphs/partner/pushed.ttl", strings.NewReader(ttl))
			req.Header.Set("Content-Type", "text/turtle")
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := put(""); code != http.StatusUnauthorized {
			t.Errorf("PUT without the admin token: %d, want 401", code)
		}
		if code := put(e2eToken); code != http.StatusCreated {
			t.Fatalf("PUT with the admin token: %d, want 201", code)
		}
		q := `SELECT ?g { GRAPH ?g { <http://partner.example/p1> ?p ?o } }`
		code, _, body := d.get("/sparql?query="+url.QueryEscape(q), "text/csv")
		if code != 200 || !strings.Contains(body, "http://localhost:8080/rdf-graphs/partner/pushed.ttl") {
			t.Errorf("the pushed graph is not named by its URL: %d %s", code, body)
		}
		code, _, body = d.get("/rdf-graphs?graph="+url.QueryEscape("http://localhost:8080/rdf-graphs/partner/pushed.ttl"), "application/n-triples")
		if code != 200 || !strings.Contains(body, `"Pushed practice"@en`) {
			t.Errorf("GET by ?graph=: %d %s", code, body)
		}
	})

	t.Run("a source that starts failing keeps its data", func(t *testing.T) {
		before := d.practiceCount()
		d.failing["skills-archive"].Store(true)
		run, err := d.h.Run(ctx, "skills-archive")
		d.failing["skills-archive"].Store(false)
		if err != nil || run.Status != harvester.StatusFailed {
			t.Fatalf("run: %v %+v", err, run)
		}
		if after := d.practiceCount(); after != before {
			t.Errorf("practices %d → %d after a failed harvest", before, after)
		}
		if code, _, _ := d.get("/practice/skills-archive-biblionet", "text/turtle"); code != 200 {
			t.Errorf("a practice of the failing source is gone: %d", code)
		}
	})

	t.Run("harvest report and metrics", func(t *testing.T) {
		code, _, body := d.get("/harvest.json", "")
		if code != 200 || !strings.Contains(body, `"skills-archive"`) || !strings.Contains(body, `"failed"`) {
			t.Errorf("/harvest.json: %d %.300s", code, body)
		}
		code, _, body = d.get("/metrics", "")
		if code != 200 || !strings.Contains(body, "skillsmap_harvest") {
			t.Errorf("/metrics: %d %.300s", code, body)
		}
		if code, _, _ := d.get("/harvest", "text/html"); code != 200 {
			t.Errorf("/harvest: %d", code)
		}
	})

	t.Run("a practice that vanishes from its site is withdrawn after N runs and answers 410", func(t *testing.T) {
		iri := "/practice/skills-archive-make-it-work"
		if code, _, _ := d.get(iri, "text/turtle"); code != 200 {
			t.Fatalf("before: %d", code)
		}
		d.hidden.Store("make-it-work")
		defer d.hidden.Store("")
		for i := 1; i <= 3; i++ {
			run, err := d.h.Run(ctx, "skills-archive")
			if err != nil || run.Status == harvester.StatusFailed {
				t.Fatalf("run %d: %v %+v", i, err, run)
			}
			t.Logf("run %d: %s pages %d records %d kept %d errors %v", i, run.Status, run.Pages, run.Records, run.Kept, run.Errors)
			code, _, _ := d.get(iri, "text/turtle")
			if i < 3 && code != 200 {
				t.Errorf("after %d run(s) without it: %d, want it kept (200)", i, code)
			}
			if i == 3 && code != http.StatusGone {
				t.Errorf("after 3 runs without it: %d, want 410 Gone", code)
			}
		}
		if got := d.practiceCount(); got != len(practices)-1 {
			t.Errorf("%d practices after the withdrawal, want %d", got, len(practices)-1)
		}
	})

	t.Run("a restart keeps the store", func(t *testing.T) {
		before := d.practiceCount()
		d.stop()
		d2 := startDemo(t, dataDir) // same data directory, no harvest
		if after := d2.practiceCount(); after != before {
			t.Errorf("after restart: %d practices, want %d", after, before)
		}
		if code, _, _ := d2.get("/practice/urban-skills-passport4work", "text/turtle"); code != 200 {
			t.Errorf("practice after restart: %d", code)
		}
	})
}
