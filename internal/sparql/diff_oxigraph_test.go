package sparql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
	"github.com/skillsmap/skillsmap/internal/sparql/results"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// TestDifferentialOxigraph compares the engine with Oxigraph (the npm
// package, a conformant SPARQL 1.1 engine) on generated queries over the
// generated data. It needs Node.js and the package: OXIGRAPH_NODE_MODULES
// names a node_modules directory holding oxigraph, by default
// tools/oxigraph/node_modules (npm ci --prefix tools/oxigraph, which .ci/run
// does); without it the test skips. The number of queries is
// OXIGRAPH_DIFF_QUERIES (default 300), the generator's seed
// OXIGRAPH_DIFF_SEED (default 7).
func TestDifferentialOxigraph(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the differential test runs a few hundred queries through two engines")
	}
	modules := os.Getenv("OXIGRAPH_NODE_MODULES")
	if modules == "" {
		modules = filepath.Join("..", "..", "tools", "oxigraph", "node_modules")
	}
	if _, err := os.Stat(filepath.Join(modules, "oxigraph")); err != nil {
		testsupport.Missing(t, "Oxigraph not installed (npm ci --prefix tools/oxigraph, or set OXIGRAPH_NODE_MODULES): %v", err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		testsupport.Missing(t, "node is not installed; the differential test runs Oxigraph under Node.js")
	}
	if abs, err := filepath.Abs(modules); err == nil {
		modules = abs
	}
	n, seed := 300, uint64(7)
	if s := os.Getenv("OXIGRAPH_DIFF_QUERIES"); s != "" {
		fmt.Sscan(s, &n)
	}
	if s := os.Getenv("OXIGRAPH_DIFF_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	st := genStore(t, 300)
	dir := t.TempDir()
	quads, err := allQuads(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	var data bytes.Buffer
	if err := rdfio.Write(&data, rdfio.NQuads, quads, rdfio.EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	dataFile := filepath.Join(dir, "data.nq")
	if err := os.WriteFile(dataFile, data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Queries whose results are too large to compare row by row are
	// compared by their number of solutions; those over a million
	// solutions are left out (Oxigraph's WebAssembly build runs out of
	// memory on some and then answers nothing more).
	rng := rand.New(rand.NewPCG(seed, 11))
	counted := 0
	var queries []string
	for len(queries) < n {
		q, where := randomQuery(rng)
		q = genPrefixes + q
		res, err := sparql.Query(context.Background(), st, q, sparql.Options{MaxRows: 2000})
		if err == nil {
			_, err = res.Table()
		}
		if errors.Is(err, sparql.ErrTooManyResults) {
			q = genPrefixes + "SELECT (COUNT(*) AS ?count) { " + where + " }"
			res, err := sparql.Query(context.Background(), st, q, sparql.Options{MaxIntermediateRows: 5_000_000})
			if err == nil {
				_, err = res.Table()
			}
			if err != nil {
				continue
			}
			counted++
		}
		queries = append(queries, q)
	}
	qs, err := json.Marshal(queries)
	if err != nil {
		t.Fatal(err)
	}
	queryFile := filepath.Join(dir, "queries.json")
	if err := os.WriteFile(queryFile, qs, 0o644); err != nil {
		t.Fatal(err)
	}
	// A query that makes Oxigraph's WebAssembly trap leaves the instance
	// unusable: the script then loads a fresh instance and the data again.
	script := `
const fs = require('fs');
const data = fs.readFileSync(process.argv[1], 'utf8');
let store;
function fresh() {
  for (const k of Object.keys(require.cache)) if (k.includes('oxigraph')) delete require.cache[k];
  const ox = require('oxigraph');
  store = new ox.Store();
  store.load(data, {format: 'application/n-quads'});
}
fresh();
const out = [];
for (const q of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) {
  try { out.push({ok: store.query(q, {results_format: 'application/sparql-results+json', use_default_graph_as_union: true})}); }
  catch (e) { out.push({err: String(e)}); if (String(e).includes('unreachable')) fresh(); }
}
process.stdout.write(JSON.stringify(out));`
	start := time.Now()
	cmd := exec.Command("node", "-e", script, dataFile, queryFile)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	t.Logf("Oxigraph answered in %v", time.Since(start))
	var answers []struct {
		OK  string `json:"ok"`
		Err string `json:"err"`
	}
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d queries, %d of them compared by their number of solutions", len(queries), counted)
	failures, compared := 0, 0
	for i, q := range queries {
		a := answers[i]
		if a.Err != "" {
			t.Logf("oxigraph refused query %d: %s\n%s", i, a.Err, q)
			continue
		}
		compared++
		want, err := results.Read(strings.NewReader(a.OK), results.JSON)
		if err != nil {
			t.Fatalf("query %d: read oxigraph's result: %v", i, err)
		}
		res, err := sparql.Query(context.Background(), st, q, sparql.Options{})
		if err != nil {
			t.Errorf("query %d: %v\n%s", i, err, q)
			failures++
			continue
		}
		got, err := res.Table()
		if err != nil {
			t.Errorf("query %d: %v\n%s", i, err, q)
			failures++
			continue
		}
		if err := results.EquivalentResults(want, got, results.Options{Normalize: funcs.CanonicalTerm}); err != nil {
			t.Errorf("query %d differs from Oxigraph:\n%s\n%v", i, q, err)
			failures++
		}
		if failures > 20 {
			t.Fatal("too many differences")
		}
	}
	// A test that compares few queries proves little: Oxigraph refusing
	// most of them (a broken install, a changed generator) must fail.
	if min := len(queries) * 250 / 300; compared < min {
		t.Errorf("only %d of %d queries were compared with Oxigraph, want at least %d", compared, len(queries), min)
	}
	t.Logf("%d of %d queries compared", compared, len(queries))
}

// randomQuery builds a query over the generated data from random parts
// (MIN and MAX are left out: over a group where the expression is unbound
// for some solutions, Oxigraph gives unbound and this engine the minimum or
// maximum of the values, a point on which SPARQL 1.1 is ambiguous; SAMPLE
// may pick any value, and GROUP_CONCAT joins in any order, so only that of
// one distinct value per group compares):
// connected triple patterns, OPTIONAL, UNION, MINUS, FILTER (with EXISTS),
// BIND, VALUES, property paths, GRAPH, sub-selects, aggregates, DISTINCT
// and ASK. It returns the query and its WHERE clause.
func randomQuery(rng *rand.Rand) (query, where string) {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	vars := map[string]bool{}
	g := randomGroup(rng, 2, vars)
	switch rng.IntN(10) {
	case 0:
		return "ASK { " + g + " }", g
	case 1:
		return "SELECT DISTINCT * { " + g + " }", g
	case 2:
		var v string
		for _, c := range []string{"?p", "?o", "?r", "?x", "?t"} {
			if vars[c] {
				v = c
				break
			}
		}
		if v == "" {
			break
		}
		return fmt.Sprintf("SELECT %s (COUNT(*) AS ?c) (%s AS ?agg) { %s } GROUP BY %s",
			v, pick("COUNT(DISTINCT ?o)", "SUM(?rt)", "AVG(?rt)", "GROUP_CONCAT(DISTINCT ?l)"), g, v), g
	case 3:
		if vars["?p"] {
			g += " { SELECT ?p (COUNT(?f) AS ?nf) { ?p :feature ?f } GROUP BY ?p }"
		}
	}
	return "SELECT * { " + g + " }", g
}

// genPatterns are the triple patterns of generated queries.
var genPatterns = []string{
	"?p a :Product", "?p :producer ?pr", "?p :numeric1 ?n", "?p :feature ?f", "?o :product ?p",
	"?o :price ?price", "?o :vendor ?v", "?r :reviewFor ?p", "?r :rating ?rt", "?r :reviewer ?x",
	"?x :knows ?y", "?p a ?t", "?t rdfs:subClassOf ?t2", "?p rdfs:label ?l",
}

// patternVars returns the variables of a pattern.
func patternVars(p string) []string {
	var out []string
	for _, f := range strings.Fields(p) {
		if strings.HasPrefix(f, "?") {
			out = append(out, f)
		}
	}
	return out
}

// connectedPattern picks a pattern that shares a variable with vars (any
// pattern when vars is empty) and adds its variables.
func connectedPattern(rng *rand.Rand, vars map[string]bool) string {
	var candidates []string
	for _, p := range genPatterns {
		for _, v := range patternVars(p) {
			if vars[v] || len(vars) == 0 {
				candidates = append(candidates, p)
				break
			}
		}
	}
	p := candidates[rng.IntN(len(candidates))]
	for _, v := range patternVars(p) {
		vars[v] = true
	}
	return p
}

func randomGroup(rng *rand.Rand, depth int, outer map[string]bool) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	vars := outer
	var b strings.Builder
	for range 1 + rng.IntN(3) {
		b.WriteString(connectedPattern(rng, vars) + " . ")
	}
	if depth <= 0 {
		return b.String()
	}
	inner := func() string {
		sub := map[string]bool{}
		for v := range vars {
			sub[v] = true
		}
		return randomGroup(rng, depth-1, sub)
	}
	switch rng.IntN(12) {
	case 0:
		b.WriteString("OPTIONAL { " + inner() + " } ")
	case 1:
		b.WriteString("{ " + inner() + " } UNION { " + inner() + " } ")
	case 2:
		b.WriteString("MINUS { " + inner() + " } ")
	case 3:
		b.WriteString("FILTER " + pick("EXISTS", "NOT EXISTS") + " { " + inner() + " } ")
	case 4:
		b.WriteString("FILTER(" + pick("?n > 1000", "?price < 5000", "?rt >= 5", "BOUND(?y)", "!BOUND(?r)",
			"?p != p:3", "STRSTARTS(?l, \"product 1\")", "?n + 1 > ?rt", "isIRI(?t)") + ") ")
	case 5:
		b.WriteString("BIND(" + pick("?n * 2", "STR(?p)", "?rt + 1", "COALESCE(?rt, 0)", "IF(BOUND(?n), ?n, -1)") + " AS ?b) ")
	case 6:
		b.WriteString("VALUES ?p { p:1 p:2 p:3 p:40 } ")
	case 7:
		b.WriteString(pick("person:1 :knows+ ?y . ", "?x :knows/:knows ?y . ", "?t rdfs:subClassOf* type:0 . ",
			"?y ^:knows person:2 . ", "?p !(:feature|rdfs:label) ?z . ", "?x (:knows|^:knows)? person:3 . ") + " ")
	case 8:
		b.WriteString("GRAPH ?g { " + pick("?p :numeric1 ?n", "?p :feature ?f", "?p a :Product") + " } ")
	case 9:
		b.WriteString("OPTIONAL { " + inner() + " FILTER(" + pick("?n > 500", "?rt < 3", "BOUND(?p)") + ") } ")
	}
	return b.String()
}
