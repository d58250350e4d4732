package sparql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

const apiData = `
@prefix : <http://ex/> .
:alice :name "Alice" ; :knows :bob .
:bob :name "Bob" .
:src1 { :course1 a :Course ; :title "Digital basics" . }
:src2 { :course2 a :Course ; :title "Coding for women" . :alice :name "Alice" . }
`

func apiStore(t testing.TB) *store.Memory { return storeFrom(t, apiData) }

// storeFrom returns a memory store holding a TriG document, closed when
// the test ends.
func storeFrom(t testing.TB, trig string) *store.Memory {
	t.Helper()
	st := store.NewMemory()
	t.Cleanup(func() { st.Close() })
	if _, err := store.Load(context.Background(), st, rdfio.Quads(strings.NewReader(trig), rdfio.TriG, rdfio.ParseOptions{}), 0); err != nil {
		t.Fatal(err)
	}
	return st
}

const exPrefix = "PREFIX : <http://ex/> "

func selectAll(t *testing.T, st store.Store, query string, opts sparql.Options) [][]rdf.Term {
	t.Helper()
	res, err := sparql.Query(context.Background(), st, exPrefix+query, opts)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := res.Table()
	if err != nil {
		t.Fatal(err)
	}
	return tbl.Rows
}

func TestQueryForms(t *testing.T) {
	st := apiStore(t)
	ctx := context.Background()

	res, err := sparql.Query(ctx, st, exPrefix+`SELECT ?n WHERE { :alice :knows ?p . ?p :name ?n }`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Form != sparql.Select || len(res.Vars) != 1 || res.Vars[0] != "n" {
		t.Fatalf("form %v vars %v", res.Form, res.Vars)
	}
	if !res.Next() || res.Solution()[0] != rdf.String("Bob") || res.Next() {
		t.Errorf("want one solution \"Bob\", got %v (err %v)", res.Solution(), res.Err())
	}
	if err := res.Close(); err != nil || res.Close() != nil {
		t.Error("Close must be idempotent")
	}

	res, err = sparql.Query(ctx, st, exPrefix+`ASK { :alice :knows :bob }`, sparql.Options{})
	if err != nil || res.Form != sparql.Ask || !res.Boolean || res.Next() {
		t.Errorf("ASK: %v %v %v", res, err, res != nil && res.Boolean)
	}

	res, err = sparql.Query(ctx, st, exPrefix+`CONSTRUCT { ?c :label ?t } WHERE { ?c a :Course ; :title ?t }`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := res.Triples()
	if err != nil || len(ts) != 2 {
		t.Errorf("CONSTRUCT: %v %v", ts, err)
	}

	res, err = sparql.Query(ctx, st, exPrefix+`DESCRIBE :course1`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Next() || res.Quad().G != (rdf.Term{}) || res.Triple().S != rdf.IRI("http://ex/course1") {
		t.Errorf("DESCRIBE: %v %v", res.Triple(), res.Err())
	}
	res.Close()
}

func TestDefaultGraphModes(t *testing.T) {
	st := apiStore(t)
	q := `SELECT ?c { ?c a :Course }`
	if rows := selectAll(t, st, q, sparql.Options{}); len(rows) != 2 {
		t.Errorf("union default graph: %d courses, want 2", len(rows))
	}
	if rows := selectAll(t, st, q, sparql.Options{DefaultGraph: sparql.StoreDefaultGraph}); len(rows) != 0 {
		t.Errorf("store default graph: %d courses, want 0", len(rows))
	}
	// A triple in two graphs is one triple of the union.
	if rows := selectAll(t, st, `SELECT ?n { :alice :name ?n }`, sparql.Options{}); len(rows) != 1 {
		t.Errorf("union default graph repeats a triple: %v", rows)
	}
	// The protocol's dataset replaces FROM.
	rows := selectAll(t, st, `SELECT ?c FROM :src1 { ?c a :Course }`, sparql.Options{DefaultGraphs: []string{"http://ex/src2"}})
	if len(rows) != 1 || rows[0][0] != rdf.IRI("http://ex/course2") {
		t.Errorf("default-graph-uri: %v", rows)
	}
	rows = selectAll(t, st, `SELECT ?g { GRAPH ?g { ?c a :Course } }`, sparql.Options{NamedGraphs: []string{"http://ex/src1"}})
	if len(rows) != 1 || rows[0][0] != rdf.IRI("http://ex/src1") {
		t.Errorf("named-graph-uri: %v", rows)
	}
}

func TestSyntaxErrors(t *testing.T) {
	st := apiStore(t)
	_, err := sparql.Query(context.Background(), st, `SELECT ?x WHERE { ?x }`, sparql.Options{})
	var se *sparql.SyntaxError
	if !errors.As(err, &se) || se.Line != 1 {
		t.Errorf("got %v, want a syntax error on line 1", err)
	}
	if err := sparql.Update(context.Background(), st, `INSERT DATA { ?x <http://p> 1 }`, sparql.Options{}); !errors.As(err, &se) {
		t.Errorf("update with a variable in INSERT DATA: got %v, want a syntax error", err)
	}
}

func TestExplain(t *testing.T) {
	st := genStore(t, 500)
	text, err := sparql.Explain(context.Background(), st, genPrefixes+`SELECT ?p ?l { ?p a :Product ; rdfs:label ?l ; :producer pr:1 FILTER NOT EXISTS { ?r :reviewFor ?p } }`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SELECT", "project (?p ?l)", "scan ?p <http://bsbm.example/vocabulary/producer> <http://bsbm.example/producer/1>  [est 50]", "not exists:", "join nested-loop"} {
		if !strings.Contains(text, want) {
			t.Errorf("plan lacks %q:\n%s", want, text)
		}
	}
	// The producer pattern (50 quads) comes before rdf:type (500).
	if strings.Index(text, "producer/1") > strings.Index(text, "rdf-syntax-ns#type") {
		t.Errorf("selective pattern not first:\n%s", text)
	}
	if _, err := sparql.Explain(context.Background(), nil, `SELECT * { ?s ?p ?o }`, sparql.Options{}); err != nil {
		t.Errorf("Explain without a store: %v", err)
	}
}

func TestExplainAnalyze(t *testing.T) {
	st := genStore(t, 500)
	query := genPrefixes + `SELECT ?p ?l { ?p :producer pr:1 ; rdfs:label ?l }`
	res, err := sparql.Query(context.Background(), st, query, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for res.Next() {
		rows++
	}
	res.Close()
	text, err := sparql.ExplainAnalyze(context.Background(), st, query, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")
	find := func(prefix string) string {
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), prefix) {
				return l
			}
		}
		t.Fatalf("no line %q in\n%s", prefix, text)
		return ""
	}
	for _, tc := range []struct{ line, want string }{
		{"project", fmt.Sprintf("[actual %d]", rows)},
		{"scan ?p <http://bsbm.example/vocabulary/producer>", fmt.Sprintf("[actual %d]", rows)},
		{"scan ?p <http://www.w3.org/2000/01/rdf-schema#label>", fmt.Sprintf("[actual %d in %d runs, 1 per run]", rows, rows)},
	} {
		if l := find(tc.line); !strings.Contains(l, tc.want) {
			t.Errorf("%s: want %q in\n%s", tc.line, tc.want, text)
		}
	}
	if rows == 0 {
		t.Fatal("the query has no solutions; the test data changed")
	}
}
