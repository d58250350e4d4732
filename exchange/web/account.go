package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/mail"
)

// accountView is the body of the account page.
type accountView struct {
	Name, Email, Language     string
	Languages                 []choice
	Organisation, Role        string
	HasPassword, LinkedToOIDC bool
	LastLogin                 time.Time
	Sessions                  []sessionRow
	// LastAdmin: the account cannot be deleted before another person is
	// made admin.
	LastAdmin bool
	Errors    fieldProblems
}

// sessionRow is one browser the user is signed in with.
type sessionRow struct {
	Created, LastSeen time.Time
	Current           bool
}

// accountPage shows the visitor's account.
func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request) {
	w.renderAccount(rw, r, http.StatusOK, nil, "")
}

// renderAccount shows the account page; av carries a form sent back with
// its problems (nil: the stored values).
func (w *Web) renderAccount(rw http.ResponseWriter, r *http.Request, status int, av *accountView, problem string) {
	v := visitorOf(r)
	ctx := r.Context()
	u := *v.User
	if av == nil {
		av = &accountView{Name: u.Name, Language: u.Language}
	}
	if av.Errors == nil {
		av.Errors = fieldProblems{}
	}
	av.Email, av.Organisation, av.Role = u.Email, v.Org.Name, roleName(v, u.Role)
	av.HasPassword, av.LinkedToOIDC, av.LastLogin = u.HasPassword(), u.OIDCSubject != "", u.LastLogin
	av.Languages = uiLanguages(av.Language)
	sessions, err := w.opts.Accounts.Sessions(ctx, u.ID)
	if err != nil {
		w.internal(rw, r, "list sessions", err)
		return
	}
	for _, s := range sessions {
		av.Sessions = append(av.Sessions, sessionRow{Created: s.Created, LastSeen: s.LastSeen, Current: s.CSRFToken == v.Session.CSRFToken})
	}
	if u.Role == accounts.RoleAdmin {
		last, err := w.lastAdmin(ctx, u)
		if err != nil {
			w.internal(rw, r, "count admins", err)
			return
		}
		av.LastAdmin = last
	}
	p := w.authPage(r, say(v, "auth.account.title"), av)
	p.Error = problem
	if problem == "" && len(av.Errors) > 0 {
		p.Error = say(v, "auth.form.has_errors")
	}
	w.render(rw, r, status, "account", p)
}

// lastAdmin reports whether u is the only enabled admin.
func (w *Web) lastAdmin(ctx context.Context, u accounts.User) (bool, error) {
	users, err := w.opts.Accounts.Users(ctx, "")
	if err != nil {
		return false, err
	}
	for _, o := range users {
		if o.ID != u.ID && o.Role == accounts.RoleAdmin && !o.Disabled {
			return false, nil
		}
	}
	return u.Role == accounts.RoleAdmin, nil
}

// updateProfile changes the name and the language of e-mails.
func (w *Web) updateProfile(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	av := &accountView{Name: r.PostFormValue("name"), Language: r.PostFormValue("language"), Errors: fieldProblems{}}
	if strings.TrimSpace(av.Name) == "" {
		av.Errors.add("name", say(v, "auth.name.required"))
		w.renderAccount(rw, r, http.StatusUnprocessableEntity, av, "")
		return
	}
	_, err := w.opts.Accounts.UpdateProfile(r.Context(), *v.User, v.User.ID, av.Name, av.Language)
	switch {
	case errors.Is(err, accounts.ErrInvalidName):
		av.Errors.add("name", say(v, "auth.name.invalid"))
	case errors.Is(err, accounts.ErrInvalidLanguage):
		av.Errors.add("language", say(v, "auth.account.language_invalid"))
	case err != nil:
		w.internal(rw, r, "update a profile", err)
		return
	}
	if len(av.Errors) > 0 {
		w.renderAccount(rw, r, http.StatusUnprocessableEntity, av, "")
		return
	}
	w.redirect(rw, r, "/account", "profile_saved")
}

