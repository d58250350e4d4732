package sparqlhttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// protocolSuite is the W3C SPARQL 1.1 Protocol test suite, used in place
// from the shared data folder.
const protocolSuite = "../../../shared/w3c/sparql/sparql11/protocol/manifest.ttl"

// Vocabulary of the protocol manifest.
const (
	mfNS  = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	htNS  = "http://www.w3.org/2011/http#"
	htsNS = "http://www.w3.org/2011/http-statusCodes#"
	cntNS = "http://www.w3.org/2011/content#"
	utNS  = "http://www.w3.org/2009/sparql/tests/test-update#"
)

// TestW3CProtocol runs every test of the W3C SPARQL 1.1 Protocol suite as
// the HTTP exchange it describes, against the query and update handlers
// over a fresh store holding the test's graphs. The manifest addresses one
// path, /sparql/; as it allows, requests that carry an update (an
// application/sparql-update body, or an update parameter) go to the update
// handler and the rest to the query handler, as /sparql and /sparql/update
// do in the server.
func TestW3CProtocol(t *testing.T) {
	abs, err := filepath.Abs(protocolSuite)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(abs)
	if err != nil {
		testsupport.Missing(t, "W3C SPARQL Protocol tests not found at %s (the shared data folder is absent): %v", protocolSuite, err)
	}
	f.Close()
	m, entries := readManifest(t, abs)
	if len(entries) < 30 {
		t.Fatalf("manifest lists %d tests, want the suite's 34", len(entries))
	}
	passed := 0
	for _, entry := range entries {
		name := m.one(entry, mfNS+"name").Value
		ok := t.Run(name, func(t *testing.T) { runProtocolTest(t, m, entry) })
		if ok {
			passed++
		}
	}
	t.Logf("W3C SPARQL 1.1 Protocol: %d / %d pass", passed, len(entries))
}

// readManifest reads a test manifest and lists its entries.
func readManifest(t *testing.T, path string) (*manifestGraph, []rdf.Term) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	quads, err := rdfio.Parse(f, rdfio.Turtle, rdfio.ParseOptions{Base: "file://" + path})
	if err != nil {
		t.Fatalf("manifest %s: %v", path, err)
	}
	m := newManifestGraph(quads)
	return m, m.list(m.one(rdf.IRI("file://"+path), mfNS+"entries"))
}

