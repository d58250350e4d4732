package sparqlhttp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"
)

const ex = "http://example.org/"

func testStore(t *testing.T) store.Store {
	t.Helper()
	st := store.NewMemory()
	t.Cleanup(func() { st.Close() })
	g := rdf.IRI(ex + "graph/a")
	var qs []rdf.Quad
	for i, name := range []string{"Alice", "Bob", "Chloé"} {
		s := rdf.IRI(ex + "p" + string(rune('1'+i)))
		qs = append(qs,
			rdf.Quad{S: s, P: rdf.Type, O: rdf.IRI(ex + "Person"), G: g},
			rdf.Quad{S: s, P: rdf.IRI(ex + "name"), O: rdf.LangString(name, "en"), G: g},
			rdf.Quad{S: s, P: rdf.IRI(ex + "age"), O: rdf.Literal(string(rune('3'+i))+"0", rdf.XSDInteger), G: g},
		)
	}
	if err := st.Update(context.Background(), func(w store.Writer) error {
		for _, q := range qs {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

func server(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	opts.Endpoint = "http://sparql.test/sparql"
	mux.Handle("/sparql", QueryHandler(opts))
	mux.Handle("/sparql/update", UpdateHandler(opts))
	mux.Handle("/rdf-graphs", GraphStoreHandler(opts, ex+"graph/new/"))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, u, ctype, accept, token, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const selectNames = `PREFIX ex: <http://example.org/> SELECT ?name WHERE { ?p ex:name ?name } ORDER BY ?name`

func TestQueryProtocol(t *testing.T) {
	srv := server(t, Options{Store: testStore(t)})
	q := url.Values{"query": {selectNames}}.Encode()
	tests := []struct {
		name, method, path, ctype, accept, body string
		status                                  int
		wantType                                string
		wantIn                                  string
	}{
		{"GET json default", "GET", "/sparql?" + q, "", "", "", 200, "application/sparql-results+json", `"Chloé"`},
		{"GET xml", "GET", "/sparql?" + q, "", "application/sparql-results+xml", "", 200, "application/sparql-results+xml", "<literal xml:lang=\"en\">Bob</literal>"},
		{"GET csv by q-value", "GET", "/sparql?" + q, "", "application/sparql-results+json;q=0.2, text/csv", "", 200, "text/csv", "name\r\nAlice\r\n"},
		{"GET tsv by format", "GET", "/sparql?" + q + "&format=tsv", "", "", "", 200, "text/tab-separated-values", `"Alice"@en`},
		{"POST form", "POST", "/sparql", "application/x-www-form-urlencoded", "application/json", q, 200, "application/sparql-results+json", `"Bob"`},
		{"POST direct", "POST", "/sparql", "application/sparql-query", "", selectNames, 200, "application/sparql-results+json", `"Alice"`},
		{"POST wrong type", "POST", "/sparql", "text/plain", "", selectNames, 415, "text/plain", "application/sparql-query"},
		{"syntax error", "GET", "/sparql?query=SELECT+%3Fx+WHERE+%7B", "", "", "", 400, "text/plain", "line 1"},
		{"two queries", "GET", "/sparql?" + q + "&" + q, "", "", "", 400, "text/plain", "more than one"},
		{"unacceptable", "GET", "/sparql?" + q, "", "image/png", "", 406, "text/plain", "application/sparql-results+json"},
		{"ask json", "GET", "/sparql?query=" + url.QueryEscape("ASK { ?s ?p ?o }"), "", "", "", 200, "application/sparql-results+json", `"boolean":true`},
		{"ask csv refused", "GET", "/sparql?query=" + url.QueryEscape("ASK { ?s ?p ?o }"), "", "text/csv", "", 406, "text/plain", "ASK"},
		{"construct turtle", "GET", "/sparql?query=" + url.QueryEscape("CONSTRUCT { ?s a <http://example.org/Thing> } WHERE { ?s a <http://example.org/Person> }"), "", "", "", 200, "text/turtle", "<http://example.org/Thing>"},
		{"construct ntriples", "GET", "/sparql?query=" + url.QueryEscape("CONSTRUCT WHERE { ?s a ?c }"), "", "application/n-triples", "", 200, "application/n-triples", "<http://example.org/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"},
		{"html page with results", "GET", "/sparql?" + q, "", "text/html", "", 200, "text/html", "<td>Chloé<small>@en</small></td>"},
		{"html page", "GET", "/sparql", "", "text/html,*/*;q=0.8", "", 200, "text/html", "<textarea"},
		{"service description", "GET", "/sparql", "", "text/turtle", "", 200, "text/turtle", "sd:UnionDefaultGraph"},
		{"service description by default", "GET", "/sparql", "", "*/*", "", 200, "text/turtle", "<http://example.org/graph/a>"},
		{"dataset by protocol", "GET", "/sparql?query=" + url.QueryEscape("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") + "&default-graph-uri=" + url.QueryEscape(ex+"graph/none"), "", "text/csv", "", 200, "text/csv", "n\r\n0\r\n"},
		{"bad graph uri", "GET", "/sparql?" + q + "&default-graph-uri=relative", "", "", "", 400, "text/plain", "absolute"},
		{"put not allowed", "PUT", "/sparql", "", "", "", 405, "text/plain", "GET and POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, tt.method, srv.URL+tt.path, tt.ctype, tt.accept, "", tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.wantType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.wantType)
			}
			if !strings.Contains(body, tt.wantIn) {
				t.Errorf("body lacks %q:\n%s", tt.wantIn, body)
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Error("no CORS header")
			}
		})
	}
}

func TestQueryResultsParseBack(t *testing.T) {
	srv := server(t, Options{Store: testStore(t)})
	resp, body := do(t, "GET", srv.URL+"/sparql?"+url.Values{"query": {selectNames}}.Encode(), "", "", "", "")
	if resp.StatusCode != 200 {
		t.Fatal(body)
	}
	res, err := results.Read(strings.NewReader(body), results.JSON)
	if err != nil {
		t.Fatal(err)
	}
	want := &results.Table{Vars: []string{"name"}, Rows: [][]rdf.Term{
		{rdf.LangString("Alice", "en")}, {rdf.LangString("Bob", "en")}, {rdf.LangString("Chloé", "en")}}}
	if err := results.Equivalent(want, &res.Table, true); err != nil {
		t.Error(err)
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(body), &js); err != nil {
		t.Errorf("not JSON: %v", err)
	}
}

func TestLimitsGiveClearErrors(t *testing.T) {
	st := testStore(t)
	srv := server(t, Options{Store: st, MaxRows: 2})
	resp, body := do(t, "GET", srv.URL+"/sparql?"+url.Values{"query": {selectNames}}.Encode(), "", "", "", "")
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "LIMIT") {
		t.Errorf("over the row cap: %d %s", resp.StatusCode, body)
	}
	// A cross product far beyond the work budget stops with its own error.
	srv2 := server(t, Options{Store: st, MaxIntermediateRows: 50})
	cross := `SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`
	resp, body = do(t, "GET", srv2.URL+"/sparql?"+url.Values{"query": {cross}}.Encode(), "", "", "", "")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("over the work budget: %d %s", resp.StatusCode, body)
	}
	srv3 := server(t, Options{Store: st, Timeout: time.Nanosecond})
	resp, body = do(t, "GET", srv3.URL+"/sparql?"+url.Values{"query": {cross}}.Encode(), "", "", "", "")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "timed out") {
		t.Errorf("timeout: %d %s", resp.StatusCode, body)
	}
	srv4 := server(t, Options{Store: st, MaxQueryBytes: 20})
	resp, _ = do(t, "GET", srv4.URL+"/sparql?"+url.Values{"query": {selectNames}}.Encode(), "", "", "", "")
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("query too long: %d", resp.StatusCode)
	}
}

