package harvester

import (
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Previous is what a source's graph held before a run.
type Previous struct {
	// Practices maps the IRIs of live practices to what the run needs to
	// know of them.
	Practices map[rdf.Term]PreviousPractice
	// Tombstones are the practices withdrawn earlier.
	Tombstones map[rdf.Term]bool
	triples    []rdf.Triple
	class      rdf.Term // sm:Practice
	terms      vocab.Terms
	withdrawn  rdf.Term // the withdrawn editorial status
}

// PreviousPractice is a practice of the previous graph.
type PreviousPractice struct {
	FirstSeen  rdf.Term // sm:firstSeen
	SourcePage string   // dct:source: the page it was read from
	// Missed is how many complete runs in a row have not found it.
	Missed int
}

// ParsePrevious reads the practices of a source's current graph.
func ParsePrevious(old []rdf.Triple, m *Mapper) *Previous {
	t := m.terms
	p := &Previous{
		Practices: map[rdf.Term]PreviousPractice{}, Tombstones: map[rdf.Term]bool{},
		triples: old, class: t.Practice, terms: t, withdrawn: m.withdrawn,
	}
	for _, tr := range old {
		switch {
		case tr.P == rdf.Type && tr.O == t.Practice:
			p.Practices[tr.S] = PreviousPractice{}
		case tr.P == vocab.ADMSStatus && tr.O == m.withdrawn:
			p.Tombstones[tr.S] = true
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
		case t.MissedRuns:
			pp.Missed, _ = strconv.Atoi(tr.O.Value)
		}
		p.Practices[tr.S] = pp
	}
	return p
}

// Carried says what CarryOver did.
type Carried struct {
	// Kept counts practices not found this run that stay in the graph.
	Kept int
	// Withdrawn lists the practices withdrawn by this run.
	Withdrawn []rdf.Term
}

// CarryOver adds to g what the previous graph had and the run did not
// find. A practice the run did not find is kept — with its places and
// organisations, and sm:missedRuns counting the complete runs that missed
// it — until withdrawAfter complete runs in a row have missed it; then it
// becomes a tombstone: its IRI with adms:status withdrawn, its identifier,
// its titles and prov:invalidatedAtTime. Only complete runs (every page
// read, no page limit hit) count: a page that fails never withdraws what
// it described. Earlier tombstones stay unless the practice is back.
func (p *Previous) CarryOver(g *rdf.Graph, complete bool, withdrawAfter int, now time.Time) Carried {
	var out Carried
	keep := map[rdf.Term]int{} // practice → missed runs
	for iri, pp := range p.Practices {
		if g.Has(rdf.Triple{S: iri, P: rdf.Type, O: p.class}) {
			continue
		}
		missed := pp.Missed
		if complete {
			missed++
		}
		if withdrawAfter > 0 && missed >= withdrawAfter {
			out.Withdrawn = append(out.Withdrawn, iri)
			continue
		}
		keep[iri] = missed
	}
	out.Kept = len(keep)
	// A practice's own nodes are its IRI and its hash IRIs (places);
	// organisations it refers to come along.
	owner := func(s rdf.Term) (rdf.Term, bool) {
		if !s.IsIRI() {
			return rdf.Term{}, false
		}
		base, _, _ := strings.Cut(s.Value, "#")
		t := rdf.IRI(base)
		_, ok := keep[t]
		return t, ok
	}
	linked := map[rdf.Term]bool{}
	for _, tr := range p.triples {
		if _, ok := owner(tr.S); ok && tr.P != p.terms.MissedRuns {
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
	for iri, missed := range keep {
		if missed > 0 {
			g.Add(rdf.Triple{S: iri, P: p.terms.MissedRuns, O: rdf.Literal(strconv.Itoa(missed), rdf.XSDInteger)})
		}
	}
	// Tombstones: new ones, and old ones whose practice did not come back.
	tomb := map[rdf.Term]bool{}
	for _, iri := range out.Withdrawn {
		tomb[iri] = true
		g.Add(rdf.Triple{S: iri, P: vocab.ADMSStatus, O: p.withdrawn})
		g.Add(rdf.Triple{S: iri, P: vocab.PROVInvalidatedAtTime, O: rdf.Literal(now.UTC().Format(time.RFC3339), rdf.XSDDateTime)})
	}
	for _, tr := range p.triples {
		if tomb[tr.S] && (tr.P == vocab.DCTTitle || tr.P == vocab.DCTIdentifier) {
			g.Add(tr)
		}
		if p.Tombstones[tr.S] && !g.Has(rdf.Triple{S: tr.S, P: rdf.Type, O: p.class}) {
			g.Add(tr)
		}
	}
	return out
}
