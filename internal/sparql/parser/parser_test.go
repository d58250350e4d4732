package parser

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

const testBase = "http://base/"

// TestParseQueryAlgebra checks the §18.2 translation of queries through
// the canonical text form of the algebra.
func TestParseQueryAlgebra(t *testing.T) {
	tests := []struct {
		name, query, want string
	}{
		{"select star", `SELECT * WHERE { ?s ?p ?o }`,
			`(select (project (?s ?p ?o) (bgp (triple ?s ?p ?o))))`},
		{"filter applies to whole group and does not split the BGP",
			`SELECT ?s WHERE { ?s <p> ?o FILTER(?o > 1) ?s <q> ?z }`,
			`(select (project (?s) (filter (> ?o 1) (bgp (triple ?s <http://base/p> ?o) (triple ?s <http://base/q> ?z)))))`},
		{"optional takes its group's filter",
			`SELECT * { ?s <p> ?o OPTIONAL { ?o <q> ?z FILTER(?z != ?s) } FILTER(bound(?z)) }`,
			`(select (project (?s ?o ?z) (filter (bound ?z) (leftjoin (bgp (triple ?s <http://base/p> ?o)) (bgp (triple ?o <http://base/q> ?z)) (!= ?z ?s)))))`},
		{"optionals nest to the left",
			`SELECT * { ?s <p> ?o OPTIONAL { ?o <q> ?z } OPTIONAL { ?o <r> ?w } }`,
			`(select (project (?s ?o ?z ?w) (leftjoin (leftjoin (bgp (triple ?s <http://base/p> ?o)) (bgp (triple ?o <http://base/q> ?z))) (bgp (triple ?o <http://base/r> ?w)))))`},
		{"union", `SELECT * { { ?s <p> ?o } UNION { ?s <q> ?o } UNION { ?s <r> ?o } }`,
			`(select (project (?s ?o) (union (union (bgp (triple ?s <http://base/p> ?o)) (bgp (triple ?s <http://base/q> ?o))) (bgp (triple ?s <http://base/r> ?o)))))`},
		{"minus", `SELECT * { ?s <p> ?o MINUS { ?s <q> ?o } }`,
			`(select (project (?s ?o) (minus (bgp (triple ?s <http://base/p> ?o)) (bgp (triple ?s <http://base/q> ?o)))))`},
		{"bind ends the BGP", `SELECT * { ?s <p> ?o BIND(?o + 1 AS ?n) ?n <q> ?z }`,
			`(select (project (?s ?o ?n ?z) (join (extend ((?n (+ ?o 1))) (bgp (triple ?s <http://base/p> ?o))) (bgp (triple ?n <http://base/q> ?z)))))`},
		{"graph", `SELECT * { GRAPH ?g { ?s <p> ?o } GRAPH <g> { } }`,
			`(select (project (?g ?s ?o) (join (graph ?g (bgp (triple ?s <http://base/p> ?o))) (graph <http://base/g> (bgp)))))`},
		{"service", `SELECT * { SERVICE SILENT <http://remote/sparql> { ?s ?p ?o } }`,
			`(select (project (?s ?p ?o) (service silent <http://remote/sparql> (bgp (triple ?s ?p ?o)))))`},
		{"values inside the group and after the query",
			`SELECT * { ?s <p> ?o VALUES (?o ?z) { (1 UNDEF) (UNDEF "a") } } VALUES ?s { <a> }`,
			`(select (project (?s ?o ?z) (join (join (bgp (triple ?s <http://base/p> ?o)) (table (vars ?o ?z) (row [?o 1]) (row [?z "a"]))) (table (vars ?s) (row [?s <http://base/a>])))))`},
		{"empty group", `SELECT * {}`, `(select (project () (bgp)))`},
		{"optional first", `SELECT * { OPTIONAL { ?s ?p ?o } }`,
			`(select (project (?s ?p ?o) (leftjoin (bgp) (bgp (triple ?s ?p ?o)))))`},
		{"group by, having and order by with aggregates",
			`SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (GROUP_CONCAT(?o; separator=", ") AS ?all) { ?s <p> ?o } GROUP BY ?s HAVING (COUNT(DISTINCT ?o) > 2) ORDER BY DESC(?n) ?s`,
			`(select (project (?s ?n ?all) (order ((desc ?n) ?s) (extend ((?all ?.1)) (extend ((?n ?.0)) (filter (> ?.0 2) (group (?s) ((?.0 (count distinct ?o)) (?.1 (group_concat (separator ", ") ?o))) (bgp (triple ?s <http://base/p> ?o)))))))))`},
		{"implicit grouping", `SELECT (SUM(?x) AS ?t) (AVG(?x) AS ?m) (SAMPLE(?x) AS ?a) { ?s <v> ?x }`,
			`(select (project (?t ?m ?a) (extend ((?a ?.2)) (extend ((?m ?.1)) (extend ((?t ?.0)) (group () ((?.0 (sum ?x)) (?.1 (avg ?x)) (?.2 (sample ?x))) (bgp (triple ?s <http://base/v> ?x))))))))`},
		{"group by expressions", `SELECT ?k (COUNT(*) AS ?c) { ?s <v> ?x } GROUP BY (?x * 2 AS ?k) STR(?s)`,
			`(select (project (?k ?c) (extend ((?c ?.0)) (group ((?k (* ?x 2)) (str ?s)) ((?.0 (count))) (bgp (triple ?s <http://base/v> ?x))))))`},
		{"aggregate only in ORDER BY", `SELECT (COUNT(*) AS ?c) { ?s ?p ?o } ORDER BY (SUM(?o))`,
			`(select (project (?c) (order (?.1) (extend ((?c ?.0)) (group () ((?.0 (count)) (?.1 (sum ?o))) (bgp (triple ?s ?p ?o)))))))`},
		{"modifiers", `SELECT DISTINCT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 5`,
			`(select (slice 5 10 (distinct (project (?s) (order (?s) (bgp (triple ?s ?p ?o)))))))`},
		{"reduced and offset only", `SELECT REDUCED ?s { ?s ?p ?o } OFFSET 5`,
			`(select (slice 5 _ (reduced (project (?s) (bgp (triple ?s ?p ?o))))))`},
		{"sub-select", `SELECT ?x { { SELECT ?x (COUNT(*) AS ?c) { ?x ?p ?o } GROUP BY ?x } FILTER(?c > 1) }`,
			`(select (project (?x) (filter (> ?c 1) (project (?x ?c) (extend ((?c ?.0)) (group (?x) ((?.0 (count))) (bgp (triple ?x ?p ?o))))))))`},
		{"aggregates of a sub-select and of the outer query get distinct variables",
			`SELECT (MAX(?c) AS ?m) { { SELECT (COUNT(*) AS ?c) { ?x ?p ?o } GROUP BY ?x } }`,
			`(select (project (?m) (extend ((?m ?.1)) (group () ((?.1 (max ?c))) (project (?c) (extend ((?c ?.0)) (group (?x) ((?.0 (count))) (bgp (triple ?x ?p ?o)))))))))`},
		{"property paths",
			`SELECT * { ?s <p>|<q> ?o . ?s <a>/<b> ?o . ?s ^<p> ?o . ?s <p>* ?o . ?s !(<p>|^<q>) ?o . ?s ^(<p>/<q>) ?o . ?s a ?t }`,
			`(select (project (?s ?o ?t) (join (join (join (join (join (path ?s (alt <http://base/p> <http://base/q>) ?o) (bgp (triple ?s <http://base/a> ??.1) (triple ??.1 <http://base/b> ?o) (triple ?o <http://base/p> ?s))) (path ?s (path* <http://base/p>) ?o)) (path ?s (notoneof <http://base/p> (reverse <http://base/q>)) ?o)) (path ?s (reverse (seq <http://base/p> <http://base/q>)) ?o)) (bgp (triple ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?t)))))`},
		{"path modifiers", `SELECT * { ?s <p>+ ?o . ?s <p>? ?o . ?s !a ?o }`,
			`(select (project (?s ?o) (join (join (path ?s (path+ <http://base/p>) ?o) (path ?s (path? <http://base/p>) ?o)) (path ?s (notoneof <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) ?o))))`},
		{"collections and blank nodes become hidden variables",
			`SELECT * { ?s ?p ("x" ()) . [] <q> [ <r> ?z ] }`,
			`(select (project (?s ?p ?z) (bgp (triple ?s ?p ??.1) (triple ??.1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "x") (triple ??.1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ??.2) (triple ??.2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>) (triple ??.2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>) (triple ??.3 <http://base/q> ??.4) (triple ??.4 <http://base/r> ?z))))`},
		{"blank node label reused across a filter", `SELECT * { _:a <p> _:b . FILTER(true) _:a <r> ?x }`,
			`(select (project (?x) (filter true (bgp (triple ??a <http://base/p> ??b) (triple ??a <http://base/r> ?x)))))`},
		{"operators", `SELECT * { ?s ?p ?o FILTER(?o IN (1, 2.5, 3e0, "x", true)) FILTER(?o NOT IN ()) FILTER(!(?o = -1) && (?o < +2 || ?o >= 3)) }`,
			`(select (project (?s ?p ?o) (filter (exprlist (in ?o 1 2.5 3e0 "x" true) (notin ?o) (&& (! (= ?o -1)) (|| (< ?o +2) (>= ?o 3)))) (bgp (triple ?s ?p ?o)))))`},
		{"a signed number after an operand is an operator", `SELECT * { ?s ?p ?o FILTER(?o -1 = ?o - 1 * 2 / -?o) }`,
			`(select (project (?s ?p ?o) (filter (= (- ?o 1) (- ?o (/ (* 1 2) (- ?o)))) (bgp (triple ?s ?p ?o)))))`},
		{"function calls", `PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT * { ?s ?p ?o FILTER(xsd:integer(?o) = 1 && <http://ex/f>(?o) && regex(str(?o), "^a", "i") && isURI(?s) && uri("x") = ?s && COALESCE(?x, 1) && CONCAT() = "" && BNODE() != BNODE("a")) }`,
			`(select (project (?s ?p ?o) (filter (&& (&& (&& (&& (&& (&& (&& (= (<http://www.w3.org/2001/XMLSchema#integer> ?o) 1) (<http://ex/f> ?o)) (regex (str ?o) "^a" "i")) (isiri ?s)) (= (iri "x") ?s)) (coalesce ?x 1)) (= (concat) "")) (!= (bnode) (bnode "a"))) (bgp (triple ?s ?p ?o)))))`},
		{"exists", `SELECT * { ?s ?p ?o FILTER EXISTS { ?s <q> ?z } FILTER NOT EXISTS { ?s <r> ?z } }`,
			`(select (project (?s ?p ?o) (filter (exprlist (exists (bgp (triple ?s <http://base/q> ?z))) (notexists (bgp (triple ?s <http://base/r> ?z)))) (bgp (triple ?s ?p ?o)))))`},
		{"select expression", `SELECT ?s (?o * 2 AS ?d) { ?s ?p ?o }`,
			`(select (project (?s ?d) (extend ((?d (* ?o 2))) (bgp (triple ?s ?p ?o)))))`},
		{"construct keeps blank nodes in the template", `CONSTRUCT { ?s <p> _:b . _:b <q> [ <r> ?o ] } WHERE { ?s <p> ?o }`,
			`(construct (template (triple ?s <http://base/p> _:b) (triple _:b <http://base/q> _:.1) (triple _:.1 <http://base/r> ?o)) (bgp (triple ?s <http://base/p> ?o)))`},
		{"construct where", `CONSTRUCT WHERE { ?s <p> ?o . ?o <q> _:x }`,
			`(construct (template (triple ?s <http://base/p> ?o) (triple ?o <http://base/q> _:x)) (bgp (triple ?s <http://base/p> ?o) (triple ?o <http://base/q> ??x)))`},
		{"construct with modifiers", `CONSTRUCT {} WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1`,
			`(construct (template) (slice _ 1 (order (?s) (bgp (triple ?s ?p ?o)))))`},
		{"ask with dataset", `ASK FROM <g1> FROM NAMED <g2> { ?s ?p ?o }`,
			`(ask (from <http://base/g1>) (from named <http://base/g2>) (bgp (triple ?s ?p ?o)))`},
		{"describe", `DESCRIBE <http://ex/a> ?x WHERE { ?x ?p ?o }`,
			`(describe (<http://ex/a> ?x) (bgp (triple ?x ?p ?o)))`},
		{"describe without where", `DESCRIBE <http://ex/a>`, `(describe (<http://ex/a>) (table unit))`},
		{"describe star", `DESCRIBE * { ?x <p> ?y }`, `(describe (?x ?y) (bgp (triple ?x <http://base/p> ?y)))`},
		{"base, prefixes and literals",
			`BASE <http://example.org/dir/doc> PREFIX : <#> PREFIX ex: <../other/> SELECT * { <x> :p ex:q, <//host/y>, "chat"@EN-gb, "1"^^ex:t, 'a\n\'b', """long "quoted" string""" }`,
			`(select (project () (bgp (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> <http://example.org/other/q>) (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> <http://host/y>) (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> "chat"@en-gb) (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> "1"^^<http://example.org/other/t>) (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> "a\n'b") (triple <http://example.org/dir/x> <http://example.org/dir/doc#p> "long \"quoted\" string"))))`},
		{"numbers and booleans", `SELECT * { ?s ?p 1, -2, +3.5, .5, 1e10, -1.2E-3, 1.e2, true, FALSE }`,
			`(select (project (?s ?p) (bgp (triple ?s ?p 1) (triple ?s ?p -2) (triple ?s ?p +3.5) (triple ?s ?p .5) (triple ?s ?p 1e10) (triple ?s ?p -1.2E-3) (triple ?s ?p 1.e2) (triple ?s ?p true) (triple ?s ?p false))))`},
		{"keywords are case-insensitive", `select * where { ?s a ?t } limit 1`,
			`(select (slice _ 1 (project (?s ?t) (bgp (triple ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?t)))))`},
		{"prefixed names with escapes, percent-encoding and colons",
			`PREFIX e: <http://e/> SELECT * { e:a\.b e:c%20d e:1 . e:x e:a.b e:: }`,
			`(select (project () (bgp (triple <http://e/a.b> <http://e/c%20d> <http://e/1>) (triple <http://e/x> <http://e/a.b> <http://e/:>))))`},
		{"string escapes", `SELECT * { ?s ?p "\u00e9\U0001F46A\t\"" }`,
			`(select (project (?s ?p) (bgp (triple ?s ?p "é👪\t\""))))`},
		{"IRI escapes", `SELECT * { ?s ?p <http://e/\u00e9> }`,
			`(select (project (?s ?p) (bgp (triple ?s ?p <http://e/é>))))`},
		{"variables with $ and unicode", `SELECT $x ?été { $x ?p ?été }`,
			`(select (project (?x ?été) (bgp (triple ?x ?p ?été))))`},
		{"comments", "SELECT * # comment { }\n{ ?s ?p ?o # more\n}",
			`(select (project (?s ?p ?o) (bgp (triple ?s ?p ?o))))`},
		{"less-than before a prefixed name with an escape", `PREFIX e: <http://e/> ASK { FILTER(?a<e:b\.c) }`,
			`(ask (filter (< ?a <http://e/b.c>) (bgp)))`},
		{"less-than is not an IRI", `SELECT * { ?a ?p ?b FILTER(?a<?b || ?b<=?a) }`,
			`(select (project (?a ?p ?b) (filter (|| (< ?a ?b) (<= ?b ?a)) (bgp (triple ?a ?p ?b)))))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.query, testBase)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.query, err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("ParseQuery(%q)\n got %s\nwant %s", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseQueryFields(t *testing.T) {
	q, err := ParseQuery(`BASE <http://b/> SELECT ?x (1 AS ?one) FROM <g> { ?x ?p ?o }`, "")
	if err != nil {
		t.Fatal(err)
	}
	if q.Form != algebra.FormSelect || q.Base != "http://b/" || len(q.Prefixes) != 0 {
		t.Errorf("form %v base %q", q.Form, q.Base)
	}
	if got := varsText(q.Vars); got != "?x ?one" {
		t.Errorf("Vars = %s, want ?x ?one", got)
	}
	if q.Dataset == nil || len(q.Dataset.Default) != 1 || q.Dataset.Default[0] != "http://b/g" || q.Dataset.Named != nil {
		t.Errorf("Dataset = %+v", q.Dataset)
	}

	q, err = ParseQuery(`PREFIX e: <http://e/> PREFIX : <http://d/> SELECT * { ?x ?p [ ?q ?y ] }`, "")
	if err != nil {
		t.Fatal(err)
	}
	if q.Prefixes["e"] != "http://e/" || q.Prefixes[""] != "http://d/" || len(q.Prefixes) != 2 {
		t.Errorf("Prefixes = %v", q.Prefixes)
	}
	if got := varsText(q.Vars); got != "?x ?p ?q ?y" {
		t.Errorf("SELECT * Vars = %s, want the visible variables ?x ?p ?q ?y", got)
	}
}

func varsText(vs []algebra.Var) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, " ")
}

