// Package algebra is the SPARQL 1.1 algebra of §18 of the SPARQL 1.1 Query
// Language: graph patterns, property-path expressions, expressions, query
// forms and update operations, as the parser produces them and the
// optimizer and evaluator consume them.
//
// Every node is a plain Go value that the evaluator walks with a type
// switch:
//
//	switch p := p.(type) {
//	case *algebra.BGP:      // p.Triples
//	case *algebra.Path:     // p.Subject, p.Path, p.Object
//	case *algebra.Join:     // p.Left, p.Right
//	case *algebra.LeftJoin: // p.Left, p.Right, p.Exprs (conjunction; empty means true)
//	case *algebra.Filter:   // p.Exprs (conjunction), p.Pattern
//	...
//	}
//
// The algebra is already resolved: every IRI is absolute, prefixes and BASE
// have been applied, syntactic sugar (a, collections, [ ... ], lists of
// objects and predicates) is expanded, and blank nodes in query patterns are
// hidden variables (see Var.Hidden). Blank nodes in CONSTRUCT and INSERT
// templates stay blank nodes, to be renamed per solution by the evaluator.
//
// Each node has a canonical S-expression text form (String), close to Apache
// Jena's SSE, used in tests and for debugging. InScope gives the variables a
// pattern binds (§18.2.1).
package algebra
