package sparql_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

func countQuads(t *testing.T, st store.Store, query string) int {
	t.Helper()
	rows := selectAll(t, st, "SELECT (COUNT(*) AS ?n) { "+query+" }", sparql.Options{})
	var n int
	fmt.Sscan(rows[0][0].Value, &n)
	return n
}

func TestUpdateIsAtomic(t *testing.T) {
	st := apiStore(t)
	before := countQuads(t, st, "?s ?p ?o")
	err := sparql.Update(context.Background(), st, exPrefix+`
		INSERT DATA { :new :p 1 } ;
		DELETE WHERE { :alice ?p ?o } ;
		DROP GRAPH :missing`, sparql.Options{})
	if !errors.Is(err, sparql.ErrNoSuchGraph) {
		t.Fatalf("got %v, want ErrNoSuchGraph", err)
	}
	if after := countQuads(t, st, "?s ?p ?o"); after != before {
		t.Errorf("a failed request changed the store: %d quads, was %d", after, before)
	}
}

func TestUpdateGraphManagement(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, update string
		err          error
	}{
		{"create existing", `CREATE GRAPH :src1`, sparql.ErrGraphExists},
		{"create existing silent", `CREATE SILENT GRAPH :src1`, nil},
		{"create new", `CREATE GRAPH :new`, nil},
		{"drop missing", `DROP GRAPH :missing`, sparql.ErrNoSuchGraph},
		{"drop missing silent", `DROP SILENT GRAPH :missing`, nil},
		{"clear missing", `CLEAR GRAPH :missing`, sparql.ErrNoSuchGraph},
		{"copy from missing", `COPY :missing TO :src1`, sparql.ErrNoSuchGraph},
		{"move from missing silent", `MOVE SILENT :missing TO :src1`, nil},
		{"load disabled", `LOAD <http://example.org/data.ttl>`, sparql.ErrLoadDisabled},
		{"load disabled silent", `LOAD SILENT <http://example.org/data.ttl>`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := apiStore(t)
			err := sparql.Update(ctx, st, exPrefix+tc.update, sparql.Options{})
			if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("got %v, want %v", err, tc.err)
			}
		})
	}
	st := apiStore(t)
	if err := sparql.Update(ctx, st, exPrefix+`CREATE GRAPH :empty`, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
	if info, ok := graphInfo(ctx, st, rdf.IRI("http://ex/empty")); !ok || info.Quads != 0 {
		t.Errorf("created graph: %v %v", info, ok)
	}
	if err := sparql.Update(ctx, st, exPrefix+`MOVE :src1 TO :src2 ; DROP GRAPH :empty`, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := graphInfo(ctx, st, rdf.IRI("http://ex/src1")); ok {
		t.Error("MOVE left its source graph")
	}
	if n := countQuads(t, st, "GRAPH :src2 { ?s ?p ?o }"); n != 2 {
		t.Errorf("after MOVE the destination has %d quads, want the source's 2", n)
	}
}

func TestUpdateBlankNodes(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	for range 2 {
		if err := sparql.Update(ctx, st, exPrefix+`INSERT DATA { _:a :p 1 . _:a :q 2 }`, sparql.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// Each request's _:a is a new node, shared within the request.
	if n := countQuads(t, st, "?b :p 1 ; :q 2"); n != 2 {
		t.Errorf("%d nodes with both properties, want 2", n)
	}
	if n := countQuads(t, st, "SELECT DISTINCT ?b { ?b :p 1 }"); n != 2 {
		t.Errorf("%d distinct nodes, want 2", n)
	}
	// Template blank nodes are fresh per solution; BNODE() values get
	// store labels.
	err := sparql.Update(ctx, st, exPrefix+`
		INSERT { [] :copyOf ?b . ?n :madeFor ?b } WHERE { ?b :p 1 BIND(BNODE() AS ?n) }`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := countQuads(t, st, "SELECT DISTINCT ?c { ?c :copyOf ?b }"); n != 2 {
		t.Errorf("%d template nodes, want 2 (one per solution)", n)
	}
	rows := selectAll(t, st, `SELECT ?n { ?n :madeFor ?b }`, sparql.Options{})
	if len(rows) != 2 || rows[0][0] == rows[1][0] || !rows[0][0].IsBlank() {
		t.Errorf("BNODE() values: %v", rows)
	}
}

func TestUpdateWithWhere(t *testing.T) {
	ctx := context.Background()
	st := apiStore(t)
	err := sparql.Update(ctx, st, exPrefix+`
		WITH :src1
		DELETE { ?c :title ?t }
		INSERT { ?c :title ?u }
		WHERE { ?c :title ?t BIND(UCASE(?t) AS ?u) }`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := selectAll(t, st, `SELECT ?t { GRAPH :src1 { :course1 :title ?t } }`, sparql.Options{})
	if len(rows) != 1 || rows[0][0] != rdf.String("DIGITAL BASICS") {
		t.Errorf("after WITH update: %v", rows)
	}
	// The other graph is untouched.
	rows = selectAll(t, st, `SELECT ?t { GRAPH :src2 { :course2 :title ?t } }`, sparql.Options{})
	if len(rows) != 1 || rows[0][0] != rdf.String("Coding for women") {
		t.Errorf("src2 changed: %v", rows)
	}
	// The default graph of an update is the store's, even when queries use
	// the union: this WHERE sees no course.
	if err := sparql.Update(ctx, st, exPrefix+`DELETE WHERE { ?c a :Course }`, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
	if n := countQuads(t, st, "?c a :Course"); n != 2 {
		t.Errorf("%d courses left, want 2", n)
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	doc := []rdf.Triple{{S: rdf.IRI("http://ex/l"), P: rdf.IRI("http://ex/p"), O: rdf.String("loaded")}}
	loader := func(_ context.Context, iri string) iter.Seq2[rdf.Triple, error] {
		return func(yield func(rdf.Triple, error) bool) {
			if iri != "http://example.org/doc.ttl" {
				yield(rdf.Triple{}, fmt.Errorf("not found: %s", iri))
				return
			}
			for _, t := range doc {
				if !yield(t, nil) {
					return
				}
			}
		}
	}
	st := store.NewMemory()
	defer st.Close()
	opts := sparql.Options{Loader: loader}
	if err := sparql.Update(ctx, st, `LOAD <http://example.org/doc.ttl> INTO GRAPH <http://ex/g>`, opts); err != nil {
		t.Fatal(err)
	}
	if n := countQuads(t, st, `GRAPH <http://ex/g> { ?s ?p "loaded" }`); n != 1 {
		t.Errorf("loaded %d triples, want 1", n)
	}
	err := sparql.Update(ctx, st, `INSERT DATA { <http://a> <http://b> 1 } ; LOAD <http://example.org/missing.ttl>`, opts)
	if err == nil {
		t.Fatal("LOAD of a missing document succeeded")
	}
	if n := countQuads(t, st, `<http://a> ?p ?o`); n != 0 {
		t.Error("the failed request left its INSERT DATA behind")
	}
	if err := sparql.Update(ctx, st, `LOAD SILENT <http://example.org/missing.ttl>`, opts); err != nil {
		t.Errorf("LOAD SILENT: %v", err)
	}
}

// TestUpdateProtocolDataset: the protocol's using-graph-uri and
// using-named-graph-uri (Options.DefaultGraphs, NamedGraphs) act as USING
// and USING NAMED on every DELETE/INSERT … WHERE of the request.
func TestUpdateProtocolDataset(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		defaults []string
		named    []string
		update   string
		err      error
		inTgt    int // courses in :tgt afterwards
	}{
		{"using-graph-uri src1", []string{"http://ex/src1"}, nil,
			`INSERT { GRAPH :tgt { ?c a :Course } } WHERE { ?c a :Course }`, nil, 1},
		{"using-graph-uri src1 and src2 merged", []string{"http://ex/src1", "http://ex/src2"}, nil,
			`INSERT { GRAPH :tgt { ?c a :Course } } WHERE { ?c a :Course }`, nil, 2},
		{"using-named-graph-uri only: empty default graph", nil, []string{"http://ex/src2"},
			`INSERT { GRAPH :tgt { ?c a :Course } } WHERE { ?c a :Course }`, nil, 0},
		{"using-named-graph-uri with GRAPH ?g", nil, []string{"http://ex/src2"},
			`INSERT { GRAPH :tgt { ?c a :Course } } WHERE { GRAPH ?g { ?c a :Course } }`, nil, 1},
		{"conflict with USING", []string{"http://ex/src1"}, nil,
			`INSERT { GRAPH :tgt { ?c a :Course } } USING :src2 WHERE { ?c a :Course }`, sparql.ErrDatasetConflict, 0},
		{"conflict with WITH in a later operation", []string{"http://ex/src1"}, nil,
			`INSERT DATA { GRAPH :tgt { :x a :Course } } ; WITH :src2 DELETE { ?c a :Course } WHERE { ?c a :Course }`, sparql.ErrDatasetConflict, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := apiStore(t)
			err := sparql.Update(ctx, st, exPrefix+tc.update, sparql.Options{DefaultGraphs: tc.defaults, NamedGraphs: tc.named})
			if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Fatalf("got %v, want %v", err, tc.err)
			}
			if n := countQuads(t, st, "GRAPH <http://ex/tgt> { ?c a <http://ex/Course> }"); n != tc.inTgt {
				t.Errorf("%d courses in :tgt, want %d", n, tc.inTgt)
			}
		})
	}
}
