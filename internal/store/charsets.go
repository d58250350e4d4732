package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// Characteristic sets (Neumann and Moerkotte, "Characteristic sets:
// accurate cardinality estimation for RDF queries with multiple joins",
// ICDE 2011) describe the subjects by the set of predicates each has: how
// many subjects have exactly that set and how many quads of each predicate
// they hold. A star pattern (?s p1 ?a . ?s p2 ?b …) matches the subjects
// whose set contains its predicates, so its size follows from the sets
// instead of multiplying per-predicate fan-outs as if predicates were
// independent (products have labels, offers have vendors; a subject with a
// label is not likely to have a vendor).
//
// The sets are computed from the SPOG index in one scan and kept with the
// store's version; like PostgreSQL's ANALYZE they are refreshed when the
// data has changed enough (see CharacteristicSets), not on every write.

// CharacteristicSet is one set of predicates with the subjects that have
// exactly these predicates (over all graphs).
type CharacteristicSet struct {
	Predicates []ID     // ascending
	Subjects   uint64   // subjects with exactly these predicates
	Quads      []uint64 // per predicate, the quads of those subjects
}

// CharacteristicSets are the characteristic sets of one version of a store.
type CharacteristicSets struct {
	Version uint64 // the store version they were computed from
	Len     uint64 // the store's quads then
	Sets    []CharacteristicSet
	// Partial is set when the store had more distinct sets than
	// MaxCharacteristicSets: the rarest were left out.
	Partial bool

	byPred map[ID][]int32 // sets holding each predicate
}

// MaxCharacteristicSets bounds the sets kept; the ones with the fewest
// subjects go first. Data with a schema has a few hundred at most.
const MaxCharacteristicSets = 10_000

// CharacteristicSetReader is implemented by the snapshots of DB and
// Memory.
type CharacteristicSetReader interface {
	// CharacteristicSets returns the store's characteristic sets, computed
	// from this snapshot's version or an earlier one; nil while none has
	// been computed yet.
	CharacteristicSets() *CharacteristicSets
}

var _ CharacteristicSetReader = (*snapshot)(nil)

// Star returns, for the subjects that have every predicate of q, how many
// there are and how many quads of predicate p they hold: p's quads per
// such subject is the fan-out of p in a star that already joined q. ok is
// false when the sets cannot say (no subject has all of q).
func (cs *CharacteristicSets) Star(q []ID, p ID) (subjects, quads float64, ok bool) {
	if cs == nil || len(q) == 0 {
		return 0, 0, false
	}
	// Walk the sets of q's rarest predicate only.
	cands := cs.byPred[q[0]]
	for _, x := range q[1:] {
		if c := cs.byPred[x]; len(c) < len(cands) {
			cands = c
		}
	}
	for _, i := range cands {
		set := &cs.Sets[i]
		if !containsAll(set.Predicates, q) {
			continue
		}
		subjects += float64(set.Subjects)
		if k, found := slices.BinarySearch(set.Predicates, p); found {
			quads += float64(set.Quads[k])
		}
	}
	return subjects, quads, subjects > 0
}

func containsAll(sorted []ID, q []ID) bool {
	for _, x := range q {
		if _, ok := slices.BinarySearch(sorted, x); !ok {
			return false
		}
	}
	return true
}

func (cs *CharacteristicSets) index() {
	cs.byPred = map[ID][]int32{}
	for i, set := range cs.Sets {
		for _, p := range set.Predicates {
			cs.byPred[p] = append(cs.byPred[p], int32(i))
		}
	}
}

// computeCharacteristicSets scans the SPOG index of r. tick is called per
// key and may stop the scan with an error.
func computeCharacteristicSets(r kvReader, version, length uint64, tick func() error) (*CharacteristicSets, error) {
	type agg struct {
		preds    []ID
		subjects uint64
		quads    []uint64
	}
	sets := map[string]*agg{}
	var (
		subject uint64
		preds   []ID
		counts  []uint64
		first   = true
		keyBuf  []byte
	)
	flush := func() {
		if len(preds) == 0 {
			return
		}
		keyBuf = keyBuf[:0]
		for _, p := range preds {
			keyBuf = binary.AppendUvarint(keyBuf, uint64(p))
		}
		a := sets[string(keyBuf)]
		if a == nil {
			a = &agg{preds: slices.Clone(preds), quads: make([]uint64, len(preds))}
			sets[string(keyBuf)] = a
		}
		a.subjects++
		for i, n := range counts {
			a.quads[i] += n
		}
		preds, counts = preds[:0], counts[:0]
	}
	err := scanQuads(r, &quadIndices[idxSPOG], tick, func(q idQuad) {
		if first || q[posS] != subject {
			flush()
			subject, first = q[posS], false
		}
		// SPOG order: a subject's predicates come ascending.
		if n := len(preds); n > 0 && preds[n-1] == ID(q[posP]) {
			counts[n-1]++
		} else {
			preds = append(preds, ID(q[posP]))
			counts = append(counts, 1)
		}
	})
	if err != nil {
		return nil, err
	}
	flush()
	cs := &CharacteristicSets{Version: version, Len: length, Sets: make([]CharacteristicSet, 0, len(sets))}
	for _, a := range sets {
		cs.Sets = append(cs.Sets, CharacteristicSet{Predicates: a.preds, Subjects: a.subjects, Quads: a.quads})
	}
	sort.Slice(cs.Sets, func(i, j int) bool {
		a, b := cs.Sets[i], cs.Sets[j]
		if a.Subjects != b.Subjects {
			return a.Subjects > b.Subjects
		}
		return slices.Compare(a.Predicates, b.Predicates) < 0
	})
	if len(cs.Sets) > MaxCharacteristicSets {
		cs.Sets, cs.Partial = cs.Sets[:MaxCharacteristicSets], true
	}
	cs.index()
	return cs, nil
}

