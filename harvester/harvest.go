// Package harvester fetches partner sites, reads the practices they describe
// and maps them to the Skillsmap vocabulary, one named graph per source.
//
// A run of a source crawls its pages (colly), extracts records (JSON-LD or
// CSS selectors), maps them to RDF (vocab), and commits the source graph and
// the run's provenance through a Sink. A run that fails — a start page down,
// far fewer records than last time, cancellation — keeps the previous graph;
// a detail page that fails keeps that page's previous practices.
package harvester

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

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
	StatusOK      Status = "ok"      // graph replaced with what was found
	StatusPartial Status = "partial" // replaced; some pages failed and kept their old practices
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
	// NotModified counts pages answered 304 to a conditional request.
	NotModified int         `json:"not_modified"`
	Records     int         `json:"records"`  // practices found this run
	Kept        int         `json:"kept"`     // practices kept from failed pages
	Previous    int         `json:"previous"` // practices in the graph before the run
	Errors      []PageError `json:"errors,omitempty"`
	Skipped     []string    `json:"skipped,omitempty"`
	Mapping     MapReport   `json:"mapping"`
}

// Duration is how long the run took.
func (r *Run) Duration() time.Duration { return r.Finished.Sub(r.Started) }

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
	Transport func(src *Source) http.RoundTripper
	// History is how many runs per source are kept for reports (default 20).
	History int
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Harvester runs sources and remembers their recent runs.
type Harvester struct {
	opts    Options
	sink    Sink
	sources map[string]*Source
	order   []string

	mu      sync.Mutex
	running map[string]bool
	history map[string][]*Run
	wg      sync.WaitGroup
}

// New returns a harvester for the given (validated) sources.
func New(sources []Source, sink Sink, opts Options) (*Harvester, error) {
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
	h := &Harvester{opts: opts, sink: sink, sources: map[string]*Source{}, running: map[string]bool{}, history: map[string][]*Run{}}
	for i := range sources {
		s := sources[i]
		if err := s.Validate(fmt.Sprintf("sources[%d]", i)); err != nil {
			return nil, err
		}
		if _, dup := h.sources[s.ID]; dup {
			return nil, fieldErr(fmt.Sprintf("sources[%d].id", i), "duplicate source id %q", s.ID)
		}
		h.sources[s.ID] = &s
		h.order = append(h.order, s.ID)
	}
	return h, nil
}

// Sources returns the configured sources in configuration order.
func (h *Harvester) Sources() []*Source {
	out := make([]*Source, len(h.order))
	for i, id := range h.order {
		out[i] = h.sources[id]
	}
	return out
}

// Source returns the source with the given ID.
func (h *Harvester) Source(id string) (*Source, bool) {
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
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.running[id]
}

// Wait blocks until every run in progress has finished writing.
func (h *Harvester) Wait() { h.wg.Wait() }

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

