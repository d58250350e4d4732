package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// The actors of the authorisation matrix, in its column order:
// anonymous, a contributor of another organisation, the contributor whose
// organisation owns the objects, an editor, an admin.
var matrixActors = []string{"", "other", "contributor", "editor", "admin"}

// matrixCase is one route: how to call it, and who may. Allowed is a
// string of +/- per actor in matrixActors order; "public" routes are open
// to everyone (the test only checks they never ask to sign in or refuse).
type matrixCase struct {
	method, route string
	allowed       string
	// call returns the concrete path and body; it may make a fresh object
	// for each call, so that one actor's act does not change the next
	// actor's case.
	call func(s *site, fx *matrixFixture) (path string, form url.Values)
}

// matrixFixture holds the objects the routes act on: a published practice
// of the contributor's organisation, a transfer of it to a third
// organisation.
type matrixFixture struct {
	practice, transfer, need string
	// publishedNeed is a published need of the contributor's
	// organisation, lyonPractice a practice of the other organisation.
	publishedNeed, lyonPractice string
}

// denied tells whether an answer refuses the request: 401, 403, 404 (for
// what another organisation may not even know exists), 409 (an act on
// one's own practice that needs another organisation) or a redirect to
// the sign-in page.
func denied(res *http.Response) bool {
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(res.Header.Get("Location"), "/login?next=")
	}
	return false
}

