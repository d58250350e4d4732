package kv_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// backends are the implementations under test; the Redis one reads
// cursors in pages of 3 keys so that paging is exercised.
func backends() []kvtest.Backend {
	return []kvtest.Backend{
		{Name: "bolt", Open: kvtest.OpenBolt},
		{Name: "redis", Open: func(t testing.TB) kv.DB {
			return kvtest.RedisDB(t, kvtest.RedisClient(t), kv.RedisOptions{PageSize: 3})
		}},
	}
}

var bucket = []byte("b")

// keys in byte order: binary, a zero byte, high bytes, a prefix of others.
var sortedKeys = [][]byte{
	{0x00}, {0x00, 0x00}, {0x00, 0x01}, []byte("A"), []byte("a"), []byte("a\x00"), []byte("a\x00b"),
	[]byte("ab"), []byte("b"), {0x7f}, {0x80}, {0xc3, 0xa9}, {0xff}, {0xff, 0x00}, {0xff, 0xff},
}

func shuffled() [][]byte {
	out := slices.Clone(sortedKeys)
	for i := range out {
		j := (i*7 + 3) % len(out)
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func mustUpdate(t *testing.T, db kv.DB, fn func(kv.Tx) error) {
	t.Helper()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func fill(t *testing.T, db kv.DB, keys [][]byte) {
	t.Helper()
	mustUpdate(t, db, func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucket)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Put(k, append([]byte("v:"), k...)); err != nil {
				return err
			}
		}
		return nil
	})
}

