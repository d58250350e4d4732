package config

import (
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	c, err := Parse(strings.NewReader("sparql:\n  max_memory: 128MiB\n  max_concurrent: 3\n  rate_limit: -1\n  write_origins: [https://editor.example.eu]\nserver:\n  write_timeout: 90s\n  trusted_proxies: [10.0.0.0/8]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.SPARQL.MaxMemory != 128<<20 || c.SPARQL.MaxConcurrent != 3 || c.SPARQL.RateLimit != -1 || c.Server.WriteTimeout != 90*time.Second ||
		c.Server.TrustedProxies[0] != "10.0.0.0/8" || c.SPARQL.MaxQueued != 12 {
		t.Errorf("parsed %+v %+v", c.SPARQL.QueryLimits, c.Server)
	}
	d := Default()
	if d.SPARQL.MaxMemory != 64<<20 || d.SPARQL.QueueWait != 2*time.Second || d.Server.ReadHeaderTimeout != 10*time.Second || len(d.Server.TrustedProxies) != 2 {
		t.Errorf("defaults %+v %+v", d.SPARQL.QueryLimits, d.Server)
	}
	for _, tc := range []struct{ yaml, key string }{
		{"sparql: {max_memory: 10}", "sparql.max_memory"},
		{"sparql: {max_memory: lots}", "max_memory"},
		{"sparql: {max_concurrent: -2}", "sparql.max_concurrent"},
		{"sparql: {queue_wait: 2h}", "sparql.queue_wait"},
		{"sparql: {write_origins: ['*']}", "sparql.write_origins[0]"},
		{"sparql: {rate_limit: -3}", "sparql.rate_limit"},
		{"server: {read_timeout: 1ms}", "server.read_timeout"},
		{"server: {write_timeout: 10s}", "server.write_timeout"},
		{"server: {trusted_proxies: [nonsense]}", "server.trusted_proxies[0]"},
		{"server: {max_clients: -1}", "server.max_clients"},
	} {
		_, err := Parse(strings.NewReader(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%s: %v, want an error naming %s", tc.yaml, err, tc.key)
		}
	}
}
