// Package harvester fetches partner sites, reads the practices they describe
// and maps them to the Skillsmap vocabulary, one named graph per source.
//
// A run of a source crawls its documents (colly, with robots.txt and its
// Crawl-delay, per-host rate limits, retries with backoff, conditional
// requests and bounded bodies), extracts records (schema.org JSON-LD,
// microdata or RDFa, CSS selectors, RSS/Atom, CSV, JSON APIs, linked data,
// DCAT catalogs), maps them to RDF (vocab), and commits the source graph,
// the same-as links between sources and the run's provenance through a
// Sink in one atomic change. A run that fails — a start page down, far
// fewer records than last time, cancellation, the run deadline — keeps the
// previous graph; practices it does not find are kept until enough
// complete runs have missed them, then withdrawn (a tombstone stays).
// docs/harvesting.md is the user's guide.
package harvester

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// DefaultUserAgent names the project so that site owners know who visits.
const DefaultUserAgent = "Skillsmap-harvester/0.1 (+https://github.com/skillsmap/skillsmap)"

// ErrRunning is returned when a source is asked to run while it runs.
var ErrRunning = errors.New("a harvest of this source is already running")

// ErrUnknownSource is returned for a source ID that is not configured.
var ErrUnknownSource = errors.New("unknown source")

// Status is the outcome of a run.
type Status string

// Run outcomes.
const (
	StatusRunning Status = "running" // the run has not finished
	StatusOK      Status = "ok"      // graph replaced with what was found
	StatusPartial Status = "partial" // replaced; some pages failed or the page limit was hit: nothing withdrawn
	StatusFailed  Status = "failed"  // nothing replaced; the previous graph stays
)

