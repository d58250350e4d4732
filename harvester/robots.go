package harvester

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes bounds robots.txt; Google reads the first 500 KiB.
const maxRobotsBytes = 500 << 10

// robotsRules are one host's robots.txt rules for the harvester.
type robotsRules struct {
	data *robotstxt.RobotsData
	// delay is the Crawl-delay of the group that applies to us (0 if none).
	delay time.Duration
	// err says why robots.txt could not be read; crawling the host is then
	// disallowed, as Google does for server errors.
	err error
}

// allowed reports whether the path (with query) may be fetched.
func (r *robotsRules) allowed(u *url.URL, agent string) bool {
	if r.err != nil {
		return false
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, agent)
}

// robotsCache fetches each host's robots.txt once per run. colly ignores
// Crawl-delay, so the harvester reads robots.txt itself (temoto/robotstxt,
// the parser colly uses) and turns the delay into the host's rate limit.
type robotsCache struct {
	client *http.Client
	agent  string

	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	once  sync.Once
	rules *robotsRules
}

func newRobotsCache(client *http.Client, agent string) *robotsCache {
	return &robotsCache{client: client, agent: agent, hosts: map[string]*robotsEntry{}}
}

// rules returns the robots.txt rules of u's scheme and host, fetching them
// on first use. Concurrent callers for one host wait for one fetch.
func (c *robotsCache) rules(ctx context.Context, u *url.URL) *robotsRules {
	key := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e, ok := c.hosts[key]
	if !ok {
		e = &robotsEntry{}
		c.hosts[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.rules = c.fetch(ctx, key+"/robots.txt") })
	return e.rules
}

func (c *robotsCache) fetch(ctx context.Context, robotsURL string) *robotsRules {
	fail := func(err error) *robotsRules {
		return &robotsRules{err: fmt.Errorf("robots.txt %s: %w", robotsURL, err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", c.agent)
	res, err := c.client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxRobotsBytes))
	if err != nil && !errors.Is(err, ErrBodyTooLarge) {
		return fail(err)
	}
	data, err := robotstxt.FromStatusAndBytes(res.StatusCode, body)
	if err != nil {
		return fail(err)
	}
	if res.StatusCode >= 500 {
		return fail(fmt.Errorf("HTTP %d: crawling is disallowed until it answers", res.StatusCode))
	}
	return &robotsRules{data: data, delay: data.FindGroup(c.agent).CrawlDelay}
}
