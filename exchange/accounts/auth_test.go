package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

func TestInvitePermissions(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			editor := f.addUser(t, "editor@map.example", "digital-skills-map", RoleEditor)
			contributor := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			cityEditor := f.addUser(t, "odd.editor@city.example", "city-of-example", RoleEditor)
			tests := []struct {
				name    string
				by      User
				email   string
				org     string
				role    Role
				wantErr error
			}{
				{"admin invites a partner's contributor", f.admin, "a@city.example", "city-of-example", RoleContributor, nil},
				{"admin invites an editor into the map's organisation", f.admin, "b@map.example", "digital-skills-map", RoleEditor, nil},
				{"admin invites an admin", f.admin, "c@map.example", "digital-skills-map", RoleAdmin, nil},
				{"editor invites a partner's contributor", editor, "d@city.example", "city-of-example", RoleContributor, nil},
				{"editor invites an editor", editor, "e@map.example", "digital-skills-map", RoleEditor, nil},
				{"operator invites an editor into the map's organisation", Operator("de"), "f@map.example", "digital-skills-map", RoleEditor, nil},
				{"operator invites a contributor anywhere", Operator("de"), "f@city.example", "city-of-example", RoleContributor, nil},
				{"operator invites no editor elsewhere", Operator("de"), "f2@city.example", "city-of-example", RoleEditor, ErrForbidden},
				{"contributor cannot invite", contributor, "g@city.example", "city-of-example", RoleContributor, ErrForbidden},
				{"editor cannot grant admin", editor, "h@map.example", "digital-skills-map", RoleAdmin, ErrForbidden},
				{"no editors in a partner organisation", f.admin, "i@city.example", "city-of-example", RoleEditor, ErrForbidden},
				{"an editor elsewhere grants in their own organisation only", cityEditor, "j@map.example", "digital-skills-map", RoleEditor, ErrForbidden},
				{"made-up inviter", User{ID: "ffff", Role: RoleAdmin}, "k@city.example", "city-of-example", RoleContributor, ErrForbidden},
				{"unknown organisation", f.admin, "l@city.example", "atlantis", RoleContributor, ErrNotFound},
				{"existing account", f.admin, "MEMBER@city.example", "city-of-example", RoleContributor, ErrEmailTaken},
				{"bad address", f.admin, "not an address", "city-of-example", RoleContributor, ErrInvalidEmail},
				{"bad role", f.admin, "m@city.example", "city-of-example", Role("boss"), ErrInvalidRole},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					inv, token, err := f.svc.Invite(f.ctx, tt.by, tt.email, tt.org, tt.role)
					if tt.wantErr != nil {
						if !errors.Is(err, tt.wantErr) {
							t.Errorf("error %v, want %v", err, tt.wantErr)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					if !wellFormedSecret(token) || inv.Role != tt.role || inv.OrgID != tt.org || inv.Email != NormalizeEmail(tt.email) {
						t.Errorf("invitation %+v, token %q", inv, token)
					}
					if !inv.Expires.Equal(f.clock.Now().Add(7 * 24 * time.Hour)) {
						t.Errorf("expires %v, want in 7 days", inv.Expires)
					}
				})
			}
		})
	}
}

func TestAcceptInvitation(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			inv, token, err := f.svc.Invite(f.ctx, Operator("fr"), "Invitee@City.example", "city-of-example", RoleContributor)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := f.svc.Invitation(f.ctx, token); err != nil || got.ID != inv.ID || got.Language != "fr" {
				t.Errorf("Invitation(token) = %+v, %v", got, err)
			}
			for name, tok := range map[string]string{
				"empty": "", "junk": "abc", "unknown": newSecret(), "one character off": token[:42] + string(token[42]^1),
			} {
				if _, err := f.svc.AcceptInvitation(f.ctx, tok, "X", testPassword); !errors.Is(err, ErrBadToken) {
					t.Errorf("%s token: %v, want ErrBadToken", name, err)
				}
			}
			if _, err := f.svc.AcceptInvitation(f.ctx, token, "Invitee", "invitee@city.example"); !errors.Is(err, ErrPasswordIsEmail) {
				t.Errorf("password equal to the address: %v", err)
			}
			// A failed attempt does not use the invitation up.
			u, err := f.svc.AcceptInvitation(f.ctx, token, " Ines Invitee ", testPassword)
			if err != nil {
				t.Fatal(err)
			}
			if u.Email != "invitee@city.example" || u.Name != "Ines Invitee" || u.OrgID != "city-of-example" ||
				u.Role != RoleContributor || u.Language != "fr" {
				t.Errorf("account %+v does not match the invitation", u)
			}
			if _, err := f.svc.AcceptInvitation(f.ctx, token, "Again", testPassword); !errors.Is(err, ErrBadToken) {
				t.Errorf("second use: %v, want ErrBadToken", err)
			}
			f.login(t, "invitee@city.example")
		})
	}
}

