package harvester

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
)

// PageError is a page that could not be fetched or read.
type PageError struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Err    string `json:"error"`
	// Start is set when the page was a start URL: its failure fails the run.
	Start bool `json:"start,omitempty"`
}

// crawlResult is what one crawl of a source found.
type crawlResult struct {
	Pages     int
	Records   []Record
	Errors    []PageError
	Skipped   []string // pages not fetched: robots.txt, page limit
	Truncated bool     // the page limit stopped the crawl
}

// page kinds travel in the colly request context.
const (
	kindStart   = "start"
	kindListing = "listing"
	kindSitemap = "sitemap"
	kindDetail  = "detail"
)

// crawler visits one source's pages and runs its extractor on them.
type crawler struct {
	src       *Source
	extractor Extractor
	include   *regexp.Regexp
	transport http.RoundTripper
	userAgent string

	mu     sync.Mutex
	result crawlResult
	seen   map[string]bool
}

func newCrawler(src *Source, transport http.RoundTripper, userAgent string) (*crawler, error) {
	ex, err := newExtractor(src)
	if err != nil {
		return nil, err
	}
	c := &crawler{src: src, extractor: ex, transport: transport, userAgent: userAgent, seen: map[string]bool{}}
	if src.Crawl.Include != "" {
		c.include = regexp.MustCompile(src.Crawl.Include) // validated with the config
	}
	return c, nil
}

// run crawls the source until every reachable page within bounds is done or
// ctx ends.
func (c *crawler) run(ctx context.Context) (*crawlResult, error) {
	col := colly.NewCollector(
		colly.UserAgent(c.userAgent),
		colly.Async(true),
		colly.StdlibContext(ctx),
	)
	col.IgnoreRobotsTxt = c.src.Politeness.IgnoreRobots
	// One byte over the limit tells a cut body from one that fits exactly:
	// colly truncates silently.
	col.MaxBodySize = int(c.src.Crawl.MaxBodyBytes) + 1
	col.AllowURLRevisit = false
	col.WithTransport(c.transport)
	col.SetRequestTimeout(c.src.Politeness.Timeout)
	if err := col.Limit(&colly.LimitRule{
		DomainGlob:  "*",
		Delay:       c.src.Politeness.Delay,
		Parallelism: c.src.Politeness.Parallelism,
	}); err != nil {
		return nil, fmt.Errorf("rate limit: %w", err)
	}
	hosts := c.src.Crawl.AllowedHosts
	if len(hosts) == 0 {
		for _, s := range c.src.StartURLs {
			u, _ := url.Parse(s)
			hosts = append(hosts, u.Hostname())
		}
	}
	col.AllowedDomains = hosts
	col.OnResponse(func(r *colly.Response) { c.onResponse(col, r) })
	col.OnError(func(r *colly.Response, err error) {
		pe := PageError{URL: r.Request.URL.String(), Status: r.StatusCode, Err: describeFetchError(r, err)}
		pe.Start = r.Request.Ctx.Get("depth") == "0"
		c.mu.Lock()
		c.result.Errors = append(c.result.Errors, pe)
		c.mu.Unlock()
	})
	startKind := kindStart
	if c.src.Crawl.Sitemap {
		startKind = kindSitemap
	}
	for _, u := range c.src.StartURLs {
		c.visit(col, u, startKind, 0)
	}
	col.Wait()
	if err := ctx.Err(); err != nil {
		return &c.result, fmt.Errorf("crawl interrupted: %w", err)
	}
	return &c.result, nil
}

// visit queues u unless it was seen, is too deep or over the page limit.
func (c *crawler) visit(col *colly.Collector, u, kind string, depth int) {
	c.mu.Lock()
	if c.seen[u] {
		c.mu.Unlock()
		return
	}
	c.seen[u] = true
	if depth > c.src.Crawl.MaxDepth {
		c.result.Skipped = append(c.result.Skipped, u+" (deeper than max_depth)")
		c.mu.Unlock()
		return
	}
	if c.result.Pages >= c.src.Crawl.MaxPages {
		c.result.Truncated = true
		c.result.Skipped = append(c.result.Skipped, u+" (max_pages reached)")
		c.mu.Unlock()
		return
	}
	c.result.Pages++
	c.mu.Unlock()

	ctx := colly.NewContext()
	ctx.Put("kind", kind)
	ctx.Put("depth", fmt.Sprint(depth))
	err := col.Request(http.MethodGet, u, nil, ctx, nil)
	if err == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.result.Pages--
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		c.result.Skipped = append(c.result.Skipped, u+" (disallowed by robots.txt)")
	case errors.Is(err, colly.ErrForbiddenDomain), errors.Is(err, colly.ErrForbiddenURL):
		c.result.Skipped = append(c.result.Skipped, u+" (host not allowed)")
	case errors.As(err, new(*colly.AlreadyVisitedError)):
	default:
		c.result.Errors = append(c.result.Errors, PageError{URL: u, Err: err.Error(), Start: depth == 0})
	}
}

