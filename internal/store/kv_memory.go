package store

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/google/btree"
)

// memKV is the kvStore of Memory: one copy-on-write B-tree per bucket.
//
// The published state is never modified. A write transaction works on lazy
// clones of a private "spare" copy of it; commit publishes the working trees
// and keeps a fresh clone as the next spare. google/btree's Clone marks the
// source's nodes shared (it changes the source's copy-on-write context), so
// it is only ever called on trees no reader can see: the spare, or the
// working trees before they are published.
//
// The six quad indices hold most entries, and their keys are short with no
// value; they live in trees of fixed-size, pointer-free keys, which need no
// allocation per entry and nothing for the garbage collector to scan.
type memKV struct {
	current atomic.Pointer[memState]
	spare   *memState // touched only by the single writer
}

// memState is one version of all buckets.
type memState struct {
	trees   [numBuckets]*btree.BTreeG[memItem] // buckets before bucketSPOG
	indices [numBuckets - bucketSPOG]*btree.BTreeG[memKey]
}

// memItem is a key and its value; strings keep items small and immutable.
type memItem struct {
	key, value string
}

func memLess(a, b memItem) bool { return a.key < b.key }

// memKey is an index key held as its four decoded ids. Numeric order of
// the ids is the byte order of their encoding (see appendID), so the tree
// sorts exactly like the encoded keys.
type memKey [4]uint64

func memKeyLess(a, b memKey) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// toMemKey decodes an index key. A shorter key (a prefix) decodes to the
// smallest full key that starts with it; exact reports whether key was a
// whole, well-formed index key.
func toMemKey(key []byte) (k memKey, exact bool) {
	rest := key
	for i := range k {
		if len(rest) == 0 {
			return k, false
		}
		id, r, err := readID(rest)
		if err != nil {
			return k, false
		}
		k[i], rest = id, r
	}
	return k, len(rest) == 0
}

func (k memKey) bytes(dst []byte) []byte {
	for _, id := range k {
		dst = appendID(dst, id)
	}
	return dst
}

func isIndex(b bucket) bool { return b >= bucketSPOG }

// memDegree is the B-tree degree: nodes hold up to 2*degree-1 items.
const memDegree = 32

func newMemKV() *memKV {
	var s memState
	for b := range bucketSPOG {
		s.trees[b] = btree.NewG(memDegree, memLess)
	}
	for i := range s.indices {
		s.indices[i] = btree.NewG(memDegree, memKeyLess)
	}
	k := &memKV{spare: s.clone()}
	k.current.Store(&s)
	return k
}

func (s *memState) clone() *memState {
	var c memState
	for b := range bucketSPOG {
		c.trees[b] = s.trees[b].Clone()
	}
	for i, t := range s.indices {
		c.indices[i] = t.Clone()
	}
	return &c
}

func (k *memKV) beginRead() (kvReadTx, error) {
	return memReadTx{k.current.Load()}, nil
}

func (k *memKV) beginWrite() (kvWriteTx, error) {
	return &memWriteTx{kv: k, state: k.spare.clone()}, nil
}

func (k *memKV) close() error { return nil }

// view returns a read-only byte view of s without copying.
func view(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// probe returns a search item for key without copying it; it must not be stored.
func probe(key []byte) memItem { return memItem{key: unsafe.String(unsafe.SliceData(key), len(key))} }

func (s *memState) get(b bucket, key []byte) []byte {
	if isIndex(b) {
		return nil // index entries have no value
	}
	it, ok := s.trees[b].Get(probe(key))
	if !ok {
		return nil
	}
	return view(it.value)
}

func (s *memState) has(b bucket, key []byte) bool {
	if isIndex(b) {
		k, exact := toMemKey(key)
		return exact && s.indices[b-bucketSPOG].Has(k)
	}
	return s.trees[b].Has(probe(key))
}

func (s *memState) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	if isIndex(b) {
		// start is at or below every key ≥ from (decoding stops at the
		// first incomplete id); keys below from are skipped by comparison.
		start, _ := toMemKey(from)
		var buf [4 * 9]byte
		reached := false
		s.indices[b-bucketSPOG].AscendGreaterOrEqual(start, func(k memKey) bool {
			kb := k.bytes(buf[:0])
			if !reached {
				if bytes.Compare(kb, from) < 0 {
					return true
				}
				reached = true
			}
			return fn(kb, nil)
		})
		return
	}
	s.trees[b].AscendGreaterOrEqual(probe(from), func(it memItem) bool {
		return fn(view(it.key), view(it.value))
	})
}

// memReadTx reads a published state.
type memReadTx struct{ s *memState }

func (t memReadTx) get(b bucket, key []byte) []byte { return t.s.get(b, key) }
func (t memReadTx) has(b bucket, key []byte) bool   { return t.s.has(b, key) }
func (t memReadTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	t.s.ascend(b, from, fn)
}
func (t memReadTx) release() {}

// memWriteTx changes private clones of the published trees.
type memWriteTx struct {
	kv    *memKV
	state *memState
}

func (t *memWriteTx) get(b bucket, key []byte) []byte { return t.state.get(b, key) }
func (t *memWriteTx) has(b bucket, key []byte) bool   { return t.state.has(b, key) }
func (t *memWriteTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	t.state.ascend(b, from, fn)
}

func (t *memWriteTx) put(b bucket, key, value []byte) error {
	if isIndex(b) {
		k, exact := toMemKey(key)
		if !exact || len(value) != 0 {
			return fmt.Errorf("index %s: key of %d bytes with a %d-byte value", bucketNames[b], len(key), len(value))
		}
		t.state.indices[b-bucketSPOG].ReplaceOrInsert(k)
		return nil
	}
	t.state.trees[b].ReplaceOrInsert(memItem{key: string(key), value: string(value)})
	return nil
}

func (t *memWriteTx) delete(b bucket, key []byte) error {
	if isIndex(b) {
		if k, exact := toMemKey(key); exact {
			t.state.indices[b-bucketSPOG].Delete(k)
		}
		return nil
	}
	t.state.trees[b].Delete(probe(key))
	return nil
}

func (t *memWriteTx) commit() error {
	t.kv.spare = t.state.clone()
	t.kv.current.Store(t.state)
	return nil
}

func (t *memWriteTx) rollback() {}
