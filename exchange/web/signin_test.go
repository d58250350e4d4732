package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/vocab"
)

func TestSignIn(t *testing.T) {
	s := newSite(t)
	browser := s.as("")
	res, body := browser.get("/login")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) || !strings.Contains(body, `action="/login"`) {
		t.Fatalf("sign-in page: %d\n%s", res.StatusCode, body)
	}
	res = browser.signIn("Anna@Leipzig.example ", testPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard" {
		t.Fatalf("sign in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	c := cookieSet(res, sessionCookie)
	if c == nil || c.Value == "" {
		t.Fatalf("no session cookie: %v", res.Header["Set-Cookie"])
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.Expires.IsZero() {
		t.Errorf("session cookie: HttpOnly=%v SameSite=%v Path=%q Secure=%v Expires=%v; want HttpOnly, Lax, /, not Secure on http, an expiry",
			c.HttpOnly, c.SameSite, c.Path, c.Secure, c.Expires)
	}
	// The cookie is a session the server knows, of the right person.
	u, _, err := s.accounts.Authenticate(context.Background(), c.Value)
	if err != nil || u.ID != s.users["contributor"].ID {
		t.Errorf("the cookie's session: %v %v", u.ID, err)
	}
	if last, _ := s.accounts.User(context.Background(), u.ID); last.LastLogin.IsZero() {
		t.Error("the sign-in was not recorded")
	}
	if _, body := browser.get("/account"); !regexp.MustCompile(`Last sign-in: \d+ \w+ \d{4}, \d\d:\d\d UTC`).MatchString(body) {
		t.Error("the account page does not show the last sign-in")
	}
	res, body = browser.get("/dashboard")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Stadt Leipzig") {
		t.Errorf("dashboard after sign-in: %d", res.StatusCode)
	}
	// Signed in, the sign-in page moves on.
	if res, _ := browser.get("/login"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in page when signed in: %d", res.StatusCode)
	}
}

func TestSignInOverAnotherSessionEndsIt(t *testing.T) {
	s := newSite(t)
	browser := s.as("other")
	before := browser.sessionToken()
	if res := browser.signIn("anna@leipzig.example", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	if after := browser.sessionToken(); after == before || after == "" {
		t.Error("the session token was reused across sign-ins")
	}
	if _, _, err := s.accounts.Authenticate(context.Background(), before); err == nil {
		t.Error("the earlier session of the browser still works")
	}
}

func TestSecureCookiesOnHTTPS(t *testing.T) {
	s := newSite(t)
	for _, tt := range []struct {
		base, name, path string
	}{
		{"https://map.example.eu/", hostSessionCookie, "/"},
		{"https://example.eu/map/", sessionCookie, "/map/"}, // __Host- needs Path=/
	} {
		n, err := vocab.NewIRIs(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		bundle, _ := i18n.New()
		w, err := New(Options{IRIs: n, Accounts: s.accounts, Review: s.review, I18n: bundle,
			Publisher: s.pub, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {"anna@leipzig.example"}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, req)
		res := rec.Result()
		c := cookieSet(res, tt.name)
		if res.StatusCode != http.StatusSeeOther || c == nil {
			t.Fatalf("%s: %d %v", tt.base, res.StatusCode, res.Header["Set-Cookie"])
		}
		if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != tt.path || c.Domain != "" {
			t.Errorf("%s: cookie %+v", tt.base, c)
		}
		if loc := res.Header.Get("Location"); loc != tt.path+"dashboard" {
			t.Errorf("%s: after sign-in to %s", tt.base, loc)
		}
	}
}

func TestWrongPasswordAndUnknownAddressLookTheSame(t *testing.T) {
	s := newSite(t)
	answer := func(email, password string) (int, string) {
		res, body := s.as("").post("/login", url.Values{"email": {email}, "password": {password}})
		if cookieSet(res, sessionCookie) != nil {
			t.Errorf("%s: a session cookie after a failed sign-in", email)
		}
		// The form shows the address typed; the rest must be the same.
		return res.StatusCode, strings.ReplaceAll(body, email, "ADDRESS")
	}
	wrongCode, wrong := answer("anna@leipzig.example", "not the password at all")
	unknownCode, unknown := answer("nobody@leipzig.example", "not the password at all")
	if wrongCode != http.StatusUnauthorized || unknownCode != wrongCode {
		t.Errorf("status: wrong password %d, unknown address %d; want 401 for both", wrongCode, unknownCode)
	}
	if wrong != unknown {
		t.Error("the pages for a wrong password and an unknown address differ")
	}
	if !strings.Contains(wrong, "The e-mail address or the password is wrong.") {
		t.Errorf("no message:\n%s", wrong)
	}
	_, body := s.as("").post("/login", url.Values{"email": {"anna@leipzig.example"}, "password": {"falsch"}}, "Accept-Language: de")
	if !strings.Contains(body, "E-Mail-Adresse oder Passwort ist falsch.") {
		t.Error("the message is not translated")
	}
}

func TestSignInIsThrottled(t *testing.T) {
	s := newSite(t)
	browser := s.as("")
	for i := range accounts.DefaultMaxFailuresPerEmail {
		if res := browser.signIn("anna@leipzig.example", "wrong password "+strconv.Itoa(i)); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, res.StatusCode)
		}
	}
	// Now even the right password waits, and the page says how long.
	res, body := browser.post("/login", url.Values{"email": {"anna@leipzig.example"}, "password": {testPassword}}, "Accept-Language: fr")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures: %d, want 429", accounts.DefaultMaxFailuresPerEmail, res.StatusCode)
	}
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 30 {
		t.Errorf("Retry-After %q, want 1–30 seconds", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "Trop de tentatives échouées") || !strings.Contains(body, "secondes") {
		t.Errorf("throttled page:\n%s", body)
	}
	if cookieSet(res, sessionCookie) != nil {
		t.Error("a throttled attempt signed in")
	}
	// Another person is not affected.
	if res := s.as("").signIn("luc@lyon.example", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another address: %d", res.StatusCode)
	}
}

func TestSignInNextIsLocal(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		next, want string
	}{
		{"/contribute", "/contribute"},
		{"/contribute/stadt-leipzig-x?lang=de", "/contribute/stadt-leipzig-x?lang=de"},
		{"", "/dashboard"},
		{"https://evil.example/", "/dashboard"},
		{"//evil.example", "/dashboard"},
		{"///evil.example", "/dashboard"},
		{`/\evil.example`, "/dashboard"},
		{"/%0d%0aSet-Cookie:x=y", "/%0d%0aSet-Cookie:x=y"}, // escaped: a path on this site
		{"javascript:alert(1)", "/dashboard"},
		{"http:/evil.example", "/dashboard"},
		{"dashboard", "/dashboard"},
	}
	for _, tt := range tests {
		res := s.as("").signIn("anna@leipzig.example", testPassword, "next", tt.next)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.want {
			t.Errorf("next=%q: %d to %q, want %q", tt.next, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
	// The page that asked for a sign-in passes next on through the form.
	res, _ := s.as("").get("/contribute")
	loc, _ := url.Parse(res.Header.Get("Location"))
	_, body := s.as("").get(loc.String())
	if !strings.Contains(body, `name="next" value="/contribute"`) {
		t.Errorf("the sign-in form does not carry next=/contribute:\n%s", body)
	}
	for _, next := range []string{"https://evil.example/", "//evil.example"} {
		_, body = s.as("").get("/login?next=" + url.QueryEscape(next))
		if strings.Contains(body, `name="next"`) || strings.Contains(body, "/login/oidc?next=") {
			t.Errorf("the sign-in form carries next=%s", next)
		}
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	s := newSite(t)
	browser := s.as("")
	browser.signIn("anna@leipzig.example", testPassword)
	token := browser.sessionToken()
	if token == "" {
		t.Fatal("not signed in")
	}
	// Without the form token, signing out is refused (a cross-site form
	// cannot sign people out).
	csrf := browser.csrf
	browser.csrf = ""
	if res, _ := browser.post("/logout", url.Values{"csrf": {"forged"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without the form token: %d", res.StatusCode)
	}
	browser.csrf = csrf
	res, _ := browser.post("/logout", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?done=signed_out" {
		t.Fatalf("sign out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if c := cookieSet(res, sessionCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("the cookie is not cleared: %v", res.Header["Set-Cookie"])
	}
	if _, _, err := s.accounts.Authenticate(context.Background(), token); err == nil {
		t.Error("the session still works on the server after signing out")
	}
	// A copy of the old cookie is worth nothing.
	thief := s.as("")
	u, _ := url.Parse(s.srv.URL)
	thief.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	if res, _ := thief.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the old cookie still opens the dashboard: %d", res.StatusCode)
	}
	_, body := browser.get("/login?done=signed_out")
	if !strings.Contains(body, "You are signed out.") {
		t.Error("no notice after signing out")
	}
}

func TestDisabledAccountCannotSignIn(t *testing.T) {
	s := newSite(t)
	if _, err := s.accounts.DisableUser(context.Background(), s.users["admin"], s.users["other"].ID); err != nil {
		t.Fatal(err)
	}
	res, body := s.as("").post("/login", url.Values{"email": {"luc@lyon.example"}, "password": {testPassword}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "This account is disabled.") {
		t.Errorf("disabled account: %d", res.StatusCode)
	}
}
