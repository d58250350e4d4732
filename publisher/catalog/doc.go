// Package catalog describes the Digital Skills Map for machines that find
// data by its metadata: a DCAT-AP 3.0.1 catalog for the EU and national data
// portals that harvest catalogs, and a VoID description for linked-data
// tools.
//
// Catalog builds the catalog from the configuration and a store snapshot:
// the map's dataset (every source and vocabulary; full dumps, map layer,
// OGC API and SPARQL distributions) with one dataset per partner source
// (dct:isPartOf the map's dataset; its named graph as Turtle, N-Triples,
// JSON-LD and RDF/XML documents), the SPARQL endpoint and the OGC API as
// data services, and a catalog record for each. Coverage comes from the
// data: the countries of the practices (EU country IRIs), the span of their
// dates, the bounding box of their places, the languages of their texts,
// the last change of each graph, the first harvest, and the accrual
// periodicity of each source's harvest schedule (FrequencyOf). All values
// are the EU Vocabularies IRIs DCAT-AP prescribes, each typed with its
// range class and scheme in the catalog itself, so that it validates with
// the official SHACL shapes without fetching the authority tables; the
// tests check that with tools/shacl/validate.mjs.
//
// VoID describes the same dataset with statistics from one pass over the
// store (triples, entities, classes, properties, distinct subjects and
// objects, class and property partitions), a subset per named graph, and
// linksets to NUTS, the EU country table and ESCO.
//
// Handler serves both documents with content negotiation, ETags and CORS.
// Every resource the catalog mints is a hash IRI of {base}catalog, so each
// dereferences to the catalog document. docs/catalog.md explains how a
// portal harvests it.
package catalog
