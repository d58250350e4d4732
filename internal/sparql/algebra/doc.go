// Package algebra is the SPARQL 1.1 algebra of §18 of the SPARQL 1.1 Query
// Language: graph patterns, property-path expressions, expressions, query
// forms and update operations, as package parser produces them and the
// optimizer and evaluator consume them.
//
// Every node is a plain Go value that the evaluator walks with a type
// switch, evaluating children first:
//
//	func eval(p algebra.Pattern) (solutions, error) {
//		switch p := p.(type) {
//		case *algebra.BGP:      // match p.Triples together; an empty BGP gives one empty solution
//		case *algebra.Path:     // p.Subject, p.Path (a PathExpr), p.Object
//		case *algebra.Join:     // eval(p.Left) ⋈ eval(p.Right)
//		case *algebra.LeftJoin: // OPTIONAL; p.Exprs is a conjunction, empty means true
//		case *algebra.Filter:   // keep solutions where every one of p.Exprs is true
//		case *algebra.Union, *algebra.Minus, *algebra.Graph, *algebra.Service:
//		case *algebra.Extend:   // bind p.Var to p.Expr (unbound on error)
//		case *algebra.Table:    // VALUES; a zero rdf.Term is UNDEF
//		case *algebra.Group:    // group by p.Keys, compute p.Aggregates into hidden variables
//		case *algebra.OrderBy, *algebra.Project, *algebra.Distinct, *algebra.Reduced, *algebra.Slice:
//		}
//	}
//
// Expressions are Var, Const, *Binary, *Unary, *In, *Call (built-ins by
// upper-case name), *FuncCall (casts and extension functions by IRI) and
// *Exists. Property paths are PathLink, *PathInverse, *PathSequence,
// *PathAlternative, *PathZeroOrMore, *PathOneOrMore, *PathZeroOrOne and
// *PathNegated. Walk, Children, Rewrite and WalkExpr traverse the trees.
//
// The algebra is resolved: every IRI is absolute, prefixes and BASE have
// been applied, syntactic sugar (a, collections, [ ... ], object and
// predicate lists) is expanded, and property paths that are plain triples
// (p, ^p, p/q) have become triples of a BGP. Blank nodes of query patterns
// are hidden variables (Var.Hidden) that SELECT * never projects; blank
// nodes of CONSTRUCT and INSERT templates stay rdf.Blank terms, to be
// replaced by fresh blank nodes for each solution.
//
// Variables: InScope gives the variables a pattern binds (§18.2.1),
// VisibleVars those SELECT * shows, and Vars every variable a query
// mentions, so that an evaluator can number them once and keep solutions
// as slices.
//
// Each node has a canonical S-expression text form (String), close to
// Apache Jena's SSE, for tests and debugging; Format indents it.
package algebra
