package store

import "context"

// Memory is an in-memory quad store with the same behaviour as DB (it runs
// the same code over a copy-on-write B-tree instead of bbolt): one writer at
// a time, snapshots that stay consistent while a writer works, atomic
// Updates. It is meant for tests and for queries over files.
//
// Close closes the snapshots that are still open (using them afterwards
// gives ErrClosed) and waits for a running Update.
type Memory struct {
	e *engine
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store. Of the options only
// WithTermCacheSize applies.
func NewMemory(opts ...Option) *Memory {
	o := applyOptions(opts)
	if o.termCacheSize < 0 {
		o.termCacheSize = defaultMemoryTermCacheSize
	}
	e := newEngine(newMemKV(), o)
	if err := e.init(); err != nil {
		panic("store: init memory store: " + err.Error()) // cannot fail on an empty tree
	}
	return &Memory{e: e}
}

// Snapshot returns a consistent read-only view; close it when done.
func (m *Memory) Snapshot(ctx context.Context) (Snapshot, error) { return m.e.snapshot(ctx) }

// Update runs fn in one write transaction, as DB.Update.
func (m *Memory) Update(ctx context.Context, fn func(Writer) error) error {
	return m.e.update(ctx, fn)
}

// Close closes the store; it is idempotent.
func (m *Memory) Close() error { return m.e.close() }

// Verify checks that the store is internally consistent, as DB.Verify.
func (m *Memory) Verify(ctx context.Context) error { return m.e.verify(ctx) }

// CompactTerms removes unused dictionary terms, as DB.CompactTerms.
func (m *Memory) CompactTerms(ctx context.Context) (uint64, error) { return m.e.compactTerms(ctx) }
