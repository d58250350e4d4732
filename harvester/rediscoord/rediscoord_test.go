package rediscoord

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/internal/testsite"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

// startRedis runs redis-server on a free loopback port and returns a
// client of it.
func startRedis(t *testing.T) *redis.Client {
	t.Helper()
	client := redis.NewClient(&redis.Options{Addr: testsupport.StartRedis(t)})
	t.Cleanup(func() { client.Close() })
	return client
}

func TestRedisCoordinator(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	a := New(client, Options{InstanceID: "a", TTL: 3 * time.Second})
	b := New(client, Options{InstanceID: "b", TTL: 3 * time.Second})
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
	lease, err := a.Lock(ctx, "src")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lock(ctx, "src"); !errors.Is(err, harvester.ErrRunning) || !strings.Contains(err.Error(), "instance a/") {
		t.Fatalf("second lock: %v", err)
	}
	site := testsite.New(t, "x")
	src := site.Source("src")
	hb := testsite.Harvester(t, harvester.Options{Lock: b}, src)
	if _, err := hb.Run(ctx, "src"); !errors.Is(err, harvester.ErrRunning) {
		t.Fatalf("run on instance b while a holds the lock: %v", err)
	}
	lease.Unlock()
	if run, err := hb.Run(ctx, "src"); err != nil || run.Status != harvester.StatusOK {
		t.Fatalf("run after unlock: %v %v", run, err)
	}
	if n, _ := client.Exists(ctx, "skillsmap:harvest:lock:src").Result(); n != 0 {
		t.Error("the lock outlived the run")
	}
}

// TestFencing: a run whose lock passed to another holder while it crawled
// writes nothing, and leaves the other holder's lock alone.
func TestFencing(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	coord := New(client, Options{InstanceID: "a", TTL: 30 * time.Second})
	site := testsite.New(t, "p1", "p2")
	release := site.Gate()
	iris, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		t.Fatal(err)
	}
	sink := harvester.NewMemorySink()
	h, err := harvester.New([]sourceconfig.Source{site.Source("src")}, sink, harvester.Options{Lock: coord, Mapper: harvester.NewMapper(iris, nil)})
	if err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		run *harvester.Run
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		run, err := h.Run(ctx, "src")
		done <- outcome{run, err}
	}()
	key := "skillsmap:harvest:lock:src"
	for {
		if v, _ := client.Get(ctx, key).Result(); strings.HasPrefix(v, "a/") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The lock expires and another instance takes it (as after a long
	// pause of this process).
	if err := client.Set(ctx, key, "b/999", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	release()
	out := <-done
	if !errors.Is(out.err, harvester.ErrLockLost) || out.run.Status != harvester.StatusFailed {
		t.Fatalf("run %+v, err %v: want a failed run and ErrLockLost", out.run, out.err)
	}
	for _, g := range []rdf.Term{iris.SourceGraph("src"), iris.ProvenanceGraph()} {
		if ts, _ := sink.Graph(ctx, g); len(ts) != 0 {
			t.Errorf("a run without its lock wrote %d triples into %s", len(ts), g.Value)
		}
	}
	if v, _ := client.Get(ctx, key).Result(); v != "b/999" {
		t.Errorf("the other holder's lock is now %q", v)
	}
}

// TestLeaseLostWhenRenewalFails: renewal errors are not ignored; once the
// lock may have expired the lease is lost and cannot confirm a commit.
func TestLeaseLostWhenRenewalFails(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	coord := New(client, Options{InstanceID: "a", TTL: 600 * time.Millisecond})
	lease, err := coord.Lock(ctx, "src")
	if err != nil {
		t.Fatal(err)
	}
	defer lease.Unlock()
	if _, err := lease.Confirm(ctx); err != nil {
		t.Fatalf("confirm while held: %v", err)
	}
	client.Close() // Redis unreachable from now on
	select {
	case <-lease.Lost():
	case <-time.After(30 * time.Second):
		t.Fatal("the lease was not lost although renewal failed past the lock's lifetime")
	}
	if _, err := lease.Confirm(ctx); !errors.Is(err, harvester.ErrLockLost) {
		t.Errorf("confirm after the loss: %v, want ErrLockLost", err)
	}
}

// TestFencingTokensGrow: every lease of a source gets a larger token.
func TestFencingTokensGrow(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	coord := New(client, Options{InstanceID: "a"})
	var last int64
	for range 3 {
		lease, err := coord.Lock(ctx, "src")
		if err != nil {
			t.Fatal(err)
		}
		tok := lease.(interface{ Token() int64 }).Token()
		if tok <= last {
			t.Errorf("token %d after %d", tok, last)
		}
		last = tok
		lease.Unlock()
	}
}

// TestSharedState: what one instance's run learnt of a source's pages is
// what another instance's next run starts from.
func TestSharedState(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	a := New(client, Options{InstanceID: "a"}).NewState()
	b := New(client, Options{InstanceID: "b"}).NewState()
	empty, err := b.Load(ctx, "src")
	if err != nil || len(empty.Pages) != 0 {
		t.Fatalf("unknown source: %+v, %v", empty, err)
	}
	want := &harvester.SourceState{Fingerprint: "f1", Pages: map[string]*harvester.PageState{
		"http://partner.test/p/1": {ETag: `"v1"`, LastModified: "Mon, 07 Dec 2026 06:00:00 GMT", Fetched: time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)},
	}}
	if err := a.Save(ctx, "src", want); err != nil {
		t.Fatal(err)
	}
	got, err := b.Load(ctx, "src")
	if err != nil {
		t.Fatal(err)
	}
	p := got.Pages["http://partner.test/p/1"]
	if got.Fingerprint != "f1" || p == nil || p.ETag != `"v1"` || p.LastModified != want.Pages["http://partner.test/p/1"].LastModified || !p.Fetched.Equal(want.Pages["http://partner.test/p/1"].Fetched) {
		t.Errorf("loaded %+v (page %+v), want %+v", got, p, want)
	}
}
