package harvester

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/internal/hostile"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// hostileEnv serves the hostile site as "partner.test" on 127.0.0.2 and an
// internal service as "internal.test" on 127.0.0.1. Names resolve through
// an in-process stub: every connection goes to loopback. The sources are
// not marked local; the address policy admits 127.0.0.2 only, standing in
// for a public address, so a redirect to 127.0.0.1 must be refused.
type hostileEnv struct {
	site          *hostile.Site
	partner       string // http://partner.test:PORT
	internalHits  atomic.Int32
	sink          *MemorySink
	mapper        *Mapper
	resolver      *net.Resolver
	allowNetworks []netip.Prefix
}

func newHostileEnv(t *testing.T) *hostileEnv {
	t.Helper()
	env := &hostileEnv{site: hostile.New(), sink: NewMemorySink()}
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		testsupport.Missing(t, "cannot listen on 127.0.0.2: %v", err)
	}
	srv := httptest.NewUnstartedServer(env.site)
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env.internalHits.Add(1)
		io.WriteString(w, "secret")
	}))
	t.Cleanup(internal.Close)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	_, iport, _ := net.SplitHostPort(internal.Listener.Addr().String())
	env.partner = "http://partner.test:" + port
	env.site.InternalURL = "http://internal.test:" + iport + "/secret"
	env.resolver = stubResolverMap(map[string]netip.Addr{
		"partner.test.":  netip.MustParseAddr("127.0.0.2"),
		"internal.test.": netip.MustParseAddr("127.0.0.1"),
	})
	env.allowNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}
	iris, _ := vocab.NewIRIs("http://localhost:8080/")
	env.mapper = NewMapper(iris, nil)
	return env
}

func (env *hostileEnv) source(id, path string, mod func(*sourceconfig.Source)) sourceconfig.Source {
	src := sourceconfig.Source{
		ID: id, StartURLs: []string{env.partner + path}, Extractor: sourceconfig.ExtractJSONLD,
		Politeness: sourceconfig.Politeness{Delay: time.Millisecond, Timeout: 2 * time.Second, RetryDelay: 10 * time.Millisecond, MaxRetryWait: 2 * time.Second},
	}
	if mod != nil {
		mod(&src)
	}
	return src
}

func (env *hostileEnv) harvester(t *testing.T, srcs ...sourceconfig.Source) *Harvester {
	t.Helper()
	h, err := New(srcs, env.sink, Options{Mapper: env.mapper, Resolver: env.resolver, AllowNetworks: env.allowNetworks})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// seedPrevious gives the source's graph a practice found by an earlier run
// and returns the graph.
func (env *hostileEnv) seedPrevious(t *testing.T, src sourceconfig.Source) []rdf.Triple {
	t.Helper()
	iris := env.mapper.IRIs()
	p := iris.Practice(src.ID + "-earlier")
	terms := iris.Terms()
	old := []rdf.Triple{
		{S: p, P: rdf.Type, O: terms.Practice},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString("Earlier practice", "en")},
		{S: p, P: vocab.DCTSource, O: rdf.IRI(env.partner + "/earlier")},
		{S: p, P: terms.FirstSeen, O: rdf.Literal("2025-01-01T00:00:00Z", rdf.XSDDateTime)},
	}
	if err := env.sink.Apply(context.Background(), Change{Replace: map[rdf.Term][]rdf.Triple{env.mapper.SourceGraph(src.ID): old}}); err != nil {
		t.Fatal(err)
	}
	return old
}

func runOnce(t *testing.T, h *Harvester, id string) *Run {
	t.Helper()
	run, err := h.Run(context.Background(), id)
	if err != nil {
		t.Fatalf("run %s: %v", id, err)
	}
	return run
}

func hasError(run *Run, substr string) bool {
	for _, e := range run.Errors {
		if strings.Contains(e.Err, substr) {
			return true
		}
	}
	return strings.Contains(run.Reason, substr)
}

