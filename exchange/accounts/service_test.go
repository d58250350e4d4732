package accounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

func TestCreateOrganisation(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			tests := []struct {
				name    string
				org     Organisation
				wantID  string
				wantErr error
				errText string
			}{
				{"id from a German name", Organisation{Name: "Stadt München – Digitale Teilhabe", Kind: KindCity, Country: "de"}, "stadt-muenchen-digitale-teilhabe", nil, ""},
				{"id from a French name", Organisation{Name: "Région Île-de-France", Kind: KindRegion}, "region-ile-de-france", nil, ""},
				{"explicit id", Organisation{ID: "ngo-1", Name: "Some NGO", Kind: KindNGO, Website: "https://ngo.example.org/"}, "ngo-1", nil, ""},
				{"default kind", Organisation{Name: "Library Hub"}, "library-hub", nil, ""},
				{"long name cut at a word", Organisation{Name: strings.Repeat("Digital ", 12)}, strings.TrimSuffix(strings.Repeat("digital-", 8), "-"), nil, ""},
				{"duplicate id", Organisation{Name: "City of Example"}, "", ErrExists, "taken"},
				{"reserved source id", Organisation{Name: "Urban Skills"}, "", ErrExists, "harvest source"},
				{"reserved source id given", Organisation{ID: "urban-skills", Name: "Anything"}, "", ErrExists, "harvest source"},
				{"no letters", Organisation{Name: "!!!"}, "", ErrInvalidOrganisation, "give an id"},
				{"no name", Organisation{ID: "x"}, "", ErrInvalidOrganisation, "name"},
				{"bad id", Organisation{ID: "Big City", Name: "Big City"}, "", ErrInvalidOrganisation, "lower-case"},
				{"bad kind", Organisation{Name: "A", Kind: "company"}, "", ErrInvalidOrganisation, "kind"},
				{"bad website", Organisation{Name: "B", Website: "ftp://b.example/"}, "", ErrInvalidOrganisation, "website"},
				{"relative website", Organisation{Name: "B", Website: "/about"}, "", ErrInvalidOrganisation, "website"},
				{"bad country", Organisation{Name: "C", Country: "XX"}, "", ErrInvalidOrganisation, "ISO 3166"},
				{"three-letter country", Organisation{Name: "C", Country: "DEU"}, "", ErrInvalidOrganisation, "ISO 3166"},
				{"region code is not a country", Organisation{Name: "C", Country: "EU"}, "", ErrInvalidOrganisation, "ISO 3166"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					o, err := f.svc.CreateOrganisation(f.ctx, tt.org)
					if tt.wantErr != nil {
						if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
							t.Fatalf("error %v, want %v mentioning %q", err, tt.wantErr, tt.errText)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					if o.ID != tt.wantID {
						t.Errorf("id %q, want %q", o.ID, tt.wantID)
					}
					got, err := f.svc.Organisation(f.ctx, o.ID)
					if err != nil || got != o {
						t.Errorf("stored %+v (%v), want %+v", got, err, o)
					}
				})
			}
			o, _ := f.svc.Organisation(f.ctx, "city-of-example")
			if o.Country != "DE" || o.Kind != KindCity || !o.Created.Equal(f.clock.Now()) {
				t.Errorf("country not normalised or creation time wrong: %+v", o)
			}
			if o, _ := f.svc.Organisation(f.ctx, "library-hub"); o.Kind != KindOther {
				t.Errorf("default kind %q", o.Kind)
			}
		})
	}
}

func TestAddUserValidates(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			tests := []struct {
				name, email, uname, org string
				role                    Role
				password                string
				want                    error
			}{
				{"display name", "Ada <ada@example.org>", "Ada", "city-of-example", RoleContributor, testPassword, ErrInvalidEmail},
				{"no domain", "ada", "Ada", "city-of-example", RoleContributor, testPassword, ErrInvalidEmail},
				{"header injection", "ada@example.org\r\nBcc: x@example.org", "Ada", "city-of-example", RoleContributor, testPassword, ErrInvalidEmail},
				{"empty", " ", "Ada", "city-of-example", RoleContributor, testPassword, ErrInvalidEmail},
				{"taken, other case", "ADMIN@map.example", "Ada", "city-of-example", RoleContributor, testPassword, ErrEmailTaken},
				{"no name", "ada@example.org", " ", "city-of-example", RoleContributor, testPassword, ErrInvalidName},
				{"control character in name", "ada@example.org", "Ada\x00", "city-of-example", RoleContributor, testPassword, ErrInvalidName},
				{"bad role", "ada@example.org", "Ada", "city-of-example", Role("owner"), testPassword, ErrInvalidRole},
				{"no such organisation", "ada@example.org", "Ada", "atlantis", RoleContributor, testPassword, ErrNotFound},
				{"short password", "ada@example.org", "Ada", "city-of-example", RoleContributor, "short", ErrPasswordTooShort},
				{"password is e-mail", "ada.lovelace@example.org", "Ada", "city-of-example", RoleContributor, "ada.lovelace@example.org", ErrPasswordIsEmail},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					_, err := f.svc.AddUser(f.ctx, tt.email, tt.uname, tt.org, tt.role, tt.password)
					if !errors.Is(err, tt.want) {
						t.Errorf("error %v, want %v", err, tt.want)
					}
				})
			}
			u := f.addUser(t, "  Ada@Example.ORG", "city-of-example", RoleContributor)
			if u.Email != "ada@example.org" || u.Language != "en" || len(u.ID) != 32 || !u.HasPassword() {
				t.Errorf("user not normalised: %+v", u)
			}
			if got, err := f.svc.UserByEmail(f.ctx, "ADA@example.org "); err != nil || got.ID != u.ID {
				t.Errorf("lookup by e-mail: %v %v", got, err)
			}
		})
	}
}

