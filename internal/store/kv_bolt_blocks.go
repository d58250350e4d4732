package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// In the bbolt file the six quad indices hold their keys in blocks: a bbolt
// key is the last index key of a block and its value the block's other
// keys (format version 3). A bbolt Put costs about a microsecond however the
// keys arrive (it allocates a cursor, searches from the root and grows the
// leaf's slice of entries), so eight puts per quad bounded a bulk load at
// about 100,000 quads/s; with blocks a load writes one bbolt entry per
// block of about 80 index keys. Each key also takes 2 bytes of offset instead
// of bbolt's 16-byte element header and leaves out the block's common
// prefix, which more than halves the indices on disk.
//
// Keying a block by its last key makes the block that holds (or would
// hold) a key the first one at or after it: one bbolt Seek, no step back.
// (bbolt 1.5's Cursor.Prev returns nil on an empty leaf, which a write
// transaction's deletes leave until its commit.)
//
// An index of format version 2, one bbolt key per index key, is a valid
// index of one-key blocks, so version 2 stores are read as they are and
// their blocks fill as they change.
//
// A block's value: n (1..255, the number of keys before the last), p (the
// length of the prefix all the block's keys share, which is the last key's
// first p bytes), n big-endian uint16 end offsets of those keys' suffixes
// in the data, then the data: each key without the prefix. An empty value
// is a block of its last key alone.
const (
	// blockMaxValue bounds a block's value so that three blocks and their
	// bbolt element headers fill a 4 KiB leaf page (3 × (16 + 36 + 1296)
	// + 16 bytes of page header ≤ 4096 even for the longest keys; the index
	// buckets split pages at 100%). About 80 keys of a 10M-quad store.
	blockMaxValue = 1296
	// blockMaxKeys bounds the binary search inside a block.
	blockMaxKeys = 128
)

// indexBlock is a decoded view of one block; its keys point into the bbolt
// entry and are valid as long as that is.
type indexBlock struct {
	last   []byte
	prefix []byte // last[:p], shared by every key of the block
	ends   []byte // n big-endian uint16 end offsets of the other keys' suffixes
	data   []byte
}

// readBlock decodes a block. A malformed value (a corrupt file) reads as
// its last key alone; Verify reports it.
func readBlock(last, v []byte) (indexBlock, error) {
	b := indexBlock{last: last}
	if len(v) == 0 {
		return b, nil
	}
	n, p := int(v[0]), int(v[1%len(v)])
	if n == 0 || len(v) < 2+2*n || p > len(last) {
		return b, fmt.Errorf("block %x: bad header", last)
	}
	b.prefix, b.ends, b.data = last[:p], v[2:2+2*n], v[2+2*n:]
	prev := 0
	for i := range n {
		end := int(binary.BigEndian.Uint16(b.ends[2*i:]))
		if end < prev || end > len(b.data) {
			return indexBlock{last: last}, fmt.Errorf("block %x: bad offset %d of key %d", last, end, i+1)
		}
		prev = end
	}
	if prev != len(b.data) {
		return indexBlock{last: last}, fmt.Errorf("block %x: %d trailing bytes", last, len(b.data)-prev)
	}
	return b, nil
}

// len returns the number of keys in the block.
func (b *indexBlock) len() int { return 1 + len(b.ends)/2 }

// suffix returns the i-th key of the block without the block's prefix.
func (b *indexBlock) suffix(i int) []byte {
	n := len(b.ends) / 2
	if i == n {
		return b.last[len(b.prefix):]
	}
	start := 0
	if i > 0 {
		start = int(binary.BigEndian.Uint16(b.ends[2*(i-1):]))
	}
	return b.data[start:binary.BigEndian.Uint16(b.ends[2*i:])]
}

// key appends the i-th key of the block to buf.
func (b *indexBlock) key(i int, buf []byte) []byte {
	if i == len(b.ends)/2 {
		return append(buf, b.last...)
	}
	return append(append(buf, b.prefix...), b.suffix(i)...)
}

// search returns the index of the first key ≥ key (len if none) and
// whether it equals key.
func (b *indexBlock) search(key []byte) (int, bool) {
	n := b.len()
	// Every key of the block starts with the prefix.
	p := len(b.prefix)
	if len(key) < p {
		if bytes.Compare(key, b.prefix[:len(key)]) > 0 {
			return n, false
		}
		return 0, false
	}
	switch bytes.Compare(key[:p], b.prefix) {
	case -1:
		return 0, false
	case 1:
		return n, false
	}
	rest := key[p:]
	i := sort.Search(n, func(i int) bool { return bytes.Compare(b.suffix(i), rest) >= 0 })
	return i, i < n && bytes.Equal(b.suffix(i), rest)
}

