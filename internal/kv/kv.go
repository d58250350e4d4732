// Package kv is the transactional, ordered key-value store the exchange
// keeps its private state in (review's versions and queue, accounts and
// sessions, the mail outbox): the subset of bbolt those packages use, with
// two implementations.
//
//   - OpenBolt: a bbolt file in the data directory, as before (one
//     instance; existing files open unchanged).
//   - NewRedis: Redis, shared by several instances: per bucket a sorted set
//     of keys (score 0, so ZRANGE BYLEX gives byte order) and a hash of
//     values, under a key prefix. Write transactions are optimistic (WATCH
//     on a version key, writes buffered and applied with MULTI/EXEC); read
//     transactions are a seqlock on the same version.
//
// Functions passed to View and Update may run more than once with the
// Redis store (a transaction that met a concurrent write is run again), so
// they must have no effect outside the transaction: reset what they
// collect at their start, and send nothing (no e-mail, no store write)
// from inside one.
package kv

import (
	"context"
	"errors"
)

// DB is a key-value database of named buckets.
type DB interface {
	// View runs fn in a read-only transaction that sees one consistent
	// state of the database.
	View(fn func(Tx) error) error
	// Update runs fn in a read-write transaction and commits its writes
	// when fn returns nil; when fn returns an error nothing is written and
	// that error is returned.
	Update(fn func(Tx) error) error
	// Lock takes a lock named name that excludes every other holder of the
	// same name on this database, also in other processes where the
	// database is shared, until unlock is called. It waits until the lock
	// is free or ctx ends.
	Lock(ctx context.Context, name string) (unlock func(), err error)
	// Close releases the database.
	Close() error
}

// Tx is a transaction.
type Tx interface {
	// Bucket returns the bucket named name, or nil if there is none.
	Bucket(name []byte) Bucket
	// CreateBucketIfNotExists returns the bucket named name, creating it
	// in a write transaction.
	CreateBucketIfNotExists(name []byte) (Bucket, error)
}

// Bucket is a set of keys in byte order, each with a value. Keys are
// non-empty. A value returned by Get or a Cursor is valid until the end of
// the transaction and must not be modified.
type Bucket interface {
	// Get returns the value of key, nil if there is none. A value that was
	// stored empty is returned as a non-nil empty slice.
	Get(key []byte) []byte
	// Put sets the value of key.
	Put(key, value []byte) error
	// Delete removes key; removing a missing key is no error.
	Delete(key []byte) error
	// Cursor returns a cursor over the bucket's keys in byte order.
	Cursor() Cursor
	// ForEach calls fn for every key in byte order, stopping at the first
	// error, which it returns. fn must not change the bucket.
	ForEach(fn func(k, v []byte) error) error
	// NextSequence returns the next number of the bucket's sequence
	// (starting at 1), in a write transaction.
	NextSequence() (uint64, error)
	// Sequence returns the bucket's sequence: the number NextSequence gave
	// last (0 if none).
	Sequence() uint64
	// SetSequence sets the bucket's sequence, in a write transaction.
	SetSequence(seq uint64) error
	// Len returns the number of keys.
	Len() int
}

// Cursor walks a bucket's keys in byte order. Every method returns the key
// and value it moved to, or nil, nil when there is none.
type Cursor interface {
	// First moves to the first key.
	First() (k, v []byte)
	// Last moves to the last key.
	Last() (k, v []byte)
	// Seek moves to the first key at or after seek.
	Seek(seek []byte) (k, v []byte)
	// Next moves to the key after the current one.
	Next() (k, v []byte)
	// Prev moves to the key before the current one.
	Prev() (k, v []byte)
}

// Errors.
var (
	// ErrLocked: another process has the bbolt file open.
	ErrLocked = errors.New("the database is in use by another process")
	// ErrConflict: a transaction met concurrent writes on every attempt.
	ErrConflict = errors.New("the transaction conflicted with concurrent writes too often")
	// ErrReadOnly: a write in a read-only transaction.
	ErrReadOnly = errors.New("write in a read-only transaction")
	// ErrNoBucket: a write to a bucket that does not exist.
	ErrNoBucket = errors.New("no such bucket")
	// ErrEmptyKey: an empty key.
	ErrEmptyKey = errors.New("empty key")
	// ErrNotEmpty: a copy into a bucket that holds data already.
	ErrNotEmpty = errors.New("the destination holds data already")
)

// Compacter is implemented by databases whose deleted data can linger in
// their files (bbolt reuses freed pages without clearing them; Redis's
// append-only file keeps every command until it is rewritten).
type Compacter interface {
	// Compact rewrites the database's files with their live data only.
	Compact(ctx context.Context) error
}
