package accounts

import (
	"errors"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// Tests of what the account pages need: the sessions of a user, a reset
// link checked before it is used, invitations in a chosen language.

func TestSessionsOfAUser(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			member := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			f.login(t, member.Email)
			f.clock.Add(time.Hour)
			second := f.login(t, member.Email)
			f.login(t, "admin@map.example") // someone else's
			list, err := f.svc.Sessions(f.ctx, member.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || !list[0].LastSeen.After(list[1].LastSeen) {
				t.Fatalf("sessions %+v, want two, the latest first", list)
			}
			_, s2, _ := f.svc.Authenticate(f.ctx, second)
			if list[0].CSRFToken != s2.CSRFToken {
				t.Errorf("the latest session is not first")
			}
			if err := f.svc.Logout(f.ctx, second); err != nil {
				t.Fatal(err)
			}
			if list, _ = f.svc.Sessions(f.ctx, member.ID); len(list) != 1 {
				t.Errorf("after a sign-out: %d sessions, want 1", len(list))
			}
			// An idle session no longer counts, even before Cleanup removes it.
			f.clock.Add(DefaultSessionIdle)
			if list, _ = f.svc.Sessions(f.ctx, member.ID); len(list) != 0 {
				t.Errorf("an expired session is listed: %+v", list)
			}
			if list, err = f.svc.Sessions(f.ctx, "no-such-user"); err != nil || len(list) != 0 {
				t.Errorf("sessions of nobody: %v %v", list, err)
			}
		})
	}
}

func TestPasswordResetLookup(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			_, token, ok, err := f.svc.RequestPasswordReset(f.ctx, u.Email)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			for name, tok := range map[string]string{"empty": "", "junk": "x", "unknown": newSecret()} {
				if _, err := f.svc.PasswordReset(f.ctx, tok); !errors.Is(err, ErrBadToken) {
					t.Errorf("%s: %v, want ErrBadToken", name, err)
				}
			}
			r, err := f.svc.PasswordReset(f.ctx, token)
			if err != nil || r.UserID != u.ID {
				t.Fatalf("PasswordReset = %+v, %v", r, err)
			}
			// Looking does not use the link up.
			if _, err := f.svc.ResetPassword(f.ctx, token, "a brand new passphrase"); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.PasswordReset(f.ctx, token); !errors.Is(err, ErrBadToken) {
				t.Errorf("a used link: %v", err)
			}
			f.clock.Add(ThrottleWindow)
			_, token, _, _ = f.svc.RequestPasswordReset(f.ctx, u.Email)
			f.clock.Add(DefaultResetTTL)
			if _, err := f.svc.PasswordReset(f.ctx, token); !errors.Is(err, ErrBadToken) {
				t.Errorf("an expired link: %v", err)
			}
		})
	}
}

func TestInviteWithLanguage(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			tests := []struct {
				lang, want string
				err        error
			}{
				{"", "en", nil}, // the admin's own
				{"de", "de", nil},
				{"fr", "fr", nil},
				{"it", "", ErrInvalidLanguage},
			}
			for _, tt := range tests {
				inv, token, err := f.svc.InviteWithLanguage(f.ctx, f.admin, "x-"+tt.lang+"@city.example", "city-of-example", RoleContributor, tt.lang)
				if !errors.Is(err, tt.err) {
					t.Errorf("%q: %v, want %v", tt.lang, err, tt.err)
					continue
				}
				if err != nil {
					continue
				}
				if inv.Language != tt.want {
					t.Errorf("%q: invitation in %q, want %q", tt.lang, inv.Language, tt.want)
				}
				u, err := f.svc.AcceptInvitation(f.ctx, token, "X", testPassword)
				if err != nil || u.Language != tt.want {
					t.Errorf("%q: account language %q (%v), want %q", tt.lang, u.Language, err, tt.want)
				}
			}
		})
	}
}
