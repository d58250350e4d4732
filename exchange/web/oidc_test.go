package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

// oidcSite is a site whose sign-in page offers a real OpenID Connect
// provider (mockoidc, on loopback, started by the test).
func oidcSite(t *testing.T) (*site, *mockoidc.MockOIDC) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	cfg := m.Config()
	s := newSite(t, withWeb(func(o *Options) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		oidc, err := accounts.NewOIDC(ctx, accounts.OIDCConfig{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			RedirectURL: o.IRIs.Base() + "login/oidc/callback"})
		if err != nil {
			t.Fatal(err)
		}
		o.OIDC, o.OIDCName = oidc, "Stadt-Login"
	}))
	return s, m
}

// viaProvider follows a redirect to the provider as a browser does and
// returns where the provider sends the browser back to (a path of the
// site). The provider gets no cookie of the site.
func viaProvider(t *testing.T, s *site, res *http.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d, want a redirect to the provider", res.StatusCode)
	}
	provider := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pres, err := provider.Get(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	pres.Body.Close()
	back := pres.Header.Get("Location")
	if pres.StatusCode != http.StatusFound || !strings.HasPrefix(back, s.srv.URL+"/login/oidc/callback?") {
		t.Fatalf("the provider answered %d to %q, want the site's callback", pres.StatusCode, back)
	}
	return strings.TrimPrefix(back, s.srv.URL)
}

func TestOIDCSignInEndToEnd(t *testing.T) {
	s, m := oidcSite(t)
	browser := s.as("")
	_, body := browser.get("/login?next=/contribute")
	if !strings.Contains(body, "Sign in with Stadt-Login") || !strings.Contains(body, `href="/login/oidc?next=%2Fcontribute"`) {
		t.Fatalf("the sign-in page offers no OpenID Connect:\n%s", body)
	}
	start, _ := browser.get("/login/oidc?next=/contribute")
	flow := cookieSet(start, oidcCookie)
	if flow == nil || !flow.HttpOnly || flow.SameSite != http.SameSiteLaxMode || flow.MaxAge <= 0 || flow.MaxAge > 600 {
		t.Fatalf("the flow cookie: %+v", flow)
	}
	auth, _ := url.Parse(start.Header.Get("Location"))
	if q := auth.Query(); q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("state") == "" ||
		q.Get("redirect_uri") != s.srv.URL+"/login/oidc/callback" {
		t.Errorf("the provider's URL: %s", auth)
	}
	// Anna's verified address at the provider links her account.
	m.QueueUser(&mockoidc.MockUser{Subject: "anna-1", Email: "anna@leipzig.example", EmailVerified: true, PreferredUsername: "anna"})
	callback := viaProvider(t, s, start)
	res, _ := browser.get(callback)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contribute" {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if c := cookieSet(res, oidcCookie); c == nil || c.MaxAge >= 0 {
		t.Error("the flow cookie is not cleared after the callback")
	}
	u, _, err := s.accounts.Authenticate(context.Background(), browser.sessionToken())
	if err != nil || u.ID != s.users["contributor"].ID || u.OIDCSubject != "anna-1" {
		t.Fatalf("signed in as %+v (%v), want Anna linked to anna-1", u, err)
	}
	if res, _ := browser.get("/contribute"); res.StatusCode != http.StatusOK {
		t.Errorf("contribute after the OpenID Connect sign-in: %d", res.StatusCode)
	}
	// The same answer cannot be played again: the cookie is gone.
	if res, _ := browser.get(callback); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a replayed callback: %d, want 400", res.StatusCode)
	}
}

