package sparql_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// heapGrowth runs fn and returns how far the live heap grew above what it
// was before, sampled while fn runs.
func heapGrowth(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var top uint64
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapAlloc)
			select {
			case <-stop:
				peak <- top
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	fn()
	close(stop)
	top := <-peak
	if top < base {
		return 0
	}
	return top - base
}

// The memory budget counts bytes, not rows: queries whose work is well
// within the work budget but whose operators would hold much more than the
// budget (long strings concatenated, wide DISTINCT keys, sorts, hash
// tables, path closures) stop with ErrMemoryBudget, and the heap grows by
// about the budget, not by what the query asked for.
func TestMemoryBudget(t *testing.T) {
	st := genStore(t, 1000) // about 30,000 quads
	const budget = 8 << 20
	long := `"` + strings.Repeat("x", 2000) + `"`
	tests := []struct {
		name, query string
	}{
		{"GROUP_CONCAT over a cross product", `SELECT ?a (GROUP_CONCAT(?l) AS ?x) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l . ?d ?e ?f } GROUP BY ?a`},
		{"GROUP_CONCAT of long computed strings", `SELECT (GROUP_CONCAT(?v) AS ?x) WHERE { ?s ?p ?o BIND(CONCAT(` + long + `, STR(?o)) AS ?v) }`},
		{"DISTINCT over a cross product", `SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?a ?b ?c ?d { ?a ?p ?b . ?c ?q ?d } }`},
		{"ORDER BY over a cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f`},
		{"GROUP BY with many groups", `SELECT ?a ?d (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d`},
		{"COUNT DISTINCT of wide rows", `SELECT (COUNT(DISTINCT *) AS ?n) { ?a ?b ?c . ?d ?e ?f }`},
		{"hash join with a sub-select", `SELECT * { ?a ?b ?c { SELECT ?x ?y ?z { ?x ?y ?z . ?u ?v ?w } } }`},
		{"CONCAT of a long argument list", `SELECT ?y { ?s ?p ?o BIND(CONCAT(` + long + `, STR(?s)) AS ?x) BIND(CONCAT(` + strings.TrimSuffix(strings.Repeat("?x, ", 3000), ", ") + `) AS ?y) }`},
		{"REPLACE that multiplies its input", `SELECT ?x { ?s ?p ?o BIND(REPLACE(CONCAT(` + long + `, STR(?s)), ".", "` + strings.Repeat("$0", 5000) + `") AS ?x) }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			grew := heapGrowth(func() {
				var res *sparql.Result
				res, err = sparql.Query(context.Background(), st, tc.query, sparql.Options{MaxMemoryBytes: budget, MaxIntermediateRows: 500_000_000})
				if err != nil {
					return
				}
				for res.Next() {
				}
				err = res.Err()
				res.Close()
			})
			if !errors.Is(err, sparql.ErrMemoryBudget) {
				t.Fatalf("got %v, want ErrMemoryBudget", err)
			}
			var me *sparql.MemoryError
			if !errors.As(err, &me) || me.Limit != budget || !strings.Contains(err.Error(), "8 MiB") {
				t.Errorf("error %q does not name the limit", err)
			}
			if grew > 4*budget {
				t.Errorf("the heap grew by %d MiB for a budget of %d MiB", grew>>20, budget>>20)
			}
		})
	}
}

// Queries within the budget are not affected by it.
func TestMemoryBudgetKeepsOrdinaryQueries(t *testing.T) {
	st := genStore(t, 1000)
	for _, q := range []string{
		genPrefixes + `SELECT ?p (GROUP_CONCAT(?l; separator=", ") AS ?ls) { ?p a :Product ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?p ORDER BY ?p LIMIT 10`,
		genPrefixes + `SELECT DISTINCT ?f { ?p :feature ?f } ORDER BY ?f`,
		genPrefixes + `SELECT ?v (AVG(?price) AS ?avg) { ?o :vendor ?v ; :price ?price } GROUP BY ?v`,
		genPrefixes + `SELECT (COUNT(*) AS ?n) { person:1 :knows+ ?x }`,
	} {
		res, err := sparql.Query(context.Background(), st, q, sparql.Options{MaxMemoryBytes: 8 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := res.Table(); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// An update's WHERE solutions and change set count against the budget: a
// runaway INSERT … WHERE stops and changes nothing.
func TestMemoryBudgetUpdate(t *testing.T) {
	st := genStore(t, 1000)
	size := func() uint64 {
		snap, err := st.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		return snap.Len()
	}
	before := size()
	err := sparql.Update(context.Background(), st, `INSERT { ?a <http://x/p> ?f } WHERE { ?a ?b ?c . ?d ?e ?f }`,
		sparql.Options{MaxMemoryBytes: 8 << 20, MaxIntermediateRows: 500_000_000})
	if !errors.Is(err, sparql.ErrMemoryBudget) {
		t.Fatalf("got %v, want ErrMemoryBudget", err)
	}
	if n := size(); n != before {
		t.Errorf("the store changed: %d quads, was %d", n, before)
	}
	// INSERT DATA counts too.
	var data strings.Builder
	data.WriteString("INSERT DATA {")
	for range 3000 {
		data.WriteString(` <http://x/s> <http://x/p> "` + strings.Repeat("y", 3000) + `" .`)
	}
	data.WriteString("}")
	if err := sparql.Update(context.Background(), st, data.String(), sparql.Options{MaxMemoryBytes: 8 << 20}); !errors.Is(err, sparql.ErrMemoryBudget) {
		t.Errorf("INSERT DATA of 9 MB: %v, want ErrMemoryBudget", err)
	}
}

// Protected graphs cannot be changed by any update operation; ALL and
// NAMED skip them; the error names the owner.
func TestProtectedGraphs(t *testing.T) {
	prot := func(g rdf.Term) (string, bool) {
		if strings.HasPrefix(g.Value, "http://ex/owned/") {
			return "the harvester", true
		}
		return "", false
	}
	refused := []string{
		`INSERT DATA { GRAPH <http://ex/owned/a> { <http://x> <http://y> 1 } }`,
		`DELETE DATA { GRAPH <http://ex/owned/a> { <http://ex/s> <http://ex/p> 1 } }`,
		`DELETE WHERE { GRAPH ?g { ?s ?p ?o } }`,
		`INSERT { GRAPH <http://ex/owned/b> { ?s ?p ?o } } WHERE { GRAPH <http://ex/free> { ?s ?p ?o } }`,
		`WITH <http://ex/owned/a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }`,
		`CLEAR GRAPH <http://ex/owned/a>`,
		`DROP SILENT GRAPH <http://ex/owned/a>`,
		`CREATE GRAPH <http://ex/owned/c>`,
		`COPY <http://ex/free> TO <http://ex/owned/a>`,
		`MOVE <http://ex/owned/a> TO <http://ex/free2>`,
		`ADD DEFAULT TO <http://ex/owned/a>`,
	}
	for _, u := range refused {
		st := store.NewMemory()
		defer st.Close()
		seed := `INSERT DATA { GRAPH <http://ex/owned/a> { <http://ex/s> <http://ex/p> 1 } GRAPH <http://ex/free> { <http://ex/s> <http://ex/p> 2 } <http://ex/s> <http://ex/p> 3 }`
		if err := sparql.Update(context.Background(), st, seed, sparql.Options{}); err != nil {
			t.Fatal(err)
		}
		err := sparql.Update(context.Background(), st, u, sparql.Options{Protected: prot})
		var pe *sparql.ProtectedGraphError
		if !errors.Is(err, sparql.ErrProtectedGraph) || !errors.As(err, &pe) || !strings.Contains(err.Error(), "the harvester") {
			t.Errorf("%s: %v, want a ProtectedGraphError naming the owner", u, err)
		}
	}
	st := store.NewMemory()
	defer st.Close()
	seed := `INSERT DATA { GRAPH <http://ex/owned/a> { <http://ex/s> <http://ex/p> 1 } GRAPH <http://ex/free> { <http://ex/s> <http://ex/p> 2 } <http://ex/s> <http://ex/p> 3 }`
	if err := sparql.Update(context.Background(), st, seed, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{`DROP ALL`, `CLEAR NAMED`, `CLEAR DEFAULT`, `INSERT DATA { GRAPH <http://ex/free> { <http://x> <http://y> 1 } }`} {
		if err := sparql.Update(context.Background(), st, u, sparql.Options{Protected: prot}); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	res, err := sparql.Query(context.Background(), st, `SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`, sparql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := res.Table()
	if err != nil {
		t.Fatal(err)
	}
	if len(tbl.Rows) != 2 || tbl.Rows[0][0].Value != "http://ex/free" && tbl.Rows[1][0].Value != "http://ex/free" {
		t.Errorf("after DROP ALL and an insert: %v, want the protected graph and the new free graph", tbl.Rows)
	}
}
