package optimizer

import (
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
	"github.com/skillsmap/skillsmap/internal/store"
)

const pre = "PREFIX : <http://ex/> "

func pattern(t *testing.T, query string) algebra.Pattern {
	t.Helper()
	q, err := parser.ParseQuery(pre+query, "")
	if err != nil {
		t.Fatalf("parse %q: %v", query, err)
	}
	return q.Pattern
}

// fakeStats counts quads by predicate, and by predicate and object, and
// has distinct subjects and objects per predicate.
type fakeStats struct {
	byPred    map[string]uint64
	byPredObj map[[2]string]uint64
	distinct  map[string][2]uint64
}

func (f fakeStats) PredicateStats(p rdf.Term) (store.PredicateStats, bool) {
	d, ok := f.distinct[p.Value]
	if !ok {
		return store.PredicateStats{}, false
	}
	return store.PredicateStats{Quads: f.byPred[p.Value], Subjects: d[0], Objects: d[1]}, true
}

func (f fakeStats) Estimate(p store.Pattern) uint64 {
	if !p.P.IsZero() && !p.O.IsZero() {
		if n, ok := f.byPredObj[[2]string{p.P.Value, p.O.Value}]; ok {
			return n
		}
	}
	if !p.P.IsZero() {
		n := f.byPred[p.P.Value]
		if !p.S.IsZero() {
			n = min(n, 3)
		}
		return n
	}
	return 1_000_000
}

func vars(s VarSet) string { return s.String() }

func TestCertainAndPossibleVars(t *testing.T) {
	tests := []struct {
		query, certain, possible string
	}{
		{`SELECT * { ?s :p ?o }`, "?o ?s", "?o ?s"},
		{`SELECT * { ?s :p ?o OPTIONAL { ?s :q ?x } }`, "?o ?s", "?o ?s ?x"},
		{`SELECT * { { ?s :p ?o } UNION { ?s :q ?x } }`, "?s", "?o ?s ?x"},
		{`SELECT * { ?s :p ?o MINUS { ?s :q ?x } }`, "?o ?s", "?o ?s"},
		{`SELECT * { ?s :p ?o BIND(?o AS ?c) BIND(?o + 1 AS ?e) }`, "?c ?o ?s", "?c ?e ?o ?s"},
		{`SELECT * { GRAPH ?g { ?s :p ?o } }`, "?g ?o ?s", "?g ?o ?s"},
		{`SELECT * { VALUES (?a ?b) { (1 2) (3 UNDEF) } }`, "?a", "?a ?b"},
		{`SELECT ?s (COUNT(*) AS ?c) { ?s :p ?o } GROUP BY ?s`, "?c ?s", "?c ?s"},
	}
	for _, tc := range tests {
		p := pattern(t, tc.query)
		if got := vars(CertainVars(p)); got != tc.certain {
			t.Errorf("%s: certain %s, want %s", tc.query, got, tc.certain)
		}
		if got := vars(PossibleVars(p)); got != tc.possible {
			t.Errorf("%s: possible %s, want %s", tc.query, got, tc.possible)
		}
	}
}

func TestFoldConstants(t *testing.T) {
	tests := []struct{ query, want string }{
		{`SELECT * { ?s :p ?o FILTER(1 + 1 = 2) }`, `(bgp (triple ?s <http://ex/p> ?o))`},
		{`SELECT * { ?s :p ?o BIND(STRLEN("abc") * 2 AS ?n) }`, `(extend ((?n 6)) (bgp (triple ?s <http://ex/p> ?o)))`},
		{`SELECT * { ?s :p ?o FILTER(?o > 1 + 2) }`, `(filter (> ?o 3) (bgp (triple ?s <http://ex/p> ?o)))`},
		// Errors stay for the evaluator: a failing BIND leaves its variable unbound.
		{`SELECT * { ?s :p ?o BIND(1 / 0 AS ?n) }`, `(extend ((?n (/ 1 0))) (bgp (triple ?s <http://ex/p> ?o)))`},
		// Values that change per call are not folded.
		{`SELECT * { ?s :p ?o BIND(RAND() AS ?r) }`, `(extend ((?r (rand))) (bgp (triple ?s <http://ex/p> ?o)))`},
		{`SELECT * { ?s :p ?o FILTER EXISTS { ?o :q ?x FILTER(2 > 1) } }`, `(filter (exists (bgp (triple ?o <http://ex/q> ?x))) (bgp (triple ?s <http://ex/p> ?o)))`},
	}
	for _, tc := range tests {
		p := pattern(t, tc.query).(*algebra.Project).Pattern
		got := FoldConstants(p).String()
		if !strings.EqualFold(got, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.query, got, tc.want)
		}
	}
}

