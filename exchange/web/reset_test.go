package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

func TestPasswordResetFlow(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	elsewhere := s.as("")
	elsewhere.signIn("anna@leipzig.example", testPassword)
	oldSession := elsewhere.sessionToken()

	// The same answer for an account and for no account; mail only for
	// the account.
	answer := func(email string) (int, string) {
		res, body := s.as("").post("/reset", url.Values{"email": {email}})
		return res.StatusCode, strings.ReplaceAll(body, email, "ADDRESS")
	}
	knownCode, known := answer("anna@leipzig.example")
	unknownCode, unknown := answer("nobody@leipzig.example")
	if knownCode != http.StatusOK || unknownCode != http.StatusOK || known != unknown {
		t.Errorf("answers differ: %d / %d, same page: %v", knownCode, unknownCode, known == unknown)
	}
	if !strings.Contains(known, "If there is an account for ADDRESS") {
		t.Errorf("reset answer:\n%s", known)
	}
	if n := len(s.mailTo("nobody@leipzig.example")); n != 0 {
		t.Errorf("%d e-mails to an address without an account", n)
	}
	msgs := s.mailTo("anna@leipzig.example")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "1 hour") {
		t.Fatalf("reset e-mails: %+v", msgs)
	}
	link := s.linkIn(t, msgs[0].Text, "/reset/")

	browser := s.as("")
	res, body := browser.get(link)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password2"`) {
		t.Fatalf("reset page: %d", res.StatusCode)
	}
	res, body = browser.post(link, url.Values{"password": {"short"}, "password2": {"short"}}, "Accept-Language: fr")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "au moins 12 caractères") {
		t.Errorf("short password: %d", res.StatusCode)
	}
	const newPassword = "a much better passphrase"
	res, _ = browser.post(link, url.Values{"password": {newPassword}, "password2": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?done=password_reset" {
		t.Fatalf("reset: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if u, _, err := s.accounts.Authenticate(ctx, browser.sessionToken()); err != nil || u.ID != s.users["contributor"].ID {
		t.Errorf("not signed in after the reset: %v", err)
	}
	if _, _, err := s.accounts.Authenticate(ctx, oldSession); err == nil {
		t.Error("a session from before the reset still works")
	}
	if res := s.as("").signIn("anna@leipzig.example", testPassword); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password: %d", res.StatusCode)
	}
	if res := s.as("").signIn("anna@leipzig.example", newPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password: %d", res.StatusCode)
	}
	// The link is used up; it says so at once.
	res, body = s.as("").get(link)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "This link cannot be used") || !strings.Contains(body, `href="/reset"`) {
		t.Errorf("used link: %d", res.StatusCode)
	}
	if res, _ := s.as("").post(link, url.Values{"password": {"yet another passphrase"}, "password2": {"yet another passphrase"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("used link posted: %d", res.StatusCode)
	}
}

func TestPasswordResetRequestsAreThrottled(t *testing.T) {
	s := newSite(t)
	for _, email := range []string{"anna@leipzig.example", "nobody@leipzig.example"} {
		for i := range accounts.DefaultMaxResetsPerEmail {
			if res, _ := s.as("").post("/reset", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
				t.Fatalf("%s request %d: %d", email, i+1, res.StatusCode)
			}
		}
		res, body := s.as("").post("/reset", url.Values{"email": {email}})
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Several links have been asked for") {
			t.Errorf("%s: request %d: %d Retry-After=%q", email, accounts.DefaultMaxResetsPerEmail+1, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	if n := len(s.mailTo("anna@leipzig.example")); n != accounts.DefaultMaxResetsPerEmail {
		t.Errorf("%d reset e-mails, want %d", n, accounts.DefaultMaxResetsPerEmail)
	}
}
