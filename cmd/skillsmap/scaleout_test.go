package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// runMainEnv makes the test binary run the skillsmap command instead of
// the tests, so that a test can start real serve processes and kill them.
const runMainEnv = "SKILLSMAP_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// visibleWithin is the documented bound (README, Deployment) for a change
// made through one instance to show through another: store.refresh (1s)
// plus an index rebuild, with room for a slow CI machine.
const visibleWithin = 15 * time.Second

// partnerSite is a partner site on loopback with a number of practices
// that the test changes, and a gate that holds its pages (a slow site, to
// catch a harvest in progress).
type partnerSite struct {
	URL       string
	practices atomic.Int32

	mu      sync.Mutex
	gate    chan struct{}
	waiting chan struct{} // closed when a request waits at the gate
}

func newPartnerSite(t *testing.T, n int) *partnerSite {
	s := &partnerSite{}
	s.practices.Store(int32(n))
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// hold makes every request wait until release; waiting is closed once a
// request waits.
func (s *partnerSite) hold() (waiting <-chan struct{}, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate, s.waiting = make(chan struct{}), make(chan struct{})
	gate := s.gate
	var once sync.Once
	return s.waiting, func() { once.Do(func() { close(gate) }) }
}

func (s *partnerSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	gate, waiting := s.gate, s.waiting
	if waiting != nil {
		select {
		case <-waiting:
		default:
			close(waiting)
		}
	}
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
	}
	var body string
	switch {
	case r.URL.Path == "/listing":
		var b strings.Builder
		for i := range int(s.practices.Load()) {
			fmt.Fprintf(&b, `<a class="p" href="/p/%d">practice %d</a>`, i, i)
		}
		body = "<html><body>" + b.String() + "</body></html>"
	case strings.HasPrefix(r.URL.Path, "/p/"):
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		body = `<html lang="en"><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "@id": "` +
			s.URL + `/p/` + id + `", "name": "Practice ` + id + `", "description": "A digital skills practice.", "location": {"@type": "Place", "name": "Berlin",` +
			` "geo": {"@type": "GeoCoordinates", "latitude": 52.52, "longitude": 13.40}}}</script></head></html>`
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, body)
}

// instance is a skillsmap serve process.
type instance struct {
	name string
	url  string
	cmd  *exec.Cmd
	log  *bytes.Buffer
	mu   *sync.Mutex
}

// syncBuffer is an io.Writer safe for the process's two streams.
type syncBuffer struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (b syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func startInstance(t *testing.T, name, configPath string, port int) *instance {
	t.Helper()
	in := &instance{name: name, url: fmt.Sprintf("http://127.0.0.1:%d", port), log: &bytes.Buffer{}, mu: &sync.Mutex{}}
	in.cmd = exec.Command(os.Args[0], "serve", "--config", configPath, "--addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--data", filepath.Join(t.TempDir(), name))
	in.cmd.Env = append(os.Environ(), runMainEnv+"=1")
	out := syncBuffer{in.mu, in.log}
	in.cmd.Stdout, in.cmd.Stderr = out, out
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.cmd.Process.Kill()
		in.cmd.Wait()
		if t.Failed() {
			t.Logf("log of instance %s:\n%s", name, in.output())
		}
	})
	waitFor(t, 2*time.Minute, "instance "+name+" to serve", func() bool {
		resp, err := http.Get(in.url + "/harvest.json")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return in
}

func (in *instance) output() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.log.String()
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return time.Since(start)
}

// features counts the practices on a server's map layer (-1 on failure).
func features(base string) int {
	resp, err := http.Get(base + "/map/practices.geojson")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return -1
	}
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	if json.NewDecoder(resp.Body).Decode(&fc) != nil {
		return -1
	}
	return len(fc.Features)
}

func triggerHarvest(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/harvest/partner", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// startHAProxy balances the instances round robin, checking their health
// every 300 ms.
func startHAProxy(t *testing.T, port int, backends ...*instance) string {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		testsupport.Missing(t, "haproxy is not installed (Debian package haproxy): skipping the multi-instance test")
	}
	var servers strings.Builder
	for _, b := range backends {
		fmt.Fprintf(&servers, "  server %s %s check\n", b.name, strings.TrimPrefix(b.url, "http://"))
	}
	cfg := fmt.Sprintf(`global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
frontend map
  bind 127.0.0.1:%d
  default_backend readers
backend readers
  balance roundrobin
  option httpchk GET /harvest.json
  default-server inter 300ms fall 1 rise 2
%s`, port, servers.String())
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-db", "-f", path)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	front := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitFor(t, 30*time.Second, "haproxy to answer", func() bool { return features(front) >= 0 })
	return front
}

