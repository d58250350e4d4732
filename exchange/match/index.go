package match

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Errors of an Index.
var (
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("match: index closed")
	// ErrNotReady is returned (wrapped with the context's error) when the
	// context ends before the first index of the store is built.
	ErrNotReady = errors.New("match: the index of the practices is being built")
	// ErrUnknownPractice is returned by Similar for an IRI that is not a
	// published practice.
	ErrUnknownPractice = errors.New("match: no such published practice")
)

// DefaultLimit is the number of results the handler returns when the
// request does not say.
const DefaultLimit = 20

// Timing of the store checks.
const (
	defaultPollInterval = 10 * time.Second
	// minCheckInterval bounds how often queries make the builder look at
	// the store's version.
	minCheckInterval = 250 * time.Millisecond
	// maxRetryBackoff bounds the wait before a failed build is retried
	// without a new request to Refresh.
	maxRetryBackoff = 5 * time.Minute
)

// Options configure an Index.
type Options struct {
	// IRIs are the deployment's IRIs (required).
	IRIs vocab.IRIs
	// Regions are the NUTS regions, nil without geodata: they name
	// regions and give places without coordinates their label point.
	Regions *vocab.Regions
	// Places finds places in needs; nil: vocab.NewPlaceMatcher(Regions).
	Places *vocab.PlaceMatcher
	// Weights of the ranking; the zero value means DefaultWeights.
	Weights Weights
	// PollInterval is how often the builder checks the store's version
	// when no query asks (default 10s; negative: only queries and Refresh
	// make it check).
	PollInterval time.Duration
	Logger       *slog.Logger
}

// Index ranks the published practices of a store against needs. It keeps
// an index of one store version (the practices' concepts, places,
// languages, lineage and a full-text index of their texts) and follows
// the store: queries and a poller make a background builder check the
// store's version, and when it moved, the builder reads the store again
// while queries are served from the index they have. At most one build
// runs at a time; a build whose practice texts are all unchanged reuses
// the full-text index. An Index is safe for concurrent use.
type Index struct {
	st      store.Store
	opts    Options
	weights Weights
	tables  *tables
	in      *interpreter
	log     *slog.Logger

	mu     sync.Mutex
	cur    *generation
	closed bool
	stats  Stats

	ready   chan struct{} // closed when the first generation is served
	kick    chan struct{}
	refresh chan chan error
	cancel  context.CancelFunc
	done    chan struct{}
}

// Stats describe the index being served.
type Stats struct {
	// Version is the store version the index was built from.
	Version   uint64
	Practices int
	// TextDocuments is the number of practices with text in the
	// full-text index.
	TextDocuments int
	BuiltAt       time.Time
	BuildDuration time.Duration
	// Builds counts the indexes built; TextBuilds the full-text indexes
	// among them (the others reused the previous one).
	Builds, TextBuilds int
	// LastError is the error of the latest build, if it failed.
	LastError error
}

// generation is the index of one store version.
type generation struct {
	version uint64
	entries []*entry // sorted by IRI
	byIRI   map[string]*entry
	text    *textIndex
	refs    atomic.Int64 // queries using it, plus one while it is served
}

func (g *generation) release() {
	if g.refs.Add(-1) == 0 {
		g.text.release()
	}
}

// New returns an Index of st's published practices and starts its
// builder, which builds the first index at once. Close it when done.
func New(st store.Store, opts Options) (*Index, error) {
	if st == nil || opts.IRIs.Base() == "" {
		return nil, errors.New("match: a store and Options.IRIs are required")
	}
	if _, _, err := textIndexMapping(); err != nil {
		return nil, err
	}
	if opts.Places == nil {
		opts.Places = vocab.NewPlaceMatcher(opts.Regions)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = defaultPollInterval
	}
	w := opts.Weights
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	t := newTables()
	ctx, cancel := context.WithCancel(context.Background())
	ix := &Index{
		st: st, opts: opts, weights: w, tables: t, log: opts.Logger,
		in:    &interpreter{iris: opts.IRIs, places: opts.Places, regions: opts.Regions, tables: t},
		ready: make(chan struct{}), kick: make(chan struct{}, 1), refresh: make(chan chan error),
		cancel: cancel, done: make(chan struct{}),
	}
	go ix.loop(ctx)
	return ix, nil
}

// Close stops the builder and releases the index; queries still running
// finish on it.
func (ix *Index) Close() error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	ix.mu.Unlock()
	ix.cancel()
	<-ix.done
	ix.mu.Lock()
	g := ix.cur
	ix.cur = nil
	ix.mu.Unlock()
	if g != nil {
		g.release()
	}
	return nil
}

