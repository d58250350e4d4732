// Package rdfio reads and writes every RDF syntax Skillsmap meets: N-Triples,
// N-Quads, Turtle, TriG, RDF/XML and JSON-LD (also JSON-LD embedded in HTML
// pages), all converted to and from the term model of package rdf.
//
// Reading: Parse, ParseTriples, ParseFunc (streaming callback) and Quads
// (an iterator) take a Format and ParseOptions: the base IRI, a size limit
// (DefaultMaxBytes unless set; over it is an error wrapping ErrTooLarge, never
// a silent truncation) and a blank node scope, so that blank nodes of
// different documents never collide. Malformed input gives a *SyntaxError
// with the line, column and what was wrong; nesting is bounded by MaxNesting
// (ErrTooDeep). The text syntaxes are streamed in constant memory.
//
// Writing: NewEncoder and Write produce canonical N-Triples and N-Quads,
// grouped Turtle and TriG with prefixed names, RDF/XML with every namespace
// declared on the root element, and expanded or compacted JSON-LD. Data a
// syntax cannot carry (an RDF/XML predicate that is not an XML name, a
// control character in XML, an invalid IRI) is refused with an error, never
// written wrongly.
//
// # Which parser reads what, and why
//
// The project's required RDF library, github.com/knakk/rdf, has decoders for
// N-Triples, N-Quads, Turtle and RDF/XML. We measured them on the W3C RDF 1.1
// suites and with go test -fuzz (TestKnakkBaseline and TestKnakkKnownDefects
// reproduce this with -rdfio.knakk) before deciding:
//
//   - Its lexer (shared by N-Triples, N-Quads and Turtle) runs in its own
//     goroutine. A 4-byte input, ".1A<", makes it index out of range there;
//     a panic in a goroutine we do not own cannot be recovered, so one bad
//     line from a partner site would kill the whole server. It also leaks
//     that goroutine whenever a parse stops early, and treats a failing
//     reader as the end of input (a broken download parses as a shorter
//     graph). None of this can be fixed from outside.
//   - Turtle: 294/313 W3C tests. Relative IRIs are resolved by string
//     concatenation ("http://h/a/b" + "../x" gives "http://h/a/b../x"), and
//     an anonymous [] can get the same node as an explicit _:b1.
//   - RDF/XML: 161/166 tests, but every IRI without "//" (mailto:, urn:,
//     tel:) is taken for a namespace prefix and fails, so the vcard:hasEmail
//     of almost every DCAT-AP catalogue is an error; rdf:nodeID labels can
//     also collide with generated blank nodes.
//
// So this package has its own parsers: one recursive-descent parser for the
// Turtle family (N-Triples and N-Quads are its line-based subsets, TriG adds
// graph blocks) and one for RDF/XML over encoding/xml tokens. They pass every
// test of the five W3C suites (CONFORMANCE.md), are fuzzed, and are faster
// than knakk's (see the benchmarks). knakk remains a dependency of the
// project (its term model and the baseline tests); its encoders are not used
// either, because they drop triples and panic.
//
// JSON-LD is processed by github.com/piprate/json-gold (JSON-LD 1.1 toRdf and
// fromRdf). Its document loader would fetch any URL and read local files, so
// it only ever gets a loader that serves the caller's ContextLoader — by
// default the contexts bundled with RegisterContext (a schema.org context is
// bundled) — fetching each URL once, within a budget, inlining and
// cycle-checking the contexts a context includes (json-gold would otherwise
// recurse without end on a context that includes itself). Input size and
// nesting are checked before json-gold sees the document, and its panics are
// recovered. Its remaining W3C failures are listed in CONFORMANCE.md.
package rdfio
