package rdf

import "testing"

func TestIsomorphic(t *testing.T) {
	p, q := IRI("http://ex/p"), IRI("http://ex/q")
	a, b, c := Blank("a"), Blank("b"), Blank("c")
	x, y, z := Blank("x"), Blank("y"), Blank("z")
	lit := String("v")
	tests := []struct {
		name string
		g1   []Triple
		g2   []Triple
		want bool
	}{
		{"empty", nil, nil, true},
		{"ground equal", []Triple{{IRI("http://ex/s"), p, lit}}, []Triple{{IRI("http://ex/s"), p, lit}}, true},
		{"ground differ", []Triple{{IRI("http://ex/s"), p, lit}}, []Triple{{IRI("http://ex/s"), p, String("w")}}, false},
		{"renamed", []Triple{{a, p, b}, {b, q, lit}}, []Triple{{x, p, y}, {y, q, lit}}, true},
		{"direction matters", []Triple{{a, p, b}, {b, q, lit}}, []Triple{{y, p, x}, {y, q, lit}}, false},
		{"cycle of 3 vs 3", []Triple{{a, p, b}, {b, p, c}, {c, p, a}}, []Triple{{x, p, y}, {y, p, z}, {z, p, x}}, true},
		// Two 3-cycles vs one 6-cycle: the same degrees everywhere, so colour
		// refinement alone cannot tell them apart; the search must.
		{"two triangles vs hexagon",
			[]Triple{{a, p, b}, {b, p, c}, {c, p, a}, {Blank("d"), p, Blank("e")}, {Blank("e"), p, Blank("f")}, {Blank("f"), p, Blank("d")}},
			[]Triple{{x, p, y}, {y, p, z}, {z, p, Blank("u")}, {Blank("u"), p, Blank("v")}, {Blank("v"), p, Blank("w")}, {Blank("w"), p, x}},
			false},
		{"blank count differs", []Triple{{a, p, lit}, {b, p, lit}}, []Triple{{x, p, lit}}, false},
		{"duplicates ignored", []Triple{{a, p, lit}, {a, p, lit}}, []Triple{{x, p, lit}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Isomorphic(tt.g1, tt.g2); got != tt.want {
				t.Errorf("Isomorphic = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTermString(t *testing.T) {
	tests := []struct {
		t    Term
		want string
	}{
		{IRI("http://ex/a b"), `<http://ex/a\u0020b>`},
		{String("say \"hi\"\n"), `"say \"hi\"\n"`},
		{LangString("Hallo", "DE-de"), `"Hallo"@de-de`},
		{Literal("1", XSDInteger), `"1"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{Literal("x", ""), `"x"`},
		{Blank("b0"), `_:b0`},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("%#v.String() = %s, want %s", tt.t, got, tt.want)
		}
	}
	if String("x") != Literal("x", XSDString) {
		t.Error("simple literal and xsd:string literal must be equal terms")
	}
}

func TestBlankScope(t *testing.T) {
	s1, s2 := NewBlankScope(), NewBlankScope()
	if s1.Label("b1") != s1.Label("b1") {
		t.Error("same label in one scope must give the same node")
	}
	if s1.Label("b1") == s2.Label("b1") {
		t.Error("same label in two scopes must give different nodes")
	}
	if s1.Fresh() == s1.Label("b1") {
		t.Error("fresh node collides with a labelled one")
	}
}