// Run describes one harvest of one source.
type Run struct {
	ID       string    `json:"id"`
	Source   string    `json:"source"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Status   Status    `json:"status"`
	Reason   string    `json:"reason,omitempty"` // why the run failed
	Pages    int       `json:"pages"`
	// NotModified counts pages answered 304 to a conditional request; their
	// records, remembered from the fetch that changed them, count as found.
	NotModified int `json:"not_modified"`
	// Retries counts requests tried again after a 429, a 5xx or a network
	// error.
	Retries  int `json:"retries,omitempty"`
	Records  int `json:"records"`  // practices found this run
	Kept     int `json:"kept"`     // practices not found but kept (failed page, not missing long enough)
	Previous int `json:"previous"` // live practices in the graph before the run
	// Withdrawn counts practices withdrawn by this run.
	Withdrawn int         `json:"withdrawn,omitempty"`
	Errors    []PageError `json:"errors,omitempty"`
	// Warnings are problems that did not stop a page (a wrong charset, a
	// CSV row without a title, a Crawl-delay honoured).
	Warnings []PageError `json:"warnings,omitempty"`
	Skipped  []string    `json:"skipped,omitempty"`
	// Truncated is set when crawl.max_pages stopped the crawl.
	Truncated bool      `json:"truncated,omitempty"`
	Mapping   MapReport `json:"mapping"`
}

// Duration is how long the run took.
func (r *Run) Duration() time.Duration { return r.Finished.Sub(r.Started) }

// Summary is the run in one line, for the command line:
// "urban-skills: ok in 1.2s; 12 pages (3 not modified), 11 practices, 0 kept, 0 withdrawn, 0 errors, quality 72%".
func (r *Run) Summary() string {
	s := fmt.Sprintf("%s: %s in %v; %d pages (%d not modified), %d practices, %d kept, %d withdrawn, %d errors",
		r.Source, r.Status, r.Duration().Round(time.Millisecond), r.Pages, r.NotModified, r.Records, r.Kept, r.Withdrawn, len(r.Errors))
	if r.Records > 0 {
		s += fmt.Sprintf(", quality %.0f%%", 100*r.Mapping.Quality.Average)
	}
	if r.Reason != "" {
		s += " — " + r.Reason
	}
	return s
}

// Options configure a Harvester.
type Options struct {
	// UserAgent sent with every request (default DefaultUserAgent).
	UserAgent string
	// Mapper maps records to the vocabulary.
	Mapper *Mapper
	// Logger for run events (default slog.Default()).
	Logger *slog.Logger
	// Transport overrides the HTTP transport (tests); by default each
	// source gets NewTransport with its address policy.
	Transport func(src *sourceconfig.Source) http.RoundTripper
	// Resolver resolves host names (default: the system resolver). Tests
	// use a stub so that no query leaves the machine.
	Resolver *net.Resolver
	// AllowNetworks are address ranges the address policy allows although
	// they are not public (a partner on a private network). Loopback stays
	// refused unless a source is marked local.
	AllowNetworks []netip.Prefix
	// State keeps validators and per-page records between runs (default:
	// in memory only). Use NewFileState to survive restarts.
	State StateStore
	// Lock, if set, is taken around every run of a source, so that several
	// instances never harvest one source at once (see RedisCoordinator).
	Lock SourceLock
	// Observer, if set, is told when runs start and end (metrics, for
	// example: see package harvestmetrics).
	Observer RunObserver
	// History is how many runs per source are kept for reports (default 20).
	History int
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// RunObserver is told about every run: RunStarted when it begins, RunFinished
// with the recorded run when it ends. Both are called on the run's goroutine
// and must not block.
type RunObserver interface {
	RunStarted(source string)
	RunFinished(run *Run)
}

// SourceLock serialises runs of one source across instances.
type SourceLock interface {
	// Lock takes the source's lock or fails at once (ErrRunning when
	// another instance holds it).
	Lock(ctx context.Context, source string) (Lease, error)
}

// Lease is a source's lock while a run holds it. A lock held through a
// network service can be lost (it expired while the instance paused, or the
// service was unreachable for longer than its lifetime): then another
// instance may harvest the source, and this run must not commit.
type Lease interface {
	// Lost is closed once the lock is known to be lost; the run then
	// stops crawling.
	Lost() <-chan struct{}
	// Confirm checks, just before the commit, that the lock is still
	// held and extends it; the commit must be written before the time
	// returned. An error (wrapping ErrLockLost when another instance may
	// hold the lock) means the run must not commit.
	Confirm(ctx context.Context) (until time.Time, err error)
	// Unlock releases the lock.
	Unlock()
}

// ErrLockLost is returned when a run's source lock was lost before its
// commit: the run's data is not written.
var ErrLockLost = errors.New("the source's lock was lost: another instance may be harvesting it")

// localLease is the lease of a run without a SourceLock: nothing to lose.
type localLease struct{}

func (localLease) Lost() <-chan struct{} { return nil }

func (localLease) Confirm(context.Context) (time.Time, error) { return time.Time{}, nil }

func (localLease) Unlock() {}

// Harvester runs sources and remembers their recent runs.
type Harvester struct {
	opts    Options
	sink    Sink
	sources map[string]*sourceconfig.Source
	order   []string

	// background runs (Start) live in base; Shutdown cancels it.
	base   context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	running map[string]*Run // snapshots of the runs in progress
	history map[string][]*Run
	wg      sync.WaitGroup

	// commitMu serialises commits: the same-as graph is computed from
	// every source graph and must not be written from a stale view.
	commitMu sync.Mutex
	// linkKeys caches the practice keys of source graphs by stamp, and
	// pendingKeys those of the graph being committed (links.go); both are
	// guarded by commitMu.
	linkKeys    map[rdf.Term]sourceKeys
	pendingKeys *pendingKeys
}

// New returns a harvester for the given (validated) sources.
func New(sources []sourceconfig.Source, sink Sink, opts Options) (*Harvester, error) {
	if opts.Mapper == nil {
		return nil, errors.New("harvester: Options.Mapper is required")
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.History == 0 {
		opts.History = 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.State == nil {
		opts.State = NewMemoryState()
	}
	h := &Harvester{opts: opts, sink: sink, sources: map[string]*sourceconfig.Source{}, running: map[string]*Run{},
		history: map[string][]*Run{}}
	h.base, h.cancel = context.WithCancel(context.Background())
	for i := range sources {
		s := sources[i]
		if err := s.Validate(fmt.Sprintf("sources[%d]", i)); err != nil {
			return nil, err
		}
		if _, dup := h.sources[s.ID]; dup {
			return nil, &sourceconfig.FieldError{Field: fmt.Sprintf("sources[%d].id", i), Err: fmt.Errorf("duplicate source id %q", s.ID)}
		}
		h.sources[s.ID] = &s
		h.order = append(h.order, s.ID)
	}
	return h, nil
}

// Sources returns the configured sources in configuration order.
func (h *Harvester) Sources() []*sourceconfig.Source {
	out := make([]*sourceconfig.Source, len(h.order))
	for i, id := range h.order {
		out[i] = h.sources[id]
	}
	return out
}

// Source returns the source with the given ID.
func (h *Harvester) Source(id string) (*sourceconfig.Source, bool) {
	s, ok := h.sources[id]
	return s, ok
}

// Runs returns the recent runs of a source, newest first.
func (h *Harvester) Runs(id string) []*Run {
	h.mu.Lock()
	defer h.mu.Unlock()
	runs := h.history[id]
	out := make([]*Run, len(runs))
	for i, r := range runs {
		out[len(runs)-1-i] = r
	}
	return out
}

// Running reports whether a source is being harvested now.
func (h *Harvester) Running(id string) bool {
	_, ok := h.Current(id)
	return ok
}

// Current returns a snapshot of the source's run in progress, if any.
func (h *Harvester) Current(id string) (*Run, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r, ok := h.running[id]
	if !ok {
		return nil, false
	}
	cp := *r
	return &cp, true
}

// RunByID returns a run of a source, running or among the recent ones.
func (h *Harvester) RunByID(source, runID string) (*Run, bool) {
	if r, ok := h.Current(source); ok && r.ID == runID {
		return r, true
	}
	for _, r := range h.Runs(source) {
		if r.ID == runID {
			return r, true
		}
	}
	return nil, false
}

// Wait blocks until every run in progress has finished writing.
func (h *Harvester) Wait() { h.wg.Wait() }

// Shutdown cancels the runs in progress — each still records its
// provenance and keeps the previous graph — and waits until they have
// finished writing, or ctx ends.
func (h *Harvester) Shutdown(ctx context.Context) error {
	h.cancel()
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("harvester shutdown: %w", ctx.Err())
	}
}

// RunAll harvests every source one after the other and returns the runs.
func (h *Harvester) RunAll(ctx context.Context) []*Run {
	var runs []*Run
	for _, id := range h.order {
		run, err := h.Run(ctx, id)
		if err != nil && run == nil {
			h.opts.Logger.Error("harvest", "source", id, "err", err)
			continue
		}
		runs = append(runs, run)
	}
	return runs
}

// Run harvests one source now and returns when the run is recorded. It
// returns ErrRunning if the source is being harvested. A failed harvest
// returns the run (Status failed, with the reason) and a nil error:
// failing is a normal outcome, recorded in the provenance graph; the error
// is for runs that could not even be recorded.
func (h *Harvester) Run(ctx context.Context, id string) (*Run, error) {
	src, run, lease, err := h.reserve(ctx, id)
	if err != nil {
		return nil, err
	}
	return run, h.execute(ctx, src, run, lease)
}

// Start begins a run of one source in the background and returns its
// snapshot (Status running) at once. The run ends with Shutdown at the
// latest.
func (h *Harvester) Start(id string) (*Run, error) {
	src, run, lease, err := h.reserve(h.base, id)
	if err != nil {
		return nil, err
	}
	snap := *run
	go func() {
		if err := h.execute(h.base, src, run, lease); err != nil {
			h.opts.Logger.Error("harvest", "source", id, "run", run.ID, "err", err)
		}
	}()
	return &snap, nil
}

// reserve marks a source as running (and takes its lock) or fails.
func (h *Harvester) reserve(ctx context.Context, id string) (*sourceconfig.Source, *Run, Lease, error) {
	src, ok := h.sources[id]
	if !ok {
		return nil, nil, nil, fmt.Errorf("%w %q", ErrUnknownSource, id)
	}
	h.mu.Lock()
	if _, busy := h.running[id]; busy {
		h.mu.Unlock()
		return nil, nil, nil, fmt.Errorf("harvest %s: %w", id, ErrRunning)
	}
	if h.base.Err() != nil {
		h.mu.Unlock()
		return nil, nil, nil, fmt.Errorf("harvest %s: the harvester is shutting down", id)
	}
	run := &Run{ID: runID(h.opts.Now()), Source: id, Started: h.opts.Now(), Status: StatusRunning}
	snap := *run
	h.running[id] = &snap
	h.wg.Add(1)
	h.mu.Unlock()
	var lease Lease = localLease{}
	if h.opts.Lock != nil {
		l, err := h.opts.Lock.Lock(ctx, id)
		if err != nil {
			h.release(id)
			return nil, nil, nil, fmt.Errorf("harvest %s: %w", id, err)
		}
		lease = l
	}
	return src, run, lease, nil
}

func (h *Harvester) release(id string) {
	h.mu.Lock()
	delete(h.running, id)
	h.mu.Unlock()
	h.wg.Done()
}

// execute harvests, records the run and releases the source.
func (h *Harvester) execute(ctx context.Context, src *sourceconfig.Source, run *Run, lease Lease) error {
	defer h.release(src.ID)
	defer lease.Unlock()
	if h.opts.Observer != nil {
		h.opts.Observer.RunStarted(src.ID)
	}
	// A lost lock stops the crawl: another instance may be running it.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-lease.Lost():
			cancel(ErrLockLost)
		case <-ctx.Done():
		}
	}()
	err := h.harvest(ctx, src, run, lease)
	if run.Finished.IsZero() {
		run.Finished = h.opts.Now()
	}
	h.remember(run)
	if h.opts.Observer != nil {
		h.opts.Observer.RunFinished(run)
	}
	log := h.opts.Logger.With("source", src.ID, "run", run.ID, "status", run.Status, "pages", run.Pages,
		"not_modified", run.NotModified, "records", run.Records, "kept", run.Kept, "withdrawn", run.Withdrawn,
		"errors", len(run.Errors), "warnings", len(run.Warnings), "quality", run.Mapping.Quality.Average,
		"duration", run.Duration().Round(time.Millisecond))
	if run.Status == StatusFailed {
		log.Warn("harvest failed", "reason", run.Reason)
	} else {
		log.Info("harvest done")
	}
	for _, e := range run.Errors {
		h.opts.Logger.Debug("harvest page error", "source", src.ID, "run", run.ID, "url", e.URL, "status", e.Status, "err", e.Err)
	}
	if err != nil {
		return fmt.Errorf("harvest %s: %w", src.ID, err)
	}
	return nil
}

func (h *Harvester) remember(run *Run) {
	h.mu.Lock()
	defer h.mu.Unlock()
	runs := append(h.history[run.Source], run)
	if len(runs) > h.opts.History {
		runs = runs[len(runs)-h.opts.History:]
	}
	h.history[run.Source] = runs
}

// harvest does the work of Run; it fills run and commits. The returned
// error is only for failures to read or write the sink.
func (h *Harvester) harvest(ctx context.Context, src *sourceconfig.Source, run *Run, lease Lease) error {
	m := h.opts.Mapper
	graph := m.SourceGraph(src.ID)
	old, err := h.sink.Graph(ctx, graph)
	if err != nil {
		run.Status, run.Reason = StatusFailed, "cannot read the previous graph: "+err.Error()
		return err
	}
	previous := ParsePrevious(old, m)
	run.Previous = len(previous.Practices)

	state, err := h.opts.State.Load(ctx, src.ID)
	if err != nil {
		h.opts.Logger.Warn("harvest state unreadable: fetching everything", "source", src.ID, "err", err)
		state = nil
	}
	var transport http.RoundTripper
	if h.opts.Transport != nil {
		transport = h.opts.Transport(src)
	} else {
		policy := AddressPolicy{AllowLoopback: src.Local, Allow: h.opts.AllowNetworks}
		transport = NewTransport(policy, src.Politeness.Timeout, h.opts.Resolver)
	}
	cr, err := newCrawler(src, transport, h.opts.UserAgent, state, h.opts.Logger.With("source", src.ID, "run", run.ID))
	if err != nil {
		run.Status, run.Reason = StatusFailed, err.Error()
		return h.commit(ctx, src, run, nil, lease)
	}
	found, crawlErr := cr.run(ctx)
	run.Pages, run.NotModified, run.Retries = found.Pages, found.NotModified, found.Retries
	run.Errors, run.Warnings, run.Skipped, run.Truncated = found.Errors, found.Warnings, found.Skipped, found.Truncated
	if crawlErr == nil {
		h.saveState(ctx, src, state, found)
	}

	newGraph, report := m.Map(src, found.Records, previous, m.iris.HarvestRun(src.ID, run.ID), run.Started)
	run.Mapping = report
	run.Records = report.Practices

	complete := crawlErr == nil && found.complete()
	carried := previous.CarryOver(newGraph, complete, src.WithdrawAfter, run.Started)
	run.Kept, run.Withdrawn = carried.Kept, len(carried.Withdrawn)

	switch {
	case crawlErr != nil:
		run.Status, run.Reason = StatusFailed, crawlErr.Error()
	case startFailed(found.Errors):
		run.Status, run.Reason = StatusFailed, "start page failed: "+firstStartError(found.Errors)
	case run.Records == 0 && run.Previous > 0:
		run.Status, run.Reason = StatusFailed, fmt.Sprintf("no practices found (the last graph had %d)", run.Previous)
	case tooFew(src, run.Records, run.Previous):
		run.Status, run.Reason = StatusFailed, fmt.Sprintf("only %d practices found, fewer than %.0f%% of the %d in the last graph",
			run.Records, 100*minRatio(src), run.Previous)
	case !complete:
		run.Status = StatusPartial
	default:
		run.Status = StatusOK
	}
	if run.Status == StatusFailed {
		run.Kept, run.Withdrawn = 0, 0
		return h.commit(ctx, src, run, nil, lease)
	}
	return h.commit(ctx, src, run, newGraph, lease)
}

// saveState stores what the crawl learnt about the source's pages: the
// whole state after a complete crawl, else the old state updated with the
// pages fetched (pages not reached this time keep their entries).
func (h *Harvester) saveState(ctx context.Context, src *sourceconfig.Source, old *SourceState, found *crawlResult) {
	st := found.State
	if !found.complete() && old != nil && old.Fingerprint == st.Fingerprint {
		for u, p := range old.Pages {
			if _, ok := st.Pages[u]; !ok {
				st.Pages[u] = p
			}
		}
	}
	if err := h.opts.State.Save(ctx, src.ID, st); err != nil {
		h.opts.Logger.Warn("harvest state not saved: the next run fetches everything", "source", src.ID, "err", err)
	}
}

// commit commits the run's provenance, and the new source graph and the
// same-as links when data is non-nil, in one atomic change — if the run
// still holds its source's lock, and before the lock could pass to another
// instance (fencing): a run that lost its lock writes nothing.
func (h *Harvester) commit(ctx context.Context, src *sourceconfig.Source, run *Run, data *rdf.Graph, lease Lease) error {
	m := h.opts.Mapper
	// The commit must happen even when the run was cancelled: use a context
	// that keeps ctx's values but not its cancellation, bounded in time.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	h.commitMu.Lock()
	defer h.commitMu.Unlock()
	oldProv, err := h.sink.Graph(wctx, m.iris.ProvenanceGraph())
	if err != nil {
		return err
	}
	var c Change
	if data != nil {
		c.Replace = map[rdf.Term][]rdf.Triple{m.SourceGraph(src.ID): data.Triples()}
		if err := h.linkChange(wctx, src, data, &c); err != nil {
			run.Status, run.Reason = StatusFailed, "cannot compute same-as links: "+err.Error()
			run.Kept, run.Withdrawn = 0, 0
			c.Replace = nil
		}
	}
	run.Finished = h.opts.Now()
	c.Add, c.Remove = m.provenanceChange(src, run, oldProv, h.opts.History)
	until, err := lease.Confirm(wctx)
	if err != nil {
		h.rememberLinkKeys(wctx, false)
		run.Status, run.Reason = StatusFailed, "not written: "+err.Error()
		run.Kept, run.Withdrawn = 0, 0
		return fmt.Errorf("commit: %w", err)
	}
	if !until.IsZero() {
		var cancelLease context.CancelFunc
		wctx, cancelLease = context.WithDeadline(wctx, until)
		defer cancelLease()
	}
	if err := h.sink.Apply(wctx, c); err != nil {
		h.rememberLinkKeys(wctx, false)
		run.Status, run.Reason = StatusFailed, "cannot write the harvest: "+err.Error()
		return err
	}
	h.rememberLinkKeys(wctx, c.Replace[m.SourceGraph(src.ID)] != nil)
	return nil
}

func startFailed(errs []PageError) bool { return firstStartError(errs) != "" }

func firstStartError(errs []PageError) string {
	for _, e := range errs {
		if e.Start {
			return e.URL + ": " + e.Err
		}
	}
	return ""
}

func minRatio(src *sourceconfig.Source) float64 {
	if src.MinRecordRatio != nil {
		return *src.MinRecordRatio
	}
	return 0.5
}

func tooFew(src *sourceconfig.Source, found, previous int) bool {
	return previous > 0 && float64(found) < minRatio(src)*float64(previous)
}

// runID is a sortable, readable run identifier: 20261125T181500Z-3f2a.
func runID(t time.Time) string {
	return t.UTC().Format("20060102T150405Z") + fmt.Sprintf("-%04x", rand.IntN(1<<16))
}
