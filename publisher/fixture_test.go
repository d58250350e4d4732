package publisher

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const testBase = "http://localhost:8080/"

// geodataDir is where the shared NUTS files are, relative to the package.
const geodataDir = "../../shared/geo/nuts2021"

var (
	regionsOnce sync.Once
	regionsData *vocab.Regions
	regionsErr  error
)

// sharedRegions loads the NUTS regions from ../shared once, or skips the
// test when they are absent (a user's clone has no ../shared).
func sharedRegions(t testing.TB) *vocab.Regions {
	t.Helper()
	regionsOnce.Do(func() { regionsData, regionsErr = vocab.LoadRegions(geodataDir) })
	if regionsErr != nil {
		testsupport.Missing(t, "NUTS geodata not available in %s (%v): skipping a test that needs region outlines", geodataDir, regionsErr)
	}
	return regionsData
}

// fixture is a server over a small store: the bundled vocabularies and
// testdata/fixture.trig (practices written per vocab/MODEL.md).
type fixture struct {
	t       testing.TB
	store   *store.Memory
	iris    vocab.IRIs
	regions *vocab.Regions
	srv     *Server
	handler http.Handler
	logs    *bytes.Buffer
}

// fixtureOptions change the fixture.
type fixtureOptions struct {
	base    string
	regions bool // load the shared NUTS geodata (skips without it)
	noData  bool // leave out testdata/fixture.trig (the vocabularies stay)
	mounts  []Mount
	session Session
}

func newFixture(t testing.TB, opts ...fixtureOptions) *fixture {
	t.Helper()
	var o fixtureOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.base == "" {
		o.base = testBase
	}
	iris, err := vocab.NewIRIs(o.base)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: store.NewMemory(), iris: iris, logs: &bytes.Buffer{}}
	t.Cleanup(func() { f.store.Close() })
	if o.regions {
		f.regions = sharedRegions(t)
	}
	ctx := context.Background()
	graphs, err := vocab.Graphs(iris)
	if err != nil {
		t.Fatal(err)
	}
	if f.regions != nil {
		graphs = append(graphs, f.regions.Graph(iris))
	}
	for _, ng := range graphs {
		if err := store.ReplaceGraph(ctx, f.store, ng.Name, ng.Graph.Triples()); err != nil {
			t.Fatal(err)
		}
	}
	if !o.noData {
		data, err := os.ReadFile(filepath.Join("testdata", "fixture.trig"))
		if err != nil {
			t.Fatal(err)
		}
		quads, err := rdfio.Parse(bytes.NewReader(data), rdfio.TriG, rdfio.ParseOptions{Base: o.base})
		if err != nil {
			t.Fatalf("fixture.trig: %v", err)
		}
		f.add(quads...)
	}
	logger := slog.New(slog.NewTextHandler(&syncWriter{w: f.logs}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := New(Options{Store: f.store, IRIs: iris, Regions: f.regions, Logger: logger, Mounts: o.mounts, Session: o.session,
		GeoErr: func() error {
			if f.regions == nil {
				return vocab.ErrGeodataMissing
			}
			return nil
		}()})
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.handler = srv, srv.Handler()
	return f
}

// syncWriter makes a buffer safe for concurrent log writes.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// add writes quads to the store in one update.
func (f *fixture) add(quads ...rdf.Quad) {
	f.t.Helper()
	err := f.store.Update(context.Background(), func(w store.Writer) error {
		for _, q := range quads {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// get sends a GET with headers given as "Name: value" strings.
func (f *fixture) get(target string, headers ...string) *httptest.ResponseRecorder {
	return f.do(http.MethodGet, target, headers...)
}

// do sends a request to the server's handler.
func (f *fixture) do(method, target string, headers ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for _, h := range headers {
		k, v, ok := strings.Cut(h, ":")
		if !ok {
			f.t.Fatalf("bad header %q", h)
		}
		r.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

// iri returns the IRI of a path under the fixture's base.
func (f *fixture) iri(path string) rdf.Term {
	return rdf.IRI(f.iris.Base() + strings.TrimPrefix(path, "/"))
}

// storeLen is the number of quads in the store.
func (f *fixture) storeLen() uint64 {
	f.t.Helper()
	snap, err := f.store.Snapshot(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	defer snap.Close()
	return snap.Len()
}

// body returns a response body, decompressing gzip.
func body(t testing.TB, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	if w.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(w.Body.Bytes()))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		return b
	}
	return w.Body.Bytes()
}

// parseRDF parses a response body in the format of its Content-Type.
func parseRDF(t testing.TB, w *httptest.ResponseRecorder) []rdf.Quad {
	t.Helper()
	ct, _, _ := strings.Cut(w.Header().Get("Content-Type"), ";")
	f, ok := rdfio.ByMediaType(ct)
	if !ok {
		t.Fatalf("Content-Type %q is not an RDF syntax", ct)
	}
	qs, err := rdfio.Parse(bytes.NewReader(body(t, w)), f, rdfio.ParseOptions{Base: testBase})
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", f, err, body(t, w))
	}
	return qs
}

// hasTriple reports whether quads hold s p o in any graph.
func hasTriple(qs []rdf.Quad, s, p, o rdf.Term) bool {
	for _, q := range qs {
		if q.S == s && q.P == p && q.O == o {
			return true
		}
	}
	return false
}
