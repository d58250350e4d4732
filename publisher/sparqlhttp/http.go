package sparqlhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/adminauth"
	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// setReadCORS lets browsers on any origin read: no credentials, so no
// Authorization header.
func setReadCORS(w http.ResponseWriter, methods string) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", methods)
	h.Set("Access-Control-Allow-Headers", "Accept, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
}

// setWriteCORS lets the configured origins (Options.WriteOrigins), and
// only them, call a write endpoint with the admin token. It reports
// whether the request's origin is one of them.
func (o *Options) setWriteCORS(w http.ResponseWriter, r *http.Request, methods string) bool {
	h := w.Header()
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" || !slices.Contains(o.WriteOrigins, origin) {
		return false
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", methods)
	h.Set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
	return true
}

// admitRate applies the per-client rate limit; when the client is over
// it, it answers 429 with Retry-After and reports false.
func (o *Options) admitRate(w http.ResponseWriter, r *http.Request) bool {
	ok, wait := o.RateLimit.Allow(admission.Client(r))
	if ok {
		return true
	}
	admission.SetRetryAfter(w.Header(), wait)
	fail(w, http.StatusTooManyRequests, "too many queries from your address: wait %s and try again (the limit is sparql.rate_limit in skillsmap.yaml)", wait.Round(time.Second).String())
	return false
}

// admit waits for a slot of the gate; when none comes free it answers 503
// with Retry-After and reports false. Call done with the request's outcome
// when the work is finished.
func (o *Options) admit(w http.ResponseWriter, r *http.Request) (*slot, bool) {
	client := admission.Client(r)
	ctx := admission.ContextWithClient(r.Context(), client)
	release, err := o.Gate.Acquire(ctx)
	if err == nil {
		return &slot{gate: o.Gate, client: client, release: release, start: time.Now()}, true
	}
	wait := o.Gate.RetryAfterFor(ctx)
	admission.SetRetryAfter(w.Header(), wait)
	if errors.Is(err, admission.ErrClientBusy) {
		fail(w, http.StatusServiceUnavailable, "your address has its share of the query slots in use, or one of its queries ran into a limit: wait %s and try again (sparql.max_concurrent_per_client in skillsmap.yaml)", wait.Round(time.Second))
		return nil, false
	}
	fail(w, http.StatusServiceUnavailable, "the server is busy: %d queries are running and others are waiting; try again shortly (the limit is sparql.max_concurrent in skillsmap.yaml)", o.Gate.Limit())
	return nil, false
}

// slot is a request's place in the gate.
type slot struct {
	gate    *admission.Gate
	client  string
	release func()
	start   time.Time
}

// done gives the slot back. A request that ran into a budget (memory,
// work, time) makes its client wait as long as it held the slot, at least
// a second: queries that cannot succeed then cost their sender, not
// everyone else.
func (s *slot) done(err error) {
	if overBudget(err) {
		s.gate.Penalize(s.client, max(time.Second, time.Since(s.start)))
	}
	s.release()
}

// overBudget reports whether err is a query stopped by one of its budgets.
func overBudget(err error) bool {
	return errors.Is(err, sparql.ErrMemoryBudget) || errors.Is(err, sparql.ErrTooExpensive) ||
		errors.Is(err, sparql.ErrTimeout) || errors.Is(err, context.DeadlineExceeded)
}

// fail writes a plain-text error.
func fail(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, format+"\n", args...)
}

// engineError maps an engine error to a status and a message. The message
// of a 500 is generic: callers log the error with httperror.Internal.
func (o *Options) engineError(err error) (int, string) {
	var se *sparql.SyntaxError
	var pe *sparql.ProtectedGraphError
	// An external engine's refusal (sparqlstore.EngineError) of a query
	// forwarded to it.
	var refused interface{ BadRequest() bool }
	switch {
	case errors.As(err, &se):
		return http.StatusBadRequest, "syntax error: " + se.Error()
	case errors.Is(err, sparql.ErrMemoryBudget):
		return http.StatusUnprocessableEntity, err.Error() + " — make the query more selective (fewer rows in groups, sorts and DISTINCT, shorter strings), or raise sparql.max_memory in skillsmap.yaml"
	case errors.As(err, &pe):
		return http.StatusForbidden, pe.Error()
	case errors.Is(err, sparql.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the query timed out — narrow it or add LIMIT (" + err.Error() + "; the limit is sparql.timeout)"
	case errors.Is(err, sparql.ErrTooManyResults):
		return http.StatusRequestEntityTooLarge, err.Error() + " — add LIMIT, or download a dump instead (the limit is sparql.max_results)"
	case errors.Is(err, sparql.ErrTooExpensive):
		return http.StatusServiceUnavailable, err.Error() + " — the query does too much work; make it more selective (the limit is sparql.max_work)"
	case errors.Is(err, store.ErrConflict):
		return http.StatusServiceUnavailable, "the data changed while the update was evaluated, several times: try again"
	case errors.Is(err, sparql.ErrServiceDisabled), errors.Is(err, sparql.ErrLoadDisabled):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, sparql.ErrGraphExists), errors.Is(err, sparql.ErrNoSuchGraph), errors.Is(err, sparql.ErrNotQuery),
		errors.Is(err, sparql.ErrUnsupported), errors.Is(err, sparql.ErrDatasetConflict):
		return http.StatusBadRequest, err.Error()
	case errors.As(err, &refused) && refused.BadRequest():
		return http.StatusBadRequest, "the store's SPARQL engine refused the query: " + err.Error()
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "the request was cancelled"
	}
	// Anything else is the server's own failure: its text stays in the log
	// (see httperror.Internal), never in the answer.
	return http.StatusInternalServerError, "internal server error"
}

// authorized checks the bearer token of a write request and answers the
// request itself when it is not authorized.
func (o *Options) authorized(w http.ResponseWriter, r *http.Request) bool {
	status, msg, ok := adminauth.Check(w, r, o.AdminToken)
	if !ok {
		fail(w, status, "%s", msg)
	}
	return ok
}

// readLimited reads at most max bytes of r, failing beyond.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("request body larger than %d bytes", max)
	}
	return data, nil
}

// mediaType returns the media type of a Content-Type header without
// parameters, lower case.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// notUTF8 returns the charset a request body declares when it is not UTF-8
// (or US-ASCII, a subset): the protocol's bodies are UTF-8, and reading
// UTF-16 as UTF-8 would only give a confusing syntax error.
func notUTF8(ct string) string {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	switch cs := strings.ToLower(params["charset"]); cs {
	case "", "utf-8", "utf8", "us-ascii":
		return ""
	default:
		return cs
	}
}
