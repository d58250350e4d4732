// Package publisher is Skillsmap's web server: it publishes the quad store
// for people and machines.
//
// Every IRI Skillsmap mints under the deployment's base dereferences here
// (practices, organisations, sources, harvest runs, the ontology at /ns,
// concept schemes and concepts under /vocab, named graphs under /graph), as
// do pages for the external IRIs the data describes: NUTS regions at
// /region/{code} and countries at /country/{iso3}. Each answers in HTML,
// Turtle, N-Triples, JSON-LD (compacted with the stable context at
// /context.jsonld) and RDF/XML, chosen by the Accept header with q-values,
// a file suffix (.ttl, .nt, .jsonld, .rdf) or ?format=; named graphs also
// in N-Quads and TriG. Responses carry Vary, Link (every other
// representation), ETag and Last-Modified from the store's version, and
// answer conditional requests with 304.
//
// Besides the resources it serves the home page, the practice list
// (/practices), streamed dumps of the whole store (/dump.ttl, .nt, .nq,
// .trig, .jsonld), the map page (/map) with its GeoJSON layers
// (/map/practices.geojson, /map/regions.geojson) and an OGC API – Features
// service under /ogc. Other parts of Skillsmap (the SPARQL endpoint, the
// DCAT-AP catalog, VoID, metrics, harvest reports) are mounted through
// Options.Mounts. docs/publishing.md describes every route.
//
// Expensive views (the practice index behind lists, maps and filters, the
// region layers) are computed once per store version and shared by all
// requests until the store changes; the practice index of a new version is
// updated from the previous one by reading again only what the changed
// graphs touch (index_update.go).
package publisher
