package rediscoord

import (
	"github.com/skillsmap/skillsmap/internal/testsupport"

	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/internal/testsite"
)

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
	unlock, err := a.Lock(ctx, "src")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lock(ctx, "src"); !errors.Is(err, harvester.ErrRunning) || !strings.Contains(err.Error(), "instance a") {
		t.Fatalf("second lock: %v", err)
	}
	site := testsite.New(t, "x")
	src := site.Source("src")
	hb := testsite.Harvester(t, harvester.Options{Lock: b}, src)
	if _, err := hb.Run(ctx, "src"); !errors.Is(err, harvester.ErrRunning) {
		t.Fatalf("run on instance b while a holds the lock: %v", err)
	}
	unlock()
	if run, err := hb.Run(ctx, "src"); err != nil || run.Status != harvester.StatusOK {
		t.Fatalf("run after unlock: %v %v", run, err)
	}
	if n, _ := client.Exists(ctx, "skillsmap:harvest:lock:src").Result(); n != 0 {
		t.Error("the lock outlived the run")
	}
}
