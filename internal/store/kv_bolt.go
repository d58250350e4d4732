package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// boltKV is the kvStore of DB: one bbolt file, one bbolt bucket per bucket.
type boltKV struct {
	db *bolt.DB
}

// boltTx is a bbolt transaction with its buckets looked up once.
type boltTx struct {
	tx      *bolt.Tx
	buckets [numBuckets]*bolt.Bucket
}

func newBoltTx(tx *bolt.Tx) (*boltTx, error) {
	t := &boltTx{tx: tx}
	for b := range numBuckets {
		t.buckets[b] = tx.Bucket([]byte(bucketNames[b]))
		if t.buckets[b] == nil {
			_ = tx.Rollback()
			return nil, fmt.Errorf("bucket %q is missing", bucketNames[b])
		}
	}
	// Ids grow monotonically, so id→term inserts are appends: fill its
	// pages instead of splitting them in half.
	if tx.Writable() {
		t.buckets[bucketIDToTerm].FillPercent = 0.95
		for b := bucketSPOG; b < numBuckets; b++ {
			t.buckets[b].FillPercent = 1 // see blockMaxValue
		}
	}
	return t, nil
}

func (k *boltKV) beginRead() (kvReadTx, error) {
	tx, err := k.db.Begin(false)
	if err != nil {
		return nil, err
	}
	return newBoltTx(tx)
}

func (k *boltKV) beginWrite() (kvWriteTx, error) {
	tx, err := k.db.Begin(true)
	if err != nil {
		return nil, err
	}
	return newBoltTx(tx)
}

func (k *boltKV) close() error { return k.db.Close() }

func (t *boltTx) get(b bucket, key []byte) []byte {
	if isIndex(b) {
		return nil // index entries have no value
	}
	return t.buckets[b].Get(key)
}

func (t *boltTx) has(b bucket, key []byte) bool {
	if isIndex(b) {
		return t.hasIndexKey(b, key)
	}
	k, _ := t.buckets[b].Cursor().Seek(key)
	return k != nil && bytes.Equal(k, key)
}

func (t *boltTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	if isIndex(b) {
		t.ascendIndex(b, from, fn)
		return
	}
	c := t.buckets[b].Cursor()
	for k, v := c.Seek(from); k != nil; k, v = c.Next() {
		if !fn(k, v) {
			return
		}
	}
}

func (t *boltTx) put(b bucket, key, value []byte) error {
	if isIndex(b) {
		if len(value) != 0 {
			return fmt.Errorf("index %s: key with a %d-byte value", bucketNames[b], len(value))
		}
		return t.putIndexKeys(b, [][]byte{key})
	}
	// bbolt copies the key but keeps a reference to the value until commit.
	return t.buckets[b].Put(key, bytes.Clone(value))
}

// boltTx writes index keys in blocks, a batch at a time.
var _ indexBatchWriter = (*boltTx)(nil)

func (t *boltTx) putKeys(b bucket, keys [][]byte) error { return t.putIndexKeys(b, keys) }

func (t *boltTx) deleteKeys(b bucket, keys [][]byte) error { return t.deleteIndexKeys(b, keys) }

func (t *boltTx) delete(b bucket, key []byte) error {
	if isIndex(b) {
		return t.deleteIndexKeys(b, [][]byte{key})
	}
	return t.buckets[b].Delete(key)
}

func (t *boltTx) commit() error { return t.tx.Commit() }

func (t *boltTx) rollback() { _ = t.tx.Rollback() }

func (t *boltTx) release() { _ = t.tx.Rollback() }
