package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// snapshot is what the store says about the data the catalog describes.
type snapshot struct {
	sources  []sourceInfo // in id order
	all      *facts       // every source graph together
	modified time.Time    // last write to the store
}

// sourceInfo is one source dataset: a configured source, or a source graph
// in the store whose source is no longer configured (the publisher still
// serves its data, so the catalog lists it).
type sourceInfo struct {
	Source
	configured bool
	graph      rdf.Term
	facts      *facts
}

// readSnapshot gathers the facts of every source graph.
func readSnapshot(ctx context.Context, in *Input) (*snapshot, error) {
	n := in.IRIs
	byID := map[string]*sourceInfo{}
	for _, s := range in.Sources {
		byID[s.ID] = &sourceInfo{Source: s, configured: true, graph: n.SourceGraph(s.ID)}
	}
	graphs, err := in.Reader.Graphs(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: list graphs: %w", err)
	}
	for _, g := range graphs {
		id, ok := parseSourceGraph(n, g)
		if !ok || byID[id] != nil {
			continue
		}
		s, err := storedSource(ctx, in.Reader, n, id)
		if err != nil {
			return nil, err
		}
		byID[id] = &sourceInfo{Source: s, graph: g}
	}

	snap := &snapshot{all: newFacts(), modified: in.Reader.Modified()}
	if snap.modified.IsZero() {
		snap.modified = in.Now
	}
	for _, s := range byID {
		f, err := readFacts(ctx, in.Reader, n.Terms(), s.graph)
		if err != nil {
			return nil, fmt.Errorf("catalog: source %s: %w", s.ID, err)
		}
		s.facts = f
		snap.all.merge(f)
		snap.sources = append(snap.sources, *s)
	}
	slices.SortFunc(snap.sources, func(a, b sourceInfo) int { return strings.Compare(a.ID, b.ID) })
	return snap, nil
}

// storedSource reads the name and homepage of a source that is no longer
// configured from the provenance graph, where the harvester recorded them.
func storedSource(ctx context.Context, r store.Reader, n vocab.IRIs, id string) (Source, error) {
	s := Source{ID: id}
	for q, err := range r.Match(ctx, store.Pattern{S: n.Source(id), G: n.ProvenanceGraph()}) {
		if err != nil {
			return s, fmt.Errorf("catalog: read source %s: %w", id, err)
		}
		switch {
		case q.P == vocab.DCTTitle && q.O.IsLiteral() && s.Name == "":
			s.Name = q.O.Value
		case q.P == vocab.DCATLandingPage && q.O.IsIRI() && isHTTPURL(q.O.Value):
			s.Homepage = q.O.Value
		}
	}
	return s, nil
}

// name is the source's human-readable name, its id when it has none.
func (s *sourceInfo) name() string {
	if strings.TrimSpace(s.Name) != "" {
		return s.Name
	}
	return s.ID
}
