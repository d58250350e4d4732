package sparqlhttp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// bigStore holds n people in one graph.
func bigStore(t *testing.T, n int) store.Store {
	t.Helper()
	st := store.NewMemory()
	t.Cleanup(func() { st.Close() })
	g := rdf.IRI(ex + "graph/big")
	if err := st.Update(context.Background(), func(w store.Writer) error {
		for i := range n {
			s := rdf.IRI(fmt.Sprintf("%sperson/%d", ex, i))
			for _, q := range []rdf.Quad{
				{S: s, P: rdf.Type, O: rdf.IRI(ex + "Person"), G: g},
				{S: s, P: rdf.IRI(ex + "description"), O: rdf.String(strings.Repeat("words ", 40) + fmt.Sprint(i)), G: g},
			} {
				if err := w.Add(q); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

// SPARQLWrapper sends format, output and results with one value on GET and
// in POST forms; for CONSTRUCT and DESCRIBE "xml" means RDF/XML, "json"
// JSON-LD, "n3" Turtle. Names that fit no format of the form are ignored in
// favour of Accept.
func TestFormatParameters(t *testing.T) {
	srv := server(t, Options{Store: testStore(t)})
	sel := "SELECT ?n WHERE { ?p <" + ex + "name> ?n }"
	con := "CONSTRUCT WHERE { ?p <" + ex + "name> ?n }"
	tests := []struct {
		query, format, accept string
		post                  bool
		want                  string
	}{
		{sel, "xml", "application/sparql-results+xml", false, "application/sparql-results+xml"},
		{sel, "json", "application/sparql-results+json", false, "application/sparql-results+json"},
		{sel, "csv", "", false, "text/csv"},
		{sel, "tsv", "", true, "text/tab-separated-values"},
		{sel, "json", "", true, "application/sparql-results+json"},
		{sel, "application/sparql-results+xml", "", false, "application/sparql-results+xml"},
		{sel, "n3", "application/sparql-results+json", false, "application/sparql-results+json"}, // ignored
		{con, "xml", "application/rdf+xml", false, "application/rdf+xml"},
		{con, "xml", "application/rdf+xml", true, "application/rdf+xml"},
		{con, "json", "application/ld+json", false, "application/ld+json"},
		{con, "n3", "text/n3", false, "text/turtle"},
		{con, "turtle", "", true, "text/turtle"},
		{con, "rdf", "", false, "application/rdf+xml"},
		{con, "json-ld", "", false, "application/ld+json"},
		{con, "csv", "text/turtle", false, "text/turtle"}, // ignored: Accept decides
		{con, "pdf", "application/n-triples", true, "application/n-triples"},
	}
	for _, tc := range tests {
		params := url.Values{"query": {tc.query}, "format": {tc.format}, "output": {tc.format}, "results": {tc.format}}
		var resp *http.Response
		var body string
		if tc.post {
			resp, body = do(t, "POST", srv.URL+"/sparql", "application/x-www-form-urlencoded", tc.accept, "", params.Encode())
		} else {
			resp, body = do(t, "GET", srv.URL+"/sparql?"+params.Encode(), "", tc.accept, "", "")
		}
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.want) {
			t.Errorf("%.9s format=%s post=%v: %d %s, want %s\n%s", tc.query, tc.format, tc.post, resp.StatusCode, resp.Header.Get("Content-Type"), tc.want, body)
		}
	}
}

// Requests that could mean two things are refused.
func TestAmbiguousRequests(t *testing.T) {
	srv := server(t, Options{Store: testStore(t), AdminToken: "tok"})
	q := url.QueryEscape("ASK {}")
	u := url.QueryEscape("INSERT DATA { <http://a> <http://b> <http://c> }")
	tests := []struct {
		method, path, ctype, body string
	}{
		{"GET", "/sparql?query=" + q + "&query=" + q, "", ""},
		{"POST", "/sparql?query=" + q, "application/x-www-form-urlencoded", "query=" + q},
		{"POST", "/sparql", "application/x-www-form-urlencoded", "query=" + q + "&query=" + q},
		{"POST", "/sparql?query=" + q, "application/sparql-query", "ASK {}"},
		{"GET", "/sparql?query=" + q + "&update=" + u, "", ""},
		{"POST", "/sparql", "application/x-www-form-urlencoded", "query=" + q + "&update=" + u},
		{"POST", "/sparql/update", "application/x-www-form-urlencoded", "update=" + u + "&query=" + q},
		{"POST", "/sparql/update?update=" + u, "application/x-www-form-urlencoded", "update=" + u},
		{"POST", "/sparql/update?query=" + q, "application/sparql-update", "INSERT DATA { <http://a> <http://b> <http://c> }"},
		{"POST", "/sparql/update", "application/x-www-form-urlencoded", "update=" + u + "&update=" + u},
	}
	for _, tc := range tests {
		resp, body := do(t, tc.method, srv.URL+tc.path, tc.ctype, "", "tok", tc.body)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s %s %s: %d, want 400\n%s", tc.method, tc.path, tc.body, resp.StatusCode, body)
		}
	}
}

// Write endpoints answer CORS only for configured origins, and never
// allow Authorization to every origin; reads allow every origin without it.
func TestCORS(t *testing.T) {
	preflight := func(srv string, path, origin, method string) http.Header {
		req, _ := http.NewRequest("OPTIONS", srv+path, nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", method)
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	closed := server(t, Options{Store: testStore(t), AdminToken: "tok"})
	for _, path := range []string{"/sparql/update", "/rdf-graphs?graph=" + url.QueryEscape(ex+"g")} {
		h := preflight(closed.URL, path, "https://evil.example", "POST")
		if strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") || strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") {
			t.Errorf("%s without write origins: preflight allows %q %q", path, h.Get("Access-Control-Allow-Methods"), h.Get("Access-Control-Allow-Headers"))
		}
	}
	if h := preflight(closed.URL, "/sparql", "https://any.example", "POST"); h.Get("Access-Control-Allow-Origin") != "*" || strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("query endpoint preflight: %v", h)
	}
	open := server(t, Options{Store: testStore(t), AdminToken: "tok", WriteOrigins: []string{"https://editor.example"}})
	h := preflight(open.URL, "/sparql/update", "https://editor.example", "POST")
	if h.Get("Access-Control-Allow-Origin") != "https://editor.example" || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("configured origin: %v", h)
	}
	if h := preflight(open.URL, "/sparql/update", "https://evil.example", "POST"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin: %v", h)
	}
}

// Protected graphs are refused with 403 naming the owner, through Update
// and the Graph Store; DROP ALL leaves them.
func TestProtectedGraphsOverHTTP(t *testing.T) {
	st := testStore(t)
	owned := ex + "graph/a"
	srv := server(t, Options{Store: st, AdminToken: "tok", Protected: func(g rdf.Term) (string, bool) {
		return "the harvester (source a)", g.Value == owned
	}})
	for _, tc := range []struct{ method, path, ctype, body string }{
		{"POST", "/sparql/update", "application/sparql-update", "INSERT DATA { GRAPH <" + owned + "> { <http://a> <http://b> <http://c> } }"},
		{"POST", "/sparql/update", "application/sparql-update", "CLEAR GRAPH <" + owned + ">"},
		{"PUT", "/rdf-graphs?graph=" + url.QueryEscape(owned), "text/turtle", "<http://a> <http://b> <http://c> ."},
		{"POST", "/rdf-graphs?graph=" + url.QueryEscape(owned), "text/turtle", "<http://a> <http://b> <http://c> ."},
		{"DELETE", "/rdf-graphs?graph=" + url.QueryEscape(owned), "", ""},
	} {
		resp, body := do(t, tc.method, srv.URL+tc.path, tc.ctype, "", "tok", tc.body)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "the harvester (source a)") {
			t.Errorf("%s %s: %d %s, want 403 naming the owner", tc.method, tc.path, resp.StatusCode, body)
		}
	}
	resp, body := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "tok", "DROP ALL")
	if resp.StatusCode != 200 {
		t.Fatalf("DROP ALL: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape("SELECT (COUNT(*) AS ?n) { GRAPH <"+owned+"> { ?s ?p ?o } }"), "", "text/csv", "", "")
	if !strings.Contains(body, "9") {
		t.Errorf("after DROP ALL the protected graph holds: %s, want its 9 triples", body)
	}
}

// A query over the memory budget is a 422 naming the limit and how to
// raise it; a result larger than the buffered start streams whole.
func TestMemoryBudgetAndStreaming(t *testing.T) {
	st := bigStore(t, 3000)
	srv := server(t, Options{Store: st, MaxMemoryBytes: 4 << 20, MaxIntermediateRows: 1 << 40})
	q := "SELECT ?a (GROUP_CONCAT(?d) AS ?x) WHERE { ?a <" + ex + "description> ?d . ?s ?p ?o } GROUP BY ?a"
	resp, body := do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape(q), "", "application/sparql-results+json", "", "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "4 MiB") || !strings.Contains(body, "sparql.max_memory") {
		t.Errorf("GROUP_CONCAT over a cross product: %d %s", resp.StatusCode, body)
	}
	// 3000 descriptions of about 250 bytes: more than the buffered start.
	resp, body = do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape("SELECT ?d { ?a <"+ex+"description> ?d }"), "", "text/csv", "", "")
	if resp.StatusCode != 200 || strings.Count(body, "\n") != 3001 || resp.ContentLength != -1 {
		t.Errorf("large result: %d, %d lines, length %d", resp.StatusCode, strings.Count(body, "\n"), resp.ContentLength)
	}
	// A small one keeps its Content-Length.
	resp, _ = do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape("SELECT ?d { ?a <"+ex+"description> ?d } LIMIT 3"), "", "text/csv", "", "")
	if resp.ContentLength <= 0 {
		t.Errorf("small result without Content-Length")
	}
	// The HTML page holds at most 1000 rows but counts all.
	resp, body = do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape("SELECT ?d { ?a <"+ex+"description> ?d }"), "", "text/html", "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, "3000 result(s)") || strings.Count(body, "<tr>") > 1001 {
		t.Errorf("HTML page: %d, %d rows", resp.StatusCode, strings.Count(body, "<tr>"))
	}
}

