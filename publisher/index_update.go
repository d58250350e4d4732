package publisher

import (
	"context"
	"maps"
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
		return nil, false, err
	}
	changed := map[rdf.Term]bool{}
	for g, info := range ix.graphs {
		if was, ok := old.graphs[g]; !ok || was != info {
			changed[g] = true
		}
	}
	for g := range old.graphs {
		if _, ok := ix.graphs[g]; !ok {
			changed[g] = true
		}
	}
	for g := range changed {
		if !incrementalGraph(n, g) {
			return nil, false, nil
		}
	}

	// The subjects to read again.
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
				return nil, false, err
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
		return nil, false, err
	}

	// The facts: old's, with those of the affected subjects read again.
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
		for _, q := range quads[s] {
			if !isFact(q, ix.sourceClass) {
				continue
			}
			ix.addFact(q)
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
	owners := map[rdf.Term][]rdf.Term{}
	for _, p := range old.byIRI {
		for _, pl := range p.Places {
			if affected[pl.IRI] {
				owners[pl.IRI] = append(owners[pl.IRI], p.IRI)
			}
		}
	}
	for _, list := range owners {
		for _, p := range list {
			if _, still := ix.byIRI[p]; still || read[p] {
				read[p] = true
			}
		}
	}
	iris := make([]rdf.Term, 0, len(read))
	for p := range read {
		iris = append(iris, p)
	}
	ps, err := readPractices(ctx, snap, n, regions, iris, quads)
	if err != nil {
		return nil, false, err
	}
	for _, p := range ps {
		ix.byIRI[p.IRI] = p
	}
	ix.needs = old.needs
	ix.finish(n, labeler, read)
	return ix, true, nil
}

// isFact reports whether addFact keeps something of q.
func isFact(q rdf.Quad, sourceClass rdf.Term) bool {
	switch q.P {
	case vocab.SKOSBroader, vocab.DCTIsReplacedBy, vocab.SKOSNotation:
		return true
	case rdf.Type:
		return q.O == vocab.ORGOrganization || q.O == sourceClass
	}
	for _, lp := range labelPredicates {
		if q.P == lp {
			return true
		}
	}
	return false
}
