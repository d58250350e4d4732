package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

// inviteView is the body of the page where an invitee makes their account.
type inviteView struct {
	Action                    string
	Email, Organisation, Role string
	Expires                   time.Time
	Name                      string
	Errors                    fieldProblems
	// OIDC names the provider the invitee may sign in with instead of
	// choosing a password ("" when none is configured).
	OIDC string
}

// invitation reads the invitation of the request's token, or answers with
// a page that says the link is not valid.
func (w *Web) invitation(rw http.ResponseWriter, r *http.Request) (accounts.Invitation, *inviteView, bool) {
	v := visitorOf(r)
	token := r.PathValue("token")
	inv, err := w.opts.Accounts.Invitation(r.Context(), token)
	if err != nil {
		w.invitationFailed(rw, r, err)
		return inv, nil, false
	}
	org, err := w.opts.Accounts.Organisation(r.Context(), inv.OrgID)
	if err != nil {
		w.internal(rw, r, "organisation of an invitation", err)
		return inv, nil, false
	}
	iv := &inviteView{Action: w.href("/invite/" + token), Email: inv.Email, Organisation: org.Name,
		Role: roleName(v, inv.Role), Expires: inv.Expires, Errors: fieldProblems{}}
	if w.opts.OIDC != nil {
		iv.OIDC = w.oidcName(v)
	}
	return inv, iv, true
}

// invitationFailed answers an invitation that cannot be accepted.
func (w *Web) invitationFailed(rw http.ResponseWriter, r *http.Request, err error) {
	v := visitorOf(r)
	signIn := navLink{Label: say(v, "auth.login.title"), Href: w.href("/login")}
	switch {
	case errors.Is(err, accounts.ErrBadToken):
		w.tell(rw, r, http.StatusNotFound, say(v, "auth.invite.invalid_title"), say(v, "auth.invite.invalid"), signIn)
	case errors.Is(err, accounts.ErrEmailTaken):
		w.tell(rw, r, http.StatusConflict, say(v, "auth.invite.invalid_title"), say(v, "auth.invite.email_taken"), signIn,
			navLink{Label: say(v, "auth.reset.title"), Href: w.href("/reset")})
	case errors.Is(err, accounts.ErrOIDCTaken):
		w.tell(rw, r, http.StatusConflict, say(v, "auth.invite.invalid_title"), say(v, "auth.invite.oidc_taken", "Provider", w.oidcName(v)), signIn)
	default:
		w.internal(rw, r, "accept an invitation", err)
	}
}

// invitePage shows what the invitation is for and the form to accept it.
func (w *Web) invitePage(rw http.ResponseWriter, r *http.Request) {
	_, iv, ok := w.invitation(rw, r)
	if !ok {
		return
	}
	w.renderInvite(rw, r, http.StatusOK, iv)
}

func (w *Web) renderInvite(rw http.ResponseWriter, r *http.Request, status int, iv *inviteView) {
	v := visitorOf(r)
	p := w.authPage(r, say(v, "auth.invite.title", "Organisation", iv.Organisation), iv)
	if len(iv.Errors) > 0 {
		p.Error = say(v, "auth.form.has_errors")
	}
	w.render(rw, r, status, "invite", p)
}

// acceptInvitation makes the account, with a name and a password or with
// the OpenID Connect provider, and signs its owner in.
func (w *Web) acceptInvitation(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	_, iv, ok := w.invitation(rw, r)
	if !ok {
		return
	}
	token := r.PathValue("token")
	if r.PostFormValue("action") == "oidc" && w.opts.OIDC != nil {
		w.redirectToProvider(rw, r, oidcFlow{Invite: token})
		return
	}
	iv.Name = r.PostFormValue("name")
	password := r.PostFormValue("password")
	if strings.TrimSpace(iv.Name) == "" {
		iv.Errors.add("name", say(v, "auth.name.required"))
	}
	if password != r.PostFormValue("password2") {
		iv.Errors.add("password2", say(v, "auth.password.mismatch"))
	}
	if err := accounts.CheckPassword(password, iv.Email); err != nil {
		msg, _ := passwordProblem(v, err)
		iv.Errors.add("password", msg)
	}
	if len(iv.Errors) > 0 {
		w.renderInvite(rw, r, http.StatusUnprocessableEntity, iv)
		return
	}
	u, err := w.opts.Accounts.AcceptInvitation(r.Context(), token, iv.Name, password)
	if msg, ok := passwordProblem(v, err); ok {
		iv.Errors.add("password", msg)
	} else if errors.Is(err, accounts.ErrInvalidName) {
		iv.Errors.add("name", say(v, "auth.name.invalid"))
	}
	if len(iv.Errors) > 0 {
		w.renderInvite(rw, r, http.StatusUnprocessableEntity, iv)
		return
	}
	if err != nil {
		w.invitationFailed(rw, r, err)
		return
	}
	if err := w.startSession(rw, r, u); err != nil {
		w.internal(rw, r, "sign in after an invitation", err)
		return
	}
	w.redirect(rw, r, "/account", "welcome")
}
