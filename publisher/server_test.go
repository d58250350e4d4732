package publisher

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

func TestHome(t *testing.T) {
	f := newFixture(t)
	w := f.get("/")
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	page := w.Body.String()
	// Five visible practices (the withdrawn one is not counted), two
	// sources, four countries, one organisation.
	for _, want := range []string{
		"<strong>5</strong> practices", "<strong>2</strong> sources", "<strong>4</strong> countries", "<strong>1</strong> organisations",
		"Region geodata missing", "skillsmap geo fetch",
		`href="/map"`, `href="/practices"`, `href="/dump.nq"`, `href="/dump.trig"`, `href="/dump.jsonld"`, `href="/ogc"`,
		`href="/context.jsonld"`, `href="/graph/source/futurium"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if !strings.Contains(page, "<strong>"+thousands(f.storeLen())+"</strong> triples") {
		t.Errorf("home page does not count the store's %d quads", f.storeLen())
	}
	if strings.Contains(page, `href="/sparql"`) || strings.Contains(page, `href="/catalog"`) {
		t.Error("home page links to endpoints that are not mounted")
	}
	withGeo := newFixture(t, fixtureOptions{regions: true})
	if strings.Contains(withGeo.get("/").Body.String(), "geodata missing") {
		t.Error("the geodata notice shows although the geodata is loaded")
	}
	if strings.Contains(withGeo.get("/map").Body.String(), "skillsmap geo fetch") {
		t.Error("the map page warns although the geodata is loaded")
	}
	if !strings.Contains(f.get("/map").Body.String(), "skillsmap geo fetch") {
		t.Error("the map page does not say how to get the geodata")
	}
}

func TestMounts(t *testing.T) {
	sparql := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/sparql-results+json")
		io.WriteString(w, `{"head":{},"boolean":true}`)
	})
	catalog := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "catalog "+r.URL.Path) })
	panicky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	f := newFixture(t, fixtureOptions{mounts: []Mount{
		{Methods: []string{"GET", "POST"}, Path: "/sparql", Handler: sparql, CORS: true},
		{Path: "/catalog", Handler: catalog},
		{Path: "/.well-known/void", Handler: catalog},
		{Path: "/reports/*path", Handler: catalog},
		{Path: "/boom", Handler: panicky},
	}})
	if w := f.do(http.MethodPost, "/sparql"); w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("POST /sparql: status %d, CORS %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	if w := f.do(http.MethodOptions, "/sparql", "Access-Control-Request-Method: POST"); w.Code != 204 || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight /sparql: status %d, methods %q", w.Code, w.Header().Get("Access-Control-Allow-Methods"))
	}
	if w := f.get("/catalog"); w.Code != 200 || w.Body.String() != "catalog /catalog" || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("/catalog: status %d, body %q, CORS %q", w.Code, w.Body.String(), w.Header().Get("Access-Control-Allow-Origin"))
	}
	if w := f.get("/reports/urban-skills/latest"); w.Body.String() != "catalog /reports/urban-skills/latest" {
		t.Errorf("wildcard mount: %q", w.Body.String())
	}
	home := f.get("/").Body.String()
	for _, want := range []string{`href="/sparql"`, `href="/catalog"`, `href="/.well-known/void"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page does not link the mounted %s", want)
		}
	}
	// A panicking handler answers 500 and is logged; the server goes on.
	w := f.get("/boom", "Accept: text/html")
	if w.Code != 500 || !strings.Contains(w.Body.String(), "Something went wrong") {
		t.Errorf("panic: status %d %s", w.Code, w.Body.String())
	}
	if logs := f.logs.String(); !strings.Contains(logs, "handler panic") || !strings.Contains(logs, "boom") {
		t.Errorf("the panic was not logged:\n%s", logs)
	}
	if w := f.get("/practice/mikado.ttl"); w.Code != 200 {
		t.Errorf("after a panic: status %d", w.Code)
	}
	// Clashing mounts are an error, not a panic.
	iris, _ := vocab.NewIRIs(testBase)
	for _, m := range []Mount{
		{Path: "/practice/:other", Handler: catalog},
		{Path: "/map", Handler: catalog},
		{Path: "no-slash", Handler: catalog},
		{Path: "/x"},
	} {
		if _, err := New(Options{Store: store.NewMemory(), IRIs: iris, Mounts: []Mount{m}}); err == nil {
			t.Errorf("mount %q: no error", m.Path)
		}
	}
}

func TestRequestLog(t *testing.T) {
	f := newFixture(t)
	f.get("/practice/mikado?format=turtle", "Accept: text/html")
	logs := f.logs.String()
	for _, want := range []string{"http request", "method=GET", "path=/practice/mikado", `query="format=turtle"`, "status=200", "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("request log lacks %q:\n%s", want, logs)
		}
	}
}

func TestNewChecksOptions(t *testing.T) {
	iris, _ := vocab.NewIRIs(testBase)
	if _, err := New(Options{IRIs: iris}); err == nil {
		t.Error("no store: no error")
	}
	if _, err := New(Options{Store: store.NewMemory()}); err == nil {
		t.Error("no IRIs: no error")
	}
}

func TestBasePathPrefix(t *testing.T) {
	f := newFixture(t, fixtureOptions{base: "https://data.example.eu/skillsmap/"})
	for _, target := range []string{"/skillsmap/practice/mikado.ttl", "/practice/mikado.ttl"} {
		w := f.get(target)
		if w.Code != 200 {
			t.Fatalf("%s: status %d", target, w.Code)
		}
		qs := parseRDF(t, w)
		if !hasTriple(qs, rdf.IRI("https://data.example.eu/skillsmap/practice/mikado"), vocab.DCTIdentifier, rdf.String("mikado")) {
			t.Errorf("%s: wrong description", target)
		}
	}
	page := f.get("/skillsmap/practice/mikado").Body.String()
	for _, want := range []string{`href="/skillsmap/assets/style.css"`, `href="/skillsmap/vocab/digcomp/1"`, `href="/skillsmap/region/DE300"`} {
		if !strings.Contains(page, want) {
			t.Errorf("links do not keep the base path: lacks %s", want)
		}
	}
	if l := f.get("/skillsmap/practice/mikado.ttl").Header().Get("Link"); !strings.Contains(l, "<https://data.example.eu/skillsmap/practice/mikado.jsonld>") {
		t.Errorf("Link header %s", l)
	}
}

func TestHeadRequests(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/practice/mikado", "/practices", "/map/practices.geojson", "/graph/provenance.nq", "/ogc/collections/practices/items"} {
		get, head := f.get(target), f.do(http.MethodHead, target)
		if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("ETag") != get.Header().Get("ETag") || head.Header().Get("Content-Type") != get.Header().Get("Content-Type") {
			t.Errorf("%s: HEAD status %d, %d body bytes, ETag %q/%q", target, head.Code, head.Body.Len(), head.Header().Get("ETag"), get.Header().Get("ETag"))
		}
	}
}
