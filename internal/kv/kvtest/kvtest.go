// Package kvtest runs tests against every kv backend: a bbolt file in a
// temporary directory and Redis (a redis-server on loopback, started by
// the test; without one the Redis case is skipped, or fails with CI=true).
package kvtest

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// Backend opens a fresh, empty database for a test.
type Backend struct {
	// Name is "bolt" or "redis".
	Name string
	// Open returns a new database; it is closed when the test ends.
	Open func(t testing.TB) kv.DB
	// Persistent returns a function that opens the same new database
	// each time it is called, as a restart does (close the previous one
	// first: a bbolt file is locked while open).
	Persistent func(t testing.TB) func() (kv.DB, error)
}

// Backends returns the bbolt and the Redis backend.
func Backends() []Backend {
	return []Backend{
		{Name: "bolt", Open: OpenBolt, Persistent: func(t testing.TB) func() (kv.DB, error) {
			path := filepath.Join(t.TempDir(), "test.db")
			return func() (kv.DB, error) { return kv.OpenBolt(path, kv.BoltOptions{}) }
		}},
		{Name: "redis", Open: OpenRedis, Persistent: func(t testing.TB) func() (kv.DB, error) {
			client := RedisClient(t)
			prefix := fmt.Sprintf("test%d:", prefixes.Add(1))
			return func() (kv.DB, error) { return kv.NewRedis(client, kv.RedisOptions{Prefix: prefix}) }
		}},
	}
}

// OpenBolt opens a bbolt file in a temporary directory.
func OpenBolt(t testing.TB) kv.DB {
	t.Helper()
	db, err := kv.OpenBolt(filepath.Join(t.TempDir(), "test.db"), kv.BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var prefixes atomic.Int64

// OpenRedis starts a redis-server on loopback and opens a database in it.
func OpenRedis(t testing.TB) kv.DB {
	t.Helper()
	return RedisDB(t, RedisClient(t), kv.RedisOptions{})
}

// RedisClient starts a redis-server on loopback and returns a client of it
// (closed when the test ends).
func RedisClient(t testing.TB) *redis.Client {
	t.Helper()
	client := redis.NewClient(&redis.Options{Addr: testsupport.StartRedis(t)})
	t.Cleanup(func() { client.Close() })
	return client
}

// RedisDB opens a database in client under a prefix of its own (unless
// opts names one).
func RedisDB(t testing.TB, client redis.UniversalClient, opts kv.RedisOptions) kv.DB {
	t.Helper()
	if opts.Prefix == "" {
		opts.Prefix = fmt.Sprintf("test%d:", prefixes.Add(1))
	}
	db, err := kv.NewRedis(client, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