// Beyond the gate's slots and queue, queries get 503 with Retry-After; a
// client over its rate gets 429 with Retry-After.
func TestAdmission(t *testing.T) {
	st := bigStore(t, 2000)
	gate := admission.NewGate(1, 1, 100*time.Millisecond)
	srv := server(t, Options{Store: st, Gate: gate, MaxIntermediateRows: 1 << 40, Timeout: 3 * time.Second})
	slow := "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }"
	var wg sync.WaitGroup
	codes := make(chan int, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := do(t, "GET", srv.URL+"/sparql?query="+url.QueryEscape(slow), "", "text/csv", "", "")
			codes <- resp.StatusCode
			// A refusal for lack of a slot says when to come back (a
			// query that timed out is a 503 too, without it).
			if strings.Contains(body, "busy") && resp.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
		}()
	}
	wg.Wait()
	close(codes)
	busy := 0
	for c := range codes {
		if c == http.StatusServiceUnavailable {
			busy++
		}
	}
	if busy < 4 {
		t.Errorf("%d of 6 concurrent slow queries refused, want at least 4 with one slot and one queue place", busy)
	}

	limited := server(t, Options{Store: testStore(t), RateLimit: admission.NewRateLimiter(1, 2, 10)})
	var last *http.Response
	for range 3 {
		last, _ = do(t, "GET", limited.URL+"/sparql?query="+url.QueryEscape("ASK {}"), "", "", "", "")
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("third query at 1/s with a burst of 2: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}

// A client whose query ran into its budget waits as long as the query held
// its slot; other clients do not, and one client holds at most its share
// of the slots.
func TestBudgetCostsTheSenderNotOthers(t *testing.T) {
	st := bigStore(t, 3000)
	gate := admission.NewGate(2, 2, 50*time.Millisecond).LimitPerClient(1)
	opts := Options{Store: st, MaxMemoryBytes: 4 << 20, MaxIntermediateRows: 1 << 40, Gate: gate, Endpoint: "http://sparql.test/sparql"}
	q := QueryHandler(opts)
	// The publisher records the client address (X-Forwarded-For from a
	// trusted proxy included); here a header stands for it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q.ServeHTTP(w, admission.WithClient(r, r.Header.Get("X-Test-Client")))
	}))
	t.Cleanup(srv.Close)
	ask := func(client, query string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/sparql?query="+url.QueryEscape(query), nil)
		req.Header.Set("Accept", "text/csv")
		req.Header.Set("X-Test-Client", client)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	bad := "SELECT ?a (GROUP_CONCAT(?d) AS ?x) WHERE { ?a <" + ex + "description> ?d . ?s ?p ?o } GROUP BY ?a"
	good := "SELECT ?d { ?a <" + ex + "description> ?d } LIMIT 1"
	if res, _ := ask("203.0.113.9", bad); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("over the budget: %d", res.StatusCode)
	}
	res, body := ask("203.0.113.9", good)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "your address") {
		t.Errorf("the sender right after its budget ran out: %d %q", res.StatusCode, body)
	}
	if res, _ := ask("198.51.100.7", good); res.StatusCode != http.StatusOK {
		t.Errorf("another client: %d", res.StatusCode)
	}
}
