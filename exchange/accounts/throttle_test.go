package accounts

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// throttles are the implementations under test: a fresh one per call.
func throttles(t *testing.T) map[string]func() Throttle {
	return map[string]func() Throttle{
		"memory": func() Throttle { return NewMemoryThrottle(10) },
		"redis": func() Throttle {
			return NewRedisThrottle(kvtest.RedisClient(t), "skillsmap:throttle:", nil)
		},
	}
}

func TestThrottleDelays(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		failures int
		limit    int
		after    time.Duration // since the last failure
		want     time.Duration
	}{
		{4, 5, 0, 0},
		{5, 5, 0, 30 * time.Second},
		{5, 5, 10 * time.Second, 20 * time.Second},
		{5, 5, 30 * time.Second, 0},
		{6, 5, 0, time.Minute},
		{9, 5, 0, 8 * time.Minute},
		{10, 5, 0, 15 * time.Minute},
		{500, 5, 0, 15 * time.Minute},
		{500, 5, 15 * time.Minute, 0}, // the window has passed: forgotten
		{20, 20, 0, 30 * time.Second},
	}
	for name, newThrottle := range throttles(t) {
		t.Run(name, func(t *testing.T) {
			th := newThrottle()
			for i, tt := range tests {
				key := fmt.Sprint("k", i)
				for range tt.failures {
					th.Fail(key, t0)
				}
				if got := th.Wait(key, tt.limit, t0.Add(tt.after)); got != tt.want {
					t.Errorf("%d failures of %d, after %v: Wait = %v, want %v", tt.failures, tt.limit, tt.after, got, tt.want)
				}
			}
		})
	}
}

func TestThrottleWindowRestartsCount(t *testing.T) {
	for name, newThrottle := range throttles(t) {
		t.Run(name, func(t *testing.T) {
			th := newThrottle()
			t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range 4 {
				th.Fail("k", t0.Add(time.Duration(i)*time.Minute))
			}
			if w := th.Wait("k", 2, t0.Add(3*time.Minute)); w == 0 {
				t.Error("4 failures of 2 allowed are not throttled")
			}
			// 15 minutes after the 4th failure the count starts again.
			th.Fail("k", t0.Add(3*time.Minute+ThrottleWindow))
			if w := th.Wait("k", 2, t0.Add(3*time.Minute+ThrottleWindow)); w != 0 {
				t.Errorf("count not restarted: wait %v", w)
			}
			th.Fail("k", t0.Add(4*time.Minute+ThrottleWindow))
			th.Reset("k")
			if w := th.Wait("k", 1, t0.Add(4*time.Minute+ThrottleWindow)); w != 0 {
				t.Errorf("Reset did not forget: wait %v", w)
			}
			if m, ok := th.(*MemoryThrottle); ok && m.Len() != 0 {
				t.Errorf("Reset left %d entries", m.Len())
			}
		})
	}
}

// TestRedisThrottleIsShared: failures counted through one instance delay
// attempts through another, and no e-mail address is in Redis's keys.
func TestRedisThrottleIsShared(t *testing.T) {
	c := kvtest.RedisClient(t)
	a := NewRedisThrottle(c, "skillsmap:throttle:", nil)
	c2 := redis.NewClient(&redis.Options{Addr: c.Options().Addr})
	defer c2.Close()
	b := NewRedisThrottle(c2, "skillsmap:throttle:", nil)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 3 {
		a.Fail(emailKey("anna@leipzig.example"), t0)
		b.Fail(emailKey("anna@leipzig.example"), t0)
	}
	if w := b.Wait(emailKey("anna@leipzig.example"), 5, t0); w != time.Minute {
		t.Errorf("6 failures through two instances, 5 allowed: wait %v, want 1m", w)
	}
	keys, err := c.Keys(context.Background(), "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, "anna") || strings.Contains(k, "@") {
			t.Errorf("an e-mail address in a Redis key: %q", k)
		}
	}
}

func TestMemoryThrottleIsBounded(t *testing.T) {
	th := NewMemoryThrottle(1000)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// The target's failures first, then a flood of distinct addresses.
	for range 5 {
		th.Fail(emailKey("victim@example.org"), t0)
	}
	for i := range 100_000 {
		th.Fail(ipKey(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)), t0.Add(time.Second))
	}
	if n := th.Len(); n != 1000 {
		t.Errorf("%d entries after a flood, want the bound 1000", n)
	}
	// The most recent keys are kept, the oldest went first.
	if w := th.Wait(ipKey("10.1.134.159"), 1, t0.Add(time.Second)); w == 0 {
		t.Error("the newest key was evicted")
	}
	if w := th.Wait(emailKey("victim@example.org"), 5, t0.Add(time.Second)); w != 0 {
		t.Error("the oldest key was kept beyond the bound")
	}
}

func TestIPKey(t *testing.T) {
	tests := map[string]string{
		"192.0.2.1":            "ip:192.0.2.1",
		" 192.0.2.1 ":          "ip:192.0.2.1",
		"::ffff:192.0.2.1":     "ip:192.0.2.1",
		"2001:db8:a:b:1:2:3:4": "ip:2001:db8:a:b::/64",
		"2001:db8:a:b:ffff::9": "ip:2001:db8:a:b::/64",
		"2001:db8:a:c::1":      "ip:2001:db8:a:c::/64",
		"not an address":       "ip:not an address",
	}
	for in, want := range tests {
		if got := ipKey(in); got != want {
			t.Errorf("ipKey(%q) = %q, want %q", in, got, want)
		}
	}
}
