package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// checkEvery is how many rows a scan reads between context checks.
const checkEvery = 256

// ExactEstimateLimit bounds the work of Estimate in DB and Memory, which
// returns for a pattern:
//
//   - the exact count, from counters kept on every write, when the pattern
//     binds nothing, only the graph, only the predicate over all graphs, or
//     rdf:type and a class over all graphs;
//   - otherwise the exact count when the index range that serves the pattern
//     holds fewer than ExactEstimateLimit quads (a bounded scan of keys);
//   - otherwise an upper bound: the smallest of the predicate's count (if P
//     is bound), the graph's count (if G is bound) and the store's size.
//
// Zero means nothing matches (a bound term that is not in the store gives 0
// without a scan); a closed snapshot estimates 0.
const ExactEstimateLimit = 1024

// errHashCollision is returned if two long terms share a SHA-256 key. It has
// never been seen; the store refuses to confuse the two terms.
var errHashCollision = errors.New("SHA-256 collision in the term dictionary")

// reader implements Reader (and IDReader) over one transaction; snapshots
// and writers embed it.
type reader struct {
	e    *engine
	tx   kvReader
	g    *gate
	meta storedMeta // as of the start of the transaction
	pend *pending   // uncommitted changes when inside Update, else nil
	// cacheBelow: ids below it are committed and may enter the shared
	// decode cache; a writer's new ids may still be rolled back.
	cacheBelow uint64
	// sync, if set, makes buffered writes visible before a read.
	sync func() error
}

// synced runs r.sync if set.
func (r *reader) synced() error {
	if r.sync == nil {
		return nil
	}
	return r.sync()
}

// lookup returns the id of t, and false if t is not in the dictionary (then
// no quad holds it). Terms that cannot be encoded are never stored.
func (r *reader) lookup(t rdf.Term) (uint64, bool, error) {
	var buf [128]byte
	enc, err := appendTerm(buf[:0], t)
	if err != nil {
		return 0, false, nil
	}
	return r.lookupEnc(enc)
}

func (r *reader) lookupEnc(enc []byte) (uint64, bool, error) {
	key, hashed := termKey(enc)
	v := r.tx.get(bucketTermToID, key)
	if v == nil {
		return 0, false, nil
	}
	id, err := decodeIDValue(v)
	if err != nil {
		return 0, false, fmt.Errorf("term dictionary: %w", err)
	}
	if hashed {
		var kb [9]byte
		if !bytes.Equal(r.tx.get(bucketIDToTerm, appendID(kb[:0], id)), enc) {
			return 0, false, errHashCollision
		}
	}
	return id, true, nil
}

// term returns the term with the given id.
func (r *reader) term(id uint64) (rdf.Term, error) {
	if id == 0 {
		return rdf.Term{}, nil
	}
	if t, ok := r.e.cache.get(id); ok {
		return t, nil
	}
	var kb [9]byte
	v := r.tx.get(bucketIDToTerm, appendID(kb[:0], id))
	if v == nil {
		return rdf.Term{}, fmt.Errorf("term id %d is not in the dictionary", id)
	}
	t, err := decodeTerm(v)
	if err != nil {
		return rdf.Term{}, fmt.Errorf("term id %d: %w", id, err)
	}
	if id < r.cacheBelow {
		r.e.cache.put(id, t)
	}
	return t, nil
}

// quadDecoder turns id quads into quads. It remembers the previous quad:
// in index order consecutive rows share their leading ids (and bound
// positions never change), so most rows decode only one or two terms.
type quadDecoder struct {
	r     *reader
	ids   idQuad
	terms [4]rdf.Term
	valid [4]bool
}

func (d *quadDecoder) quad(q idQuad) (rdf.Quad, error) {
	for pos, id := range q {
		if d.valid[pos] && d.ids[pos] == id {
			continue
		}
		t, err := d.r.term(id)
		if err != nil {
			return rdf.Quad{}, err
		}
		d.ids[pos], d.terms[pos], d.valid[pos] = id, t, true
	}
	return rdf.Quad{S: d.terms[posS], P: d.terms[posP], O: d.terms[posO], G: d.terms[posG]}, nil
}

// resolve turns p into ids; ok is false when a bound term is unknown, so
// that nothing can match.
func (r *reader) resolve(p Pattern) (ip idPattern, ok bool, err error) {
	for pos, t := range [3]rdf.Term{p.S, p.P, p.O} {
		if t.IsZero() {
			continue
		}
		id, found, err := r.lookup(t)
		if err != nil || !found {
			return ip, false, err
		}
		ip.q[pos], ip.bound[pos] = id, true
	}
	if !p.AnyGraph {
		ip.bound[posG] = true
		if !p.G.IsZero() {
			id, found, err := r.lookup(p.G)
			if err != nil || !found {
				return ip, false, err
			}
			ip.q[posG] = id
		}
	}
	return ip, true, nil
}