func TestHostileSite(t *testing.T) {
	env := newHostileEnv(t)
	tests := []struct {
		name  string
		path  string
		mod   func(*sourceconfig.Source)
		setup func()
		check func(t *testing.T, run *Run)
	}{
		{"slow response hits the page timeout", "/slow", func(s *sourceconfig.Source) {
			s.Politeness.Timeout, s.Politeness.Retries = 300*time.Millisecond, -1
		}, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "timed out") {
				t.Errorf("status %s, errors %+v", run.Status, run.Errors)
			}
		}},
		{"endless pagination stops at max_pages", "/endless", func(s *sourceconfig.Source) {
			s.Crawl.Next, s.Crawl.MaxPages = `a[rel="next"]`, 25
		}, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusPartial || !run.Truncated || run.Pages != 25 || run.Records != 25 {
				t.Errorf("status %s truncated %v pages %d records %d", run.Status, run.Truncated, run.Pages, run.Records)
			}
		}},
		{"50 MB page is refused, not read", "/huge", func(s *sourceconfig.Source) { s.Crawl.MaxBodyBytes = 1 << 20 }, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "larger than max_body_bytes") {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
		}},
		{"redirect to an internal address is refused", "/redirect-internal", func(s *sourceconfig.Source) {
			s.Crawl.AllowedHosts = []string{"partner.test", "internal.test"}
		}, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "loopback address") {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
			if n := env.internalHits.Load(); n != 0 {
				t.Errorf("the internal service was reached %d times", n)
			}
		}},
		{"redirect to an internal address is refused at the dial (robots.txt ignored)", "/redirect-internal", func(s *sourceconfig.Source) {
			s.Crawl.AllowedHosts = []string{"partner.test", "internal.test"}
			s.Politeness.IgnoreRobots = true
		}, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "dial tcp 127.0.0.1") || !hasError(run, "address not allowed") || strings.Contains(run.Errors[0].Err, "robots") {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
			if n := env.internalHits.Load(); n != 0 {
				t.Errorf("the internal service was reached %d times", n)
			}
		}},
		{"malformed HTML still yields its JSON-LD", "/malformed-html", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusOK || run.Records != 1 {
				t.Errorf("status %s records %d errors %+v", run.Status, run.Records, run.Errors)
			}
		}},
		{"malformed JSON-LD is a clear error", "/malformed-jsonld", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "JSON-LD") {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
		}},
		{"malformed Turtle is a clear error", "/malformed.ttl", func(s *sourceconfig.Source) { s.Extractor = sourceconfig.ExtractRDF }, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "Turtle") || !hasError(run, "line") {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
		}},
		{"wrong charset is read and reported", "/wrong-charset", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusOK || len(run.Warnings) == 0 || !strings.Contains(run.Warnings[0].Err, "declares UTF-8") {
				t.Errorf("status %s warnings %+v errors %+v", run.Status, run.Warnings, run.Errors)
			}
		}},
		{"429 with Retry-After is retried", "/limited", nil, func() {
			env.site.RateLimited.Store(2)
			env.site.RetryAfter.Store(1)
		}, func(t *testing.T, run *Run) {
			if run.Status != StatusOK || run.Retries != 2 || run.Records != 1 {
				t.Errorf("status %s retries %d records %d errors %+v", run.Status, run.Retries, run.Records, run.Errors)
			}
		}},
		{"429 with a Retry-After beyond max_retry_wait fails at once", "/limited", nil, func() {
			env.site.RateLimited.Store(1)
			env.site.RetryAfter.Store(3600)
		}, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || run.Retries != 0 || !hasError(run, "Retry-After 1h0m0s") {
				t.Errorf("status %s retries %d errors %+v", run.Status, run.Retries, run.Errors)
			}
		}},
		{"robots.txt disallow is obeyed after a redirect", "/redirect-private", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "disallowed by robots.txt") || env.site.Hits("private") != 0 {
				t.Errorf("status %s errors %+v hits %d", run.Status, run.Errors, env.site.Hits("private"))
			}
		}},
		{"run deadline ends a run that would not end", "/slow", func(s *sourceconfig.Source) {
			s.Politeness.Timeout, s.Crawl.MaxDuration = time.Minute, 300*time.Millisecond
		}, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !strings.Contains(run.Reason, "crawl.max_duration") {
				t.Errorf("status %s reason %q", run.Status, run.Reason)
			}
		}},
		{"a content type the extractor cannot read is a clear error", "/malformed.ttl", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, `unexpected content type "text/turtle"`) {
				t.Errorf("status %s errors %+v", run.Status, run.Errors)
			}
		}},
		{"robots.txt disallow is obeyed", "/private/page", nil, nil, func(t *testing.T, run *Run) {
			if run.Status != StatusFailed || !hasError(run, "disallowed by robots.txt") || env.site.Hits("private") != 0 {
				t.Errorf("status %s errors %+v hits %d", run.Status, run.Errors, env.site.Hits("private"))
			}
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			src := env.source("hostile-"+strconv.Itoa(i), tt.path, tt.mod)
			h := env.harvester(t, src)
			// The source already has a practice from an earlier run.
			old := env.seedPrevious(t, src)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			run := runOnce(t, h, src.ID)
			runtime.ReadMemStats(&after)
			tt.check(t, run)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("the run allocated %d MB", alloc>>20)
			}
			// The previous data is kept: untouched by a failed run, carried
			// over by one that did not find it.
			now, _ := env.sink.Graph(context.Background(), env.mapper.SourceGraph(src.ID))
			g := rdf.NewGraph(now...)
			if run.Status == StatusFailed && !rdf.Isomorphic(old, now) {
				t.Errorf("a failed run changed the graph")
			}
			if p := env.mapper.IRIs().Practice(src.ID + "-earlier"); g.Object(p, vocab.DCTTitle).Value != "Earlier practice" {
				t.Errorf("the earlier practice is gone: %v", triplesOf(g, p))
			}
			// Every outcome is in the run history (which the reports show).
			if runs := h.Runs(src.ID); len(runs) != 1 || runs[0].Status != run.Status {
				t.Errorf("the run history does not show the run: %+v", runs)
			}
		})
	}
}