// When the characteristic sets are recomputed: at once (in the snapshot
// that asks) for a store of at most charSetSyncLen quads, where a scan
// takes milliseconds and plans stay deterministic; for a bigger store in
// the background, once its quads changed by more than a tenth or
// charSetMaxAge passed since a change, meanwhile using the older sets.
var (
	charSetSyncLen uint64 = 50_000
	charSetMaxAge         = 10 * time.Minute
)

// charSetState is an engine's characteristic sets and their refresh.
type charSetState struct {
	syncMu   sync.Mutex // held by a computation in a snapshot that asked
	mu       sync.Mutex
	sets     *CharacteristicSets
	computed time.Time
	running  bool
	closed   bool           // no more background computations
	wg       sync.WaitGroup // background computations, awaited by close
}

// CharacteristicSets implements CharacteristicSetReader.
func (s *snapshot) CharacteristicSets() *CharacteristicSets {
	e := s.e
	st := &e.charSets
	st.mu.Lock()
	cur := st.sets
	if cur != nil && cur.Version == s.meta.version {
		st.mu.Unlock()
		return cur
	}
	if s.meta.len <= charSetSyncLen {
		st.mu.Unlock()
		// One computation at a time: the queries planned right after a
		// write wait for it rather than each scanning the store.
		st.syncMu.Lock()
		defer st.syncMu.Unlock()
		st.mu.Lock()
		cur = st.sets
		st.mu.Unlock()
		if cur != nil && cur.Version == s.meta.version {
			return cur
		}
		cs, err := s.computeCharacteristicSets(context.Background())
		if err != nil {
			return cur
		}
		st.mu.Lock()
		if st.sets == nil || st.sets.Version < cs.Version {
			st.sets, st.computed = cs, time.Now()
		}
		st.mu.Unlock()
		return cs
	}
	stale := cur == nil || changedByTenth(cur.Len, s.meta.len) || time.Since(st.computed) > charSetMaxAge
	if stale && !st.running && !st.closed {
		st.running = true
		st.wg.Add(1)
		go e.refreshCharacteristicSets()
	}
	st.mu.Unlock()
	return cur
}

func changedByTenth(was, now uint64) bool {
	d := max(was, now) - min(was, now)
	return d*10 > was
}

// refreshCharacteristicSets computes the sets from a new snapshot.
func (e *engine) refreshCharacteristicSets() {
	st := &e.charSets
	defer st.wg.Done()
	defer func() {
		st.mu.Lock()
		st.running = false
		st.mu.Unlock()
	}()
	snap, err := e.snapshot(context.Background())
	if err != nil {
		return
	}
	defer snap.Close()
	cs, err := snap.(*snapshot).computeCharacteristicSets(context.Background())
	if err != nil {
		return
	}
	st.keep(cs)
}

// keep makes cs the current sets unless newer ones are.
func (st *charSetState) keep(cs *CharacteristicSets) {
	st.mu.Lock()
	if st.sets == nil || st.sets.Version <= cs.Version {
		st.sets, st.computed = cs, time.Now()
	}
	st.mu.Unlock()
}

// computeCharacteristicSets scans the snapshot's SPOG index; closing the
// snapshot or the store stops it.
func (s *snapshot) computeCharacteristicSets(ctx context.Context) (*CharacteristicSets, error) {
	if !s.g.enter() {
		return nil, ErrClosed
	}
	defer s.g.exit()
	n := 0
	return computeCharacteristicSets(s.tx, s.meta.version, s.meta.len, func() error {
		n++
		if n%4096 != 0 {
			return nil
		}
		if s.g.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: characteristic sets: %w", err)
		}
		return nil
	})
}
