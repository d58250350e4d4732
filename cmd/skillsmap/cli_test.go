package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
)

// run executes the skillsmap command line in-process.
func run(t *testing.T, args ...string) (stdout string, err error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err = cmd.ExecuteContext(context.Background())
	return out.String(), err
}

const people = `@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:knows ex:bob .
ex:bob ex:name "Bob" .
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestQueryOverFiles(t *testing.T) {
	data := writeFile(t, "people.ttl", people)
	named := writeFile(t, "extra.nt", "<http://example.org/carol> <http://example.org/name> \"Carol\" .\n")
	q := `PREFIX ex: <http://example.org/> SELECT ?name WHERE { ?p ex:name ?name } ORDER BY ?name`
	out, err := run(t, "query", "--data", data, q)
	if err != nil {
		t.Fatal(err)
	}
	if out != "?name\n\"Alice\"\n\"Bob\"\n" {
		t.Errorf("TSV output:\n%q", out)
	}
	// Named graphs are reachable through GRAPH, not in the default graph.
	out, err = run(t, "query", "--data", data, "--named", "http://example.org/g="+named, "--format", "csv",
		`SELECT ?g ?name WHERE { GRAPH ?g { ?p <http://example.org/name> ?name } }`)
	if err != nil || out != "g,name\r\nhttp://example.org/g,Carol\r\n" {
		t.Errorf("named graph: %v\n%q", err, out)
	}
	out, err = run(t, "query", "--data", data, "ASK { <http://example.org/alice> ?p ?o }")
	if err != nil || !strings.Contains(out, `"boolean":true`) {
		t.Errorf("ASK: %v %q", err, out)
	}
	out, err = run(t, "query", "--data", data, "--format", "ntriples",
		`CONSTRUCT { ?b <http://example.org/knownBy> ?a } WHERE { ?a <http://example.org/knows> ?b }`)
	if err != nil || out != "<http://example.org/bob> <http://example.org/knownBy> <http://example.org/alice> .\n" {
		t.Errorf("CONSTRUCT: %v %q", err, out)
	}
	qf := writeFile(t, "q.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
	if out, err := run(t, "query", "--data", data, "--file", qf, "--format", "csv"); err != nil || out != "n\r\n3\r\n" {
		t.Errorf("--file: %v %q", err, out)
	}
}

func TestQueryExplain(t *testing.T) {
	data := writeFile(t, "people.ttl", people)
	out, err := run(t, "query", "--data", data, "--explain",
		`PREFIX ex: <http://example.org/> SELECT ?n WHERE { ?a ex:knows ?b . ?b ex:name ?n }`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SELECT\n",
		"scan ?a <http://example.org/knows> ?b  [est 1]  [actual 1]",
		"scan ?b <http://example.org/name> ?n  [est 1]  [actual 1]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Bob") {
		t.Errorf("--explain printed the result:\n%s", out)
	}
}

