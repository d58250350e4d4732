package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

func TestAccountPage(t *testing.T) {
	s := newSite(t)
	if res, _ := s.as("").get("/account"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Faccount" {
		t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	anna := s.as("contributor")
	other := s.as("contributor") // a second browser of Anna's
	res, body := anna.get("/account")
	for _, want := range []string{"anna@leipzig.example", "Stadt Leipzig", "Contributor", "this browser", `action="/account/delete"`} {
		if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("account page lacks %q (%d)", want, res.StatusCode)
		}
	}
	if n := strings.Count(body, "<tr><td>"); n != 2 {
		t.Errorf("%d sessions listed, want 2", n)
	}

	// Name and language.
	res, body = anna.post("/account", url.Values{"name": {" "}, "language": {"de"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Please enter your name.") {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res, _ := anna.post("/account", url.Values{"name": {"Anna"}, "language": {"xx"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
	res, _ = anna.post("/account", url.Values{"name": {"Anna Schulz"}, "language": {"fr"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?done=profile_saved" {
		t.Fatalf("save profile: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if u, _ := s.accounts.User(context.Background(), s.users["contributor"].ID); u.Name != "Anna Schulz" || u.Language != "fr" {
		t.Errorf("profile %q %q", u.Name, u.Language)
	}

	// Password change: the current one is checked, other browsers are
	// signed out, this one stays signed in.
	res, body = anna.post("/account/password", url.Values{"current": {"wrong"}, "password": {"a new long passphrase"}, "password2": {"a new long passphrase"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The current password is wrong.") {
		t.Errorf("wrong current password: %d", res.StatusCode)
	}
	before := anna.sessionToken()
	res, _ = anna.post("/account/password", url.Values{"current": {testPassword}, "password": {"a new long passphrase"}, "password2": {"a new long passphrase"}})
	if res.StatusCode != http.StatusSeeOther || anna.sessionToken() == before || anna.sessionToken() == "" {
		t.Fatalf("change password: %d, new session: %v", res.StatusCode, anna.sessionToken() != before)
	}
	anna.learnCSRF()
	if res, _ := other.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the other browser is still signed in: %d", res.StatusCode)
	}
	if res := s.as("").signIn("anna@leipzig.example", "a new long passphrase"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password: %d", res.StatusCode)
	}

	// Sign out everywhere else.
	third := s.as("")
	third.signIn("anna@leipzig.example", "a new long passphrase")
	if res, _ := anna.post("/account/sessions", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end other sessions: %d", res.StatusCode)
	}
	if res, _ := third.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Error("another browser survived 'sign out everywhere else'")
	}
	anna.learnCSRF()
	if res, _ := anna.get("/dashboard"); res.StatusCode != http.StatusOK {
		t.Errorf("this browser was signed out too: %d", res.StatusCode)
	}
}

func TestDeleteAccountKeepsTheOrganisationsPractices(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	id := s.publish(t, "contributor", "Digitale Sprechstunde")
	iri := s.iris.Practice(id)
	if s.quadsAbout(iri) == 0 {
		t.Fatal("the practice is not published")
	}
	// A second member of the organisation keeps their account.
	bernd, err := s.accounts.AddUser(ctx, "bernd@leipzig.example", "Bernd", "stadt-leipzig", accounts.RoleContributor, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	s.users["bernd"] = bernd
	anna := s.as("contributor")
	for _, confirm := range []string{"", "someone@leipzig.example", "not my password"} {
		res, body := anna.post("/account/delete", url.Values{"confirm": {confirm}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "neither your e-mail address nor your password") {
			t.Errorf("confirm %q: %d", confirm, res.StatusCode)
		}
	}
	if _, err := s.accounts.UserByEmail(ctx, "anna@leipzig.example"); err != nil {
		t.Fatal("an unconfirmed deletion deleted")
	}
	if len(s.mailTo("anna@leipzig.example")) == 0 {
		t.Fatal("no e-mail to Anna queued (the practice's notices)")
	}
	token := anna.sessionToken()
	res, _ := anna.post("/account/delete", url.Values{"confirm": {" Anna@Leipzig.example"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?done=account_deleted" {
		t.Fatalf("delete: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if c := cookieSet(res, sessionCookie); c == nil || c.MaxAge >= 0 {
		t.Error("the session cookie is not cleared")
	}
	if _, err := s.accounts.UserByEmail(ctx, "anna@leipzig.example"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("the account is still there: %v", err)
	}
	if _, err := s.accounts.User(ctx, s.users["contributor"].ID); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("the user record is still there: %v", err)
	}
	if _, _, err := s.accounts.Authenticate(ctx, token); err == nil {
		t.Error("the session outlived the account")
	}
	// The organisation, its other member and its practice stay.
	if _, err := s.accounts.Organisation(ctx, "stadt-leipzig"); err != nil {
		t.Errorf("the organisation is gone: %v", err)
	}
	if _, err := s.accounts.UserByEmail(ctx, "bernd@leipzig.example"); err != nil {
		t.Errorf("another member's account is gone: %v", err)
	}
	if s.quadsAbout(iri) == 0 {
		t.Error("the organisation's practice is no longer published")
	}
	req, _ := http.NewRequest(http.MethodGet, iri.Value, nil)
	req.Header.Set("Accept", "text/html")
	res, body := s.as("").do(req)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Digitale Sprechstunde") || strings.Contains(body, "anna@leipzig.example") {
		t.Errorf("the practice's page after the deletion: %d", res.StatusCode)
	}
	// Mail still queued for the address is dropped, and nothing new is
	// sent to it: the organisation's notices go to the remaining member.
	if n := len(s.mailTo("anna@leipzig.example")); n != 0 {
		t.Errorf("%d e-mails to the deleted address still queued", n)
	}
	s.publish(t, "bernd", "Zweites Praxisbeispiel")
	if n := len(s.mailTo("anna@leipzig.example")); n != 0 {
		t.Errorf("%d e-mails to the deleted address", n)
	}
	if n := len(s.mailTo("bernd@leipzig.example")); n == 0 {
		t.Error("the remaining member is not told")
	}
}

func TestDeleteAccountWithThePassword(t *testing.T) {
	s := newSite(t)
	res, _ := s.as("other").post("/account/delete", url.Values{"confirm": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete with the password: %d", res.StatusCode)
	}
	if _, err := s.accounts.UserByEmail(context.Background(), "luc@lyon.example"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("not deleted: %v", err)
	}
}

func TestLastAdminCannotDeleteThemselves(t *testing.T) {
	s := newSite(t)
	admin := s.as("admin")
	_, body := admin.get("/account")
	if strings.Contains(body, `action="/account/delete"`) || !strings.Contains(body, "last administrator, so your account cannot be deleted") {
		t.Error("the last admin is offered the deletion")
	}
	res, body := admin.post("/account/delete", url.Values{"confirm": {"admin@team.example"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "last administrator") {
		t.Errorf("last admin deletes themselves: %d", res.StatusCode)
	}
	if _, err := s.accounts.UserByEmail(context.Background(), "admin@team.example"); err != nil {
		t.Errorf("the last admin was deleted: %v", err)
	}
	// With a second admin it works.
	if _, err := s.accounts.SetRole(context.Background(), s.users["admin"], s.users["editor"].ID, accounts.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if res, _ := admin.post("/account/delete", url.Values{"confirm": {"admin@team.example"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an admin with a successor: %d", res.StatusCode)
	}
}
