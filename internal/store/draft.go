package store

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/google/btree"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// ErrConflict is returned by Draft.Apply when the store has changed since
// the draft was made: its changes were computed from data that is gone.
var ErrConflict = errors.New("store: the store changed while the changes were prepared")

// Drafter is a store that can run an update function on a snapshot: the
// function reads and writes as inside Update, but its writes go to a
// private overlay and are recorded instead of committed. Applying the
// recorded changes later, inside a short Update that checks nothing was
// committed in between, gives exactly the state Update would have: the
// write lock is held only while the changes are written, not while they
// are computed (a SPARQL update's WHERE clause, for example).
type Drafter interface {
	Store
	// Draft runs fn on a snapshot and returns the changes it made.
	Draft(ctx context.Context, fn func(Writer) error) (*Draft, error)
}

// Draft holds the changes of an update function run on a snapshot.
type Draft struct {
	// Version is the version of the snapshot the changes were made on.
	Version uint64
	changes []draftChange
}

type draftOp uint8

const (
	draftAdd draftOp = iota
	draftRemove
	draftCreate
	draftClear
	draftDrop
)

type draftChange struct {
	op draftOp
	q  rdf.Quad // the quad, or the graph in q.G
}

// Len returns the number of recorded changes.
func (d *Draft) Len() int { return len(d.changes) }

// Empty reports whether the draft changes nothing.
func (d *Draft) Empty() bool { return len(d.changes) == 0 }