// TestParseQueryErrors checks that bad queries give a SyntaxError at the
// right place with a message that says what was expected.
func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name, query string
		line, col   int
		msg         string
	}{
		{"sub-select not alone in group", "PREFIX : <http://e/>\nSELECT * {\n  ?s :p ?o . SELECT ?x { } }",
			3, 14, `expected "}", a triple pattern or a graph pattern, found "SELECT"`},
		{"missing dot", "SELECT * { <x:a> <x:b> <x:c> <x:d> <x:e> <x:f> }", 1, 30, `expected "." between triple patterns, found <x:d>`},
		{"unterminated group", "SELECT * { ?s ?p ?o ", 1, 21, `expected "}", a triple pattern or a graph pattern, found end of input`},
		{"undefined prefix", "SELECT * { ex:a ?p ?o }", 1, 12, `undefined prefix "ex:"`},
		{"relative IRI without base", "SELECT * { <a> ?p ?o }", 1, 12, "relative IRI <a> with no base IRI"},
		{"bad keyword", "SELEC * {}", 1, 1, `expected SELECT, CONSTRUCT, DESCRIBE or ASK, found "SELEC"`},
		{"trailing garbage", "ASK {} }", 1, 8, `expected end of query, found "}"`},
		{"unterminated string", "SELECT * { ?s ?p \"abc }", 1, 18, "unterminated string"},
		{"newline in short string", "SELECT * { ?s ?p 'a\nb' }", 1, 20, "line break in a short string (use a long string or \\n)"},
		{"bad escape", `SELECT * { ?s ?p "\q" }`, 1, 19, `bad escape sequence "\q"`},
		{"surrogate escape", `SELECT * { ?s ?p "\uD800" }`, 1, 19, "escape sequence names a surrogate code point"},
		{"unicode column", "SELECT * { ?s ?p 'été' . ?s ?p }", 1, 32, `expected a variable, an IRI, a literal or a blank node, found "}"`},
		{"bind scope", "SELECT * { ?s ?p ?o BIND(1 AS ?o) }", 1, 31, "BIND assigns ?o, which is already in scope"},
		{"select expression scope", "SELECT (1 AS ?o) { ?s ?p ?o }", 1, 14, "SELECT expression assigns ?o, which is already in scope"},
		{"select expression duplicate", "SELECT (1 AS ?a) (2 AS ?a) {}", 1, 24, "SELECT expression assigns ?a, which is already in scope"},
		{"ungrouped variable", "SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1, 8, "variable ?o is neither grouped nor aggregated"},
		{"ungrouped variable in expression", "SELECT (?o + 1 AS ?x) (COUNT(*) AS ?c) { ?s ?p ?o }", 1, 19, "expression for ?x uses ?o, which is neither grouped nor aggregated"},
		{"select star with group by", "SELECT * { ?s ?p ?o } GROUP BY ?s", 1, 1, "SELECT * is not allowed in a query with GROUP BY or aggregates"},
		{"aggregate in filter", "SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }", 1, 28, "aggregate COUNT is not allowed here"},
		{"nested aggregate", "SELECT (SUM(COUNT(?o)) AS ?x) { ?s ?p ?o }", 1, 13, "aggregate COUNT is not allowed here"},
		{"blank node in two BGPs", "SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?z } }", 1, 33, "blank node _:a is used in two basic graph patterns"},
		{"values row too short", "SELECT * {} VALUES (?a ?b) { (1) }", 1, 30, "VALUES row has 1 values for 2 variables"},
		{"wrong arity", "SELECT * { FILTER(STRLEN(?a, ?b)) }", 1, 19, "STRLEN takes 1 argument"},
		{"BOUND needs a variable", "SELECT * { FILTER(BOUND(1)) }", 1, 25, `expected a variable, found "1"`},
		{"unknown function", "SELECT * { FILTER(FOO(?x)) }", 1, 19, `expected an expression, found "FOO"`},
		{"OFFSET twice", "SELECT * {} OFFSET 0 OFFSET 1", 1, 22, `expected end of query, found "OFFSET"`},
		{"LIMIT needs an integer", "SELECT * {} LIMIT -1", 1, 19, `expected an integer after LIMIT, found "-1"`},
		{"too deep", "SELECT * { FILTER(" + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300) + ") }", 1, 218, "nesting deeper than 200 levels"},
		{"bad character", "SELECT * { ?s ?p ?o ~ }", 1, 21, `unexpected character "~"`},
		{"invalid UTF-8", "SELECT * { ?s ?p '\xff' }", 1, 19, "invalid UTF-8"},
		{"dollar alone", "SELECT $ {}", 1, 8, `"$" must start a variable name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.query, "")
			if err == nil {
				t.Fatalf("ParseQuery(%q) = %s, want an error", tt.query, q)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Column != tt.col || se.Msg != tt.msg {
				t.Errorf("ParseQuery(%q) error\n got line %d, column %d: %s\nwant line %d, column %d: %s",
					tt.query, se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
			if strings.HasPrefix(tt.msg, "expected ") && (se.Expected == "" || se.Found == "" ||
				tt.msg != "expected "+se.Expected+", found "+se.Found) {
				t.Errorf("Expected %q and Found %q do not match the message %q", se.Expected, se.Found, tt.msg)
			}
			want := "line " + itoa(tt.line) + ", column " + itoa(tt.col) + ": " + tt.msg
			if err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseQueryRejectsRelativeBase(t *testing.T) {
	if _, err := ParseQuery("ASK {}", "relative/base"); err == nil {
		t.Fatal("a relative base IRI was accepted")
	}
}
