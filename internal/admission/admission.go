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
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ErrBusy is returned by Gate.Acquire when every slot stayed taken for the
// whole wait, or the queue was full.
var ErrBusy = errors.New("admission: the server is busy")

// ErrClientBusy is returned by Gate.Acquire when the request's client
// already has its share of the gate running or waiting, or is cooling down
// after a query that ran into a budget. It wraps ErrBusy.
var ErrClientBusy = fmt.Errorf("%w for this client", ErrBusy)

// Gate bounds the number of requests that run at once. Requests beyond the
// limit wait in a queue of bounded length for at most the gate's wait; the
// rest are refused at once.
//
// A gate can also be fair between clients (LimitPerClient): one client
// address holds at most a share of the slots and the queue, and a client
// whose request ran into a budget (Penalize) is refused for as long as it
// held a slot, so that a few clients sending pathological queries cannot
// keep everyone else's queries out.
type Gate struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration

	mu        sync.Mutex
	perClient int                  // 0: no per-client limit
	inFlight  map[string]int       // requests running or waiting, per client
	cooldown  map[string]time.Time // refused until, per client
	now       func() time.Time
}

// maxTracked bounds the clients a gate remembers cooling down: beyond it,
// expired entries are swept and new ones are not recorded.
const maxTracked = 100_000

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
	return &Gate{slots: make(chan struct{}, limit), queue: make(chan struct{}, queue), wait: wait,
		inFlight: map[string]int{}, cooldown: map[string]time.Time{}, now: time.Now}
}

// LimitPerClient makes the gate fair: one client (as WithClient recorded
// it in the request's context) has at most n requests running or waiting
// (n < 1: half the slots, at least one). It returns g.
func (g *Gate) LimitPerClient(n int) *Gate {
	if n < 1 {
		n = max(1, cap(g.slots)/2)
	}
	g.mu.Lock()
	g.perClient = n
	g.mu.Unlock()
	return g
}

// PerClient returns the per-client limit (0: none).
func (g *Gate) PerClient() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.perClient
}

// Penalize refuses client's requests for d: call it when a request of the
// client ran into a budget (memory, work, time), with how long it held its
// slot, so that it waits as long as it made others wait.
func (g *Gate) Penalize(client string, d time.Duration) {
	if g == nil || client == "" || d <= 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if len(g.cooldown) >= maxTracked {
		for c, until := range g.cooldown {
			if !now.Before(until) {
				delete(g.cooldown, c)
			}
		}
		if len(g.cooldown) >= maxTracked {
			return
		}
	}
	if until := now.Add(d); until.After(g.cooldown[client]) {
		g.cooldown[client] = until
	}
}

// admitClient counts a request of the context's client in, or refuses it;
// done counts it out.
func (g *Gate) admitClient(ctx context.Context) (done func(), err error) {
	client, _ := ctx.Value(clientKey{}).(string)
	g.mu.Lock()
	defer g.mu.Unlock()
	if client == "" || g.perClient == 0 && len(g.cooldown) == 0 {
		return func() {}, nil
	}
	if until, ok := g.cooldown[client]; ok {
		if g.now().Before(until) {
			return nil, ErrClientBusy
		}
		delete(g.cooldown, client)
	}
	if g.perClient > 0 {
		if g.inFlight[client] >= g.perClient {
			return nil, ErrClientBusy
		}
		g.inFlight[client]++
		return func() {
			g.mu.Lock()
			if g.inFlight[client]--; g.inFlight[client] <= 0 {
				delete(g.inFlight, client)
			}
			g.mu.Unlock()
		}, nil
	}
	return func() {}, nil
}

// RetryAfterFor is how long the context's client should wait: the gate's
// RetryAfter, or the rest of its cooldown if longer.
func (g *Gate) RetryAfterFor(ctx context.Context) time.Duration {
	d := g.RetryAfter()
	if g == nil {
		return d
	}
	client, _ := ctx.Value(clientKey{}).(string)
	g.mu.Lock()
	defer g.mu.Unlock()
	if until, ok := g.cooldown[client]; ok {
		d = max(d, until.Sub(g.now()))
	}
	return d
}

// Limit returns the number of requests that may run at once.
func (g *Gate) Limit() int { return cap(g.slots) }

// Running returns the number of requests running now.
func (g *Gate) Running() int { return len(g.slots) }

// Acquire takes a slot, waiting for one if needed. It returns ErrBusy when
// none came free within the wait or the queue is full, and ctx's error
// when ctx ends first. Call release exactly once when the work is done.
// A nil gate admits everything.
//
// With LimitPerClient, the client WithClient recorded in ctx is refused
// with ErrClientBusy at once when it has its share in flight or is cooling
// down.
func (g *Gate) Acquire(ctx context.Context) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	done, err := g.admitClient(ctx)
	if err != nil {
		return nil, err
	}
	free, err := g.acquire(ctx)
	if err != nil {
		done()
		return nil, err
	}
	return func() { free(); done() }, nil
}

func (g *Gate) acquire(ctx context.Context) (release func(), err error) {
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

// ContextWithClient records a client address in ctx, as WithClient does
// for a request (for callers that have no request).
func ContextWithClient(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientKey{}, ip)
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
