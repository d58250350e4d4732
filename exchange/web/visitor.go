package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/publisher"
)

// sessionCookie is the name of the session cookie on a plain-http
// (development) server or under a path; hostSessionCookie on https at
// the root of the host, where the __Host- prefix makes browsers insist on
// Secure, Path=/ and no Domain.
const (
	sessionCookie     = "skillsmap_session"
	hostSessionCookie = "__Host-skillsmap-session"
)

// visitor is who sent a request: signed in through a session cookie, or a
// machine with an organisation's API token, or nobody.
type visitor struct {
	User    *accounts.User
	Session accounts.Session
	Org     accounts.Organisation
	// Token is set for API requests with an organisation token.
	Token *accounts.APIToken
	Lang  string
	Loc   *i18n.Localizer
	// sessionToken is the cookie's value (to sign out).
	sessionToken string
}

// signedIn reports whether a person is signed in.
func (v *visitor) signedIn() bool { return v.User != nil }

// is reports whether the signed-in person has at least role.
func (v *visitor) is(role accounts.Role) bool { return v.User != nil && v.User.Role.AtLeast(role) }

// actor is the visitor as review sees it.
func (v *visitor) actor() review.Actor {
	switch {
	case v.User != nil:
		return review.Actor{UserID: v.User.ID, Org: v.User.OrgID, Role: review.Role(v.User.Role)}
	case v.Token != nil:
		return review.Actor{UserID: "token:" + v.Token.ID, Org: v.Token.OrgID, Role: review.RoleContributor}
	}
	return review.Actor{}
}

type visitorKey struct{}

// visitorOf returns the request's visitor (set by the middleware).
func visitorOf(r *http.Request) *visitor {
	v, _ := r.Context().Value(visitorKey{}).(*visitor)
	if v == nil {
		v = &visitor{Lang: i18n.DefaultLanguage}
	}
	return v
}

// identify works out the visitor of a request.
func (w *Web) identify(r *http.Request) *visitor {
	v := &visitor{Lang: i18n.Negotiate(r)}
	ctx := r.Context()
	if c, err := r.Cookie(w.sessionName); err == nil && c.Value != "" {
		u, sess, err := w.opts.Accounts.Authenticate(ctx, c.Value)
		if err == nil {
			v.User, v.Session, v.sessionToken = &u, sess, c.Value
			if org, err := w.opts.Accounts.Organisation(ctx, u.OrgID); err == nil {
				v.Org = org
			}
		}
	}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") && strings.HasPrefix(r.URL.Path, "/api/") {
		tok, org, err := w.opts.Accounts.AuthenticateToken(ctx, strings.TrimSpace(strings.TrimPrefix(auth, "Bearer ")))
		if err == nil {
			v.Token, v.Org = &tok, org
		}
	}
	v.Loc = w.opts.I18n.Localizer(v.Lang)
	return v
}

// middleware wraps every exchange route: security headers, no caching,
// a bounded body, the visitor, the language cookie, cross-site request
// protection and recovery from panics.
func (w *Web) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.fail(rw, r, http.StatusForbidden, visitorOf(r).Loc.T("web.error.cross_site", nil))
	}))
	inner := cop.Handler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		v := visitorOf(r)
		if unsafeMethod(r.Method) && v.signedIn() && v.Token == nil && !strings.HasPrefix(r.URL.Path, "/api/") {
			if !w.checkFormToken(r, v) {
				w.fail(rw, r, http.StatusForbidden, v.Loc.T("web.error.form_expired", nil))
				return
			}
		}
		next.ServeHTTP(rw, r)
	}))
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(p)
				}
				w.log.Error("exchange handler panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				w.fail(rw, r, http.StatusInternalServerError, visitorOf(r).Loc.T("web.error.internal", nil))
			}
		}()
		h := rw.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		r.Body = http.MaxBytesReader(rw, r.Body, MaxFormBytes)
		v := w.identify(r)
		if l := r.URL.Query().Get(i18n.QueryParameter); i18n.Supported(l) {
			http.SetCookie(rw, &http.Cookie{Name: i18n.CookieName, Value: l, Path: w.basePath, MaxAge: 365 * 24 * 3600,
				SameSite: http.SameSiteLaxMode, Secure: w.secure, HttpOnly: true})
		}
		r = r.WithContext(context.WithValue(r.Context(), visitorKey{}, v))
		inner.ServeHTTP(rw, r)
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// checkFormToken compares the form's csrf field (or the X-CSRF-Token
// header of a script) with the session's.
func (w *Web) checkFormToken(r *http.Request, v *visitor) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	want := v.Session.CSRFToken
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// signedIn wraps a handler that needs a signed-in person: others are sent
// to the sign-in page and brought back afterwards.
func (w *Web) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if !visitorOf(r).signedIn() {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(rw, r, w.href("/login")+"?next="+urlQueryEscape(w.href(r.URL.RequestURI())), http.StatusSeeOther)
				return
			}
			w.fail(rw, r, http.StatusUnauthorized, visitorOf(r).Loc.T("web.error.sign_in", nil))
			return
		}
		h(rw, r)
	}
}

