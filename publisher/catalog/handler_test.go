package catalog

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// testServer serves Handler over a store; opened counts the snapshots and
// open ones those still open.
type testServer struct {
	st           store.Store
	iris         vocab.IRIs
	opened, open atomic.Int64
	handler      http.Handler
	failOpen     atomic.Bool
	sources      []Source
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	f := demoStore(t)
	// A store of its own, so tests may write to it.
	st := store.NewMemory()
	src, err := f.st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := store.Load(context.Background(), st, src.Match(context.Background(), store.Pattern{AnyGraph: true}), 1000); err != nil {
		t.Fatal(err)
	}
	ts := &testServer{st: st, iris: f.iris, sources: SourcesFrom(f.sources)}
	ts.handler = Handler(func(ctx context.Context) (Input, func(), error) {
		if ts.failOpen.Load() {
			return Input{}, nil, errors.New("store closed")
		}
		snap, err := st.Snapshot(ctx)
		if err != nil {
			return Input{}, nil, err
		}
		ts.opened.Add(1)
		ts.open.Add(1)
		return Input{IRIs: f.iris, Catalog: testCatalogConfig(), Sources: ts.sources, Reader: snap, Now: time.Now()},
			func() { snap.Close(); ts.open.Add(-1) }, nil
	})
	t.Cleanup(func() {
		if n := ts.open.Load(); n != 0 {
			t.Errorf("%d snapshots left open", n)
		}
	})
	return ts
}

func (ts *testServer) get(t *testing.T, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ts.handler.ServeHTTP(rec, req)
	return rec
}

func TestHandlerNegotiates(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, target, accept string
		status               int
		format               rdfio.Format
		contentLocation      string
	}{
		{"default is Turtle", "/catalog", "", 200, rdfio.Turtle, "/catalog.ttl"},
		{"harvester asking for RDF/XML", "/catalog", "application/rdf+xml", 200, rdfio.RDFXML, "/catalog.rdf"},
		{"q-values", "/catalog", "text/turtle;q=0.5, application/ld+json", 200, rdfio.JSONLD, "/catalog.jsonld"},
		{"browser gets the first offer", "/catalog", "text/html,application/xhtml+xml,*/*;q=0.8", 200, rdfio.Turtle, "/catalog.ttl"},
		{"suffix wins over Accept", "/catalog.nt", "application/rdf+xml", 200, rdfio.NTriples, ""},
		{"format parameter", "/catalog?format=rdfxml", "", 200, rdfio.RDFXML, "/catalog.rdf"},
		{"VoID", "/.well-known/void", "application/n-triples", 200, rdfio.NTriples, "/.well-known/void.nt"},
		{"VoID suffix", "/.well-known/void.jsonld", "", 200, rdfio.JSONLD, ""},
		{"nothing acceptable", "/catalog", "image/png", 406, rdfio.Format{}, ""},
		{"unknown format parameter", "/catalog?format=csv", "", 406, rdfio.Format{}, ""},
		{"quads are not offered", "/catalog.nq", "", 404, rdfio.Format{}, ""},
		{"other path", "/catalogue", "", 404, rdfio.Format{}, ""},
		{"practice that is called catalog", "/practice/catalog", "", 404, rdfio.Format{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.get(t, http.MethodGet, tt.target, map[string]string{"Accept": tt.accept})
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Error("no CORS header")
			}
			if tt.status != 200 {
				return
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.format.MediaType()) {
				t.Errorf("Content-Type %q, want %s", ct, tt.format.MediaType())
			}
			if got := rec.Header().Get("Content-Location"); got != tt.contentLocation {
				t.Errorf("Content-Location %q, want %q", got, tt.contentLocation)
			}
			if !strings.Contains(rec.Header().Get("Vary"), "Accept") {
				t.Error("no Vary: Accept")
			}
			qs, err := rdfio.ParseTriples(bytes.NewReader(rec.Body.Bytes()), tt.format, rdfio.ParseOptions{})
			if err != nil {
				t.Fatalf("body does not parse as %s: %v", tt.format, err)
			}
			want := vocab.DCATCatalog
			if strings.Contains(tt.target, "void") {
				want = vocab.VoIDDataset
			}
			found := false
			for _, q := range qs {
				found = found || (q.P == rdf.Type && q.O == want)
			}
			if !found {
				t.Errorf("body has no %s", want.Value)
			}
		})
	}
}