// Refresh makes sure the index served is built from the store's current
// version: it builds one now if needed and returns the build's error.
func (ix *Index) Refresh(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case ix.refresh <- reply:
	case <-ix.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ix.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats describes the index being served.
func (ix *Index) Stats() Stats {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.stats
}

// Interpret checks and completes a need as Match does, and says what its
// text adds; its error is a *NeedError.
func (ix *Index) Interpret(need Need) (Interpretation, error) {
	in, _, err := ix.in.interpret(need)
	return in, err
}

// Match ranks the published practices against need and returns the best
// limit (1 … MaxLimit) of those that fit it at all, with the reasons why.
// A need that names unknown concepts or places, or exceeds the bounds,
// gets a *NeedError. Before the first index is built it waits for it as
// long as ctx allows.
func (ix *Index) Match(ctx context.Context, need Need, limit int) ([]Result, error) {
	_, res, err := ix.match(ctx, need, limit)
	return res, err
}

func (ix *Index) match(ctx context.Context, need Need, limit int) (Interpretation, []Result, error) {
	if err := checkLimit(limit); err != nil {
		return Interpretation{}, nil, err
	}
	interp, q, err := ix.in.interpret(need)
	if err != nil {
		return Interpretation{}, nil, err
	}
	g, err := ix.acquire(ctx)
	if err != nil {
		return interp, nil, err
	}
	defer g.release()
	res, err := ix.rank(ctx, g, q, limit)
	return interp, res, err
}

// Similar ranks the published practices against one practice, as if its
// concepts, places, language and text were a need: the "similar
// practices" of its page. The practice itself and the records linked to it
// by schema:sameAs are left out.
func (ix *Index) Similar(ctx context.Context, practice string, limit int) ([]Result, error) {
	if err := checkLimit(limit); err != nil {
		return nil, err
	}
	g, err := ix.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer g.release()
	e := g.byIRI[practice]
	if e == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPractice, practice)
	}
	return ix.rank(ctx, g, ix.similarQuery(e), limit)
}

func checkLimit(limit int) error {
	if limit < 1 || limit > MaxLimit {
		return needError("limit", fmt.Sprint(limit), "the number of results must be between 1 and %d", MaxLimit)
	}
	return nil
}

// similarQuery turns a practice into a need.
func (ix *Index) similarQuery(e *entry) *query {
	q := &query{
		skills: clone(e.skills), groups: clone(e.groups), types: clone(e.types), delivery: clone(e.delivery),
		esco: e.esco, countries: e.countries, lang: e.similarLang, text: e.similar,
		exclude: map[string]bool{e.iri: true},
	}
	for _, s := range e.sameAs {
		q.exclude[s] = true
	}
	for _, pl := range e.places {
		np := needPlace{name: pl.name, region: pl.region, lat: pl.lat, lon: pl.lon, hasPoint: pl.hasPoint}
		if len(pl.region) >= 2 {
			np.country = pl.region[:2]
		}
		q.places = append(q.places, np)
	}
	if len(q.places) == 0 {
		codes := e.regions
		if len(codes) == 0 {
			codes = e.countries
		}
		for _, c := range codes {
			q.places = append(q.places, needPlace{name: ix.in.regionName(c), region: c, country: c[:2]})
		}
	}
	return q
}

func clone(s conceptSet) conceptSet { return append(conceptSet(nil), s...) }

// rank runs a query on a generation.
func (ix *Index) rank(ctx context.Context, g *generation, q *query, limit int) ([]Result, error) {
	var words []queryWord
	if q.text != "" {
		var err error
		if words, err = g.text.analyse(q.text, q.lang); err != nil {
			return nil, err
		}
		if words, err = g.text.distinctive(ctx, words); err != nil {
			return nil, err
		}
	}
	s := newScorer(q, ix.weights, ix.tables, ix.in, len(words) > 0)
	if len(words) > 0 {
		var err error
		hits, best, err := g.text.search(ctx, words)
		if err != nil {
			return nil, err
		}
		s.setText(g, hits, best)
	}
	top := s.top(g.entries, limit)
	var ids []string
	for _, c := range top {
		if s.text != nil && s.text[c.e.pos] > 0 {
			ids = append(ids, c.e.iri)
		}
	}
	var mentioned map[string][]string
	if len(ids) > 0 {
		var err error
		if mentioned, err = g.text.mentions(ctx, words, ids); err != nil {
			return nil, err
		}
	}
	out := make([]Result, len(top))
	for i, c := range top {
		out[i] = s.result(c, mentioned[c.e.iri])
	}
	return out, nil
}