// TestTwoInstancesBehindHAProxy runs two serve processes on one Virtuoso
// and one Redis behind HAProxy: one harvests while both serve, a change
// through one shows through the other within visibleWithin, and killing
// the harvesting instance mid-run loses nothing while the other takes over
// at its next schedule.
func TestTwoInstancesBehindHAProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Virtuoso, Redis, HAProxy and two servers")
	}
	if _, err := exec.LookPath("haproxy"); err != nil {
		testsupport.Missing(t, "haproxy is not installed (Debian package haproxy): skipping the multi-instance test")
	}
	virtuoso := testsupport.StartVirtuoso(t)
	redisAddr := testsupport.StartRedis(t)
	site := newPartnerSite(t, 5)
	const token = "scaleout-test-admin-token"
	front := testsupport.FreePort(t)
	config := fmt.Sprintf(`public_url: http://127.0.0.1:%d/
admin_token: %s
store: {kind: sparql, query_url: %q, dialect: virtuoso, refresh: 1s}
harvest: {redis_url: "redis://%s/0", lock_ttl: 4s}
server: {rate_limit: 10000}
sources:
  - id: partner
    start_urls: [%q]
    extractor: jsonld
    local: true
    crawl: {links: "a.p"}
    politeness: {delay: 0s, parallelism: 4, retries: 0}
    schedule: {every: 1m}
    min_record_ratio: 0
`, front, token, virtuoso.SPARQL, redisAddr, site.URL+"/listing")
	configPath := filepath.Join(t.TempDir(), "skillsmap.yaml")
	if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startInstance(t, "a", configPath, testsupport.FreePort(t)) // first: the leader
	b := startInstance(t, "b", configPath, testsupport.FreePort(t))
	lb := startHAProxy(t, front, a, b)

	// One harvests (a, through its admin endpoint) while both serve.
	if code := triggerHarvest(t, a.url, token); code != http.StatusAccepted {
		t.Fatalf("harvest trigger on a: %d", code)
	}
	d := waitFor(t, visibleWithin, "5 practices on b's map after a harvested", func() bool { return features(b.url) == 5 })
	t.Logf("a's harvest of 5 practices visible through b after %v", d.Round(time.Millisecond))
	for i := range 20 {
		if n := features(lb); n != 5 {
			t.Fatalf("request %d through HAProxy: %d practices, want 5", i, n)
		}
	}

	// A change made through b shows through a.
	site.practices.Store(6)
	if code := triggerHarvest(t, b.url, token); code != http.StatusAccepted {
		t.Fatalf("harvest trigger on b: %d", code)
	}
	d = waitFor(t, visibleWithin, "6 practices on a's map after b harvested", func() bool { return features(a.url) == 6 })
	t.Logf("b's harvest visible through a after %v", d.Round(time.Millisecond))

	// Kill the harvesting instance mid-run: nothing is lost, and the other
	// instance takes over at its next schedule.
	waiting, release := site.hold()
	defer release()
	site.practices.Store(7)
	if code := triggerHarvest(t, a.url, token); code != http.StatusAccepted && code != http.StatusConflict {
		t.Fatalf("harvest trigger on a: %d", code)
	}
	select {
	case <-waiting:
	case <-time.After(time.Minute):
		t.Fatal("a's harvest never reached the site")
	}
	if err := a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	a.cmd.Wait()
	for i := range 10 {
		if n := features(b.url); n != 6 {
			t.Fatalf("after a was killed mid-run, b shows %d practices (check %d), want the 6 of the last complete run", n, i)
		}
	}
	release()
	// b becomes leader once a's leadership expires (lock_ttl), and runs the
	// source at its next tick (every minute).
	d = waitFor(t, 3*time.Minute, "b to take the schedule over and publish the 7th practice", func() bool { return features(b.url) == 7 })
	t.Logf("b took over and harvested %v after a was killed", d.Round(time.Second))
	waitFor(t, 30*time.Second, "HAProxy to route around the dead instance", func() bool { return features(lb) == 7 })
	for i := range 20 {
		if n := features(lb); n != 7 {
			t.Fatalf("request %d through HAProxy after the takeover: %d practices, want 7", i, n)
		}
	}
}
