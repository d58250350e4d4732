package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// errWriteDuringMatch is returned by a write made while a Match of the same
// Update is running: the scan would see a moving index.
var errWriteDuringMatch = errors.New("store: write during a Match of the same Update; collect the matches first")

// pending holds the counter changes of a write transaction; they are
// written once, at commit, instead of on every quad.
type pending struct {
	lenDelta int64
	graphs   map[uint64]*graphDelta
	preds    map[uint64]int64
}

type graphDelta struct {
	quads   int64
	changed bool // modified time moves at commit
}

// writer implements Writer inside one Update. It is not safe for use by
// several goroutines, and dies when fn returns.
type writer struct {
	reader
	tx     kvWriteTx
	ctx    context.Context
	pend   pending
	nextID uint64
	dirty  bool // something to commit
	ops    int

	ids   map[string]uint64 // term encodings interned in this transaction
	known map[uint64]bool   // graph ids known to have (or lack) a record

	keyBuf, encBuf []byte
}

// maxTxTermCache bounds the per-transaction term→id map; it is cleared
// when full, which only costs lookups.
const maxTxTermCache = 1 << 16

// clearBatch is how many quads ClearGraph collects before deleting them
// (deleting while a cursor walks the same index is not safe in bbolt).
const clearBatch = 1024

func newWriter(ctx context.Context, e *engine, tx kvWriteTx) (*writer, error) {
	meta, err := readMeta(tx)
	if err != nil {
		return nil, fmt.Errorf("store: read meta: %w", err)
	}
	w := &writer{
		tx:     tx,
		ctx:    ctx,
		nextID: meta.nextID,
		ids:    make(map[string]uint64),
		known:  make(map[uint64]bool),
		pend:   pending{graphs: make(map[uint64]*graphDelta), preds: make(map[uint64]int64)},
	}
	w.reader = reader{e: e, tx: tx, g: &gate{}, meta: meta, pend: &w.pend, cacheBelow: meta.nextID}
	return w, nil
}

