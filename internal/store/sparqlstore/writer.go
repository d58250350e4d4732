package sparqlstore

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// writer buffers an Update's changes over the engine's current state and
// reads its own writes: what a cleared graph held or a removed quad is
// hidden, added quads are shown.
type writer struct {
	*reader
	added   map[rdf.Quad]struct{}
	removed map[rdf.Quad]struct{}
	cleared map[rdf.Term]bool // graph → dropped (not only cleared)
	created map[rdf.Term]bool
}

var (
	_ store.Writer   = (*writer)(nil)
	_ store.IDReader = (*writer)(nil)
)

func newWriter(s *Store, m *meta) *writer {
	return &writer{reader: newReader(s, m), added: map[rdf.Quad]struct{}{}, removed: map[rdf.Quad]struct{}{},
		cleared: map[rdf.Term]bool{}, created: map[rdf.Term]bool{}}
}

// check refuses quads the engine cannot hold, so that a bad term fails the
// Update where it is written rather than the whole request at commit.
func (w *writer) check(q rdf.Quad) error {
	if q.G.Value == MetaGraph || q.G.Value == DefaultGraph {
		return fmt.Errorf("%w: the graph %s is the store's own", ErrUnstorable, q.G.Value)
	}
	if q.S.IsZero() || q.P.IsZero() || q.O.IsZero() {
		return fmt.Errorf("%w: incomplete quad %v", ErrUnstorable, q)
	}
	if _, err := w.s.codec.quad(q); err != nil {
		return err
	}
	if !q.G.IsZero() {
		if _, err := w.s.codec.term(q.G); err != nil {
			return err
		}
	}
	return nil
}

// Add adds q.
func (w *writer) Add(q rdf.Quad) error {
	if err := w.check(q); err != nil {
		return err
	}
	delete(w.removed, q)
	w.added[q] = struct{}{}
	return nil
}

// Remove removes q.
func (w *writer) Remove(q rdf.Quad) error {
	if err := w.check(q); err != nil {
		if q.G.Value == MetaGraph {
			return err
		}
		return nil // a quad the engine cannot hold is not there
	}
	delete(w.added, q)
	if _, gone := w.cleared[q.G]; !gone {
		w.removed[q] = struct{}{}
	}
	return nil
}

// CreateGraph records an empty graph.
func (w *writer) CreateGraph(g rdf.Term) error {
	if _, ok := w.GraphInfo(g); ok && !g.IsZero() {
		return fmt.Errorf("%w: %s", store.ErrGraphExists, g.Value)
	}
	if err := w.check(rdf.Quad{S: g, P: g, O: g, G: g}); err != nil {
		return err
	}
	w.created[g] = true
	if _, ok := w.cleared[g]; ok {
		w.cleared[g] = false
	}
	return nil
}

// ClearGraph removes every quad of g.
func (w *writer) ClearGraph(g rdf.Term) error { return w.clear(g, false) }

// DropGraph removes g's quads and forgets it.
func (w *writer) DropGraph(g rdf.Term) error { return w.clear(g, !g.IsZero()) }

func (w *writer) clear(g rdf.Term, drop bool) error {
	if g.Value == MetaGraph {
		return fmt.Errorf("%w: the graph %s is the store's own", ErrUnstorable, g.Value)
	}
	for q := range w.added {
		if q.G == g {
			delete(w.added, q)
		}
	}
	for q := range w.removed {
		if q.G == g {
			delete(w.removed, q)
		}
	}
	w.cleared[g] = drop
	if drop {
		delete(w.created, g)
	}
	return nil
}

// hidden reports whether the writer's changes hide an engine quad.
func (w *writer) hidden(q rdf.Quad) bool {
	if _, ok := w.cleared[q.G]; ok {
		return true
	}
	_, removed := w.removed[q]
	_, added := w.added[q] // shown from the buffer instead
	return removed || added
}

func matches(p store.Pattern, q rdf.Quad) bool {
	eq := func(want, got rdf.Term) bool { return want.IsZero() || want == got }
	return eq(p.S, q.S) && eq(p.P, q.P) && eq(p.O, q.O) && (p.AnyGraph || p.G == q.G)
}

// Match yields the engine's quads as changed by the writer, then the added
// ones.
func (w *writer) Match(ctx context.Context, p store.Pattern) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		for q, err := range w.reader.Match(ctx, p) {
			if err != nil {
				yield(rdf.Quad{}, err)
				return
			}
			if !w.hidden(q) && !yield(q, nil) {
				return
			}
		}
		var added []rdf.Quad
		for q := range w.added {
			if matches(p, q) {
				added = append(added, q)
			}
		}
		slices.SortFunc(added, rdf.CompareQuads)
		for _, q := range added {
			if !yield(q, nil) {
				return
			}
		}
	}
}

