package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

// tokensView is the body of the API tokens page.
type tokensView struct {
	Organisation string
	Tokens       []tokenRow
	// Created is the token just made, shown this once.
	Created *createdToken
	// The form for a new token.
	Name   string
	Scopes []choice
	Errors fieldProblems
	// API is the absolute URL of the practices API.
	API string
}

// tokenRow is one token of the organisation.
type tokenRow struct {
	ID, Name                   string
	Scopes                     []string
	Created, LastUsed, Revoked time.Time
	Active                     bool
}

// createdToken is a token's plaintext, shown once, and how to use it.
type createdToken struct {
	Name, Plaintext, Curl string
}

// examplePractice is the body of the curl example: a practice in the JSON
// of /api/practices (the field names of /context.jsonld).
const examplePractice = `{
  "language": "en",
  "title": "Digital café for older people",
  "description": "Volunteers help older people use smartphones and online services, every week in the public library.",
  "practiceTypes": ["digital-hub"],
  "targetGroups": ["older-people"],
  "skills": ["1", "2"],
  "deliveryModes": ["face-to-face"],
  "places": [{"name": "Leipzig", "region": "DED51"}]
}`

// tokensPage lists the organisation's API tokens.
func (w *Web) tokensPage(rw http.ResponseWriter, r *http.Request) {
	w.renderTokens(rw, r, http.StatusOK, &tokensView{Scopes: scopeChoices(visitorOf(r), []accounts.Scope{accounts.ScopePracticesRead})})
}

// scopeChoices are the scopes a token may have, with what each allows.
func scopeChoices(v *visitor, checked []accounts.Scope) []choice {
	var out []choice
	for _, s := range accounts.Scopes() {
		out = append(out, choice{ID: string(s), Label: say(v, "auth.scope."+strings.ReplaceAll(string(s), ":", "_")), Checked: slices.Contains(checked, s)})
	}
	return out
}

func (w *Web) renderTokens(rw http.ResponseWriter, r *http.Request, status int, tv *tokensView) {
	v := visitorOf(r)
	list, err := w.opts.Accounts.Tokens(r.Context(), v.User.OrgID)
	if err != nil {
		w.internal(rw, r, "list API tokens", err)
		return
	}
	tv.Organisation, tv.API = v.Org.Name, w.link("/api/practices")
	if tv.Errors == nil {
		tv.Errors = fieldProblems{}
	}
	// The newest first: that is the one just made or looked for.
	for i := len(list) - 1; i >= 0; i-- {
		tok := list[i]
		row := tokenRow{ID: tok.ID, Name: tok.Name, Created: tok.Created, LastUsed: tok.LastUsed, Revoked: tok.Revoked, Active: tok.Active()}
		for _, s := range tok.Scopes {
			row.Scopes = append(row.Scopes, string(s))
		}
		tv.Tokens = append(tv.Tokens, row)
	}
	p := w.authPage(r, say(v, "auth.tokens.title", "Organisation", v.Org.Name), tv)
	if len(tv.Errors) > 0 {
		p.Error = say(v, "auth.form.has_errors")
	}
	w.render(rw, r, status, "tokens", p)
}

// createToken makes a token and shows its plaintext, once: only its hash
// is kept, so no later page can show it again.
func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, http.StatusBadRequest, err.Error())
		return
	}
	var scopes []accounts.Scope
	for _, s := range r.PostForm["scopes"] {
		scopes = append(scopes, accounts.Scope(s))
	}
	tv := &tokensView{Name: r.PostFormValue("name"), Scopes: scopeChoices(v, scopes), Errors: fieldProblems{}}
	if strings.TrimSpace(tv.Name) == "" {
		tv.Errors.add("name", say(v, "auth.tokens.name_required"))
	}
	if len(scopes) == 0 {
		tv.Errors.add("scopes", say(v, "auth.tokens.scope_required"))
	}
	if len(tv.Errors) > 0 {
		w.renderTokens(rw, r, http.StatusUnprocessableEntity, tv)
		return
	}
	tok, plaintext, err := w.opts.Accounts.CreateToken(r.Context(), *v.User, tv.Name, scopes)
	switch {
	case errors.Is(err, accounts.ErrInvalidName):
		tv.Errors.add("name", say(v, "auth.name.invalid"))
	case errors.Is(err, accounts.ErrInvalidScope):
		tv.Errors.add("scopes", say(v, "auth.tokens.scope_required"))
	case err != nil:
		w.internal(rw, r, "create an API token", err)
		return
	}
	if len(tv.Errors) > 0 {
		w.renderTokens(rw, r, http.StatusUnprocessableEntity, tv)
		return
	}
	tv.Name, tv.Scopes = "", scopeChoices(visitorOf(r), []accounts.Scope{accounts.ScopePracticesRead})
	tv.Created = &createdToken{Name: tok.Name, Plaintext: plaintext, Curl: curlExample(w.link("/api/practices"), plaintext)}
	w.renderTokens(rw, r, http.StatusCreated, tv)
}

// curlExample shows how a program submits a practice with a token.
func curlExample(api, token string) string {
	return "curl -X POST '" + api + "' \\\n" +
		"  -H 'Authorization: Bearer " + token + "' \\\n" +
		"  -H 'Content-Type: application/json' \\\n" +
		"  --data-binary @- <<'EOF'\n" + examplePractice + "\nEOF"
}

// revokeToken revokes a token of the visitor's organisation.
func (w *Web) revokeToken(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	_, err := w.opts.Accounts.RevokeToken(r.Context(), *v.User, r.PathValue("id"))
	switch {
	case errors.Is(err, accounts.ErrNotFound) || errors.Is(err, accounts.ErrForbidden):
		// Another organisation's token is not even said to exist.
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	case err != nil:
		w.internal(rw, r, "revoke an API token", err)
		return
	}
	w.redirect(rw, r, "/dashboard/tokens", "token_revoked")
}
