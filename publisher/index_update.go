package publisher

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// nextIndex returns the index of the snapshot's version: old updated with
// the graphs that changed since it was read when that is possible, else a
// full build. how says which ("built" or "updated").
func nextIndex(ctx context.Context, snap store.Reader, old *index, n vocab.IRIs, regions *vocab.Regions, labeler *vocab.Labeler) (ix *index, how string, err error) {
	if old != nil {
		ix, ok, err := updateIndex(ctx, snap, old, n, regions, labeler)
		if err != nil {
			return nil, "", err
		}
		if ok {
			return ix, "updated", nil
		}
	}
	ix, err = buildIndex(ctx, snap, n, regions, labeler)
	return ix, "built", err
}

// incrementalGraph reports whether a change to graph g can be applied to
// the index per subject: the graphs of practices (sources, same-as links,
// provenance, editorial corrections, contributions). A change to the
// vocabulary, needs or any other graph rebuilds the index.
func incrementalGraph(n vocab.IRIs, g rdf.Term) bool {
	rest, ok := strings.CutPrefix(g.Value, n.Base()+"graph/")
	if !ok || !g.IsIRI() {
		return false
	}
	return strings.HasPrefix(rest, "source/") || strings.HasPrefix(rest, "contributions/") ||
		rest == "same-as" || rest == "provenance" || rest == "editorial"
}

// updateIndex makes the index of the snapshot from old by rereading only
// the subjects of the graphs that changed since old was read (their
// subjects now, and those old knew in them) and the practices among them
// or owning their places. ok is false when the change needs a full build.
// Practices that did not change are shared with old, which stays valid.
func updateIndex(ctx context.Context, snap store.Reader, old *index, n vocab.IRIs, regions *vocab.Regions, labeler *vocab.Labeler) (ix *index, ok bool, err error) {
	ix = newIndex(snap, n)
	if err := ix.readGraphs(ctx, snap); err != nil {
		return nil, false, fmt.Errorf("read graphs: %w", err)
	}
	changed := changedGraphs(old.graphs, ix.graphs)
	for g := range changed {
		if !incrementalGraph(n, g) {
			return nil, false, nil
		}
	}

	// The subjects to read again: those of the changed graphs now, those
	// old knew facts of in them, and the practices old knew in them.
	affected := map[rdf.Term]bool{}
	for g := range changed {
		for s := range old.factSubjects[g] {
			affected[s] = true
		}
		if _, ok := ix.graphs[g]; !ok {
			continue
		}
		for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
			if err != nil {
				return nil, false, fmt.Errorf("read changed graph %s: %w", g.Value, err)
			}
			affected[q.S] = true
		}
	}
	for _, p := range old.byIRI {
		for _, g := range p.Graphs {
			if changed[g] {
				affected[p.IRI] = true
			}
		}
	}
	subjects := make([]rdf.Term, 0, len(affected))
	for s := range affected {
		subjects = append(subjects, s)
	}
	quads, err := subjectQuads(ctx, snap, subjects)
	if err != nil {
		return nil, false, fmt.Errorf("read changed subjects: %w", err)
	}

	// The facts: old's, with those of the affected subjects read again.
	// The maps are copied, their values (label texts, broader lists) are
	// shared: an affected subject's entries are deleted, then made anew.
	ix.labels, ix.broader, ix.notation = maps.Clone(old.labels), maps.Clone(old.broader), maps.Clone(old.notation)
	ix.replacedBy, ix.orgs, ix.typedSources = maps.Clone(old.replacedBy), maps.Clone(old.orgs), maps.Clone(old.typedSources)
	for g, set := range old.factSubjects {
		if !changed[g] {
			ix.factSubjects[g] = set
		}
	}
	for s := range affected {
		delete(ix.labels, s)
		delete(ix.broader, s)
		delete(ix.notation, s)
		delete(ix.replacedBy, s)
		delete(ix.orgs, s)
		delete(ix.typedSources, s)
	}
	for _, s := range subjects {
		ix.addFactsOf(quads[s], changed)
	}

	// The practices among the affected subjects, and those whose places
	// are among them.
	t := n.Terms()
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")
	ix.byIRI = maps.Clone(old.byIRI)
	read := map[rdf.Term]bool{}
	for _, s := range subjects {
		typed := false
		for _, q := range quads[s] {
			if (q.P == rdf.Type && q.O == t.Practice) || (q.P == vocab.ADMSStatus && q.O == withdrawn) {
				typed = true
				break
			}
		}
		if typed {
			read[s] = true
		} else {
			delete(ix.byIRI, s)
		}
	}
	for _, p := range old.byIRI {
		if _, still := ix.byIRI[p.IRI]; !still || read[p.IRI] {
			continue
		}
		for _, pl := range p.Places {
			if affected[pl.IRI] {
				read[p.IRI] = true
				break
			}
		}
	}
	iris := make([]rdf.Term, 0, len(read))
	for p := range read {
		iris = append(iris, p)
	}
	ps, err := readPractices(ctx, snap, n, regions, iris, quads)
	if err != nil {
		return nil, false, fmt.Errorf("read changed practices: %w", err)
	}
	for _, p := range ps {
		ix.byIRI[p.IRI] = p
	}

	// A practice's search text holds the labels of what it refers to
	// (providers, countries, …): practices that refer to a subject whose
	// labels changed get theirs again, as copies, since old shares them.
	relabelled := map[rdf.Term]bool{}
	for s := range affected {
		if !maps.Equal(old.labels[s], ix.labels[s]) {
			relabelled[s] = true
		}
	}
	fresh := read
	if len(relabelled) > 0 {
		for iri, p := range ix.byIRI {
			if !fresh[iri] && refersToAny(p, relabelled) {
				cp := *p
				ix.byIRI[iri] = &cp
				fresh[iri] = true
			}
		}
	}
	ix.needs = old.needs
	ix.finish(n, labeler, fresh)
	return ix, true, nil
}

