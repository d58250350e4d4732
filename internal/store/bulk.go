package store

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// BulkOptions configure BulkLoad.
type BulkOptions struct {
	// Batch is how many quads one commit writes (default
	// DefaultBulkBatch). Larger batches load faster and hold more memory:
	// the batch being written and the next one, being read.
	Batch int
	// Progress, if set, is called after each commit with the number of
	// quads committed so far, from the goroutine that writes.
	Progress func(quads uint64)
}

// DefaultBulkBatch is BulkLoad's batch size unless BulkOptions says.
const DefaultBulkBatch = 1 << 20

// BulkLoad replaces graphs with the quads of a sequence, for loads too big
// for one transaction: it commits a batch at a time, yet readers see all of
// it or none of it. Every graph named in graphs, and every graph a quad of
// the sequence names, gets exactly the sequence's quads of that graph (a
// graph of graphs with none becomes empty); quads in the default graph are
// refused, since it cannot be replaced this way.
//
// How: each graph is filled under a new dictionary id that no lookup finds
// yet (a staging graph, recorded in the loads bucket); the last commit
// drops the graphs' old quads and points their names at the staging ids,
// all at once. If the sequence fails, ctx ends or a commit fails, BulkLoad
// removes the staging graphs and the old graphs stay; if the process dies,
// the next writable Open removes them. Meanwhile other Updates of the same
// store must not run: readers and writers would see the staging quads
// (`skillsmap load` holds the store alone).
//
// It returns the number of quads read from the sequence (duplicates
// included).
func BulkLoad(ctx context.Context, s Store, graphs []rdf.Term, quads iter.Seq2[rdf.Quad, error], opts BulkOptions) (uint64, error) {
	e, err := engineOf(s)
	if err != nil {
		return 0, err
	}
	if opts.Batch <= 0 {
		opts.Batch = DefaultBulkBatch
	}
	l := &bulkLoad{e: e, staged: map[rdf.Term]uint64{}}
	for _, g := range graphs {
		if err := bulkGraph(g); err != nil {
			return 0, err
		}
		l.order = append(l.order, g)
	}
	n, err := l.run(ctx, quads, opts)
	if err != nil {
		// Remove what was staged, even when ctx ended: the store must not
		// keep half a load.
		if cerr := l.abort(context.WithoutCancel(ctx)); cerr != nil {
			err = errors.Join(err, fmt.Errorf("store: bulk load: remove the staged graphs (the next Open retries): %w", cerr))
		}
		return n, err
	}
	return n, nil
}

func engineOf(s Store) (*engine, error) {
	switch x := s.(type) {
	case *DB:
		return x.e, nil
	case *Memory:
		return x.e, nil
	}
	return nil, fmt.Errorf("store: bulk load into a %T is not supported", s)
}

func bulkGraph(g rdf.Term) error {
	if g.IsZero() {
		return errors.New("store: bulk load: a quad in the default graph (bulk loads replace named graphs)")
	}
	return checkGraphName(g)
}

// bulkLoad is the state of one BulkLoad.
type bulkLoad struct {
	e      *engine
	staged map[rdf.Term]uint64 // graph → staging id
	order  []rdf.Term          // graphs in first-seen order
}

