package sparqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// ErrChanged is returned by a read that spans several requests when the
// store changed between them: its rows would mix two versions.
var ErrChanged = errors.New("sparqlstore: the store changed during a paged read")

// Store is a store.Store in an external SPARQL engine. It is safe for
// concurrent use; Updates of one Store are applied one at a time.
type Store struct {
	opts   Options
	client client
	codec  codec

	writeMu sync.Mutex // one Update at a time from this process

	mu     sync.Mutex
	cached *meta
	closed bool
}

var _ store.Store = (*Store)(nil)

// Open connects to the engine described by opts and reads the store's
// metadata, so that a wrong URL or credential fails here.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	s := &Store{opts: opts, client: client{opts: &opts}, codec: codec{dialect: opts.Dialect}}
	s.client.opts = &s.opts
	if _, err := s.meta(ctx, true); err != nil {
		return nil, fmt.Errorf("sparqlstore: open %s: %w", opts.QueryURL, err)
	}
	return s, nil
}

// Close forgets the cached metadata; later calls fail with store.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.cached = nil
	return nil
}

// Snapshot returns a view of the store at its current version.
func (s *Store) Snapshot(ctx context.Context) (store.Snapshot, error) {
	m, err := s.meta(ctx, false)
	if err != nil {
		return nil, err
	}
	return &snapshot{reader: newReader(s, m)}, nil
}

// Update runs fn on a writer that buffers its changes, then sends them as
// one SPARQL Update request. If fn fails or ctx ends, nothing is sent.
func (s *Store) Update(ctx context.Context, fn func(store.Writer) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	m, err := s.meta(ctx, true)
	if err != nil {
		return err
	}
	w := newWriter(s, m)
	if err := fn(w); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	text, err := w.request(ctx, time.Now())
	if err != nil || text == "" {
		return err
	}
	err = s.client.update(ctx, text)
	s.invalidate()
	return err
}

// invalidate makes the next snapshot read the metadata again.
func (s *Store) invalidate() {
	s.mu.Lock()
	s.cached = nil
	s.mu.Unlock()
}

// meta is what the metadata graph says: the store's version and commit
// time and the graphs with their counts.
type meta struct {
	version  uint64
	modified time.Time
	graphs   map[rdf.Term]store.GraphInfo // by store name (zero: default graph)
	quads    uint64
	read     time.Time
}

// meta returns the metadata, from the cache unless it is older than
// MetaTTL or fresh is set.
func (s *Store) meta(ctx context.Context, fresh bool) (*meta, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, store.ErrClosed
	}
	m := s.cached
	s.mu.Unlock()
	if m != nil && !fresh && s.opts.MetaTTL > 0 && time.Since(m.read) < s.opts.MetaTTL {
		return m, nil
	}
	m, err := s.readMeta(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if !s.closed {
		s.cached = m
	}
	s.mu.Unlock()
	return m, nil
}

// readMeta reads the metadata graph in one request (paged if large).
func (s *Store) readMeta(ctx context.Context) (*meta, error) {
	m := &meta{graphs: map[rdf.Term]store.GraphInfo{}, read: time.Now()}
	where := "GRAPH <" + MetaGraph + "> { ?s ?p ?o }"
	for row, err := range s.rows(ctx, []string{"s", "p", "o"}, where, false) {
		if err != nil {
			return nil, fmt.Errorf("sparqlstore: read metadata: %w", err)
		}
		subject, pred, obj := row[0], row[1], row[2]
		n, nerr := strconv.ParseUint(obj.Value, 10, 64)
		if !obj.IsLiteral() || nerr != nil {
			continue
		}
		if subject.Value == MetaGraph {
			switch pred.Value {
			case metaVersion:
				m.version = max(m.version, n)
			case metaModified:
				if t := time.Unix(0, int64(n)).UTC(); t.After(m.modified) {
					m.modified = t
				}
			}
			continue
		}
		g := storeGraph(subject)
		info := m.graphs[g]
		info.Name = g
		switch pred.Value {
		case metaQuads:
			info.Quads = n
		case metaGraphModified:
			info.Modified = time.Unix(0, int64(n)).UTC()
		default:
			continue
		}
		m.graphs[g] = info
	}
	for _, info := range m.graphs {
		m.quads += info.Quads
	}
	return m, nil
}

// version reads the store's version alone (to check a paged read).
func (s *Store) version(ctx context.Context) (uint64, error) {
	res, err := s.client.selectRows(ctx, "SELECT (MAX(?v) AS ?version) WHERE { GRAPH <"+MetaGraph+"> { <"+MetaGraph+"> <"+metaVersion+"> ?v } }")
	if err != nil {
		return 0, err
	}
	if len(res.Rows) == 0 || len(res.Rows[0]) == 0 || res.Rows[0][0].IsZero() {
		return 0, nil
	}
	return strconv.ParseUint(res.Rows[0][0].Value, 10, 64)
}
