// Package optimizer turns the SPARQL algebra of package algebra into a
// physical plan for package eval, in steps that can each be used and
// tested alone:
//
//   - FoldConstants evaluates sub-expressions whose operands are constants
//     (never RAND, NOW, BNODE, UUID and the like, and never into an error,
//     which must happen where the query says) and drops filter conditions
//     that are always true.
//   - PushFilters splits conjunctions and moves each condition as deep as
//     the semantics allow: into UNION branches, below BIND, into the left
//     side of OPTIONAL and MINUS, into GRAPH (unless an EXISTS would change
//     graph), and OPTIONAL conditions on the optional side's own variables
//     into that side.
//   - Optimize builds the plan: the triple patterns and other operands of
//     each group are joined greedily, the operand with the fewest expected
//     solutions first and then always one that shares a bound variable
//     (no cartesian product while a connected operand is left), with the
//     store's statistics (Estimator, and sampled fan-out through
//     FanoutEstimator); each filter goes right after the operand from
//     which on its variables cannot change; each join gets an algorithm:
//     an index nested-loop join (the left solution pushed into the scans
//     on the right) or a hash join (a sub-select or group on the right, or
//     a small right side against a large left one, unless only the first
//     solutions are wanted); GRAPH ?g over triple patterns becomes quad
//     patterns with a graph variable; every EXISTS pattern gets its own
//     plan.
//
// A plan's nodes carry Props: the variables every solution binds (Certain),
// those some solution may bind (Possible), and the estimated number of
// solutions. The evaluator uses the variable sets to decide which bindings
// of its input it may push into an operator without changing the result.
// Plan.String is the text that sparql.Explain shows.
package optimizer
