package accounts

import (
	"fmt"
	"testing"
	"time"
)

func TestMemoryThrottleDelays(t *testing.T) {
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
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d after %v", tt.failures, tt.limit, tt.after), func(t *testing.T) {
			th := NewMemoryThrottle(10)
			for range tt.failures {
				th.Fail("k", t0)
			}
			if got := th.Wait("k", tt.limit, t0.Add(tt.after)); got != tt.want {
				t.Errorf("Wait = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMemoryThrottleWindowRestartsCount(t *testing.T) {
	th := NewMemoryThrottle(10)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 4 {
		th.Fail("k", t0.Add(time.Duration(i)*time.Minute))
	}
	// 15 minutes after the 4th failure the count starts again.
	th.Fail("k", t0.Add(3*time.Minute+ThrottleWindow))
	if w := th.Wait("k", 2, t0.Add(3*time.Minute+ThrottleWindow)); w != 0 {
		t.Errorf("count not restarted: wait %v", w)
	}
	th.Reset("k")
	if th.Len() != 0 {
		t.Errorf("Reset left %d entries", th.Len())
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
