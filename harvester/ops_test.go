package harvester

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/rdf"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// gatedSite answers every request only after release is closed.
func gatedSite(t *testing.T, inner http.Handler) (*httptest.Server, chan struct{}) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, release
}

func waitRunning(t *testing.T, h *Harvester, id string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !h.Running(id); {
		if time.Now().After(deadline) {
			t.Fatal("the run did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAdminHandler(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a", "b"))
	srv, release := gatedSite(t, l.site)
	src := l.source("admin")
	src.StartURLs = []string{srv.URL + "/listing"}
	h := l.harvester(t, nil, src)
	admin := AdminHandler(h, "s3cret")
	reports := ReportHandler(h, nil)
	post := func(path, auth string, handler http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}
	if rec := post("/admin/harvest/admin", "", admin); rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if rec := post("/admin/harvest/admin", "Bearer wrong", admin); rec.Code != http.StatusForbidden {
		t.Errorf("wrong token: %d", rec.Code)
	}
	if rec := post("/admin/harvest/admin", "Bearer s3cret", AdminHandler(h, "")); rec.Code != http.StatusForbidden {
		t.Errorf("disabled endpoint: %d", rec.Code)
	}
	if rec := post("/admin/harvest/nope", "Bearer s3cret", admin); rec.Code != http.StatusNotFound {
		t.Errorf("unknown source: %d", rec.Code)
	}
	rec := post("/admin/harvest/admin", "Bearer s3cret", admin)
	if rec.Code != http.StatusAccepted || !strings.HasPrefix(rec.Header().Get("Location"), "/harvest.json?run=") {
		t.Fatalf("start: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	loc := rec.Header().Get("Location")
	if rec := post("/admin/harvest/admin", "Bearer s3cret", admin); rec.Code != http.StatusConflict {
		t.Errorf("second start while running: %d", rec.Code)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		reports.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	var run Run
	if rec := get(loc); rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &run) != nil || run.Status != StatusRunning {
		t.Errorf("run URL while running: %d %s", rec.Code, rec.Body)
	}
	close(release)
	h.Wait()
	if rec := get(loc); json.Unmarshal(rec.Body.Bytes(), &run) != nil || run.Status != StatusOK || run.Records != 2 {
		t.Errorf("run URL after the run: %s", rec.Body)
	}
	var rep Report
	if rec := get("/harvest.json"); rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rep) != nil ||
		len(rep.Sources) != 1 || len(rep.Sources[0].Runs) != 1 || rep.Sources[0].LastSuccess == nil {
		t.Errorf("report JSON: %s", rec.Body)
	}
	if rec := get("/harvest"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `class="ok"`) || !strings.Contains(rec.Body.String(), run.ID) {
		t.Errorf("report HTML: %d", rec.Code)
	}
	if rec := get("/harvest.json?source=admin&run=nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown run: %d", rec.Code)
	}
}

func TestMetrics(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a", "b"))
	src := l.source("metrics")
	h := l.harvester(t, nil, src)
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(h.Metrics()); err != nil {
		t.Fatal(err)
	}
	runOnce(t, h, src.ID)
	if got := testutil.ToFloat64(h.Metrics().runs.WithLabelValues(src.ID, "ok")); got != 1 {
		t.Errorf("runs_total{ok} = %v", got)
	}
	if got := testutil.ToFloat64(h.Metrics().records.WithLabelValues(src.ID)); got != 2 {
		t.Errorf("records = %v", got)
	}
	if got := testutil.ToFloat64(h.Metrics().pages.WithLabelValues(src.ID)); got != 3 {
		t.Errorf("pages_total = %v", got)
	}
	if n, err := testutil.GatherAndCount(reg); err != nil || n == 0 {
		t.Errorf("gather: %d metrics, %v", n, err)
	}
}

// slowSink delays writes, to show that shutdown waits for them.
type slowSink struct{ *MemorySink }

func (s slowSink) Apply(ctx context.Context, c Change) error {
	time.Sleep(200 * time.Millisecond)
	return s.MemorySink.Apply(ctx, c)
}

func TestShutdownWaitsForRunsToFinishWriting(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a"))
	srv, release := gatedSite(t, l.site)
	defer close(release)
	src := l.source("stop")
	src.StartURLs = []string{srv.URL + "/listing"}
	sink := slowSink{l.sink}
	h, err := New([]Source{src}, sink, Options{Mapper: l.mapper})
	if err != nil {
		t.Fatal(err)
	}
	sched, err := NewScheduler(h, SchedulerOptions{StopTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	run, err := h.Start(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	waitRunning(t, h, src.ID)
	if err := sched.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if h.Running(src.ID) {
		t.Fatal("shutdown returned while the run was going on")
	}
	prov, _ := l.sink.Graph(context.Background(), l.iris.ProvenanceGraph())
	pg := rdf.NewGraph(prov...)
	runIRI := l.iris.HarvestRun(src.ID, run.ID)
	if got := pg.Object(runIRI, l.iris.Terms().RunStatus); got != rdf.String("failed") {
		t.Errorf("the cancelled run's provenance was not written before shutdown returned: %v", got)
	}
	if _, err := h.Start(src.ID); err == nil {
		t.Error("a run started after shutdown")
	}
}

// startRedis runs redis-server on a free loopback port in a temporary
// directory, or skips the test when redis-server is not installed.
func startRedis(t *testing.T) *redis.Client {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		testsupport.Missing(t, "redis-server is not installed (Debian package redis-server): skipping the leader-election test")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	client := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	t.Cleanup(func() { client.Close() })
	for deadline := time.Now().Add(10 * time.Second); ; {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := client.Ping(ctx).Err()
		cancel()
		if err == nil {
			return client
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRedisCoordinator(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	a := NewRedisCoordinator(client, RedisOptions{InstanceID: "a", TTL: 3 * time.Second})
	b := NewRedisCoordinator(client, RedisOptions{InstanceID: "b", TTL: 3 * time.Second})
	if err := a.IsLeader(ctx); err != nil {
		t.Fatalf("first instance is not leader: %v", err)
	}
	if err := b.IsLeader(ctx); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("second instance: %v, want ErrNotLeader", err)
	}
	if err := a.IsLeader(ctx); err != nil {
		t.Fatalf("leader lost leadership on renewal: %v", err)
	}
	a.Start()
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.IsLeader(ctx); err != nil {
		t.Fatalf("leadership did not pass on after Close: %v", err)
	}

	// Source locks: one instance at a time, also for runs started by hand.
	unlock, err := a.Lock(ctx, "src")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lock(ctx, "src"); !errors.Is(err, ErrRunning) || !strings.Contains(err.Error(), "instance a") {
		t.Fatalf("second lock: %v", err)
	}
	l := newLifecycle(t, newPracticeSite("x"))
	src := l.source("src")
	hb, err := New([]Source{src}, l.sink, Options{Mapper: l.mapper, Lock: b})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hb.Run(ctx, "src"); !errors.Is(err, ErrRunning) {
		t.Fatalf("run on instance b while a holds the lock: %v", err)
	}
	unlock()
	if run, err := hb.Run(ctx, "src"); err != nil || run.Status != StatusOK {
		t.Fatalf("run after unlock: %v %v", run, err)
	}
	if n, _ := client.Exists(ctx, "skillsmap:harvest:lock:src").Result(); n != 0 {
		t.Error("the lock outlived the run")
	}
}

func TestReportShowsNextScheduledRun(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a"))
	src := l.source("sched")
	src.Schedule = Schedule{Every: time.Hour}
	h := l.harvester(t, nil, src)
	sched, err := NewScheduler(h, SchedulerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	defer sched.Shutdown()
	rec := httptest.NewRecorder()
	ReportHandler(h, sched).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/harvest.json", nil))
	var rep Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.Sources[0]
	if s.Schedule != "every 1h0m0s" || s.NextRun == nil || s.NextRun.Before(time.Now()) || s.NextRun.After(time.Now().Add(2*time.Hour)) {
		t.Errorf("schedule %q next run %v", s.Schedule, s.NextRun)
	}
}
