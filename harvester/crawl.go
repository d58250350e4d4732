package harvester

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// PageError is a page that could not be fetched or read, or (as a warning)
// a page that was read despite a problem.
type PageError struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Err    string `json:"error"`
	// Start is set when the page was a start URL: its failure fails the run.
	Start bool `json:"start,omitempty"`
}

// crawlResult is what one crawl of a source found.
type crawlResult struct {
	Pages       int // requests made, 304s included
	NotModified int // 304 answers whose cached records were reused
	Retries     int
	Records     []Record
	Errors      []PageError
	Warnings    []PageError
	Skipped     []string // pages not fetched: robots.txt, bounds
	Truncated   bool     // the page limit stopped the crawl
	// State is the source's state after the crawl.
	State *SourceState
}

// complete reports whether the crawl read every page within its bounds:
// only then may a practice it did not find count as gone.
func (r *crawlResult) complete() bool { return !r.Truncated && len(r.Errors) == 0 }

// Page kinds travel in the colly request context.
const (
	kindStart    = "start"    // a start URL read by the extractor (and links followed)
	kindListing  = "listing"  // a further listing page (crawl.next)
	kindSitemap  = "sitemap"  // a sitemap or sitemap index
	kindFeedList = "feedlist" // a feed whose items link to detail pages
	kindDetail   = "detail"   // a page read by the extractor
)

// crawler visits one source's pages and runs its extractor on them.
type crawler struct {
	src       *sourceconfig.Source
	extractor Extractor
	embedded  Extractor // for HTML answers to linked-data requests
	include   *regexp.Regexp
	transport http.RoundTripper
	userAgent string
	log       *slog.Logger
	old       *SourceState
	robots    *robotsCache
	ctx       context.Context

	limitMu sync.Mutex
	limited map[string]bool

	mu     sync.Mutex
	result crawlResult
	seen   map[string]bool
}

func newCrawler(src *sourceconfig.Source, transport http.RoundTripper, userAgent string, old *SourceState, log *slog.Logger) (*crawler, error) {
	ex, err := newExtractor(src)
	if err != nil {
		return nil, err
	}
	if old == nil || old.Fingerprint != fingerprint(src) {
		old = &SourceState{Pages: map[string]*PageState{}}
	}
	c := &crawler{
		src: src, extractor: ex, embedded: &embeddedExtractor{lang: src.Mapping.Language},
		transport: transport, userAgent: userAgent, log: log, old: old,
		seen: map[string]bool{}, limited: map[string]bool{},
	}
	c.result.State = &SourceState{Fingerprint: fingerprint(src), Pages: map[string]*PageState{}}
	if src.Crawl.Include != "" {
		c.include = regexp.MustCompile(src.Crawl.Include) // validated with the config
	}
	return c, nil
}

// pageBound is the longest one page may take, retries included.
func (c *crawler) pageBound() time.Duration {
	p := c.src.Politeness
	n := time.Duration(max(p.Retries, 0))
	return (n+1)*p.Timeout + n*p.MaxRetryWait
}