func TestAuthorisationMatrix(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	koeln, err := s.accounts.CreateOrganisation(ctx, accounts.Organisation{Name: "Stadt Köln", Kind: accounts.KindCity})
	if err != nil {
		t.Fatal(err)
	}
	ju, err := s.accounts.AddUser(ctx, "juergen@koeln.example", "Jürgen", koeln.ID, accounts.RoleContributor, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	fx := &matrixFixture{practice: s.publishAs("contributor", "Digitalcafé Leipzig")}
	koelnActor := review.Actor{UserID: ju.ID, Org: koeln.ID, Role: review.RoleContributor}
	newTransfer := func() string {
		tr, err := s.review.OpenTransfer(ctx, koelnActor, fx.practice, record.Place{Name: "Köln", Region: "DEA23", Country: "DE"}, "", "Interesse")
		if err != nil {
			t.Fatal(err)
		}
		return tr.ID
	}
	fx.transfer = newTransfer()
	newNeed := func() string {
		id, err := s.review.SaveNeed(ctx, review.Actor{UserID: s.users["contributor"].ID, Org: "stadt-leipzig", Role: review.RoleContributor}, "",
			record.Practice{Language: "de", Title: record.Texts{"de": "Digitale Grundbildung"}}, false)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	fx.need = newNeed()
	fx.publishedNeed, err = s.review.SaveNeed(ctx, review.Actor{UserID: s.users["contributor"].ID, Org: "stadt-leipzig", Role: review.RoleContributor}, "",
		record.Practice{Language: "de", Title: record.Texts{"de": "Digitale Teilhabe"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	fx.lyonPractice = s.publishAs("other", "Atelier numérique")
	onNeed := func(format string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(_ *site, fx *matrixFixture) (string, url.Values) {
			return strings.ReplaceAll(format, "{N}", fx.need), form
		}
	}
	freshNeed := func(format string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(*site, *matrixFixture) (string, url.Values) {
			return strings.ReplaceAll(format, "{N}", newNeed()), form
		}
	}
	fixed := func(path string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(*site, *matrixFixture) (string, url.Values) { return path, form }
	}
	onPractice := func(format string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(_ *site, fx *matrixFixture) (string, url.Values) {
			return strings.ReplaceAll(format, "{P}", fx.practice), form
		}
	}
	onTransfer := func(format string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(_ *site, fx *matrixFixture) (string, url.Values) {
			return strings.ReplaceAll(format, "{T}", fx.transfer), form
		}
	}
	freshTransfer := func(format string, form url.Values) func(*site, *matrixFixture) (string, url.Values) {
		return func(*site, *matrixFixture) (string, url.Values) {
			return strings.ReplaceAll(format, "{T}", newTransfer()), form
		}
	}
	none := url.Values{}
	cases := []matrixCase{
		{"GET", "/login", "public", fixed("/login", nil)},
		{"POST", "/login", "public", fixed("/login", url.Values{"email": {"nobody@example.invalid"}, "password": {"wrong password!"}})},
		{"GET", "/login/oidc", "public", fixed("/login/oidc", nil)},
		{"GET", "/login/oidc/callback", "public", fixed("/login/oidc/callback?state=x&code=y", nil)},
		{"POST", "/logout", "public", fixed("/logout", none)},
		{"GET", "/invite/{token}", "public", fixed("/invite/not-a-token", nil)},
		{"POST", "/invite/{token}", "public", fixed("/invite/not-a-token", url.Values{"name": {"X"}})},
		{"GET", "/reset", "public", fixed("/reset", nil)},
		{"POST", "/reset", "public", fixed("/reset", url.Values{"email": {"nobody@example.invalid"}})},
		{"GET", "/reset/{token}", "public", fixed("/reset/not-a-token", nil)},
		{"POST", "/reset/{token}", "public", fixed("/reset/not-a-token", url.Values{"password": {"x"}})},
		{"GET", "/exchange/contribute.js", "public", fixed("/exchange/contribute.js", nil)},
		{"POST", "/contribute/suggest", "public", fixed("/contribute/suggest", nil)},

		{"GET", "/account", "-++++", fixed("/account", nil)},
		{"POST", "/account", "-++++", fixed("/account", url.Values{"name": {""}})},
		{"POST", "/account/password", "-++++", fixed("/account/password", url.Values{"current": {"wrong"}, "password": {"x"}})},
		{"POST", "/account/sessions", "-++++", fixed("/account/sessions", none)},
		{"POST", "/account/delete", "-++++", fixed("/account/delete", url.Values{"confirm": {"not my address"}})},
		{"GET", "/dashboard", "-++++", fixed("/dashboard", nil)},
		{"GET", "/dashboard/tokens", "-++++", fixed("/dashboard/tokens", nil)},
		{"POST", "/dashboard/tokens", "-++++", fixed("/dashboard/tokens", url.Values{"name": {""}})},
		{"POST", "/dashboard/tokens/{id}/revoke", "--+-+", func(s *site, _ *matrixFixture) (string, url.Values) {
			tok, _, err := s.accounts.CreateToken(ctx, s.users["contributor"], "matrix", []accounts.Scope{accounts.ScopePracticesRead})
			if err != nil {
				t.Fatal(err)
			}
			return "/dashboard/tokens/" + tok.ID + "/revoke", none
		}},

		{"GET", "/contribute", "-++++", fixed("/contribute", nil)},
		{"POST", "/contribute", "-++++", fixed("/contribute", url.Values{"language": {"de"}, "title": {"Entwurf"}})},
		{"GET", "/contribute/{id}", "--+--", onPractice("/contribute/{P}", nil)},
		{"POST", "/contribute/{id}", "--+--", onPractice("/contribute/{P}", url.Values{"language": {"de"}, "title": {"Digitalcafé Leipzig"}})},
		{"GET", "/practice/{id}/history", "--+++", onPractice("/practice/{P}/history", nil)},
		{"GET", "/practice/{id}/adapt", "-+-++", onPractice("/practice/{P}/adapt", nil)},
		{"POST", "/practice/{id}/adapt", "-+-++", onPractice("/practice/{P}/adapt", url.Values{"place_name": {"Lyon"}, "message": {"Interesse"}})},

		{"GET", "/find", "public", fixed("/find?q=digital&place=Leipzig", nil)},
		{"GET", "/needs", "-++++", fixed("/needs", nil)},
		{"GET", "/needs/new", "-++++", fixed("/needs/new", nil)},
		{"POST", "/needs/new", "-++++", fixed("/needs/new", url.Values{"language": {"de"}, "title": {"Bedarf"}})},
		{"GET", "/needs/{id}", "--+++", onNeed("/needs/{N}", nil)},
		{"GET", "/needs/{id}/edit", "--+--", onNeed("/needs/{N}/edit", nil)},
		{"POST", "/needs/{id}/edit", "--+--", onNeed("/needs/{N}/edit", url.Values{"language": {"de"}, "title": {"Digitale Grundbildung"}})},
		{"POST", "/needs/{id}/delete", "--+++", freshNeed("/needs/{N}/delete", none)},
		{"GET", "/needs/{id}/offer", "-+-++", func(_ *site, fx *matrixFixture) (string, url.Values) {
			return "/needs/" + fx.publishedNeed + "/offer", nil
		}},
		{"POST", "/needs/{id}/offer", "-+---", func(_ *site, fx *matrixFixture) (string, url.Values) {
			return "/needs/" + fx.publishedNeed + "/offer", url.Values{"practice": {fx.lyonPractice}, "message": {"Nous aidons volontiers."}}
		}},

		{"GET", "/transfers", "-++++", fixed("/transfers", nil)},
		{"GET", "/transfers/{id}", "--+++", onTransfer("/transfers/{T}", nil)},
		{"POST", "/transfers/{id}/message", "--+--", onTransfer("/transfers/{T}/message", url.Values{"message": {"Hallo"}})},
		{"POST", "/transfers/{id}/state", "--+--", freshTransfer("/transfers/{T}/state", url.Values{"state": {"in-progress"}})},

		{"GET", "/editor", "---++", fixed("/editor", nil)},
		{"GET", "/editor/practice/{id}", "---++", onPractice("/editor/practice/{P}", nil)},
		{"POST", "/editor/practice/{id}/{act}", "---++", onPractice("/editor/practice/{P}/ungood", none)},

		{"GET", "/admin", "---++", fixed("/admin", nil)},
		{"POST", "/admin/invite", "---++", fixed("/admin/invite", url.Values{"email": {"not an address"}, "org": {"stadt-leipzig"}, "role": {"contributor"}})},
		{"POST", "/admin/invitations/{id}/revoke", "---++", func(s *site, _ *matrixFixture) (string, url.Values) {
			inv, _, err := s.accounts.Invite(ctx, s.users["editor"], "new@leipzig.example", "stadt-leipzig", accounts.RoleContributor)
			if err != nil {
				t.Fatal(err)
			}
			return "/admin/invitations/" + inv.ID + "/revoke", none
		}},
		{"POST", "/admin/organisations", "----+", fixed("/admin/organisations", url.Values{"name": {""}})},
		{"POST", "/admin/organisations/{id}", "----+", fixed("/admin/organisations/stadt-leipzig", url.Values{"name": {"Stadt Leipzig"}, "kind": {"city"}})},
		{"POST", "/admin/users/{id}/{act}", "----+", func(s *site, _ *matrixFixture) (string, url.Values) {
			return "/admin/users/" + s.users["other"].ID + "/enable", none
		}},

		{"GET", "/api/practices", "-++++", fixed("/api/practices", nil)},
		{"POST", "/api/practices", "-++++", fixed("/api/practices", nil)},
		{"GET", "/api/practices/{id}", "--+++", onPractice("/api/practices/{P}", nil)},
		{"PUT", "/api/practices/{id}", "--+--", onPractice("/api/practices/{P}", nil)},
	}

	// Every route the web layer registers is in the matrix.
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.method+" "+c.route] = true
	}
	for _, rt := range s.web.registered {
		route := rt.ginPath
		for _, p := range []string{":id", ":token", ":act"} {
			route = strings.ReplaceAll(route, p, "{"+p[1:]+"}")
		}
		if !covered[rt.method+" "+route] {
			t.Errorf("route %s %s is not in the authorisation matrix", rt.method, route)
		}
	}

	for _, c := range cases {
		for i, actor := range matrixActors {
			name := actor
			if name == "" {
				name = "anonymous"
			}
			t.Run(c.method+" "+c.route+"/"+name, func(t *testing.T) {
				path, form := c.call(s, fx)
				cl := s.as(actor)
				var res *http.Response
				switch c.method {
				case "GET":
					res, _ = cl.get(path)
				case "POST":
					if strings.HasPrefix(path, "/api/") || strings.HasSuffix(path, "/suggest") {
						res, _ = cl.send(c.method, path, "application/json", "{}")
					} else {
						res, _ = cl.post(path, form)
					}
				case "PUT":
					res, _ = cl.send(c.method, path, "application/json", "{}")
				}
				if res.StatusCode >= 500 {
					t.Fatalf("%s %s as %s: %d", c.method, path, name, res.StatusCode)
				}
				if c.allowed == "public" {
					// 401 is a public form's own answer to wrong credentials.
					if res.StatusCode == http.StatusForbidden || strings.HasPrefix(res.Header.Get("Location"), "/login?next") {
						t.Errorf("%s %s as %s: %d %s, want it open to everyone", c.method, path, name, res.StatusCode, res.Header.Get("Location"))
					}
					return
				}
				want := c.allowed[i] == '+'
				if got := !denied(res); got != want {
					t.Errorf("%s %s as %s: %d %s, want allowed=%v", c.method, path, name, res.StatusCode, res.Header.Get("Location"), want)
				}
			})
		}
	}
}

// send sends a body with a content type from the site itself.
func (c *client) send(method, path, contentType, body string) (*http.Response, string) {
	c.s.t.Helper()
	req, _ := http.NewRequest(method, c.s.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.do(req)
}
