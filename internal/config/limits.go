package config

import (
	"fmt"
	"net"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// QueryLimits are the sparql: settings that protect the endpoint from
// expensive or too many queries (beside timeout and max_results).
type QueryLimits struct {
	// MaxMemory bounds the memory one query or update holds at once
	// (hash tables, sorts, groups, GROUP_CONCAT strings, DISTINCT sets,
	// path closures, an update's changes): "64MiB" by default.
	MaxMemory ByteSize `yaml:"max_memory"`
	// MaxWork bounds the rows all operators of one query produce together
	// (default 50,000,000).
	MaxWork int64 `yaml:"max_work"`
	// MaxConcurrent is how many queries, updates and Graph Store requests
	// run at once (default 2×GOMAXPROCS); others wait.
	MaxConcurrent int `yaml:"max_concurrent"`
	// MaxQueued is how many may wait for a slot (default 4×max_concurrent);
	// beyond it requests get 503 at once.
	MaxQueued int `yaml:"max_queued"`
	// QueueWait is how long a request waits for a slot before 503 with
	// Retry-After (default 2s).
	QueueWait time.Duration `yaml:"queue_wait"`
	// MaxConcurrentPerClient is how many of those one client address may
	// have running or waiting (default half of max_concurrent, at least 1;
	// -1 turns the per-client share off). A client whose query ran into a
	// budget also waits as long as that query held its slot.
	MaxConcurrentPerClient int `yaml:"max_concurrent_per_client"`
	// RateLimit is how many queries per second one client address may
	// send on average (default 5; 0 keeps the default, -1 turns it off),
	// with bursts of RateBurst (default 20).
	RateLimit float64 `yaml:"rate_limit"`
	RateBurst int     `yaml:"rate_burst"`
	// WriteOrigins are the browser origins allowed to call SPARQL Update
	// and Graph Store writes from other sites (CORS). Default none.
	WriteOrigins []string `yaml:"write_origins"`
}

// Server is the server: section: HTTP timeouts and per-client limits on
// every route.
type Server struct {
	// ReadHeaderTimeout bounds reading a request's header (default 10s).
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	// ReadTimeout bounds reading a whole request, body included (default
	// 2m: a Graph Store upload of 64 MiB at 0.5 MB/s).
	ReadTimeout time.Duration `yaml:"read_timeout"`
	// WriteTimeout bounds writing a response (default 60s, or
	// sparql.timeout plus 10s when that is longer). SPARQL results
	// must be written within sparql.timeout; dumps, served from files that
	// hold no store snapshot, get this much time per 64 KiB instead.
	WriteTimeout time.Duration `yaml:"write_timeout"`
	// IdleTimeout closes keep-alive connections idle this long (default 2m).
	IdleTimeout time.Duration `yaml:"idle_timeout"`
	// RateLimit is how many requests per second one client address may
	// send to any route on average (default 50; -1 turns it off), with
	// bursts of RateBurst (default 200).
	RateLimit float64 `yaml:"rate_limit"`
	RateBurst int     `yaml:"rate_burst"`
	// MaxClients bounds how many client addresses the rate limiters
	// remember (default 100000); the least recently seen are forgotten.
	MaxClients int `yaml:"max_clients"`
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client (default 127.0.0.1 and ::1).
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// ByteSize is a number of bytes, written in YAML as a plain number or with
// a unit: "64MiB", "512KB", "1GiB" (KB/MB/GB are taken as KiB/MiB/GiB).
type ByteSize int64

// UnmarshalYAML reads a byte size.
func (b *ByteSize) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return err
	}
	n, err := ParseByteSize(s)
	if err != nil {
		return fmt.Errorf("sparql.max_memory: %w", err)
	}
	*b = ByteSize(n)
	return nil
}

// ParseByteSize reads "64MiB", "512k", "1 GB" or "1048576".
func ParseByteSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size: write a number of bytes, or one with a unit such as 64MiB", s)
	}
	return n * mult, nil
}