func TestOIDCRefusals(t *testing.T) {
	s, m := oidcSite(t)

	// An identity without an account: accounts are by invitation.
	browser := s.as("")
	start, _ := browser.get("/login/oidc")
	m.QueueUser(&mockoidc.MockUser{Subject: "stranger", Email: "stranger@elsewhere.example", EmailVerified: true})
	res, body := browser.get(viaProvider(t, s, start), "Accept-Language: de")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Konten gibt es nur auf Einladung") || browser.sessionToken() != "" {
		t.Errorf("unknown identity: %d signed-in=%v\n%s", res.StatusCode, browser.sessionToken() != "", body)
	}
	// An unverified address does not link an account.
	browser = s.as("")
	start, _ = browser.get("/login/oidc")
	m.QueueUser(&mockoidc.MockUser{Subject: "fake-anna", Email: "anna@leipzig.example", EmailVerified: false})
	if res, _ := browser.get(viaProvider(t, s, start)); res.StatusCode != http.StatusForbidden || browser.sessionToken() != "" {
		t.Errorf("unverified address: %d", res.StatusCode)
	}

	// A callback in a browser that did not start the sign-in (login CSRF:
	// an attacker's code in the victim's browser) is refused.
	attacker := s.as("")
	start, _ = attacker.get("/login/oidc")
	m.QueueUser(&mockoidc.MockUser{Subject: "anna-1", Email: "anna@leipzig.example", EmailVerified: true})
	callback := viaProvider(t, s, start)
	victim := s.as("")
	if res, _ := victim.get(callback); res.StatusCode != http.StatusBadRequest || victim.sessionToken() != "" {
		t.Errorf("callback without the flow cookie: %d", res.StatusCode)
	}
	// A state that differs from the browser's.
	browser = s.as("")
	start, _ = browser.get("/login/oidc")
	m.QueueUser(&mockoidc.MockUser{Subject: "anna-1", Email: "anna@leipzig.example", EmailVerified: true})
	cb, _ := url.Parse(viaProvider(t, s, start))
	q := cb.Query()
	q.Set("state", "forged")
	cb.RawQuery = q.Encode()
	if res, _ := browser.get(cb.String()); res.StatusCode != http.StatusBadRequest || browser.sessionToken() != "" {
		t.Errorf("forged state: %d", res.StatusCode)
	}
	// The provider says no.
	browser = s.as("")
	browser.get("/login/oidc")
	if res, _ := browser.get("/login/oidc/callback?error=access_denied&state=x"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("provider refused: %d", res.StatusCode)
	}
}

func TestOIDCIsOffWithoutAProvider(t *testing.T) {
	s := newSite(t)
	_, body := s.as("").get("/login")
	if strings.Contains(body, "/login/oidc") {
		t.Error("the sign-in page offers OpenID Connect without a provider")
	}
	for _, path := range []string{"/login/oidc", "/login/oidc/callback?code=x&state=y"} {
		if res, _ := s.as("").get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

func TestAcceptInvitationWithOIDC(t *testing.T) {
	s, m := oidcSite(t)
	ctx := context.Background()
	inv, token, err := s.accounts.Invite(ctx, s.users["editor"], "jules@lyon.example", "city-of-lyon", accounts.RoleContributor)
	if err != nil {
		t.Fatal(err)
	}
	browser := s.as("")
	_, body := browser.get("/invite/" + token)
	if !strings.Contains(body, "Create my account with Stadt-Login") {
		t.Fatalf("the invitation offers no OpenID Connect:\n%s", body)
	}
	start, _ := browser.post("/invite/"+token, url.Values{"action": {"oidc"}})
	// The provider's address may differ: the invitation link proves the
	// invitee's.
	m.QueueUser(&mockoidc.MockUser{Subject: "jules-7", Email: "j.martin@idp.example", EmailVerified: true, PreferredUsername: "Jules Martin"})
	res, _ := browser.get(viaProvider(t, s, start))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?done=welcome" {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	u, _, err := s.accounts.Authenticate(ctx, browser.sessionToken())
	if err != nil || u.Email != inv.Email || u.OrgID != "city-of-lyon" || u.Role != accounts.RoleContributor || u.OIDCSubject != "jules-7" || u.HasPassword() {
		t.Fatalf("account %+v (%v)", u, err)
	}
	if res, _ := s.as("").get("/invite/" + token); res.StatusCode != http.StatusNotFound {
		t.Errorf("the invitation works twice: %d", res.StatusCode)
	}
}
