// Package match ranks the published practices against a need — what a
// local or regional actor looks for: places, target groups, DigComp
// skills, practice types, delivery modes, languages and free text — and
// says why each fits ("teaches DigComp 1 and 4 · for refugee women ·
// adapted twice in Germany · 40 km away"), in the reader's language. The
// same ranking gives a practice's similar practices.
//
// An Index reads the practices from the public quad store as the
// publisher does (rdf:type sm:Practice in any graph), keeps their
// concepts with the vocabulary's hierarchy, places, languages, lineage
// (sm:adaptedFrom) and validation, and indexes their texts with bleve,
// each text under its language's analyser. It follows the store: a
// background builder rebuilds it when the store's version moves, while
// queries are served from the last index built.
//
// Matching is multilingual: the need's text goes through the
// vocabulary's matchers (skills, target groups, types, delivery modes,
// places), whose concepts are the same in every language, and through a
// full-text search that analyses it with the need language's analyser and
// looks the terms up in every language's field. The ranking is a
// documented weighted sum (Weights, docs/matching.md), deterministic, with
// ties broken by IRI; every factor that adds to a score yields a Reason,
// which Texts renders through the exchange's message catalogs (match.*).
//
// Index.Handler serves GET /api/match for anonymous readers.
package match
