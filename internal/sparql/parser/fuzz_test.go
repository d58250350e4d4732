package parser

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var fuzzSeeds = []string{
	`SELECT * WHERE { ?s ?p ?o }`,
	`PREFIX : <http://e/> SELECT ?s (COUNT(?o) AS ?n) { ?s :p/:q* ?o ; ^:r [ :a (1 2.5 "x"@en) ] OPTIONAL { ?o :z ?z FILTER(?z > 1) } } GROUP BY ?s HAVING (?n > 1) ORDER BY DESC(?n) LIMIT 10`,
	`CONSTRUCT { ?s <x:p> _:b } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } MINUS { ?s <x:q> ?o } BIND(STR(?o) AS ?t) VALUES (?s) { (<x:a>) (UNDEF) } }`,
	`ASK { FILTER NOT EXISTS { ?s ?p ?o } SERVICE SILENT <http://r/> { ?s ?p ?o } }`,
	`DESCRIBE * { ?s !(<x:a>|^<x:b>) ?o }`,
	`PREFIX e: <http://e/> INSERT DATA { e:a e:b """long""" } ; DELETE WHERE { ?s ?p ?o } ; WITH e:g DELETE { ?s ?p ?o } INSERT { ?s ?p [] } USING e:h WHERE { ?s ?p ?o } ; LOAD SILENT <http://x> INTO GRAPH e:g ; CLEAR ALL ; ADD DEFAULT TO e:g`,
	`SELECT * { ?s ?p "\u00e9\U0001F46A" FILTER(regex(?o, "^a", "i") && ?x IN (1, -2) && !bound(?y)) }`,
	`PREFIX ex: <http://e/> SELECT\u0020?\u0061 { ?a ex:p\u002Fex:q '\u0027' ; ex:r\'s <x:\u0041> } # \u0022`,
}

// FuzzParse feeds arbitrary text to both entry points: they must return
// an algebra or a *SyntaxError, never panic (a recovered panic surfaces as
// ErrInternal) or hang.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	// The W3C suites make good seeds when the shared folder is present.
	if files, err := filepath.Glob(filepath.Join(w3cSuiteDir, "sparql11", "syntax-*", "*.r[qu]")); err == nil {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := ParseQuery(text, "http://base/")
		checkFuzzResult(t, text, err)
		if err == nil {
			_ = q.String()
			if err := checkQueryInvariants(q); err != nil {
				t.Fatalf("%q: %v", text, err)
			}
		}
		u, err := ParseUpdate(text, "http://base/")
		checkFuzzResult(t, text, err)
		if err == nil {
			_ = u.String()
		}
	})
}

func checkFuzzResult(t *testing.T, text string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if errors.Is(err, ErrInternal) {
		t.Fatalf("parser panicked on %q: %v", text, err)
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) on %q is not a *SyntaxError", err, err, text)
	}
	if se.Line < 1 || se.Column < 1 || se.Offset < 0 || se.Offset > len(text) {
		t.Fatalf("bad error position %+v on %q", se, text)
	}
}
