package algebra

import (
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func v(name string) TermOrVar { return VarNode(Var(name)) }
func iri(s string) TermOrVar  { return TermNode(rdf.IRI(s)) }

func bgp(ts ...TriplePattern) *BGP { return &BGP{Triples: ts} }

func tp(s, p, o TermOrVar) TriplePattern { return TriplePattern{s, p, o} }

func TestVar(t *testing.T) {
	tests := []struct {
		v      Var
		hidden bool
		text   string
	}{
		{"x", false, "?x"}, {"_b", false, "?_b"}, {"?b1", true, "??b1"}, {".0", true, "?.0"},
	}
	for _, tt := range tests {
		if tt.v.Hidden() != tt.hidden || tt.v.String() != tt.text {
			t.Errorf("Var(%q): Hidden %v String %q; want %v %q", string(tt.v), tt.v.Hidden(), tt.v.String(), tt.hidden, tt.text)
		}
	}
}

func TestTermText(t *testing.T) {
	tests := []struct {
		term rdf.Term
		want string
	}{
		{rdf.Literal("12", rdf.XSDInteger), "12"},
		{rdf.Literal("-12", rdf.XSDInteger), "-12"},
		{rdf.Literal("1x", rdf.XSDInteger), `"1x"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{rdf.Literal("1.5", rdf.XSDDecimal), "1.5"},
		{rdf.Literal(".5", rdf.XSDDecimal), ".5"},
		{rdf.Literal("1.", rdf.XSDDecimal), `"1."^^<http://www.w3.org/2001/XMLSchema#decimal>`},
		{rdf.Literal("1e3", rdf.XSDDouble), "1e3"},
		{rdf.Literal("-1.5E-3", rdf.XSDDouble), "-1.5E-3"},
		{rdf.Literal("1.5", rdf.XSDDouble), `"1.5"^^<http://www.w3.org/2001/XMLSchema#double>`},
		{rdf.Literal("INF", rdf.XSDDouble), `"INF"^^<http://www.w3.org/2001/XMLSchema#double>`},
		{rdf.Literal("true", rdf.XSDBoolean), "true"},
		{rdf.Literal("1", rdf.XSDBoolean), `"1"^^<http://www.w3.org/2001/XMLSchema#boolean>`},
		{rdf.String("a\"b"), `"a\"b"`},
		{rdf.LangString("chat", "FR"), `"chat"@fr`},
		{rdf.Blank("b0"), "_:b0"},
		{rdf.IRI("http://e/x"), "<http://e/x>"},
	}
	for _, tt := range tests {
		if got := TermNode(tt.term).String(); got != tt.want {
			t.Errorf("%#v: got %s, want %s", tt.term, got, tt.want)
		}
		if got := (Const{Term: tt.term}).String(); got != tt.want {
			t.Errorf("Const %#v: got %s, want %s", tt.term, got, tt.want)
		}
	}
}

func TestPatternText(t *testing.T) {
	x, y := Var("x"), Var("y")
	b := bgp(tp(v("x"), iri("http://e/p"), v("y")))
	tests := []struct {
		p    Pattern
		want string
	}{
		{&Table{Vars: []Var{x, y}, Rows: [][]rdf.Term{{rdf.IRI("http://e/a"), {}}, {{}, {}}}},
			`(table (vars ?x ?y) (row [?x <http://e/a>]) (row))`},
		{Unit(), `(table unit)`},
		{&Slice{Pattern: b, Offset: 0, Limit: -1}, `(slice _ _ (bgp (triple ?x <http://e/p> ?y)))`},
		{&LeftJoin{Left: &BGP{}, Right: b, Exprs: []Expr{x, &Unary{Op: OpNot, Arg: y}}},
			`(leftjoin (bgp) (bgp (triple ?x <http://e/p> ?y)) (exprlist ?x (! ?y)))`},
		{&Group{Pattern: b, Keys: []GroupKey{{Var: x, Expr: x}, {Expr: &Call{Name: "STR", Args: []Expr{y}}}},
			Aggregates: []AggregateBinding{{Var: ".0", Aggregate: &Aggregate{Func: AggGroupConcat, Separator: " ", Expr: y, Distinct: true}},
				{Var: ".1", Aggregate: &Aggregate{Func: AggCustom, IRI: "http://e/agg", Args: []Expr{x, y}}}}},
			`(group (?x (str ?y)) ((?.0 (group_concat distinct ?y)) (?.1 (agg <http://e/agg> ?x ?y))) (bgp (triple ?x <http://e/p> ?y)))`},
		{&Path{Subject: v("x"), Path: &PathSequence{Left: &PathInverse{Path: PathLink{IRI: "http://e/p"}},
			Right: &PathNegated{Inverse: []string{"http://e/q"}}}, Object: iri("http://e/o")},
			`(path ?x (seq (reverse <http://e/p>) (notoneof (reverse <http://e/q>))) <http://e/o>)`},
		{&Service{Name: v("s"), Pattern: b}, `(service ?s (bgp (triple ?x <http://e/p> ?y)))`},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestUpdateText(t *testing.T) {
	u := &Update{Operations: []Operation{
		&DeleteData{Quads: []rdf.Quad{{S: rdf.IRI("x:s"), P: rdf.IRI("x:p"), O: rdf.String("o"), G: rdf.IRI("x:g")}}},
		&Transfer{Op: TransferMove, Source: GraphTarget{Kind: TargetDefault}, Destination: GraphTarget{Kind: TargetGraph, IRI: "x:g"}, Silent: true},
		&Drop{Target: GraphTarget{Kind: TargetAll}},
		&Modify{Insert: []QuadPattern{{S: v("s"), P: iri("x:p"), O: TermNode(rdf.Blank("b")), G: v("g")}}, Pattern: &BGP{}},
	}}
	want := `(update (deletedata (quad <x:g> <x:s> <x:p> "o")) (move silent default <x:g>) (drop all) (modify (insert (quad ?g ?s <x:p> _:b)) (bgp)))`
	if got := u.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestInScope checks the variable scope rules of §18.2.1.
func TestInScope(t *testing.T) {
	left := bgp(tp(v("a"), iri("x:p"), v("?b0")))
	right := bgp(tp(v("a"), iri("x:q"), v("c")))
	tests := []struct {
		name    string
		p       Pattern
		all     []Var
		visible []Var
	}{
		{"bgp", left, []Var{"a", "?b0"}, []Var{"a"}},
		{"join", &Join{Left: left, Right: right}, []Var{"a", "?b0", "c"}, []Var{"a", "c"}},
		{"minus keeps the left side only", &Minus{Left: right, Right: left}, []Var{"a", "c"}, []Var{"a", "c"}},
		{"filter adds nothing", &Filter{Exprs: []Expr{Var("z")}, Pattern: right}, []Var{"a", "c"}, []Var{"a", "c"}},
		{"graph variable", &Graph{Name: v("g"), Pattern: right}, []Var{"g", "a", "c"}, []Var{"g", "a", "c"}},
		{"extend", &Extend{Pattern: right, Var: "d", Expr: Var("c")}, []Var{"a", "c", "d"}, []Var{"a", "c", "d"}},
		{"project hides the rest", &Project{Pattern: right, Vars: []Var{"c"}}, []Var{"c"}, []Var{"c"}},
		{"group binds keys and aggregates", &Group{Pattern: right, Keys: []GroupKey{{Var: "a", Expr: Var("a")}, {Expr: Var("c")}},
			Aggregates: []AggregateBinding{{Var: ".0", Aggregate: &Aggregate{Func: AggCount}}}}, []Var{"a", ".0"}, []Var{"a"}},
		{"table", &Table{Vars: []Var{"t"}}, []Var{"t"}, []Var{"t"}},
		{"path", &Path{Subject: v("s"), Path: PathLink{IRI: "x:p"}, Object: v("o")}, []Var{"s", "o"}, []Var{"s", "o"}},
		{"modifiers pass through", &Slice{Pattern: &Distinct{Pattern: &OrderBy{Pattern: right}}, Limit: 1}, []Var{"a", "c"}, []Var{"a", "c"}},
	}
	for _, tt := range tests {
		if got := InScope(tt.p); !slices.Equal(got, tt.all) {
			t.Errorf("%s: InScope = %v, want %v", tt.name, got, tt.all)
		}
		if got := VisibleVars(tt.p); !slices.Equal(got, tt.visible) {
			t.Errorf("%s: VisibleVars = %v, want %v", tt.name, got, tt.visible)
		}
	}
}

func TestWalkEntersExists(t *testing.T) {
	inner := bgp(tp(v("s"), iri("x:q"), v("z")))
	outer := &Filter{Exprs: []Expr{&Unary{Op: OpNot, Arg: &Exists{Pattern: inner}}}, Pattern: &BGP{}}
	var seen []Pattern
	Walk(outer, func(p Pattern) bool { seen = append(seen, p); return true })
	if len(seen) != 3 || seen[0] != Pattern(outer) || seen[1] != Pattern(inner) {
		t.Errorf("Walk visited %v", seen)
	}
	var none []Pattern
	Walk(outer, func(p Pattern) bool { none = append(none, p); return false })
	if len(none) != 1 {
		t.Errorf("Walk went on after fn returned false: %v", none)
	}
}

func TestExprVars(t *testing.T) {
	e := &Binary{Op: OpAnd, Left: &In{Expr: Var("a"), List: []Expr{Var("b"), Const{Term: rdf.String("x")}}},
		Right: &Call{Name: "BOUND", Args: []Expr{Var("a")}}}
	if got := ExprVars(e); !slices.Equal(got, []Var{"a", "b"}) {
		t.Errorf("ExprVars = %v, want [a b]", got)
	}
	if got := e.String(); got != `(&& (in ?a ?b "x") (bound ?a))` {
		t.Errorf("String = %s", got)
	}
}

func TestRewrite(t *testing.T) {
	a := bgp(tp(v("s"), iri("x:p"), v("o")))
	b := bgp(tp(v("s"), iri("x:q"), v("z")))
	orig := &Filter{Exprs: []Expr{Var("o")}, Pattern: &Join{Left: a, Right: b}}
	// Merge joins of two BGPs into one BGP.
	got := Rewrite(orig, func(p Pattern) Pattern {
		if j, ok := p.(*Join); ok {
			l, lok := j.Left.(*BGP)
			r, rok := j.Right.(*BGP)
			if lok && rok {
				return &BGP{Triples: append(slices.Clone(l.Triples), r.Triples...)}
			}
		}
		return p
	})
	want := `(filter ?o (bgp (triple ?s <x:p> ?o) (triple ?s <x:q> ?z)))`
	if got.String() != want {
		t.Errorf("Rewrite = %s, want %s", got, want)
	}
	if orig.String() != `(filter ?o (join (bgp (triple ?s <x:p> ?o)) (bgp (triple ?s <x:q> ?z))))` {
		t.Errorf("Rewrite modified its input: %s", orig)
	}
}

func TestVars(t *testing.T) {
	p := &Project{Vars: []Var{"k"}, Pattern: &Group{
		Keys:       []GroupKey{{Var: "k", Expr: Var("a")}},
		Aggregates: []AggregateBinding{{Var: ".0", Aggregate: &Aggregate{Func: AggCustom, IRI: "x:agg", Args: []Expr{Var("m")}}}},
		Pattern: &Filter{
			Exprs:   []Expr{&Exists{Pattern: bgp(tp(v("a"), v("p"), v("?b")))}},
			Pattern: &Graph{Name: v("g"), Pattern: &Table{Vars: []Var{"t"}}},
		},
	}}
	want := []Var{"k", ".0", "a", "m", "p", "?b", "g", "t"}
	if got := Vars(p); !slices.Equal(got, want) {
		t.Errorf("Vars = %v, want %v", got, want)
	}
}

func TestFormat(t *testing.T) {
	p := &Project{Vars: []Var{"s"}, Pattern: &Filter{
		Exprs:   []Expr{&Binary{Op: OpLess, Left: Var("o"), Right: Const{Term: rdf.String("a (b) <c>")}}},
		Pattern: bgp(tp(v("s"), iri("x:p"), v("o")), tp(v("o"), iri("x:q"), v("s"))),
	}}
	want := `(project (?s)
  (filter (< ?o "a (b) <c>")
    (bgp
      (triple ?s <x:p> ?o)
      (triple ?o <x:q> ?s))))`
	if got := Format(p); got != want {
		t.Errorf("Format =\n%s\nwant\n%s", got, want)
	}
}
