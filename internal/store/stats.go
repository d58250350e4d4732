package store

import (
	"encoding/binary"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// PredicateStats are the statistics of one predicate over all graphs.
type PredicateStats struct {
	Quads    uint64 // quads with the predicate
	Subjects uint64 // distinct subjects of those quads
	Objects  uint64 // distinct objects of those quads
}

// SubjectFanout is the average number of quads per subject: how many
// solutions a pattern with this predicate gives once its subject is bound.
func (s PredicateStats) SubjectFanout() float64 { return ratio(s.Quads, s.Subjects) }

// ObjectFanout is the average number of quads per object.
func (s PredicateStats) ObjectFanout() float64 { return ratio(s.Quads, s.Objects) }

func ratio(n, d uint64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// StatsReader is read access to the cardinality statistics the store keeps
// up to date on every write, for query planners. The snapshots and writers
// of DB and Memory implement it.
type StatsReader interface {
	// PredicateStats returns the statistics of predicate id p over all
	// graphs, and false when the store keeps none (a store of format
	// version 1 opened read-only).
	PredicateStats(p ID) (PredicateStats, bool)
	// ClassInstances returns how many quads over all graphs have rdf:type
	// as predicate and c as object.
	ClassInstances(c ID) uint64
}

var (
	_ StatsReader = (*snapshot)(nil)
	_ StatsReader = (*writer)(nil)
)

// statDelta is the pending change of a predicate's distinct counts.
type statDelta struct{ subjects, objects int64 }

// typeEncoding is the dictionary encoding of rdf:type, whose quads feed
// the class counts.
var typeEncoding = func() string {
	enc, err := appendTerm(nil, rdf.Type)
	if err != nil {
		panic(err)
	}
	return string(enc)
}()

func decodePredStats(v []byte) (subjects, objects uint64, err error) {
	if len(v) != 16 {
		return 0, 0, fmt.Errorf("predicate statistics: bad length %d", len(v))
	}
	return binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:]), nil
}

func encodePredStats(subjects, objects uint64) []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 16), subjects)
	return binary.BigEndian.AppendUint64(b, objects)
}

// PredicateStats implements StatsReader.
func (r *reader) PredicateStats(p ID) (PredicateStats, bool) {
	if !r.g.enter() {
		return PredicateStats{}, false
	}
	defer r.g.exit()
	if !r.meta.stats || r.synced() != nil {
		return PredicateStats{}, false
	}
	var kb [9]byte
	key := appendID(kb[:0], uint64(p))
	var subj, obj uint64
	if v := r.tx.get(bucketPredStats, key); v != nil {
		var err error
		if subj, obj, err = decodePredStats(v); err != nil {
			return PredicateStats{}, false
		}
	}
	if r.pend != nil {
		if d := r.pend.pstats[uint64(p)]; d != nil {
			subj = uint64(int64(subj) + d.subjects)
			obj = uint64(int64(obj) + d.objects)
		}
	}
	return PredicateStats{Quads: r.predicateQuads(uint64(p)), Subjects: subj, Objects: obj}, true
}

// ClassInstances implements StatsReader.
func (r *reader) ClassInstances(c ID) uint64 {
	if !r.g.enter() {
		return 0
	}
	defer r.g.exit()
	if r.synced() != nil {
		return 0
	}
	return r.classInstances(uint64(c))
}

func (r *reader) classInstances(c uint64) uint64 {
	var kb [9]byte
	n, err := readUint(r.tx, bucketClasses, appendID(kb[:0], c))
	if err != nil {
		return 0
	}
	if r.pend != nil {
		n = uint64(int64(n) + r.pend.classes[c])
	}
	return n
}

// isType reports whether id is rdf:type's.
func (r *reader) isType(id uint64) bool {
	t, ok, err := r.lookupEnc([]byte(typeEncoding))
	return err == nil && ok && t == id
}

// storeStats are statistics computed from the indices: by the upgrade of
// a version 1 store and by Verify.
type storeStats struct {
	preds   map[uint64]*[2]uint64 // distinct subjects, objects
	classes map[uint64]uint64
}

// computeStats counts distinct (subject, predicate) pairs in SPOG order and
// (predicate, object) pairs in POSG order, and the rdf:type quads per
// object. tick is called per key and may stop the scan with an error.
func computeStats(r kvReader, tick func() error) (storeStats, error) {
	st := storeStats{preds: map[uint64]*[2]uint64{}, classes: map[uint64]uint64{}}
	get := func(p uint64) *[2]uint64 {
		c := st.preds[p]
		if c == nil {
			c = new([2]uint64)
			st.preds[p] = c
		}
		return c
	}
	scanPairs := func(x *quadIndex, pos [2]int, slot int) error {
		var prev [2]uint64
		first := true
		return scanQuads(r, x, tick, func(q idQuad) {
			pair := [2]uint64{q[pos[0]], q[pos[1]]}
			if first || pair != prev {
				get(q[posP])[slot]++
				prev, first = pair, false
			}
		})
	}
	if err := scanPairs(&quadIndices[idxSPOG], [2]int{posS, posP}, 0); err != nil {
		return st, err
	}
	if err := scanPairs(&quadIndices[idxPOSG], [2]int{posP, posO}, 1); err != nil {
		return st, err
	}
	var err error
	if v := r.get(bucketTermToID, []byte(typeEncoding)); v != nil {
		typeID, derr := decodeIDValue(v)
		if derr != nil {
			return st, fmt.Errorf("term dictionary: %w", derr)
		}
		x := &quadIndices[idxPOSG]
		scanPrefix(r, x.bucket, appendID(nil, typeID), func(k, _ []byte) bool {
			var q idQuad
			if q, err = x.decode(k); err != nil {
				return false
			}
			st.classes[q[posO]]++
			return true
		})
	}
	return st, err
}

// scanQuads calls fn with every quad of index x in key order; tick is
// called per key and may stop the scan with an error.
func scanQuads(r kvReader, x *quadIndex, tick func() error, fn func(idQuad)) error {
	var err error
	r.ascend(x.bucket, nil, func(k, _ []byte) bool {
		if err = tick(); err != nil {
			return false
		}
		var q idQuad
		if q, err = x.decode(k); err != nil {
			return false
		}
		fn(q)
		return true
	})
	return err
}

// writeStats replaces the statistics buckets with st.
func writeStats(w kvWriteTx, st storeStats) error {
	for _, b := range []bucket{bucketPredStats, bucketClasses} {
		var keys [][]byte
		w.ascend(b, nil, func(k, _ []byte) bool {
			keys = append(keys, append([]byte(nil), k...))
			return true
		})
		for _, k := range keys {
			if err := w.delete(b, k); err != nil {
				return err
			}
		}
	}
	for p, c := range st.preds {
		if err := w.put(bucketPredStats, appendID(nil, p), encodePredStats(c[0], c[1])); err != nil {
			return err
		}
	}
	for c, n := range st.classes {
		if err := w.put(bucketClasses, appendID(nil, c), encodeUint(n)); err != nil {
			return err
		}
	}
	return nil
}

// hasPair reports whether index x holds a key starting with ids a and b:
// whether a (subject, predicate) pair (SPOG) or a (predicate, object) pair
// (POSG) still has a quad in the backend. buf is scratch space.
func hasPair(r kvReader, x *quadIndex, a, b uint64, buf []byte) ([]byte, bool) {
	buf = appendID(appendID(buf[:0], a), b)
	return buf, hasPrefixKey(r, x.bucket, buf)
}