func TestUpdateNeedsToken(t *testing.T) {
	st := testStore(t)
	insert := `INSERT DATA { GRAPH <http://example.org/graph/b> { <http://example.org/x> <http://example.org/name> "X" } }`
	off := server(t, Options{Store: st})
	if resp, _ := do(t, "POST", off.URL+"/sparql/update", "application/sparql-update", "", "secret", insert); resp.StatusCode != 403 {
		t.Errorf("without a configured token: %d, want 403", resp.StatusCode)
	}
	srv := server(t, Options{Store: st, AdminToken: "secret"})
	if resp, _ := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "", insert); resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d, want 401 with WWW-Authenticate", resp.StatusCode)
	}
	if resp, _ := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "wrong", insert); resp.StatusCode != 401 {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	if resp, body := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "secret", insert); resp.StatusCode != 200 {
		t.Fatalf("update: %d %s", resp.StatusCode, body)
	}
	form := url.Values{"update": {`DELETE WHERE { GRAPH <http://example.org/graph/b> { ?s ?p ?o } }`}}.Encode()
	if resp, body := do(t, "POST", srv.URL+"/sparql/update", "application/x-www-form-urlencoded", "", "secret", form); resp.StatusCode != 200 {
		t.Fatalf("form update: %d %s", resp.StatusCode, body)
	}
	// A failing operation rolls back the whole request.
	bad := insert + ` ; CREATE GRAPH <http://example.org/graph/a>`
	if resp, _ := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "secret", bad); resp.StatusCode != 400 {
		t.Errorf("failing update: %d, want 400", resp.StatusCode)
	}
	ask := url.Values{"query": {`ASK { GRAPH <http://example.org/graph/b> { ?s ?p ?o } }`}}.Encode()
	if resp, body := do(t, "GET", srv.URL+"/sparql?"+ask, "", "", "", ""); !strings.Contains(body, `"boolean":false`) {
		t.Logf("status %d", resp.StatusCode)
		t.Errorf("the failed request left data behind: %s", body)
	}
	if resp, _ := do(t, "POST", srv.URL+"/sparql/update", "application/sparql-update", "", "secret", `LOAD <http://example.org/data.ttl>`); resp.StatusCode != 403 {
		t.Errorf("LOAD must be disabled: %d", resp.StatusCode)
	}
}