func TestPushFilters(t *testing.T) {
	tests := []struct{ query, want string }{
		{ // into both branches of a union
			`SELECT * { { ?s :p ?o } UNION { ?s :q ?o } FILTER(?o > 1) }`,
			`(union (filter (> ?o 1) (bgp (triple ?s <http://ex/p> ?o))) (filter (> ?o 1) (bgp (triple ?s <http://ex/q> ?o))))`},
		{ // below a BIND it does not read; a conjunction is split
			`SELECT * { ?s :p ?o BIND(?o * 2 AS ?d) FILTER(?o > 1 && ?d < 10) }`,
			`(filter (< ?d 10) (extend ((?d (* ?o 2))) (filter (> ?o 1) (bgp (triple ?s <http://ex/p> ?o)))))`},
		{ // into the left side of OPTIONAL, not over the optional variable
			`SELECT * { ?s :p ?o OPTIONAL { ?s :q ?x } FILTER(?o > 1 && !BOUND(?x)) }`,
			`(filter (! (bound ?x)) (leftjoin (filter (> ?o 1) (bgp (triple ?s <http://ex/p> ?o))) (bgp (triple ?s <http://ex/q> ?x))))`},
		{ // an OPTIONAL condition on the optional side's own variables
			`SELECT * { ?s :p ?o OPTIONAL { ?s :q ?x FILTER(?x > 1) } }`,
			`(leftjoin (bgp (triple ?s <http://ex/p> ?o)) (filter (> ?x 1) (bgp (triple ?s <http://ex/q> ?x))))`},
		{ // an OPTIONAL condition that reads the left side stays
			`SELECT * { ?s :p ?o OPTIONAL { ?s :q ?x FILTER(?x > ?o) } }`,
			`(leftjoin (bgp (triple ?s <http://ex/p> ?o)) (bgp (triple ?s <http://ex/q> ?x)) (> ?x ?o))`},
		{ // into GRAPH, but not with EXISTS (its pattern would change graph)
			`SELECT * { GRAPH ?g { ?s :p ?o } FILTER(?o > 1) FILTER NOT EXISTS { ?s :q ?o } }`,
			`(filter (notexists (bgp (triple ?s <http://ex/q> ?o))) (graph ?g (filter (> ?o 1) (bgp (triple ?s <http://ex/p> ?o)))))`},
		{ // into the left of MINUS
			`SELECT * { ?s :p ?o MINUS { ?s :q ?o } FILTER(?s != :x) }`,
			`(minus (filter (!= ?s <http://ex/x>) (bgp (triple ?s <http://ex/p> ?o))) (bgp (triple ?s <http://ex/q> ?o)))`},
	}
	for _, tc := range tests {
		p := pattern(t, tc.query).(*algebra.Project).Pattern
		got := PushFilters(p).String()
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.query, got, tc.want)
		}
	}
}

// scans returns the scans of n in evaluation order (left to right).
func scans(n Node) []string {
	var out []string
	var walk func(Node)
	walk = func(n Node) {
		if s, ok := n.(*Scan); ok {
			out = append(out, s.S.String()+" "+s.P.String()+" "+s.O.String())
		}
		for _, c := range Children(n) {
			walk(c)
		}
	}
	walk(n)
	return out
}

