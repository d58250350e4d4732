package accounts

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
)

// provider is a real OpenID Connect provider on loopback.
type provider struct {
	m    *mockoidc.MockOIDC
	oidc *OIDC
}

const redirectURL = "http://127.0.0.1:1/login/oidc/callback" // never requested

func startProvider(t *testing.T) *provider {
	t.Helper()
	m, err := mockoidc.Run() // listens on 127.0.0.1:0
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	cfg := m.Config()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	o, err := NewOIDC(ctx, OIDCConfig{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: redirectURL})
	if err != nil {
		t.Fatal(err)
	}
	return &provider{m: m, oidc: o}
}

// signIn plays the browser: it opens the provider's sign-in URL and, instead
// of following the redirect back to the relying party, reads the code and
// state from it.
func (p *provider) signIn(t *testing.T, user *mockoidc.MockUser, state, nonce, verifier string) (code, gotState string) {
	t.Helper()
	if user != nil {
		p.m.QueueUser(user)
	}
	browser := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	authURL := p.oidc.AuthCodeURL(state, nonce, verifier)
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %s", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), redirectURL+"?") {
		t.Fatalf("redirect to %q, want the callback", resp.Header.Get("Location"))
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

func TestOIDCEndToEnd(t *testing.T) {
	p := startProvider(t)
	f := newFixture(t)
	ctx := f.ctx
	member := f.addUser(t, "jane.doe@city.example", "city-of-example", RoleContributor)
	jane := &mockoidc.MockUser{Subject: "jane-1", Email: "Jane.Doe@city.example", EmailVerified: true, PreferredUsername: "jane"}

	state, nonce, verifier := NewOIDCState()
	authURL, _ := url.Parse(p.oidc.AuthCodeURL(state, nonce, verifier))
	q := authURL.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") != nonce ||
		!strings.Contains(q.Get("scope"), "openid") || q.Get("redirect_uri") != redirectURL {
		t.Errorf("sign-in URL lacks PKCE, nonce, scope or redirect: %s", authURL)
	}
	code, gotState := p.signIn(t, jane, state, nonce, verifier)
	if gotState != state || code == "" {
		t.Fatalf("callback state %q code %q", gotState, code)
	}
	id, err := p.oidc.Exchange(ctx, code, verifier, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if id.Issuer != p.m.Issuer() || id.Subject != "jane-1" || id.Email != "Jane.Doe@city.example" || !id.EmailVerified || id.Name != "jane" {
		t.Errorf("identity %+v", id)
	}
	// First sign-in: linked by the verified address.
	u, session, err := f.svc.LoginOIDC(ctx, id)
	if err != nil || u.ID != member.ID || u.OIDCSubject != "jane-1" || u.OIDCIssuer != p.m.Issuer() {
		t.Fatalf("LoginOIDC: %+v %v", u, err)
	}
	if got, _, err := f.svc.Authenticate(ctx, session); err != nil || got.ID != member.ID {
		t.Errorf("session from OIDC: %v", err)
	}
	// Later sign-ins go by subject, whatever the address says now.
	state, nonce, verifier = NewOIDCState()
	code, _ = p.signIn(t, &mockoidc.MockUser{Subject: "jane-1", Email: "jane@elsewhere.example", EmailVerified: false}, state, nonce, verifier)
	id, err = p.oidc.Exchange(ctx, code, verifier, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if u, _, err := f.svc.LoginOIDC(ctx, id); err != nil || u.ID != member.ID {
		t.Errorf("second sign-in by subject: %v", err)
	}
}

func TestOIDCRefusals(t *testing.T) {
	p := startProvider(t)
	f := newFixture(t)
	ctx := f.ctx
	f.addUser(t, "linked@city.example", "city-of-example", RoleContributor)
	f.addUser(t, "plain@city.example", "city-of-example", RoleContributor)
	// linked@ is linked to subject s-1 already.
	state, nonce, verifier := NewOIDCState()
	code, _ := p.signIn(t, &mockoidc.MockUser{Subject: "s-1", Email: "linked@city.example", EmailVerified: true}, state, nonce, verifier)
	id, err := p.oidc.Exchange(ctx, code, verifier, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.LoginOIDC(ctx, id); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		user *mockoidc.MockUser
		// tamper changes what the relying party passes to Exchange.
		tamper      func(code, verifier, nonce string) (string, string, string)
		exchangeErr bool
		loginErr    error
	}{
		{"no account", &mockoidc.MockUser{Subject: "s-2", Email: "stranger@example.org", EmailVerified: true}, nil, false, ErrNoAccount},
		{"unverified address", &mockoidc.MockUser{Subject: "s-3", Email: "plain@city.example", EmailVerified: false}, nil, false, ErrNoAccount},
		{"account linked to another subject", &mockoidc.MockUser{Subject: "s-4", Email: "linked@city.example", EmailVerified: true}, nil, false, ErrNoAccount},
		{"wrong nonce", &mockoidc.MockUser{Subject: "s-1", Email: "linked@city.example", EmailVerified: true},
			func(c, v, n string) (string, string, string) { return c, v, n + "x" }, true, nil},
		{"no nonce", &mockoidc.MockUser{Subject: "s-1", Email: "linked@city.example", EmailVerified: true},
			func(c, v, n string) (string, string, string) { return c, v, "" }, true, nil},
		{"wrong PKCE verifier", &mockoidc.MockUser{Subject: "s-1", Email: "linked@city.example", EmailVerified: true},
			func(c, v, n string) (string, string, string) { _, _, v2 := NewOIDCState(); return c, v2, n }, true, nil},
		{"made-up code", &mockoidc.MockUser{Subject: "s-1", Email: "linked@city.example", EmailVerified: true},
			func(c, v, n string) (string, string, string) { return "forged", v, n }, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state, nonce, verifier := NewOIDCState()
			code, _ := p.signIn(t, tt.user, state, nonce, verifier)
			if tt.tamper != nil {
				code, verifier, nonce = tt.tamper(code, verifier, nonce)
			}
			id, err := p.oidc.Exchange(ctx, code, verifier, nonce)
			if tt.exchangeErr {
				if err == nil {
					t.Fatalf("Exchange accepted: %+v", id)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.LoginOIDC(ctx, id); !errors.Is(err, tt.loginErr) {
				t.Errorf("LoginOIDC: %v, want %v", err, tt.loginErr)
			}
		})
	}
	// The refused attempts linked nothing.
	if u, _ := f.svc.UserByEmail(ctx, "plain@city.example"); u.OIDCSubject != "" {
		t.Errorf("an unverified address got linked: %+v", u)
	}
}

func TestNewOIDCFailsWithoutProvider(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A loopback port nobody listens on (the provider was shut down).
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	issuer := m.Issuer()
	m.Shutdown()
	if _, err := NewOIDC(ctx, OIDCConfig{Issuer: issuer, ClientID: "x", RedirectURL: redirectURL}); err == nil || !strings.Contains(err.Error(), issuer) {
		t.Errorf("NewOIDC without a provider: %v", err)
	}
	if _, err := NewOIDC(ctx, OIDCConfig{Issuer: issuer}); err == nil {
		t.Error("NewOIDC without client ID")
	}
}
