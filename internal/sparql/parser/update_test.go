package parser

import (
	"errors"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

func TestParseUpdateAlgebra(t *testing.T) {
	tests := []struct {
		name, update, want string
	}{
		{"empty request", ``, `(update)`},
		{"prologue only", `PREFIX : <http://e/>`, `(update)`},
		{"insert data with graphs and blank nodes",
			`PREFIX : <http://e/> INSERT DATA { :a :b _:c . GRAPH :g { :x :y "z"@en, [] } :d :e 1 }`,
			`(update (insertdata (triple <http://e/a> <http://e/b> _:c) (quad <http://e/g> <http://e/x> <http://e/y> "z"@en) (quad <http://e/g> <http://e/x> <http://e/y> _:.1) (triple <http://e/d> <http://e/e> 1)))`},
		{"delete data", `DELETE DATA { <x:a> <x:b> <x:c> GRAPH <x:g> { <x:a> <x:b> "d" } }`,
			`(update (deletedata (triple <x:a> <x:b> <x:c>) (quad <x:g> <x:a> <x:b> "d")))`},
		{"delete where", `PREFIX : <http://e/> DELETE WHERE { ?s :p ?o GRAPH ?g { ?s ?p ?o } }`,
			`(update (modify (delete (triple ?s <http://e/p> ?o) (quad ?g ?s ?p ?o)) (join (bgp (triple ?s <http://e/p> ?o)) (graph ?g (bgp (triple ?s ?p ?o))))))`},
		{"with, using, delete and insert",
			`PREFIX : <http://e/> WITH :g DELETE { ?a :b ?c } INSERT { ?a :b [] ; :n _:x } USING :h USING NAMED :i WHERE { ?a :b ?c OPTIONAL { _:w :q ?c } }`,
			`(update (modify (with <http://e/g>) (using <http://e/h>) (using named <http://e/i>) (delete (triple ?a <http://e/b> ?c)) (insert (triple ?a <http://e/b> _:.1) (triple ?a <http://e/n> _:x)) (leftjoin (bgp (triple ?a <http://e/b> ?c)) (bgp (triple ??w <http://e/q> ?c)))))`},
		{"insert where", `INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }`,
			`(update (modify (insert (quad ?g ?s ?p ?o)) (graph ?g (bgp (triple ?s ?p ?o)))))`},
		{"empty delete template", `DELETE {} WHERE {}`, `(update (modify (delete) (bgp)))`},
		{"graph management",
			`LOAD SILENT <http://x/d> INTO GRAPH <http://x/g> ; LOAD <http://x/e> ; CLEAR ALL; CLEAR SILENT DEFAULT ; DROP NAMED ; DROP GRAPH <x:g> ; CREATE SILENT GRAPH <x:h>`,
			`(update (load silent <http://x/d> <http://x/g>) (load <http://x/e>) (clear all) (clear silent default) (drop named) (drop <x:g>) (create silent <x:h>))`},
		{"add, move and copy", `ADD <x:a> TO DEFAULT ; MOVE SILENT GRAPH <x:a> TO <x:b> ; COPY DEFAULT TO GRAPH <x:c>`,
			`(update (add <x:a> default) (move silent <x:a> <x:b>) (copy default <x:c>))`},
		{"prologue between operations and trailing semicolon",
			`PREFIX a: <http://a/> CLEAR GRAPH a:g ; PREFIX a: <http://b/> CLEAR GRAPH a:g ;`,
			`(update (clear <http://a/g>) (clear <http://b/g>))`},
		{"blank node labels may repeat in the WHERE clauses of two operations",
			`DELETE { ?s <x:p> ?o } WHERE { ?s <x:p> _:b } ; DELETE { ?s <x:q> ?o } WHERE { ?s <x:q> _:b }`,
			`(update (modify (delete (triple ?s <x:p> ?o)) (bgp (triple ?s <x:p> ??b))) (modify (delete (triple ?s <x:q> ?o)) (bgp (triple ?s <x:q> ??b))))`},
		{"same blank node label within one INSERT DATA", `INSERT DATA { GRAPH <x:g1> { _:b <x:p> 1 } GRAPH <x:g2> { _:b <x:p> 2 } }`,
			`(update (insertdata (quad <x:g1> _:b <x:p> 1) (quad <x:g2> _:b <x:p> 2)))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUpdate(tt.update, "")
			if err != nil {
				t.Fatalf("ParseUpdate(%q): %v", tt.update, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("ParseUpdate(%q)\n got %s\nwant %s", tt.update, got, tt.want)
			}
		})
	}
}

func TestParseUpdateGroundQuads(t *testing.T) {
	u, err := ParseUpdate(`INSERT DATA { <x:s> <x:p> "o" GRAPH <x:g> { <x:s> <x:p> 2 } }`, "")
	if err != nil {
		t.Fatal(err)
	}
	ins, ok := u.Operations[0].(*algebra.InsertData)
	if !ok {
		t.Fatalf("operation is %T, want *algebra.InsertData", u.Operations[0])
	}
	want := []rdf.Quad{
		{S: rdf.IRI("x:s"), P: rdf.IRI("x:p"), O: rdf.String("o")},
		{S: rdf.IRI("x:s"), P: rdf.IRI("x:p"), O: rdf.Literal("2", rdf.XSDInteger), G: rdf.IRI("x:g")},
	}
	if len(ins.Quads) != len(want) {
		t.Fatalf("got %d quads, want %d", len(ins.Quads), len(want))
	}
	for i := range want {
		if ins.Quads[i] != want[i] {
			t.Errorf("quad %d = %v, want %v", i, ins.Quads[i], want[i])
		}
	}
}

func TestParseUpdateErrors(t *testing.T) {
	tests := []struct {
		name, update string
		line, col    int
		msg          string
	}{
		{"variable in insert data", "INSERT DATA { ?s <x:p> <x:o> }", 1, 15, "variables are not allowed in INSERT DATA or DELETE DATA"},
		{"graph variable in delete data", "DELETE DATA { GRAPH ?g { <x:s> <x:p> <x:o> } }", 1, 21, "variables are not allowed in INSERT DATA or DELETE DATA"},
		{"blank node in delete data", "DELETE DATA { _:a <x:p> <x:o> }", 1, 15, "blank nodes are not allowed in DELETE templates or DELETE DATA"},
		{"blank node in delete where", "DELETE WHERE { [] <x:p> <x:o> }", 1, 16, "blank nodes are not allowed in DELETE templates or DELETE DATA"},
		{"blank node label shared by two operations", "INSERT DATA { _:a <x:p> 1 } ;\nINSERT DATA { _:a <x:p> 2 }", 2, 15, "blank node _:a is used in two update operations"},
		{"missing semicolon", "CLEAR ALL CLEAR ALL", 1, 11, `expected ";" or end of update, found "CLEAR"`},
		{"double semicolon", "CLEAR ALL ;; CLEAR ALL", 1, 12, `expected an update operation (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY or WITH), found ";"`},
		{"nested graph", "INSERT DATA { GRAPH <x:g> { GRAPH <x:h> { } } }", 1, 29, `expected "}", found "GRAPH"`},
		{"modify without where", "DELETE { ?s ?p ?o }", 1, 20, `expected "WHERE", found end of input`},
		{"a query is not an update", "SELECT * {}", 1, 1, `expected an update operation (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY or WITH), found "SELECT"`},
		{"clear needs a target", "CLEAR <x:g>", 1, 7, `expected GRAPH <iri>, DEFAULT, NAMED or ALL, found <x:g>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUpdate(tt.update, "")
			if err == nil {
				t.Fatalf("ParseUpdate(%q) = %s, want an error", tt.update, u)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Column != tt.col || se.Msg != tt.msg {
				t.Errorf("ParseUpdate(%q) error\n got line %d, column %d: %s\nwant line %d, column %d: %s",
					tt.update, se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}
