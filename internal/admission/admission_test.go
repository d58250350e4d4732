package admission

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestGateQueuesThenRefuses(t *testing.T) {
	g := NewGate(2, 1, 50*time.Millisecond)
	r1, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r2, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g.Running() != 2 {
		t.Errorf("running %d, want 2", g.Running())
	}
	// The third waits in the queue and gets the slot released meanwhile.
	done := make(chan error, 1)
	go func() {
		r3, err := g.Acquire(context.Background())
		if err == nil {
			r3()
		}
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	// The queue (length 1) is full now: a fourth is refused at once.
	start := time.Now()
	if _, err := g.Acquire(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("with a full queue: %v, want ErrBusy", err)
	}
	if d := time.Since(start); d > 40*time.Millisecond {
		t.Errorf("refusing with a full queue took %v", d)
	}
	r1()
	if err := <-done; err != nil {
		t.Errorf("queued request: %v", err)
	}
	// Nobody releases r2's slot: a waiter gives up after the wait.
	r4, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	if _, err := g.Acquire(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("after the wait: %v, want ErrBusy", err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("gave up after %v, before the wait of 50ms", d)
	}
	r2()
	r4()
	if g.Running() != 0 {
		t.Errorf("running %d after every release", g.Running())
	}
	// A cancelled context stops the wait.
	var nilGate *Gate
	if rel, err := nilGate.Acquire(context.Background()); err != nil {
		t.Error(err)
	} else {
		rel()
	}
}

func TestGateBoundsConcurrency(t *testing.T) {
	g := NewGate(3, 100, time.Second)
	var mu sync.Mutex
	running, peak := 0, 0
	var wg sync.WaitGroup
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rel, err := g.Acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
			rel()
		}()
	}
	wg.Wait()
	if peak > 3 {
		t.Errorf("%d requests ran at once, limit 3", peak)
	}
}

func TestRateLimiter(t *testing.T) {
	l := NewRateLimiter(10, 3, 2)
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.Allow("192.0.2.1"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("192.0.2.1")
	if ok || wait <= 0 || wait > 100*time.Millisecond {
		t.Errorf("after the burst: %v, retry after %v; want refused, about 100ms", ok, wait)
	}
	if ok, _ := l.Allow("192.0.2.2"); !ok {
		t.Error("another client is refused")
	}
	now = now.Add(100 * time.Millisecond)
	if ok, _ := l.Allow("192.0.2.1"); !ok {
		t.Error("a token did not come back after 100ms")
	}
	// IPv6 addresses of one /64 share a bucket.
	for i := range 3 {
		l.Allow(fmt.Sprintf("2001:db8::%x", i+1))
	}
	if ok, _ := l.Allow("2001:db8::ff"); ok {
		t.Error("a fourth address of the same /64 got a full bucket")
	}
	// Memory is bounded: at most 2 clients are remembered.
	for i := range 1000 {
		l.Allow(fmt.Sprintf("198.51.100.%d", i%250))
	}
	if n := l.Clients(); n > 2 {
		t.Errorf("%d clients remembered, max 2", n)
	}
	var off *RateLimiter = NewRateLimiter(0, 0, 0)
	if ok, _ := off.Allow("x"); !ok {
		t.Error("a disabled limiter refused")
	}
}

func TestClientAddress(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "203.0.113.7:4567"
	if got := Client(r); got != "203.0.113.7" {
		t.Errorf("Client = %q", got)
	}
	if got := Client(WithClient(r, "198.51.100.9")); got != "198.51.100.9" {
		t.Errorf("Client after WithClient = %q", got)
	}
	h := http.Header{}
	SetRetryAfter(h, 1500*time.Millisecond)
	if h.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q, want 2", h.Get("Retry-After"))
	}
}

func TestGateIsFairBetweenClients(t *testing.T) {
	g := NewGate(4, 4, 20*time.Millisecond).LimitPerClient(0)
	if g.PerClient() != 2 {
		t.Fatalf("default per-client share %d, want half of 4", g.PerClient())
	}
	attacker := ContextWithClient(context.Background(), "203.0.113.9")
	other := ContextWithClient(context.Background(), "198.51.100.7")
	var held []func()
	for range 2 {
		r, err := g.Acquire(attacker)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, r)
	}
	// Its share is taken: refused at once, with slots still free for others.
	if _, err := g.Acquire(attacker); !errors.Is(err, ErrClientBusy) || !errors.Is(err, ErrBusy) {
		t.Errorf("third request of one client: %v, want ErrClientBusy", err)
	}
	r, err := g.Acquire(other)
	if err != nil {
		t.Fatalf("another client is kept out: %v", err)
	}
	r()
	// Releasing gives the share back; a request without a client is not
	// counted per client.
	held[0]()
	if r, err := g.Acquire(attacker); err != nil {
		t.Errorf("after a release: %v", err)
	} else {
		r()
	}
	if r, err := g.Acquire(context.Background()); err != nil {
		t.Errorf("without a client: %v", err)
	} else {
		r()
	}
	held[1]()
	if g.Running() != 0 {
		t.Errorf("%d slots still taken", g.Running())
	}
}

func TestGatePenaltyCoolsAClientDown(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	g := NewGate(2, 2, 10*time.Millisecond).LimitPerClient(1)
	g.now = func() time.Time { return now }
	attacker := ContextWithClient(context.Background(), "203.0.113.9")
	g.Penalize("203.0.113.9", 30*time.Second)
	if _, err := g.Acquire(attacker); !errors.Is(err, ErrClientBusy) {
		t.Fatalf("during the cooldown: %v", err)
	}
	if d := g.RetryAfterFor(attacker); d != 30*time.Second {
		t.Errorf("Retry-After during the cooldown %v, want 30s", d)
	}
	if r, err := g.Acquire(ContextWithClient(context.Background(), "198.51.100.7")); err != nil {
		t.Errorf("another client during the cooldown: %v", err)
	} else {
		r()
	}
	// A shorter penalty does not shorten a longer one.
	g.Penalize("203.0.113.9", time.Second)
	now = now.Add(29 * time.Second)
	if _, err := g.Acquire(attacker); !errors.Is(err, ErrClientBusy) {
		t.Errorf("before the cooldown ends: %v", err)
	}
	now = now.Add(2 * time.Second)
	r, err := g.Acquire(attacker)
	if err != nil {
		t.Fatalf("after the cooldown: %v", err)
	}
	r()
	if len(g.cooldown) != 0 {
		t.Errorf("expired cooldowns kept: %v", g.cooldown)
	}
}

func TestGatePenaltiesAreBounded(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	g := NewGate(1, 1, time.Millisecond)
	g.now = func() time.Time { return now }
	for i := range maxTracked + 10 {
		g.Penalize(fmt.Sprintf("c%d", i), time.Second)
	}
	if len(g.cooldown) != maxTracked {
		t.Errorf("%d clients remembered, want at most %d", len(g.cooldown), maxTracked)
	}
	now = now.Add(2 * time.Second)
	g.Penalize("late", time.Second)
	if len(g.cooldown) != 1 {
		t.Errorf("expired entries not swept: %d", len(g.cooldown))
	}
}
