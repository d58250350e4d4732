package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

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
	pstats   map[uint64]*statDelta // distinct subjects and objects per predicate
	classes  map[uint64]int64      // rdf:type quads per object
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

	ids   map[string]uint64 // cache of term encodings looked up in this transaction
	known map[uint64]bool   // graph ids known to have (or lack) a record

	// Buffered writes, applied in key order by flushPending (see there).
	newTerms map[string]uint64 // encodings of terms created in this transaction
	termList []newTerm         // the same, in id order
	adds     map[idQuad]struct{}

	failed error // a backend write failed: the transaction must not commit

	typeID uint64 // id of rdf:type, 0 while the store has none

	// unwrittenFrom: no index key in the backend holds an id at or above
	// it (ids grow and are never reused, and the ids minted since the last
	// flushAdds are only in buffers), so a quad or pair with such an id is
	// new without a lookup. Loads mint an id for most quads (a new
	// subject or literal), which saves them most existence checks.
	unwrittenFrom uint64

	keyBuf, encBuf, pairBuf []byte
}

type newTerm struct {
	id  uint64
	enc string
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
		tx:       tx,
		ctx:      ctx,
		nextID:   meta.nextID,
		ids:      make(map[string]uint64),
		known:    make(map[uint64]bool),
		newTerms: make(map[string]uint64),
		adds:     make(map[idQuad]struct{}),
		pend: pending{
			graphs: make(map[uint64]*graphDelta), preds: make(map[uint64]int64),
			pstats: make(map[uint64]*statDelta), classes: make(map[uint64]int64),
		},
	}
	w.unwrittenFrom = meta.nextID
	w.reader = reader{e: e, tx: tx, g: &gate{}, meta: meta, pend: &w.pend, cacheBelow: meta.nextID, sync: w.flushPending}
	if id, ok, err := w.lookupEnc([]byte(typeEncoding)); err != nil {
		return nil, fmt.Errorf("store: look up rdf:type: %w", err)
	} else if ok {
		w.typeID = id
	}
	return w, nil
}

