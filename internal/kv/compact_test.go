package kv_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// aofContains reports whether any file of Redis's append-only directory
// holds secret.
func aofContains(t *testing.T, c *redis.Client, secret []byte) bool {
	t.Helper()
	ctx := context.Background()
	cfg, err := c.ConfigGet(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(cfg["dir"], cfg["appenddirname"], "*"))
	if len(files) == 0 {
		t.Fatalf("no append-only files in %s", filepath.Join(cfg["dir"], cfg["appenddirname"]))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil && bytes.Contains(data, secret) {
			return true
		}
	}
	return false
}

// waitRewrite waits until Redis has no append-only rewrite running or
// scheduled.
func waitRewrite(t *testing.T, c *redis.Client) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; {
		info, err := c.Info(context.Background(), "persistence").Result()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(info, "aof_rewrite_in_progress:0") && strings.Contains(info, "aof_rewrite_scheduled:0") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("Redis's append-only rewrite did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRedisCompactRewritesTheAppendOnlyFile: a deleted value stays in
// Redis's append-only file (the commands that wrote it) until Compact has
// it rewritten from memory.
func TestRedisCompactRewritesTheAppendOnlyFile(t *testing.T) {
	ctx := context.Background()
	c := kvtest.RedisClient(t)
	db := kvtest.RedisDB(t, c, kv.RedisOptions{}).(kv.Compacter)
	if err := db.Compact(ctx); err != nil {
		t.Fatalf("Compact without appendonly: %v", err)
	}
	if err := c.ConfigSet(ctx, "appendonly", "yes").Err(); err != nil {
		t.Fatal(err)
	}
	waitRewrite(t, c)
	secret := []byte("erase.me@city.example")
	mustUpdate(t, db.(kv.DB), func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucket)
		if err != nil {
			return err
		}
		return b.Put([]byte("user"), secret)
	})
	mustUpdate(t, db.(kv.DB), func(tx kv.Tx) error { return tx.Bucket(bucket).Delete([]byte("user")) })
	if !aofContains(t, c, secret) {
		t.Fatal("the deleted value is not in the append-only file: the test proves nothing")
	}
	if err := db.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	waitRewrite(t, c)
	for deadline := time.Now().Add(30 * time.Second); aofContains(t, c, secret); {
		if time.Now().After(deadline) {
			t.Fatal("the deleted value is still in the append-only file after Compact")
		}
		time.Sleep(50 * time.Millisecond) // Redis removes the old files in the background
	}
}