func stats() fakeStats {
	return fakeStats{
		byPred: map[string]uint64{
			"http://ex/p": 100_000, "http://ex/q": 50, "http://ex/r": 10_000, "http://ex/s": 3_000, "http://ex/type": 500_000,
		},
		byPredObj: map[[2]string]uint64{
			{"http://ex/type", "http://ex/Rare"}: 2,
		},
		distinct: map[string][2]uint64{
			"http://ex/p": {100_000, 1000}, "http://ex/q": {50, 50}, "http://ex/r": {10_000, 10_000},
			"http://ex/s": {3000, 3000}, "http://ex/type": {500_000, 100},
		},
	}
}

func TestJoinOrder(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{ // the most selective pattern first, then connected ones
			`SELECT * { ?a :p ?b . ?a :type :Rare . ?b :r ?c }`,
			[]string{"?a <http://ex/type> <http://ex/Rare>", "?a <http://ex/p> ?b", "?b <http://ex/r> ?c"}},
		{ // no cartesian product while a connected pattern is left
			`SELECT * { ?a :p ?b . ?c :q ?d . ?b :r ?c }`,
			[]string{"?c <http://ex/q> ?d", "?b <http://ex/r> ?c", "?a <http://ex/p> ?b"}},
		{ // a pattern whose variables are all bound is checked at once
			`SELECT * { ?a :q ?b . ?a :p ?x . ?x :r ?y . ?b :type ?a }`,
			[]string{"?a <http://ex/q> ?b", "?b <http://ex/type> ?a", "?a <http://ex/p> ?x", "?x <http://ex/r> ?y"}},
	}
	for _, tc := range tests {
		plan := Optimize(pattern(t, tc.query), Options{Stats: stats()})
		got := scans(plan.Root)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: order\n%s\nwant\n%s\nplan:\n%s", tc.query, strings.Join(got, "\n"), strings.Join(tc.want, "\n"), plan)
		}
	}
}