// run crawls the source until every reachable page within bounds is done,
// the run's deadline (crawl.max_duration) passes, or ctx ends.
func (c *crawler) run(ctx context.Context) (*crawlResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.src.Crawl.MaxDuration)
	defer cancel()
	c.ctx = ctx
	stack := &retryTransport{
		next:      &bodyLimitTransport{next: c.transport, max: c.src.Crawl.MaxBodyBytes},
		retries:   max(c.src.Politeness.Retries, 0),
		timeout:   c.src.Politeness.Timeout,
		maxWait:   c.src.Politeness.MaxRetryWait,
		baseDelay: c.src.Politeness.RetryDelay,
		onRetry: func(u string, status int, wait time.Duration) {
			c.mu.Lock()
			c.result.Retries++
			c.mu.Unlock()
			c.log.Debug("retry", "url", u, "status", status, "wait", wait)
		},
	}
	col := colly.NewCollector(
		colly.UserAgent(c.userAgent),
		colly.Async(true),
		colly.StdlibContext(ctx),
	)
	col.IgnoreRobotsTxt = true // robots.txt is read by robotsCache, Crawl-delay included
	col.MaxBodySize = 0        // bodyLimitTransport bounds bodies and fails, never cuts
	col.AllowURLRevisit = true // c.seen decides
	col.ParseHTTPErrorResponse = true
	col.WithTransport(stack)
	col.SetRequestTimeout(c.pageBound())
	hosts := c.src.Crawl.AllowedHosts
	if len(hosts) == 0 {
		for _, s := range c.src.StartURLs {
			u, _ := url.Parse(s)
			hosts = append(hosts, u.Hostname())
		}
	}
	col.AllowedDomains = hosts
	c.robots = newRobotsCache(&http.Client{
		Transport: stack,
		Timeout:   c.pageBound(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		},
	}, c.userAgent)
	// colly checks the allowed hosts of every redirect; robots.txt is ours.
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if !c.src.Politeness.IgnoreRobots {
			rules := c.robots.rules(c.ctx, req.URL)
			if rules.err != nil {
				return fmt.Errorf("redirect to %s: %w", req.URL, rules.err)
			}
			if !rules.allowed(req.URL, c.userAgent) {
				return fmt.Errorf("redirect to %s: disallowed by robots.txt", req.URL)
			}
		}
		return nil
	})
	col.OnResponse(func(r *colly.Response) { c.onResponse(col, r) })
	col.OnError(func(r *colly.Response, err error) {
		c.addError(r.Request, r.StatusCode, describeFetchError(r, err))
	})
	startKind := kindStart
	switch {
	case c.src.Crawl.Sitemap:
		startKind = kindSitemap
	case c.src.Crawl.Feed:
		startKind = kindFeedList
	}
	for _, u := range c.src.StartURLs {
		c.visit(col, Link{URL: u, Kind: startKind}, 0, true)
	}
	col.Wait()
	if err := ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) && context.Cause(ctx) == err {
			return &c.result, fmt.Errorf("crawl stopped at crawl.max_duration (%v): %w", c.src.Crawl.MaxDuration, err)
		}
		return &c.result, fmt.Errorf("crawl interrupted: %w", err)
	}
	return &c.result, nil
}

func (c *crawler) addError(req *colly.Request, status int, msg string) {
	pe := PageError{URL: req.Ctx.Get("url"), Status: status, Err: msg, Start: req.Ctx.Get("start") == "1"}
	if pe.URL == "" {
		pe.URL = req.URL.String()
	}
	c.mu.Lock()
	c.result.Errors = append(c.result.Errors, pe)
	// A page that fails keeps its last extraction for the next run.
	if old, ok := c.old.Pages[pe.URL]; ok {
		c.result.State.Pages[pe.URL] = old
	}
	c.mu.Unlock()
}

func (c *crawler) warn(u, msg string) {
	c.mu.Lock()
	c.result.Warnings = append(c.result.Warnings, PageError{URL: u, Err: msg})
	c.mu.Unlock()
}