// TestUserNeverPrintsSecrets checks that the JSON, String and log forms of
// a user leave out the password hash (and String and LogValue the e-mail).
func TestUserNeverPrintsSecrets(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.admin
			if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
				t.Fatalf("fixture user has no hash: %q", u.PasswordHash)
			}
			js, _ := json.Marshal(u)
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("event", "user", u)
			slog.New(slog.NewTextHandler(&buf, nil)).Info("event", "user", u)
			forms := map[string]string{
				"json":   string(js),
				"String": u.String(),
				"%v":     fmt.Sprintf("%v %+v %s", u, u, u),
				"slog":   buf.String(),
			}
			for name, s := range forms {
				if strings.Contains(s, "argon2") || strings.Contains(s, u.PasswordHash[20:]) {
					t.Errorf("%s form shows the password hash: %s", name, s)
				}
				if name != "json" && strings.Contains(s, u.Email) {
					t.Errorf("%s form shows the e-mail address: %s", name, s)
				}
				if !strings.Contains(s, u.ID) {
					t.Errorf("%s form lacks the user ID: %s", name, s)
				}
			}
			if !strings.Contains(string(js), `"email":"admin@map.example"`) {
				t.Errorf("the API form should carry the e-mail: %s", js)
			}
		})
	}
}

func TestRolesAndLastAdmin(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			editor := f.addUser(t, "editor@map.example", "digital-skills-map", RoleEditor)
			partner := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)

			if _, err := f.svc.SetRole(f.ctx, editor, partner.ID, RoleEditor); !errors.Is(err, ErrForbidden) {
				t.Errorf("an editor changed a role: %v", err)
			}
			if _, err := f.svc.SetRole(f.ctx, f.admin, partner.ID, RoleEditor); !errors.Is(err, ErrForbidden) {
				t.Errorf("a partner's member became editor: %v", err)
			}
			if _, err := f.svc.SetRole(f.ctx, f.admin, f.admin.ID, RoleEditor); !errors.Is(err, ErrLastAdmin) {
				t.Errorf("the last admin was demoted: %v", err)
			}
			if _, err := f.svc.DisableUser(f.ctx, f.admin, f.admin.ID); !errors.Is(err, ErrLastAdmin) {
				t.Errorf("the last admin was disabled: %v", err)
			}
			if err := f.svc.DeleteUser(f.ctx, f.admin, f.admin.ID); !errors.Is(err, ErrLastAdmin) {
				t.Errorf("the last admin was deleted: %v", err)
			}
			if err := f.svc.DeleteUser(f.ctx, Operator("en"), f.admin.ID); !errors.Is(err, ErrLastAdmin) {
				t.Errorf("the operator deleted the last admin: %v", err)
			}
			// With a second admin, the first may step down.
			if _, err := f.svc.SetRole(f.ctx, f.admin, editor.ID, RoleAdmin); err != nil {
				t.Fatal(err)
			}
			if u, err := f.svc.SetRole(f.ctx, f.admin, f.admin.ID, RoleEditor); err != nil || u.Role != RoleEditor {
				t.Fatalf("step down: %v", err)
			}
			// A stale User value (the role the caller saw before) grants nothing.
			if _, err := f.svc.SetRole(f.ctx, f.admin, partner.ID, RoleContributor); !errors.Is(err, ErrForbidden) {
				t.Errorf("a demoted admin's old User value still acts as admin: %v", err)
			}
		})
	}
}

