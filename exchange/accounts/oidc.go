package accounts

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures sign-in with an OpenID Connect provider (a city's
// Keycloak, Microsoft Entra ID, Google, …).
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; its discovery document is read
	// from Issuer + "/.well-known/openid-configuration".
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is the callback the provider sends the browser back to
	// ({public_url}login/oidc/callback in the web layer).
	RedirectURL string
	// Scopes to ask for besides "openid" (default: email, profile).
	Scopes []string
	// HTTPClient talks to the provider (default: a client with a 15 s
	// timeout).
	HTTPClient *http.Client
}

// OIDC is a configured OpenID Connect relying party: it makes the
// provider's sign-in URL and turns the code the provider sends back into a
// verified Identity.
type OIDC struct {
	cfg      OIDCConfig
	client   *http.Client
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// Identity is what a provider says about the person who signed in, from a
// verified ID token.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

func (id Identity) validate() error {
	for _, v := range []string{id.Issuer, id.Subject} {
		if v == "" || len(v) > 1024 || strings.ContainsRune(v, 0) {
			return errors.New("OpenID Connect identity without a valid issuer and subject")
		}
	}
	return nil
}

// NewOIDC reads the provider's discovery document (ctx bounds that request)
// and returns the relying party.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("oidc: issuer, client ID and redirect URL are required")
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, client), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", cfg.Issuer, err)
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{"email", "profile"}
	}
	o := &OIDC{
		cfg:      cfg,
		client:   client,
		provider: provider,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     provider.Endpoint(),
			RedirectURL:  cfg.RedirectURL,
			Scopes:       append([]string{oidc.ScopeOpenID}, scopes...),
		},
	}
	o.verifier = provider.VerifierContext(oidc.ClientContext(context.Background(), client), &oidc.Config{ClientID: cfg.ClientID})
	return o, nil
}

// NewOIDCState returns fresh random values for one sign-in: the OAuth
// state (against cross-site request forgery), the OpenID Connect nonce
// (against ID-token replay) and the PKCE verifier (against code
// interception). The web layer keeps them in a short-lived cookie and
// passes them to AuthCodeURL and Exchange.
func NewOIDCState() (state, nonce, verifier string) {
	return newSecret(), newSecret(), oauth2.GenerateVerifier()
}

// AuthCodeURL returns the provider's sign-in URL to redirect the browser
// to.
func (o *OIDC) AuthCodeURL(state, nonce, pkceVerifier string) string {
	return o.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(pkceVerifier))
}

// idClaims are the ID token's claims Skillsmap reads.
type idClaims struct {
	Email             string   `json:"email"`
	EmailVerified     flexBool `json:"email_verified"`
	Name              string   `json:"name"`
	PreferredUsername string   `json:"preferred_username"`
}

// flexBool reads a JSON boolean or the strings "true"/"false": some
// providers send email_verified as a string.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case bool:
		*b = flexBool(x)
	case string:
		*b = flexBool(strings.EqualFold(x, "true"))
	}
	return nil
}

// Exchange trades the code from the provider's callback for tokens,
// verifies the ID token (signature, issuer, audience, expiry) and its
// nonce, and returns the identity it names. The caller has checked the
// callback's state against the one it kept.
func (o *OIDC) Exchange(ctx context.Context, code, pkceVerifier, nonce string) (Identity, error) {
	ctx = oidc.ClientContext(ctx, o.client)
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(pkceVerifier))
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, errors.New("oidc: the token response has no ID token")
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: verify ID token: %w", err)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return Identity{}, errors.New("oidc: the ID token's nonce does not match this sign-in")
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("oidc: read ID token claims: %w", err)
	}
	id := Identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: c.Email, EmailVerified: bool(c.EmailVerified), Name: c.Name}
	if id.Name == "" {
		id.Name = c.PreferredUsername
	}
	if id.Email == "" && o.provider.UserInfoEndpoint() != "" {
		// Some providers put the address in the user info only.
		info, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err == nil && info.Subject == id.Subject {
			id.Email, id.EmailVerified = info.Email, info.EmailVerified
		}
	}
	if err := id.validate(); err != nil {
		return Identity{}, fmt.Errorf("oidc: %w", err)
	}
	return id, nil
}

// LoginOIDC signs in the user an OpenID Connect identity belongs to.
// Accounts are made by invitation only: it signs in the user linked to the
// identity (issuer and subject), or links and signs in the user whose
// e-mail address equals the identity's *verified* address; otherwise
// ErrNoAccount. A user already linked to another identity is not relinked.
func (s *Service) LoginOIDC(ctx context.Context, id Identity) (User, string, error) {
	if err := id.validate(); err != nil {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	u, err := s.store.UserByOIDC(ctx, id.Issuer, id.Subject)
	link := false
	switch {
	case err == nil:
	case !errors.Is(err, ErrNotFound):
		return User{}, "", fmt.Errorf("login: %w", err)
	case !id.EmailVerified:
		return User{}, "", fmt.Errorf("login: %w (the provider has not verified the e-mail address)", ErrNoAccount)
	default:
		email, verr := ValidateEmail(id.Email)
		if verr != nil {
			return User{}, "", fmt.Errorf("login: %w", ErrNoAccount)
		}
		u, err = s.store.UserByEmail(ctx, email)
		if errors.Is(err, ErrNotFound) {
			return User{}, "", fmt.Errorf("login: %w", ErrNoAccount)
		}
		if err != nil {
			return User{}, "", fmt.Errorf("login: %w", err)
		}
		link = true
	}
	u, err = s.mutateUser(ctx, u.ID, false, func(f *User) error {
		if f.Disabled {
			return ErrDisabled
		}
		if link {
			if f.OIDCSubject != "" {
				return fmt.Errorf("%w (the account is linked to another identity)", ErrNoAccount)
			}
			f.OIDCIssuer, f.OIDCSubject = id.Issuer, id.Subject
		}
		f.LastLogin = s.now()
		return nil
	})
	if err != nil {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	if link {
		s.log.Info("OpenID Connect identity linked", "user", u, "issuer", id.Issuer)
	}
	token, _, err := s.StartSession(ctx, u)
	if err != nil {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	s.log.Info("login with OpenID Connect", "user", u)
	return u, token, nil
}