// writable checks that a write may proceed now.
func (w *writer) writable() error {
	if w.g.closed.Load() {
		return ErrClosed
	}
	if w.g.busy() {
		return errWriteDuringMatch
	}
	if w.ops++; w.ops%checkEvery == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// checkQuad rejects quads that are not RDF or cannot be stored.
func checkQuad(q rdf.Quad) error {
	for _, t := range [3]rdf.Term{q.S, q.P, q.O} {
		if err := checkTerm(t); err != nil {
			return err
		}
	}
	switch {
	case q.S.Kind != rdf.KindIRI && q.S.Kind != rdf.KindBlank:
		return fmt.Errorf("%w: the subject must be an IRI or a blank node, not %s", errBadTerm, q.S.Kind)
	case q.P.Kind != rdf.KindIRI:
		return fmt.Errorf("%w: the predicate must be an IRI, not %s", errBadTerm, q.P.Kind)
	case q.O.IsZero():
		return fmt.Errorf("%w: the object is missing", errBadTerm)
	}
	return checkGraphName(q.G)
}

// checkGraphName accepts the default graph (zero), IRIs and blank nodes.
func checkGraphName(g rdf.Term) error {
	if g.Kind != rdf.KindNone && g.Kind != rdf.KindIRI && g.Kind != rdf.KindBlank {
		return fmt.Errorf("%w: a graph name must be an IRI or a blank node, not %s", errBadTerm, g.Kind)
	}
	return nil
}

// describe shortens a quad for an error message.
func describe(q rdf.Quad) string {
	s := q.String()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// Add adds q; adding a quad that is present changes nothing.
func (w *writer) Add(q rdf.Quad) error {
	if err := w.writable(); err != nil {
		return err
	}
	if err := checkQuad(q); err != nil {
		return fmt.Errorf("store: add %s: %w", describe(q), err)
	}
	var iq idQuad
	for pos, t := range [4]rdf.Term{q.S, q.P, q.O, q.G} {
		if t.IsZero() {
			continue
		}
		id, err := w.intern(t)
		if err != nil {
			return fmt.Errorf("store: add %s: %w", describe(q), err)
		}
		iq[pos] = id
	}
	if err := w.addIDs(iq); err != nil {
		return fmt.Errorf("store: add %s: %w", describe(q), err)
	}
	return nil
}

// intern returns the id of t, giving it a new one if it has none.
func (w *writer) intern(t rdf.Term) (uint64, error) {
	enc, err := appendTerm(w.encBuf[:0], t)
	w.encBuf = enc
	if err != nil {
		return 0, err
	}
	if id, ok := w.ids[string(enc)]; ok {
		return id, nil
	}
	id, found, err := w.lookupEnc(enc)
	if err != nil {
		return 0, err
	}
	if !found {
		id = w.nextID
		w.nextID++
		key, _ := termKey(enc)
		idKey := appendID(nil, id)
		if err := w.tx.put(bucketTermToID, key, idKey); err != nil {
			return 0, fmt.Errorf("write term dictionary: %w", err)
		}
		if err := w.tx.put(bucketIDToTerm, idKey, enc); err != nil {
			return 0, fmt.Errorf("write term dictionary: %w", err)
		}
		w.dirty = true
	}
	if len(enc) <= maxInlineTermKey {
		if len(w.ids) >= maxTxTermCache {
			clear(w.ids)
		}
		w.ids[string(enc)] = id
	}
	return id, nil
}

// addIDs adds a quad of ids unless present.
func (w *writer) addIDs(q idQuad) error {
	w.keyBuf = quadIndices[idxSPOG].key(w.keyBuf[:0], q)
	if w.tx.has(bucketSPOG, w.keyBuf) {
		return nil
	}
	for i := range quadIndices {
		x := &quadIndices[i]
		w.keyBuf = x.key(w.keyBuf[:0], q)
		if err := w.tx.put(x.bucket, w.keyBuf, nil); err != nil {
			return fmt.Errorf("write index %s: %w", bucketNames[x.bucket], err)
		}
	}
	if err := w.ensureGraph(q[posG]); err != nil {
		return err
	}
	w.count(q, 1)
	return nil
}

// removeIDs removes a quad of ids known to be present.
func (w *writer) removeIDs(q idQuad) error {
	for i := range quadIndices {
		x := &quadIndices[i]
		w.keyBuf = x.key(w.keyBuf[:0], q)
		if err := w.tx.delete(x.bucket, w.keyBuf); err != nil {
			return fmt.Errorf("delete from index %s: %w", bucketNames[x.bucket], err)
		}
	}
	w.count(q, -1)
	return nil
}

func (w *writer) count(q idQuad, d int64) {
	w.pend.lenDelta += d
	w.pend.preds[q[posP]] += d
	w.graphDelta(q[posG]).quads += d
	w.dirty = true
}

func (w *writer) graphDelta(id uint64) *graphDelta {
	d := w.pend.graphs[id]
	if d == nil {
		d = &graphDelta{}
		w.pend.graphs[id] = d
	}
	d.changed = true
	return d
}

// ensureGraph records graph id as known.
func (w *writer) ensureGraph(id uint64) error {
	if w.known[id] {
		return nil
	}
	if _, ok, err := readGraphRecord(w.tx, id); err != nil {
		return err
	} else if !ok {
		if err := w.tx.put(bucketGraphs, appendID(nil, id), graphRecord{}.encode()); err != nil {
			return fmt.Errorf("write graph record: %w", err)
		}
		w.graphDelta(id)
		w.dirty = true
	}
	w.known[id] = true
	return nil
}

// Remove removes q if present.
func (w *writer) Remove(q rdf.Quad) error {
	if err := w.writable(); err != nil {
		return err
	}
	if err := checkQuad(q); err != nil {
		return fmt.Errorf("store: remove %s: %w", describe(q), err)
	}
	var iq idQuad
	for pos, t := range [4]rdf.Term{q.S, q.P, q.O, q.G} {
		if t.IsZero() {
			continue
		}
		id, found, err := w.lookup(t)
		if err != nil {
			return fmt.Errorf("store: remove %s: %w", describe(q), err)
		}
		if !found {
			return nil
		}
		iq[pos] = id
	}
	w.keyBuf = quadIndices[idxSPOG].key(w.keyBuf[:0], iq)
	if !w.tx.has(bucketSPOG, w.keyBuf) {
		return nil
	}
	if err := w.removeIDs(iq); err != nil {
		return fmt.Errorf("store: remove %s: %w", describe(q), err)
	}
	return nil
}

// graphID returns the id of graph name g (0 for the default graph), and
// false if g is not in the dictionary.
func (w *writer) graphID(g rdf.Term) (uint64, bool, error) {
	if err := checkGraphName(g); err != nil {
		return 0, false, err
	}
	if g.IsZero() {
		return 0, true, nil
	}
	return w.lookup(g)
}

// CreateGraph records the empty named graph g.
func (w *writer) CreateGraph(g rdf.Term) error {
	if err := w.writable(); err != nil {
		return err
	}
	if g.IsZero() {
		return fmt.Errorf("store: create the default graph: %w", ErrGraphExists)
	}
	if err := checkGraphName(g); err != nil {
		return fmt.Errorf("store: create graph %s: %w", g, err)
	}
	id, err := w.intern(g)
	if err != nil {
		return fmt.Errorf("store: create graph %s: %w", g, err)
	}
	if _, ok, err := readGraphRecord(w.tx, id); err != nil {
		return fmt.Errorf("store: create graph %s: %w", g, err)
	} else if ok {
		return fmt.Errorf("store: create graph %s: %w", g, ErrGraphExists)
	}
	if err := w.ensureGraph(id); err != nil {
		return fmt.Errorf("store: create graph %s: %w", g, err)
	}
	return nil
}

// ClearGraph removes the quads of g; the graph stays known. Clearing an
// unknown graph does nothing.
func (w *writer) ClearGraph(g rdf.Term) error {
	if err := w.writable(); err != nil {
		return err
	}
	id, found, err := w.graphID(g)
	if err != nil {
		return fmt.Errorf("store: clear graph %s: %w", g, err)
	}
	if !found {
		return nil
	}
	if err := w.clear(id); err != nil {
		return fmt.Errorf("store: clear graph %s: %w", g, err)
	}
	return nil
}

// clear removes every quad of graph id, a batch at a time.
func (w *writer) clear(id uint64) error {
	x := &quadIndices[idxGSPO]
	prefix := appendID(nil, id)
	batch := make([]idQuad, 0, clearBatch)
	for {
		batch = batch[:0]
		var err error
		scanPrefix(w.tx, x.bucket, prefix, func(k, _ []byte) bool {
			var q idQuad
			if q, err = x.decode(k); err != nil {
				return false
			}
			batch = append(batch, q)
			return len(batch) < clearBatch
		})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, q := range batch {
			if err := w.removeIDs(q); err != nil {
				return err
			}
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
}

// DropGraph removes the quads of g and forgets it; dropping the default
// graph clears it, and dropping an unknown graph does nothing.
func (w *writer) DropGraph(g rdf.Term) error {
	if err := w.writable(); err != nil {
		return err
	}
	id, found, err := w.graphID(g)
	if err != nil {
		return fmt.Errorf("store: drop graph %s: %w", g, err)
	}
	if !found {
		return nil
	}
	if err := w.clear(id); err != nil {
		return fmt.Errorf("store: drop graph %s: %w", g, err)
	}
	if id == 0 {
		return nil
	}
	key := appendID(nil, id)
	if w.tx.has(bucketGraphs, key) {
		if err := w.tx.delete(bucketGraphs, key); err != nil {
			return fmt.Errorf("store: drop graph %s: %w", g, err)
		}
		w.dirty = true
	}
	w.known[id] = false
	delete(w.pend.graphs, id)
	return nil
}

// errCorruptCounter means a counter would go negative: the store's
// statistics disagree with its indices (see Verify).
var errCorruptCounter = errors.New("counter would go negative; the store's statistics are corrupt")

// flush writes the counters at the end of a transaction: graph records,
// predicate counts and the meta bucket. now is the commit time.
func (w *writer) flush(now time.Time) error {
	m := w.meta
	commit := now.UnixNano()
	if commit <= m.modified { // keep Modified monotonic if the clock steps back
		commit = m.modified + 1
	}
	for id, d := range w.pend.graphs {
		if !d.changed {
			continue
		}
		rec, ok, err := readGraphRecord(w.tx, id)
		if err != nil {
			return err
		}
		if !ok {
			if id != 0 || d.quads != 0 {
				return fmt.Errorf("graph id %d changed without a record", id)
			}
			continue
		}
		n := int64(rec.quads) + d.quads
		if n < 0 {
			return fmt.Errorf("graph id %d: %w", id, errCorruptCounter)
		}
		rec.quads, rec.modified = uint64(n), commit
		if err := w.tx.put(bucketGraphs, appendID(nil, id), rec.encode()); err != nil {
			return fmt.Errorf("write graph record: %w", err)
		}
	}
	for id, d := range w.pend.preds {
		if d == 0 {
			continue
		}
		key := appendID(nil, id)
		cur, err := readUint(w.tx, bucketPredicates, key)
		if err != nil {
			return err
		}
		n := int64(cur) + d
		switch {
		case n < 0:
			return fmt.Errorf("predicate id %d: %w", id, errCorruptCounter)
		case n == 0:
			err = w.tx.delete(bucketPredicates, key)
		default:
			err = w.tx.put(bucketPredicates, key, encodeUint(uint64(n)))
		}
		if err != nil {
			return fmt.Errorf("write predicate count: %w", err)
		}
	}
	total := int64(m.len) + w.pend.lenDelta
	if total < 0 {
		return fmt.Errorf("quad count: %w", errCorruptCounter)
	}
	m.len, m.nextID, m.modified = uint64(total), w.nextID, commit
	m.version++
	return writeMeta(w.tx, m)
}