func TestHandlerConditionalRequests(t *testing.T) {
	ts := newTestServer(t)
	first := ts.get(t, http.MethodGet, "/catalog.rdf", nil)
	etag, lastMod := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if first.Code != 200 || etag == "" || lastMod == "" {
		t.Fatalf("status %d, ETag %q, Last-Modified %q", first.Code, etag, lastMod)
	}
	if rec := ts.get(t, http.MethodGet, "/catalog.rdf", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag: status %d, want 304", rec.Code)
	}
	if rec := ts.get(t, http.MethodGet, "/catalog.rdf", map[string]string{"If-Modified-Since": lastMod}); rec.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since the last change: status %d, want 304", rec.Code)
	}
	// Another format has another ETag.
	if rec := ts.get(t, http.MethodGet, "/catalog.ttl", nil); rec.Header().Get("ETag") == etag {
		t.Error("Turtle and RDF/XML share an ETag")
	}
	// HEAD answers the same headers without a body.
	head := ts.get(t, http.MethodHead, "/catalog.rdf", nil)
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("ETag") != etag {
		t.Errorf("HEAD: status %d, %d body bytes, ETag %q", head.Code, head.Body.Len(), head.Header().Get("ETag"))
	}

	// A harvest changes the store: the catalog is rebuilt.
	time.Sleep(1100 * time.Millisecond) // Last-Modified has one-second resolution
	newSource := Source{ID: "new-partner", Name: "New Partner"}
	p := ts.iris.Practice("brand-new")
	if err := store.ReplaceGraph(context.Background(), ts.st, ts.iris.SourceGraph(newSource.ID), []rdf.Triple{
		{S: p, P: rdf.Type, O: ts.iris.Terms().Practice},
		{S: p, P: ts.iris.Terms().Country, O: rdf.IRI(vocab.CountryAuthorityBase + "IRL")},
	}); err != nil {
		t.Fatal(err)
	}
	rec := ts.get(t, http.MethodGet, "/catalog.rdf", map[string]string{"If-None-Match": etag})
	if rec.Code != 200 {
		t.Fatalf("after a change: status %d, want 200", rec.Code)
	}
	if rec.Header().Get("ETag") == etag || rec.Header().Get("Last-Modified") == lastMod {
		t.Error("ETag or Last-Modified did not change with the store")
	}
	if !strings.Contains(rec.Body.String(), "catalog#dataset-new-partner") || !strings.Contains(rec.Body.String(), "country/IRL") {
		t.Error("the rebuilt catalog lacks the new source's dataset")
	}
}

// The document is built once per store version; later requests reuse it.
func TestHandlerCachesPerStoreVersion(t *testing.T) {
	ts := newTestServer(t)
	s := ts.handler.(*server)
	first := ts.get(t, http.MethodGet, "/catalog", nil)
	built := s.docs["catalog"]
	for range 3 {
		if rec := ts.get(t, http.MethodGet, "/catalog", nil); !bytes.Equal(rec.Body.Bytes(), first.Body.Bytes()) {
			t.Fatal("same store, different catalog")
		}
	}
	if s.docs["catalog"] != built {
		t.Error("the catalog was rebuilt although the store did not change")
	}
	// A configuration change rebuilds it too.
	ts.sources = append([]Source(nil), ts.sources...)
	ts.sources[0].Name = "Renamed Exchange"
	if rec := ts.get(t, http.MethodGet, "/catalog", nil); !strings.Contains(rec.Body.String(), "Renamed Exchange") {
		t.Error("configuration change not reflected")
	}
}

func TestHandlerMethodsAndErrors(t *testing.T) {
	ts := newTestServer(t)
	if rec := ts.get(t, http.MethodPost, "/catalog", nil); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") == "" {
		t.Errorf("POST: status %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	pre := ts.get(t, http.MethodOptions, "/catalog", map[string]string{"Origin": "https://portal.example.eu", "Access-Control-Request-Method": "GET"})
	if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: status %d, methods %q", pre.Code, pre.Header().Get("Access-Control-Allow-Methods"))
	}
	ts.failOpen.Store(true)
	if rec := ts.get(t, http.MethodGet, "/catalog", nil); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("store unavailable: status %d, want 503", rec.Code)
	}
	if ts.opened.Load() != 0 {
		t.Errorf("%d snapshots opened for requests that needed none", ts.opened.Load())
	}
}

func TestRoutes(t *testing.T) {
	routes := Routes()
	h := newTestServer(t).handler
	for _, r := range routes {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/"+r, nil))
		if rec.Code != 200 {
			t.Errorf("route %s: status %d", r, rec.Code)
		}
	}
	suffixes := 0
	for _, o := range conneg.RDFOffers(false) {
		suffixes += len(o.Suffixes)
	}
	if want := 2 * (1 + suffixes); len(routes) != want {
		t.Errorf("%d routes, want %d: %v", len(routes), want, routes)
	}
}
