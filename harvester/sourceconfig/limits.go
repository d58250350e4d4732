package sourceconfig

import (
	"time"
)

// The operating bounds of a source's settings, as the README's
// Configuration section documents them. Limits checks them.
const (
	MinEvery          = time.Minute
	MaxEvery          = 366 * 24 * time.Hour
	MaxCronJitter     = 24 * time.Hour
	MinTimeout        = time.Second
	MaxTimeout        = 10 * time.Minute
	MaxDelay          = time.Hour
	MaxParallelism    = 64
	MaxRetries        = 10
	MaxPages          = 1_000_000
	MaxDepth          = 100
	MinBodyBytes      = 1 << 10
	MaxBodyBytes      = 1 << 30
	MinRunDuration    = time.Minute
	MaxRunDuration    = 7 * 24 * time.Hour
	MaxWithdrawAfter  = 100
	MaxNameLength     = 200
	MaxStartURLs      = 1000
	MaxSelectorLength = 1000
)

// Limits checks the operating bounds of a validated source (call Validate
// first: it fills the defaults): timeouts of 1s to 10m, delays of at most
// 1h, intervals of 1m to a year, and so on (the constants above). The error
// joins every value out of bounds, each a *FieldError.
func (s *Source) Limits(prefix string) error {
	var p Problems
	s.limits(prefix, &p)
	return p.Err()
}

func (s *Source) limits(prefix string, p *Problems) {
	if len([]rune(s.Name)) > MaxNameLength {
		p.Add(prefix+".name", "%d characters: want at most %d", len([]rune(s.Name)), MaxNameLength)
	}
	if len(s.StartURLs) > MaxStartURLs {
		p.Add(prefix+".start_urls", "%d URLs: want at most %d (use a sitemap for more)", len(s.StartURLs), MaxStartURLs)
	}
	c := prefix + ".crawl."
	p.Check(c+"max_pages", IntBetween(s.Crawl.MaxPages, 1, MaxPages))
	p.Check(c+"max_depth", IntBetween(s.Crawl.MaxDepth, 1, MaxDepth))
	p.Check(c+"max_body_bytes", IntBetween(s.Crawl.MaxBodyBytes, MinBodyBytes, MaxBodyBytes))
	p.Check(c+"max_duration", DurationBetween(s.Crawl.MaxDuration, MinRunDuration, MaxRunDuration))
	for _, sel := range []struct{ key, css string }{{"links", s.Crawl.Links}, {"next", s.Crawl.Next}, {"include", s.Crawl.Include}} {
		if len(sel.css) > MaxSelectorLength {
			p.Add(c+sel.key, "%d characters: want at most %d", len(sel.css), MaxSelectorLength)
		}
	}
	o := prefix + ".politeness."
	p.Check(o+"delay", DurationBetween(s.Politeness.Delay, 0, MaxDelay))
	p.Check(o+"timeout", DurationBetween(s.Politeness.Timeout, MinTimeout, MaxTimeout))
	p.Check(o+"parallelism", IntBetween(s.Politeness.Parallelism, 1, MaxParallelism))
	p.Check(o+"retries", IntBetween(s.Politeness.Retries, -1, MaxRetries))
	p.Check(o+"retry_delay", DurationBetween(s.Politeness.RetryDelay, 0, MaxDelay))
	p.Check(o+"max_retry_wait", DurationBetween(s.Politeness.MaxRetryWait, 0, MaxDelay))
	sc := prefix + ".schedule."
	if s.Schedule.Every != 0 {
		p.Check(sc+"every", DurationBetween(s.Schedule.Every, MinEvery, MaxEvery))
	}
	if s.Schedule.Cron != "" && s.Schedule.Jitter > MaxCronJitter {
		p.Add(sc+"jitter", "%v is longer than a day: want a jitter of at most 24h with cron, such as 10m", s.Schedule.Jitter)
	}
	p.Check(prefix+".withdraw_after", IntBetween(s.WithdrawAfter, 1, MaxWithdrawAfter))
}
