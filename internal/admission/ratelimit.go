package admission

import (
	"container/list"
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter gives each client address a token bucket: rate requests per
// second on average, bursts of up to burst. It remembers at most max
// clients; when full it forgets the one seen least recently (whose bucket
// would be full again by then in any realistic setting), so memory stays
// bounded however many addresses ask. IPv6 clients are counted per /64,
// the block one subscriber gets, so that one client cannot multiply its
// allowance by changing addresses.
type RateLimiter struct {
	limit rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	clients map[string]*list.Element
	lru     *list.List // of *bucket, most recent first
	now     func() time.Time
}

type bucket struct {
	key string
	lim *rate.Limiter
}

// NewRateLimiter returns a limiter of perSecond requests per second with
// bursts of burst (at least 1), remembering up to maxClients addresses
// (0: 100,000). A zero or negative perSecond disables it: New returns nil,
// and a nil limiter allows everything.
func NewRateLimiter(perSecond float64, burst, maxClients int) *RateLimiter {
	if perSecond <= 0 {
		return nil
	}
	if maxClients <= 0 {
		maxClients = 100_000
	}
	return &RateLimiter{
		limit:   rate.Limit(perSecond),
		burst:   max(burst, 1),
		max:     maxClients,
		clients: map[string]*list.Element{},
		lru:     list.New(),
		now:     time.Now,
	}
}

// Allow takes a token from the client's bucket. When there is none it
// reports false and how long until there is.
func (l *RateLimiter) Allow(client string) (ok bool, retryAfter time.Duration) {
	if l == nil {
		return true, 0
	}
	key := Key(client)
	now := l.now()
	l.mu.Lock()
	var b *bucket
	if e, found := l.clients[key]; found {
		l.lru.MoveToFront(e)
		b = e.Value.(*bucket)
	} else {
		if l.lru.Len() >= l.max {
			oldest := l.lru.Back()
			l.lru.Remove(oldest)
			delete(l.clients, oldest.Value.(*bucket).key)
		}
		b = &bucket{key: key, lim: rate.NewLimiter(l.limit, l.burst)}
		l.clients[key] = l.lru.PushFront(b)
	}
	l.mu.Unlock()
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Clients returns how many client addresses the limiter remembers.
func (l *RateLimiter) Clients() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// Key is the bucket key of a client address: the address itself for IPv4,
// its /64 network for IPv6, the text unchanged when it is not an address.
func Key(client string) string {
	ip := net.ParseIP(client)
	if ip == nil {
		return client
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
