package harvester

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrBodyTooLarge is the error of a page whose body, after decompression,
// is larger than the source's max_body_bytes. colly would cut such a body
// silently; the harvester fails the page instead.
var ErrBodyTooLarge = errors.New("body larger than max_body_bytes")

// originalContentType is where bodyLimitTransport keeps a response's
// Content-Type while colly sees the bare media type only: colly converts
// bodies to UTF-8 by the header alone, and the harvester decodes them
// itself, with the page's own declarations (see decode.go).
const originalContentType = "X-Skillsmap-Original-Content-Type"

// bodyLimitTransport bounds and normalises response bodies before colly
// reads them: gzip bodies (a .xml.gz sitemap, a gzip bomb) are inflated
// here, within the bound — colly would inflate them without one — and a
// body over max fails with ErrBodyTooLarge instead of being cut.
type bodyLimitTransport struct {
	next http.RoundTripper
	max  int64
}

func (t *bodyLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(res.Body)
	var body io.Reader = br
	if magic, _ := br.Peek(2); !res.Uncompressed && len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			res.Body.Close()
			return nil, fmt.Errorf("gzip body of %s: %w", req.URL, err)
		}
		body = zr
		res.Uncompressed = true
		res.Header.Del("Content-Encoding")
		res.ContentLength = -1
	}
	res.Body = &limitedBody{r: body, closer: res.Body, remaining: t.max}
	if ct := res.Header.Get("Content-Type"); ct != "" {
		res.Header.Set(originalContentType, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			res.Header.Set("Content-Type", mt)
		} else {
			res.Header.Del("Content-Type")
		}
	}
	return res, nil
}

// limitedBody reads at most remaining bytes and fails on the next one.
type limitedBody struct {
	r         io.Reader
	closer    io.Closer
	remaining int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.remaining < 0 {
		return 0, ErrBodyTooLarge
	}
	if int64(len(p)) > b.remaining+1 {
		p = p[:b.remaining+1]
	}
	n, err := b.r.Read(p)
	b.remaining -= int64(n)
	if b.remaining < 0 {
		return n, ErrBodyTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.closer.Close() }

// retryTransport gives every attempt its own timeout (headers and body)
// and retries requests answered 429 or 502–504, or cut by a network error,
// with exponential backoff and jitter, honouring Retry-After up to
// maxWait. A Retry-After beyond maxWait is not waited for: the response
// is returned as it is and the page fails with a clear error.
type retryTransport struct {
	next    http.RoundTripper
	retries int
	timeout time.Duration
	maxWait time.Duration
	// baseDelay is the first backoff (doubled on each retry).
	baseDelay time.Duration
	// onRetry, if set, is told about every retry.
	onRetry func(url string, status int, wait time.Duration)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		res, err := t.attempt(req)
		wait, retry := t.backoff(res, err, attempt)
		if !retry || attempt >= t.retries {
			return res, err
		}
		if deadline, ok := req.Context().Deadline(); ok && time.Until(deadline) < wait {
			return res, err
		}
		status := 0
		if res != nil {
			status = res.StatusCode
			io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
			res.Body.Close()
		}
		if t.onRetry != nil {
			t.onRetry(req.URL.String(), status, wait)
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		}
	}
}

// attempt makes one request whose context ends when its body is closed or
// the per-attempt timeout passes.
func (t *retryTransport) attempt(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	res, err := t.next.RoundTrip(req.Clone(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	res.Body = &cancelOnClose{ReadCloser: res.Body, ctx: ctx, cancel: cancel, timeout: t.timeout}
	return res, nil
}

// cancelOnClose ends an attempt's context when its body is closed, and
// names a read cut by the attempt's timeout as such (the transport reports
// it as a closed connection).
type cancelOnClose struct {
	io.ReadCloser
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration
}

func (c *cancelOnClose) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(c.ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("page not read within politeness.timeout (%v): %w", c.timeout, context.DeadlineExceeded)
	}
	return n, err
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// backoff says whether to retry and how long to wait first.
func (t *retryTransport) backoff(res *http.Response, err error, attempt int) (time.Duration, bool) {
	if err != nil {
		// Refusals and cancellations are final; a reset connection is not.
		if errors.Is(err, ErrForbiddenAddress) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, false
		}
		return t.exponential(attempt), true
	}
	switch res.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	default:
		return 0, false
	}
	if ra, ok := retryAfter(res.Header.Get("Retry-After"), time.Now()); ok {
		if ra > t.maxWait {
			return 0, false
		}
		return ra, true
	}
	return t.exponential(attempt), true
}

func (t *retryTransport) exponential(attempt int) time.Duration {
	d := t.baseDelay << attempt
	d += rand.N(d/2 + 1) // jitter, so that retries of many pages spread out
	return min(d, t.maxWait)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if ts, err := http.ParseTime(v); err == nil {
		return max(ts.Sub(now), 0), true
	}
	return 0, false
}