// TestUpdateProtocolDataset checks using-graph-uri and
// using-named-graph-uri in both request forms, and their refusals.
func TestUpdateProtocolDataset(t *testing.T) {
	srv := server(t, Options{Store: testStore(t), AdminToken: "secret"})
	copyNames := `INSERT { GRAPH <http://example.org/graph/copy> { ?s <http://example.org/name> ?n } } WHERE { ?s <http://example.org/name> ?n }`
	form := url.Values{"update": {copyNames}, "using-graph-uri": {ex + "graph/a"}}.Encode()
	if resp, body := do(t, "POST", srv.URL+"/sparql/update", "application/x-www-form-urlencoded", "", "secret", form); resp.StatusCode != 200 {
		t.Fatalf("form update with using-graph-uri: %d %s", resp.StatusCode, body)
	}
	count := url.Values{"query": {`SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/graph/copy> { ?s ?p ?o } }`}}.Encode()
	if _, body := do(t, "GET", srv.URL+"/sparql?"+count, "", "text/csv", "", ""); body != "n\r\n3\r\n" {
		t.Errorf("names copied from graph/a as the default graph: %q, want 3", body)
	}
	// With graph/a only as a named graph, the default graph of the WHERE
	// clause is empty: nothing is copied.
	direct := srv.URL + "/sparql/update?using-named-graph-uri=" + url.QueryEscape(ex+"graph/a")
	if resp, body := do(t, "POST", direct, "application/sparql-update", "", "secret", strings.ReplaceAll(copyNames, "copy", "copy2")); resp.StatusCode != 200 {
		t.Fatalf("direct update with using-named-graph-uri: %d %s", resp.StatusCode, body)
	}
	ask := url.Values{"query": {`ASK { GRAPH <http://example.org/graph/copy2> { ?s ?p ?o } }`}}.Encode()
	if _, body := do(t, "GET", srv.URL+"/sparql?"+ask, "", "", "", ""); !strings.Contains(body, `"boolean":false`) {
		t.Errorf("an empty default graph matched: %s", body)
	}
	for _, c := range []struct{ name, url, ctype, body, want string }{
		{"USING in the text too", direct, "application/sparql-update", copyNames[:strings.Index(copyNames, "WHERE")] + "USING <http://example.org/graph/a> WHERE { ?s ?p ?n }", "conflict"},
		{"WITH in the text too", direct, "application/sparql-update", `WITH <http://example.org/graph/a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }`, "conflict"},
		{"relative graph IRI", srv.URL + "/sparql/update?using-graph-uri=graph", "application/sparql-update", copyNames, "not an absolute IRI"},
		{"UTF-16 body", srv.URL + "/sparql/update", "application/sparql-update; charset=UTF-16", "\xfe\xff\x00C", "must be UTF-8"},
	} {
		resp, body := do(t, "POST", c.url, c.ctype, "", "secret", c.body)
		if resp.StatusCode/100 != 4 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %q, want a 4xx saying %q", c.name, resp.StatusCode, body, c.want)
		}
	}
}

