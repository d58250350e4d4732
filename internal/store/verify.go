package store

import (
	"context"
	"errors"
	"fmt"
)

// maxProblems is how many problems Verify lists before summarizing.
const maxProblems = 20

// problems collects what Verify finds.
type problems struct {
	list  []error
	extra int
}

func (p *problems) add(format string, args ...any) {
	if len(p.list) < maxProblems {
		p.list = append(p.list, fmt.Errorf(format, args...))
	} else {
		p.extra++
	}
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := p.list
	if p.extra > 0 {
		list = append(list, fmt.Errorf("and %d more problems", p.extra))
	}
	return fmt.Errorf("store: verify: %w", errors.Join(list...))
}

// verify checks the invariants of the store in one snapshot.
func (e *engine) verify(ctx context.Context) error {
	snap, err := e.snapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Close()
	r := &snap.(*snapshot).reader
	if !r.g.enter() { // keep the transaction while Close runs
		return ErrClosed
	}
	defer r.g.exit()
	var p problems
	rows := 0
	tick := func() error {
		if rows++; rows%checkEvery == 0 {
			if r.g.closed.Load() {
				return ErrClosed
			}
			return ctx.Err()
		}
		return nil
	}

	// The dictionary: both directions agree.
	var maxID uint64
	var terms uint64
	r.tx.ascend(bucketIDToTerm, nil, func(k, v []byte) bool {
		if err = tick(); err != nil {
			return false
		}
		terms++
		id, derr := decodeIDValue(k)
		if derr != nil {
			p.add("id→term key %x: %v", k, derr)
			return true
		}
		maxID = max(maxID, id)
		if _, derr := decodeTerm(v); derr != nil {
			p.add("term id %d: %v", id, derr)
			return true
		}
		back, found, derr := r.lookupEnc(v)
		switch {
		case derr != nil:
			p.add("term id %d: %v", id, derr)
		case !found:
			p.add("term id %d has no term→id entry", id)
		case back != id:
			p.add("term id %d: term→id entry says %d", id, back)
		}
		return true
	})
	if err != nil {
		return err
	}
	var keys uint64
	r.tx.ascend(bucketTermToID, nil, func(_, _ []byte) bool { keys++; return true })
	if keys != terms {
		p.add("term→id has %d entries, id→term %d", keys, terms)
	}
	if maxID >= r.meta.nextID {
		p.add("term id %d is not below the next id %d", maxID, r.meta.nextID)
	}

	// The quads: every quad of spog is in every index, its terms exist,
	// and the counters agree.
	var total uint64
	graphCounts := map[uint64]uint64{}
	predCounts := map[uint64]uint64{}
	spog := &quadIndices[idxSPOG]
	var key []byte
	var idKey [9]byte
	r.tx.ascend(bucketSPOG, nil, func(k, _ []byte) bool {
		if err = tick(); err != nil {
			return false
		}
		q, derr := spog.decode(k)
		if derr != nil {
			p.add("%v", derr)
			return true
		}
		total++
		graphCounts[q[posG]]++
		predCounts[q[posP]]++
		for i := 1; i < len(quadIndices); i++ {
			x := &quadIndices[i]
			if key = x.key(key[:0], q); !r.tx.has(x.bucket, key) {
				p.add("quad %v is missing from index %s", q, bucketNames[x.bucket])
			}
		}
		for pos, id := range q {
			if (id != 0 || pos != posG) && !r.tx.has(bucketIDToTerm, appendID(idKey[:0], id)) {
				p.add("quad %v uses unknown term id %d", q, id)
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if bc, ok := r.tx.(indexBlockChecker); ok {
		for i := range quadIndices {
			bc.checkIndexBlocks(quadIndices[i].bucket, p.add)
		}
	}
	for i := 1; i < len(quadIndices); i++ {
		x := &quadIndices[i]
		var n uint64
		r.tx.ascend(x.bucket, nil, func(_, _ []byte) bool { n++; return true })
		if n != total {
			p.add("index %s has %d entries, spog %d", bucketNames[x.bucket], n, total)
		}
	}
	if r.meta.len != total {
		p.add("the store counts %d quads, the indices hold %d", r.meta.len, total)
	}

	// Graph records and predicate counts.
	r.tx.ascend(bucketGraphs, nil, func(k, v []byte) bool {
		id, derr := decodeIDValue(k)
		if derr != nil {
			p.add("graph key %x: %v", k, derr)
			return true
		}
		rec, _, derr := decodeGraphRecord(v)
		if derr != nil {
			p.add("graph id %d: %v", id, derr)
			return true
		}
		if rec.quads != graphCounts[id] {
			p.add("graph id %d counts %d quads, the indices hold %d", id, rec.quads, graphCounts[id])
		}
		if id != 0 && !r.tx.has(bucketIDToTerm, appendID(idKey[:0], id)) {
			p.add("graph id %d is not in the dictionary", id)
		}
		delete(graphCounts, id)
		return true
	})
	for id, n := range graphCounts {
		p.add("graph id %d holds %d quads but has no graph record", id, n)
	}
	r.tx.ascend(bucketPredicates, nil, func(k, v []byte) bool {
		id, derr := decodeIDValue(k)
		if derr != nil || len(v) != 8 {
			p.add("predicate count entry %x=%x is malformed", k, v)
			return true
		}
		n, _ := readUint(r.tx, bucketPredicates, k)
		if n != predCounts[id] {
			p.add("predicate id %d counts %d quads, the indices hold %d", id, n, predCounts[id])
		}
		delete(predCounts, id)
		return true
	})
	for id, n := range predCounts {
		p.add("predicate id %d is used by %d quads but has no count", id, n)
	}
	if r.meta.stats {
		if err = verifyStats(r, tick, &p); err != nil {
			return err
		}
	}
	if _, err := checkFormat(r.tx); err != nil {
		p.add("%v", err)
	}
	return p.err()
}

// verifyStats checks the predicate statistics and class counts against
// counts computed from the indices.
func verifyStats(r *reader, tick func() error, p *problems) error {
	want, err := computeStats(r.tx, tick)
	if err != nil {
		return err
	}
	r.tx.ascend(bucketPredStats, nil, func(k, v []byte) bool {
		id, derr := decodeIDValue(k)
		subj, obj, verr := decodePredStats(v)
		if derr != nil || verr != nil {
			p.add("predicate statistics entry %x=%x is malformed", k, v)
			return true
		}
		w := want.preds[id]
		if w == nil {
			w = new([2]uint64)
		}
		if subj != w[0] || obj != w[1] {
			p.add("predicate id %d counts %d subjects and %d objects, the indices hold %d and %d", id, subj, obj, w[0], w[1])
		}
		delete(want.preds, id)
		return true
	})
	for id, w := range want.preds {
		p.add("predicate id %d has %d subjects and %d objects but no statistics", id, w[0], w[1])
	}
	r.tx.ascend(bucketClasses, nil, func(k, v []byte) bool {
		id, derr := decodeIDValue(k)
		if derr != nil || len(v) != 8 {
			p.add("class count entry %x=%x is malformed", k, v)
			return true
		}
		n, _ := readUint(r.tx, bucketClasses, k)
		if n != want.classes[id] {
			p.add("class id %d counts %d instances, the indices hold %d", id, n, want.classes[id])
		}
		delete(want.classes, id)
		return true
	})
	for id, n := range want.classes {
		p.add("class id %d has %d instances but no count", id, n)
	}
	return nil
}
