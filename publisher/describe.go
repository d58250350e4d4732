package publisher

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Bounds of one description, so that a resource with huge fan-out (a
// scheme with thousands of concepts) costs a bounded amount.
const (
	maxDescribedNodes  = 5000   // subjects read for the closure
	maxDescribedQuads  = 100000 // quads in one description
	maxLabelledObjects = 2000   // linked things whose labels are added
)

// description is what the server says about one resource: its triples
// from all graphs, the closure over its blank nodes and hash IRIs
// ({iri}#place-berlin), and the labels of the things it links to.
type description struct {
	Subject rdf.Term
	Quads   []rdf.Quad
	// Own are the quads whose subject is Subject or a node of its closure,
	// in store order; Labels the label quads of linked things.
	Own, Labels []rdf.Quad
	// Nodes are the closure's nodes besides Subject, in discovery order.
	Nodes []rdf.Term
}

// Empty reports whether nothing is known about the subject.
func (d *description) Empty() bool { return len(d.Own) == 0 }

// objects returns the distinct objects of subject t and predicate p.
func (d *description) objects(t, p rdf.Term) []rdf.Term {
	var out []rdf.Term
	for _, q := range d.Own {
		if q.S == t && q.P == p && !slices.Contains(out, q.O) {
			out = append(out, q.O)
		}
	}
	return out
}

// describe reads the description of subject from a snapshot. extra are
// further quads to add about the subject's members (concept schemes list
// their concepts; see describeScheme).
func (s *Server) describe(ctx context.Context, snap store.Reader, subject rdf.Term) (*description, error) {
	d := &description{Subject: subject}
	seen := map[rdf.Term]bool{subject: true}
	queue := []rdf.Term{subject}
	hashPrefix := subject.Value + "#"
	for len(queue) > 0 && len(d.Own) < maxDescribedQuads {
		node := queue[0]
		queue = queue[1:]
		for q, err := range snap.Match(ctx, store.Pattern{S: node, AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			d.Own = append(d.Own, q)
			o := q.O
			inClosure := o.IsBlank() || (subject.IsIRI() && o.IsIRI() && strings.HasPrefix(o.Value, hashPrefix))
			if inClosure && !seen[o] && len(seen) < maxDescribedNodes {
				seen[o] = true
				queue = append(queue, o)
				d.Nodes = append(d.Nodes, o)
			}
		}
	}
	if subject == s.iris.Ontology() {
		if err := s.addOntology(ctx, snap, d); err != nil {
			return nil, err
		}
	}
	if err := s.addLabels(ctx, snap, d); err != nil {
		return nil, err
	}
	d.Quads = append(slices.Clone(d.Own), d.Labels...)
	return d, nil
}

// addOntology adds the ontology's terms ({base}ns#Term), which nothing in
// the ontology document links to but which the document defines.
func (s *Server) addOntology(ctx context.Context, snap store.Reader, d *description) error {
	prefix := s.iris.Namespace()
	for q, err := range snap.Match(ctx, store.Pattern{G: s.iris.OntologyGraph()}) {
		if err != nil {
			return err
		}
		if q.S.IsIRI() && strings.HasPrefix(q.S.Value, prefix) {
			if !slices.Contains(d.Nodes, q.S) {
				d.Nodes = append(d.Nodes, q.S)
			}
			d.Own = append(d.Own, q)
		}
	}
	return nil
}

// addLabels adds the label quads of the IRIs the description links to (not
// of its classes and properties), so that every representation can name
// them.
func (s *Server) addLabels(ctx context.Context, snap store.Reader, d *description) error {
	inside := map[rdf.Term]bool{d.Subject: true}
	for _, n := range d.Nodes {
		inside[n] = true
	}
	var linked []rdf.Term
	seen := map[rdf.Term]bool{}
	for _, q := range d.Own {
		// Classes and properties are the vocabulary's business: their
		// labels would be nodes that nothing in the description refers to.
		if t := q.O; t.IsIRI() && q.P != rdf.Type && !inside[t] && !seen[t] && len(linked) < maxLabelledObjects {
			seen[t] = true
			linked = append(linked, t)
		}
	}
	if sm, ok := snap.(store.SubjectMatcher); ok && len(linked) > 0 {
		// An external store: one request for all, not one per subject and
		// label predicate (sixty round trips for a practice page).
		return addLabelsBatched(ctx, sm, d, linked)
	}
	for _, t := range linked {
		for _, lp := range labelPredicates {
			for q, err := range snap.Match(ctx, store.Pattern{S: t, P: lp, AnyGraph: true}) {
				if err != nil {
					return err
				}
				d.Labels = append(d.Labels, q)
			}
		}
	}
	return nil
}

// addLabelsBatched adds the label quads of linked read in one batch, in
// the order of the Match per subject and label predicate: linked's order,
// then labelPredicates', then the quads'.
func addLabelsBatched(ctx context.Context, sm store.SubjectMatcher, d *description, linked []rdf.Term) error {
	rank := make(map[rdf.Term]int, len(linked))
	for i, t := range linked {
		rank[t] = i
	}
	start := len(d.Labels)
	for q, err := range sm.MatchSubjects(ctx, linked) {
		if err != nil {
			return fmt.Errorf("labels of linked resources: %w", err)
		}
		if slices.Contains(labelPredicates, q.P) {
			d.Labels = append(d.Labels, q)
		}
	}
	slices.SortFunc(d.Labels[start:], func(a, b rdf.Quad) int {
		if c := rank[a.S] - rank[b.S]; c != 0 {
			return c
		}
		if c := slices.Index(labelPredicates, a.P) - slices.Index(labelPredicates, b.P); c != 0 {
			return c
		}
		return rdf.CompareQuads(a, b)
	})
	return nil
}

// members adds, to a concept scheme's description, each concept of the
// scheme with its labels, notation and broader concepts: what a client needs
// to show the scheme.
func (s *Server) addSchemeMembers(ctx context.Context, snap store.Reader, d *description) error {
	keep := map[rdf.Term]bool{vocab.SKOSPrefLabel: true, vocab.SKOSNotation: true, vocab.SKOSBroader: true, vocab.SKOSInScheme: true, rdf.Type: true}
	var concepts []rdf.Term
	for q, err := range snap.Match(ctx, store.Pattern{P: vocab.SKOSInScheme, O: d.Subject, AnyGraph: true}) {
		if err != nil {
			return err
		}
		if !slices.Contains(concepts, q.S) {
			concepts = append(concepts, q.S)
		}
	}
	for _, c := range concepts {
		if len(d.Quads) >= maxDescribedQuads {
			break
		}
		for q, err := range snap.Match(ctx, store.Pattern{S: c, AnyGraph: true}) {
			if err != nil {
				return err
			}
			if keep[q.P] {
				d.Labels = append(d.Labels, q)
				d.Quads = append(d.Quads, q)
			}
		}
	}
	return nil
}