// role wraps a handler for people with at least a role.
func (w *Web) role(min accounts.Role, h http.HandlerFunc) http.HandlerFunc {
	return w.signedIn(func(rw http.ResponseWriter, r *http.Request) {
		if !visitorOf(r).is(min) {
			w.fail(rw, r, http.StatusForbidden, visitorOf(r).Loc.T("web.error.forbidden", nil))
			return
		}
		h(rw, r)
	})
}

// setSession starts the session cookie.
func (w *Web) setSession(rw http.ResponseWriter, token string, expires time.Time) {
	http.SetCookie(rw, &http.Cookie{Name: w.sessionName, Value: token, Path: w.basePath, Expires: expires,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
}

// clearSession removes the session cookie.
func (w *Web) clearSession(rw http.ResponseWriter) {
	http.SetCookie(rw, &http.Cookie{Name: w.sessionName, Value: "", Path: w.basePath, MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
}

// clientIP is the address login throttling counts: the connection's, or
// the first hop a proxy on this machine names.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if fip := net.ParseIP(strings.TrimSpace(first)); fip != nil {
				return fip.String()
			}
		}
	}
	return host
}

// Session returns the publisher.Session that tells the public pages who is
// signed in.
func (w *Web) Session() publisher.Session { return sessionHook{w} }

type sessionHook struct{ w *Web }

// Visitor identifies the visitor of a public page.
func (s sessionHook) Visitor(r *http.Request) (string, []publisher.Link) {
	v := s.w.identify(r)
	return s.w.visitorKey(v), s.w.visitorNav(v)
}

// visitorKey keys a visitor's private page cache: the user and the session
// (a new sign-in never sees an old page).
func (w *Web) visitorKey(v *visitor) string {
	if !v.signedIn() {
		return ""
	}
	return v.User.ID + "/" + v.Session.CSRFToken[:min(8, len(v.Session.CSRFToken))] + "/" + v.Lang
}

// visitorNav are the header links for a visitor.
func (w *Web) visitorNav(v *visitor) []publisher.Link {
	t := func(id string) string { return v.Loc.T(id, nil) }
	find := publisher.Link{Label: t("need.find.nav"), Href: w.href("/find")}
	if !v.signedIn() {
		return []publisher.Link{find, {Label: t("web.nav.contribute"), Href: w.href("/contribute")}, {Label: t("web.nav.sign_in"), Href: w.href("/login")}}
	}
	nav := []publisher.Link{find, {Label: t("web.nav.contribute"), Href: w.href("/contribute")}, {Label: t("web.nav.dashboard"), Href: w.href("/dashboard")},
		{Label: t("need.nav"), Href: w.href("/needs")}, {Label: t("transfer.nav"), Href: w.href("/transfers")}}
	if v.is(accounts.RoleEditor) {
		nav = append(nav, publisher.Link{Label: t("web.nav.editor"), Href: w.href("/editor")})
	}
	if v.is(accounts.RoleEditor) {
		nav = append(nav, publisher.Link{Label: t("web.nav.admin"), Href: w.href("/admin")})
	}
	return append(nav, publisher.Link{Label: t("web.nav.account"), Href: w.href("/account")})
}

// Actions offers, on a practice's public page, what the visitor may do.
func (s sessionHook) Actions(r *http.Request, practice rdf.Term) []publisher.Link {
	w := s.w
	v := w.identify(r)
	if id, ok := w.opts.IRIs.ParseNeed(practice); ok {
		return w.needActions(r.Context(), v, id)
	}
	e, ok := w.opts.Review.Lookup(r.Context(), practice.Value)
	if !ok {
		return nil
	}
	t := func(id string) string { return v.Loc.T(id, nil) }
	var out []publisher.Link
	if href, ok := w.adaptLink(v, practice, e); ok {
		out = append(out, publisher.Link{Label: t("transfer.action.adapt"), Href: href})
	}
	if !v.signedIn() {
		return out
	}
	if e.Origin.Org == v.User.OrgID {
		out = append(out, publisher.Link{Label: t("web.action.edit"), Href: w.href("/contribute/" + e.ID)})
	}
	if v.is(accounts.RoleEditor) {
		out = append(out, publisher.Link{Label: t("web.action.review"), Href: w.href("/editor/practice/" + e.ID)})
	}
	if v.is(accounts.RoleEditor) || e.Origin.Org == v.User.OrgID {
		out = append(out, publisher.Link{Label: t("web.action.history"), Href: w.href("/practice/" + e.ID + "/history")})
	}
	return out
}
