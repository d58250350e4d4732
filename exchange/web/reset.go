package web

import (
	"errors"
	"net/http"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/notify"
)

// resetView is the body of the password reset pages: the request for a
// link, and the new password.
type resetView struct {
	Action string
	Email  string
	// Sent says a request was taken (whether or not the address has an
	// account: the page looks the same).
	Sent   bool
	Errors fieldProblems
}

// resetRequestPage asks for the address to send a reset link to.
func (w *Web) resetRequestPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	p := w.authPage(r, say(v, "auth.reset.title"), &resetView{Action: w.href("/reset"), Email: r.URL.Query().Get("email")})
	w.render(rw, r, http.StatusOK, "reset-request", p)
}

// resetRequest sends a reset link when the address has an account. The
// answer is the same either way, so that the page does not tell who has
// an account; requests for one address are throttled (also for unknown
// addresses), so that nobody can flood a mailbox.
func (w *Web) resetRequest(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	rv := &resetView{Action: w.href("/reset"), Email: r.PostFormValue("email")}
	p := w.authPage(r, say(v, "auth.reset.title"), rv)
	u, token, ok, err := w.opts.Accounts.RequestPasswordReset(ctx, rv.Email)
	if msg, isThrottle := throttled(rw, v, err, "auth.reset.throttled"); isThrottle {
		p.Error = msg
		w.render(rw, r, http.StatusTooManyRequests, "reset-request", p)
		return
	}
	if err != nil {
		w.internal(rw, r, "request a password reset", err)
		return
	}
	if ok {
		w.sendReset(r, u, token)
	}
	rv.Sent = true
	w.render(rw, r, http.StatusOK, "reset-request", p)
}

// sendReset queues the e-mail with a reset link, in the user's language.
func (w *Web) sendReset(r *http.Request, u accounts.User, token string) {
	ctx := r.Context()
	valid := accounts.DefaultResetTTL
	if pr, err := w.opts.Accounts.PasswordReset(ctx, token); err == nil {
		valid = pr.Expires.Sub(pr.Created)
	}
	m, err := notify.Compose(w.opts.I18n.Localizer(u.Language), notify.PasswordReset, u.Email, notify.Data{
		Site: w.opts.SiteTitle, RecipientName: u.Name, Link: w.link("/reset/" + token), Expires: valid,
	})
	if err != nil {
		w.log.Error("exchange: compose a password reset e-mail", "user", u.ID, "err", err)
		return
	}
	w.send(ctx, m, u)
}

// resetPage asks for the new password, or says at once that the link is
// no longer valid.
func (w *Web) resetPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	if _, err := w.opts.Accounts.PasswordReset(r.Context(), r.PathValue("token")); err != nil {
		w.resetFailed(rw, r, err)
		return
	}
	w.renderReset(rw, r, http.StatusOK, &resetView{Action: w.href("/reset/" + r.PathValue("token")), Errors: fieldProblems{}}, v)
}

func (w *Web) renderReset(rw http.ResponseWriter, r *http.Request, status int, rv *resetView, v *visitor) {
	p := w.authPage(r, say(v, "auth.reset.new_title"), rv)
	if len(rv.Errors) > 0 {
		p.Error = say(v, "auth.form.has_errors")
	}
	w.render(rw, r, status, "reset", p)
}

// resetFailed answers a reset link that cannot be used.
func (w *Web) resetFailed(rw http.ResponseWriter, r *http.Request, err error) {
	v := visitorOf(r)
	switch {
	case errors.Is(err, accounts.ErrBadToken):
		w.tell(rw, r, http.StatusNotFound, say(v, "auth.reset.invalid_title"), say(v, "auth.reset.invalid"),
			navLink{Label: say(v, "auth.reset.again"), Href: w.href("/reset")})
	case errors.Is(err, accounts.ErrDisabled):
		w.tell(rw, r, http.StatusForbidden, say(v, "auth.reset.invalid_title"), say(v, "auth.login.disabled"))
	default:
		w.internal(rw, r, "reset a password", err)
	}
}

// reset sets the new password, which ends every session of the user, and
// signs the user in afresh.
func (w *Web) reset(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	token := r.PathValue("token")
	rv := &resetView{Action: w.href("/reset/" + token), Errors: fieldProblems{}}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password2") {
		rv.Errors.add("password2", say(v, "auth.password.mismatch"))
		w.renderReset(rw, r, http.StatusUnprocessableEntity, rv, v)
		return
	}
	u, err := w.opts.Accounts.ResetPassword(r.Context(), token, password)
	if msg, ok := passwordProblem(v, err); ok {
		rv.Errors.add("password", msg)
		w.renderReset(rw, r, http.StatusUnprocessableEntity, rv, v)
		return
	}
	if err != nil {
		w.resetFailed(rw, r, err)
		return
	}
	if err := w.startSession(rw, r, u); err != nil {
		w.internal(rw, r, "sign in after a password reset", err)
		return
	}
	w.redirect(rw, r, "/account", "password_reset")
}
