package eval

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/sparql/results"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Each operator of the evaluator, through queries over testData, with the
// expected solutions written out. Rows are "term | term" in TSV syntax;
// an empty field is unbound.
func TestOperators(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			testOperators(t, snapshot(t, fillStore(t, b.open(t), testData)))
		})
	}
}

func testOperators(t *testing.T, r store.IDReader) {
	const pre = "PREFIX : <http://ex/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
	tests := []struct {
		name    string
		query   string
		opts    Options
		ordered bool
		want    *results.Table
	}{
		{name: "bgp join", query: `SELECT ?n { ?p :knows :carol ; :name ?n }`,
			want: table(t, "n", `"Alice"`, `"Bob"`)},
		{name: "optional", query: `SELECT ?p ?a { ?p :name ?n OPTIONAL { ?p :age ?a } }`,
			want: table(t, "p a", `<http://ex/alice> | 30`, `<http://ex/bob> | 25`, `<http://ex/carol> | "unknown"`, `<http://ex/dave> |`)},
		{name: "optional with a condition that fails on a string",
			query: `SELECT ?p ?a { ?p :name ?n OPTIONAL { ?p :age ?a FILTER(?a > 26) } }`,
			want:  table(t, "p a", `<http://ex/alice> | 30`, `<http://ex/bob> |`, `<http://ex/carol> |`, `<http://ex/dave> |`)},
		{name: "optional whose condition reads the left side",
			query: `SELECT ?p ?q { ?p :age ?a OPTIONAL { ?p :knows ?q . ?q :age ?b FILTER(?b < ?a) } }`,
			want:  table(t, "p q", `<http://ex/alice> | <http://ex/bob>`, `<http://ex/bob> |`, `<http://ex/carol> |`)},
		{name: "filter: true || error is true", query: `SELECT ?p { ?p :age ?a FILTER(?a > 26 || ?a = "unknown") }`,
			want: table(t, "p", `<http://ex/alice>`, `<http://ex/carol>`)},
		{name: "filter: !error is an error", query: `SELECT ?p { ?p :age ?a FILTER(!(?a > 26)) }`,
			want: table(t, "p", `<http://ex/bob>`)},
		{name: "filter on an unbound variable", query: `SELECT ?p { ?p :name ?n FILTER(?nothing = 1) }`,
			want: table(t, "p")},
		{name: "filter !bound", query: `SELECT ?p { ?p :name ?n FILTER(!BOUND(?nothing)) }`,
			want: table(t, "p", `<http://ex/alice>`, `<http://ex/bob>`, `<http://ex/carol>`, `<http://ex/dave>`)},
		{name: "filter inside a group sees only the group", query: `SELECT ?p { ?p :age ?a { ?p :name ?n FILTER(BOUND(?a)) } }`,
			want: table(t, "p")},
		{name: "minus", query: `SELECT ?p { ?p :name ?n MINUS { ?p :age ?a } }`,
			want: table(t, "p", `<http://ex/dave>`)},
		{name: "minus without shared variables removes nothing", query: `SELECT ?p { ?p :name ?n MINUS { ?x :p ?y } }`,
			want: table(t, "p", `<http://ex/alice>`, `<http://ex/bob>`, `<http://ex/carol>`, `<http://ex/dave>`)},
		{name: "not exists", query: `SELECT ?p { ?p :name ?n FILTER NOT EXISTS { ?p :knows ?q } }`,
			want: table(t, "p", `<http://ex/dave>`)},
		{name: "exists with substitution", query: `SELECT ?p { ?p :knows ?q FILTER EXISTS { ?q :knows ?p } }`,
			want: table(t, "p", `<http://ex/alice>`, `<http://ex/carol>`)},
		{name: "union", query: `SELECT ?x { { :a :p ?x } UNION { :c :q ?x } }`,
			want: table(t, "x", `<http://ex/b>`, `<http://ex/d>`)},
		{name: "graph variable", query: `SELECT ?g ?p { GRAPH ?g { ?p :likes :tea } }`,
			want: table(t, "g p", `<http://ex/g1> | <http://ex/alice>`, `<http://ex/g2> | <http://ex/carol>`)},
		{name: "graph IRI", query: `SELECT ?p { GRAPH :g2 { ?p :likes ?d } }`,
			want: table(t, "p", `<http://ex/alice>`, `<http://ex/carol>`)},
		{name: "graph that does not exist", query: `SELECT ?x { GRAPH :nope { BIND(1 AS ?x) } }`,
			want: table(t, "x")},
		{name: "graph loop over a pattern without triples", query: `SELECT ?g ?one { GRAPH ?g { BIND(1 AS ?one) } }`,
			want: table(t, "g one", `<http://ex/g1> | 1`, `<http://ex/g2> | 1`)},
		{name: "graph variable inside an optional", query: `SELECT ?g ?p { GRAPH ?g { ?p :likes ?d OPTIONAL { ?p :name ?g } } }`,
			want: table(t, "g p", `<http://ex/g1> | <http://ex/alice>`, `<http://ex/g1> | <http://ex/bob>`, `<http://ex/g2> | <http://ex/carol>`)},
		{name: "store default graph", query: `SELECT ?d { ?p :likes ?d }`, opts: storeDefault,
			want: table(t, "d")},
		{name: "union default graph", query: `SELECT ?d { ?p :likes ?d }`, opts: unionDefault,
			want: table(t, "d", `<http://ex/tea>`, `<http://ex/coffee>`, `<http://ex/coffee>`, `<http://ex/tea>`)},
		{name: "union default graph merges a triple in two graphs", query: `SELECT ?n { :alice :name ?n }`, opts: unionDefault,
			want: table(t, "n", `"Alice"`)},
		{name: "FROM", query: `SELECT ?d FROM :g1 { ?p :likes ?d }`,
			want: table(t, "d", `<http://ex/tea>`, `<http://ex/coffee>`)},
		{name: "FROM two graphs", query: `SELECT ?d FROM :g1 FROM :g2 { :alice :likes ?d }`,
			want: table(t, "d", `<http://ex/tea>`, `<http://ex/coffee>`)},
		{name: "FROM NAMED", query: `SELECT ?g ?s FROM NAMED :g2 { GRAPH ?g { ?s :likes ?o } }`,
			want: table(t, "g s", `<http://ex/g2> | <http://ex/alice>`, `<http://ex/g2> | <http://ex/carol>`)},
		{name: "FROM without FROM NAMED has no named graphs", query: `SELECT ?g FROM :g1 { GRAPH ?g { ?s ?p ?o } }`,
			want: table(t, "g")},
		{name: "path +", query: `SELECT ?x { :a :p+ ?x }`,
			want: table(t, "x", `<http://ex/b>`, `<http://ex/c>`, `<http://ex/a>`)},
		{name: "path *", query: `SELECT ?x { :a :p* ?x }`,
			want: table(t, "x", `<http://ex/a>`, `<http://ex/b>`, `<http://ex/c>`)},
		{name: "path * from a term not in the data", query: `SELECT ?x { :zzz :p* ?x }`,
			want: table(t, "x", `<http://ex/zzz>`)},
		{name: "path * to a term not in the data", query: `SELECT ?x { ?x :p* :zzz }`,
			want: table(t, "x", `<http://ex/zzz>`)},
		{name: "path * from a variable bound outside the data", query: `SELECT ?x { VALUES ?x { :zzz } ?x :p* ?x }`,
			want: table(t, "x")},
		{name: "path ?", query: `SELECT ?x { :a :p? ?x }`,
			want: table(t, "x", `<http://ex/a>`, `<http://ex/b>`)},
		{name: "path inverse", query: `SELECT ?x { :a ^:p ?x }`,
			want: table(t, "x", `<http://ex/c>`)},
		{name: "path sequence under *", query: `SELECT ?x { :a (:p/:p)* ?x }`,
			want: table(t, "x", `<http://ex/a>`, `<http://ex/c>`, `<http://ex/b>`)},
		{name: "path alternative", query: `SELECT ?x { :c (:p|:q) ?x }`,
			want: table(t, "x", `<http://ex/a>`, `<http://ex/d>`)},
		{name: "path negated", query: `SELECT ?x { :c !:p ?x }`,
			want: table(t, "x", `<http://ex/d>`)},
		{name: "path negated set", query: `SELECT ?x { :c !(:p|:q) ?x }`,
			want: table(t, "x")},
		{name: "path negated inverse", query: `SELECT ?x { :d !(^:knows) ?x }`,
			want: table(t, "x", `<http://ex/c>`)},
		{name: "path from a node to itself", query: `SELECT ?x { ?x :p+ ?x }`,
			want: table(t, "x", `<http://ex/a>`, `<http://ex/b>`, `<http://ex/c>`)},
		{name: "path through blank nodes", query: `SELECT ?v { :x :next+/:value ?v }`,
			want: table(t, "v", `1`, `2`)},
		{name: "bind and values", query: `SELECT ?p ?y { VALUES ?p { :alice :bob } ?p :age ?a BIND(?a + 1 AS ?y) }`,
			want: table(t, "p y", `<http://ex/alice> | 31`, `<http://ex/bob> | 26`)},
		{name: "bind error leaves unbound", query: `SELECT ?p ?y { ?p :age ?a BIND(?a + 1 AS ?y) }`,
			want: table(t, "p y", `<http://ex/alice> | 31`, `<http://ex/bob> | 26`, `<http://ex/carol> |`)},
		{name: "values with UNDEF", query: `SELECT ?p ?a { VALUES (?p ?a) { (:alice UNDEF) (:bob 25) (:bob 99) } ?p :age ?a }`,
			want: table(t, "p a", `<http://ex/alice> | 30`, `<http://ex/bob> | 25`)},
		{name: "coalesce", query: `SELECT ?p (COALESCE(?a, "none") AS ?v) { ?p :name ?n OPTIONAL { ?p :age ?a } }`,
			want: table(t, "p v", `<http://ex/alice> | 30`, `<http://ex/bob> | 25`, `<http://ex/carol> | "unknown"`, `<http://ex/dave> | "none"`)},
		{name: "sub-select with aggregate", query: `SELECT ?p ?c { ?p :name ?n { SELECT ?p (COUNT(?q) AS ?c) { ?p :knows ?q } GROUP BY ?p } }`,
			want: table(t, "p c", `<http://ex/alice> | 2`, `<http://ex/bob> | 1`, `<http://ex/carol> | 1`)},
		{name: "sub-select variables are its own", query: `SELECT ?p ?q { ?p :knows ?q { SELECT ?p { ?p :age ?q } } }`,
			want: table(t, "p q", `<http://ex/alice> | <http://ex/bob>`, `<http://ex/alice> | <http://ex/carol>`, `<http://ex/bob> | <http://ex/carol>`, `<http://ex/carol> | <http://ex/alice>`)},
		{name: "sub-select with limit", query: `SELECT ?p ?n { ?p :name ?n { SELECT ?p { ?p :age ?a } ORDER BY ?p LIMIT 1 } }`,
			want: table(t, "p n", `<http://ex/alice> | "Alice"`)},
		{name: "group by with having", query: `SELECT ?p (COUNT(*) AS ?c) { ?p :knows ?q } GROUP BY ?p HAVING (COUNT(*) > 1)`,
			want: table(t, "p c", `<http://ex/alice> | 2`)},
		{name: "aggregate errors", query: `SELECT (SUM(?a) AS ?s) (COUNT(?a) AS ?c) { ?p :age ?a }`,
			want: table(t, "s c", ` | 3`)},
		{name: "count distinct", query: `SELECT (COUNT(DISTINCT ?d) AS ?c) FROM :g1 FROM :g2 { ?p :likes ?d }`,
			want: table(t, "c", `2`)},
		{name: "aggregate over no solutions", query: `SELECT (COUNT(*) AS ?c) (SUM(?o) AS ?s) (AVG(?o) AS ?a) { ?p :nothing ?o }`,
			want: table(t, "c s a", `0 | 0 | 0`)},
		{name: "group by over no solutions", query: `SELECT ?p (COUNT(*) AS ?c) { ?p :nothing ?o } GROUP BY ?p`,
			want: table(t, "p c")},
		{name: "avg min max sample", query: `SELECT (AVG(?a) AS ?avg) (MIN(?a) AS ?min) (MAX(?a) AS ?max) { ?p :age ?a FILTER isNumeric(?a) }`,
			want: table(t, "avg min max", `27.5 | 25 | 30`)},
		{name: "group concat", query: `SELECT (GROUP_CONCAT(?d; SEPARATOR="+") AS ?all) { GRAPH :g1 { :alice :likes ?d } }`,
			want: table(t, "all", `"http://ex/tea"`)},
		{name: "group by expression", query: `SELECT ?big (COUNT(*) AS ?c) { ?p :age ?a FILTER isNumeric(?a) } GROUP BY (?a > 26 AS ?big)`,
			want: table(t, "big c", `true | 1`, `false | 1`)},
		{name: "order by", query: `SELECT ?p ?a { ?p :age ?a FILTER isNumeric(?a) } ORDER BY DESC(?a)`, ordered: true,
			want: table(t, "p a", `<http://ex/alice> | 30`, `<http://ex/bob> | 25`)},
		{name: "order by is stable", query: `SELECT ?p ?x { ?p :knows ?q BIND(1 AS ?x) } ORDER BY ?x ?p`, ordered: true,
			want: table(t, "p x", `<http://ex/alice> | 1`, `<http://ex/alice> | 1`, `<http://ex/bob> | 1`, `<http://ex/carol> | 1`)},
		{name: "limit offset", query: `SELECT ?p { ?p :age ?a FILTER isNumeric(?a) } ORDER BY ?a LIMIT 1 OFFSET 1`, ordered: true,
			want: table(t, "p", `<http://ex/alice>`)},
		{name: "limit 0", query: `SELECT ?p { ?p :age ?a } LIMIT 0`,
			want: table(t, "p")},
		{name: "distinct", query: `SELECT DISTINCT ?d { GRAPH ?g { ?p :likes ?d } }`,
			want: table(t, "d", `<http://ex/tea>`, `<http://ex/coffee>`)},
		{name: "reduced keeps every distinct solution", query: `SELECT REDUCED ?d { GRAPH ?g { ?p :likes ?d } } ORDER BY ?d`, ordered: true,
			want: table(t, "d", `<http://ex/coffee>`, `<http://ex/tea>`)},
		{name: "select expression over an aggregate", query: `SELECT ((COUNT(*) * 2) AS ?twice) { ?p :knows ?q }`,
			want: table(t, "twice", `8`)},
		{name: "BNODE is the same within a solution", query: `SELECT (SAMETERM(BNODE("x"), BNODE("x")) AS ?same) (SAMETERM(BNODE(), BNODE()) AS ?fresh) {}`,
			want: table(t, "same fresh", `true | false`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runSelect(t, r, pre+tc.query, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := results.Equivalent(tc.want, got, tc.ordered); err != nil {
				t.Errorf("%s\n%v", tc.query, err)
			}
		})
	}
}
