package store

import (
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
type memKV struct {
	current atomic.Pointer[memState]
	spare   *memState // touched only by the single writer
}

// memState is one version of all buckets.
type memState struct {
	trees [numBuckets]*btree.BTreeG[memItem]
}

// memItem is a key and its value; strings keep items small and immutable.
type memItem struct {
	key, value string
}

func memLess(a, b memItem) bool { return a.key < b.key }

// memDegree is the B-tree degree: nodes hold up to 2*degree-1 items.
const memDegree = 32

func newMemKV() *memKV {
	var s memState
	for b := range numBuckets {
		s.trees[b] = btree.NewG(memDegree, memLess)
	}
	k := &memKV{spare: s.clone()}
	k.current.Store(&s)
	return k
}

func (s *memState) clone() *memState {
	var c memState
	for b, t := range s.trees {
		c.trees[b] = t.Clone()
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

func stateGet(s *memState, b bucket, key []byte) []byte {
	it, ok := s.trees[b].Get(probe(key))
	if !ok {
		return nil
	}
	return view(it.value)
}

func stateHas(s *memState, b bucket, key []byte) bool { return s.trees[b].Has(probe(key)) }

func stateAscend(s *memState, b bucket, from []byte, fn func(key, value []byte) bool) {
	s.trees[b].AscendGreaterOrEqual(probe(from), func(it memItem) bool {
		return fn(view(it.key), view(it.value))
	})
}

// memReadTx reads a published state.
type memReadTx struct{ s *memState }

func (t memReadTx) get(b bucket, key []byte) []byte { return stateGet(t.s, b, key) }
func (t memReadTx) has(b bucket, key []byte) bool   { return stateHas(t.s, b, key) }
func (t memReadTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	stateAscend(t.s, b, from, fn)
}
func (t memReadTx) release() {}

// memWriteTx changes private clones of the published trees.
type memWriteTx struct {
	kv    *memKV
	state *memState
	done  bool
}

func (t *memWriteTx) get(b bucket, key []byte) []byte { return stateGet(t.state, b, key) }
func (t *memWriteTx) has(b bucket, key []byte) bool   { return stateHas(t.state, b, key) }
func (t *memWriteTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	stateAscend(t.state, b, from, fn)
}

func (t *memWriteTx) put(b bucket, key, value []byte) error {
	t.state.trees[b].ReplaceOrInsert(memItem{key: string(key), value: string(value)})
	return nil
}

func (t *memWriteTx) delete(b bucket, key []byte) error {
	t.state.trees[b].Delete(probe(key))
	return nil
}

func (t *memWriteTx) commit() error {
	t.kv.spare = t.state.clone()
	t.kv.current.Store(t.state)
	t.done = true
	return nil
}

func (t *memWriteTx) rollback() { t.done = true }
