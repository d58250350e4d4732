package accounts

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

var apiTokenPattern = regexp.MustCompile(`^smt_[a-z2-7]{52}$`)

func TestAPITokens(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			member := f.addUser(t, "member@city.example", "city-of-example", RoleContributor)
			colleague := f.addUser(t, "colleague@city.example", "city-of-example", RoleContributor)
			if _, err := f.svc.CreateOrganisation(f.ctx, Organisation{Name: "Other Town"}); err != nil {
				t.Fatal(err)
			}
			stranger := f.addUser(t, "someone@other.example", "other-town", RoleContributor)

			tok, plain, err := f.svc.CreateToken(f.ctx, member, "CMS sync", []Scope{ScopePracticesRead, ScopePracticesWrite, ScopePracticesRead})
			if err != nil {
				t.Fatal(err)
			}
			if !apiTokenPattern.MatchString(plain) {
				t.Errorf("plaintext %q", plain)
			}
			if tok.OrgID != "city-of-example" || tok.CreatedBy != member.ID || len(tok.Scopes) != 2 || !tok.Has(ScopePracticesWrite) || !tok.Active() {
				t.Errorf("token %+v", tok)
			}
			got, org, err := f.svc.AuthenticateToken(f.ctx, plain)
			if err != nil || got.ID != tok.ID || org.Name != "City of Example" {
				t.Fatalf("AuthenticateToken: %+v %+v %v", got, org, err)
			}
			if !got.LastUsed.Equal(f.clock.Now()) {
				t.Errorf("LastUsed %v", got.LastUsed)
			}
			f.clock.Add(30 * time.Second)
			if got, _, _ := f.svc.AuthenticateToken(f.ctx, plain); !got.LastUsed.Equal(f.clock.Now().Add(-30 * time.Second)) {
				t.Errorf("LastUsed written within a minute: %v", got.LastUsed)
			}

			for _, bad := range []string{"", "smt_", plain[:len(plain)-1], plain + "a", "smt_" + fmt.Sprintf("%052d", 0), newAPIToken()} {
				if _, _, err := f.svc.AuthenticateToken(f.ctx, bad); !errors.Is(err, ErrBadToken) {
					t.Errorf("AuthenticateToken(%q) = %v", bad, err)
				}
			}

			badScopes := [][]Scope{nil, {"practices:delete"}, {ScopePracticesRead, "admin"}}
			for _, sc := range badScopes {
				if _, _, err := f.svc.CreateToken(f.ctx, member, "x", sc); !errors.Is(err, ErrInvalidScope) {
					t.Errorf("scopes %v: %v", sc, err)
				}
			}
			if _, _, err := f.svc.CreateToken(f.ctx, member, "", []Scope{ScopePracticesRead}); !errors.Is(err, ErrInvalidName) {
				t.Errorf("no name: %v", err)
			}

			// Revoking: another organisation may not, a colleague and an admin may.
			if _, err := f.svc.RevokeToken(f.ctx, stranger, tok.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("a stranger revoked the token: %v", err)
			}
			if _, _, err := f.svc.AuthenticateToken(f.ctx, plain); err != nil {
				t.Errorf("a refused revocation revoked: %v", err)
			}
			revoked, err := f.svc.RevokeToken(f.ctx, colleague, tok.ID)
			if err != nil || revoked.Active() {
				t.Fatalf("revoke: %+v %v", revoked, err)
			}
			if _, _, err := f.svc.AuthenticateToken(f.ctx, plain); !errors.Is(err, ErrBadToken) {
				t.Errorf("a revoked token works: %v", err)
			}
			tok2, _, _ := f.svc.CreateToken(f.ctx, member, "second", []Scope{ScopePracticesRead})
			if _, err := f.svc.RevokeToken(f.ctx, f.admin, tok2.ID); err != nil {
				t.Errorf("an admin of another organisation revoking: %v", err)
			}
			list, err := f.svc.Tokens(f.ctx, "city-of-example")
			if err != nil || len(list) != 2 || list[0].ID != tok.ID || list[1].ID != tok2.ID {
				t.Errorf("Tokens = %+v %v", list, err)
			}
			if list, _ := f.svc.Tokens(f.ctx, "other-town"); len(list) != 0 {
				t.Errorf("another organisation sees %d tokens", len(list))
			}
		})
	}
}