// findFilter returns the filter of plan n whose first expression is expr.
func findFilter(n Node, expr string) (*Filter, []Node) {
	var path []Node
	var found *Filter
	var walk func(Node) bool
	walk = func(n Node) bool {
		path = append(path, n)
		if f, ok := n.(*Filter); ok && f.Exprs[0].String() == expr {
			found = f
			return true
		}
		for _, c := range Children(n) {
			if walk(c) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	walk(n)
	return found, path
}

func TestFilterPlacedWhereItsVariablesAreBound(t *testing.T) {
	plan := Optimize(pattern(t, `SELECT * { ?a :q ?b . ?b :p ?c . ?c :r ?d FILTER(?b > 3) FILTER(?d != ?a) }`), Options{Stats: stats()})
	f, _ := findFilter(plan.Root, "(> ?b 3)")
	if f == nil {
		t.Fatalf("filter missing:\n%s", plan)
	}
	// ?b is bound by the first scan: the filter sits right on it.
	if sc, ok := f.Input.(*Scan); !ok || sc.P.Term != rdf.IRI("http://ex/q") {
		t.Errorf("(> ?b 3) not right above the scan of :q:\n%s", plan)
	}
	f, _ = findFilter(plan.Root, "(!= ?d ?a)")
	if f == nil || len(scans(f.Input)) != 3 {
		t.Errorf("(!= ?d ?a) must come after all three scans:\n%s", plan)
	}
}

func TestJoinAlgorithms(t *testing.T) {
	algorithm := func(query string, opts Options) JoinAlgorithm {
		t.Helper()
		plan := Optimize(pattern(t, query), opts)
		var alg JoinAlgorithm = 255
		var walk func(Node)
		walk = func(n Node) {
			if j, ok := n.(*Join); ok && alg == 255 {
				alg = j.Algorithm
			}
			for _, c := range Children(n) {
				walk(c)
			}
		}
		walk(plan.Root)
		return alg
	}
	s := Options{Stats: stats()}
	if a := algorithm(`SELECT * { ?a :q ?b . ?b :r ?c }`, s); a != NestedLoop {
		t.Errorf("small left, scan right: %v, want nested-loop", a)
	}
	if a := algorithm(`SELECT * { ?a :q ?b { SELECT ?b (COUNT(*) AS ?n) { ?b :r ?c } GROUP BY ?b } }`, s); a != HashJoin {
		t.Errorf("sub-select on the right: %v, want hash", a)
	}
	if a := algorithm(`SELECT * { ?a :r ?b . ?b :s ?c }`, s); a != HashJoin {
		t.Errorf("left of 3,000, right of 10,000 quads: %v, want hash", a)
	}
	if a := algorithm(`SELECT * { ?a :r ?b . ?b :s ?c } LIMIT 5`, s); a != NestedLoop {
		t.Errorf("under LIMIT: %v, want nested-loop", a)
	}
	if a := algorithm(`ASK { ?a :r ?b . ?b :s ?c }`, Options{Stats: stats(), FirstRows: true}); a != NestedLoop {
		t.Errorf("ASK: %v, want nested-loop", a)
	}
}

func TestGraphPatterns(t *testing.T) {
	// GRAPH ?g over triple patterns becomes quad patterns.
	plan := Optimize(pattern(t, `SELECT * { GRAPH ?g { ?s :p ?o . ?o :q ?x } }`), Options{Stats: stats()})
	for _, n := range []Node{plan.Root} {
		var graphs []GraphRef
		var walk func(Node)
		walk = func(n Node) {
			if s, ok := n.(*Scan); ok {
				graphs = append(graphs, s.Graph)
			}
			if _, ok := n.(*GraphLoop); ok {
				t.Errorf("unexpected graph loop:\n%s", plan)
			}
			for _, c := range Children(n) {
				walk(c)
			}
		}
		walk(n)
		if len(graphs) != 2 || graphs[0] != (GraphRef{Kind: GraphVar, Var: "g"}) || graphs[1] != graphs[0] {
			t.Errorf("scans read %v, want the graph variable ?g", graphs)
		}
	}
	// Patterns that do not come from triples, or mention ?g, loop over graphs.
	for _, q := range []string{
		`SELECT * { GRAPH ?g { BIND(1 AS ?x) } }`,
		`SELECT * { GRAPH ?g { ?s :p ?o OPTIONAL { ?s :q ?g } } }`,
		`SELECT * { GRAPH ?g { ?s :p ?o FILTER EXISTS { ?o :q ?s } } }`,
		`SELECT * { GRAPH ?g { ?s :p* ?o } }`,
	} {
		plan := Optimize(pattern(t, q), Options{Stats: stats()})
		if !strings.Contains(plan.String(), "graph ?g") {
			t.Errorf("%s: want a graph loop:\n%s", q, plan)
		}
	}
}

func TestServiceVariableComesAfterItsBinding(t *testing.T) {
	plan := Optimize(pattern(t, `SELECT * { SERVICE ?e { ?s :p ?o } ?x :r ?e }`), Options{Stats: stats()})
	j, ok := plan.Root.(*Project).Input.(*Join)
	if !ok {
		t.Fatalf("want a join:\n%s", plan)
	}
	if _, ok := j.Left.(*Scan); !ok || j.Algorithm != NestedLoop {
		t.Errorf("want the scan binding ?e first and a nested loop into SERVICE:\n%s", plan)
	}
}

func TestExistsPlans(t *testing.T) {
	plan := Optimize(pattern(t, `SELECT * { ?s :q ?o FILTER NOT EXISTS { ?o :p ?x . ?x :r ?s } }`), Options{Stats: stats()})
	if len(plan.Exists) != 1 {
		t.Fatalf("got %d EXISTS plans, want 1", len(plan.Exists))
	}
	for _, n := range plan.Exists {
		// ?o and ?s come from the solution: the plan starts from them.
		got := scans(n)
		if len(got) != 2 {
			t.Fatalf("exists plan scans %v", got)
		}
	}
	text := plan.String()
	if !strings.Contains(text, "not exists:") || !strings.Contains(text, "[est") {
		t.Errorf("plan text lacks the EXISTS plan or estimates:\n%s", text)
	}
}