func TestInvitationExpiryAndReplacement(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			_, first, _ := f.svc.Invite(f.ctx, f.admin, "x@city.example", "city-of-example", RoleContributor)
			_, second, _ := f.svc.Invite(f.ctx, f.admin, "x@city.example", "city-of-example", RoleContributor)
			if invs, _ := f.svc.Invitations(f.ctx, "city-of-example"); len(invs) != 1 {
				t.Errorf("%d pending invitations for one address, want 1", len(invs))
			}
			if _, err := f.svc.AcceptInvitation(f.ctx, first, "X", testPassword); !errors.Is(err, ErrBadToken) {
				t.Errorf("a replaced invitation still works: %v", err)
			}
			f.clock.Add(7*24*time.Hour - time.Second)
			if _, err := f.svc.Invitation(f.ctx, second); err != nil {
				t.Errorf("invitation expired early: %v", err)
			}
			f.clock.Add(time.Second)
			if _, err := f.svc.AcceptInvitation(f.ctx, second, "X", testPassword); !errors.Is(err, ErrBadToken) {
				t.Errorf("expired invitation accepted: %v", err)
			}
		})
	}
}

func TestAcceptInvitationOIDC(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			_, token, _ := f.svc.Invite(f.ctx, f.admin, "x@city.example", "city-of-example", RoleContributor)
			id := Identity{Issuer: "https://id.example.org", Subject: "42", Email: "someone.else@example.org", Name: "Xavier"}
			u, err := f.svc.AcceptInvitationOIDC(f.ctx, token, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.HasPassword() || u.OIDCSubject != "42" || u.Email != "x@city.example" || u.Name != "Xavier" {
				t.Errorf("account %+v", u)
			}
			if got, _, err := f.svc.LoginOIDC(f.ctx, id); err != nil || got.ID != u.ID {
				t.Errorf("login with the linked identity: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, "x@city.example", "", ""); err != ErrBadCredentials {
				t.Errorf("password login of an account without password: %v", err)
			}
		})
	}
}

func TestLoginThrottlesByEmail(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			for i := range 5 {
				if _, _, err := f.svc.Login(f.ctx, u.Email, "wrong password "+fmt.Sprint(i), "192.0.2.1"); err != ErrBadCredentials {
					t.Fatalf("failure %d: %v", i+1, err)
				}
			}
			// The 6th attempt is refused before the password is looked at, even
			// the right one, and from another address.
			_, _, err := f.svc.Login(f.ctx, " MEMBER@city.example", testPassword, "198.51.100.9")
			var te *ThrottledError
			if !errors.As(err, &te) || te.RetryAfter != ThrottleBaseDelay {
				t.Fatalf("6th attempt: %v, want ThrottledError{30s}", err)
			}
			if !strings.Contains(te.Error(), "30s") {
				t.Errorf("message %q does not say when to retry", te.Error())
			}
			// Other accounts are not affected.
			f.login(t, "admin@map.example")
			// After the wait, a further failure doubles it.
			f.clock.Add(ThrottleBaseDelay)
			if _, _, err := f.svc.Login(f.ctx, u.Email, "wrong again!", "192.0.2.1"); err != ErrBadCredentials {
				t.Fatalf("after the wait: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, testPassword, "192.0.2.1"); !errors.As(err, &te) || te.RetryAfter != 2*ThrottleBaseDelay {
				t.Fatalf("after a 6th failure: %v, want a wait of 1m", err)
			}
			// A successful login resets the count.
			f.clock.Add(2 * ThrottleBaseDelay)
			f.login(t, u.Email)
			for i := range 4 {
				if _, _, err := f.svc.Login(f.ctx, u.Email, "wrong", "192.0.2.1"); err != ErrBadCredentials {
					t.Fatalf("failure %d after reset: %v", i+1, err)
				}
			}
			f.login(t, u.Email)
		})
	}
}