func idPatternOf(p IDPattern) idPattern {
	var ip idPattern
	for pos, id := range [3]ID{p.S, p.P, p.O} {
		if id != 0 {
			ip.q[pos], ip.bound[pos] = uint64(id), true
		}
	}
	if !p.AnyGraph {
		ip.q[posG], ip.bound[posG] = uint64(p.G), true
	}
	return ip
}

// scan calls fn for each quad matching ip, in index order, until fn returns
// false. It stops with ErrClosed once the gate closes and with ctx's error
// when ctx ends; it checks the gate again after fn returns because fn may
// have let the transaction end (a writer's fn returning while an iteration
// is suspended) and the next step would read it.
func (r *reader) scan(ctx context.Context, ip *idPattern, fn func(idQuad) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x := chooseIndex(ip)
	prefix := x.prefix(make([]byte, 0, 36), ip)
	var err error
	n := 0
	scanPrefix(r.tx, x.bucket, prefix, func(k, _ []byte) bool {
		if r.g.closed.Load() {
			err = ErrClosed
			return false
		}
		if n++; n%checkEvery == 0 {
			if err = ctx.Err(); err != nil {
				return false
			}
		}
		var q idQuad
		if q, err = x.decode(k); err != nil {
			return false
		}
		if !fn(q) {
			return false
		}
		if r.g.closed.Load() {
			err = ErrClosed
			return false
		}
		return true
	})
	return err
}

// Match yields the quads matching p in the order of the index that serves
// p: by dictionary id of the unbound positions, which is first-use order,
// not rdf.Compare order. It streams from the index without holding results
// in memory.
func (r *reader) Match(ctx context.Context, p Pattern) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		if !r.g.enter() {
			yield(rdf.Quad{}, ErrClosed)
			return
		}
		defer r.g.exit()
		if err := r.synced(); err != nil {
			yield(rdf.Quad{}, fmt.Errorf("store: match: %w", err))
			return
		}
		ip, ok, err := r.resolve(p)
		if err != nil {
			yield(rdf.Quad{}, fmt.Errorf("store: match: %w", err))
			return
		}
		if !ok {
			return
		}
		stopped := false
		dec := quadDecoder{r: r}
		err = r.scan(ctx, &ip, func(iq idQuad) bool {
			q, err := dec.quad(iq)
			if err != nil {
				yield(rdf.Quad{}, fmt.Errorf("store: match: %w", err))
				stopped = true
				return false
			}
			if !yield(q, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(rdf.Quad{}, fmt.Errorf("store: match: %w", err))
		}
	}
}

