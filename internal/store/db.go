package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the name of the store's file inside the directory given to Open.
const FileName = "quads.db"

// ErrLocked is returned by Open when another process has the store open.
var ErrLocked = errors.New("store is in use by another process")

// DB is the persistent quad store: one bbolt file in a directory, with one
// writer at a time, any number of MVCC snapshots, ACID commits and crash
// safety (fsync on every commit unless WithNoSync).
//
// Close does not wait for open snapshots: it closes them (using them
// afterwards gives ErrClosed; a Match running in one stops at its next row
// with ErrClosed), waits for a running Update to finish, and then closes the
// file. So do not call Close from inside a Match loop: it would wait for
// that loop's next row.
//
// bbolt has to remap its file when the file outgrows the mapped size
// (WithInitialMmapSize, 1 GiB by default), and that waits for every open
// read transaction: past that size, an Update started by a goroutine that
// still holds a snapshot of the same store can deadlock.
type DB struct {
	e    *engine
	path string
}

var _ Store = (*DB)(nil)

// Open opens or creates the store in dir (created if missing). If another
// process has it open, Open fails with ErrLocked after the lock timeout.
func Open(dir string, opts ...Option) (*DB, error) {
	o := applyOptions(opts)
	if o.termCacheSize < 0 {
		o.termCacheSize = defaultTermCacheSize
	}
	path := filepath.Join(dir, FileName)
	if o.readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	timeout := o.lockTimeout
	if timeout <= 0 {
		timeout = time.Nanosecond // bbolt waits forever on 0
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         timeout,
		NoSync:          o.noSync,
		FreelistType:    bolt.FreelistMapType,
		InitialMmapSize: o.mmapSize,
		NoStatistics:    true,
		ReadOnly:        o.readOnly,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	e := newEngine(&boltKV{db: bdb}, o)
	if o.readOnly {
		err = e.checkFormat()
		if err == nil && e.staged() {
			err = errors.New("an interrupted bulk load left staging graphs: open the store once for writing (any skillsmap command but validate) to remove them")
		}
	} else {
		err = bdb.Update(func(tx *bolt.Tx) error {
			for _, name := range bucketNames {
				if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
					return fmt.Errorf("create bucket %s: %w", name, err)
				}
			}
			return nil
		})
		if err == nil {
			err = e.init()
		}
		if err == nil && e.staged() {
			// kill -9 during BulkLoad: none of that load stays.
			if err = e.dropStaged(context.Background()); err != nil {
				err = fmt.Errorf("remove the staging graphs of an interrupted bulk load: %w", err)
			}
		}
	}
	if err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &DB{e: e, path: path}, nil
}

// Path returns the path of the store's file.
func (db *DB) Path() string { return db.path }

// Snapshot returns a consistent read-only view; close it when done.
func (db *DB) Snapshot(ctx context.Context) (Snapshot, error) { return db.e.snapshot(ctx) }

// Update runs fn in one write transaction. If fn returns an error, panics,
// or ctx ends, nothing fn wrote is kept. Updates run one at a time; waiting
// for the running one honours ctx, and fn must not start another Update
// (it would wait for itself). An Update whose fn changed nothing commits
// nothing and leaves Version and Modified alone.
//
// The Writer is valid only inside fn and only in fn's goroutine. Its writes
// are visible to its own reads; it refuses writes while one of its Match
// iterations is running (collect the matches first). Inside fn, Version and
// Modified describe the last commit, not the pending one.
func (db *DB) Update(ctx context.Context, fn func(Writer) error) error {
	return db.e.update(ctx, fn)
}

// Close closes the store; see DB for open snapshots. It is idempotent.
func (db *DB) Close() error { return db.e.close() }

// Verify checks that the store is internally consistent: every quad is in
// all six indices and nothing else is, every id resolves to a term whose
// dictionary entry points back to it, and the graph records, predicate
// counts and quad count agree with the indices. It reads one snapshot, so it
// can run while the store is in use, and lists the first 20 problems it finds.
func (db *DB) Verify(ctx context.Context) error { return db.e.verify(ctx) }

// CompactTerms removes dictionary terms that no quad and no graph uses any
// more (such as the blank nodes of replaced harvests) and returns how many
// it removed. It works in short write transactions, so Updates interleave
// with it; it does not change Version, since the data is unchanged.
func (db *DB) CompactTerms(ctx context.Context) (uint64, error) { return db.e.compactTerms(ctx) }