func TestLoginThrottleBackoffIsCapped(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			var te *ThrottledError
			for i := range 20 {
				_, _, err := f.svc.Login(f.ctx, "admin@map.example", "wrong password", "")
				if errors.As(err, &te) {
					f.clock.Add(te.RetryAfter)
					if te.RetryAfter > ThrottleMaxDelay {
						t.Fatalf("attempt %d: wait %v beyond the cap", i, te.RetryAfter)
					}
					continue
				}
				if err != ErrBadCredentials {
					t.Fatal(err)
				}
			}
			if te == nil || te.RetryAfter != ThrottleMaxDelay {
				t.Errorf("last wait %v, want the cap %v", te, ThrottleMaxDelay)
			}
			// 15 minutes without a failure forget everything.
			f.clock.Add(ThrottleWindow)
			f.login(t, "admin@map.example")
		})
	}
}

func TestLoginThrottlesByIP(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			tests := []struct {
				name   string
				client func(i int) string
				other  string // an address that is not throttled
			}{
				{"IPv4", func(int) string { return "203.0.113.5" }, "203.0.113.6"},
				{"IPv6 /64", func(i int) string { return fmt.Sprintf("2001:db8:1:2::%x", i+1) }, "2001:db8:1:3::1"},
				{"IPv4-mapped", func(int) string { return "::ffff:198.51.100.7" }, "198.51.100.8"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					for i := range 20 {
						email := fmt.Sprintf("guess%d@%s.example", i, strings.ReplaceAll(tt.name, " ", ""))
						if _, _, err := f.svc.Login(f.ctx, email, "password123456", tt.client(i)); err != ErrBadCredentials {
							t.Fatalf("failure %d: %v", i+1, err)
						}
					}
					var te *ThrottledError
					if _, _, err := f.svc.Login(f.ctx, "admin@map.example", testPassword, tt.client(99)); !errors.As(err, &te) {
						t.Fatalf("21st attempt from the same client: %v, want ThrottledError", err)
					}
					if _, _, err := f.svc.Login(f.ctx, "admin@map.example", testPassword, tt.other); err != nil {
						t.Errorf("another client: %v", err)
					}
				})
			}
		})
	}
}

func TestUnknownEmailAndWrongPasswordLookAlike(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			_, _, e1 := f.svc.Login(f.ctx, "nobody@map.example", testPassword, "")
			_, _, e2 := f.svc.Login(f.ctx, "admin@map.example", "wrong password!", "")
			if e1 != ErrBadCredentials || e2 != ErrBadCredentials {
				t.Errorf("unknown address: %v; wrong password: %v; want the same ErrBadCredentials", e1, e2)
			}
			// Unknown addresses are throttled like known ones.
			for range 4 {
				f.svc.Login(f.ctx, "nobody@map.example", testPassword, "")
			}
			var te *ThrottledError
			if _, _, err := f.svc.Login(f.ctx, "nobody@map.example", testPassword, ""); !errors.As(err, &te) {
				t.Errorf("unknown address not throttled: %v", err)
			}
		})
	}
}

func TestLoginRehashesOldParameters(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			stronger := testArgon2
			stronger.Time = 2
			svc2, err := NewService(f.store, Options{Now: f.clock.Now, Argon2: stronger, Logger: f.svc.log})
			if err != nil {
				t.Fatal(err)
			}
			u, _, err := svc2.Login(f.ctx, "admin@map.example", testPassword, "")
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := f.store.User(f.ctx, u.ID)
			if !strings.Contains(stored.PasswordHash, ",t=2,") || NeedsRehash(stored.PasswordHash, stronger) {
				t.Errorf("hash not upgraded: %s", stored.PasswordHash)
			}
			if !stored.LastLogin.Equal(f.clock.Now()) {
				t.Errorf("last login %v", stored.LastLogin)
			}
			if _, _, err := svc2.Login(f.ctx, "admin@map.example", testPassword, ""); err != nil {
				t.Errorf("login after rehash: %v", err)
			}
		})
	}
}