func runProtocolTest(t *testing.T, m *manifestGraph, entry rdf.Term) {
	st := store.NewMemory()
	defer st.Close()
	for _, gd := range m.all(entry, utNS+"graphData") {
		file := strings.TrimPrefix(m.one(gd, utNS+"graph").Value, "file://")
		graph := rdf.IRI(m.one(gd, rdf.NSRDFS+"label").Value)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		triples, err := rdfio.ParseTriples(bytes.NewReader(data), rdfio.NTriples, rdfio.ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := st.Update(context.Background(), func(w store.Writer) error {
			for _, tr := range triples {
				if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: graph}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	const token = "protocol-test-token"
	opts := Options{Store: st, AdminToken: token, Endpoint: "http://www.example/sparql/", Base: "http://www.example/sparql/"}
	query, update := QueryHandler(opts), UpdateHandler(opts)
	action := m.one(entry, mfNS+"action")
	for i, req := range m.list(m.one(action, htNS+"requests")) {
		r := protocolRequest(t, m, req, strings.NewReplacer())
		if isUpdateRequest(r) {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		if isUpdateRequest(r) {
			update.ServeHTTP(rec, r)
		} else {
			query.ServeHTTP(rec, r)
		}
		checkProtocolResponse(t, m, m.one(req, htNS+"resp"), rec.Result(), fmt.Sprintf("request %d (%s %s)", i+1, r.Method, r.URL))
	}
}

// protocolRequest builds the HTTP request a test describes; a body in
// another character encoding than UTF-8 is encoded in it.
func protocolRequest(t *testing.T, m *manifestGraph, req rdf.Term, vars *strings.Replacer) *http.Request {
	t.Helper()
	var body []byte
	if b := m.one(req, htNS+"body"); !b.IsZero() {
		chars := vars.Replace(m.one(b, cntNS+"chars").Value)
		switch enc := strings.ToUpper(m.one(b, cntNS+"characterEncoding").Value); enc {
		case "", "UTF-8":
			body = []byte(chars)
		case "UTF-16":
			body = []byte{0xFE, 0xFF}
			for _, u := range utf16.Encode([]rune(chars)) {
				body = append(body, byte(u>>8), byte(u))
			}
		default:
			t.Fatalf("body in unknown encoding %s", enc)
		}
	}
	target := "http://www.example" + vars.Replace(m.one(req, htNS+"absolutePath").Value)
	r := httptest.NewRequest(m.one(req, htNS+"methodName").Value, target, bytes.NewReader(body))
	for _, h := range m.list(m.one(req, htNS+"headers")) {
		r.Header.Add(m.one(h, htNS+"fieldName").Value, m.one(h, htNS+"fieldValue").Value)
	}
	return r
}

// isUpdateRequest reports whether r carries an update rather than a query:
// the routing the manifest leaves to the endpoint under test.
func isUpdateRequest(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/sparql-update" || r.URL.Query().Has("update") {
		return true
	}
	if mt != "application/x-www-form-urlencoded" || r.Body == nil {
		return false
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Has("update")
}

// checkProtocolResponse compares a response with the test's expectations:
// the status class, the format of the result and an ASK answer.
func checkProtocolResponse(t *testing.T, m *manifestGraph, want rdf.Term, resp *http.Response, what string) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	checkStatus(t, m, want, resp, body, what)
	format := m.one(want, mfNS+"expectedFormat").Value
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch format {
	case "":
	case "boolean", "tabular":
		rf, ok := results.ByMediaType(ctype)
		if !ok {
			t.Fatalf("%s: Content-Type %q is not a SPARQL results format", what, ctype)
		}
		res, err := results.Read(bytes.NewReader(body), rf)
		if err != nil {
			t.Fatalf("%s: read %s result: %v\n%s", what, ctype, err, body)
		}
		if (format == "boolean") != res.IsBoolean() {
			t.Fatalf("%s: got a %s result, want %s", what, map[bool]string{true: "boolean", false: "tabular"}[res.IsBoolean()], format)
		}
		if b := m.one(want, mfNS+"expectedBoolean"); !b.IsZero() && fmt.Sprint(*res.Boolean) != b.Value {
			t.Fatalf("%s: ASK answered %v, want %s", what, *res.Boolean, b.Value)
		}
	case "RDF":
		// The test names RDF/XML, Turtle, N-Triples and RDFa; a client that
		// asks for nothing may be given any of them.
		rf, ok := rdfio.ByMediaType(ctype)
		if !ok || !slices.Contains([]rdfio.Format{rdfio.RDFXML, rdfio.Turtle, rdfio.NTriples}, rf) {
			t.Fatalf("%s: Content-Type %q, want RDF/XML, Turtle or N-Triples", what, ctype)
		}
		if _, err := rdfio.Parse(bytes.NewReader(body), rf, rdfio.ParseOptions{Base: "http://www.example/sparql/"}); err != nil {
			t.Fatalf("%s: parse %s: %v\n%s", what, ctype, err, body)
		}
	default:
		t.Fatalf("%s: unknown expected format %q", what, format)
	}
}

// statusCodes are the named codes of the HTTP status vocabulary that the
// suites use; hts:StatusCode2xx and the like name classes.
var statusCodes = map[string]int{"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}

// checkStatus fails unless the response's status is one the test allows.
func checkStatus(t *testing.T, m *manifestGraph, want rdf.Term, resp *http.Response, body []byte, what string) {
	t.Helper()
	var allowed []string
	for _, st := range m.all(want, mfNS+"expectedStatus") {
		name := strings.TrimPrefix(st.Value, htsNS)
		allowed = append(allowed, name)
		if class, ok := strings.CutPrefix(name, "StatusCode"); ok && class == fmt.Sprintf("%dxx", resp.StatusCode/100) {
			return
		}
		if code, ok := statusCodes[name]; ok && code == resp.StatusCode {
			return
		}
		if _, ok := statusCodes[name]; !ok && !strings.HasPrefix(name, "StatusCode") {
			t.Fatalf("%s: unknown expected status %s", what, name)
		}
	}
	t.Fatalf("%s: status %d, want one of %v\n%s", what, resp.StatusCode, allowed, body)
}

// manifestGraph indexes a manifest's triples by subject and predicate.
type manifestGraph struct {
	props map[rdf.Term]map[string][]rdf.Term
}

func newManifestGraph(quads []rdf.Quad) *manifestGraph {
	m := &manifestGraph{props: map[rdf.Term]map[string][]rdf.Term{}}
	for _, q := range quads {
		if m.props[q.S] == nil {
			m.props[q.S] = map[string][]rdf.Term{}
		}
		p := q.P.Value
		m.props[q.S][p] = append(m.props[q.S][p], q.O)
	}
	return m
}

// one is the single value of s's property p, or the zero Term.
func (m *manifestGraph) one(s rdf.Term, p string) rdf.Term {
	if vs := m.props[s][p]; len(vs) > 0 {
		return vs[0]
	}
	return rdf.Term{}
}

// all are the values of s's property p.
func (m *manifestGraph) all(s rdf.Term, p string) []rdf.Term { return m.props[s][p] }

// list reads the RDF collection whose head is head.
func (m *manifestGraph) list(head rdf.Term) []rdf.Term {
	var out []rdf.Term
	for !head.IsZero() && head != rdf.IRI(rdf.NSRDF+"nil") && len(out) < 1000 {
		out = append(out, m.one(head, rdf.NSRDF+"first"))
		head = m.one(head, rdf.NSRDF+"rest")
	}
	return out
}