// appendKeys appends copies of the block's keys to dst, using arena for the bytes.
func (b *indexBlock) appendKeys(dst [][]byte, arena []byte) ([][]byte, []byte) {
	for i := range b.len() {
		start := len(arena)
		arena = b.key(i, arena)
		dst = append(dst, arena[start:len(arena):len(arena)])
	}
	return dst, arena
}

// commonPrefix returns the length of the longest common prefix of a and b,
// at most 255.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b), 255)
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// encodeBlock returns the value of a block holding keys (sorted, at least
// one); the last key is its bbolt key. The keys of a sorted block share
// the prefix of its first and last key, which the value leaves out: the
// predicate of a POSG block, the graph of a GSPO one, the high bytes of a
// SPOG block's subjects.
func encodeBlock(keys [][]byte) []byte {
	n := len(keys) - 1
	if n == 0 {
		return nil
	}
	p := commonPrefix(keys[0], keys[n])
	size := 2 + 2*n
	for _, k := range keys[:n] {
		size += len(k) - p
	}
	v := make([]byte, 2+2*n, size)
	v[0], v[1] = byte(n), byte(p)
	end := 0
	for i, k := range keys[:n] {
		end += len(k) - p
		binary.BigEndian.PutUint16(v[2+2*i:], uint16(end))
	}
	for _, k := range keys[:n] {
		v = append(v, k[p:]...)
	}
	return v
}

// lastBlock returns the last block of a bucket, or nil if it is empty.
func lastBlock(c *bolt.Cursor) (k, v []byte) {
	// bbolt 1.5's Last loops forever on a bucket whose leaves a write
	// transaction has all emptied; First does not.
	if k, _ = c.First(); k == nil {
		return nil, nil
	}
	return c.Last()
}

func (t *boltTx) hasIndexKey(b bucket, key []byte) bool {
	k, v := t.buckets[b].Cursor().Seek(key)
	if k == nil {
		return false
	}
	blk, _ := readBlock(k, v)
	_, found := blk.search(key)
	return found
}

func (t *boltTx) ascendIndex(b bucket, from []byte, fn func(key, value []byte) bool) {
	c := t.buckets[b].Cursor()
	k, v := c.Seek(from)
	if k == nil {
		return
	}
	blk, _ := readBlock(k, v)
	i, _ := blk.search(from)
	var buf [4 * 9]byte
	for {
		for ; i < blk.len(); i++ {
			if !fn(blk.key(i, buf[:0]), nil) {
				return
			}
		}
		if k, v = c.Next(); k == nil {
			return
		}
		blk, _ = readBlock(k, v)
		i = 0
	}
}

// putIndexKeys merges keys (sorted, distinct) into index bucket b: each
// touched block is read once, merged with the keys that fall into it and
// written back, split into blocks that fit blockMaxValue.
func (t *boltTx) putIndexKeys(b bucket, keys [][]byte) error {
	bk := t.buckets[b]
	var merged, old [][]byte
	var arena []byte
	for len(keys) > 0 {
		c := bk.Cursor()
		// The keys up to a block's last key belong to it; keys after the
		// last block's are appended to that one.
		last, v := c.Seek(keys[0])
		n := len(keys)
		atEnd := last == nil
		if atEnd {
			last, v = lastBlock(c)
		} else {
			n = sort.Search(len(keys), func(i int) bool { return bytes.Compare(keys[i], last) > 0 })
		}
		merged, old, arena = merged[:0], old[:0], arena[:0]
		if last != nil {
			blk, err := readBlock(last, v)
			if err != nil {
				return fmt.Errorf("index %s: %w", bucketNames[b], err)
			}
			old, arena = blk.appendKeys(old, arena)
		}
		merged = mergeKeys(merged, old, keys[:n])
		keys = keys[n:]
		if len(merged) == len(old) {
			continue // all present already
		}
		if last != nil && !bytes.Equal(merged[len(merged)-1], last) {
			if err := bk.Delete(last); err != nil {
				return fmt.Errorf("index %s: %w", bucketNames[b], err)
			}
		}
		if err := writeBlocks(bk, merged, atEnd); err != nil {
			return fmt.Errorf("index %s: %w", bucketNames[b], err)
		}
	}
	return nil
}