func TestSessions(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			token := f.login(t, "admin@map.example")
			u, sess, err := f.svc.Authenticate(f.ctx, token)
			if err != nil || u.ID != f.admin.ID || !wellFormedSecret(sess.CSRFToken) {
				t.Fatalf("Authenticate: %+v %+v %v", u, sess, err)
			}
			hash := secretHash(token)
			lastSeen := func() time.Time {
				s, err := f.store.Session(f.ctx, hash)
				if err != nil {
					t.Fatal(err)
				}
				return s.LastSeen
			}
			start := f.clock.Now()
			// Within a minute, requests do not write.
			f.clock.Add(59 * time.Second)
			f.svc.Authenticate(f.ctx, token)
			if !lastSeen().Equal(start) {
				t.Errorf("LastSeen written within a minute")
			}
			f.clock.Add(time.Second)
			f.svc.Authenticate(f.ctx, token)
			if !lastSeen().Equal(start.Add(time.Minute)) {
				t.Errorf("LastSeen not written after a minute: %v", lastSeen())
			}
			if got := f.svc.SessionExpires(sess); !got.Equal(start.Add(7 * 24 * time.Hour)) {
				t.Errorf("SessionExpires = %v", got)
			}

			// Idle expiry.
			f.clock.Add(7*24*time.Hour - time.Second)
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != nil {
				t.Fatalf("session ended before 7 idle days: %v", err)
			}
			f.clock.Add(7 * 24 * time.Hour)
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != ErrNoSession {
				t.Errorf("idle session: %v, want ErrNoSession", err)
			}
			if _, err := f.store.Session(f.ctx, hash); !errors.Is(err, ErrNotFound) {
				t.Errorf("expired session not deleted: %v", err)
			}

			// Absolute expiry: used daily, it still ends after 30 days.
			token = f.login(t, "admin@map.example")
			for day := 1; day < 30; day++ {
				f.clock.Add(24 * time.Hour)
				if _, _, err := f.svc.Authenticate(f.ctx, token); err != nil {
					t.Fatalf("day %d: %v", day, err)
				}
			}
			f.clock.Add(24 * time.Hour)
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != ErrNoSession {
				t.Errorf("day 30: %v, want ErrNoSession", err)
			}

			// Logout.
			token = f.login(t, "admin@map.example")
			if err := f.svc.Logout(f.ctx, token); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != ErrNoSession {
				t.Errorf("after logout: %v", err)
			}
			for _, junk := range []string{"", "x", strings.Repeat("a", 10000), token + "x"} {
				if _, _, err := f.svc.Authenticate(f.ctx, junk); err != ErrNoSession {
					t.Errorf("Authenticate(%.10q) = %v", junk, err)
				}
				if err := f.svc.Logout(f.ctx, junk); err != nil {
					t.Errorf("Logout(junk) = %v", err)
				}
			}
		})
	}
}

func TestPasswordReset(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			session := f.login(t, u.Email)

			if _, _, ok, err := f.svc.RequestPasswordReset(f.ctx, "nobody@city.example"); ok || err != nil {
				t.Errorf("unknown address: ok=%v err=%v, want false, nil", ok, err)
			}
			got, token, ok, err := f.svc.RequestPasswordReset(f.ctx, " Member@City.example")
			if err != nil || !ok || got.ID != u.ID || !wellFormedSecret(token) {
				t.Fatalf("RequestPasswordReset: %v %v %v", got, ok, err)
			}
			if _, err := f.svc.ResetPassword(f.ctx, token, "short"); !errors.Is(err, ErrPasswordTooShort) {
				t.Errorf("short password: %v", err)
			}
			const newPassword = "a brand new passphrase"
			if _, err := f.svc.ResetPassword(f.ctx, token, newPassword); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.Authenticate(f.ctx, session); err != ErrNoSession {
				t.Errorf("a session survived the reset: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, testPassword, ""); err != ErrBadCredentials {
				t.Errorf("old password still works: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, newPassword, ""); err != nil {
				t.Errorf("new password: %v", err)
			}
			if _, err := f.svc.ResetPassword(f.ctx, token, "yet another passphrase"); !errors.Is(err, ErrBadToken) {
				t.Errorf("a reset token used twice: %v", err)
			}

			// Expiry after an hour.
			f.clock.Add(time.Hour) // out of the request throttle's window too
			_, token, _, _ = f.svc.RequestPasswordReset(f.ctx, u.Email)
			f.clock.Add(time.Hour)
			if _, err := f.svc.ResetPassword(f.ctx, token, "yet another passphrase"); !errors.Is(err, ErrBadToken) {
				t.Errorf("expired reset token: %v", err)
			}
		})
	}
}

