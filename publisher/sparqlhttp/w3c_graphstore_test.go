package sparqlhttp

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// graphStoreSuite holds the W3C Graph Store Protocol tests written as data
// (the older http-rdf-update tests are prose, and deprecated in their
// favour).
const graphStoreSuite = "../../../shared/w3c/sparql/sparql11/graph-store-protocol"

// TestW3CGraphStore runs the W3C SPARQL 1.1 Graph Store Protocol tests,
// with direct and indirect graph identification, against the handler
// mounted at /gsp as the manifests ask, each test on a fresh store.
func TestW3CGraphStore(t *testing.T) {
	dir, err := filepath.Abs(graphStoreSuite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		testsupport.Missing(t, "W3C Graph Store Protocol tests not found at %s (the shared data folder is absent): %v", graphStoreSuite, err)
	}
	total, passed := 0, 0
	for _, name := range []string{"manifest-indirect.ttl", "manifest-direct.ttl"} {
		m, entries := readManifest(t, filepath.Join(dir, name))
		if len(entries) == 0 {
			t.Fatalf("%s lists no tests", name)
		}
		for _, entry := range entries {
			total++
			if t.Run(m.one(entry, mfNS+"name").Value, func(t *testing.T) { runGraphStoreTest(t, m, entry) }) {
				passed++
			}
		}
	}
	if total < 13 {
		t.Errorf("%d tests, want the 13 the manifests list", total)
	}
	t.Logf("W3C SPARQL 1.1 Graph Store Protocol: %d / %d pass", passed, total)
}

func runGraphStoreTest(t *testing.T, m *manifestGraph, entry rdf.Term) {
	st := store.NewMemory()
	defer st.Close()
	const token = "graph-store-test-token"
	h := GraphStoreHandler(Options{Store: st, AdminToken: token, GraphStore: "http://www.example/gsp"}, "http://www.example/gsp/new/")
	var vars []string // $LOCATION$ and its value, once a response gave it
	for i, req := range m.list(m.one(m.one(entry, mfNS+"action"), htNS+"requests")) {
		r := protocolRequest(t, m, req, strings.NewReplacer(vars...))
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		resp := rec.Result()
		body, _ := io.ReadAll(resp.Body)
		what := fmt.Sprintf("request %d (%s %s)", i+1, r.Method, r.URL)
		want := m.one(req, htNS+"resp")
		checkStatus(t, m, want, resp, body, what)
		if name := m.one(want, mfNS+"expectedLocation"); !name.IsZero() {
			loc := resp.Header.Get("Location")
			if loc == "" {
				t.Fatalf("%s: no Location header", what)
			}
			vars = append(vars, name.Value, loc)
		}
		for _, hd := range m.list(m.one(want, htNS+"headers")) {
			if !strings.EqualFold(m.one(hd, htNS+"fieldName").Value, "content-type") {
				t.Fatalf("%s: unknown expected header %s", what, m.one(hd, htNS+"fieldName").Value)
			}
			wantType, _, _ := mime.ParseMediaType(m.one(hd, htNS+"fieldValue").Value)
			if got, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); got != wantType {
				t.Fatalf("%s: Content-Type %q, want %s", what, resp.Header.Get("Content-Type"), wantType)
			}
		}
		if b := m.one(want, htNS+"body"); !b.IsZero() {
			expected, err := rdfio.ParseTriples(strings.NewReader(m.one(b, cntNS+"chars").Value), rdfio.Turtle, rdfio.ParseOptions{Base: r.URL.String()})
			if err != nil {
				t.Fatalf("%s: expected body: %v", what, err)
			}
			got, err := rdfio.ParseTriples(bytes.NewReader(body), rdfio.Turtle, rdfio.ParseOptions{Base: r.URL.String()})
			if err != nil {
				t.Fatalf("%s: response body: %v\n%s", what, err, body)
			}
			if !rdf.Isomorphic(expected, got) {
				t.Fatalf("%s: the graph differs from the expected one:\n%s", what, body)
			}
		}
	}
}