func (l *bulkLoad) run(ctx context.Context, quads iter.Seq2[rdf.Quad, error], opts BulkOptions) (uint64, error) {
	// The sequence is read in its own goroutine, so that parsing runs
	// while a batch is written; it runs ahead by at most the batch being
	// collected and 16 chunks.
	type chunk struct {
		qs  []rdf.Quad
		err error
	}
	chunkSize := min(8192, opts.Batch)
	ch := make(chan chunk, 16)
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	defer func() {
		// The sequence must not run on after BulkLoad returns (its
		// caller closes the file it reads): stop it at its next quad.
		close(stop)
		<-readerDone
	}()
	go func() {
		defer close(readerDone)
		defer close(ch)
		buf := make([]rdf.Quad, 0, chunkSize)
		for q, err := range quads {
			if err == nil && len(buf) < chunkSize {
				buf = append(buf, q)
				continue
			}
			c := chunk{qs: buf, err: err}
			if err == nil {
				buf = append(make([]rdf.Quad, 0, chunkSize), q)
				c.qs = c.qs[:len(c.qs):len(c.qs)]
			}
			select {
			case ch <- c:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
		select {
		case ch <- chunk{qs: buf}:
		case <-stop:
		}
	}()

	// A writer goroutine commits one batch while this one collects the
	// next, so that neither the parser nor the writer waits for the other
	// (a load of one batch used to parse it all before writing anything).
	var committed uint64
	batches := make(chan [][]rdf.Quad)
	failed := make(chan struct{}) // closed when a write fails
	written := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			if err == nil {
				if err = l.write(ctx, b, &committed, opts.Progress); err != nil {
					close(failed)
				}
			}
		}
		if err == nil && len(l.staged) < len(l.order) {
			err = l.write(ctx, nil, &committed, opts.Progress)
		}
		written <- err
	}()
	var read uint64
	var batch [][]rdf.Quad
	size := 0
	// The first batch is a quarter of the others, so that the writer
	// starts while most of the input is still being read.
	next := max(1, opts.Batch/4)
	hand := func() bool { // gives the writer the batch; false once it failed
		select {
		case batches <- batch:
			batch, size, next = nil, 0, opts.Batch
			return true
		case <-failed:
			return false
		}
	}
	collect := func() error {
		for c := range ch {
			if c.err != nil {
				return fmt.Errorf("store: bulk load after %d quads: %w", read, c.err)
			}
			read += uint64(len(c.qs))
			batch = append(batch, c.qs)
			size += len(c.qs)
			if size >= next && !hand() {
				return nil
			}
		}
		if size > 0 {
			hand()
		}
		return nil
	}
	err := collect()
	close(batches)
	if werr := <-written; werr != nil {
		err = errors.Join(err, werr)
	}
	if err != nil {
		return read, err
	}
	err = l.e.update(ctx, func(wr Writer) error {
		w := wr.(*writer)
		for _, g := range l.order {
			if err := w.swapStaged(g, l.staged[g]); err != nil {
				return fmt.Errorf("graph %s: %w", g, err)
			}
		}
		return nil
	})
	if err != nil {
		return read, fmt.Errorf("store: bulk load: replace the graphs: %w", err)
	}
	l.staged = nil
	return read, nil
}

