package web

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

func init() { extraAreas = append(extraAreas, (*Web).routesAuth) }

// routesAuth registers signing in and out, OpenID Connect, invitations,
// password resets, the account page and the organisation's API tokens.
func (w *Web) routesAuth() {
	w.handle("GET", "/login", w.loginPage)
	w.handle("POST", "/login", w.login)
	w.handle("POST", "/logout", w.logout)
	w.handle("GET", "/login/oidc", w.oidcStart)
	w.handle("GET", "/login/oidc/callback", w.oidcCallback)
	w.handle("GET", "/invite/{token}", w.invitePage)
	w.handle("POST", "/invite/{token}", w.acceptInvitation)
	w.handle("GET", "/reset", w.resetRequestPage)
	w.handle("POST", "/reset", w.resetRequest)
	w.handle("GET", "/reset/{token}", w.resetPage)
	w.handle("POST", "/reset/{token}", w.reset)
	w.handle("GET", "/account", w.signedIn(w.accountPage))
	w.handle("POST", "/account", w.signedIn(w.updateProfile))
	w.handle("POST", "/account/password", w.signedIn(w.changePassword))
	w.handle("POST", "/account/sessions", w.signedIn(w.endOtherSessions))
	w.handle("POST", "/account/delete", w.signedIn(w.deleteAccount))
	w.handle("GET", "/dashboard/tokens", w.signedIn(w.tokensPage))
	w.handle("POST", "/dashboard/tokens", w.signedIn(w.createToken))
	w.handle("POST", "/dashboard/tokens/{id}/revoke", w.signedIn(w.revokeToken))
}

// loginView is the body of the sign-in page.
type loginView struct {
	Email, Next string
	// OIDC names the OpenID Connect provider when one is configured;
	// OIDCHref starts a sign-in with it.
	OIDC, OIDCHref string
}

// loginPage shows the sign-in form; a signed-in visitor goes on at once.
func (w *Web) loginPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	next := w.localNext(r.URL.Query().Get("next"))
	if v.signedIn() {
		http.Redirect(rw, r, w.afterSignIn(next), http.StatusSeeOther)
		return
	}
	w.renderLogin(rw, r, http.StatusOK, &loginView{Next: next}, "")
}

func (w *Web) renderLogin(rw http.ResponseWriter, r *http.Request, status int, lv *loginView, problem string) {
	v := visitorOf(r)
	if w.opts.OIDC != nil {
		lv.OIDC = w.oidcName(v)
		lv.OIDCHref = w.href("/login/oidc")
		if lv.Next != "" {
			lv.OIDCHref += "?next=" + urlQueryEscape(lv.Next)
		}
	}
	p := w.authPage(r, say(v, "auth.login.title"), lv)
	p.Error = problem
	w.render(rw, r, status, "login", p)
}

// oidcName names the provider on buttons.
func (w *Web) oidcName(v *visitor) string {
	if w.opts.OIDCName != "" {
		return w.opts.OIDCName
	}
	return say(v, "auth.oidc.default_name")
}

// afterSignIn is where a sign-in leads: the page the visitor came for,
// else the dashboard.
func (w *Web) afterSignIn(next string) string {
	if next = w.localNext(next); next != "" {
		return next
	}
	return w.href("/dashboard")
}

// login checks the e-mail address and password. An unknown address and a
// wrong password get the same answer; too many failures get 429 with
// Retry-After, before the password is even looked at.
func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	lv := &loginView{Email: r.PostFormValue("email"), Next: w.localNext(r.PostFormValue("next"))}
	_, token, err := w.opts.Accounts.Login(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), clientIP(r))
	if msg, ok := throttled(rw, v, err, "auth.throttled"); ok {
		w.renderLogin(rw, r, http.StatusTooManyRequests, lv, msg)
		return
	}
	switch {
	case errors.Is(err, accounts.ErrBadCredentials):
		w.renderLogin(rw, r, http.StatusUnauthorized, lv, say(v, "auth.login.bad_credentials"))
		return
	case errors.Is(err, accounts.ErrDisabled):
		w.renderLogin(rw, r, http.StatusForbidden, lv, say(v, "auth.login.disabled"))
		return
	case err != nil:
		w.internal(rw, r, "sign in", err)
		return
	}
	if err := w.signIn(rw, r, token); err != nil {
		w.internal(rw, r, "sign in", err)
		return
	}
	http.Redirect(rw, r, w.afterSignIn(lv.Next), http.StatusSeeOther)
}

// signIn gives the browser the session of a fresh sign-in, and ends the
// session it had before, if any: a session never outlives a change of
// who is signed in.
func (w *Web) signIn(rw http.ResponseWriter, r *http.Request, token string) error {
	ctx := r.Context()
	_, sess, err := w.opts.Accounts.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	if old := visitorOf(r).sessionToken; old != "" && old != token {
		if err := w.opts.Accounts.Logout(ctx, old); err != nil {
			w.log.Warn("exchange: end the previous session", "err", err)
		}
	}
	w.setSession(rw, token, w.opts.Accounts.SessionExpires(sess))
	return nil
}

// startSession signs a user in (after an invitation, a reset).
func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, u accounts.User) error {
	token, _, err := w.opts.Accounts.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	return w.signIn(rw, r, token)
}

