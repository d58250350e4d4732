package sparql_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const w3cDir = "../../../shared/w3c/sparql"

var (
	w3cWrite = flag.Bool("w3c.write", false, "rewrite the table in CONFORMANCE.md from this run")
	w3cOnly  = flag.String("w3c.only", "", "run only the W3C tests whose IRI or name contains this")
)

func w3cRoot(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(w3cDir); err != nil {
		testsupport.Missing(t, "W3C SPARQL test suites not found at %s (the shared data folder is absent): %v", w3cDir, err)
	}
	return w3cDir
}

// outcome of one test.
type outcome struct {
	test   w3cTest
	status string // "pass", "fail", "skip"
	detail string
}

// TestW3C runs the W3C SPARQL 1.0 and 1.1 test suites through the engine:
// every evaluation test (queries, updates, CSV/TSV result formats) and
// every syntax test, through Query and Update. It fails if a test that is
// not on the skip list (w3cSkips) fails, and if a listed test passes (so
// that the list stays true).
func TestW3C(t *testing.T) {
	root := w3cRoot(t)
	var tests []w3cTest
	for _, suite := range []string{"sparql11", "sparql10"} {
		manifests, err := filepath.Glob(filepath.Join(root, suite, "*", "manifest.ttl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range manifests {
			ts, err := readManifest(m, root)
			if err != nil {
				t.Fatal(err)
			}
			tests = append(tests, ts...)
		}
	}
	if len(tests) < 500 {
		t.Fatalf("only %d tests found under %s", len(tests), root)
	}
	var outcomes []outcome
	for _, tc := range tests {
		if *w3cOnly != "" && !strings.Contains(tc.IRI, *w3cOnly) && !strings.Contains(tc.Name, *w3cOnly) {
			continue
		}
		o := outcome{test: tc}
		if reason := skipReason(tc); reason != "" {
			o.status, o.detail = "skip", reason
		} else if err := runW3CTest(tc); err != nil {
			o.status, o.detail = "fail", err.Error()
		} else {
			o.status = "pass"
		}
		if reason, listed := w3cKnownFailures[tc.IRI]; listed {
			switch o.status {
			case "fail":
				o.status, o.detail = "skip", reason
			case "pass":
				t.Errorf("%s (%s) passes but is listed in w3cKnownFailures: remove it", tc.Name, tc.IRI)
			}
		}
		if o.status == "fail" {
			t.Errorf("%s [%s] (%s):\n%s", tc.Name, tc.Dir, tc.IRI, o.detail)
		}
		outcomes = append(outcomes, o)
	}
	table := conformanceTable(outcomes)
	t.Log("\n" + table)
	if *w3cWrite {
		if err := writeConformance(table, outcomes); err != nil {
			t.Fatal(err)
		}
	}
}

// skipReason returns why a test is not run, or "".
func skipReason(tc w3cTest) string {
	switch {
	case tc.Approval == "Withdrawn":
		return "withdrawn by the working group"
	case tc.Type == "ProtocolTest":
		return "HTTP protocol test: run against the endpoint by publisher/sparqlhttp's TestW3CProtocol (all pass)"
	case tc.Type == "GraphStoreProtocolTest":
		return "Graph Store Protocol test: deprecated by the working group in favour of graph-store-protocol/, which publisher/sparqlhttp's TestW3CGraphStore runs (all pass)"
	case tc.Type == "ServiceDescriptionTest":
		return "service description test: the manifest names it only; publisher/sparqlhttp's TestW3CServiceDescription checks what it names (passes)"
	case strings.HasPrefix(tc.Dir, "sparql11/entailment"):
		return "entailment regimes (RDFS, OWL, RIF, D-entailment) are not supported: the engine uses simple entailment"
	}
	return ""
}

func runW3CTest(tc w3cTest) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	switch tc.Type {
	case "PositiveSyntaxTest", "PositiveSyntaxTest11", "NegativeSyntaxTest", "NegativeSyntaxTest11",
		"PositiveUpdateSyntaxTest11", "NegativeUpdateSyntaxTest11":
		return runSyntaxTest(tc)
	case "QueryEvaluationTest", "CSVResultFormatTest":
		return runQueryTest(tc)
	case "UpdateEvaluationTest":
		return runUpdateTest(tc)
	}
	return fmt.Errorf("unknown test type %q", tc.Type)
}

func testContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 20*time.Second)
}

// runSyntaxTest checks that a positive test runs without a syntax error
// (over an empty store) and a negative one fails with one.
func runSyntaxTest(tc w3cTest) error {
	text, err := os.ReadFile(tc.Query)
	if err != nil {
		return err
	}
	ctx, cancel := testContext()
	defer cancel()
	st := store.NewMemory()
	defer st.Close()
	opts := sparql.Options{Base: fileURL(tc.Query), DefaultGraph: sparql.StoreDefaultGraph}
	update := strings.Contains(tc.Type, "Update") || strings.HasSuffix(tc.Query, ".ru")
	if update {
		err = sparql.Update(ctx, st, string(text), opts)
	} else {
		var res *sparql.Result
		res, err = sparql.Query(ctx, st, string(text), opts)
		if err == nil {
			for res.Next() {
			}
			err = res.Err()
			res.Close()
		}
	}
	var se *sparql.SyntaxError
	isSyntax := errors.As(err, &se)
	if strings.HasPrefix(tc.Type, "Positive") && isSyntax {
		return fmt.Errorf("valid text rejected: %v", err)
	}
	if strings.HasPrefix(tc.Type, "Negative") && !isSyntax {
		return fmt.Errorf("invalid text accepted (error: %v)", err)
	}
	return nil
}