// TestHugePageMemoryIsBounded checks by outcome that a 50 MB page is not
// held in memory: far less than 50 MB is allocated while the run refuses it.
func TestHugePageMemoryIsBounded(t *testing.T) {
	env := newHostileEnv(t)
	src := env.source("huge", "/huge", func(s *sourceconfig.Source) { s.Crawl.MaxBodyBytes = 1 << 20 })
	h := env.harvester(t, src)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	run := runOnce(t, h, src.ID)
	runtime.ReadMemStats(&after)
	if !hasError(run, "larger than max_body_bytes") {
		t.Fatalf("errors %+v", run.Errors)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 24<<20 {
		t.Errorf("refusing a 50 MB page allocated %d MB", alloc>>20)
	}
}

// TestZeroRecordsAfterManyKeepsData: a site that suddenly lists nothing
// fails the run and keeps the previous practices.
func TestZeroRecordsAfterManyKeepsData(t *testing.T) {
	env := newHostileEnv(t)
	src := env.source("emptying", "/listing", func(s *sourceconfig.Source) { s.Crawl.Links = "a.practice" })
	h := env.harvester(t, src)
	if run := runOnce(t, h, src.ID); run.Status != StatusOK || run.Records != 12 {
		t.Fatalf("first run %s records %d errors %+v", run.Status, run.Records, run.Errors)
	}
	before, _ := env.sink.Graph(context.Background(), env.mapper.SourceGraph(src.ID))
	env.site.SetEmpty(true)
	run := runOnce(t, h, src.ID)
	if run.Status != StatusFailed || !strings.Contains(run.Reason, "no practices found") {
		t.Errorf("status %s reason %q", run.Status, run.Reason)
	}
	after, _ := env.sink.Graph(context.Background(), env.mapper.SourceGraph(src.ID))
	if !rdf.Isomorphic(before, after) {
		t.Errorf("graph changed: %d → %d triples", len(before), len(after))
	}
}

// stubResolverMap answers DNS questions from names, through an in-process
// fake server on a net.Pipe: no query leaves the process.
func stubResolverMap(names map[string]netip.Addr) *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			client, server := net.Pipe()
			go serveDNSFunc(server, func(name string) (netip.Addr, bool) {
				a, ok := names[strings.ToLower(name)]
				return a, ok
			})
			return client, nil
		},
	}
}

// serveDNSFunc answers A and AAAA questions with lookup (TCP framing).
func serveDNSFunc(conn net.Conn, lookup func(name string) (netip.Addr, bool)) {
	defer conn.Close()
	for {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		var size [2]byte
		if _, err := io.ReadFull(conn, size[:]); err != nil {
			return
		}
		q := make([]byte, int(size[0])<<8|int(size[1]))
		if _, err := io.ReadFull(conn, q); err != nil || len(q) < 12 {
			return
		}
		var labels []string
		i := 12
		for i < len(q) && q[i] != 0 {
			n := int(q[i])
			if i+1+n > len(q) {
				return
			}
			labels = append(labels, string(q[i+1:i+1+n]))
			i += n + 1
		}
		if i+5 > len(q) {
			return
		}
		qtype := uint16(q[i+1])<<8 | uint16(q[i+2])
		question := q[12 : i+5]
		addr, found := lookup(strings.Join(labels, ".") + ".")
		rcode := byte(0x80)
		if !found {
			rcode = 0x83 // NXDOMAIN
		}
		resp := append([]byte{q[0], q[1], 0x81, rcode, 0, 1, 0, 0, 0, 0, 0, 0}, question...)
		var rdata []byte
		if found && qtype == 1 && addr.Is4() {
			a := addr.As4()
			rdata = a[:]
		} else if found && qtype == 28 && addr.Is6() {
			a := addr.As16()
			rdata = a[:]
		}
		if rdata != nil {
			resp[7] = 1
			resp = append(resp, 0xc0, 12, byte(qtype>>8), byte(qtype), 0, 1, 0, 0, 0, 60, 0, byte(len(rdata)))
			resp = append(resp, rdata...)
		}
		if _, err := conn.Write(append([]byte{byte(len(resp) >> 8), byte(len(resp))}, resp...)); err != nil {
			return
		}
	}
}
