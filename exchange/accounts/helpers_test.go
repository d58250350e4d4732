package accounts

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// testArgon2 keeps tests fast; the parameters are still read back from
// each hash, so the code paths are the production ones.
var testArgon2 = Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type fixture struct {
	svc   *Service
	store *KVStore
	clock *clock
	path  string
	ctx   context.Context
	// The map's own organisation with its admin, and a partner city.
	admin   User
	adminPW string
}

const testPassword = "correct horse battery"

// newFixture sets up accounts in a bbolt file (f.path).
func newFixture(t testing.TB, opts ...func(*Options)) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "accounts.db")
	st, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return setUp(t, st, path, opts)
}

// newFixtureOn sets up accounts in a database of the backend (no f.path).
func newFixtureOn(t testing.TB, be kvtest.Backend, opts ...func(*Options)) *fixture {
	t.Helper()
	st, err := NewKVStore(be.Open(t))
	if err != nil {
		t.Fatal(err)
	}
	return setUp(t, st, "", opts)
}

func setUp(t testing.TB, st *KVStore, path string, opts []func(*Options)) *fixture {
	t.Helper()
	clk := &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	o := Options{Now: clk.Now, Argon2: testArgon2, ReservedIDs: []string{"urban-skills"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, f := range opts {
		f(&o)
	}
	svc, err := NewService(st, o)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, store: st, clock: clk, path: path, ctx: context.Background(), adminPW: testPassword}
	if _, err := svc.CreateOrganisation(f.ctx, Organisation{Name: "Digital Skills Map", Kind: KindOther}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateOrganisation(f.ctx, Organisation{Name: "City of Example", Kind: KindCity, Country: "de"}); err != nil {
		t.Fatal(err)
	}
	if f.admin, err = svc.AddUser(f.ctx, "Admin@Map.example ", "Ada Admin", "digital-skills-map", RoleAdmin, testPassword); err != nil {
		t.Fatal(err)
	}
	return f
}

// addUser adds a user directly (as the command line does).
func (f *fixture) addUser(t testing.TB, email, org string, role Role) User {
	t.Helper()
	u, err := f.svc.AddUser(f.ctx, email, "Name of "+email, org, role, testPassword)
	if err != nil {
		t.Fatalf("add %s: %v", email, err)
	}
	return u
}

func (f *fixture) login(t testing.TB, email string) string {
	t.Helper()
	_, token, err := f.svc.Login(f.ctx, email, testPassword, "192.0.2.1")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return token
}

// rawData is everything the database holds: the bbolt file's bytes, or
// every key and value of every bucket in Redis.
func (f *fixture) rawData(t testing.TB) []byte {
	t.Helper()
	if f.path != "" {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var out []byte
	err := f.store.db.View(func(tx kv.Tx) error {
		out = out[:0]
		for _, b := range allBuckets {
			err := tx.Bucket(b).ForEach(func(k, v []byte) error {
				out = append(append(out, k...), v...)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
