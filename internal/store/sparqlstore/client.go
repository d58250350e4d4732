package sparqlstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

// Options configure a Store.
type Options struct {
	// QueryURL is the engine's SPARQL query endpoint (required).
	QueryURL string
	// UpdateURL is its SPARQL Update endpoint (default QueryURL).
	UpdateURL string
	// Username and Password, if set, are sent with HTTP basic
	// authentication; Token, if set, as a bearer token (Skillsmap's own
	// endpoints). Use one or the other.
	Username, Password string
	Token              string
	// Dialect says which engine quirks to work around (default Standard).
	Dialect Dialect
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
	// MaxResponseBytes bounds each response (default 256 MiB): a larger
	// one is an error, never a silently truncated read.
	MaxResponseBytes int64
	// PageSize is the number of rows one read request asks for (default
	// 10000; keep it at most the engine's own cap, Virtuoso's
	// ResultSetMaxRows).
	PageSize int
	// MetaTTL is how long a snapshot's view of the version and graph list
	// is reused before the engine is asked again (default 1s; 0 keeps the
	// default, negative asks every time). Writes through this Store
	// refresh it at once; other instances' writes are seen within MetaTTL.
	MetaTTL time.Duration
	// MaxUpdateQuads bounds the quads of one INSERT DATA or DELETE DATA
	// operation; a larger change is split into several operations of the
	// same request (default 5000; 500 with the Virtuoso dialect).
	MaxUpdateQuads int
	// Client is the HTTP client (default: a new one without cookies).
	Client *http.Client
}

func (o *Options) defaults() error {
	if o.QueryURL == "" {
		return errors.New("sparqlstore: no query URL")
	}
	for _, u := range []string{o.QueryURL, o.UpdateURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("sparqlstore: %q is not an http(s) URL", u)
		}
	}
	if o.UpdateURL == "" {
		o.UpdateURL = o.QueryURL
	}
	if o.Dialect == "" {
		o.Dialect = Standard
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = 256 << 20
	}
	if o.PageSize <= 0 {
		o.PageSize = 10000
	}
	if o.MetaTTL == 0 {
		o.MetaTTL = time.Second
	}
	if o.MaxUpdateQuads <= 0 {
		o.MaxUpdateQuads = 5000
		if o.Dialect == Virtuoso {
			// Virtuoso's SPARQL parser runs out of stack ("memory
			// exhausted") on a few thousand triples in one operation.
			o.MaxUpdateQuads = 500
		}
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	return nil
}

// ErrTooLarge is returned when a response exceeds MaxResponseBytes.
var ErrTooLarge = errors.New("sparqlstore: response larger than the configured limit")

// EngineError is an engine's refusal of a request: its status and the
// start of its message.
type EngineError struct {
	Op      string // "query" or "update"
	Status  int
	Message string
}

// BadRequest reports whether the engine found fault with the request (a
// 4xx status), not with itself.
func (e *EngineError) BadRequest() bool { return e.Status/100 == 4 }

func (e *EngineError) Error() string {
	return fmt.Sprintf("sparqlstore: %s: engine answered %d: %s", e.Op, e.Status, e.Message)
}

// client sends protocol requests.
type client struct{ opts *Options }

func (c client) authorize(req *http.Request) {
	switch {
	case c.opts.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.opts.Token)
	case c.opts.Username != "":
		req.SetBasicAuth(c.opts.Username, c.opts.Password)
	}
}

// send posts body and returns the response, checked for success; the
// caller reads it through limited and closes it.
func (c client) send(ctx context.Context, op, endpoint, contentType, accept string, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("sparqlstore: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", contentType)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	c.authorize(req)
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sparqlstore: %s: %w", op, err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		return nil, &EngineError{Op: op, Status: resp.StatusCode, Message: strings.TrimSpace(string(msg))}
	}
	// Virtuoso cuts results at its ResultSetMaxRows and says so only in
	// this header: a cut result must never pass for a whole one.
	if resp.Header.Get("X-SPARQL-MaxRows") != "" {
		resp.Body.Close()
		return nil, fmt.Errorf("sparqlstore: %s: the engine cut the result at %s rows (X-SPARQL-MaxRows): lower store.page_size or raise the engine's limit",
			op, resp.Header.Get("X-SPARQL-MaxRows"))
	}
	return resp, nil
}

// limited reads at most MaxResponseBytes of r, failing beyond.
func (c client) limited(r io.Reader) io.Reader {
	return &limitReader{r: r, left: c.opts.MaxResponseBytes}
}

type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One more byte tells a response of exactly the limit from a
		// longer one.
		var b [1]byte
		if n, _ := l.r.Read(b[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// selectRows runs a SELECT or ASK query and returns its table.
func (c client) selectRows(ctx context.Context, query string) (*results.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	form := url.Values{"query": {query}}
	resp, err := c.send(ctx, "query", c.opts.QueryURL, "application/x-www-form-urlencoded",
		results.JSON.MediaType(), []byte(form.Encode()))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	res, err := results.Read(c.limited(resp.Body), results.JSON)
	if err != nil {
		return nil, fmt.Errorf("sparqlstore: query result: %w", err)
	}
	return res, nil
}

// update runs one SPARQL Update request.
func (c client) update(ctx context.Context, text string) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	resp, err := c.send(ctx, "update", c.opts.UpdateURL, "application/sparql-update; charset=utf-8", "", []byte(text))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, c.limited(resp.Body))
	return err
}

func errorsIsDeadline(err error) bool { return errors.Is(err, context.DeadlineExceeded) }