// applyLimitDefaults fills in the defaults of the limits.
func (c *Config) applyLimitDefaults() {
	q := &c.SPARQL.QueryLimits
	if q.MaxMemory == 0 {
		q.MaxMemory = 64 << 20
	}
	if q.MaxWork == 0 {
		q.MaxWork = 50_000_000
	}
	if q.MaxConcurrent == 0 {
		q.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	if q.MaxQueued == 0 {
		q.MaxQueued = 4 * max(q.MaxConcurrent, 1)
	}
	if q.QueueWait == 0 {
		q.QueueWait = 2 * time.Second
	}
	if q.MaxConcurrentPerClient == 0 {
		q.MaxConcurrentPerClient = max(1, q.MaxConcurrent/2)
	}
	if q.RateLimit == 0 {
		q.RateLimit = 5
	}
	if q.RateBurst == 0 {
		q.RateBurst = 20
	}
	s := &c.Server
	if s.ReadHeaderTimeout == 0 {
		s.ReadHeaderTimeout = 10 * time.Second
	}
	if s.ReadTimeout == 0 {
		s.ReadTimeout = 2 * time.Minute
	}
	if s.WriteTimeout == 0 {
		// Long enough to send a result that took the whole query timeout.
		s.WriteTimeout = max(time.Minute, c.SPARQL.Timeout+10*time.Second)
	}
	if s.IdleTimeout == 0 {
		s.IdleTimeout = 2 * time.Minute
	}
	if s.RateLimit == 0 {
		s.RateLimit = 50
	}
	if s.RateBurst == 0 {
		s.RateBurst = 200
	}
	if s.MaxClients == 0 {
		s.MaxClients = 100_000
	}
	if s.TrustedProxies == nil {
		s.TrustedProxies = []string{"127.0.0.1", "::1"}
	}
}

// limitError names the key of a bad limit and the fix.
func limitError(key, format string, args ...any) error {
	return fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...))
}

// validateLimits checks the sparql: limits and the server: section.
func (c *Config) validateLimits() error {
	q := c.SPARQL.QueryLimits
	switch {
	case q.MaxMemory < 1<<20:
		return limitError("sparql.max_memory", "%d bytes is too little for any query: give at least 1MiB (default 64MiB)", q.MaxMemory)
	case q.MaxWork < 1000:
		return limitError("sparql.max_work", "%d rows is too little: give at least 1000 (default 50000000)", q.MaxWork)
	case q.MaxConcurrent < 1 || q.MaxConcurrent > 1024:
		return limitError("sparql.max_concurrent", "%d: give 1 to 1024 concurrent queries (default 2×CPUs)", q.MaxConcurrent)
	case q.MaxQueued < 0:
		return limitError("sparql.max_queued", "must not be negative")
	case q.QueueWait < 0 || q.QueueWait > time.Minute:
		return limitError("sparql.queue_wait", "%v: give 0s to 1m (default 2s)", q.QueueWait)
	case q.MaxConcurrentPerClient < -1 || q.MaxConcurrentPerClient > q.MaxConcurrent+q.MaxQueued:
		return limitError("sparql.max_concurrent_per_client", "%d: give 1 to max_concurrent + max_queued (default half of max_concurrent), or -1 for no per-client share", q.MaxConcurrentPerClient)
	case q.RateLimit < 0 && q.RateLimit != -1:
		return limitError("sparql.rate_limit", "%v: give queries per second, or -1 for no limit", q.RateLimit)
	case q.RateBurst < 0:
		return limitError("sparql.rate_burst", "must not be negative")
	}
	for i, o := range q.WriteOrigins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || o == "*" {
			return limitError(fmt.Sprintf("sparql.write_origins[%d]", i), "%q is not an origin like https://editor.example.eu", o)
		}
	}
	s := c.Server
	for _, d := range []struct {
		key string
		v   time.Duration
	}{{"server.read_header_timeout", s.ReadHeaderTimeout}, {"server.read_timeout", s.ReadTimeout}, {"server.write_timeout", s.WriteTimeout}, {"server.idle_timeout", s.IdleTimeout}} {
		if d.v < time.Second || d.v > time.Hour {
			return limitError(d.key, "%v: give a duration from 1s to 1h", d.v)
		}
	}
	if s.WriteTimeout < c.SPARQL.Timeout {
		return limitError("server.write_timeout", "%v is shorter than sparql.timeout (%v): results could not be sent", s.WriteTimeout, c.SPARQL.Timeout)
	}
	switch {
	case s.RateLimit < 0 && s.RateLimit != -1:
		return limitError("server.rate_limit", "%v: give requests per second, or -1 for no limit", s.RateLimit)
	case s.RateBurst < 0:
		return limitError("server.rate_burst", "must not be negative")
	case s.MaxClients < 1:
		return limitError("server.max_clients", "give at least 1")
	}
	for i, p := range s.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return limitError(fmt.Sprintf("server.trusted_proxies[%d]", i), "%q is neither an IP address nor a CIDR range", p)
			}
		}
	}
	return nil
}
