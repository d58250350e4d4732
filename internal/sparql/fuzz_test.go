package sparql_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/eval"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
)

// fuzzData has a little of every kind of term: numbers of each type, dates,
// language tags, blank nodes, lists and named graphs.
const fuzzData = `
@prefix : <http://ex/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:a :p 1, 2.5, 3.0e1, "4"^^xsd:decimal, "x"@en, "y"@de-AT, true, "2026-11-25T10:00:00Z"^^xsd:dateTime, "bad"^^xsd:integer ;
   :q :b, [ :r "blank" ], (1 2 3) ;
   :name "Alice" .
:b :p -1 ; :q :a, :c ; :name "Bob"@en .
:c :q :c .
:g1 { :a :in :g1 . :b :p 7 }
:g2 { :c :p "7"^^xsd:int ; :q :a }
`

var fuzzQuerySeeds = []string{
	`SELECT * { ?s ?p ?o }`,
	`PREFIX : <http://ex/> SELECT ?s (SUM(?o) AS ?n) (GROUP_CONCAT(DISTINCT ?o; separator="|") AS ?c) { ?s :p ?o } GROUP BY ?s HAVING (COUNT(*) > 0) ORDER BY DESC(?n) LIMIT 3 OFFSET 1`,
	`PREFIX : <http://ex/> SELECT * { ?s :q+ ?o OPTIONAL { ?o :p ?v FILTER(?v > 0) } MINUS { ?s :name "Bob"@en } }`,
	`PREFIX : <http://ex/> CONSTRUCT { ?s :r ?o } WHERE { GRAPH ?g { ?s ?p ?o } }`,
	`PREFIX : <http://ex/> ASK { :a (:q|^:q)* :c FILTER NOT EXISTS { :c :p ?x } }`,
	`PREFIX : <http://ex/> DESCRIBE :a ?x { ?x :q :a }`,
	`SELECT (STRDT(STR(NOW()), <http://www.w3.org/2001/XMLSchema#string>) AS ?t) (MD5("a") AS ?h) (REPLACE("abc", "b", "$0$0", "i") AS ?r) (xsd:integer("12") AS ?i) {} `,
	`PREFIX : <http://ex/> SELECT * { VALUES (?s ?o) { (:a UNDEF) (UNDEF 1) } BIND(COALESCE(?o, 0) + 1 AS ?n) { SELECT ?s { ?s ?p ?o } LIMIT 2 } }`,
	`PREFIX : <http://ex/> INSERT { GRAPH :g3 { ?s :copy ?o } } WHERE { ?s :p ?o } ; DELETE WHERE { :c ?p ?o } ; COPY :g1 TO :g4 ; MOVE SILENT :g9 TO DEFAULT`,
}

// FuzzQuery runs arbitrary text through the whole engine — parser,
// algebra, optimizer, evaluator — as a query, or as an update on a fresh
// store: the result is a solution stream or an error, never a panic (a
// recovered one surfaces as ErrInternal) and never unbounded work (the
// limits are those of the HTTP endpoint, scaled down).
func FuzzQuery(f *testing.F) {
	for _, s := range fuzzQuerySeeds {
		f.Add(s)
	}
	if files, err := filepath.Glob(filepath.Join(w3cDir, "sparql11", "*", "*.rq")); err == nil {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(string(b))
			}
		}
	}
	shared := storeFrom(f, fuzzData)
	opts := sparql.Options{Base: "http://base/", MaxRows: 1000, MaxIntermediateRows: 200_000, Timeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, text string) {
		ctx := context.Background()
		res, err := sparql.Query(ctx, shared, text, opts)
		if errors.Is(err, sparql.ErrNotQuery) {
			st := storeFrom(t, fuzzData)
			checkEngineError(t, text, sparql.Update(ctx, st, text, opts))
			return
		}
		if err != nil {
			checkEngineError(t, text, err)
			return
		}
		defer res.Close()
		for res.Next() {
			for _, term := range res.Solution() {
				if term.IsIRI() && term.Value == "" {
					t.Fatalf("empty IRI in a solution of %q", text)
				}
			}
			if tr := res.Triple(); !tr.S.IsZero() && (tr.S.IsLiteral() || !tr.P.IsIRI()) {
				t.Fatalf("CONSTRUCT made an invalid triple %v from %q", tr, text)
			}
		}
		checkEngineError(t, text, res.Err())
	})
}

// checkEngineError fails on the errors that mean a bug in the engine.
func checkEngineError(t *testing.T, text string, err error) {
	t.Helper()
	if errors.Is(err, eval.ErrInternal) || errors.Is(err, parser.ErrInternal) {
		t.Fatalf("internal error for %q: %v", text, err)
	}
}
