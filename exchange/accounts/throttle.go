package accounts

import (
	"container/list"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Throttling of failed attempts (logins, reset requests).
const (
	// ThrottleWindow: failures are counted until this long passes without
	// a new one.
	ThrottleWindow = 15 * time.Minute
	// ThrottleBaseDelay is the wait after the limit is reached; it doubles
	// with each further failure, up to ThrottleMaxDelay.
	ThrottleBaseDelay = 30 * time.Second
	// ThrottleMaxDelay caps the wait.
	ThrottleMaxDelay = 15 * time.Minute
	// DefaultThrottleEntries bounds the memory of NewMemoryThrottle(0):
	// about 100 bytes an entry.
	DefaultThrottleEntries = 100_000
)

// Throttle counts failed attempts per key (an e-mail address, a client
// address) and says how long further attempts must wait. Implementations
// must be safe for concurrent use. A shared implementation (Redis) lets
// several server instances throttle together.
type Throttle interface {
	// Wait returns how long an attempt for key must wait when limit
	// failures are allowed before throttling: zero when one may be made now.
	Wait(key string, limit int, now time.Time) time.Duration
	// Fail records a failed attempt for key.
	Fail(key string, now time.Time)
	// Reset forgets the failures of key (after a successful login).
	Reset(key string)
}

// MemoryThrottle is a Throttle in the memory of one process. It holds at
// most a fixed number of keys: when full, the key whose last failure is
// oldest is forgotten first, so a flood of distinct addresses costs bounded
// memory (and evicts only keys that stopped failing long ago, relatively).
type MemoryThrottle struct {
	mu      sync.Mutex
	max     int
	entries map[string]*list.Element
	order   *list.List // front: most recent failure
}

type throttleEntry struct {
	key      string
	failures int
	last     time.Time
}

// NewMemoryThrottle returns an empty MemoryThrottle holding at most
// maxEntries keys (DefaultThrottleEntries when maxEntries <= 0).
func NewMemoryThrottle(maxEntries int) *MemoryThrottle {
	if maxEntries <= 0 {
		maxEntries = DefaultThrottleEntries
	}
	return &MemoryThrottle{max: maxEntries, entries: map[string]*list.Element{}, order: list.New()}
}

// Wait implements Throttle.
func (t *MemoryThrottle) Wait(key string, limit int, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.entries[key]
	if !ok {
		return 0
	}
	e := el.Value.(*throttleEntry)
	if now.Sub(e.last) >= ThrottleWindow {
		t.remove(el)
		return 0
	}
	return throttleDelay(e.failures, limit, e.last, now)
}

// throttleDelay: after limit failures, each further attempt waits
// ThrottleBaseDelay·2^(failures−limit) after the last failure, capped.
func throttleDelay(failures, limit int, last, now time.Time) time.Duration {
	if failures < limit {
		return 0
	}
	d := ThrottleMaxDelay
	if k := failures - limit; k < 16 {
		d = min(ThrottleBaseDelay<<k, ThrottleMaxDelay)
	}
	if wait := last.Add(d).Sub(now); wait > 0 {
		return wait
	}
	return 0
}

// Fail implements Throttle.
func (t *MemoryThrottle) Fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		e := el.Value.(*throttleEntry)
		if now.Sub(e.last) >= ThrottleWindow {
			e.failures = 0
		}
		e.failures++
		e.last = now
		t.order.MoveToFront(el)
		return
	}
	t.entries[key] = t.order.PushFront(&throttleEntry{key: key, failures: 1, last: now})
	for t.order.Len() > t.max {
		t.remove(t.order.Back())
	}
}

// Reset implements Throttle.
func (t *MemoryThrottle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		t.remove(el)
	}
}

// Len returns the number of keys held.
func (t *MemoryThrottle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.order.Len()
}

func (t *MemoryThrottle) remove(el *list.Element) {
	t.order.Remove(el)
	delete(t.entries, el.Value.(*throttleEntry).key)
}

// emailKey and ipKey name the throttle counters of an address and a client.
func emailKey(email string) string { return "email:" + email }

// ipKey counts IPv6 clients by their /64, which one subscriber usually has
// whole: rotating through its addresses must not reset the count.
func ipKey(clientIP string) string {
	ip := strings.TrimSpace(clientIP)
	if addr, err := netip.ParseAddr(ip); err == nil {
		addr = addr.Unmap()
		if addr.Is6() {
			if p, err := addr.Prefix(64); err == nil {
				return "ip:" + p.String()
			}
		}
		return "ip:" + addr.String()
	}
	return "ip:" + ip
}