func (c *crawler) onResponse(col *colly.Collector, r *colly.Response) {
	u := r.Request.URL.String()
	kind := r.Request.Ctx.Get("kind")
	depth := 0
	fmt.Sscan(r.Request.Ctx.Get("depth"), &depth)
	fail := func(format string, args ...any) {
		c.mu.Lock()
		c.result.Errors = append(c.result.Errors, PageError{URL: u, Status: r.StatusCode, Err: fmt.Sprintf(format, args...), Start: depth == 0})
		c.mu.Unlock()
	}
	if int64(len(r.Body)) > c.src.Crawl.MaxBodyBytes {
		fail("page larger than max_body_bytes (%d bytes)", c.src.Crawl.MaxBodyBytes)
		return
	}
	ctype := r.Headers.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(ctype)
	if kind == kindSitemap {
		locs, isIndex, err := parseSitemap(r.Body, c.src.Crawl.MaxBodyBytes)
		if err != nil {
			fail("sitemap: %v", err)
			return
		}
		for _, loc := range locs {
			abs, err := r.Request.URL.Parse(loc)
			if err != nil {
				continue
			}
			if isIndex {
				c.visit(col, abs.String(), kindSitemap, depth+1)
			} else if c.include == nil || c.include.MatchString(abs.String()) {
				c.visit(col, abs.String(), kindDetail, depth+1)
			}
		}
		return
	}
	if mediaType != "" && mediaType != "text/html" && mediaType != "application/xhtml+xml" {
		fail("unexpected content type %q (want text/html)", mediaType)
		return
	}
	page := &Page{URL: r.Request.URL, ContentType: ctype, Body: r.Body}
	if kind == kindStart || kind == kindListing {
		c.follow(col, page, depth)
		if c.src.Crawl.Links != "" {
			return // a listing page links to practices; it does not hold them
		}
	}
	records, err := c.extractor.Extract(page)
	c.mu.Lock()
	c.result.Records = append(c.result.Records, records...)
	c.mu.Unlock()
	if err != nil {
		fail("%v", err)
	}
}

// follow queues the detail links and the next listing page of a listing page.
func (c *crawler) follow(col *colly.Collector, p *Page, depth int) {
	if c.src.Crawl.Links == "" && c.src.Crawl.Next == "" {
		return
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return
	}
	queue := func(sel, kind string) {
		if sel == "" {
			return
		}
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			href, ok := s.Attr("href")
			if !ok {
				return
			}
			abs, err := p.URL.Parse(strings.TrimSpace(href))
			if err != nil || (abs.Scheme != "http" && abs.Scheme != "https") {
				return
			}
			abs.Fragment = ""
			if kind == kindDetail && c.include != nil && !c.include.MatchString(abs.String()) {
				return
			}
			c.visit(col, abs.String(), kind, depth+1)
		})
	}
	queue(c.src.Crawl.Links, kindDetail)
	queue(c.src.Crawl.Next, kindListing)
}

// describeFetchError turns colly's errors into a message an editor can act on.
func describeFetchError(r *colly.Response, err error) string {
	if r.StatusCode >= 400 {
		return fmt.Sprintf("HTTP %d %s", r.StatusCode, http.StatusText(r.StatusCode))
	}
	if errors.Is(err, ErrForbiddenAddress) {
		return "refused: " + err.Error()
	}
	return err.Error()
}

// sitemapDoc matches both <urlset> and <sitemapindex>.
type sitemapDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// parseSitemap reads a sitemap or sitemap index, gunzipping it if needed.
func parseSitemap(body []byte, maxBytes int64) (locs []string, isIndex bool, err error) {
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false, fmt.Errorf("gzip: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxBytes+1))
		if err != nil {
			return nil, false, fmt.Errorf("gzip: %w", err)
		}
		if int64(len(body)) > maxBytes {
			return nil, false, fmt.Errorf("uncompressed sitemap larger than %d bytes", maxBytes)
		}
	}
	var doc sitemapDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		return nil, false, err
	}
	switch doc.XMLName.Local {
	case "urlset":
		for _, u := range doc.URLs {
			locs = append(locs, strings.TrimSpace(u.Loc))
		}
		return locs, false, nil
	case "sitemapindex":
		for _, s := range doc.Sitemaps {
			locs = append(locs, strings.TrimSpace(s.Loc))
		}
		return locs, true, nil
	}
	return nil, false, fmt.Errorf("root element <%s> is neither <urlset> nor <sitemapindex>", doc.XMLName.Local)
}