// Run harvests one source now. It returns ErrRunning if the source is
// being harvested. A failed harvest returns the run (Status failed, with
// the reason) and a nil error: failing is a normal outcome, recorded in the
// provenance graph; the error is for runs that could not even be recorded.
func (h *Harvester) Run(ctx context.Context, id string) (*Run, error) {
	src, ok := h.sources[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownSource, id)
	}
	h.mu.Lock()
	if h.running[id] {
		h.mu.Unlock()
		return nil, fmt.Errorf("harvest %s: %w", id, ErrRunning)
	}
	h.running[id] = true
	h.wg.Add(1)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.running, id)
		h.mu.Unlock()
		h.wg.Done()
	}()

	run := &Run{ID: runID(h.opts.Now()), Source: id, Started: h.opts.Now()}
	err := h.harvest(ctx, src, run)
	if run.Finished.IsZero() {
		run.Finished = h.opts.Now()
	}
	h.remember(run)
	log := h.opts.Logger.With("source", id, "run", run.ID, "status", run.Status, "pages", run.Pages,
		"records", run.Records, "errors", len(run.Errors), "duration", run.Duration().Round(time.Millisecond))
	if run.Status == StatusFailed {
		log.Warn("harvest failed", "reason", run.Reason)
	} else {
		log.Info("harvest done")
	}
	if err != nil {
		return run, fmt.Errorf("harvest %s: %w", id, err)
	}
	return run, nil
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
func (h *Harvester) harvest(ctx context.Context, src *Source, run *Run) error {
	m := h.opts.Mapper
	graph := m.SourceGraph(src.ID)
	old, err := h.sink.Graph(ctx, graph)
	if err != nil {
		run.Status, run.Reason = StatusFailed, "cannot read the previous graph: "+err.Error()
		return err
	}
	previous := ParsePrevious(old, m)
	run.Previous = len(previous.Practices)

	var transport http.RoundTripper
	if h.opts.Transport != nil {
		transport = h.opts.Transport(src)
	} else {
		transport = NewTransport(AddressPolicy{AllowLoopback: src.Local}, src.Politeness.Timeout, nil)
	}
	cr, err := newCrawler(src, transport, h.opts.UserAgent)
	if err != nil {
		run.Status, run.Reason = StatusFailed, err.Error()
		return h.commitProvenance(ctx, src, run, nil)
	}
	found, crawlErr := cr.run(ctx)
	run.Pages = found.Pages
	run.Errors = found.Errors
	run.Skipped = found.Skipped

	newGraph, report := m.Map(src, found.Records, previous, m.iris.HarvestRun(src.ID, run.ID), run.Started)
	run.Mapping = report
	run.Records = report.Practices

	// Pages that failed keep the practices they had: a broken page on a
	// partner site must not delete data.
	failedPages := map[string]bool{}
	for _, e := range found.Errors {
		failedPages[e.URL] = true
	}
	run.Kept = previous.CarryOver(newGraph, failedPages)

	switch {
	case crawlErr != nil:
		run.Status, run.Reason = StatusFailed, crawlErr.Error()
	case startFailed(found.Errors):
		run.Status, run.Reason = StatusFailed, "start page failed: "+firstStartError(found.Errors)
	case run.Records+run.Kept == 0 && run.Previous > 0:
		run.Status, run.Reason = StatusFailed, fmt.Sprintf("no practices found (the last graph had %d)", run.Previous)
	case tooFew(src, run.Records+run.Kept, run.Previous):
		run.Status, run.Reason = StatusFailed, fmt.Sprintf("only %d practices found, fewer than %.0f%% of the %d in the last graph",
			run.Records+run.Kept, 100*minRatio(src), run.Previous)
	case len(found.Errors) > 0:
		run.Status = StatusPartial
	default:
		run.Status = StatusOK
	}
	if run.Status == StatusFailed {
		return h.commitProvenance(ctx, src, run, nil)
	}
	return h.commitProvenance(ctx, src, run, newGraph)
}

// commitProvenance commits the run's provenance, and the new source graph
// when data is non-nil, in one atomic change.
func (h *Harvester) commitProvenance(ctx context.Context, src *Source, run *Run, data *rdf.Graph) error {
	m := h.opts.Mapper
	// The commit must happen even when the run was cancelled: use a context
	// that keeps ctx's values but not its cancellation, bounded in time.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	oldProv, err := h.sink.Graph(wctx, m.iris.ProvenanceGraph())
	if err != nil {
		return err
	}
	run.Finished = h.opts.Now()
	var c Change
	c.Add, c.Remove = m.provenanceChange(src, run, oldProv, h.opts.History)
	if data != nil {
		c.Replace = map[rdf.Term][]rdf.Triple{m.SourceGraph(src.ID): data.Triples()}
	}
	if err := h.sink.Apply(wctx, c); err != nil {
		run.Status, run.Reason = StatusFailed, "cannot write the harvest: "+err.Error()
		return err
	}
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

func minRatio(src *Source) float64 {
	if src.MinRecordRatio != nil {
		return *src.MinRecordRatio
	}
	return 0.5
}

func tooFew(src *Source, found, previous int) bool {
	return previous > 0 && float64(found) < minRatio(src)*float64(previous)
}

// runID is a sortable, readable run identifier: 20261125T181500Z-3f2a.
func runID(t time.Time) string {
	return t.UTC().Format("20060102T150405Z") + fmt.Sprintf("-%04x", rand.IntN(1<<16))
}