// changePassword sets a new password after checking the current one; it
// ends every other session, and this browser gets a new one.
func (w *Web) changePassword(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	av := &accountView{Name: v.User.Name, Language: v.User.Language, Errors: fieldProblems{}}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password2") {
		av.Errors.add("password2", say(v, "auth.password.mismatch"))
		w.renderAccount(rw, r, http.StatusUnprocessableEntity, av, "")
		return
	}
	token, err := w.opts.Accounts.ChangePassword(r.Context(), *v.User, r.PostFormValue("current"), password)
	if msg, ok := throttled(rw, v, err, "auth.throttled"); ok {
		w.renderAccount(rw, r, http.StatusTooManyRequests, av, msg)
		return
	}
	if msg, ok := passwordProblem(v, err); ok {
		av.Errors.add("password", msg)
	} else if errors.Is(err, accounts.ErrBadCredentials) {
		av.Errors.add("current", say(v, "auth.account.current_wrong"))
	} else if err != nil {
		w.internal(rw, r, "change a password", err)
		return
	}
	if len(av.Errors) > 0 {
		w.renderAccount(rw, r, http.StatusUnprocessableEntity, av, "")
		return
	}
	if err := w.signIn(rw, r, token); err != nil {
		w.internal(rw, r, "sign in after a password change", err)
		return
	}
	w.redirect(rw, r, "/account", "password_changed")
}

// endOtherSessions signs the user out everywhere else: every session
// ends, and this browser gets a new one.
func (w *Web) endOtherSessions(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	if err := w.opts.Accounts.RevokeSessions(r.Context(), v.User.ID); err != nil {
		w.internal(rw, r, "end sessions", err)
		return
	}
	if err := w.startSession(rw, r, *v.User); err != nil {
		w.internal(rw, r, "sign in after ending sessions", err)
		return
	}
	w.redirect(rw, r, "/account", "sessions_ended")
}

// outboxCleaner is a Mailer that can drop the queued e-mail to an
// address (the mail outbox), for a deleted account.
type outboxCleaner interface {
	DeleteFor(ctx context.Context, address string) (int, error)
}

var _ outboxCleaner = (*mail.Outbox)(nil)

// forgetMail drops queued e-mail to a deleted account's address.
func (w *Web) forgetMail(ctx context.Context, u accounts.User) {
	if c, ok := w.opts.Mail.(outboxCleaner); ok && u.Email != "" {
		if _, err := c.DeleteFor(ctx, u.Email); err != nil {
			w.log.Error("exchange: drop queued e-mail of a deleted account", "user", u.ID, "err", err)
		}
	}
}

// deleteAccount deletes the visitor's account and personal data, once
// they confirm with their e-mail address or password; the organisation
// and its practices stay.
func (w *Web) deleteAccount(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	u := *v.User
	av := &accountView{Name: u.Name, Language: u.Language, Errors: fieldProblems{}}
	confirm := r.PostFormValue("confirm")
	confirmed := confirm != "" && accounts.NormalizeEmail(confirm) == u.Email
	if !confirmed && confirm != "" && u.HasPassword() {
		// The password proves it too; wrong ones count as failed logins.
		_, token, err := w.opts.Accounts.Login(ctx, u.Email, confirm, clientIP(r))
		if msg, ok := throttled(rw, v, err, "auth.throttled"); ok {
			w.renderAccount(rw, r, http.StatusTooManyRequests, av, msg)
			return
		}
		if err == nil {
			confirmed = true
			_ = w.opts.Accounts.Logout(ctx, token)
		} else if !errors.Is(err, accounts.ErrBadCredentials) {
			w.internal(rw, r, "confirm an account deletion", err)
			return
		}
	}
	if !confirmed {
		av.Errors.add("confirm", say(v, "auth.delete.not_confirmed"))
		w.renderAccount(rw, r, http.StatusUnprocessableEntity, av, "")
		return
	}
	err := w.opts.Accounts.DeleteUser(ctx, u, u.ID)
	if errors.Is(err, accounts.ErrLastAdmin) {
		w.renderAccount(rw, r, http.StatusConflict, av, say(v, "auth.delete.last_admin"))
		return
	}
	if err != nil {
		w.internal(rw, r, "delete an account", err)
		return
	}
	w.forgetMail(ctx, u)
	w.clearSession(rw)
	w.redirect(rw, r, "/login", "account_deleted")
}
