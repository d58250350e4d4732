package results

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestFromResultSetGraph(t *testing.T) {
	rs := func(local string) rdf.Term { return rdf.IRI(NSResultSet + local) }
	set, s1, s2, b1, b2, b3 := rdf.Blank("set"), rdf.Blank("s1"), rdf.Blank("s2"), rdf.Blank("b1"), rdf.Blank("b2"), rdf.Blank("b3")
	g := rdf.NewGraph(
		rdf.Triple{S: set, P: rdf.Type, O: rs("ResultSet")},
		rdf.Triple{S: set, P: rs("resultVariable"), O: rdf.String("x")},
		rdf.Triple{S: set, P: rs("resultVariable"), O: rdf.String("v")},
		rdf.Triple{S: set, P: rs("solution"), O: s1},
		rdf.Triple{S: set, P: rs("solution"), O: s2},
		rdf.Triple{S: s1, P: rs("index"), O: rdf.Literal("2", rdf.XSDInteger)},
		rdf.Triple{S: s1, P: rs("binding"), O: b1},
		rdf.Triple{S: b1, P: rs("variable"), O: rdf.String("x")},
		rdf.Triple{S: b1, P: rs("value"), O: rdf.IRI("http://example/a")},
		rdf.Triple{S: s2, P: rs("index"), O: rdf.Literal("1", rdf.XSDInteger)},
		rdf.Triple{S: s2, P: rs("binding"), O: b2},
		rdf.Triple{S: b2, P: rs("variable"), O: rdf.String("x")},
		rdf.Triple{S: b2, P: rs("value"), O: rdf.Blank("n")},
		rdf.Triple{S: s2, P: rs("binding"), O: b3},
		rdf.Triple{S: b3, P: rs("variable"), O: rdf.String("v")},
		rdf.Triple{S: b3, P: rs("value"), O: rdf.LangString("chat", "fr")},
	)
	if !IsResultSetGraph(g) {
		t.Fatal("IsResultSetGraph = false")
	}
	res, err := FromResultSetGraph(g)
	if err != nil {
		t.Fatal(err)
	}
	want := &Table{Vars: []string{"x", "v"}, Rows: [][]rdf.Term{
		{rdf.Blank("other"), rdf.LangString("chat", "fr")}, // rs:index 1 first
		{rdf.IRI("http://example/a"), {}},
	}}
	if err := Equivalent(want, &res.Table, true); err != nil {
		t.Error(err)
	}

	ask := rdf.NewGraph(
		rdf.Triple{S: set, P: rdf.Type, O: rs("ResultSet")},
		rdf.Triple{S: set, P: rs("boolean"), O: rdf.Literal("true", rdf.XSDBoolean)},
	)
	if res, err := FromResultSetGraph(ask); err != nil || !res.IsBoolean() || !*res.Boolean {
		t.Errorf("ASK result: %+v, %v", res, err)
	}

	bad := rdf.NewGraph(
		rdf.Triple{S: set, P: rdf.Type, O: rs("ResultSet")},
		rdf.Triple{S: set, P: rs("resultVariable"), O: rdf.String("x")},
		rdf.Triple{S: set, P: rs("solution"), O: s1},
		rdf.Triple{S: s1, P: rs("binding"), O: b1},
		rdf.Triple{S: b1, P: rs("variable"), O: rdf.String("undeclared")},
		rdf.Triple{S: b1, P: rs("value"), O: rdf.IRI("http://example/a")},
	)
	if _, err := FromResultSetGraph(bad); err == nil {
		t.Error("binding of an undeclared variable accepted")
	}
	if _, err := FromResultSetGraph(rdf.NewGraph()); err == nil || IsResultSetGraph(rdf.NewGraph()) {
		t.Error("empty graph accepted as a result set")
	}
}