func TestPasswordResetRequestsAreThrottled(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			for _, email := range []string{"admin@map.example", "nobody@map.example"} {
				for i := range DefaultMaxResetsPerEmail {
					if _, _, _, err := f.svc.RequestPasswordReset(f.ctx, email); err != nil {
						t.Fatalf("%s request %d: %v", email, i+1, err)
					}
				}
				var te *ThrottledError
				if _, _, _, err := f.svc.RequestPasswordReset(f.ctx, email); !errors.As(err, &te) {
					t.Errorf("%s: request %d not throttled: %v", email, DefaultMaxResetsPerEmail+1, err)
				}
			}
		})
	}
}

func TestChangePassword(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			other := f.login(t, u.Email)
			if _, err := f.svc.ChangePassword(f.ctx, u, "wrong current pw", "a brand new passphrase"); !errors.Is(err, ErrBadCredentials) {
				t.Errorf("wrong current password: %v", err)
			}
			if _, err := f.svc.ChangePassword(f.ctx, u, testPassword, "member@city.example"); !errors.Is(err, ErrPasswordIsEmail) {
				t.Errorf("password equal to the address: %v", err)
			}
			fresh, err := f.svc.ChangePassword(f.ctx, u, testPassword, "a brand new passphrase")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.Authenticate(f.ctx, other); err != ErrNoSession {
				t.Errorf("other session survived: %v", err)
			}
			if got, _, err := f.svc.Authenticate(f.ctx, fresh); err != nil || got.ID != u.ID {
				t.Errorf("new session: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, "a brand new passphrase", ""); err != nil {
				t.Errorf("login with the new password: %v", err)
			}
			if _, err := f.svc.ChangePassword(f.ctx, Operator("en"), "", "a brand new passphrase"); !errors.Is(err, ErrForbidden) {
				t.Errorf("the operator has no password to change: %v", err)
			}
		})
	}
}

// signalStore tells when Login has read the user it checks.
type signalStore struct {
	*BoltStore
	read chan struct{}
}

func (s signalStore) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := s.BoltStore.UserByEmail(ctx, email)
	s.read <- struct{}{}
	return u, err
}

// TestLoginDoesNotUndoADisable: an admin disables a user while the user's
// login is checking the password; the login must not write back the
// record it read before (which would enable the account again).
func TestLoginDoesNotUndoADisable(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			st := signalStore{BoltStore: f.store, read: make(chan struct{}, 1)}
			svc, err := NewService(st, Options{Now: f.clock.Now, Argon2: testArgon2, HashConcurrency: 1, Logger: f.svc.log})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.hasher.acquire(f.ctx); err != nil { // the login will wait at the hash
				t.Fatal(err)
			}
			done := make(chan error)
			go func() {
				_, _, err := svc.Login(f.ctx, u.Email, testPassword, "")
				done <- err
			}()
			<-st.read // the login holds the enabled record
			if _, err := svc.DisableUser(f.ctx, f.admin, u.ID); err != nil {
				t.Fatal(err)
			}
			svc.hasher.release()
			if err := <-done; !errors.Is(err, ErrDisabled) {
				t.Errorf("login during the disable: %v, want ErrDisabled", err)
			}
			if got, _ := f.store.User(f.ctx, u.ID); !got.Disabled {
				t.Error("the login enabled the disabled account again")
			}
		})
	}
}
