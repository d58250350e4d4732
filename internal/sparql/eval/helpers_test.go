package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"
)

// testData is the dataset of the operator tests, in TriG.
const testData = `
@prefix : <http://ex/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:alice :name "Alice" ; :age 30 ; :knows :bob, :carol ; :mbox <mailto:alice@ex> .
:bob   :name "Bob" ; :age 25 ; :knows :carol .
:carol :name "Carol"@en ; :age "unknown" ; :knows :alice .
:dave  :name "Dave" .
:a :p :b . :b :p :c . :c :p :a . :c :q :d .
:x :next _:n1 . _:n1 :value 1 ; :next _:n2 . _:n2 :value 2 .
:g1 { :alice :likes :tea . :bob :likes :coffee . }
:g2 { :alice :likes :coffee . :carol :likes :tea . :alice :name "Alice" . }
`

// newTestStore returns a memory store holding data (TriG).
func newTestStore(t testing.TB, data string) store.Store {
	t.Helper()
	return fillStore(t, store.NewMemory(), data)
}

// backends are the store implementations the evaluator is tested on.
var backends = []struct {
	name string
	open func(t testing.TB) store.Store
}{
	{"memory", func(testing.TB) store.Store { return store.NewMemory() }},
	{"bbolt", func(t testing.TB) store.Store {
		st, err := store.Open(t.TempDir(), store.WithNoSync())
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
}

// fillStore adds data (TriG) to st and closes st when the test ends.
func fillStore(t testing.TB, st store.Store, data string) store.Store {
	t.Helper()
	quads, err := rdfio.Parse(strings.NewReader(data), rdfio.TriG, rdfio.ParseOptions{Base: "http://ex/"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.Update(context.Background(), func(w store.Writer) error {
		for _, q := range quads {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// snapshot opens a snapshot with id access.
func snapshot(t testing.TB, st store.Store) store.IDReader {
	t.Helper()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return snap.(store.IDReader)
}

// runSelect runs a SELECT query and returns its table.
func runSelect(t testing.TB, r store.IDReader, query string, opts Options) (*results.Table, error) {
	t.Helper()
	q, err := parser.ParseQuery(query, "http://ex/")
	if err != nil {
		t.Fatalf("parse %q: %v", query, err)
	}
	vars, seq, err := Select(context.Background(), r, q, opts)
	if err != nil {
		return nil, err
	}
	tbl := &results.Table{Vars: vars, Rows: [][]rdf.Term{}}
	for row, err := range seq {
		if err != nil {
			return nil, err
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	return tbl, nil
}

// table builds an expected table: vars, then rows of terms in the
// syntax of TSV ("" is unbound).
func table(t testing.TB, vars string, rows ...string) *results.Table {
	t.Helper()
	tbl := &results.Table{Vars: strings.Fields(vars), Rows: [][]rdf.Term{}}
	for _, r := range rows {
		fields := strings.Split(r, "|")
		row := make([]rdf.Term, len(fields))
		for i, f := range fields {
			term, err := results.ParseTerm(strings.TrimSpace(f))
			if err != nil {
				t.Fatalf("term %q: %v", f, err)
			}
			row[i] = term
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	return tbl
}

// storeDefault evaluates against the store's default graph.
var storeDefault = Options{Dataset: optimizer.Dataset{}}

// unionDefault evaluates against the union of all graphs.
var unionDefault = Options{Dataset: optimizer.Dataset{UnionDefaultGraph: true}}