func TestGraphStore(t *testing.T) {
	st := testStore(t)
	srv := server(t, Options{Store: st, AdminToken: "secret"})
	gsp := srv.URL + "/rdf-graphs?graph=" + url.QueryEscape(ex+"graph/partner")
	ttl := "@prefix ex: <http://example.org/> .\nex:s ex:p \"one\" , \"two\" .\n"

	if resp, _ := do(t, "GET", gsp, "", "", "", ""); resp.StatusCode != 404 {
		t.Errorf("missing graph: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "PUT", gsp, "text/turtle", "", "", ttl); resp.StatusCode != 401 {
		t.Errorf("PUT without token: %d", resp.StatusCode)
	}
	if resp, body := do(t, "PUT", gsp, "text/turtle", "", "secret", ttl); resp.StatusCode != 201 {
		t.Fatalf("PUT new graph: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, "PUT", gsp, "text/turtle", "", "secret", ttl); resp.StatusCode != 204 {
		t.Errorf("PUT existing graph: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "POST", gsp, "application/n-triples", "", "secret", "<http://example.org/s> <http://example.org/p> \"three\" .\n"); resp.StatusCode != 204 {
		t.Errorf("POST merge: %d", resp.StatusCode)
	}
	resp, body := do(t, "GET", gsp, "", "application/n-triples", "", "")
	if resp.StatusCode != 200 {
		t.Fatal(body)
	}
	got, err := rdfio.ParseTriples(strings.NewReader(body), rdfio.NTriples, rdfio.ParseOptions{})
	if err != nil || len(got) != 3 {
		t.Errorf("graph after PUT+POST: %d triples (%v):\n%s", len(got), err, body)
	}
	if resp, _ := do(t, "PUT", gsp, "text/turtle", "", "secret", "this is not turtle"); resp.StatusCode != 400 {
		t.Errorf("broken body: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "PUT", gsp, "application/pdf", "", "secret", "x"); resp.StatusCode != 415 {
		t.Errorf("unknown type: %d", resp.StatusCode)
	}
	// The broken PUT did not change the graph.
	if _, body := do(t, "GET", gsp, "", "application/n-triples", "", ""); strings.Count(body, "\n") != 3 {
		t.Errorf("graph changed by a failed PUT:\n%s", body)
	}
	resp, _ = do(t, "POST", srv.URL+"/rdf-graphs", "text/turtle", "", "secret", ttl)
	if resp.StatusCode != 201 || !strings.HasPrefix(resp.Header.Get("Location"), ex+"graph/new/") {
		t.Errorf("POST to the store: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := do(t, "DELETE", gsp, "", "", "secret", ""); resp.StatusCode != 204 {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "DELETE", gsp, "", "", "secret", ""); resp.StatusCode != 404 {
		t.Errorf("DELETE again: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "GET", srv.URL+"/rdf-graphs?default", "", "text/turtle", "", ""); resp.StatusCode != 200 {
		t.Errorf("GET default graph: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "GET", srv.URL+"/rdf-graphs", "", "", "", ""); resp.StatusCode != 400 {
		t.Errorf("GET without a graph: %d", resp.StatusCode)
	}
}

// TestGraphStoreMultipart: a multipart/form-data POST merges every part
// into the graph; a part in no RDF syntax, or a body over the upload limit,
// is refused and changes nothing.
func TestGraphStoreMultipart(t *testing.T) {
	st := testStore(t)
	srv := server(t, Options{Store: st, AdminToken: "secret", MaxUploadBytes: 2048})
	gsp := srv.URL + "/rdf-graphs?graph=" + url.QueryEscape(ex+"graph/multi")
	body := func(parts ...[2]string) (string, string) {
		var b strings.Builder
		w := multipart.NewWriter(&b)
		for i, p := range parts {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="part%d"; filename="part%d"`, i, i))
			if p[0] != "" {
				h.Set("Content-Type", p[0])
			}
			pw, _ := w.CreatePart(h)
			pw.Write([]byte(p[1]))
		}
		w.Close()
		return w.FormDataContentType(), b.String()
	}
	count := func() string {
		q := url.Values{"query": {`SELECT (COUNT(*) AS ?n) { GRAPH <` + ex + `graph/multi> { ?s ?p ?o } }`}}.Encode()
		_, out := do(t, "GET", srv.URL+"/sparql?"+q, "", "text/csv", "", "")
		return strings.TrimSpace(strings.TrimPrefix(out, "n\r\n"))
	}
	ctype, b := body(
		[2]string{"text/turtle", `<http://example.org/s> <http://example.org/p> "turtle" .`},
		[2]string{"application/n-triples", `<http://example.org/s> <http://example.org/p> "n-triples" .`},
		[2]string{"application/ld+json", `{"@id": "http://example.org/s", "http://example.org/p": "json-ld"}`},
	)
	if resp, out := do(t, "POST", gsp, ctype, "", "secret", b); resp.StatusCode != http.StatusCreated {
		t.Fatalf("multipart POST: %d %s", resp.StatusCode, out)
	}
	if n := count(); n != "3" {
		t.Errorf("%s triples after the multipart POST, want 3", n)
	}
	for _, c := range []struct {
		name   string
		parts  [][2]string
		status int
	}{
		{"a part in no RDF syntax", [][2]string{{"text/turtle", `<http://example.org/s> <http://example.org/p> "more" .`}, {"image/png", "\x89PNG"}}, http.StatusUnsupportedMediaType},
		{"a part with named graphs", [][2]string{{"application/trig", `<http://example.org/g> { <http://example.org/s> <http://example.org/p> "named" . }`}}, http.StatusBadRequest},
		{"a malformed part", [][2]string{{"text/turtle", `<http://example.org/s> <http://example.org/p> "unterminated .`}}, http.StatusBadRequest},
		{"over the upload limit", [][2]string{{"application/n-triples", strings.Repeat(`<http://example.org/s> <http://example.org/p> "padding" .`+"\n", 60)}}, http.StatusRequestEntityTooLarge},
	} {
		ctype, b := body(c.parts...)
		if resp, out := do(t, "POST", gsp, ctype, "", "secret", b); resp.StatusCode != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, resp.StatusCode, out, c.status)
		}
		if n := count(); n != "3" {
			t.Errorf("%s changed the graph: %s triples", c.name, n)
		}
	}
}
