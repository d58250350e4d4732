package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// engine is the quad store over a kvStore; DB and Memory wrap one.
type engine struct {
	kv    kvStore
	cache *termCache

	writeLock chan struct{} // one Update at a time; waiting honours ctx
	done      chan struct{} // closed by close

	mu     sync.Mutex
	closed bool
	snaps  map[*snapshot]struct{} // open snapshots, closed by close
}

func newEngine(kv kvStore, o options) *engine {
	return &engine{
		kv:        kv,
		cache:     newTermCache(o.termCacheSize),
		writeLock: make(chan struct{}, 1),
		done:      make(chan struct{}),
		snaps:     make(map[*snapshot]struct{}),
	}
}

// init creates the buckets' format record or checks it.
func (e *engine) init() error {
	tx, err := e.kv.beginWrite()
	if err != nil {
		return err
	}
	defer tx.rollback()
	if err := initBuckets(tx); err != nil {
		return err
	}
	return tx.commit()
}

// checkFormat checks, in a read transaction, that the store was written in
// the format this program reads (a read-only open cannot initialise it).
func (e *engine) checkFormat() error {
	tx, err := e.kv.beginRead()
	if err != nil {
		return err
	}
	defer tx.release()
	_, err = checkFormat(tx)
	return err
}

// staged reports whether an interrupted bulk load left staging graphs.
func (e *engine) staged() bool {
	tx, err := e.kv.beginRead()
	if err != nil {
		return false
	}
	defer tx.release()
	return hasStaged(tx)
}

func (e *engine) isClosed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

func (e *engine) snapshot(ctx context.Context) (Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.isClosed() {
		return nil, ErrClosed
	}
	tx, err := e.kv.beginRead()
	if err != nil {
		return nil, fmt.Errorf("store: begin read: %w", err)
	}
	meta, err := readMeta(tx)
	if err != nil {
		tx.release()
		return nil, fmt.Errorf("store: read meta: %w", err)
	}
	s := &snapshot{e: e}
	s.reader = reader{e: e, tx: tx, g: &gate{release: tx.release}, meta: meta, cacheBelow: meta.nextID}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		tx.release()
		return nil, ErrClosed
	}
	e.snaps[s] = struct{}{}
	e.mu.Unlock()
	return s, nil
}

func (e *engine) forget(s *snapshot) {
	e.mu.Lock()
	delete(e.snaps, s)
	e.mu.Unlock()
}

// lockWriter waits for the writer slot.
func (e *engine) lockWriter(ctx context.Context) error {
	select {
	case e.writeLock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-e.done:
		return ErrClosed
	}
	if e.isClosed() {
		<-e.writeLock
		return ErrClosed
	}
	return nil
}

func (e *engine) unlockWriter() { <-e.writeLock }

func (e *engine) update(ctx context.Context, fn func(Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := e.lockWriter(ctx); err != nil {
		return err
	}
	defer e.unlockWriter()
	tx, err := e.kv.beginWrite()
	if err != nil {
		return fmt.Errorf("store: begin write: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tx.rollback()
		}
	}()
	w, err := newWriter(ctx, e, tx)
	if err != nil {
		return err
	}
	// The writer dies with the transaction, even if fn panics; an
	// iteration it left suspended ends with ErrClosed.
	defer w.g.close()
	if err := fn(w); err != nil {
		return err
	}
	w.g.close()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.flushPending(); err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	if !w.dirty {
		return nil
	}
	if err := w.flush(time.Now()); err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	if err := tx.commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	committed = true
	return nil
}

// maintain runs fn in a write transaction that changes no quads (so the
// version does not move), such as dictionary compaction.
func (e *engine) maintain(ctx context.Context, fn func(kvWriteTx) error) error {
	if err := e.lockWriter(ctx); err != nil {
		return err
	}
	defer e.unlockWriter()
	tx, err := e.kv.beginWrite()
	if err != nil {
		return fmt.Errorf("store: begin write: %w", err)
	}
	defer tx.rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// close closes every open snapshot, waits for a running Update, then
// closes the key-value store (bbolt waits there for Match iterations that
// are still inside a row; they stop at the next one).
func (e *engine) close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	close(e.done)
	snaps := e.snaps
	e.snaps = nil
	e.mu.Unlock()
	for s := range snaps {
		s.g.close()
	}
	e.writeLock <- struct{}{} // never released: no Update after close
	if err := e.kv.close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// gate tracks the life of a transaction seen through a snapshot or writer.
// Closing it makes every later use fail with ErrClosed; the transaction
// itself is released once no Match iteration is inside it any more, so that
// Close never pulls a transaction from under a running scan.
type gate struct {
	closed  atomic.Bool
	mu      sync.Mutex
	active  int    // running Match iterations and calls
	release func() // ends the transaction; nil once called or for writers
}

// enter registers a use; it fails once the gate is closed.
func (g *gate) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed.Load() {
		return false
	}
	g.active++
	return true
}

func (g *gate) exit() {
	g.mu.Lock()
	g.active--
	var release func()
	if g.active == 0 && g.closed.Load() {
		release, g.release = g.release, nil
	}
	g.mu.Unlock()
	if release != nil {
		release()
	}
}

// busy reports whether a use is in progress.
func (g *gate) busy() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.active > 0
}

// close closes the gate and reports whether this call closed it.
func (g *gate) close() bool {
	g.mu.Lock()
	if g.closed.Load() {
		g.mu.Unlock()
		return false
	}
	g.closed.Store(true)
	var release func()
	if g.active == 0 {
		release, g.release = g.release, nil
	}
	g.mu.Unlock()
	if release != nil {
		release()
	}
	return true
}

// snapshot is a read transaction.
type snapshot struct {
	reader
	e *engine
}

// Close ends the snapshot; it is idempotent.
func (s *snapshot) Close() error {
	if s.g.close() {
		s.e.forget(s)
	}
	return nil
}