// write commits a batch of quads into their staging graphs (an empty one
// stages the graphs not yet staged) and reports the quads committed so far.
func (l *bulkLoad) write(ctx context.Context, batch [][]rdf.Quad, committed *uint64, progress func(uint64)) error {
	size := 0
	err := l.e.update(ctx, func(wr Writer) error {
		w := wr.(*writer)
		if err := l.stageAll(w); err != nil {
			return err
		}
		for _, qs := range batch {
			size += len(qs)
		}
		if len(w.adds) == 0 {
			w.adds = make(map[idQuad]struct{}, size) // no growth while adding
		}
		for _, qs := range batch {
			for _, q := range qs {
				if err := l.add(w, q); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: bulk load after %d quads: %w", *committed, err)
	}
	*committed += uint64(size)
	if progress != nil {
		progress(*committed)
	}
	return nil
}

// stageAll gives every known graph not yet staged its staging id.
func (l *bulkLoad) stageAll(w *writer) error {
	for _, g := range l.order {
		if _, ok := l.staged[g]; !ok {
			id, err := w.stage(g)
			if err != nil {
				return err
			}
			l.staged[g] = id
		}
	}
	return nil
}

// add adds q to the staging graph of its graph.
func (l *bulkLoad) add(w *writer, q rdf.Quad) error {
	if err := w.writable(); err != nil {
		return err
	}
	sid, ok := l.staged[q.G]
	if !ok {
		if err := bulkGraph(q.G); err != nil {
			return err
		}
		var err error
		if sid, err = w.stage(q.G); err != nil {
			return err
		}
		l.staged[q.G] = sid
		l.order = append(l.order, q.G)
	}
	if err := checkQuad(q); err != nil {
		return fmt.Errorf("store: add %s: %w", describe(q), err)
	}
	iq := idQuad{posG: sid}
	for pos, t := range [3]rdf.Term{q.S, q.P, q.O} {
		id, err := w.intern(t)
		if err != nil {
			return fmt.Errorf("store: add %s: %w", describe(q), err)
		}
		iq[pos] = id
	}
	return w.addIDs(iq)
}

// abort removes the staging graphs, a batch of quads per commit.
func (l *bulkLoad) abort(ctx context.Context) error {
	if len(l.staged) == 0 {
		return nil
	}
	return l.e.dropStaged(ctx)
}

// stage makes the staging graph of g: a new id whose dictionary entry
// (id → term) is g but which the term → id direction does not reach yet,
// recorded in the loads bucket so that a crash can be cleaned up.
func (w *writer) stage(g rdf.Term) (uint64, error) {
	enc, err := appendTerm(nil, g)
	if err != nil {
		return 0, err
	}
	id := w.nextID
	w.nextID++
	key := appendID(nil, id)
	if err := w.tx.put(bucketIDToTerm, key, enc); err != nil {
		w.failed = err
		return 0, err
	}
	if err := w.tx.put(bucketLoads, key, enc); err != nil {
		w.failed = err
		return 0, err
	}
	w.dirty = true
	return id, w.ensureGraph(id)
}

// swapStaged makes staging graph sid the graph g: the old graph's quads go,
// quads that use g's old id as a term get sid instead, and g's name leads
// to sid from now on.
func (w *writer) swapStaged(g rdf.Term, sid uint64) error {
	if err := w.flushPending(); err != nil {
		return err
	}
	enc, err := appendTerm(nil, g)
	if err != nil {
		return err
	}
	oldID, found, err := w.findEnc(enc)
	if err != nil {
		return err
	}
	if found {
		if err := w.clear(oldID); err != nil {
			return err
		}
		if err := w.rekey(oldID, sid); err != nil {
			return err
		}
		key := appendID(nil, oldID)
		if w.tx.has(bucketGraphs, key) {
			if err := w.tx.delete(bucketGraphs, key); err != nil {
				w.failed = err
				return err
			}
		}
		w.known[oldID] = false
		delete(w.pend.graphs, oldID)
		if err := w.tx.delete(bucketIDToTerm, key); err != nil {
			w.failed = err
			return err
		}
	}
	tkey, _ := termKey(enc)
	if err := w.tx.put(bucketTermToID, tkey, appendID(nil, sid)); err != nil {
		w.failed = err
		return err
	}
	delete(w.ids, string(enc))
	if err := w.tx.delete(bucketLoads, appendID(nil, sid)); err != nil {
		w.failed = err
		return err
	}
	w.graphDelta(sid)
	w.dirty = true
	return nil
}

// rekey replaces id from by id to in the subject, predicate and object of
// every quad (the term of a replaced graph's name, used in other quads).
func (w *writer) rekey(from, to uint64) error {
	seen := map[idQuad]bool{}
	var qs []idQuad
	prefix := appendID(nil, from)
	for _, i := range []int{idxSPOG, idxPOSG, idxOSPG} {
		x := &quadIndices[i]
		var err error
		scanPrefix(w.tx, x.bucket, prefix, func(k, _ []byte) bool {
			var q idQuad
			if q, err = x.decode(k); err != nil {
				return false
			}
			if !seen[q] {
				seen[q] = true
				qs = append(qs, q)
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if err := w.removeBatch(qs); err != nil {
		return err
	}
	for _, q := range qs {
		for pos := range 3 {
			if q[pos] == from {
				q[pos] = to
			}
		}
		if err := w.addIDs(q); err != nil {
			return err
		}
	}
	return nil
}

// dropBatch is how many staged quads one commit of dropStaged removes.
const dropBatch = 1 << 20

// dropStaged removes every staging graph recorded in the loads bucket:
// their quads, a batch per commit, then their graph records, dictionary
// entries and load records.
func (e *engine) dropStaged(ctx context.Context) error {
	for {
		done := false
		err := e.update(ctx, func(wr Writer) error {
			w := wr.(*writer)
			var ids []uint64
			var err error
			w.tx.ascend(bucketLoads, nil, func(k, _ []byte) bool {
				var id uint64
				if id, err = decodeIDValue(k); err != nil {
					return false
				}
				ids = append(ids, id)
				return true
			})
			if err != nil {
				return fmt.Errorf("loads bucket: %w", err)
			}
			if len(ids) == 0 {
				done = true
				return nil
			}
			budget := dropBatch
			for _, id := range ids {
				empty, err := w.clearUpTo(id, budget)
				if err != nil {
					return err
				}
				if !empty {
					return nil // the next commit goes on
				}
				key := appendID(nil, id)
				for _, b := range []bucket{bucketGraphs, bucketIDToTerm, bucketLoads} {
					if err := w.tx.delete(b, key); err != nil {
						w.failed = err
						return err
					}
				}
				w.known[id] = false
				delete(w.pend.graphs, id)
				w.dirty = true
			}
			return nil
		})
		if err != nil || done {
			return err
		}
	}
}

// hasStaged reports whether an interrupted bulk load left staging graphs.
func hasStaged(r kvReader) bool { return hasPrefixKey(r, bucketLoads, nil) }
