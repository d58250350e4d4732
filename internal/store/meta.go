package store

import (
	"encoding/binary"
	"fmt"
	"time"
)

// formatVersion is the layout of keys and values described in encoding.go,
// kv.go, kv_bolt_blocks.go, index.go and here. A store written with another
// layout is refused, except older versions this program reads: version 2
// (one bbolt key per index key) is read as it is, because such an index is
// a valid index of one-key blocks, and a writable Open only marks it as
// version 3; version 1 (without the statistics buckets) a writable Open
// upgrades by computing the statistics, a read-only one reads it without
// statistics.
const (
	formatVersion   = 3
	formatUnblocked = 2
	formatNoStats   = 1
)

// Keys of the meta bucket; each value is a big-endian uint64.
var (
	metaFormat   = []byte("format")   // formatVersion
	metaNextID   = []byte("next-id")  // the id the next new term gets
	metaLen      = []byte("len")      // quads in all graphs
	metaVersion  = []byte("version")  // committed Updates that changed something
	metaModified = []byte("modified") // UnixNano of the last such commit
)

// firstID is the id of the first term; 0 means "no term".
const firstID = 1

func encodeUint(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// readUint reads a uint64 value; a missing value reads as zero.
func readUint(r kvReader, b bucket, key []byte) (uint64, error) {
	v := r.get(b, key)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("%s %q: bad value length %d", bucketNames[b], key, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// storedMeta is the meta bucket as read by one transaction.
type storedMeta struct {
	nextID, len, version uint64
	modified             int64 // UnixNano, 0 if never written
	stats                bool  // the statistics buckets are kept (format 2 and later)
}

func readMeta(r kvReader) (storedMeta, error) {
	var m storedMeta
	var mod uint64
	var err error
	for _, f := range []struct {
		key []byte
		dst *uint64
	}{{metaNextID, &m.nextID}, {metaLen, &m.len}, {metaVersion, &m.version}, {metaModified, &mod}} {
		if *f.dst, err = readUint(r, bucketMeta, f.key); err != nil {
			return m, err
		}
	}
	if m.nextID < firstID {
		m.nextID = firstID
	}
	m.modified = int64(mod)
	format, err := readUint(r, bucketMeta, metaFormat)
	m.stats = format >= formatUnblocked
	return m, err
}

func writeMeta(w kvWriteTx, m storedMeta) error {
	for _, f := range []struct {
		key []byte
		v   uint64
	}{{metaNextID, m.nextID}, {metaLen, m.len}, {metaVersion, m.version}, {metaModified, uint64(m.modified)}} {
		if err := w.put(bucketMeta, f.key, encodeUint(f.v)); err != nil {
			return fmt.Errorf("write meta %s: %w", f.key, err)
		}
	}
	return nil
}

// unixTime converts stored UnixNano to a time; 0 is the zero time.
func unixTime(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// graphRecord is the value of a known graph in the graphs bucket: its quad
// count and the UnixNano of the last commit that changed it.
type graphRecord struct {
	quads    uint64
	modified int64
}

func (g graphRecord) encode() []byte {
	b := binary.BigEndian.AppendUint64(nil, g.quads)
	return binary.BigEndian.AppendUint64(b, uint64(g.modified))
}

// readGraphRecord returns the record of graph id, and whether it exists.
func readGraphRecord(r kvReader, id uint64) (graphRecord, bool, error) {
	key := appendID(nil, id)
	if !r.has(bucketGraphs, key) {
		return graphRecord{}, false, nil
	}
	return decodeGraphRecord(r.get(bucketGraphs, key))
}

func decodeGraphRecord(v []byte) (graphRecord, bool, error) {
	if len(v) != 16 {
		return graphRecord{}, true, fmt.Errorf("graph record: bad length %d", len(v))
	}
	return graphRecord{
		quads:    binary.BigEndian.Uint64(v),
		modified: int64(binary.BigEndian.Uint64(v[8:])),
	}, true, nil
}

// initBuckets prepares a fresh store, upgrades a version 1 store (computing
// its statistics) or checks the format of an existing one.
func initBuckets(w kvWriteTx) error {
	if w.get(bucketMeta, metaFormat) == nil {
		if hasPrefixKey(w, bucketMeta, nil) || hasPrefixKey(w, bucketIDToTerm, nil) {
			return fmt.Errorf("store has data but no format version")
		}
		return w.put(bucketMeta, metaFormat, encodeUint(formatVersion))
	}
	v, err := checkFormat(w)
	if err != nil || v == formatVersion {
		return err
	}
	if v == formatUnblocked {
		return w.put(bucketMeta, metaFormat, encodeUint(formatVersion))
	}
	st, err := computeStats(w, func() error { return nil })
	if err != nil {
		return fmt.Errorf("upgrade to format version %d: %w", formatVersion, err)
	}
	if err := writeStats(w, st); err != nil {
		return fmt.Errorf("upgrade to format version %d: %w", formatVersion, err)
	}
	return w.put(bucketMeta, metaFormat, encodeUint(formatVersion))
}

// checkFormat checks the store's format version and returns it: the
// current one or an older one this program reads.
func checkFormat(r kvReader) (uint64, error) {
	f := r.get(bucketMeta, metaFormat)
	if f == nil {
		return 0, fmt.Errorf("store has no format version")
	}
	if len(f) != 8 {
		return 0, fmt.Errorf("bad format version value %x", f)
	}
	v := binary.BigEndian.Uint64(f)
	if v != formatVersion && v != formatUnblocked && v != formatNoStats {
		return v, fmt.Errorf("store has format version %d, this program reads version %d", v, formatVersion)
	}
	return v, nil
}