// MatchIDs is Match over dictionary ids, without decoding terms.
func (r *reader) MatchIDs(ctx context.Context, p IDPattern) iter.Seq2[IDQuad, error] {
	return func(yield func(IDQuad, error) bool) {
		if !r.g.enter() {
			yield(IDQuad{}, ErrClosed)
			return
		}
		defer r.g.exit()
		if err := r.synced(); err != nil {
			yield(IDQuad{}, fmt.Errorf("store: match: %w", err))
			return
		}
		ip := idPatternOf(p)
		stopped := false
		err := r.scan(ctx, &ip, func(q idQuad) bool {
			if !yield(IDQuad{ID(q[posS]), ID(q[posP]), ID(q[posO]), ID(q[posG])}, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(IDQuad{}, fmt.Errorf("store: match: %w", err))
		}
	}
}

// TermID returns the dictionary id of t, and false if no quad or graph of
// this transaction's state uses t (or it was used once and CompactTerms
// removed it).
func (r *reader) TermID(t rdf.Term) (ID, bool) {
	if !r.g.enter() {
		return 0, false
	}
	defer r.g.exit()
	if r.synced() != nil {
		return 0, false
	}
	id, ok, err := r.lookup(t)
	if err != nil || !ok {
		return 0, false
	}
	return ID(id), true
}

// Term returns the term with dictionary id id (the zero term for 0).
func (r *reader) Term(id ID) (rdf.Term, error) {
	if !r.g.enter() {
		return rdf.Term{}, ErrClosed
	}
	defer r.g.exit()
	if err := r.synced(); err != nil {
		return rdf.Term{}, fmt.Errorf("store: %w", err)
	}
	t, err := r.term(uint64(id))
	if err != nil {
		return rdf.Term{}, fmt.Errorf("store: %w", err)
	}
	return t, nil
}

// Estimate returns how many quads match p, as ExactEstimateLimit describes.
func (r *reader) Estimate(p Pattern) uint64 {
	if !r.g.enter() {
		return 0
	}
	defer r.g.exit()
	if r.synced() != nil {
		return 0
	}
	ip, ok, err := r.resolve(p)
	if err != nil || !ok {
		return 0
	}
	return r.estimate(&ip)
}

// EstimateIDs is Estimate for a pattern of ids.
func (r *reader) EstimateIDs(p IDPattern) uint64 {
	if !r.g.enter() {
		return 0
	}
	defer r.g.exit()
	if r.synced() != nil {
		return 0
	}
	ip := idPatternOf(p)
	return r.estimate(&ip)
}

func (r *reader) estimate(ip *idPattern) uint64 {
	b := ip.bound
	spo := b[posS] || b[posP] || b[posO]
	switch {
	case !spo && !b[posG]:
		return r.length()
	case !spo:
		return r.graphQuads(ip.q[posG])
	case !b[posS] && b[posP] && !b[posO] && !b[posG]:
		return r.predicateQuads(ip.q[posP])
	case !b[posS] && b[posP] && b[posO] && !b[posG] && r.meta.stats && r.isType(ip.q[posP]):
		return r.classInstances(ip.q[posO])
	}
	x := chooseIndex(ip)
	var n uint64
	scanPrefix(r.tx, x.bucket, x.prefix(make([]byte, 0, 36), ip), func(_, _ []byte) bool {
		n++
		return n < ExactEstimateLimit
	})
	if n < ExactEstimateLimit {
		return n
	}
	upper := r.length()
	if b[posP] {
		upper = min(upper, r.predicateQuads(ip.q[posP]))
	}
	if b[posG] {
		upper = min(upper, r.graphQuads(ip.q[posG]))
	}
	return max(upper, n)
}

// length is the number of quads, own writes included.
func (r *reader) length() uint64 {
	n := r.meta.len
	if r.pend != nil {
		n = uint64(int64(n) + r.pend.lenDelta)
	}
	return n
}

// graphQuads is the number of quads of graph id (0 if unknown).
func (r *reader) graphQuads(id uint64) uint64 {
	rec, _, err := readGraphRecord(r.tx, id)
	if err != nil {
		return 0
	}
	return r.pendingGraph(id, rec.quads)
}

func (r *reader) pendingGraph(id, stored uint64) uint64 {
	if r.pend != nil {
		if d := r.pend.graphs[id]; d != nil {
			return uint64(int64(stored) + d.quads)
		}
	}
	return stored
}

// predicateQuads is the number of quads with predicate id.
func (r *reader) predicateQuads(id uint64) uint64 {
	var kb [9]byte
	n, err := readUint(r.tx, bucketPredicates, appendID(kb[:0], id))
	if err != nil {
		return 0
	}
	if r.pend != nil {
		n = uint64(int64(n) + r.pend.preds[id])
	}
	return n
}

// Graphs returns the known named graphs in rdf.Compare order.
func (r *reader) Graphs(ctx context.Context) ([]rdf.Term, error) {
	if !r.g.enter() {
		return nil, ErrClosed
	}
	defer r.g.exit()
	if err := r.synced(); err != nil {
		return nil, fmt.Errorf("store: graphs: %w", err)
	}
	var ids []uint64
	var err error
	r.tx.ascend(bucketGraphs, nil, func(k, _ []byte) bool {
		var id uint64
		if id, err = decodeIDValue(k); err != nil {
			return false
		}
		if id != 0 {
			ids = append(ids, id)
		}
		if len(ids)%checkEvery == 0 {
			err = ctx.Err()
		}
		return err == nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: graphs: %w", err)
	}
	out := make([]rdf.Term, 0, len(ids))
	for _, id := range ids {
		t, err := r.term(id)
		if err != nil {
			return nil, fmt.Errorf("store: graphs: %w", err)
		}
		out = append(out, t)
	}
	slices.SortFunc(out, rdf.Compare)
	return out, nil
}

// GraphInfo describes graph g; the default graph (zero g) always exists.
func (r *reader) GraphInfo(g rdf.Term) (GraphInfo, bool) {
	if !r.g.enter() {
		return GraphInfo{}, false
	}
	defer r.g.exit()
	if r.synced() != nil {
		return GraphInfo{}, false
	}
	var id uint64
	if !g.IsZero() {
		var found bool
		var err error
		if id, found, err = r.lookup(g); err != nil || !found {
			return GraphInfo{}, false
		}
	}
	rec, ok, err := readGraphRecord(r.tx, id)
	if err != nil || (!ok && id != 0) {
		return GraphInfo{}, false
	}
	return GraphInfo{Name: g, Quads: r.pendingGraph(id, rec.quads), Modified: unixTime(rec.modified)}, true
}

// Len returns the number of quads in all graphs.
func (r *reader) Len() uint64 {
	if !r.g.enter() {
		return 0
	}
	defer r.g.exit()
	return r.length()
}

// Version is the number of committed Updates that changed the store, as of
// this transaction's start.
func (r *reader) Version() uint64 { return r.meta.version }

// Modified is the commit time of the last change, as of this transaction's
// start; the zero time for a store never written.
func (r *reader) Modified() time.Time { return unixTime(r.meta.modified) }