// mergeKeys appends the sorted union of a and b (both sorted, distinct) to dst.
func mergeKeys(dst, a, b [][]byte) [][]byte {
	for len(a) > 0 && len(b) > 0 {
		switch c := bytes.Compare(a[0], b[0]); {
		case c < 0:
			dst, a = append(dst, a[0]), a[1:]
		case c > 0:
			dst, b = append(dst, b[0]), b[1:]
		default:
			dst, a, b = append(dst, a[0]), a[1:], b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// writeBlocks writes keys as blocks. At the end of the index (last) blocks
// are filled, because later keys will mostly be appended there; elsewhere
// the keys are spread evenly, leaving room for inserts in each block.
func writeBlocks(bk *bolt.Bucket, keys [][]byte, last bool) error {
	for len(keys) > 0 {
		n := blockSize(keys)
		if !last && n < len(keys) {
			// Even split: as many blocks as full ones would take.
			blocks := (len(keys) + n - 1) / n
			n = (len(keys) + blocks - 1) / blocks
		}
		if err := bk.Put(keys[n-1], encodeBlock(keys[:n])); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// blockSize returns how many of keys fit the next block: its value (see
// encodeBlock) holds all but the last key, less their common prefix.
func blockSize(keys [][]byte) int {
	n, sum := 1, 0 // sum: the lengths of keys[:n-1]
	for n < len(keys) && n < blockMaxKeys {
		p := commonPrefix(keys[0], keys[n])
		if 2+2*n+sum+len(keys[n-1])-n*p > blockMaxValue {
			break
		}
		sum += len(keys[n-1])
		n++
	}
	return n
}

// deleteIndexKeys removes keys (sorted, distinct) from index bucket b;
// absent ones are skipped. Each touched block is read and written once. A
// block that shrinks is not merged with its neighbours: later inserts fill it.
func (t *boltTx) deleteIndexKeys(b bucket, keys [][]byte) error {
	bk := t.buckets[b]
	var old, kept [][]byte
	var arena []byte
	for len(keys) > 0 {
		last, v := bk.Cursor().Seek(keys[0])
		if last == nil {
			return nil // the remaining keys sort after every block
		}
		blk, err := readBlock(last, v)
		if err != nil {
			return fmt.Errorf("index %s: %w", bucketNames[b], err)
		}
		n := sort.Search(len(keys), func(i int) bool { return bytes.Compare(keys[i], last) > 0 })
		group := keys[:n]
		keys = keys[n:]
		old, arena = blk.appendKeys(old[:0], arena[:0])
		kept = kept[:0]
		for _, k := range old {
			for len(group) > 0 && bytes.Compare(group[0], k) < 0 {
				group = group[1:]
			}
			if len(group) > 0 && bytes.Equal(group[0], k) {
				group = group[1:]
				continue
			}
			kept = append(kept, k)
		}
		if len(kept) == len(old) {
			continue
		}
		if len(kept) == 0 || !bytes.Equal(kept[len(kept)-1], last) {
			if err := bk.Delete(last); err != nil {
				return fmt.Errorf("index %s: %w", bucketNames[b], err)
			}
		}
		if len(kept) > 0 {
			if err := bk.Put(kept[len(kept)-1], encodeBlock(kept)); err != nil {
				return fmt.Errorf("index %s: %w", bucketNames[b], err)
			}
		}
	}
	return nil
}

// indexBlockChecker is implemented by backends that store index keys in
// blocks; Verify checks the blocks through it.
type indexBlockChecker interface {
	checkIndexBlocks(b bucket, report func(format string, args ...any))
}

// checkIndexBlocks reports malformed blocks of index bucket b and keys out
// of order, within a block or between blocks, through report.
func (t *boltTx) checkIndexBlocks(b bucket, report func(format string, args ...any)) {
	var prev, key []byte
	c := t.buckets[b].Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		blk, err := readBlock(k, v)
		if err != nil {
			report("index %s: %v", bucketNames[b], err)
			continue
		}
		for i := range blk.len() {
			key = blk.key(i, key[:0])
			if prev != nil && bytes.Compare(prev, key) >= 0 {
				report("index %s: key %x does not sort after %x", bucketNames[b], key, prev)
			}
			prev = append(prev[:0], key...)
		}
	}
}