func TestDisableUser(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			u := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			token := f.login(t, u.Email)
			if _, err := f.svc.DisableUser(f.ctx, u, u.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("a contributor disabled an account: %v", err)
			}
			if _, err := f.svc.DisableUser(f.ctx, f.admin, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != ErrNoSession {
				t.Errorf("a disabled user's session still works: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, testPassword, "192.0.2.1"); !errors.Is(err, ErrDisabled) {
				t.Errorf("a disabled user signed in: %v", err)
			}
			if _, _, err := f.svc.Login(f.ctx, u.Email, "wrong password!!", "192.0.2.1"); err != ErrBadCredentials {
				t.Errorf("a wrong password for a disabled user: %v (must not say it is disabled)", err)
			}
			if _, err := f.svc.EnableUser(f.ctx, f.admin, u.ID); err != nil {
				t.Fatal(err)
			}
			f.login(t, u.Email)
		})
	}
}

func TestDeleteUser(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			const email = "erase.me@city.example"
			u := f.addUser(t, email, "city-of-example", RoleContributor)
			other := f.addUser(t, "other@city.example", "city-of-example", RoleContributor)
			token := f.login(t, email)
			tok, plain, err := f.svc.CreateToken(f.ctx, u, "sync script", []Scope{ScopePracticesWrite})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, ok, err := f.svc.RequestPasswordReset(f.ctx, email); !ok || err != nil {
				t.Fatal(err)
			}
			if err := f.svc.DeleteUser(f.ctx, other, u.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("a contributor deleted another account: %v", err)
			}
			if err := f.svc.DeleteUser(f.ctx, u, u.ID); err != nil {
				t.Fatalf("deleting one's own account: %v", err)
			}
			if _, err := f.svc.User(f.ctx, u.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("user still there: %v", err)
			}
			if _, err := f.svc.UserByEmail(f.ctx, email); !errors.Is(err, ErrNotFound) {
				t.Errorf("e-mail index still there: %v", err)
			}
			if _, _, err := f.svc.Authenticate(f.ctx, token); err != ErrNoSession {
				t.Errorf("session survived: %v", err)
			}
			// The organisation and what it owns stay: the token still works.
			if got, org, err := f.svc.AuthenticateToken(f.ctx, plain); err != nil || got.ID != tok.ID || org.ID != "city-of-example" {
				t.Errorf("the organisation's token died with its creator: %v", err)
			}
			// The personal data is gone from the file, not only from the indices.
			data := f.rawData(t)
			for _, s := range []string{email, "Name of " + email, u.PasswordHash} {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%q is still in the database file", s)
				}
			}
			// The address is free again: the person can be invited anew.
			if _, _, err := f.svc.Invite(f.ctx, f.admin, email, "city-of-example", RoleContributor); err != nil {
				t.Errorf("re-inviting a deleted address: %v", err)
			}
			if err := f.svc.DeleteUser(f.ctx, f.admin, other.ID); err != nil {
				t.Errorf("an admin deleting an account: %v", err)
			}
		})
	}
}

// TestConcurrentDeletesKeepAnAdmin: two admins deleting each other at once
// must not leave the map without an admin.
func TestConcurrentDeletesKeepAnAdmin(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			second := f.addUser(t, "second@map.example", "digital-skills-map", RoleAdmin)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, pair := range [][2]User{{f.admin, second}, {second, f.admin}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = f.svc.DeleteUser(f.ctx, pair[0], pair[1].ID)
				}()
			}
			wg.Wait()
			users, _ := f.svc.Users(f.ctx, "")
			admins := 0
			for _, u := range users {
				if u.Role == RoleAdmin {
					admins++
				}
			}
			if admins != 1 {
				t.Errorf("%d admins left (errors %v), want 1", admins, errs)
			}
		})
	}
}

func TestSecretsNeverInTheFile(t *testing.T) {
	f := newFixture(t)
	member := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
	session := f.login(t, member.Email)
	_, invite, err := f.svc.Invite(f.ctx, f.admin, "new@city.example", "city-of-example", RoleContributor)
	if err != nil {
		t.Fatal(err)
	}
	_, reset, _, err := f.svc.RequestPasswordReset(f.ctx, member.Email)
	if err != nil {
		t.Fatal(err)
	}
	_, apiToken, err := f.svc.CreateToken(f.ctx, member, "importer", []Scope{ScopePracticesRead})
	if err != nil {
		t.Fatal(err)
	}
	const newPassword = "a new password for the file test"
	if _, err := f.svc.AcceptInvitation(f.ctx, invite, "New Member", newPassword); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	for name, secret := range map[string]string{
		"password": testPassword, "new password": newPassword, "session token": session,
		"invitation token": invite, "reset token": reset, "API token": apiToken,
		"API token body": strings.TrimPrefix(apiToken, TokenPrefix),
	} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the %s is in the database file", name)
		}
	}
	// The check can fail: what is stored is in the file.
	if !bytes.Contains(data, []byte("member@city.example")) {
		t.Error("the file does not even hold the e-mail address: the test reads the wrong file")
	}
}
