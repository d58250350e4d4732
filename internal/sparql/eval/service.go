package eval

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

// defaultMaxServiceBytes bounds a SERVICE response when the policy sets no
// bound.
const defaultMaxServiceBytes = 16 << 20

// serviceOp evaluates SERVICE: the pattern is sent to the endpoint as a
// SELECT query through the SPARQL 1.1 Protocol, and the results are joined
// with the input solution. With SILENT, a failure gives the input alone.
type serviceOp struct {
	name   algebra.TermOrVar
	slot   int
	query  string
	vars   map[string]int // result variable name → slot
	silent bool
	buf    row
}

func (cp *compiler) service(x *optimizer.Service) (operator, []int, error) {
	qw := newQueryWriter()
	text, err := qw.selectQuery(x.Pattern)
	if err != nil {
		return nil, nil, err
	}
	op := &serviceOp{name: x.Name, slot: -1, query: text, vars: map[string]int{}, silent: x.Silent}
	if x.Name.IsVar() {
		op.slot = cp.slot(x.Name.Var)
	}
	for name, v := range qw.back {
		op.vars[name] = cp.slot(v)
	}
	blocked := cp.allSlots(x)
	if op.slot >= 0 {
		// SERVICE ?v runs once per binding of ?v from the input.
		blocked = slices.DeleteFunc(blocked, func(s int) bool { return s == op.slot })
	}
	return op, blocked, nil
}

func (o *serviceOp) run(ex *exec, g *activeGraph, in row, yield func(row) bool) bool {
	res, err := o.fetch(ex, in)
	if err != nil {
		if o.silent && ex.ctx.Err() == nil {
			return yield(in)
		}
		ex.fail(err)
		return false
	}
	if o.buf == nil {
		o.buf = ex.newRow()
	}
	slots := make([]int, len(res.Vars))
	for i, v := range res.Vars {
		slot, ok := o.vars[v]
		if !ok {
			slot = -1
		}
		slots[i] = slot
	}
	for _, r := range res.Rows {
		if !ex.tick() {
			return false
		}
		copy(o.buf, in)
		ok := true
		for i, t := range r {
			s := slots[i]
			if s < 0 || t.IsZero() {
				continue
			}
			v := ex.intern(t)
			if o.buf[s].bound() && !o.buf[s].same(v) {
				ok = false
				break
			}
			o.buf[s] = v
		}
		if ok && !yield(o.buf) {
			return false
		}
	}
	return true
}

// fetch sends the query to the endpoint and reads the result table.
func (o *serviceOp) fetch(ex *exec, in row) (*results.Result, error) {
	var endpoint string
	if o.slot >= 0 {
		t, err := ex.term(in[o.slot])
		if err != nil {
			return nil, err
		}
		if !t.IsIRI() {
			return nil, fmt.Errorf("%w: SERVICE variable %s is not bound to an IRI", ErrServiceDisabled, o.name.Var)
		}
		endpoint = t.Value
	} else {
		endpoint = o.name.Term.Value
	}
	pol := ex.opts.Service
	if pol == nil || pol.Allowed == nil || !pol.Allowed(endpoint) {
		return nil, fmt.Errorf("%w: <%s>", ErrServiceDisabled, endpoint)
	}
	client := pol.Client
	if client == nil {
		client = http.DefaultClient
	}
	limit := pol.MaxResponseBytes
	if limit <= 0 {
		limit = defaultMaxServiceBytes
	}
	return queryEndpoint(ex.ctx, client, endpoint, o.query, limit)
}

// queryEndpoint runs a SELECT query at a SPARQL endpoint (POST with an
// URL-encoded body, SPARQL 1.1 Protocol §2.1.2).
func queryEndpoint(ctx context.Context, client *http.Client, endpoint, query string, limit int64) (*results.Result, error) {
	form := url.Values{"query": {query}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("SERVICE <%s>: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("SERVICE <%s>: %w", endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("SERVICE <%s>: HTTP status %s", endpoint, resp.Status)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	f, ok := results.ByMediaType(mt)
	if !ok {
		return nil, fmt.Errorf("SERVICE <%s>: unexpected content type %q", endpoint, mt)
	}
	body := io.LimitReader(resp.Body, limit+1)
	counted := &countingReader{r: body}
	res, err := results.Read(counted, f)
	if counted.n > limit {
		return nil, fmt.Errorf("SERVICE <%s>: response larger than %d bytes", endpoint, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("SERVICE <%s>: %w", endpoint, err)
	}
	if res.IsBoolean() {
		return nil, fmt.Errorf("SERVICE <%s>: boolean result to a SELECT query", endpoint)
	}
	return res, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
