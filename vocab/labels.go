package vocab

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Labeler gives a human-readable label for any IRI of Skillsmap's
// vocabularies: ontology terms, concepts of the bundled schemes and their
// schemes, countries and, when loaded, NUTS regions. The publisher uses it
// for HTML pages and map pop-ups. It is safe for concurrent use.
type Labeler struct {
	labels  map[string]map[string]string // IRI → language ("" for none) → label
	regions *Regions
}

// NewLabeler collects the labels of the vocabularies under n's base;
// regions may be nil.
func NewLabeler(n IRIs, regions *Regions) (*Labeler, error) {
	l := &Labeler{labels: map[string]map[string]string{}, regions: regions}
	graphs, err := Graphs(n)
	if err != nil {
		return nil, err
	}
	for _, ng := range graphs {
		// Preferred labels first, so that they win over rdfs:label.
		for _, p := range []rdf.Term{SKOSPrefLabel, RDFSLabel} {
			for _, t := range ng.Graph.Triples() {
				if t.P == p && t.S.IsIRI() && t.O.IsLiteral() {
					l.add(t.S.Value, t.O.Lang, t.O.Value)
				}
			}
		}
	}
	return l, nil
}

func (l *Labeler) add(iri, lang, label string) {
	m := l.labels[iri]
	if m == nil {
		m = map[string]string{}
		l.labels[iri] = m
	}
	if _, ok := m[lang]; !ok {
		m[lang] = label
	}
}

// Label returns the label of t in the first of langs that has one ("de-AT"
// also tries "de"), else in English, else any. Regions are labelled with
// their Latin-script name. It reports false for IRIs it does not know.
func (l *Labeler) Label(t rdf.Term, langs ...string) (string, bool) {
	if !t.IsIRI() {
		return "", false
	}
	if m, ok := l.labels[t.Value]; ok {
		return pickLabel(m, langs), true
	}
	if strings.HasPrefix(t.Value, NUTSCodeBase) && l.regions != nil {
		if r, ok := l.regions.ByIRI(t); ok {
			return r.Name, true
		}
	}
	return "", false
}
