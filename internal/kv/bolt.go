package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// BoltOptions configure OpenBolt.
type BoltOptions struct {
	// LockTimeout is how long OpenBolt waits for another process that has
	// the file open (default 2 s); then it fails with ErrLocked.
	LockTimeout time.Duration
	// MapFreelist selects bbolt's map freelist (faster for large files).
	MapFreelist bool
}

// BoltDB is a DB in one bbolt file. Its transactions run once: bbolt
// serialises writers, so nothing is retried.
type BoltDB struct {
	path string
	opts BoltOptions

	mu sync.RWMutex // write-locked only while Compact swaps the file
	db *bolt.DB

	locksMu sync.Mutex
	locks   map[string]chan struct{}
}

var (
	_ DB        = (*BoltDB)(nil)
	_ Compacter = (*BoltDB)(nil)
)

// OpenBolt opens or creates the bbolt file at path (mode 0600). It fails
// with an error wrapping ErrLocked when another process has it open.
func OpenBolt(path string, opts BoltOptions) (*BoltDB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 2 * time.Second
	}
	d := &BoltDB{path: path, opts: opts, locks: map[string]chan struct{}{}}
	db, err := d.open(path)
	if err != nil {
		return nil, err
	}
	d.db = db
	return d, nil
}

func (d *BoltDB) open(path string) (*bolt.DB, error) {
	o := &bolt.Options{Timeout: d.opts.LockTimeout}
	if d.opts.MapFreelist {
		o.FreelistType = bolt.FreelistMapType
	}
	db, err := bolt.Open(path, 0o600, o)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Path returns the file's path.
func (d *BoltDB) Path() string { return d.path }

// View implements DB.
func (d *BoltDB) View(fn func(Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// Update implements DB.
func (d *BoltDB) Update(fn func(Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// Lock implements DB: a bbolt file belongs to one process, so the lock is
// the process's own.
func (d *BoltDB) Lock(ctx context.Context, name string) (func(), error) {
	d.locksMu.Lock()
	ch, ok := d.locks[name]
	if !ok {
		ch = make(chan struct{}, 1)
		d.locks[name] = ch
	}
	d.locksMu.Unlock()
	select {
	case ch <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-ch }) }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("lock %s: %w", name, ctx.Err())
	}
}

// Close implements DB.
func (d *BoltDB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.db.Close()
}

// Compact rewrites the file with its live data only: bbolt reuses freed
// pages without clearing them, so deleted data could otherwise stay
// readable in the file.
func (d *BoltDB) Compact(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	tmp := d.path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: d.opts.LockTimeout})
	if err != nil {
		return fmt.Errorf("compact %s: %w", d.path, err)
	}
	err = bolt.Compact(dst, d.db, 1<<20)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", d.path, err)
	}
	if err := d.db.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", d.path, err)
	}
	renameErr := os.Rename(tmp, d.path)
	db, err := d.open(d.path)
	if err != nil {
		// The old handle is closed: nothing can be served any more.
		return fmt.Errorf("compact %s: reopen: %w", d.path, err)
	}
	d.db = db
	if renameErr != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", d.path, renameErr)
	}
	return nil
}

type boltTx struct{ tx *bolt.Tx }

func (t boltTx) Bucket(name []byte) Bucket {
	b := t.tx.Bucket(name)
	if b == nil {
		return nil // not a typed nil in an interface
	}
	return boltBucket{b}
}

func (t boltTx) CreateBucketIfNotExists(name []byte) (Bucket, error) {
	b, err := t.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	return boltBucket{b}, nil
}

type boltBucket struct{ b *bolt.Bucket }

func (b boltBucket) Get(key []byte) []byte {
	if len(key) == 0 {
		return nil
	}
	v := b.b.Get(key)
	if v == nil && b.b.Bucket(key) == nil {
		// bbolt returns nil for an empty value too in some versions: tell
		// a present key from a missing one.
		c := b.b.Cursor()
		if k, _ := c.Seek(key); k != nil && string(k) == string(key) {
			return []byte{}
		}
	}
	return v
}

func (b boltBucket) Put(key, value []byte) error {
	if len(key) == 0 {
		return ErrEmptyKey
	}
	return b.b.Put(key, value)
}

func (b boltBucket) Delete(key []byte) error {
	if len(key) == 0 {
		return nil
	}
	return b.b.Delete(key)
}

func (b boltBucket) Cursor() Cursor { return boltCursor{b.b.Cursor()} }

func (b boltBucket) ForEach(fn func(k, v []byte) error) error { return b.b.ForEach(fn) }

func (b boltBucket) NextSequence() (uint64, error) { return b.b.NextSequence() }

func (b boltBucket) Sequence() uint64 { return b.b.Sequence() }

func (b boltBucket) SetSequence(seq uint64) error { return b.b.SetSequence(seq) }

func (b boltBucket) Len() int { return b.b.Stats().KeyN }

// CopyTo copies every bucket of the file — keys, values and sequence —
// into dst in one write transaction, and returns how many buckets and
// keys it copied. It refuses (ErrNotEmpty) when dst already has one of
// the buckets with a key or a sequence, so that nothing is overwritten.
func (d *BoltDB) CopyTo(dst DB) (buckets, keys int, err error) {
	type bucket struct {
		name []byte
		seq  uint64
		kvs  [][2][]byte
	}
	var all []bucket
	err = d.View(func(tx Tx) error {
		all = nil
		return tx.(boltTx).tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bk := bucket{name: bytes.Clone(name), seq: b.Sequence()}
			err := b.ForEach(func(k, v []byte) error {
				if v == nil && b.Bucket(k) != nil {
					return fmt.Errorf("bucket %s holds a bucket, which kv does not copy", name)
				}
				bk.kvs = append(bk.kvs, [2][]byte{bytes.Clone(k), bytes.Clone(v)})
				return nil
			})
			all = append(all, bk)
			return err
		})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("copy %s: %w", d.path, err)
	}
	err = dst.Update(func(tx Tx) error {
		keys = 0
		for _, bk := range all {
			b, err := tx.CreateBucketIfNotExists(bk.name)
			if err != nil {
				return err
			}
			if k, _ := b.Cursor().First(); k != nil || b.Sequence() != 0 {
				return fmt.Errorf("bucket %s: %w", bk.name, ErrNotEmpty)
			}
			if err := b.SetSequence(bk.seq); err != nil {
				return err
			}
			for _, kv := range bk.kvs {
				if err := b.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			keys += len(bk.kvs)
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("copy %s: %w", d.path, err)
	}
	return len(all), keys, nil
}

type boltCursor struct{ c *bolt.Cursor }

func (c boltCursor) First() ([]byte, []byte)        { return c.c.First() }
func (c boltCursor) Last() ([]byte, []byte)         { return c.c.Last() }
func (c boltCursor) Seek(s []byte) ([]byte, []byte) { return c.c.Seek(s) }
func (c boltCursor) Next() ([]byte, []byte)         { return c.c.Next() }
func (c boltCursor) Prev() ([]byte, []byte)         { return c.c.Prev() }