// Apply makes the draft's changes with w, which must belong to an Update
// of the store the draft was made on. It fails with ErrConflict when the
// store's version is no longer the draft's.
func (d *Draft) Apply(w Writer) error {
	if w.Version() != d.Version {
		return fmt.Errorf("%w (version %d, now %d)", ErrConflict, d.Version, w.Version())
	}
	for _, c := range d.changes {
		var err error
		switch c.op {
		case draftAdd:
			err = w.Add(c.q)
		case draftRemove:
			err = w.Remove(c.q)
		case draftCreate:
			if err = w.CreateGraph(c.q.G); errors.Is(err, ErrGraphExists) {
				err = nil
			}
		case draftClear:
			err = w.ClearGraph(c.q.G)
		case draftDrop:
			err = w.DropGraph(c.q.G)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// recorder is a Writer that records the changes it passes on.
type recorder struct {
	Writer
	d *Draft
}

// IDReader access passes through to the draft writer.
var _ IDReader = (*recorderIDs)(nil)

// recorderIDs is a recorder over a writer with id access, for the SPARQL
// evaluator.
type recorderIDs struct {
	*recorder
	ids IDReader
}

func (r *recorderIDs) TermID(t rdf.Term) (ID, bool) { return r.ids.TermID(t) }
func (r *recorderIDs) Term(id ID) (rdf.Term, error) { return r.ids.Term(id) }
func (r *recorderIDs) MatchIDs(ctx context.Context, p IDPattern) iter.Seq2[IDQuad, error] {
	return r.ids.MatchIDs(ctx, p)
}
func (r *recorderIDs) EstimateIDs(p IDPattern) uint64 { return r.ids.EstimateIDs(p) }

func (r *recorder) record(op draftOp, q rdf.Quad) {
	r.d.changes = append(r.d.changes, draftChange{op, q})
}

func (r *recorder) Add(q rdf.Quad) error {
	if err := r.Writer.Add(q); err != nil {
		return err
	}
	r.record(draftAdd, q)
	return nil
}

func (r *recorder) Remove(q rdf.Quad) error {
	if err := r.Writer.Remove(q); err != nil {
		return err
	}
	r.record(draftRemove, q)
	return nil
}

func (r *recorder) CreateGraph(g rdf.Term) error {
	if err := r.Writer.CreateGraph(g); err != nil {
		return err
	}
	r.record(draftCreate, rdf.Quad{G: g})
	return nil
}

func (r *recorder) ClearGraph(g rdf.Term) error {
	if err := r.Writer.ClearGraph(g); err != nil {
		return err
	}
	r.record(draftClear, rdf.Quad{G: g})
	return nil
}

func (r *recorder) DropGraph(g rdf.Term) error {
	if err := r.Writer.DropGraph(g); err != nil {
		return err
	}
	r.record(draftDrop, rdf.Quad{G: g})
	return nil
}

// draft runs fn with a writer over an overlay of a read transaction.
func (e *engine) draft(ctx context.Context, fn func(Writer) error) (*Draft, error) {
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
	defer tx.release()
	w, err := newWriter(ctx, e, newOverlayTx(tx))
	if err != nil {
		return nil, err
	}
	defer w.g.close()
	d := &Draft{Version: w.meta.version}
	rec := &recorder{Writer: w, d: d}
	if err := fn(&recorderIDs{recorder: rec, ids: w}); err != nil {
		return nil, err
	}
	return d, nil
}

// Draft runs fn on a snapshot of the store and records its changes; see
// Drafter.
func (db *DB) Draft(ctx context.Context, fn func(Writer) error) (*Draft, error) {
	return db.e.draft(ctx, fn)
}

// Draft runs fn on a snapshot of the store and records its changes; see
// Drafter.
func (m *Memory) Draft(ctx context.Context, fn func(Writer) error) (*Draft, error) {
	return m.e.draft(ctx, fn)
}

// overlayTx is a write transaction that never commits: writes go to
// in-memory trees over a read transaction, and reads see them first.
type overlayTx struct {
	base  kvReader
	trees [numBuckets]*btree.BTreeG[overlayItem]
}

// overlayItem is a written key: its value, or a deletion.
type overlayItem struct {
	key, value string
	deleted    bool
}

func overlayLess(a, b overlayItem) bool { return a.key < b.key }

func newOverlayTx(base kvReader) *overlayTx {
	o := &overlayTx{base: base}
	for b := range o.trees {
		o.trees[b] = btree.NewG(16, overlayLess)
	}
	return o
}

func (o *overlayTx) get(b bucket, key []byte) []byte {
	if it, ok := o.trees[b].Get(overlayItem{key: string(key)}); ok {
		if it.deleted {
			return nil
		}
		return []byte(it.value)
	}
	return o.base.get(b, key)
}

func (o *overlayTx) has(b bucket, key []byte) bool {
	if it, ok := o.trees[b].Get(overlayItem{key: string(key)}); ok {
		return !it.deleted
	}
	return o.base.has(b, key)
}

// ascend merges the overlay's keys with the base's, the overlay winning.
func (o *overlayTx) ascend(b bucket, from []byte, fn func(key, value []byte) bool) {
	tree := o.trees[b]
	if tree.Len() == 0 {
		o.base.ascend(b, from, fn)
		return
	}
	c := &overlayCursor{tree: tree, next: string(from), inclusive: true}
	stopped := false
	// emitBelow passes the overlay items before key (all when all is set).
	emitBelow := func(key []byte, all bool) bool {
		for {
			it, ok := c.peek()
			if !ok || (!all && it.key >= string(key)) {
				return true
			}
			c.pop()
			if !it.deleted && !fn([]byte(it.key), []byte(it.value)) {
				return false
			}
		}
	}
	o.base.ascend(b, from, func(key, value []byte) bool {
		if !emitBelow(key, false) {
			stopped = true
			return false
		}
		if it, ok := c.peek(); ok && it.key == string(key) {
			c.pop()
			if it.deleted {
				return true
			}
			value = []byte(it.value)
		}
		if !fn(key, value) {
			stopped = true
			return false
		}
		return true
	})
	if !stopped {
		emitBelow(nil, true)
	}
}

// overlayCursor walks an overlay tree in order, a batch at a time, so that
// a short prefix scan does not copy the whole overlay.
type overlayCursor struct {
	tree      *btree.BTreeG[overlayItem]
	batch     []overlayItem
	next      string // where the next batch starts
	inclusive bool   // whether next itself belongs to it
	done      bool
}

func (c *overlayCursor) peek() (overlayItem, bool) {
	if len(c.batch) == 0 && !c.done {
		c.batch = c.batch[:0]
		c.tree.AscendGreaterOrEqual(overlayItem{key: c.next}, func(it overlayItem) bool {
			if !c.inclusive && it.key == c.next {
				return true
			}
			c.batch = append(c.batch, it)
			return len(c.batch) < 64
		})
		if len(c.batch) == 0 {
			c.done = true
		} else {
			c.next, c.inclusive = c.batch[len(c.batch)-1].key, false
		}
	}
	if len(c.batch) == 0 {
		return overlayItem{}, false
	}
	return c.batch[0], true
}

func (c *overlayCursor) pop() { c.batch = c.batch[1:] }

func (o *overlayTx) put(b bucket, key, value []byte) error {
	o.trees[b].ReplaceOrInsert(overlayItem{key: string(key), value: string(value)})
	return nil
}

func (o *overlayTx) delete(b bucket, key []byte) error {
	o.trees[b].ReplaceOrInsert(overlayItem{key: string(key), deleted: true})
	return nil
}

func (o *overlayTx) commit() error { return errors.New("store: a draft cannot commit") }

func (o *overlayTx) rollback() {}