// writable checks that a write may proceed now.
func (w *writer) writable() error {
	if w.g.closed.Load() {
		return ErrClosed
	}
	if w.failed != nil {
		return fmt.Errorf("store: an earlier write of this Update failed: %w", w.failed)
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
	if len(s) <= 200 {
		return s
	}
	cut := 200
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
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
	id, found, err := w.findEnc(enc)
	if err != nil || found {
		return id, err
	}
	id = w.nextID
	w.nextID++
	s := string(enc)
	if s == typeEncoding {
		w.typeID = id
	}
	w.newTerms[s] = id
	w.termList = append(w.termList, newTerm{id, s})
	w.dirty = true
	return id, nil
}

// find returns the id of t as this transaction sees it.
func (w *writer) find(t rdf.Term) (uint64, bool, error) {
	enc, err := appendTerm(w.encBuf[:0], t)
	w.encBuf = enc
	if err != nil {
		return 0, false, nil
	}
	return w.findEnc(enc)
}

func (w *writer) findEnc(enc []byte) (uint64, bool, error) {
	if id, ok := w.newTerms[string(enc)]; ok {
		return id, true, nil
	}
	if id, ok := w.ids[string(enc)]; ok {
		return id, true, nil
	}
	id, found, err := w.lookupEnc(enc)
	if err != nil || !found {
		return 0, false, err
	}
	if len(enc) <= maxInlineTermKey {
		if len(w.ids) >= maxTxTermCache {
			clear(w.ids)
		}
		w.ids[string(enc)] = id
	}
	return id, true, nil
}

// addIDs adds a quad of ids unless present. The index entries are
// buffered: see flushPending.
func (w *writer) addIDs(q idQuad) error {
	if max(q[0], q[1], q[2], q[3]) < w.unwrittenFrom {
		if _, ok := w.adds[q]; ok {
			return nil
		}
		w.keyBuf = quadIndices[idxSPOG].key(w.keyBuf[:0], q)
		if w.tx.has(bucketSPOG, w.keyBuf) {
			return nil
		}
	}
	if err := w.ensureGraph(q[posG]); err != nil {
		return err
	}
	// One map operation both adds q and tells whether it was pending
	// already: a bulk load adds a million quads per transaction.
	n := len(w.adds)
	if w.adds[q] = struct{}{}; len(w.adds) == n {
		return nil
	}
	w.count(q, 1)
	return nil
}

// flushPending writes the buffered terms and index entries, each bucket in
// key order. bbolt splits the nodes a transaction changes only at commit,
// so inserting many keys at random places of one node moves its tail on
// every insert (quadratic in the batch size); inserting them in key order
// appends instead. Reads of the writer call flushPending first, so the
// writer still reads its own writes.
func (w *writer) flushPending() error {
	if w.failed != nil {
		return w.failed
	}
	if err := w.flushTerms(); err != nil {
		w.failed = err
		return err
	}
	if err := w.flushAdds(); err != nil {
		w.failed = err
		return err
	}
	return nil
}

func (w *writer) flushTerms() error {
	if len(w.termList) == 0 {
		return nil
	}
	var key []byte
	for _, t := range w.termList { // ids ascend: appends
		key = appendID(key[:0], t.id)
		if err := w.tx.put(bucketIDToTerm, key, view(t.enc)); err != nil {
			return fmt.Errorf("write term dictionary: %w", err)
		}
	}
	type entry struct {
		key []byte
		id  uint64
	}
	entries := make([]entry, len(w.termList))
	for i, t := range w.termList {
		k, hashed := termKey(view(t.enc))
		if hashed {
			k = bytes.Clone(k)
		}
		entries[i] = entry{k, t.id}
	}
	slices.SortFunc(entries, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
	for _, e := range entries {
		if err := w.tx.put(bucketTermToID, e.key, appendID(key[:0], e.id)); err != nil {
			return fmt.Errorf("write term dictionary: %w", err)
		}
	}
	if len(w.ids)+len(w.newTerms) > maxTxTermCache {
		clear(w.ids)
	}
	for enc, id := range w.newTerms {
		if len(enc) <= maxInlineTermKey {
			w.ids[enc] = id
		}
	}
	clear(w.newTerms)
	w.termList = w.termList[:0]
	return nil
}

func (w *writer) flushAdds() error {
	if len(w.adds) == 0 {
		return nil
	}
	qs := make([]idQuad, 0, len(w.adds))
	for q := range w.adds {
		qs = append(qs, q)
	}
	// Each index gets the quads' ids permuted into its key order, sorted.
	// Another goroutine sorts the next indices while one is written, so a
	// big flush keeps both of two cores busy.
	ready := make([]chan []idQuad, len(quadIndices))
	for i := range ready {
		ready[i] = make(chan []idQuad, 1)
	}
	go func() {
		for i := range quadIndices {
			ready[i] <- sortedKeys(qs, &quadIndices[i])
		}
	}()
	var enc indexKeys
	for i := range quadIndices {
		x := &quadIndices[i]
		keys := <-ready[i]
		// Whether a pair is new to the store is read before this flush
		// writes the index.
		w.countPairs(i, keys, 1)
		if err := writeIndexKeys(w.tx, x.bucket, enc.encode(keys)); err != nil {
			return fmt.Errorf("write index %s: %w", bucketNames[x.bucket], err)
		}
	}
	clear(w.adds)
	w.unwrittenFrom = w.nextID
	return nil
}

// indexKeys encodes sorted keys of one index at a time for a batched
// write, reusing its buffers.
type indexKeys struct {
	arena   []byte
	encoded [][]byte
}

// encode returns keys (ids already in an index's key order) encoded; the
// result is valid until the next call.
func (e *indexKeys) encode(keys []idQuad) [][]byte {
	e.arena, e.encoded = e.arena[:0], e.encoded[:0]
	for _, k := range keys {
		start := len(e.arena)
		e.arena = appendID(appendID(appendID(appendID(e.arena, k[0]), k[1]), k[2]), k[3])
		e.encoded = append(e.encoded, e.arena[start:len(e.arena):len(e.arena)])
	}
	return e.encoded
}

// countPairs counts the (subject, predicate) or (predicate, object) pairs
// of the sorted keys of index i (SPOG or POSG; other indices have none)
// that a write of d (1 or -1) adds or removes. The quads of one pair are
// adjacent in key order, so each pair is checked once.
func (w *writer) countPairs(i int, keys []idQuad, d int64) {
	if i != idxSPOG && i != idxPOSG {
		return
	}
	for j, k := range keys {
		if j == 0 || keys[j-1][0] != k[0] || keys[j-1][1] != k[1] {
			w.countPair(&quadIndices[i], k[0], k[1], d)
		}
	}
}

// sortedKeys returns the quads with their ids in x's key order, sorted.
func sortedKeys(qs []idQuad, x *quadIndex) []idQuad {
	keys := make([]idQuad, len(qs))
	o := x.order
	for i, q := range qs {
		keys[i] = idQuad{q[o[0]], q[o[1]], q[o[2]], q[o[3]]}
	}
	sortQuads(keys)
	return keys
}

// removeBatch removes quads of ids known to be present in the backend (and
// distinct), each index's keys in one sorted pass.
func (w *writer) removeBatch(qs []idQuad) error {
	var enc indexKeys
	for i := range quadIndices {
		x := &quadIndices[i]
		keys := sortedKeys(qs, x)
		if err := removeIndexKeys(w.tx, x.bucket, enc.encode(keys)); err != nil {
			w.failed = fmt.Errorf("delete from index %s: %w", bucketNames[x.bucket], err)
			return w.failed
		}
		// A pair is gone once no quad of it is left, which is read after
		// all of the batch's deletes from the index.
		w.countPairs(i, keys, -1)
	}
	for _, q := range qs {
		w.count(q, -1)
	}
	return nil
}

// countPair keeps the distinct counts of predicate statistics: before a
// quad of pair (a, b) is written to index x (SPOG: subject, predicate;
// POSG: predicate, object) the pair is new when x holds no key with it;
// after a quad is deleted the pair is gone when x holds none any more.
func (w *writer) countPair(x *quadIndex, a, b uint64, d int64) {
	if d < 0 || max(a, b) < w.unwrittenFrom {
		var found bool
		w.pairBuf, found = hasPair(w.tx, x, a, b, w.pairBuf)
		if found {
			return
		}
	}
	p := b // SPOG: (subject, predicate)
	if x.bucket == bucketPOSG {
		p = a // (predicate, object)
	}
	sd := w.pend.pstats[p]
	if sd == nil {
		sd = &statDelta{}
		w.pend.pstats[p] = sd
	}
	if x.bucket == bucketSPOG {
		sd.subjects += d
	} else {
		sd.objects += d
	}
}

func (w *writer) count(q idQuad, d int64) {
	w.pend.lenDelta += d
	w.pend.preds[q[posP]] += d
	if q[posP] == w.typeID && w.typeID != 0 {
		w.pend.classes[q[posO]] += d
	}
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
			w.failed = fmt.Errorf("write graph record: %w", err)
			return w.failed
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
		id, found, err := w.find(t)
		if err != nil {
			return fmt.Errorf("store: remove %s: %w", describe(q), err)
		}
		if !found {
			return nil
		}
		iq[pos] = id
	}
	if _, ok := w.adds[iq]; ok {
		delete(w.adds, iq)
		w.count(iq, -1)
		return nil
	}
	w.keyBuf = quadIndices[idxSPOG].key(w.keyBuf[:0], iq)
	if !w.tx.has(bucketSPOG, w.keyBuf) {
		return nil
	}
	if err := w.removeBatch([]idQuad{iq}); err != nil {
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
	return w.find(g)
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
	_, err := w.clearUpTo(id, -1)
	return err
}

// clearUpTo removes up to limit quads of graph id (all if limit < 0) and
// reports whether the graph is empty now.
func (w *writer) clearUpTo(id uint64, limit int) (bool, error) {
	if err := w.flushPending(); err != nil {
		return false, err
	}
	x := &quadIndices[idxGSPO]
	prefix := appendID(nil, id)
	batch := make([]idQuad, 0, clearBatch)
	for removed := 0; limit < 0 || removed < limit; {
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
			return false, err
		}
		if len(batch) == 0 {
			return true, nil
		}
		if err := w.removeBatch(batch); err != nil {
			return false, err
		}
		removed += len(batch)
		if err := w.ctx.Err(); err != nil {
			return false, err
		}
	}
	return !hasPrefixKey(w.tx, x.bucket, prefix), nil
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
			w.failed = err
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
	if err := w.flushStats(); err != nil {
		return err
	}
	total := int64(m.len) + w.pend.lenDelta
	if total < 0 {
		return fmt.Errorf("quad count: %w", errCorruptCounter)
	}
	m.len, m.nextID, m.modified = uint64(total), w.nextID, commit
	m.version++
	return writeMeta(w.tx, m)
}

// flushStats writes the changes of the predicate statistics and class
// counts.
func (w *writer) flushStats() error {
	for id, d := range w.pend.pstats {
		if d.subjects == 0 && d.objects == 0 {
			continue
		}
		key := appendID(nil, id)
		var subj, obj uint64
		if v := w.tx.get(bucketPredStats, key); v != nil {
			var err error
			if subj, obj, err = decodePredStats(v); err != nil {
				return fmt.Errorf("predicate id %d: %w", id, err)
			}
		}
		ns, no := int64(subj)+d.subjects, int64(obj)+d.objects
		var err error
		switch {
		case ns < 0 || no < 0:
			return fmt.Errorf("predicate id %d statistics: %w", id, errCorruptCounter)
		case ns == 0 && no == 0:
			err = w.tx.delete(bucketPredStats, key)
		default:
			err = w.tx.put(bucketPredStats, key, encodePredStats(uint64(ns), uint64(no)))
		}
		if err != nil {
			return fmt.Errorf("write predicate statistics: %w", err)
		}
	}
	for id, d := range w.pend.classes {
		if d == 0 {
			continue
		}
		key := appendID(nil, id)
		cur, err := readUint(w.tx, bucketClasses, key)
		if err != nil {
			return err
		}
		n := int64(cur) + d
		switch {
		case n < 0:
			return fmt.Errorf("class id %d: %w", id, errCorruptCounter)
		case n == 0:
			err = w.tx.delete(bucketClasses, key)
		default:
			err = w.tx.put(bucketClasses, key, encodeUint(uint64(n)))
		}
		if err != nil {
			return fmt.Errorf("write class count: %w", err)
		}
	}
	return nil
}
