package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// WarmOptions configure Warm.
type WarmOptions struct {
	// MaxFileBytes, if positive, skips reading and mapping a file bigger
	// than this (the characteristic sets are still computed): a store
	// that does not fit in memory would only push other pages out.
	MaxFileBytes int64
}

// WarmStats says what Warm did.
type WarmStats struct {
	Pages    int           // pages of the file touched
	Bytes    int64         // bytes of the file read ahead
	Skipped  bool          // the file was bigger than MaxFileBytes: not read
	Took     time.Duration // the whole warm-up
	CharSets bool          // characteristic sets computed (they were missing or stale)
}

// warmChunk is how many pages one read transaction of Warm touches: a
// writer that must remap the grown file waits for open read transactions,
// so none is held for long.
const warmChunk = 1 << 14

// Warm brings the store into memory for a process that has just opened it,
// as a server does at start: it reads the file once, sequentially, so that
// the operating system caches it; touches every page of the memory-mapped
// file, so that queries do not each pay a page fault for the first touch of
// a page in this process (about a microsecond each; a query of a 10M-quad
// store that reads a thousand leaves, as BSBM's Q5 does, pays milliseconds
// for them until the pages it needs are mapped); and computes the
// characteristic sets if they are missing or stale, which a big store
// otherwise does in the background after its first query.
//
// Warm only reads; it runs alongside queries and writes (each chunk of
// pages in a short read transaction) and stops with ctx or Close. The
// touched pages are the operating system's page cache, shared and
// reclaimable, but they count in the process's resident set (RssFile).
func (db *DB) Warm(ctx context.Context, opts WarmOptions) (WarmStats, error) {
	start := time.Now()
	var ws WarmStats
	fi, err := os.Stat(db.path)
	if err != nil {
		return ws, fmt.Errorf("store: warm: %w", err)
	}
	ws.Skipped = opts.MaxFileBytes > 0 && fi.Size() > opts.MaxFileBytes
	if !ws.Skipped {
		if err := db.warmPages(ctx, &ws); err != nil {
			return ws, fmt.Errorf("store: warm: %w", err)
		}
	}
	if ws.CharSets, err = db.e.ensureCharacteristicSets(ctx); err != nil {
		return ws, fmt.Errorf("store: warm: %w", err)
	}
	ws.Took = time.Since(start)
	return ws, nil
}

// warmPages reads the file ahead and touches every page of its mapping.
func (db *DB) warmPages(ctx context.Context, ws *WarmStats) error {
	n, err := readAhead(ctx, db.path)
	ws.Bytes = n
	if err != nil {
		return err
	}
	for from := 0; ; from += warmChunk {
		touched, more, err := db.e.touchPages(ctx, from, warmChunk)
		ws.Pages += touched
		if err != nil || !more {
			return err
		}
	}
}

// readAhead reads the file at path to its end, checking ctx every 64 MiB.
func readAhead(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var total int64
	for i := 0; ; i++ {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return total, err
			}
		}
		n, err := f.Read(buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// touchPages touches pages [from, from+n) of a bbolt store in one read
// transaction; more reports whether the file has pages after them.
func (e *engine) touchPages(ctx context.Context, from, n int) (touched int, more bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	snap, err := e.snapshot(ctx)
	if err != nil {
		return 0, false, err
	}
	defer snap.Close()
	s := snap.(*snapshot)
	if !s.g.enter() {
		return 0, false, ErrClosed
	}
	defer s.g.exit()
	tx, ok := s.tx.(*boltTx)
	if !ok {
		return 0, false, nil // in memory: nothing to map
	}
	for id := from; id < from+n; id++ {
		info, err := tx.tx.Page(id)
		if errors.Is(err, berrors.ErrFreePagesNotLoaded) {
			return touched, false, nil // read-only: bbolt cannot say; the queries map what they read
		}
		if err != nil {
			return touched, false, err
		}
		if info == nil { // past the last page
			return touched, false, nil
		}
		touched++
	}
	return touched, true, nil
}

// ensureCharacteristicSets computes the characteristic sets of the current
// version unless they are up to date, and reports whether it did.
func (e *engine) ensureCharacteristicSets(ctx context.Context) (bool, error) {
	snap, err := e.snapshot(ctx)
	if err != nil {
		return false, err
	}
	defer snap.Close()
	s := snap.(*snapshot)
	st := &e.charSets
	st.mu.Lock()
	cur := st.sets
	st.mu.Unlock()
	if cur != nil && cur.Version == s.meta.version {
		return false, nil
	}
	cs, err := s.computeCharacteristicSets(ctx)
	if err != nil {
		return false, err
	}
	st.keep(cs)
	return true, nil
}
