package vocab

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// GraphOwner says which part of Skillsmap owns a named graph it mints and
// replaces on its own: the harvester (each source's graph, the same-as
// links, provenance), the exchange (editorial corrections, contributions)
// and the vocabulary (ontology, concept schemes, countries, regions).
// Writes through SPARQL Update or the Graph Store Protocol must not touch
// them: the owner would overwrite them at its next run, or lose data that
// only it may change. ok is false for every other graph.
func (n IRIs) GraphOwner(g rdf.Term) (owner string, ok bool) {
	if !g.IsIRI() {
		return "", false
	}
	rest, found := strings.CutPrefix(g.Value, n.base+"graph/")
	if !found {
		return "", false
	}
	switch {
	case strings.HasPrefix(rest, "source/") && len(rest) > len("source/"):
		return "the harvester (source " + strings.TrimPrefix(rest, "source/") + ")", true
	case rest == "same-as", rest == "provenance":
		return "the harvester", true
	case rest == "editorial", strings.HasPrefix(rest, "contributions/"):
		return "the exchange (editorial review)", true
	case rest == "needs", rest == "transfers":
		return "the exchange (needs and transfers)", true
	case rest == "ontology", rest == "countries", rest == "regions", strings.HasPrefix(rest, "vocab/"):
		return "the vocabulary (loaded at start-up from the binary)", true
	}
	return "", false
}