// walk returns the keys a cursor gives forward from First and backward
// from Last, and those ForEach gives, checking each value.
func walk(t *testing.T, b kv.Bucket) (fwd, rev, each [][]byte) {
	t.Helper()
	check := func(k, v []byte) {
		if want := append([]byte("v:"), k...); !bytes.Equal(v, want) {
			t.Errorf("value of %x = %q, want %q", k, v, want)
		}
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		check(k, v)
		fwd = append(fwd, bytes.Clone(k))
	}
	c = b.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		check(k, v)
		rev = append(rev, bytes.Clone(k))
	}
	err := b.ForEach(func(k, v []byte) error {
		check(k, v)
		each = append(each, bytes.Clone(k))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fwd, rev, each
}

func reversed(x [][]byte) [][]byte {
	out := slices.Clone(x)
	slices.Reverse(out)
	return out
}

func equalKeys(a, b [][]byte) bool { return slices.EqualFunc(a, b, bytes.Equal) }

func TestOrderAndCursors(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.Name, func(t *testing.T) {
			db := be.Open(t)
			fill(t, db, shuffled())
			err := db.View(func(tx kv.Tx) error {
				b := tx.Bucket(bucket)
				if b == nil {
					t.Fatal("bucket missing")
				}
				fwd, rev, each := walk(t, b)
				if !equalKeys(fwd, sortedKeys) || !equalKeys(each, sortedKeys) {
					t.Errorf("forward order\n got %x\nwant %x", fwd, sortedKeys)
				}
				if !equalKeys(rev, reversed(sortedKeys)) {
					t.Errorf("backward order %x", rev)
				}
				if n := b.Len(); n != len(sortedKeys) {
					t.Errorf("Len = %d, want %d", n, len(sortedKeys))
				}
				c := b.Cursor()
				for _, tc := range []struct{ seek, want []byte }{
					{[]byte("a"), []byte("a")},
					{[]byte("a\x00a"), []byte("a\x00b")},
					{[]byte("aa"), []byte("ab")},
					{[]byte{0x00, 0x00, 0x00}, []byte{0x00, 0x01}},
					{[]byte{0xff, 0xff, 0x00}, nil},
					{[]byte{0x01}, []byte("A")},
				} {
					if k, _ := c.Seek(tc.seek); !bytes.Equal(k, tc.want) {
						t.Errorf("Seek(%x) = %x, want %x", tc.seek, k, tc.want)
					}
				}
				// Seek, then walk both ways across page boundaries.
				k, _ := c.Seek([]byte("b"))
				var got [][]byte
				for ; k != nil; k, _ = c.Prev() {
					got = append(got, bytes.Clone(k))
				}
				if want := reversed(sortedKeys[:9]); !equalKeys(got, want) {
					t.Errorf("Prev from b: %x, want %x", got, want)
				}
				k, _ = c.Seek([]byte("a"))
				k, _ = c.Next()
				k2, _ := c.Prev()
				k3, _ := c.Next()
				if !bytes.Equal(k, []byte("a\x00")) || !bytes.Equal(k2, []byte("a")) || !bytes.Equal(k3, []byte("a\x00")) {
					t.Errorf("Next, Prev, Next from a: %q %q %q", k, k2, k3)
				}
				// Where a cursor goes after running off either end, as bbolt's.
				c = b.Cursor()
				k, _ = c.Seek([]byte{0xff, 0xff, 0xff})
				k2, _ = c.Prev()
				if k != nil || !bytes.Equal(k2, []byte{0xff, 0xff}) {
					t.Errorf("Seek past the end, Prev: %x %x, want nil, the last key", k, k2)
				}
				c.Last()
				k, _ = c.Next()
				k2, _ = c.Prev()
				if k != nil || !bytes.Equal(k2, []byte{0xff, 0x00}) {
					t.Errorf("Last, Next, Prev: %x %x, want nil, the key before the last", k, k2)
				}
				c.First()
				k, _ = c.Prev()
				k2, _ = c.Next()
				if k != nil || !bytes.Equal(k2, []byte{0x00, 0x00}) {
					t.Errorf("First, Prev, Next: %x %x, want nil, the second key", k, k2)
				}
				if v := b.Get([]byte("a\x00b")); string(v) != "v:a\x00b" {
					t.Errorf("Get = %q", v)
				}
				if v := b.Get([]byte("a\x00c")); v != nil {
					t.Errorf("Get of a missing key = %q", v)
				}
				if tx.Bucket([]byte("none")) != nil {
					t.Error("a missing bucket is not nil")
				}
				if _, err := tx.CreateBucketIfNotExists([]byte("new")); err == nil {
					t.Error("a bucket was created in a read-only transaction")
				}
				if err := b.Put([]byte("x"), nil); err == nil {
					t.Error("Put in a read-only transaction")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestEmptyBucketAndValues(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.Name, func(t *testing.T) {
			db := be.Open(t)
			mustUpdate(t, db, func(tx kv.Tx) error {
				b, err := tx.CreateBucketIfNotExists(bucket)
				if err != nil {
					return err
				}
				if k, _ := b.Cursor().First(); k != nil {
					t.Errorf("First of an empty bucket: %q", k)
				}
				if k, _ := b.Cursor().Last(); k != nil {
					t.Errorf("Last of an empty bucket: %q", k)
				}
				if err := b.Put(nil, []byte("v")); err == nil {
					t.Error("an empty key was accepted")
				}
				return b.Put([]byte("empty"), nil)
			})
			err := db.View(func(tx kv.Tx) error {
				v := tx.Bucket(bucket).Get([]byte("empty"))
				if v == nil || len(v) != 0 {
					t.Errorf("an empty value reads as %#v, want a non-nil empty slice", v)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReadYourWrites: inside a write transaction, Get, cursors and Len see
// its own puts and deletions merged with what was stored; an error from
// fn discards them all.
func TestReadYourWrites(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.Name, func(t *testing.T) {
			db := be.Open(t)
			fill(t, db, sortedKeys)
			want := [][]byte{}
			for _, k := range sortedKeys {
				if !bytes.HasPrefix(k, []byte("a")) {
					want = append(want, k)
				}
			}
			added := [][]byte{[]byte("aa"), {0x00, 0x00, 0x05}, []byte("zz"), {0xff, 0xff, 0xff}}
			want = append(want, added...)
			slices.SortFunc(want, bytes.Compare)
			errAbort := errors.New("abort")
			for _, commit := range []bool{false, true} {
				err := db.Update(func(tx kv.Tx) error {
					b := tx.Bucket(bucket)
					for _, k := range sortedKeys {
						if bytes.HasPrefix(k, []byte("a")) {
							if err := b.Delete(k); err != nil {
								return err
							}
						}
					}
					for _, k := range added {
						if err := b.Put(k, append([]byte("v:"), k...)); err != nil {
							return err
						}
					}
					// Overwrite a stored key: the new value must be the one read.
					if err := b.Put([]byte("b"), []byte("v:b")); err != nil {
						return err
					}
					if b.Get([]byte("a")) != nil || string(b.Get([]byte("zz"))) != "v:zz" {
						t.Errorf("Get does not see the transaction's writes")
					}
					fwd, rev, each := walk(t, b)
					if !equalKeys(fwd, want) || !equalKeys(each, want) || !equalKeys(rev, reversed(want)) {
						t.Errorf("inside the transaction\n got %x\nwant %x\n rev %x", fwd, want, rev)
					}
					if n := b.Len(); n != len(want) {
						t.Errorf("Len = %d, want %d", n, len(want))
					}
					if k, _ := b.Cursor().Seek([]byte("a")); !bytes.Equal(k, []byte("aa")) {
						t.Errorf("Seek(a) = %q, want aa (a is deleted)", k)
					}
					if !commit {
						return errAbort
					}
					return nil
				})
				if !commit {
					if !errors.Is(err, errAbort) {
						t.Fatalf("Update returned %v, want fn's error", err)
					}
					_ = db.View(func(tx kv.Tx) error {
						if fwd, _, _ := walk(t, tx.Bucket(bucket)); !equalKeys(fwd, sortedKeys) {
							t.Errorf("a failed transaction wrote: %x", fwd)
						}
						return nil
					})
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				_ = db.View(func(tx kv.Tx) error {
					if fwd, _, _ := walk(t, tx.Bucket(bucket)); !equalKeys(fwd, want) {
						t.Errorf("after commit %x", fwd)
					}
					return nil
				})
			}
		})
	}
}

func TestBucketsAndSequences(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.Name, func(t *testing.T) {
			db := be.Open(t)
			var seqs []uint64
			for range 2 {
				mustUpdate(t, db, func(tx kv.Tx) error {
					seqs = seqs[:len(seqs):len(seqs)] // a retry must not add twice
					for _, name := range []string{"one", "two"} {
						b, err := tx.CreateBucketIfNotExists([]byte(name))
						if err != nil {
							return err
						}
						if name == "one" {
							for range 2 {
								s, err := b.NextSequence()
								if err != nil {
									return err
								}
								seqs = append(seqs, s)
							}
						}
					}
					return nil
				})
			}
			if !slices.Equal(seqs, []uint64{1, 2, 3, 4}) {
				t.Errorf("sequences %v", seqs)
			}
			// A failed transaction's sequence numbers are not used up: the
			// next one is 5 (as in bbolt).
			_ = db.Update(func(tx kv.Tx) error {
				tx.Bucket([]byte("one")).NextSequence()
				return errors.New("abort")
			})
			mustUpdate(t, db, func(tx kv.Tx) error {
				s, err := tx.Bucket([]byte("one")).NextSequence()
				if s != 5 {
					t.Errorf("sequence after a failed transaction: %d", s)
				}
				if s, _ := tx.Bucket([]byte("two")).NextSequence(); s != 1 {
					t.Errorf("buckets share a sequence: %d", s)
				}
				return err
			})
			err := db.View(func(tx kv.Tx) error {
				if tx.Bucket([]byte("one")) == nil || tx.Bucket([]byte("two")) == nil {
					t.Error("created buckets missing")
				}
				if _, err := tx.Bucket([]byte("one")).NextSequence(); err == nil {
					t.Error("NextSequence in a read-only transaction")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func counter(tx kv.Tx, name string) uint64 {
	v := tx.Bucket(bucket).Get([]byte(name))
	if v == nil {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// TestConcurrentUpdates: two clients (for Redis: two connections, as two
// instances have) increment counters concurrently with read-modify-write
// transactions; every increment must survive, and a reader must never see
// the two counters of a transaction disagree.
func TestConcurrentUpdates(t *testing.T) {
	const n = 60
	for _, be := range []struct {
		name string
		open func(t *testing.T) (kv.DB, kv.DB)
	}{
		{"bolt", func(t *testing.T) (kv.DB, kv.DB) { db := kvtest.OpenBolt(t); return db, db }},
		{"redis", func(t *testing.T) (kv.DB, kv.DB) {
			c1 := kvtest.RedisClient(t)
			c2 := redisClientOf(t, c1)
			opts := kv.RedisOptions{Prefix: "shared:", MaxAttempts: 10 * n}
			return kvtest.RedisDB(t, c1, opts), kvtest.RedisDB(t, c2, opts)
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			a, b := be.open(t)
			fill(t, a, nil)
			var wg sync.WaitGroup
			errs := make(chan error, 3*n+1)
			for _, db := range []kv.DB{a, b} {
				wg.Go(func() {
					for range n {
						errs <- db.Update(func(tx kv.Tx) error {
							bk := tx.Bucket(bucket)
							x := counter(tx, "x") + 1
							if err := bk.Put([]byte("x"), binary.BigEndian.AppendUint64(nil, x)); err != nil {
								return err
							}
							return bk.Put([]byte("y"), binary.BigEndian.AppendUint64(nil, x))
						})
					}
				})
			}
			stop := make(chan struct{})
			var readers sync.WaitGroup
			readers.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					var x, y uint64
					err := b.View(func(tx kv.Tx) error {
						x, y = counter(tx, "x"), counter(tx, "y")
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
					if x != y {
						errs <- fmt.Errorf("a reader saw x=%d, y=%d", x, y)
						return
					}
				}
			})
			wg.Wait()
			close(stop)
			readers.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			_ = a.View(func(tx kv.Tx) error {
				if x := counter(tx, "x"); x != 2*n {
					t.Errorf("counter = %d after 2×%d increments: updates were lost", x, n)
				}
				return nil
			})
		})
	}
}

func TestLock(t *testing.T) {
	for _, be := range []struct {
		name string
		open func(t *testing.T) (kv.DB, kv.DB)
	}{
		{"bolt", func(t *testing.T) (kv.DB, kv.DB) { db := kvtest.OpenBolt(t); return db, db }},
		{"redis", func(t *testing.T) (kv.DB, kv.DB) {
			c1 := kvtest.RedisClient(t)
			opts := kv.RedisOptions{Prefix: "shared:"}
			return kvtest.RedisDB(t, c1, opts), kvtest.RedisDB(t, redisClientOf(t, c1), opts)
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			a, b := be.open(t)
			unlock, err := a.Lock(context.Background(), "change")
			if err != nil {
				t.Fatal(err)
			}
			done, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := b.Lock(done, "change"); !errors.Is(err, context.Canceled) {
				t.Fatalf("a held lock was taken again: %v", err)
			}
			other, err := b.Lock(context.Background(), "other")
			if err != nil {
				t.Fatalf("locks of other names: %v", err)
			}
			other()
			unlock()
			unlock() // twice is harmless
			again, err := b.Lock(context.Background(), "change")
			if err != nil {
				t.Fatalf("a released lock: %v", err)
			}
			again()
			// Mutual exclusion under contention: a counter kept outside
			// any transaction, read and written under the lock.
			var counter atomic.Int64 // atomic only for the race detector, which cannot see the lock in Redis
			var wg sync.WaitGroup
			for _, db := range []kv.DB{a, b} {
				wg.Go(func() {
					for range 30 {
						u, err := db.Lock(context.Background(), "count")
						if err != nil {
							t.Error(err)
							return
						}
						c := counter.Load()
						mustUpdate(t, db, func(tx kv.Tx) error { return nil })
						counter.Store(c + 1)
						u()
					}
				})
			}
			wg.Wait()
			if n := counter.Load(); n != 60 {
				t.Errorf("counter = %d under the lock, want 60", n)
			}
		})
	}
}

// TestBoltFileCompatible: a file written by bbolt directly, as the exchange
// wrote them before this package, opens and reads unchanged.
func TestBoltFileCompatible(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("queue"))
		if err != nil {
			return err
		}
		s, _ := b.NextSequence()
		return b.Put(binary.BigEndian.AppendUint64(nil, s), []byte(`{"m":1}`))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := kv.OpenBolt(path, kv.BoltOptions{MapFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := kv.OpenBolt(path, kv.BoltOptions{LockTimeout: 50e6}); !errors.Is(err, kv.ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
	mustUpdate(t, db, func(tx kv.Tx) error {
		b := tx.Bucket([]byte("queue"))
		if v := b.Get(binary.BigEndian.AppendUint64(nil, 1)); string(v) != `{"m":1}` {
			t.Errorf("old value: %q", v)
		}
		if s, _ := b.NextSequence(); s != 2 {
			t.Errorf("the old sequence did not continue: %d", s)
		}
		return nil
	})
	if err := db.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx kv.Tx) error {
		if n := tx.Bucket([]byte("queue")).Len(); n != 1 {
			t.Errorf("after Compact: %d keys", n)
		}
		return nil
	})
}

// redisClientOf returns a second client of c's server: another instance.
func redisClientOf(t *testing.T, c *redis.Client) *redis.Client {
	c2 := redis.NewClient(&redis.Options{Addr: c.Options().Addr})
	t.Cleanup(func() { c2.Close() })
	return c2
}

// TestCopyBoltToRedis: a bbolt file's buckets, keys, values and sequences
// arrive in Redis as they were; a second copy is refused.
func TestCopyBoltToRedis(t *testing.T) {
	src, err := kv.OpenBolt(filepath.Join(t.TempDir(), "src.db"), kv.BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	fill(t, src, sortedKeys)
	mustUpdate(t, src, func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("seq"))
		if err != nil {
			return err
		}
		for range 7 {
			if _, err := b.NextSequence(); err != nil {
				return err
			}
		}
		_, err = tx.CreateBucketIfNotExists([]byte("empty"))
		return err
	})
	dst := kvtest.RedisDB(t, kvtest.RedisClient(t), kv.RedisOptions{PageSize: 4})
	buckets, keys, err := src.CopyTo(dst)
	if err != nil || buckets != 3 || keys != len(sortedKeys) {
		t.Fatalf("CopyTo = %d buckets, %d keys, %v", buckets, keys, err)
	}
	_ = dst.View(func(tx kv.Tx) error {
		if fwd, _, _ := walk(t, tx.Bucket(bucket)); !equalKeys(fwd, sortedKeys) {
			t.Errorf("copied keys %x", fwd)
		}
		if tx.Bucket([]byte("empty")) == nil {
			t.Error("an empty bucket was not copied")
		}
		return nil
	})
	mustUpdate(t, dst, func(tx kv.Tx) error {
		if s, _ := tx.Bucket([]byte("seq")).NextSequence(); s != 8 {
			t.Errorf("the sequence goes on at %d, want 8", s)
		}
		return nil
	})
	if _, _, err := src.CopyTo(dst); !errors.Is(err, kv.ErrNotEmpty) {
		t.Errorf("a second copy: %v, want ErrNotEmpty", err)
	}
}
