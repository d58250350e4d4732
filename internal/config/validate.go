package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/vocab"
)

// Bounds of the settings outside the sources (the sources' own are in
// package sourceconfig). The README's Configuration section lists them all.
const (
	MinSPARQLTimeout  = time.Second
	MaxSPARQLTimeout  = 10 * time.Minute
	MaxSPARQLResults  = 10_000_000
	MaxKeepRuns       = 1000
	MinAdminTokenLen  = 16
	MaxUserAgentLen   = 256
	MaxCatalogTextLen = 10_000
	MaxRedisDB        = 15
	MinLockTTL        = 3 * time.Second
	MaxLockTTL        = 10 * time.Minute
)

// Validate checks every value, fills in the sources' defaults, and returns
// every problem found, joined (each a *sourceconfig.FieldError that names
// the key, like "sources[0].schedule.cron", and says what a valid value
// looks like).
func (c *Config) Validate() error {
	var p sourceconfig.Problems
	c.validatePublicURL(&p)
	validateListen(c.Listen, &p)
	c.validateAdminToken(&p)
	c.Catalog.validate(&p)
	c.SPARQL.validate(&p)
	c.Harvest.validate(&p)
	c.Store.validate(&p)
	c.validateExchangeStore(&p)
	seen := map[string]bool{}
	for i := range c.Sources {
		prefix := fmt.Sprintf("sources[%d]", i)
		src := &c.Sources[i]
		// Every problem of a source, the bounds too (Validate has filled
		// in the defaults), each key reported once.
		reported := map[string]bool{}
		for _, err := range append(unwrapJoin(src.Validate(prefix)), unwrapJoin(src.Limits(prefix))...) {
			var fe *sourceconfig.FieldError
			if errors.As(err, &fe) {
				if reported[fe.Field] {
					continue
				}
				reported[fe.Field] = true
			}
			p = append(p, err)
		}
		if src.ID != "" && seen[src.ID] {
			p.Add(prefix+".id", "duplicate source id %q: every source needs its own id", src.ID)
		}
		seen[src.ID] = true
	}
	if err := c.validateLimits(); err != nil {
		p = append(p, err)
	}
	if err := c.validateExchange(); err != nil {
		p = append(p, err)
	}
	return p.Err()
}

// unwrapJoin returns the errors joined in err (none for nil).
func unwrapJoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func (c *Config) validatePublicURL(p *sourceconfig.Problems) {
	if err := sourceconfig.HTTPURL(c.PublicURL); err != nil {
		p.Check("public_url", err)
		return
	}
	if u, _ := url.Parse(c.PublicURL); u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		p.Add("public_url", "%q has a query or fragment: want the base of the map's IRIs, like https://skillsmap.example.eu/", c.PublicURL)
	}
}

// CheckListen checks a listen address, such as the --addr of serve: the
// error names the key listen and says what a valid address looks like.
func CheckListen(listen string) error {
	var p sourceconfig.Problems
	validateListen(listen, &p)
	return p.Err()
}

// validateListen checks a listen address: host:port, the host empty (every
// interface), an IP address or a host name, the port 1–65535.
func validateListen(listen string, p *sourceconfig.Problems) {
	const want = `want host:port such as ":8080", "127.0.0.1:8080" or "[::1]:8080" (port 1–65535)`
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		p.Add("listen", "%q is not host:port: %s", listen, want)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		p.Add("listen", "%q has the port %q: %s", listen, port, want)
	}
	if host != "" {
		if err := sourceconfig.Hostname(host); err != nil {
			p.Add("listen", "%q has the host %q, which is no IP address or host name: %s", listen, host, want)
		}
	}
}

func (c *Config) validateAdminToken(p *sourceconfig.Problems) {
	t := c.AdminToken
	if t == "" {
		return
	}
	key := "admin_token"
	if os.Getenv("SKILLSMAP_ADMIN_TOKEN") != "" {
		key = "admin_token (from SKILLSMAP_ADMIN_TOKEN)"
	}
	if strings.ContainsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		p.Add(key, "contains spaces or control characters: want one word of at least %d characters, like the output of 'openssl rand -hex 32'", MinAdminTokenLen)
	} else if len(t) < MinAdminTokenLen {
		p.Add(key, "%d characters is too short to guard writes: want at least %d, like the output of 'openssl rand -hex 32'", len(t), MinAdminTokenLen)
	}
}

