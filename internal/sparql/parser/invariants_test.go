package parser

import (
	"testing"

	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// checkQueryInvariants checks properties every translated query must have,
// whatever its text: no aggregate is left in an expression, every IRI is
// absolute, and a SELECT ends in a projection of Query.Vars.
func checkQueryInvariants(q *algebra.Query) error {
	if q.Form == algebra.FormSelect {
		top := q.Pattern
		for {
			switch p := top.(type) {
			case *algebra.Slice:
				top = p.Pattern
				continue
			case *algebra.Distinct:
				top = p.Pattern
				continue
			case *algebra.Reduced:
				top = p.Pattern
				continue
			}
			break
		}
		proj, ok := top.(*algebra.Project)
		if !ok {
			return fmt.Errorf("SELECT pattern does not end in a projection: %s", q.Pattern)
		}
		if fmt.Sprint(proj.Vars) != fmt.Sprint(q.Vars) {
			return fmt.Errorf("projection %v differs from Query.Vars %v", proj.Vars, q.Vars)
		}
		for _, v := range q.Vars {
			if v.Hidden() {
				return fmt.Errorf("hidden variable %s is projected", v)
			}
		}
	}
	for _, t := range q.Template {
		if err := checkNodes(t.S, t.P, t.O); err != nil {
			return err
		}
	}
	return checkPatternInvariants(q.Pattern)
}

func checkPatternInvariants(root algebra.Pattern) error {
	var err error
	algebra.Walk(root, func(p algebra.Pattern) bool {
		switch x := p.(type) {
		case *algebra.BGP:
			for _, t := range x.Triples {
				if e := checkNodes(t.S, t.P, t.O); e != nil {
					err = e
				}
			}
		case *algebra.Path:
			if e := checkNodes(x.Subject, x.Object); e != nil {
				err = e
			}
		case *algebra.Graph:
			if e := checkNodes(x.Name); e != nil {
				err = e
			}
		}
		for _, e := range exprsOf(p) {
			algebra.WalkExpr(e, func(ex algebra.Expr) bool {
				switch c := ex.(type) {
				case *algebra.Aggregate:
					err = fmt.Errorf("aggregate %s left in an expression of %s", c, p)
				case algebra.Const:
					if c.Term.IsIRI() && !rdf.IsAbsoluteIRI(c.Term.Value) {
						err = fmt.Errorf("relative IRI %s", c.Term)
					}
				}
				return true
			})
		}
		return err == nil
	})
	return err
}

// exprsOf returns the expressions a pattern evaluates per solution (group
// aggregates excluded: they are where aggregates belong).
func exprsOf(p algebra.Pattern) []algebra.Expr {
	switch x := p.(type) {
	case *algebra.Filter:
		return x.Exprs
	case *algebra.LeftJoin:
		return x.Exprs
	case *algebra.Extend:
		return []algebra.Expr{x.Expr}
	case *algebra.OrderBy:
		var es []algebra.Expr
		for _, c := range x.Conditions {
			es = append(es, c.Expr)
		}
		return es
	case *algebra.Group:
		var es []algebra.Expr
		for _, k := range x.Keys {
			es = append(es, k.Expr)
		}
		return es
	}
	return nil
}

func checkNodes(ns ...algebra.TermOrVar) error {
	for _, n := range ns {
		if n.IsVar() {
			continue
		}
		if n.IsZero() {
			return fmt.Errorf("empty node in a pattern")
		}
		if n.Term.Kind == rdf.KindIRI && !rdf.IsAbsoluteIRI(n.Term.Value) {
			return fmt.Errorf("relative IRI %s", n.Term)
		}
	}
	return nil
}

// TestCheckQueryInvariants makes sure the checker used on the W3C queries
// and in the fuzz target catches what it is meant to catch.
func TestCheckQueryInvariants(t *testing.T) {
	bgp := &algebra.BGP{Triples: []algebra.TriplePattern{{S: algebra.VarNode("s"), P: algebra.TermNode(rdf.IRI("rel")), O: algebra.VarNode("o")}}}
	bad := []*algebra.Query{
		{Form: algebra.FormSelect, Pattern: &algebra.BGP{}},
		{Form: algebra.FormSelect, Vars: []algebra.Var{"x"}, Pattern: &algebra.Project{Vars: []algebra.Var{"y"}, Pattern: &algebra.BGP{}}},
		{Form: algebra.FormSelect, Vars: []algebra.Var{"?b"}, Pattern: &algebra.Project{Vars: []algebra.Var{"?b"}, Pattern: &algebra.BGP{}}},
		{Form: algebra.FormAsk, Pattern: bgp},
		{Form: algebra.FormAsk, Pattern: &algebra.Filter{Exprs: []algebra.Expr{&algebra.Aggregate{Func: algebra.AggCount}}, Pattern: &algebra.BGP{}}},
	}
	for _, q := range bad {
		if err := checkQueryInvariants(q); err == nil {
			t.Errorf("no error for %s", q)
		}
	}
	good, err := ParseQuery(`SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)`, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkQueryInvariants(good); err != nil {
		t.Errorf("error for a good query: %v", err)
	}
}
