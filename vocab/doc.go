// Package vocab is Skillsmap's vocabulary: the RDF data model that harvested
// practices are mapped to, the concept schemes they link to, the regions
// they lie in, and the matchers that turn free text into those concepts.
//
// Everything but the NUTS geodata is part of the binary:
//
//   - IRIs mints every IRI under a deployment's base (practices,
//     organisations, sources, harvest runs, concepts, named graphs); Terms
//     and the package variables (DCTTitle, SchemaTeaches, …) name every term
//     the data model uses. MODEL.md explains the model with an example.
//   - Graphs returns the ontology (ontology.ttl), the SKOS concept schemes
//     (DigComp 2.2, target groups, practice types, delivery modes, editorial
//     status) and the countries, each as a named graph to load at start.
//   - MatchSkills, MatchTargetGroups, MatchPracticeTypes, MatchDeliveryModes
//     and PlaceMatcher map text such as "Medienkompetenz", "refugee women"
//     or "Veliko Tarnovo; Vratsa" to concepts, regions and countries. Their
//     keyword tables are CSV files in data/ with a language column.
//
// The NUTS 2021 regions come from Eurostat GISCO's GeoJSON files, which are
// © EuroGeographics and never part of the repository: LoadRegions reads them
// from a directory (FindGeodataDir picks it, FetchGeodata downloads them) and
// everything else works without them. Regions gives outlines and label
// points for the map, Locate maps coordinates to regions, and Regions.Graph
// describes the regions as SKOS concepts.
package vocab
