// Package sparqlstore is a store.Store kept in an external SPARQL 1.1 engine
// (Virtuoso, Fuseki, GraphDB, Oxigraph server, or another Skillsmap),
// reached through the SPARQL 1.1 Query and Update protocols, so that several
// stateless Skillsmap instances can share one store.
//
// What it guarantees, and how:
//
//   - Atomic writes: everything one Update wrote is sent as one SPARQL Update
//     request (CLEAR SILENT GRAPH, DELETE DATA, INSERT DATA and the metadata
//     below, in that order), which SPARQL 1.1 Update asks engines to apply
//     as a whole. Replacing a source's graph is therefore one operation at
//     the engine.
//   - Version and modified time: a metadata graph (MetaGraph) keeps the
//     store's version, its last commit time and, per graph, its quad count
//     and last change, updated in the same request as the data. Snapshots
//     read it (cached for Options.MetaTTL), so the publisher's caches and
//     ETags work as with the embedded store, across instances.
//   - Bounded requests: every request has a timeout and a response size
//     limit; large reads are paged (LIMIT/OFFSET over an ORDER BY), and a
//     paged read that sees the store change fails with ErrChanged instead
//     of mixing two versions.
//   - Exact terms: terms are written in SPARQL syntax with every special
//     character escaped; an IRI that SPARQL cannot express is refused.
//     Blank nodes are skolemized (RDF 1.1, §3.5) to IRIs under SkolemPrefix
//     and read back as the same blank nodes, so they survive requests.
//     With the Virtuoso dialect, literals Virtuoso would change or refuse
//     (durations, WKT, doubles, ill-typed values, …) are written under an
//     opaque datatype (OpaqueDatatypePrefix + the datatype) and read back
//     unchanged.
//
// What it does not do: a Snapshot is consistent per request, not across
// requests (an engine's protocol offers no read transactions); the
// publisher copes because it keys everything by Version. Graphs written by
// other programs are invisible until they are registered in the metadata
// graph (only graphs written through this package are).
package sparqlstore
