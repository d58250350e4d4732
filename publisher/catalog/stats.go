package catalog

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// stats are the VoID statistics of the store, from one pass over every
// quad. Counts are exact. Memory grows with the number of distinct terms,
// not with the number of quads.
type stats struct {
	quads      uint64
	subjects   int // distinct subjects in all graphs
	objects    int // distinct objects
	entities   int // distinct IRI subjects
	properties map[rdf.Term]uint64
	classes    map[rdf.Term]int // class → distinct instances
	graphs     map[rdf.Term]*graphStats
	links      map[linkKey]uint64
}

// graphStats are the statistics of one graph.
type graphStats struct {
	quads      uint64
	subjects   int
	objects    int
	entities   int
	properties int
	classes    int
}

// linkKey counts links by predicate and target dataset.
type linkKey struct {
	predicate rdf.Term
	target    string // the target's URI space
}

// linkTarget is an external dataset the practices link to.
type linkTarget struct {
	space, slug, title, homepage string
	predicates                   []rdf.Term
}

// quadSource is a store read either as ids (store.IDReader) or as terms.
type quadSource[K comparable] struct {
	quads  iter.Seq2[[4]K, error]
	decode func(K) (rdf.Term, error)
	lookup func(rdf.Term) (K, bool)
}

// computeStats scans the store once. It uses dictionary ids where the
// store offers them, so that sets hold integers and terms are decoded once.
func computeStats(ctx context.Context, r store.Reader, targets []linkTarget) (*stats, error) {
	if idr, ok := r.(store.IDReader); ok {
		return collect(quadSource[store.ID]{
			quads: func(yield func([4]store.ID, error) bool) {
				for q, err := range idr.MatchIDs(ctx, store.IDPattern{AnyGraph: true}) {
					if !yield([4]store.ID{q.S, q.P, q.O, q.G}, err) {
						return
					}
				}
			},
			decode: idr.Term,
			lookup: idr.TermID,
		}, targets)
	}
	return collect(quadSource[rdf.Term]{
		quads: func(yield func([4]rdf.Term, error) bool) {
			for q, err := range r.Match(ctx, store.Pattern{AnyGraph: true}) {
				if !yield([4]rdf.Term{q.S, q.P, q.O, q.G}, err) {
					return
				}
			}
		},
		decode: func(t rdf.Term) (rdf.Term, error) { return t, nil },
		lookup: func(t rdf.Term) (rdf.Term, bool) { return t, true },
	}, targets)
}

type set[K comparable] map[K]struct{}

func (s set[K]) add(k K) { s[k] = struct{}{} }

type graphSets[K comparable] struct {
	quads               uint64
	subjects, objects   set[K]
	properties, classes set[K]
}

func collect[K comparable](src quadSource[K], targets []linkTarget) (*stats, error) {
	typeID, hasType := src.lookup(rdf.Type)
	linkPreds := map[K][]int{} // predicate → indexes of targets that use it
	for i, t := range targets {
		for _, p := range t.predicates {
			if id, ok := src.lookup(p); ok {
				linkPreds[id] = append(linkPreds[id], i)
			}
		}
	}
	subjects, objects := set[K]{}, set[K]{}
	properties := map[K]uint64{}
	instances := map[K]set[K]{} // class → subjects
	graphs := map[K]*graphSets[K]{}
	linkObjects := map[[2]K]uint64{} // (predicate, object) → quads
	var quads uint64
	for q, err := range src.quads {
		if err != nil {
			return nil, fmt.Errorf("void: scan store: %w", err)
		}
		s, p, o, g := q[0], q[1], q[2], q[3]
		quads++
		subjects.add(s)
		objects.add(o)
		properties[p]++
		gs := graphs[g]
		if gs == nil {
			gs = &graphSets[K]{subjects: set[K]{}, objects: set[K]{}, properties: set[K]{}, classes: set[K]{}}
			graphs[g] = gs
		}
		gs.quads++
		gs.subjects.add(s)
		gs.objects.add(o)
		gs.properties.add(p)
		if hasType && p == typeID {
			if instances[o] == nil {
				instances[o] = set[K]{}
			}
			instances[o].add(s)
			gs.classes.add(o)
		}
		if _, ok := linkPreds[p]; ok {
			linkObjects[[2]K{p, o}]++
		}
	}

	st := &stats{
		quads: quads, subjects: len(subjects), objects: len(objects),
		properties: map[rdf.Term]uint64{}, classes: map[rdf.Term]int{},
		graphs: map[rdf.Term]*graphStats{}, links: map[linkKey]uint64{},
	}
	isIRI := map[K]bool{}
	for s := range subjects {
		t, err := src.decode(s)
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		if t.IsIRI() {
			isIRI[s] = true
			st.entities++
		}
	}
	for p, n := range properties {
		t, err := src.decode(p)
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		st.properties[t] = n
	}
	for c, members := range instances {
		t, err := src.decode(c)
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		st.classes[t] = len(members)
	}
	for g, gs := range graphs {
		t, err := src.decode(g)
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		out := &graphStats{quads: gs.quads, subjects: len(gs.subjects), objects: len(gs.objects),
			properties: len(gs.properties), classes: len(gs.classes)}
		for s := range gs.subjects {
			if isIRI[s] {
				out.entities++
			}
		}
		st.graphs[t] = out
	}
	for po, n := range linkObjects {
		pred, err := src.decode(po[0])
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		obj, err := src.decode(po[1])
		if err != nil {
			return nil, fmt.Errorf("void: decode term: %w", err)
		}
		for _, i := range linkPreds[po[0]] {
			if obj.IsIRI() && strings.HasPrefix(obj.Value, targets[i].space) {
				st.links[linkKey{pred, targets[i].space}] += n
			}
		}
	}
	return st, nil
}

// namespace returns the namespace of an IRI: up to its last '#' or '/'.
func namespace(iri string) string {
	if i := strings.LastIndexAny(iri, "#/"); i >= 0 && i < len(iri)-1 {
		return iri[:i+1]
	}
	return ""
}
