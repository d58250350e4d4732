// Package eval runs the physical plans of package optimizer over a store
// snapshot (store.IDReader) and produces the results of the four query
// forms and of SPARQL 1.1 Update.
//
// # Evaluation model
//
// Each plan node becomes an operator whose run method calls yield with its
// solutions as it finds them; iteration stops as soon as a consumer stops
// (LIMIT, ASK, a closed result). An operator is evaluated for an input
// solution μ and gives {μ} ⋈ its solutions, so a nested-loop join simply
// runs its right side with each left solution, and the scans there look
// the bound values up in the index. Where that would change the result
// (a FILTER reading a variable its group may leave unbound, the optional
// side of OPTIONAL, MINUS, a sub-select with LIMIT or aggregates, a
// group), the operator gets only the bindings that cannot, and the others
// are checked for compatibility afterwards. EXISTS patterns get the whole
// solution (the substitution of §18.6).
//
// Solutions are rows of values indexed by variable slots. A value is a
// store id when the store holds the term, and the term itself otherwise
// (a computed value, a constant of the query); every computed term is
// looked up in the dictionary, so equal terms always have equal values and
// joins compare ids. Terms are decoded only for expressions and output.
//
// # Bounds
//
// Memory is bounded by what an operator must hold: a hash join's right
// side, a sort's input (a heap of offset+limit solutions under LIMIT), the
// keys of DISTINCT, the groups of GROUP BY, the visited set of a property
// path closure, the solutions of an update's WHERE clause. Every operator
// counts its work (Options.MaxIntermediateRows bounds it, ErrTooExpensive)
// and checks the context every few hundred steps, sorts included, so a
// cancelled query stops within milliseconds.
//
// # Datasets
//
// Options.Dataset says what the default graph and the named graphs are:
// the store's default graph (the standard reading, and the W3C tests'),
// the union of all graphs (Skillsmap's default, with each triple once even
// when several graphs hold it), or an explicit dataset (FROM / FROM NAMED,
// or the protocol's default-graph-uri / named-graph-uri, which replace the
// query's).
package eval