// loadFile adds the RDF file at path to graph g of st.
func loadFile(ctx context.Context, st store.Store, path string, g rdf.Term) error {
	f, ok := rdfio.ByExtension(path)
	if !ok {
		return fmt.Errorf("no RDF format for %s", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	quads, err := rdfio.Parse(file, f, rdfio.ParseOptions{Base: fileURL(path)})
	if err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return st.Update(ctx, func(w store.Writer) error {
		if !g.IsZero() {
			if _, ok := w.GraphInfo(g); !ok {
				if err := w.CreateGraph(g); err != nil {
					return err
				}
			}
		}
		for _, q := range quads {
			q.G = g
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
}

// readRDF reads the triples of an RDF file.
func readRDF(path string) ([]rdf.Triple, error) {
	f, ok := rdfio.ByExtension(path)
	if !ok {
		return nil, fmt.Errorf("no RDF format for %s", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return rdfio.ParseTriples(file, f, rdfio.ParseOptions{Base: fileURL(path)})
}

// testInput loads a test's data and named graphs into a fresh store and
// reads its query or update text.
func testInput(ctx context.Context, tc w3cTest) (*store.Memory, []byte, error) {
	text, err := os.ReadFile(tc.Query)
	if err != nil {
		return nil, nil, err
	}
	st := store.NewMemory()
	for _, d := range tc.Data {
		if err := loadFile(ctx, st, d, rdf.Term{}); err != nil {
			st.Close()
			return nil, nil, err
		}
	}
	for _, gd := range tc.GraphData {
		if err := loadFile(ctx, st, gd.Path, rdf.IRI(gd.Name)); err != nil {
			st.Close()
			return nil, nil, err
		}
	}
	return st, text, nil
}

func runQueryTest(tc w3cTest) error {
	ctx, cancel := testContext()
	defer cancel()
	st, text, err := testInput(ctx, tc)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := sparql.Options{Base: fileURL(tc.Query), DefaultGraph: sparql.StoreDefaultGraph}
	p, err := sparql.Prepare(string(text), opts)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	// FROM and FROM NAMED name files: load each into the graph it names.
	if ds := p.Algebra().Dataset; ds != nil {
		for _, iri := range append(slices.Clone(ds.Default), ds.Named...) {
			if path := localPath(iri); path != "" {
				if _, ok := graphInfo(ctx, st, rdf.IRI(iri)); !ok {
					if err := loadFile(ctx, st, path, rdf.IRI(iri)); err != nil {
						return err
					}
				}
			}
		}
	}
	if len(tc.ServiceData) > 0 {
		svc, closeAll, err := serviceEndpoints(ctx, tc.ServiceData)
		if err != nil {
			return err
		}
		defer closeAll()
		opts.Service = svc
	}
	res, err := p.Exec(ctx, st, opts)
	if err != nil {
		return fmt.Errorf("execute: %w", err)
	}
	defer res.Close()
	ordered := hasTopOrder(p.Algebra().Pattern)
	switch res.Form {
	case sparql.Construct, sparql.Describe:
		got, err := res.Triples()
		if err != nil {
			return fmt.Errorf("execute: %w", err)
		}
		want, err := readRDF(tc.Result)
		if err != nil {
			return err
		}
		if !rdf.Isomorphic(want, got) {
			return fmt.Errorf("graphs differ\nwant:\n%s\ngot:\n%s", ntriples(want), ntriples(got))
		}
		return nil
	}
	got, err := res.Table()
	if err != nil {
		return fmt.Errorf("execute: %w", err)
	}
	want, err := readExpected(tc.Result)
	if err != nil {
		return err
	}
	switch filepath.Ext(tc.Result) {
	case ".csv":
		// Write our result as CSV, as a CSV endpoint would, and compare
		// what a reader gets back.
		var buf bytes.Buffer
		if err := results.WriteTable(&buf, results.CSV, &got.Table); err != nil {
			return err
		}
		back, err := results.Read(&buf, results.CSV)
		if err != nil {
			return fmt.Errorf("read our CSV back: %w", err)
		}
		return results.EquivalentCSV(&want.Table, &back.Table, ordered)
	case ".tsv":
		var buf bytes.Buffer
		if err := results.WriteTable(&buf, results.TSV, &got.Table); err != nil {
			return err
		}
		back, err := results.Read(&buf, results.TSV)
		if err != nil {
			return fmt.Errorf("read our TSV back: %w", err)
		}
		return results.EquivalentResults(want, back, compareOptions(ordered))
	}
	if tc.Lax {
		if len(got.Rows) > len(want.Rows) {
			return fmt.Errorf("%d solutions, more than the %d expected", len(got.Rows), len(want.Rows))
		}
		want.Rows, got.Rows = distinctRows(want.Rows), distinctRows(got.Rows)
	}
	return results.EquivalentResults(want, got, compareOptions(ordered))
}

// distinctRows drops repeated rows (for lax cardinality).
func distinctRows(rows [][]rdf.Term) [][]rdf.Term {
	seen := map[string]bool{}
	var out [][]rdf.Term
	for _, r := range rows {
		k := fmt.Sprint(r)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

func graphInfo(ctx context.Context, st store.Store, g rdf.Term) (store.GraphInfo, bool) {
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return store.GraphInfo{}, false
	}
	defer snap.Close()
	return snap.GraphInfo(g)
}

// compareOptions compares solutions as bags (or sequences for ORDER BY),
// numbers and booleans by value: the expected results of the suite write
// computed numbers in non-canonical forms ("6"^^xsd:double where the
// engine writes the canonical "6.0E0").
func compareOptions(ordered bool) results.Options {
	return results.Options{Ordered: ordered, Normalize: funcs.CanonicalTerm}
}

// readExpected reads an expected SELECT or ASK result: a result document,
// or an RDF graph in the result-set vocabulary.
func readExpected(path string) (*results.Result, error) {
	if _, ok := results.ByExtension(filepath.Ext(path)); ok {
		return results.ReadFile(path)
	}
	ts, err := readRDF(path)
	if err != nil {
		return nil, err
	}
	return results.FromResultSetGraph(rdf.NewGraph(ts...))
}

// hasTopOrder reports whether the query orders its solutions.
func hasTopOrder(p algebra.Pattern) bool {
	for {
		switch x := p.(type) {
		case *algebra.Slice:
			p = x.Pattern
		case *algebra.Distinct:
			p = x.Pattern
		case *algebra.Reduced:
			p = x.Pattern
		case *algebra.Project:
			p = x.Pattern
		case *algebra.OrderBy:
			return true
		default:
			return false
		}
	}
}

func ntriples(ts []rdf.Triple) string {
	lines := make([]string, len(ts))
	for i, t := range ts {
		lines[i] = t.String()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func runUpdateTest(tc w3cTest) error {
	ctx, cancel := testContext()
	defer cancel()
	st, text, err := testInput(ctx, tc)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := sparql.Options{Base: fileURL(tc.Query), DefaultGraph: sparql.StoreDefaultGraph}
	if err := sparql.Update(ctx, st, string(text), opts); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	want := store.NewMemory()
	defer want.Close()
	for _, d := range tc.PostData {
		if err := loadFile(ctx, want, d, rdf.Term{}); err != nil {
			return err
		}
	}
	for _, gd := range tc.PostGraphs {
		if err := loadFile(ctx, want, gd.Path, rdf.IRI(gd.Name)); err != nil {
			return err
		}
	}
	wq, err := allQuads(ctx, want)
	if err != nil {
		return err
	}
	gq, err := allQuads(ctx, st)
	if err != nil {
		return err
	}
	if !rdf.IsomorphicQuads(wq, gq) {
		return fmt.Errorf("datasets differ\nwant:\n%s\ngot:\n%s", nquads(wq), nquads(gq))
	}
	return nil
}

func allQuads(ctx context.Context, st store.Store) ([]rdf.Quad, error) {
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(ctx, store.Pattern{AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

func nquads(qs []rdf.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = q.String()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// serviceEndpoints starts one loopback SPARQL endpoint per qt:serviceData
// (our own engine over that data) and returns service options whose HTTP
// client sends each endpoint IRI's requests to its server.
func serviceEndpoints(ctx context.Context, sds []serviceData) (*sparql.ServiceOptions, func(), error) {
	servers := map[string]*httptest.Server{}
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	opts := &sparql.ServiceOptions{}
	for _, sd := range sds {
		st := store.NewMemory()
		closers = append(closers, func() { st.Close() })
		for _, d := range sd.Data {
			if err := loadFile(ctx, st, d, rdf.Term{}); err != nil {
				closeAll()
				return nil, nil, err
			}
		}
		// The endpoints may call each other (a SERVICE nested in a
		// SERVICE pattern), with the same options.
		srv := httptest.NewServer(endpointHandler(st, opts))
		closers = append(closers, srv.Close)
		servers[sd.Endpoint] = srv
		opts.Allow = append(opts.Allow, sd.Endpoint)
	}
	opts.Client = &http.Client{Transport: rewriteTransport{servers: servers}}
	return opts, closeAll, nil
}

// rewriteTransport sends a request for an endpoint IRI to its loopback
// test server.
type rewriteTransport struct {
	servers map[string]*httptest.Server
}

func (rt rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	endpoint := req.URL.String()
	srv, ok := rt.servers[endpoint]
	if !ok {
		return nil, fmt.Errorf("no test endpoint for %s", endpoint)
	}
	u, err := url.Parse(srv.URL)
	if err != nil {
		return nil, err
	}
	r2 := req.Clone(req.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = u.Scheme, u.Host, u.Host
	return http.DefaultTransport.RoundTrip(r2)
}

// endpointHandler is a minimal SPARQL Protocol query endpoint over st for
// the tests (POST form or GET), answering in SPARQL JSON.
func endpointHandler(st store.Store, svc *sparql.ServiceOptions) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		res, err := sparql.Query(r.Context(), st, r.Form.Get("query"), sparql.Options{DefaultGraph: sparql.StoreDefaultGraph, Service: svc})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		tbl, err := res.Table()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", results.JSON.ContentType())
		if tbl.IsBoolean() {
			_ = results.WriteBoolean(w, results.JSON, *tbl.Boolean)
			return
		}
		_ = results.WriteTable(w, results.JSON, &tbl.Table)
	})
}
