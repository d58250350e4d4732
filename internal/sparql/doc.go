// Package sparql is Skillsmap's SPARQL 1.1 engine: the one entry point the
// rest of the system calls to query and update the quad store.
//
//	res, err := sparql.Query(ctx, st, `SELECT ?s WHERE { ?s a <http://schema.org/Course> }`, sparql.Options{})
//	if err != nil { ... }
//	defer res.Close()
//	for res.Next() {
//		fmt.Println(res.Solution()[0])
//	}
//	if err := res.Err(); err != nil { ... }
//
// The work is split as in Oxigraph: package parser turns the text into the
// algebra of package algebra, package optimizer turns the algebra into a
// physical plan (join order from the store's statistics, filters pushed
// down, constants folded), and package eval runs the plan as a stream over
// a store snapshot, joining on dictionary ids and decoding only what it
// outputs or computes with. Functions and operators are package funcs;
// result formats are package results.
//
// Queries run on a consistent snapshot that the Result holds until Close.
// SELECT, CONSTRUCT and DESCRIBE results stream: nothing is computed before
// Next asks for it, and work stops when the consumer stops. Every operator
// checks the context regularly, so a cancelled or timed-out query stops
// within milliseconds; Options bound the number of result rows
// (ErrTooManyResults) and of intermediate solutions (ErrTooExpensive).
//
// An update request runs in one store transaction: all its operations
// apply, or none does.
//
// The default graph of a query without FROM is, by default, the union of
// all graphs of the store, because Skillsmap keeps each harvested source in
// its own named graph; Options.DefaultGraph = StoreDefaultGraph gives the
// standard behaviour (the store's default graph alone), which the W3C test
// suite expects. SERVICE and LOAD are disabled unless Options allow them.
package sparql
