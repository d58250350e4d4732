package results

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// NSResultSet is the namespace of the RDF vocabulary in which the SPARQL
// 1.0 test suite writes many expected results (result-set#).
const NSResultSet = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

var (
	rsResultSet      = rdf.IRI(NSResultSet + "ResultSet")
	rsResultVariable = rdf.IRI(NSResultSet + "resultVariable")
	rsSolution       = rdf.IRI(NSResultSet + "solution")
	rsBinding        = rdf.IRI(NSResultSet + "binding")
	rsVariable       = rdf.IRI(NSResultSet + "variable")
	rsValue          = rdf.IRI(NSResultSet + "value")
	rsIndex          = rdf.IRI(NSResultSet + "index")
	rsBoolean        = rdf.IRI(NSResultSet + "boolean")
)

// FromResultSetGraph reads a result expressed in the rs: vocabulary (an
// rs:ResultSet with rs:resultVariable, rs:solution / rs:binding /
// rs:variable / rs:value, optionally rs:index, or rs:boolean) from a graph
// the caller parsed, e.g. a W3C test's .ttl result file. Solutions with an
// rs:index come first, in index order.
func FromResultSetGraph(g *rdf.Graph) (*Result, error) {
	sets := g.Subjects(rdf.Type, rsResultSet)
	if len(sets) != 1 {
		return nil, fmt.Errorf("results: graph has %d rs:ResultSet nodes, want 1", len(sets))
	}
	set := sets[0]
	res := &Result{}
	if b := g.Objects(set, rsBoolean); len(b) > 0 {
		var v bool
		switch b[0].Value {
		case "true", "1":
			v = true
		case "false", "0":
		default:
			return nil, fmt.Errorf("results: bad rs:boolean %s", b[0])
		}
		res.Boolean = &v
		return res, nil
	}
	res.Vars = []string{}
	index := map[string]int{}
	for _, v := range g.Objects(set, rsResultVariable) {
		if _, dup := index[v.Value]; dup || !v.IsLiteral() {
			return nil, fmt.Errorf("results: bad or repeated rs:resultVariable %s", v)
		}
		index[v.Value] = len(res.Vars)
		res.Vars = append(res.Vars, v.Value)
	}
	if err := checkVars(res.Vars); err != nil {
		return nil, err
	}
	type solution struct {
		row   []rdf.Term
		index int64
		has   bool
	}
	var sols []solution
	for _, s := range g.Objects(set, rsSolution) {
		sol := solution{row: make([]rdf.Term, len(res.Vars))}
		for _, b := range g.Objects(s, rsBinding) {
			name, value := g.Object(b, rsVariable), g.Object(b, rsValue)
			i, ok := index[name.Value]
			if !ok || value.IsZero() {
				return nil, fmt.Errorf("results: binding of %s without a declared variable or a value", name)
			}
			if !sol.row[i].IsZero() {
				return nil, fmt.Errorf("results: variable %q bound twice in one solution", name.Value)
			}
			sol.row[i] = value
		}
		if idx := g.Object(s, rsIndex); !idx.IsZero() {
			n, err := strconv.ParseInt(idx.Value, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("results: bad rs:index %s", idx)
			}
			sol.index, sol.has = n, true
		}
		sols = append(sols, sol)
	}
	slices.SortStableFunc(sols, func(a, b solution) int {
		switch {
		case a.has && b.has:
			return int(min(max(a.index-b.index, -1), 1))
		case a.has:
			return -1
		case b.has:
			return 1
		}
		return 0
	})
	res.Rows = make([][]rdf.Term, len(sols))
	for i, s := range sols {
		res.Rows[i] = s.row
	}
	return res, nil
}

// IsResultSetGraph reports whether g describes an rs:ResultSet, which tells
// a test runner whether a .ttl expected result is a SELECT/ASK result or a
// CONSTRUCT graph.
func IsResultSetGraph(g *rdf.Graph) bool { return len(g.Subjects(rdf.Type, rsResultSet)) > 0 }