// MatchIDs is Match with the reader's ids.
func (w *writer) MatchIDs(ctx context.Context, p store.IDPattern) iter.Seq2[store.IDQuad, error] {
	return func(yield func(store.IDQuad, error) bool) {
		tp, err := w.pattern(p)
		if err != nil {
			yield(store.IDQuad{}, err)
			return
		}
		for q, err := range w.Match(ctx, tp) {
			if err != nil {
				yield(store.IDQuad{}, err)
				return
			}
			if !yield(w.idQuad(q), nil) {
				return
			}
		}
	}
}

// Graphs lists the graphs as the writer leaves them.
func (w *writer) Graphs(ctx context.Context) ([]rdf.Term, error) {
	set := map[rdf.Term]bool{}
	for g := range w.m.graphs {
		if drop, ok := w.cleared[g]; !ok || !drop {
			set[g] = true
		}
	}
	for g := range w.created {
		set[g] = true
	}
	for q := range w.added {
		set[q.G] = true
	}
	var out []rdf.Term
	for g := range set {
		if !g.IsZero() {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, rdf.Compare)
	return out, nil
}

// GraphInfo describes g as the writer leaves it; counts are the engine's
// last ones adjusted by the buffered changes when they are known exactly.
func (w *writer) GraphInfo(g rdf.Term) (store.GraphInfo, bool) {
	info, ok := w.m.graphs[g]
	if drop, cleared := w.cleared[g]; cleared {
		info.Quads, ok = 0, !drop
	}
	n := 0
	for q := range w.added {
		if q.G == g {
			n++
		}
	}
	if n > 0 || w.created[g] {
		ok = true
		info.Quads += uint64(n)
	}
	info.Name = g
	return info, ok || g.IsZero()
}

// Len is the engine's count adjusted by the buffered additions.
func (w *writer) Len() uint64 { return w.m.quads + uint64(len(w.added)) }

// request writes the buffered changes as one SPARQL Update request, or ""
// when there are none.
//
// Some engines (Virtuoso) apply a request's operations one by one, so a
// request cut short (a crash, a timeout) may be half applied. The order
// makes that safe: a replaced graph is written as its difference to what
// the engine holds, additions first, then removals, then the metadata, so
// a half-applied request leaves the old and new quads side by side, never
// a graph with data missing. (It also makes a re-harvest that changed
// little a small request.)
func (w *writer) request(ctx context.Context, now time.Time) (string, error) {
	touched := map[rdf.Term]bool{}
	for g := range w.created {
		touched[g] = true
	}
	if len(w.cleared) == 0 && len(touched) == 0 && len(w.added) == 0 && len(w.removed) == 0 {
		return "", nil
	}
	c := w.s.codec
	var clears []string
	added, removed := maps.Clone(w.added), maps.Clone(w.removed)
	for _, g := range sortedTerms(w.cleared) {
		touched[g] = true
		name, err := c.term(graphTerm(g))
		if err != nil {
			return "", err
		}
		if w.cleared[g] || !w.hasAdded(g) {
			verb := "CLEAR SILENT GRAPH "
			if w.cleared[g] {
				verb = "DROP SILENT GRAPH "
			}
			clears = append(clears, verb+name)
			continue
		}
		// Replaced: send the difference to the engine's content.
		for q, err := range w.reader.Match(ctx, store.Pattern{G: g}) {
			if err != nil {
				return "", fmt.Errorf("sparqlstore: read %s to replace it: %w", g.Value, err)
			}
			if _, kept := added[q]; kept {
				delete(added, q)
			} else {
				removed[q] = struct{}{}
			}
		}
	}
	ins, err := w.dataOps("INSERT DATA", added, touched)
	if err != nil {
		return "", err
	}
	del, err := w.dataOps("DELETE DATA", removed, touched)
	if err != nil {
		return "", err
	}
	ops := append(append(ins, del...), clears...)
	nanos := strconv.FormatInt(now.UnixNano(), 10)
	for _, g := range sortedTerms(touched) {
		name, err := c.term(graphTerm(g))
		if err != nil {
			return "", err
		}
		ops = append(ops,
			"DELETE WHERE { GRAPH <"+MetaGraph+"> { "+name+" <"+metaQuads+"> ?n } }",
			"DELETE WHERE { GRAPH <"+MetaGraph+"> { "+name+" <"+metaGraphModified+"> ?m } }")
		if drop := w.cleared[g]; drop && !w.created[g] && !w.hasAdded(g) {
			continue
		}
		ops = append(ops, "INSERT { GRAPH <"+MetaGraph+"> { "+name+" <"+metaQuads+"> ?n ; <"+metaGraphModified+"> "+nanos+" } } "+
			"WHERE { { SELECT (COUNT(*) AS ?n) WHERE { GRAPH "+name+" { ?s ?p ?o } } } }")
	}
	// The version: one past the highest seen, or the commit time in
	// nanoseconds if that is higher, so that it grows across instances
	// and restarts. Older values are deleted after the new one is in.
	mg, version := "<"+MetaGraph+">", "<"+metaVersion+">"
	ops = append(ops,
		"INSERT { GRAPH "+mg+" { "+mg+" "+version+" ?next } } WHERE { { SELECT (MAX(?v) AS ?top) WHERE { GRAPH "+mg+" { "+mg+" "+version+" ?v } } } "+
			"BIND(IF(COALESCE(?top, 0) >= "+nanos+", COALESCE(?top, 0) + 1, "+nanos+") AS ?next) }",
		"DELETE { GRAPH "+mg+" { "+mg+" "+version+" ?v } } WHERE { GRAPH "+mg+" { "+mg+" "+version+" ?v } "+
			"{ SELECT (MAX(?x) AS ?top) WHERE { GRAPH "+mg+" { "+mg+" "+version+" ?x } } } FILTER(?v < ?top) }",
		"DELETE WHERE { GRAPH "+mg+" { "+mg+" <"+metaModified+"> ?t } }",
		"INSERT DATA { GRAPH "+mg+" { "+mg+" <"+metaModified+"> "+nanos+" } }")
	return strings.Join(ops, " ;\n"), nil
}

func (w *writer) hasAdded(g rdf.Term) bool {
	for q := range w.added {
		if q.G == g {
			return true
		}
	}
	return false
}

// dataOps writes quads as INSERT DATA or DELETE DATA operations of at most
// MaxUpdateQuads quads each, grouped by graph, and marks their graphs
// touched.
func (w *writer) dataOps(op string, quads map[rdf.Quad]struct{}, touched map[rdf.Term]bool) ([]string, error) {
	if len(quads) == 0 {
		return nil, nil
	}
	sorted := make([]rdf.Quad, 0, len(quads))
	for q := range quads {
		sorted = append(sorted, q)
	}
	slices.SortFunc(sorted, func(a, b rdf.Quad) int {
		if c := rdf.Compare(a.G, b.G); c != 0 {
			return c
		}
		return rdf.CompareQuads(a, b)
	})
	var ops []string
	var b strings.Builder
	n := 0
	var open rdf.Term
	inGraph := false
	flush := func() {
		if inGraph {
			b.WriteString(" }")
			inGraph = false
		}
		if n > 0 {
			ops = append(ops, op+" { "+b.String()+" }")
		}
		b.Reset()
		n = 0
	}
	for _, q := range sorted {
		touched[q.G] = true
		if n == w.s.opts.MaxUpdateQuads {
			flush()
		}
		if !inGraph || open != q.G {
			if inGraph {
				b.WriteString(" } ")
			}
			name, err := w.s.codec.term(graphTerm(q.G))
			if err != nil {
				return nil, err
			}
			b.WriteString("GRAPH " + name + " { ")
			open, inGraph = q.G, true
		}
		text, err := w.s.codec.quad(q)
		if err != nil {
			return nil, err
		}
		b.WriteString(text)
		b.WriteByte(' ')
		n++
	}
	flush()
	return ops, nil
}

func sortedTerms[V any](m map[rdf.Term]V) []rdf.Term {
	out := make([]rdf.Term, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.SortFunc(out, rdf.Compare)
	return out
}

// Estimate is the reader's estimate with the buffered changes: never zero
// while an added quad matches.
func (w *writer) Estimate(p store.Pattern) uint64 {
	var n uint64
	if _, cleared := w.cleared[p.G]; p.AnyGraph || !cleared {
		n = w.reader.Estimate(p)
	}
	for q := range w.added {
		if matches(p, q) {
			n++
		}
	}
	return n
}

// EstimateIDs is Estimate with the reader's ids.
func (w *writer) EstimateIDs(p store.IDPattern) uint64 {
	tp, err := w.pattern(p)
	if err != nil {
		return 0
	}
	return w.Estimate(tp)
}