// changedGraphs returns the graphs whose count or last change differ
// between was and now, and those in only one of them.
func changedGraphs(was, now map[rdf.Term]store.GraphInfo) map[rdf.Term]bool {
	changed := map[rdf.Term]bool{}
	for g, info := range now {
		if w, ok := was[g]; !ok || w.Quads != info.Quads || !w.Modified.Equal(info.Modified) {
			changed[g] = true
		}
	}
	for g := range was {
		if _, ok := now[g]; !ok {
			changed[g] = true
		}
	}
	return changed
}

// addFactsOf records the facts among one subject's quads in the order a
// full build reads them (labels predicate by predicate, see addFact), and
// the subject's facts per changed graph.
func (ix *index) addFactsOf(quads []rdf.Quad, changed map[rdf.Term]bool) {
	facts := make([]rdf.Quad, 0, len(quads))
	for _, q := range quads {
		if ix.isFact(q) {
			facts = append(facts, q)
		}
	}
	rank := func(q rdf.Quad) int {
		if i := slices.Index(labelPredicates, q.P); i >= 0 {
			return i
		}
		return len(labelPredicates)
	}
	slices.SortStableFunc(facts, func(a, b rdf.Quad) int { return rank(a) - rank(b) })
	var pass labelPass
	for i, q := range facts {
		if i == 0 || q.P != facts[i-1].P {
			pass = labelPass{}
		}
		ix.addFact(q, pass)
		if changed[q.G] {
			set := ix.factSubjects[q.G]
			if set == nil {
				set = map[rdf.Term]bool{}
				ix.factSubjects[q.G] = set
			}
			set[q.S] = true
		}
	}
}

// refersToAny reports whether p's search text uses the label of one of
// the subjects.
func refersToAny(p *practice, subjects map[rdf.Term]bool) bool {
	for _, list := range [][]rdf.Term{p.Skills, p.TargetGroups, p.Types, p.DeliveryModes, p.Countries, p.Providers} {
		for _, t := range list {
			if subjects[t] {
				return true
			}
		}
	}
	for _, code := range p.Regions {
		if subjects[vocab.NUTSRegion(code)] {
			return true
		}
	}
	return false
}

// isFact reports whether addFact keeps something of q, or a full build
// records its subject as having facts in its graph (typed practices).
func (ix *index) isFact(q rdf.Quad) bool {
	switch q.P {
	case vocab.SKOSBroader, vocab.DCTIsReplacedBy, vocab.SKOSNotation:
		return true
	case rdf.Type:
		return q.O == vocab.ORGOrganization || q.O == ix.sourceClass || q.O == ix.practiceClass
	}
	return slices.Contains(labelPredicates, q.P)
}
