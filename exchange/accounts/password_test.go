package accounts

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		r, min Role
		want   bool
	}{
		{RoleAdmin, RoleEditor, true},
		{RoleAdmin, RoleAdmin, true},
		{RoleEditor, RoleContributor, true},
		{RoleEditor, RoleAdmin, false},
		{RoleContributor, RoleEditor, false},
		{Role("root"), RoleContributor, false},
		{RoleAdmin, Role("root"), false},
		{Role(""), RoleContributor, false},
	}
	for _, tt := range tests {
		if got := tt.r.AtLeast(tt.min); got != tt.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.r, tt.min, got, tt.want)
		}
	}
	for _, r := range Roles() {
		if !r.Valid() {
			t.Errorf("%q not valid", r)
		}
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRole("Admin"); !errors.Is(err, ErrInvalidRole) {
		t.Errorf("ParseRole(Admin) = %v, want ErrInvalidRole (roles are lower case)", err)
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, password, email string
		want                  error
	}{
		{"ok", "correct horse battery", "a@example.org", nil},
		{"11 characters", "abcdefghijk", "a@example.org", ErrPasswordTooShort},
		{"12 characters", "abcdefghijkl", "a@example.org", nil},
		// Characters, not bytes: 12 umlauts are 24 bytes and fine, 11 are not.
		{"12 umlauts", strings.Repeat("ä", 12), "a@example.org", nil},
		{"11 umlauts", strings.Repeat("ä", 11), "a@example.org", ErrPasswordTooShort},
		{"1024 bytes", strings.Repeat("x", 1024), "a@example.org", nil},
		{"1025 bytes", strings.Repeat("x", 1025), "a@example.org", ErrPasswordTooLong},
		{"the e-mail", "long.name@example.org", "long.name@example.org", ErrPasswordIsEmail},
		{"the e-mail in capitals", " LONG.NAME@example.org", "long.name@example.org", ErrPasswordIsEmail},
		{"empty", "", "a@example.org", ErrPasswordTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.password, tt.email)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("CheckPassword = %v, want %v", err, tt.want)
			}
		})
	}
}

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$`)

func TestHashPassword(t *testing.T) {
	p := Argon2Params{Time: 2, MemoryKiB: 256, Threads: 2, KeyLen: 32, SaltLen: 16}
	h, err := HashPassword("correct horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	m := phcPattern.FindStringSubmatch(h)
	if m == nil || m[1] != "256" || m[2] != "2" || m[3] != "2" {
		t.Fatalf("hash %q is not the PHC string of m=256,t=2,p=2", h)
	}
	h2, _ := HashPassword("correct horse battery", p)
	if h == h2 {
		t.Error("two hashes of one password are equal: no random salt")
	}
	for _, tt := range []struct {
		password string
		want     bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"correct horse battery ", false},
		{"", false},
	} {
		ok, err := VerifyPassword(tt.password, h)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tt.password, ok, err, tt.want)
		}
	}
	// Parameters are read back from the string: a hash made with the
	// defaults verifies with any configured parameters.
	strong, err := HashPassword("correct horse battery", DefaultArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strong, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("default parameters: %q", strong)
	}
	if ok, err := VerifyPassword("correct horse battery", strong); !ok || err != nil {
		t.Errorf("default-parameter hash does not verify: %v", err)
	}
	if NeedsRehash(strong, DefaultArgon2) || !NeedsRehash(h, DefaultArgon2) || NeedsRehash(h, p) {
		t.Error("NeedsRehash does not compare the parameters")
	}
}

func TestVerifyPasswordRefusesBadHashes(t *testing.T) {
	good, _ := HashPassword("correct horse battery", testArgon2)
	parts := strings.Split(good, "$")
	tests := map[string]string{
		"empty":            "",
		"bcrypt":           "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":          strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":      strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":      strings.Join([]string{"", "argon2id", "v=19", "m=4194304,t=1,p=1", parts[4], parts[5]}, "$"),
		"huge time":        strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1000,p=1", parts[4], parts[5]}, "$"),
		"zero threads":     strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=0", parts[4], parts[5]}, "$"),
		"trailing garbage": strings.Join([]string{"", "argon2id", "v=19", "m=64,t=1,p=1x", parts[4], parts[5]}, "$"),
		"bad salt":         strings.Join([]string{"", "argon2id", "v=19", parts[3], "!!!", parts[5]}, "$"),
		"short key":        strings.Join([]string{"", "argon2id", "v=19", parts[3], parts[4], "AAAA"}, "$"),
		"missing part":     strings.Join(parts[:5], "$"),
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := VerifyPassword("correct horse battery", h)
			if err == nil || ok {
				t.Errorf("VerifyPassword accepted %q: %v %v", h, ok, err)
			}
			if !NeedsRehash(h, testArgon2) {
				t.Error("an unreadable hash does not need rehashing")
			}
		})
	}
}

// TestLoginHashesForUnknownEmail checks the property behind "unknown
// e-mail and wrong password take the same time": a login for an unknown
// address runs the password hash too. With the only hashing slot taken,
// such a login must wait for it (and give up when its context ends).
func TestLoginHashesForUnknownEmail(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be, func(o *Options) { o.HashConcurrency = 1 })
			if err := f.svc.hasher.acquire(f.ctx); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(f.ctx, 50*time.Millisecond)
			defer cancel()
			_, _, err := f.svc.Login(ctx, "nobody@example.org", "whatever password", "192.0.2.7")
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("login for an unknown address did not wait for the hasher: %v", err)
			}
			f.svc.hasher.release()
			_, _, err = f.svc.Login(f.ctx, "nobody@example.org", "whatever password", "192.0.2.7")
			if err != ErrBadCredentials {
				t.Errorf("unknown address: %v, want ErrBadCredentials", err)
			}
		})
	}
}

func BenchmarkLogin(b *testing.B) {
	f := newFixture(b, func(o *Options) {
		o.Argon2 = DefaultArgon2
		o.MaxFailuresPerEmail = 1 << 30
		o.MaxFailuresPerIP = 1 << 30
	})
	for _, bc := range []struct{ name, email string }{
		{"wrong-password", "admin@map.example"},
		{"unknown-email", "nobody@map.example"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := f.svc.Login(f.ctx, bc.email, "wrong password here", ""); err != ErrBadCredentials {
					b.Fatal(err)
				}
			}
		})
	}
}