func TestQueryErrors(t *testing.T) {
	data := writeFile(t, "people.ttl", people)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"syntax error", []string{"query", "--data", data, "SELECT ?x WHERE {"}, "line 1"},
		{"no query", []string{"query", "--data", data}, "no query"},
		{"both query and file", []string{"query", "--data", data, "--file", data, "ASK {}"}, "not both"},
		{"bad format", []string{"query", "--data", data, "--format", "pdf", "SELECT * WHERE {}"}, "--format"},
		{"ask as csv", []string{"query", "--data", data, "--format", "csv", "ASK {}"}, "ASK"},
		{"unknown extension", []string{"query", "--data", writeFile(t, "x.dat", ""), "ASK {}"}, "extension"},
		{"broken data", []string{"query", "--data", writeFile(t, "bad.ttl", "<a> <b> ."), "ASK {}"}, "bad.ttl"},
		{"bad named", []string{"query", "--named", "relative=" + data, "ASK {}"}, "IRI=FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestLoadExportQueryStore(t *testing.T) {
	dataDir := t.TempDir()
	data := writeFile(t, "people.ttl", people)
	out, err := run(t, "load", "--data", dataDir, "--graph", "http://example.org/graph/people", data)
	if err != nil || !strings.Contains(out, "3 quads into 1 graph") {
		t.Fatalf("load: %v %q", err, out)
	}
	// Loading again replaces the graph rather than adding to it.
	if _, err := run(t, "load", "--data", dataDir, "--graph", "http://example.org/graph/people", data); err != nil {
		t.Fatal(err)
	}
	// A file that does not parse changes nothing.
	if _, err := run(t, "load", "--data", dataDir, "--graph", "http://example.org/graph/people", writeFile(t, "bad.ttl", "<a> .")); err == nil {
		t.Error("a broken file was loaded")
	}
	out, err = run(t, "export", "--data", dataDir, "--graph", "http://example.org/graph/people", "--format", "ntriples")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := rdfio.ParseTriples(strings.NewReader(out), rdfio.NTriples, rdfio.ParseOptions{})
	if err != nil || len(ts) != 3 {
		t.Errorf("export: %d triples (%v):\n%s", len(ts), err, out)
	}
	// A query over the store sees the union of all its graphs.
	out, err = run(t, "query", "--store", dataDir, "--format", "csv",
		`SELECT ?name WHERE { <http://example.org/alice> <http://example.org/name> ?name }`)
	if err != nil || out != "name\r\nAlice\r\n" {
		t.Errorf("query over the store: %v %q", err, out)
	}
	if _, err := run(t, "query", "--data", dataDir+"/none.ttl", "ASK {}"); err == nil {
		t.Error("a missing --data file was accepted")
	}
	out, err = run(t, "export", "--data", dataDir, "--format", "nquads")
	if err != nil || !strings.Contains(out, "<http://example.org/graph/people>") || !strings.Contains(out, "/graph/ontology>") {
		t.Errorf("full export lacks the loaded graph or the vocabulary: %v", err)
	}
	out, err = run(t, "validate", "--data", dataDir)
	if err != nil || !strings.Contains(out, "store: ok") {
		t.Errorf("validate: %v %q", err, out)
	}
	// Replacing the graph left "Alice" and "Bob" in the dictionary only if
	// nothing uses them; loading other data makes them unused.
	other := writeFile(t, "other.nt", "<http://example.org/x> <http://example.org/y> \"z\" .\n")
	if _, err := run(t, "load", "--data", dataDir, "--graph", "http://example.org/graph/people", other); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, "validate", "--data", dataDir, "--compact")
	if err != nil || !strings.Contains(out, "unused terms removed") || strings.Contains(out, " 0 unused") {
		t.Errorf("validate --compact: %v %q", err, out)
	}
}

// TestQueryAndExportOnlyRead checks that query and export open the store
// read-only: a store written by another program (here without the
// vocabulary graphs a writable open adds) keeps its file byte for byte.
func TestQueryAndExportOnlyRead(t *testing.T) {
	dataDir := t.TempDir()
	db, err := store.Open(filepath.Join(dataDir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	g := rdf.IRI("http://example.org/graph/people")
	err = store.ReplaceGraph(context.Background(), db, g, []rdf.Triple{{S: rdf.IRI("http://example.org/alice"), P: rdf.IRI("http://example.org/name"), O: rdf.String("Alice")}})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	storeFile := filepath.Join(dataDir, "store", store.FileName)
	before, err := os.ReadFile(storeFile)
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "query", "--store", dataDir, "--format", "csv", `SELECT ?name WHERE { ?s <http://example.org/name> ?name }`)
	if err != nil || out != "name\r\nAlice\r\n" {
		t.Errorf("query: %v %q", err, out)
	}
	out, err = run(t, "export", "--data", dataDir, "--format", "nquads")
	if err != nil || strings.Count(out, "\n") != 1 {
		t.Errorf("export: %v %q, want the one quad", err, out)
	}
	if after, err := os.ReadFile(storeFile); err != nil || !bytes.Equal(after, before) {
		t.Errorf("query or export changed the store's file (%v)", err)
	}
	if _, err := run(t, "query", "--store", t.TempDir(), "ASK {}"); err == nil || !strings.Contains(err.Error(), "no store in") {
		t.Errorf("query of a data directory without a store: %v", err)
	}
}
