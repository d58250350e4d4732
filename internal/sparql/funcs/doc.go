// Package funcs implements the value semantics of SPARQL 1.1 expressions over
// rdf.Term: the operator mapping of §17.3 (=, !=, <, >, <=, >=, + - * /,
// unary + - !), the effective boolean value and three-valued logic of §17.2,
// the ORDER BY order of §15.1, every built-in function of §17.4 and the XSD
// constructor casts of §17.5.
//
// Values are read from literals on demand: a literal whose lexical form is not
// valid for its datatype ("abc"^^xsd:integer) is not an error until an
// operation needs its value. Numbers follow XPath type promotion (integer →
// decimal → float → double); integer and decimal arithmetic is exact
// (math/big when int64 does not suffice) and results are written in their
// canonical lexical form.
//
// Every evaluation error satisfies errors.Is(err, ErrTypeError): in SPARQL
// an expression either has a value or is an error, and FILTER, BIND and the
// logical operators treat all errors alike. More specific sentinels
// (ErrDivisionByZero, ErrRegex, ErrUnknownFunction, ErrArity) say why.
//
// The functions are safe for concurrent use; a Context may be shared by the
// goroutines that evaluate one query, a SolutionScope belongs to one solution.
package funcs
