package sparqlstore

import (
	"context"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// rows runs SELECT vars WHERE { where } and yields its rows, decoded. A
// result larger than a page is read again in ordered pages; if the store's
// version moved meanwhile the sequence ends with ErrChanged. distinct asks
// the engine for distinct rows.
func (s *Store) rows(ctx context.Context, vars []string, where string, distinct bool) iter.Seq2[[]rdf.Term, error] {
	return func(yield func([]rdf.Term, error) bool) {
		head := "SELECT "
		if distinct {
			head += "DISTINCT "
		}
		for _, v := range vars {
			head += "?" + v + " "
		}
		head += "WHERE { " + where + " }"
		page := s.opts.PageSize
		// Most reads fit one page: ask for one row more than a page,
		// unordered (no sort at the engine), to learn whether it does.
		res, err := s.client.selectRows(ctx, head+" LIMIT "+strconv.Itoa(page+1))
		if err != nil {
			yield(nil, err)
			return
		}
		if len(res.Rows) <= page {
			for _, r := range res.Rows {
				if !yield(s.decodeRow(res.Vars, vars, r), nil) {
					return
				}
			}
			return
		}
		before, err := s.version(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		order := " ORDER BY"
		for _, v := range vars {
			order += " ?" + v
		}
		for offset := 0; ; offset += page {
			res, err := s.client.selectRows(ctx, head+order+" LIMIT "+strconv.Itoa(page)+" OFFSET "+strconv.Itoa(offset))
			if err != nil {
				yield(nil, err)
				return
			}
			for _, r := range res.Rows {
				if !yield(s.decodeRow(res.Vars, vars, r), nil) {
					return
				}
			}
			if len(res.Rows) < page {
				break
			}
		}
		after, err := s.version(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		if after != before {
			yield(nil, ErrChanged)
		}
	}
}

// decodeRow puts a result row in the order of vars, decoding every term.
func (s *Store) decodeRow(have, want []string, row []rdf.Term) []rdf.Term {
	out := make([]rdf.Term, len(want))
	for i, v := range want {
		if j := slices.Index(have, v); j >= 0 && j < len(row) {
			out[i] = s.codec.decode(row[j])
		}
	}
	return out
}

// reader reads the engine at one metadata version.
type reader struct {
	s *Store
	m *meta

	idMu  sync.Mutex
	ids   map[rdf.Term]store.ID
	terms []rdf.Term             // by id - 1
	asked map[store.Pattern]bool // Estimate's existence checks
}

func newReader(s *Store, m *meta) *reader {
	return &reader{s: s, m: m, ids: map[rdf.Term]store.ID{}, asked: map[store.Pattern]bool{}}
}

// snapshot is a reader that can be closed (there is nothing to release).
type snapshot struct{ *reader }

func (*snapshot) Close() error { return nil }

var (
	_ store.Snapshot = (*snapshot)(nil)
	_ store.IDReader = (*snapshot)(nil)
)

// patternQuery is the WHERE clause and variables of a pattern; ok is false
// when a bound term cannot be written (no quad can hold it).
func (r *reader) patternQuery(p store.Pattern) (where string, vars []string, ok bool) {
	c := r.s.codec
	pos := func(t rdf.Term, v string) string {
		if t.IsZero() {
			vars = append(vars, v)
			return "?" + v
		}
		text, err := c.term(t)
		if err != nil {
			ok = false
			return ""
		}
		return text
	}
	ok = true
	triple := pos(p.S, "s") + " " + pos(p.P, "p") + " " + pos(p.O, "o")
	switch {
	case p.AnyGraph:
		vars = append(vars, "g")
		// Only the store's graphs: an engine keeps others (Virtuoso's
		// system graphs, the metadata graph).
		where = "GRAPH <" + MetaGraph + "> { ?g <" + metaQuads + "> ?n } GRAPH ?g { " + triple + " }"
	default:
		g, err := c.term(graphTerm(p.G))
		if err != nil {
			return "", nil, false
		}
		where = "GRAPH " + g + " { " + triple + " }"
	}
	return where, vars, ok
}

// Match yields the quads that match p.
func (r *reader) Match(ctx context.Context, p store.Pattern) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		where, vars, ok := r.patternQuery(p)
		if !ok {
			return
		}
		if len(vars) == 0 {
			// Everything bound: ask whether the quad is there.
			vars = []string{"found"}
			where += " BIND(true AS ?found)"
		}
		for row, err := range r.s.rows(ctx, vars, where, false) {
			if err != nil {
				yield(rdf.Quad{}, err)
				return
			}
			q := rdf.Quad{S: p.S, P: p.P, O: p.O, G: p.G}
			for i, v := range vars {
				switch v {
				case "s":
					q.S = row[i]
				case "p":
					q.P = row[i]
				case "o":
					q.O = row[i]
				case "g":
					q.G = storeGraph(row[i])
				}
			}
			if !yield(q, nil) {
				return
			}
		}
	}
}

// Estimate guesses from the metadata's counts; the guess is only exact
// about zero, as the contract wants (callers test existence with it), so a
// pattern with a bound term costs one ASK request, remembered by the
// reader.
func (r *reader) Estimate(p store.Pattern) uint64 {
	n := r.guess(p)
	if n == 0 || (p.S.IsZero() && p.P.IsZero() && p.O.IsZero()) {
		return n
	}
	r.idMu.Lock()
	found, asked := r.asked[p]
	r.idMu.Unlock()
	if !asked {
		var err error
		if found, err = r.exists(p); err != nil {
			return n // unknown: not zero
		}
		r.idMu.Lock()
		r.asked[p] = found
		r.idMu.Unlock()
	}
	if !found {
		return 0
	}
	return n
}

// exists asks the engine whether a quad matches p.
func (r *reader) exists(p store.Pattern) (bool, error) {
	where, _, ok := r.patternQuery(p)
	if !ok {
		return false, nil
	}
	res, err := r.s.client.selectRows(context.Background(), "ASK { "+where+" }")
	if err != nil {
		return false, err
	}
	return res.Boolean != nil && *res.Boolean, nil
}

// guess estimates from the metadata's counts alone.
func (r *reader) guess(p store.Pattern) uint64 {
	total := r.m.quads
	if !p.AnyGraph {
		info, ok := r.m.graphs[p.G]
		if !ok {
			return 0
		}
		total = info.Quads
	}
	bound := 0
	for _, t := range []rdf.Term{p.S, p.P, p.O} {
		if !t.IsZero() {
			bound++
		}
	}
	switch {
	case bound == 3:
		return min(total, 1)
	case !p.S.IsZero():
		return min(total, 20/uint64(bound))
	case !p.O.IsZero():
		return min(total, 100)
	case !p.P.IsZero():
		return max(min(total, 1), total/20)
	}
	return total
}

// Graphs returns the store's named graphs, in term order.
func (r *reader) Graphs(context.Context) ([]rdf.Term, error) {
	var out []rdf.Term
	for g := range r.m.graphs {
		if !g.IsZero() {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, rdf.Compare)
	return out, nil
}

// GraphInfo describes g from the metadata.
func (r *reader) GraphInfo(g rdf.Term) (store.GraphInfo, bool) {
	info, ok := r.m.graphs[g]
	if g.IsZero() {
		return store.GraphInfo{Quads: info.Quads, Modified: info.Modified}, true
	}
	return info, ok
}

// Len is the sum of the graphs' counts.
func (r *reader) Len() uint64 { return r.m.quads }

// Version is the store's version when the metadata was read.
func (r *reader) Version() uint64 { return r.m.version }

// Modified is the time of the last commit.
func (r *reader) Modified() time.Time { return r.m.modified }

// TermID gives t an id in this reader's own dictionary, so that the SPARQL
// engine can run over the store; ids mean nothing outside the reader.
func (r *reader) TermID(t rdf.Term) (store.ID, bool) {
	if t.IsZero() {
		return 0, true
	}
	r.idMu.Lock()
	defer r.idMu.Unlock()
	if id, ok := r.ids[t]; ok {
		return id, true
	}
	r.terms = append(r.terms, t)
	id := store.ID(len(r.terms))
	r.ids[t] = id
	return id, true
}

// Term returns the term of an id given by TermID.
func (r *reader) Term(id store.ID) (rdf.Term, error) {
	if id == 0 {
		return rdf.Term{}, nil
	}
	r.idMu.Lock()
	defer r.idMu.Unlock()
	if int(id) > len(r.terms) {
		return rdf.Term{}, errUnknownID(id)
	}
	return r.terms[id-1], nil
}

type errUnknownID store.ID

func (e errUnknownID) Error() string {
	return "sparqlstore: unknown term id " + strconv.FormatUint(uint64(e), 10)
}

// pattern turns an id pattern into a term pattern.
func (r *reader) pattern(p store.IDPattern) (store.Pattern, error) {
	var out store.Pattern
	var err error
	for _, x := range []struct {
		id store.ID
		t  *rdf.Term
	}{{p.S, &out.S}, {p.P, &out.P}, {p.O, &out.O}, {p.G, &out.G}} {
		if *x.t, err = r.Term(x.id); err != nil {
			return out, err
		}
	}
	out.AnyGraph = p.AnyGraph
	return out, nil
}

// MatchIDs is Match with the reader's ids.
func (r *reader) MatchIDs(ctx context.Context, p store.IDPattern) iter.Seq2[store.IDQuad, error] {
	return func(yield func(store.IDQuad, error) bool) {
		tp, err := r.pattern(p)
		if err != nil {
			yield(store.IDQuad{}, err)
			return
		}
		for q, err := range r.Match(ctx, tp) {
			if err != nil {
				yield(store.IDQuad{}, err)
				return
			}
			if !yield(r.idQuad(q), nil) {
				return
			}
		}
	}
}

func (r *reader) idQuad(q rdf.Quad) store.IDQuad {
	s, _ := r.TermID(q.S)
	p, _ := r.TermID(q.P)
	o, _ := r.TermID(q.O)
	g, _ := r.TermID(q.G)
	return store.IDQuad{S: s, P: p, O: o, G: g}
}

// EstimateIDs is Estimate with the reader's ids.
func (r *reader) EstimateIDs(p store.IDPattern) uint64 {
	tp, err := r.pattern(p)
	if err != nil {
		return 0
	}
	return r.Estimate(tp)
}

// quad writes the triple of q for a request, failing on a term that cannot
// be written.
func (c codec) quad(q rdf.Quad) (string, error) {
	var b strings.Builder
	for _, t := range []rdf.Term{q.S, q.P, q.O} {
		text, err := c.term(t)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
		b.WriteByte(' ')
	}
	b.WriteString(".")
	return b.String(), nil
}

var _ store.SubjectMatcher = (*snapshot)(nil)

// subjectBatch is how many subjects one MatchSubjects request names.
const subjectBatch = 200

// MatchSubjects yields the quads of the subjects in the store's graphs,
// asking for subjectBatch subjects per request (VALUES). Only snapshots
// have it: a writer's reads must see its own writes.
func (sn *snapshot) MatchSubjects(ctx context.Context, subjects []rdf.Term) iter.Seq2[rdf.Quad, error] {
	r := sn.reader
	return func(yield func(rdf.Quad, error) bool) {
		for start := 0; start < len(subjects); start += subjectBatch {
			var values strings.Builder
			for _, s := range subjects[start:min(start+subjectBatch, len(subjects))] {
				if s.IsLiteral() {
					continue
				}
				text, err := r.s.codec.term(s)
				if err != nil {
					continue // no quad can have it
				}
				values.WriteString(text)
				values.WriteByte(' ')
			}
			if values.Len() == 0 {
				continue
			}
			where := "VALUES ?s { " + values.String() + "} GRAPH <" + MetaGraph + "> { ?g <" + metaQuads + "> ?n } GRAPH ?g { ?s ?p ?o }"
			for row, err := range r.s.rows(ctx, []string{"s", "p", "o", "g"}, where, false) {
				if err != nil {
					yield(rdf.Quad{}, err)
					return
				}
				if !yield(rdf.Quad{S: row[0], P: row[1], O: row[2], G: storeGraph(row[3])}, nil) {
					return
				}
			}
		}
	}
}