// acquire returns the generation to query (the caller releases it),
// waiting for the first one if need be, and tells the builder to look at
// the store.
func (ix *Index) acquire(ctx context.Context) (*generation, error) {
	select {
	case ix.kick <- struct{}{}:
	default:
	}
	for {
		ix.mu.Lock()
		if ix.closed {
			ix.mu.Unlock()
			return nil, ErrClosed
		}
		if g := ix.cur; g != nil {
			g.refs.Add(1)
			ix.mu.Unlock()
			return g, nil
		}
		ix.mu.Unlock()
		select {
		case <-ix.ready:
		case <-ix.done:
			return nil, ErrClosed
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %w", ErrNotReady, ctx.Err())
		}
	}
}

// loop is the builder: the only goroutine that builds and swaps
// generations, so that at most one build runs at a time.
func (ix *Index) loop(ctx context.Context) {
	defer close(ix.done)
	var tick <-chan time.Time
	if ix.opts.PollInterval > 0 {
		t := time.NewTicker(ix.opts.PollInterval)
		defer t.Stop()
		tick = t.C
	}
	var (
		lastCheck time.Time
		retryAt   time.Time
		backoff   time.Duration
		timer     *time.Timer
		timerC    <-chan time.Time
	)
	check := func(force bool) error {
		now := time.Now()
		lastCheck = now
		if !force && now.Before(retryAt) {
			return nil
		}
		err := ix.update(ctx)
		if err != nil && ctx.Err() == nil {
			backoff = min(max(2*backoff, 5*time.Second), maxRetryBackoff)
			retryAt = time.Now().Add(backoff)
			ix.log.Error("match: index build failed", "err", err, "retry_in", backoff)
		} else {
			backoff, retryAt = 0, time.Time{}
		}
		return err
	}
	check(true)
	for {
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case <-tick:
			check(false)
		case <-ix.kick:
			if wait := minCheckInterval - time.Since(lastCheck); wait > 0 {
				if timer == nil {
					timer = time.NewTimer(wait)
					timerC = timer.C
				}
				continue
			}
			check(false)
		case <-timerC:
			timer, timerC = nil, nil
			check(false)
		case reply := <-ix.refresh:
			reply <- check(true)
		}
	}
}

// update builds a generation of the store's current version, unless the
// one served is of that version.
func (ix *Index) update(ctx context.Context) error {
	snap, err := ix.st.Snapshot(ctx)
	if err != nil {
		return ix.failed(fmt.Errorf("match: open store snapshot: %w", err))
	}
	v := snap.Version()
	ix.mu.Lock()
	cur := ix.cur // only this goroutine replaces it, so it stays valid here
	ix.mu.Unlock()
	if cur != nil && cur.version == v {
		snap.Close()
		return nil
	}
	start := time.Now()
	r := reader{snap: snap, iris: ix.opts.IRIs, terms: ix.opts.IRIs.Terms(), regions: ix.opts.Regions, tables: ix.tables}
	entries, err := r.readEntries(ctx)
	snap.Close() // before the text index: a bbolt read transaction pins pages
	if err != nil {
		return ix.failed(fmt.Errorf("match: read store version %d: %w", v, err))
	}
	fp := textFingerprint(entries)
	var text *textIndex
	newText := cur == nil || cur.text.fingerprint != fp
	if newText {
		if text, err = buildTextIndex(ctx, entries, fp); err != nil {
			return ix.failed(fmt.Errorf("match: store version %d: %w", v, err))
		}
	} else {
		cur.text.acquire()
		text = cur.text
	}
	g := &generation{version: v, entries: entries, byIRI: make(map[string]*entry, len(entries)), text: text}
	for i, e := range entries {
		e.fields = nil // indexed: the texts are not needed any more
		e.pos = i
		g.byIRI[e.iri] = e
	}
	g.refs.Store(1)
	took := time.Since(start)

	ix.mu.Lock()
	old := ix.cur
	ix.cur = g
	ix.stats.Version, ix.stats.Practices, ix.stats.TextDocuments = v, len(entries), text.docs
	ix.stats.BuiltAt, ix.stats.BuildDuration, ix.stats.LastError = time.Now(), took, nil
	ix.stats.Builds++
	if newText {
		ix.stats.TextBuilds++
	}
	ix.mu.Unlock()
	if old == nil {
		close(ix.ready)
	} else {
		old.release()
	}
	ix.log.Debug("match: index built", "version", v, "practices", len(entries), "text_rebuilt", newText, "duration", took)
	return nil
}

func (ix *Index) failed(err error) error {
	ix.mu.Lock()
	ix.stats.LastError = err
	ix.mu.Unlock()
	return err
}
