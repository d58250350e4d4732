package web

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
)

// What the sign-in, account, administration and token pages share.

// authPage is newPage for the pages of this area: a "done" notice may
// also come from the auth and admin catalogs (?done=profile_saved shows
// auth.notice.profile_saved).
func (w *Web) authPage(r *http.Request, title string, body any) *page {
	p := w.newPage(r, title, body)
	if done := r.URL.Query().Get("done"); done != "" && p.Notice == "" {
		for _, id := range []string{"auth.notice." + done, "admin.notice." + done} {
			if p.Visitor.Loc.Has(id) {
				p.Notice = p.Visitor.Loc.T(id, nil)
				break
			}
		}
	}
	return p
}

// tellView is the body of a page that only says something: an
// invalid link, a refused sign-in.
type tellView struct {
	Heading, Text string
	// Links say where to go from here.
	Links []navLink
}

// tell answers with a page that says something and where to go next.
func (w *Web) tell(rw http.ResponseWriter, r *http.Request, status int, heading, text string, links ...navLink) {
	p := w.authPage(r, heading, &tellView{Heading: heading, Text: text, Links: links})
	w.render(rw, r, status, "auth-message", p)
}

// say translates a message for a visitor with variables given as pairs.
func say(v *visitor, id string, kv ...any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
	}
	return v.Loc.T(id, data)
}

// passwordProblem says in the visitor's language which password rule an
// error broke; ok is false for other errors.
func passwordProblem(v *visitor, err error) (string, bool) {
	switch {
	case errors.Is(err, accounts.ErrPasswordTooShort):
		return say(v, "auth.password.too_short", "Min", accounts.MinPasswordLen), true
	case errors.Is(err, accounts.ErrPasswordTooLong):
		return say(v, "auth.password.too_long", "Max", accounts.MaxPasswordBytes), true
	case errors.Is(err, accounts.ErrPasswordIsEmail):
		return say(v, "auth.password.is_email"), true
	}
	return "", false
}

// throttled reports whether err is a refusal for too many attempts; if
// so it sets Retry-After and returns the message (msgID, with the
// variable Wait) that says how long to wait.
func throttled(rw http.ResponseWriter, v *visitor, err error, msgID string) (string, bool) {
	var te *accounts.ThrottledError
	if !errors.As(err, &te) {
		return "", false
	}
	secs := int(math.Ceil(te.RetryAfter.Seconds()))
	rw.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	return say(v, msgID, "Wait", waitText(v, te.RetryAfter)), true
}

// waitText says how long to wait, in seconds below two minutes, else in
// minutes (rounded up).
func waitText(v *visitor, d time.Duration) string {
	if d < 2*time.Minute {
		return v.Loc.Plural("auth.wait.seconds", max(1, int(math.Ceil(d.Seconds()))), nil)
	}
	return v.Loc.Plural("auth.wait.minutes", int(math.Ceil(d.Minutes())), nil)
}

// localNext returns next when it is a path on this site, under the public
// URL's path, and "" otherwise: a sign-in never sends the browser to
// another site (no "https://evil.example", "//evil.example" or
// "/\evil.example", which browsers read as another host).
func (w *Web) localNext(next string) string {
	if next == "" || len(next) > 2000 || !strings.HasPrefix(next, w.basePath) || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\x00\r\n\t ") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, w.basePath) {
		return ""
	}
	return next
}

// roleName is a role in the visitor's language.
func roleName(v *visitor, r accounts.Role) string {
	if id := "auth.role." + string(r); v.Loc.Has(id) {
		return v.Loc.T(id, nil)
	}
	return string(r)
}

// uiLanguages are the languages of pages and e-mails, for a select.
func uiLanguages(selected string) []choice {
	var out []choice
	for _, l := range i18n.SupportedLanguages() {
		out = append(out, choice{ID: l, Label: i18n.LanguageName(l), Checked: l == selected})
	}
	return out
}

// fieldProblems are the messages of a form, by field ("" for the form).
type fieldProblems map[string]string

// add sets a field's message unless it has one.
func (e fieldProblems) add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}
