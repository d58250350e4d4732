package vocab

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

//go:embed ontology.ttl
var ontologyTurtle []byte

// OntologyTurtle returns the embedded ontology as written, with IRIs relative
// to the deployment base. Serve OntologyGraph instead where absolute IRIs are
// needed.
func OntologyTurtle() []byte { return bytes.Clone(ontologyTurtle) }

// OntologyGraph returns the Skillsmap ontology with its IRIs under n's base.
func OntologyGraph(n IRIs) (*rdf.Graph, error) {
	if n.base == "" {
		return nil, fmt.Errorf("vocab: ontology: IRIs not initialised (use NewIRIs)")
	}
	ts, err := parseTurtle(bytes.NewReader(ontologyTurtle), n.base)
	if err != nil {
		return nil, fmt.Errorf("vocab: ontology: %w", err)
	}
	return rdf.NewGraph(ts...), nil
}
