// Package admission decides whether the server takes on a request now: a
// gate bounds how many expensive requests (SPARQL queries and updates) run
// at once, with a short queue, and per-client token buckets bound how
// often one client address may ask. Both answer quickly when they refuse,
// so that the caller can send 503 or 429 with Retry-After instead of
// letting work pile up.
package admission

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"
)

// ErrBusy is returned by Gate.Acquire when every slot stayed taken for the
// whole wait, or the queue was full.
var ErrBusy = errors.New("admission: the server is busy")

// Gate bounds the number of requests that run at once. Requests beyond the
// limit wait in a queue of bounded length for at most the gate's wait; the
// rest are refused at once.
type Gate struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

// NewGate returns a gate for limit concurrent requests (at least 1), with
// up to queue more waiting (0: 4×limit) for at most wait each (0: 2s).
func NewGate(limit, queue int, wait time.Duration) *Gate {
	limit = max(limit, 1)
	if queue <= 0 {
		queue = 4 * limit
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	return &Gate{slots: make(chan struct{}, limit), queue: make(chan struct{}, queue), wait: wait}
}

// Limit returns the number of requests that may run at once.
func (g *Gate) Limit() int { return cap(g.slots) }

// Running returns the number of requests running now.
func (g *Gate) Running() int { return len(g.slots) }

// Acquire takes a slot, waiting for one if needed. It returns ErrBusy when
// none came free within the wait or the queue is full, and ctx's error
// when ctx ends first. Call release exactly once when the work is done.
// A nil gate admits everything.
func (g *Gate) Acquire(ctx context.Context) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-g.queue }()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *Gate) release() { <-g.slots }

// RetryAfter is how long a refused client should wait: about the time the
// running requests need to make room, never less than a second.
func (g *Gate) RetryAfter() time.Duration {
	if g == nil {
		return time.Second
	}
	return max(time.Second, g.wait)
}

// SetRetryAfter sets the Retry-After header to d, rounded up to seconds.
func SetRetryAfter(h http.Header, d time.Duration) {
	secs := int64((d + time.Second - 1) / time.Second)
	h.Set("Retry-After", strconv.FormatInt(max(secs, 1), 10))
}

type clientKey struct{}

// WithClient records the client address of a request (as the front
// server resolved it, X-Forwarded-For from trusted proxies included) in
// its context, for handlers that limit per client.
func WithClient(r *http.Request, ip string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), clientKey{}, ip))
}

// Client returns the client address recorded by WithClient, or the host of
// the connection's remote address.
func Client(r *http.Request) string {
	if ip, ok := r.Context().Value(clientKey{}).(string); ok && ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
