package accounts

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// TestCompactErasesDeletedData: bbolt frees the pages of deleted records
// without clearing them; Compact rewrites the file with live data only.
func TestCompactErasesDeletedData(t *testing.T) {
	f := newFixture(t)
	const email = "erase.me@city.example"
	u := f.addUser(t, email, "city-of-example", RoleContributor)
	f.login(t, email)
	if err := f.store.DeleteUser(f.ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f.path)
	if n := bytes.Count(data, []byte(email)); n == 0 {
		t.Log("bbolt left no copy of the deleted record this time")
	}
	if err := f.store.Compact(f.ctx); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(f.path)
	if n := bytes.Count(data, []byte(email)); n != 0 {
		t.Errorf("%d copies of the deleted e-mail address after Compact", n)
	}
	// The store works on after the swap, with the other records intact.
	if _, err := f.store.UserByEmail(f.ctx, "admin@map.example"); err != nil {
		t.Errorf("admin lost by Compact: %v", err)
	}
	f.login(t, "admin@map.example")
}

func TestOpenBoltLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "accounts.db")
	st, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v (%v), want 0600: it holds personal data", fi.Mode(), err)
	}
	// bbolt locks per file descriptor (flock), so a second open in this
	// process sees the lock as another process would.
	if _, err := OpenBolt(path); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
}

func TestStoreIndices(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := f.ctx
			u := f.addUser(t, "old@city.example", "city-of-example", RoleContributor)
			other := f.addUser(t, "other@city.example", "city-of-example", RoleContributor)

			// Changing the e-mail address and the organisation moves the indices.
			u.Email, u.OrgID = "new@city.example", "digital-skills-map"
			u.OIDCIssuer, u.OIDCSubject = "https://id.example.org", "sub-1"
			if err := f.store.UpdateUser(ctx, u, false); err != nil {
				t.Fatal(err)
			}
			if _, err := f.store.UserByEmail(ctx, "old@city.example"); !errors.Is(err, ErrNotFound) {
				t.Errorf("old e-mail still indexed: %v", err)
			}
			if got, err := f.store.UserByEmail(ctx, "new@city.example"); err != nil || got.ID != u.ID {
				t.Errorf("new e-mail: %v %v", got, err)
			}
			if got, err := f.store.UserByOIDC(ctx, "https://id.example.org", "sub-1"); err != nil || got.ID != u.ID {
				t.Errorf("OIDC index: %v %v", got, err)
			}
			if users, _ := f.store.Users(ctx, "city-of-example"); len(users) != 1 || users[0].ID != other.ID {
				t.Errorf("organisation index: %v", users)
			}
			if users, _ := f.store.Users(ctx, "digital-skills-map"); len(users) != 2 {
				t.Errorf("organisation index of the new organisation: %v", users)
			}
			// Taken keys are refused and change nothing.
			other.Email = "new@city.example"
			if err := f.store.UpdateUser(ctx, other, false); !errors.Is(err, ErrEmailTaken) {
				t.Errorf("taking another's e-mail: %v", err)
			}
			other.Email, other.OIDCIssuer, other.OIDCSubject = "other@city.example", "https://id.example.org", "sub-1"
			if err := f.store.UpdateUser(ctx, other, false); !errors.Is(err, ErrOIDCTaken) {
				t.Errorf("taking another's OIDC identity: %v", err)
			}
			if got, err := f.store.UserByEmail(ctx, "other@city.example"); err != nil || got.OIDCSubject != "" {
				t.Errorf("a refused update changed the record: %+v %v", got, err)
			}
			// The password hash survives the round trip through the file, though
			// User never serialises it.
			if got, _ := f.store.User(ctx, f.admin.ID); got.PasswordHash != f.admin.PasswordHash || got.PasswordHash == "" {
				t.Errorf("password hash not stored: %q", got.PasswordHash)
			}
		})
	}
}

// TestInvitationUsedOnce accepts one invitation from many goroutines:
// exactly one account is made.
func TestInvitationUsedOnce(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			_, token, err := f.svc.Invite(f.ctx, f.admin, "invitee@city.example", "city-of-example", RoleContributor)
			if err != nil {
				t.Fatal(err)
			}
			var ok, bad atomic.Int32
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := f.svc.AcceptInvitation(f.ctx, token, "Invitee", testPassword)
					switch {
					case err == nil:
						ok.Add(1)
					case errors.Is(err, ErrBadToken), errors.Is(err, ErrEmailTaken):
						bad.Add(1)
					default:
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if ok.Load() != 1 || bad.Load() != 7 {
				t.Errorf("%d acceptances succeeded, %d refused; want 1 and 7", ok.Load(), bad.Load())
			}
		})
	}
}

func TestCleanup(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			f.login(t, u.Email)
			f.svc.Invite(f.ctx, f.admin, "invitee@city.example", "city-of-example", RoleContributor)
			f.svc.RequestPasswordReset(f.ctx, u.Email)
			if n, err := f.svc.Cleanup(f.ctx); err != nil || n != 0 {
				t.Errorf("cleanup removed %d live records (%v)", n, err)
			}
			f.clock.Add(2 * time.Hour) // the reset expires
			if n, err := f.svc.Cleanup(f.ctx); err != nil || n != 1 {
				t.Errorf("cleanup after 2h removed %d (%v), want the reset", n, err)
			}
			f.clock.Add(7 * 24 * time.Hour) // the invitation and the idle session expire
			if n, err := f.svc.Cleanup(f.ctx); err != nil || n != 2 {
				t.Errorf("cleanup after a week removed %d (%v), want the invitation and the session", n, err)
			}
			if invs, _ := f.svc.Invitations(f.ctx, ""); len(invs) != 0 {
				t.Errorf("expired invitations left: %v", invs)
			}
		})
	}
}
