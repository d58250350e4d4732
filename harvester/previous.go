package harvester

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Previous is what a source's graph held before a run.
type Previous struct {
	// Practices maps practice IRIs to what the run needs to know of them.
	Practices map[rdf.Term]PreviousPractice
	triples   []rdf.Triple
	class     rdf.Term // sm:Practice
}

// PreviousPractice is a practice of the previous graph.
type PreviousPractice struct {
	FirstSeen  rdf.Term // sm:firstSeen
	SourcePage string   // dct:source: the page it was read from
}

// ParsePrevious reads the practices of a source's current graph.
func ParsePrevious(old []rdf.Triple, m *Mapper) *Previous {
	t := m.terms
	p := &Previous{Practices: map[rdf.Term]PreviousPractice{}, triples: old, class: t.Practice}
	for _, tr := range old {
		if tr.P == rdf.Type && tr.O == t.Practice {
			p.Practices[tr.S] = p.Practices[tr.S]
		}
	}
	for _, tr := range old {
		pp, ok := p.Practices[tr.S]
		if !ok {
			continue
		}
		switch tr.P {
		case t.FirstSeen:
			pp.FirstSeen = tr.O
		case vocab.DCTSource:
			pp.SourcePage = tr.O.Value
		}
		p.Practices[tr.S] = pp
	}
	return p
}

// CarryOver copies into g the previous practices read from pages in
// failedPages that g does not have — with their place nodes and
// organisations — and returns how many it copied. A page that fails to
// load must not delete the practices it described.
func (p *Previous) CarryOver(g *rdf.Graph, failedPages map[string]bool) int {
	if len(failedPages) == 0 {
		return 0
	}
	keep := map[rdf.Term]bool{}
	for iri, pp := range p.Practices {
		if failedPages[pp.SourcePage] && !g.Has(rdf.Triple{S: iri, P: rdf.Type, O: p.class}) {
			keep[iri] = true
		}
	}
	if len(keep) == 0 {
		return 0
	}
	// A practice's own nodes are its IRI and its hash IRIs (places);
	// organisations it refers to come along.
	owner := func(s rdf.Term) (rdf.Term, bool) {
		if !s.IsIRI() {
			return rdf.Term{}, false
		}
		base, _, _ := strings.Cut(s.Value, "#")
		t := rdf.IRI(base)
		return t, keep[t]
	}
	linked := map[rdf.Term]bool{}
	for _, tr := range p.triples {
		if _, ok := owner(tr.S); ok {
			g.Add(tr)
			if tr.P == vocab.SchemaProvider {
				linked[tr.O] = true
			}
		}
	}
	for _, tr := range p.triples {
		if linked[tr.S] {
			g.Add(tr)
		}
	}
	return len(keep)
}