// visit queues a link unless it was seen, is too deep, over the page limit
// or disallowed by robots.txt.
func (c *crawler) visit(col *colly.Collector, l Link, depth int, start bool) {
	u, err := url.Parse(strings.TrimSpace(l.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.warn(l.URL, "not an absolute http(s) URL: skipped")
		return
	}
	u.Fragment, u.RawFragment = "", ""
	key := u.String()
	c.mu.Lock()
	if c.seen[key] {
		c.mu.Unlock()
		return
	}
	c.seen[key] = true
	if depth > c.src.Crawl.MaxDepth {
		c.result.Skipped = append(c.result.Skipped, key+" (deeper than max_depth)")
		c.mu.Unlock()
		return
	}
	if c.result.Pages >= c.src.Crawl.MaxPages {
		c.result.Truncated = true
		c.result.Skipped = append(c.result.Skipped, key+" (max_pages reached)")
		c.mu.Unlock()
		return
	}
	c.result.Pages++
	c.mu.Unlock()
	unvisit := func() {
		c.mu.Lock()
		c.result.Pages--
		c.mu.Unlock()
	}

	if !c.hostAllowed(u.Hostname(), col) {
		unvisit()
		c.skip(key, "host not allowed", start)
		return
	}
	if !c.src.Politeness.IgnoreRobots {
		rules := c.robots.rules(c.ctx, u)
		if rules.err != nil || !rules.allowed(u, c.userAgent) {
			unvisit()
			reason := "disallowed by robots.txt"
			if rules.err != nil {
				reason = rules.err.Error()
			}
			c.skip(key, reason, start)
			return
		}
		c.limitHost(col, u, rules.delay)
	} else {
		c.limitHost(col, u, 0)
	}

	hdr := http.Header{}
	hdr.Set("Accept", c.accept(l.Kind))
	if old, ok := c.old.Pages[key]; ok {
		if old.ETag != "" {
			hdr.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			hdr.Set("If-Modified-Since", old.LastModified)
		}
	}
	cctx := colly.NewContext()
	cctx.Put("url", key)
	cctx.Put("kind", l.Kind)
	cctx.Put("depth", strconv.Itoa(depth))
	if start {
		cctx.Put("start", "1")
	}
	err = col.Request(http.MethodGet, key, nil, cctx, hdr)
	if err == nil {
		return
	}
	unvisit()
	switch {
	case errors.Is(err, colly.ErrForbiddenDomain), errors.Is(err, colly.ErrForbiddenURL):
		c.skip(key, "host not allowed", start)
	default:
		c.mu.Lock()
		c.result.Errors = append(c.result.Errors, PageError{URL: key, Err: err.Error(), Start: start})
		c.mu.Unlock()
	}
}

// skip records a page that is not fetched; a start URL that cannot be
// fetched is an error that fails the run.
func (c *crawler) skip(u, reason string, start bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if start {
		c.result.Errors = append(c.result.Errors, PageError{URL: u, Err: reason, Start: true})
		return
	}
	c.result.Skipped = append(c.result.Skipped, u+" ("+reason+")")
}

func (c *crawler) hostAllowed(host string, col *colly.Collector) bool {
	for _, h := range col.AllowedDomains {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// limitHost sets the rate limit of u's host on first use: the source's
// delay, or the Crawl-delay of robots.txt when that is longer.
func (c *crawler) limitHost(col *colly.Collector, u *url.URL, robotsDelay time.Duration) {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	if c.limited[u.Host] {
		return
	}
	c.limited[u.Host] = true
	delay := c.src.Politeness.Delay
	if robotsDelay > delay {
		delay = robotsDelay
		c.warn(u.Scheme+"://"+u.Host+"/robots.txt", fmt.Sprintf("Crawl-delay %v honoured (longer than politeness.delay %v)", robotsDelay, c.src.Politeness.Delay))
	}
	// colly matches rules against the host with its port.
	if err := col.Limit(&colly.LimitRule{
		DomainRegexp: "^" + regexp.QuoteMeta(u.Host) + "$",
		Delay:        delay,
		Parallelism:  c.src.Politeness.Parallelism,
	}); err != nil {
		c.warn(u.String(), "rate limit: "+err.Error())
	}
}

func (c *crawler) accept(kind string) string {
	switch kind {
	case kindSitemap:
		return acceptSitemap
	case kindFeedList:
		return acceptHeaders[sourceconfig.ExtractFeed]
	}
	if h, ok := acceptHeaders[c.src.Extractor]; ok {
		return h
	}
	return acceptHTML
}

func (c *crawler) onResponse(col *colly.Collector, r *colly.Response) {
	key := r.Ctx.Get("url")
	kind := r.Ctx.Get("kind")
	depth, _ := strconv.Atoi(r.Ctx.Get("depth"))
	fail := func(format string, args ...any) {
		c.addError(r.Request, r.StatusCode, fmt.Sprintf(format, args...))
	}
	switch {
	case r.StatusCode == http.StatusNotModified:
		old, ok := c.old.Pages[key]
		if !ok {
			fail("HTTP 304 Not Modified to a request that was not conditional")
			return
		}
		reused := *old
		reused.Fetched = time.Now()
		c.mu.Lock()
		c.result.NotModified++
		c.result.Records = append(c.result.Records, old.Records...)
		c.result.State.Pages[key] = &reused
		c.mu.Unlock()
		c.follow(col, old.Links, depth)
		return
	case r.StatusCode < 200 || r.StatusCode >= 300:
		fail("%s", describeStatus(r.StatusCode, *r.Headers))
		return
	}
	ctype := r.Headers.Get(originalContentType)
	if ctype == "" {
		ctype = r.Headers.Get("Content-Type")
	}
	mediaType, _, _ := mime.ParseMediaType(ctype)
	if mediaType == "" {
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(r.Body))
	}
	page := &Page{URL: r.Request.URL, ContentType: ctype, MediaType: strings.ToLower(mediaType), Body: r.Body, Header: *r.Headers}
	x, err := c.read(page, kind)
	for _, w := range x.Warnings {
		c.warn(key, w)
	}
	links := x.links
	if err != nil {
		fail("%v", err)
		return
	}
	if lm := r.Headers.Get("Last-Modified"); lm != "" {
		if ts, err := http.ParseTime(lm); err == nil {
			for i := range x.Records {
				if x.Records[i].Modified.IsZero() {
					x.Records[i].Modified = ts.UTC()
				}
			}
		}
	}
	entry := &PageState{
		ETag: r.Headers.Get("ETag"), LastModified: r.Headers.Get("Last-Modified"),
		Fetched: time.Now(), Records: x.Records, Links: links,
	}
	c.mu.Lock()
	c.result.Records = append(c.result.Records, x.Records...)
	c.result.State.Pages[key] = entry
	c.mu.Unlock()
	c.follow(col, links, depth)
}

// follow visits the links a page led to.
func (c *crawler) follow(col *colly.Collector, links []Link, depth int) {
	for _, l := range links {
		d := depth
		if l.Hop {
			d++
		}
		c.visit(col, l, d, false)
	}
}

// readResult is an extraction with the links to follow.
type readResult struct {
	Extraction
	links []Link
}

// read runs the reader a page's kind calls for.
func (c *crawler) read(p *Page, kind string) (readResult, error) {
	var out readResult
	switch kind {
	case kindSitemap:
		if !isXMLType(p.MediaType) {
			return out, fmt.Errorf("unexpected content type %q for a sitemap (want XML)", p.MediaType)
		}
		locs, isIndex, err := parseSitemap(p.Body)
		if err != nil {
			return out, fmt.Errorf("sitemap: %w", err)
		}
		for _, loc := range locs {
			abs, err := p.URL.Parse(loc)
			if err != nil {
				continue
			}
			if isIndex {
				out.links = append(out.links, Link{URL: abs.String(), Kind: kindSitemap, Hop: true})
			} else if c.included(abs.String()) {
				out.links = append(out.links, Link{URL: abs.String(), Kind: kindDetail, Hop: true})
			}
		}
		return out, nil
	case kindFeedList:
		items, err := feedLinks(p)
		if err != nil {
			return out, err
		}
		for _, u := range items {
			if c.included(u) {
				out.links = append(out.links, Link{URL: u, Kind: kindDetail, Hop: true})
			}
		}
		return out, nil
	}

	ex := c.extractor
	if c.src.Extractor == sourceconfig.ExtractRDF && isHTMLType(p.MediaType) {
		ex = c.embedded // a linked-data URL that answers with HTML may embed its data
	}
	_, readsHTML := ex.(htmlReader)
	if readsHTML {
		if !isHTMLType(p.MediaType) {
			return out, fmt.Errorf("unexpected content type %q (want text/html)", p.MediaType)
		}
		body, warning, err := decodeHTML(p.Body, p.ContentType)
		if err != nil {
			return out, err
		}
		if warning != "" {
			out.Warnings = append(out.Warnings, warning)
		}
		p.Body = body
		if kind == kindStart || kind == kindListing {
			out.links = append(out.links, c.listingLinks(p)...)
			if c.src.Crawl.Links != "" {
				return out, nil // a listing page links to practices; it does not hold them
			}
		}
	}
	x, err := safeExtract(ex, p)
	out.Records = x.Records
	out.Warnings = append(out.Warnings, x.Warnings...)
	if err != nil {
		return out, err
	}
	// Further pages of a document are read like it, at the same depth. A
	// Link: rel="next" header pages APIs, feeds and linked data; on HTML
	// it often points to the next article, which is not pagination.
	next := x.Next
	if !readsHTML {
		next = append(next, linkHeaderNext(p)...)
	}
	for _, u := range next {
		out.links = append(out.links, Link{URL: u, Kind: kind})
	}
	for _, u := range x.Follow {
		out.links = append(out.links, Link{URL: u, Kind: kindDetail, Hop: true})
	}
	return out, nil
}

func (c *crawler) included(u string) bool { return c.include == nil || c.include.MatchString(u) }

// describeFetchError turns colly's errors into a message an editor can act on.
func describeFetchError(r *colly.Response, err error) string {
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return "refused: " + err.Error()
	case errors.Is(err, ErrBodyTooLarge):
		return "page larger than max_body_bytes: not read"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out: " + err.Error()
	case r != nil && r.StatusCode >= 400 && r.Headers != nil:
		return describeStatus(r.StatusCode, *r.Headers)
	}
	return err.Error()
}

// describeStatus names an HTTP error status, with its Retry-After.
func describeStatus(status int, h http.Header) string {
	msg := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	if ra := h.Get("Retry-After"); ra != "" {
		if d, ok := retryAfter(ra, time.Now()); ok {
			msg += fmt.Sprintf(" (Retry-After %v; retries exhausted or beyond politeness.max_retry_wait)", d.Round(time.Second))
		}
	}
	return msg
}

// linkHeaderNext returns the rel="next" targets of the page's Link headers
// (RFC 8288), as APIs and feeds page with them.
func linkHeaderNext(p *Page) []string {
	var out []string
	for _, h := range p.Header.Values("Link") {
		for _, part := range splitLinkHeader(h) {
			target, params, ok := strings.Cut(part, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, param := range strings.Split(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(param), "=")
				if strings.EqualFold(k, "rel") && hasToken(strings.Trim(v, `"`), "next") {
					if u, err := p.URL.Parse(target[1 : len(target)-1]); err == nil {
						out = append(out, u.String())
					}
				}
			}
		}
	}
	return out
}

// splitLinkHeader splits a Link header at the commas between links.
func splitLinkHeader(h string) []string {
	var parts []string
	inURL, inQuote, start := false, false, 0
	for i, c := range h {
		switch {
		case c == '<' && !inQuote:
			inURL = true
		case c == '>' && !inQuote:
			inURL = false
		case c == '"' && !inURL:
			inQuote = !inQuote
		case c == ',' && !inURL && !inQuote:
			parts = append(parts, h[start:i])
			start = i + 1
		}
	}
	return append(parts, h[start:])
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

func isHTMLType(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }

func isXMLType(mt string) bool {
	return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml") || mt == "text/plain" ||
		mt == "application/octet-stream" || mt == "application/gzip" || mt == "application/x-gzip"
}

// htmlReader marks extractors that read HTML pages.
type htmlReader interface{ readsHTML() }