func (c *Catalog) validate(p *sourceconfig.Problems) {
	for _, f := range []struct{ key, val, why string }{
		{"title", c.Title, "DCAT-AP requires a title"},
		{"description", c.Description, "DCAT-AP requires a description"},
		{"publisher", c.Publisher, "DCAT-AP requires a publisher with a name"},
	} {
		switch {
		case strings.TrimSpace(f.val) == "":
			p.Add("catalog."+f.key, "must not be empty: %s; want some text, or leave the key out for the default", f.why)
		case len(f.val) > MaxCatalogTextLen:
			p.Add("catalog."+f.key, "%d bytes: want at most %d", len(f.val), MaxCatalogTextLen)
		}
	}
	if c.PublisherURL != "" {
		p.Check("catalog.publisher_url", sourceconfig.HTTPURL(c.PublisherURL))
	}
	if c.PublisherType != "" && !vocab.IsPublisherType(c.PublisherType) {
		p.Add("catalog.publisher_type", "%q is not an ADMS publisher type: want one of %s", c.PublisherType, strings.Join(publisherTypeCodes(), ", "))
	}
	if c.ContactEmail != "" {
		if a, err := mail.ParseAddress(c.ContactEmail); err != nil || a.Name != "" || a.Address != c.ContactEmail || !strings.Contains(a.Address, "@") {
			p.Add("catalog.contact_email", "%q is not a plain e-mail address: want one like skillsmap@example.eu (no name, no angle brackets)", c.ContactEmail)
		}
	}
	if err := sourceconfig.HTTPURL(c.License); err != nil {
		p.Add("catalog.license", "%q is not a licence IRI: want an http(s) IRI such as http://publications.europa.eu/resource/authority/licence/CC_BY_4_0 (%v)", c.License, err)
	}
}

func publisherTypeCodes() []string {
	codes := make([]string, 0, len(vocab.PublisherTypes))
	for k := range vocab.PublisherTypes {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	return codes
}

func (s *SPARQL) validate(p *sourceconfig.Problems) {
	p.Check("sparql.timeout", sourceconfig.DurationBetween(s.Timeout, MinSPARQLTimeout, MaxSPARQLTimeout))
	p.Check("sparql.max_results", sourceconfig.IntBetween(s.MaxResults, 1, MaxSPARQLResults))
	for i, u := range s.Federation {
		p.Check(fmt.Sprintf("sparql.federation[%d]", i), sourceconfig.HTTPURL(u))
	}
}

func (h *Harvest) validate(p *sourceconfig.Problems) {
	if h.UserAgent != "" {
		p.Check("harvest.user_agent", sourceconfig.NoControl(h.UserAgent))
		if len(h.UserAgent) > MaxUserAgentLen {
			p.Add("harvest.user_agent", "%d characters: want at most %d, like \"Skillsmap-harvester/0.1 (+https://example.eu/about)\"", len(h.UserAgent), MaxUserAgentLen)
		}
	}
	p.Check("harvest.keep_runs", sourceconfig.IntBetween(h.KeepRuns, 1, MaxKeepRuns))
	if h.RedisURL != "" {
		p.Check("harvest.redis_url", checkRedisURL(h.RedisURL))
	}
	p.Check("harvest.lock_ttl", sourceconfig.DurationBetween(h.LockTTL, MinLockTTL, MaxLockTTL))
}

func (c *Config) validateExchangeStore(p *sourceconfig.Problems) {
	if c.Exchange.RedisURL == "" {
		return
	}
	p.Check("exchange.redis_url", checkRedisURL(c.Exchange.RedisURL))
	if c.Store.Kind != StoreSPARQL {
		p.Add("exchange.redis_url", "want store.kind: sparql with it: review publishes into the store, so instances that share the exchange must share the store too (with the embedded store, leave exchange.redis_url out and the exchange stays in DATA)")
	}
}

// checkRedisURL checks a Redis URL the way go-redis reads one
// (redis://[user:password@]host[:port][/db] or rediss:// for TLS), without
// linking go-redis into every user of the configuration.
func checkRedisURL(raw string) error {
	const want = "want redis://[user:password@]host[:port][/db] or rediss://… (db 0–15), like redis://localhost:6379/0"
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL (%v): %s", err, want)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return fmt.Errorf("the scheme %q is not redis or rediss: %s", u.Scheme, want)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%q has no host: %s", u.Redacted(), want)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has the port %q: %s", u.Redacted(), port, want)
		}
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		if n, err := strconv.Atoi(db); err != nil || n < 0 || n > MaxRedisDB {
			return fmt.Errorf("%q names the database %q: %s", u.Redacted(), db, want)
		}
	}
	return nil
}