// logout ends the session on the server and clears the cookie.
func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if tok := visitorOf(r).sessionToken; tok != "" {
		if err := w.opts.Accounts.Logout(r.Context(), tok); err != nil {
			w.internal(rw, r, "sign out", err)
			return
		}
	}
	w.clearSession(rw)
	w.redirect(rw, r, "/login", "signed_out")
}

// internal logs an unexpected error and answers 500.
func (w *Web) internal(rw http.ResponseWriter, r *http.Request, what string, err error) {
	w.log.Error("exchange: "+what, "path", r.URL.Path, "err", err)
	w.fail(rw, r, http.StatusInternalServerError, visitorOf(r).Loc.T("web.error.internal", nil))
}

// OpenID Connect.

// oidcCookie is the cookie that keeps a sign-in's state, nonce and PKCE
// verifier between the redirect to the provider and its callback, so that
// the callback is bound to the browser that started it.
const (
	oidcCookie     = "skillsmap_oidc"
	hostOIDCCookie = "__Host-skillsmap-oidc"
	oidcCookieTTL  = 10 * time.Minute
)

// oidcFlow is what the cookie holds.
type oidcFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"next,omitempty"`
	// Invite is the invitation token when the sign-in accepts one.
	Invite string `json:"inv,omitempty"`
}

func (w *Web) oidcCookieName() string {
	if w.sessionName == hostSessionCookie {
		return hostOIDCCookie
	}
	return oidcCookie
}

// oidcStart sends the browser to the provider.
func (w *Web) oidcStart(rw http.ResponseWriter, r *http.Request) {
	if w.opts.OIDC == nil {
		w.fail(rw, r, http.StatusNotFound, visitorOf(r).Loc.T("web.error.not_found", nil))
		return
	}
	w.redirectToProvider(rw, r, oidcFlow{Next: w.localNext(r.URL.Query().Get("next"))})
}

func (w *Web) redirectToProvider(rw http.ResponseWriter, r *http.Request, f oidcFlow) {
	f.State, f.Nonce, f.Verifier = accounts.NewOIDCState()
	data, _ := json.Marshal(f)
	http.SetCookie(rw, &http.Cookie{Name: w.oidcCookieName(), Value: base64.RawURLEncoding.EncodeToString(data), Path: w.basePath,
		MaxAge: int(oidcCookieTTL / time.Second), HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(rw, r, w.opts.OIDC.AuthCodeURL(f.State, f.Nonce, f.Verifier), http.StatusSeeOther)
}

// oidcCallback takes the provider's answer: it checks the state against
// the browser's cookie, trades the code for a verified identity and signs
// in the account linked to it (or accepts the invitation the sign-in was
// started for).
func (w *Web) oidcCallback(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	if w.opts.OIDC == nil {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	again := navLink{Label: say(v, "auth.login.again"), Href: w.href("/login")}
	var f oidcFlow
	c, err := r.Cookie(w.oidcCookieName())
	if err == nil {
		var data []byte
		if data, err = base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			err = json.Unmarshal(data, &f)
		}
	}
	// The cookie is for one answer only.
	http.SetCookie(rw, &http.Cookie{Name: w.oidcCookieName(), Value: "", Path: w.basePath, MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		w.log.Info("exchange: the OpenID Connect provider refused a sign-in", "error", e)
		w.tell(rw, r, http.StatusUnauthorized, say(v, "auth.oidc.failed_title"), say(v, "auth.oidc.refused", "Provider", w.oidcName(v)), again)
		return
	}
	if err != nil || f.State == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		w.tell(rw, r, http.StatusBadRequest, say(v, "auth.oidc.failed_title"), say(v, "auth.oidc.bad_state"), again)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	id, err := w.opts.OIDC.Exchange(ctx, q.Get("code"), f.Verifier, f.Nonce)
	if err != nil {
		w.log.Warn("exchange: OpenID Connect answer refused", "err", err)
		w.tell(rw, r, http.StatusBadGateway, say(v, "auth.oidc.failed_title"), say(v, "auth.oidc.unverified", "Provider", w.oidcName(v)), again)
		return
	}
	if f.Invite != "" {
		u, err := w.opts.Accounts.AcceptInvitationOIDC(r.Context(), f.Invite, id)
		if err != nil {
			w.invitationFailed(rw, r, err)
			return
		}
		if err := w.startSession(rw, r, u); err != nil {
			w.internal(rw, r, "sign in after an invitation", err)
			return
		}
		w.redirect(rw, r, "/account", "welcome")
		return
	}
	_, token, err := w.opts.Accounts.LoginOIDC(r.Context(), id)
	switch {
	case errors.Is(err, accounts.ErrNoAccount):
		w.tell(rw, r, http.StatusForbidden, say(v, "auth.oidc.no_account_title"), say(v, "auth.oidc.no_account", "Provider", w.oidcName(v)), again)
		return
	case errors.Is(err, accounts.ErrDisabled):
		w.tell(rw, r, http.StatusForbidden, say(v, "auth.oidc.failed_title"), say(v, "auth.login.disabled"), again)
		return
	case err != nil:
		w.internal(rw, r, "sign in with OpenID Connect", err)
		return
	}
	if err := w.signIn(rw, r, token); err != nil {
		w.internal(rw, r, "sign in with OpenID Connect", err)
		return
	}
	http.Redirect(rw, r, w.afterSignIn(f.Next), http.StatusSeeOther)
}
