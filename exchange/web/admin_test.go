package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/publisher"
)

func TestAdminAccessByRole(t *testing.T) {
	s := newSite(t)
	lyon := s.users["other"].ID
	routes := []struct {
		method, path string
		form         url.Values
		min          string // the least role that may
	}{
		{"GET", "/admin", nil, "editor"},
		{"POST", "/admin/invite", url.Values{"email": {"a@b.example"}, "org": {"city-of-lyon"}, "role": {"contributor"}, "lang": {"en"}}, "editor"},
		{"POST", "/admin/organisations", url.Values{"name": {"Ville de Nantes"}, "kind": {"city"}}, "admin"},
		{"POST", "/admin/organisations/city-of-lyon", url.Values{"name": {"Ville de Lyon"}, "kind": {"city"}}, "admin"},
		{"POST", "/admin/users/" + lyon + "/role", url.Values{"role": {"contributor"}}, "admin"},
		{"POST", "/admin/users/" + lyon + "/enable", nil, "admin"},
	}
	rank := map[string]int{"": 0, "contributor": 1, "other": 1, "editor": 2, "admin": 3}
	for _, rt := range routes {
		for _, who := range []string{"", "contributor", "other", "editor", "admin"} {
			var res *http.Response
			if rt.method == "GET" {
				res, _ = s.as(who).get(rt.path)
			} else {
				form := url.Values{}
				for k, v := range rt.form {
					form[k] = v
				}
				res, _ = s.as(who).post(rt.path, form)
			}
			allowed := rank[who] >= rank[rt.min]
			switch {
			case who == "" && (res.StatusCode == http.StatusSeeOther && rt.method == "GET" || res.StatusCode == http.StatusUnauthorized):
			case who == "":
				t.Errorf("anonymous %s %s: %d, want the sign-in", rt.method, rt.path, res.StatusCode)
			case allowed && res.StatusCode >= 400:
				t.Errorf("%s %s %s: %d, want allowed", who, rt.method, rt.path, res.StatusCode)
			case !allowed && res.StatusCode != http.StatusForbidden:
				t.Errorf("%s %s %s: %d, want 403", who, rt.method, rt.path, res.StatusCode)
			}
		}
	}
	// An editor sees the invitations only; an admin also organisations
	// and users.
	_, body := s.as("editor").get("/admin")
	if !strings.Contains(body, `action="/admin/invite"`) || strings.Contains(body, `id="users"`) || strings.Contains(body, "luc@lyon.example") {
		t.Error("the editor's administration page shows more than invitations")
	}
	_, body = s.as("admin").get("/admin")
	if !strings.Contains(body, `id="users"`) || !strings.Contains(body, "luc@lyon.example") || !strings.Contains(body, `id="organisations"`) ||
		!strings.Contains(body, "<td>never</td>") {
		t.Error("the admin's page lacks users or organisations")
	}
	// Editors may grant contributor and editor, not admin.
	_, body = s.as("editor").get("/admin")
	if strings.Contains(body, `<option value="admin"`) {
		t.Error("an editor is offered the admin role")
	}
}

func TestAdminChangesRolesAndAccounts(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin := s.as("admin")
	editorID, annaID := s.users["editor"].ID, s.users["contributor"].ID

	res, _ := admin.post("/admin/users/"+editorID+"/role", url.Values{"role": {"admin"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin?done=user_updated#users" {
		t.Fatalf("make the editor admin: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if u, _ := s.accounts.User(ctx, editorID); u.Role != accounts.RoleAdmin {
		t.Errorf("role %q, want admin", u.Role)
	}
	// The new admin's session has the new powers at once.
	if _, body := s.as("editor").get("/admin"); !strings.Contains(body, `id="users"`) {
		t.Error("the new admin does not see the users")
	}
	tests := []struct {
		user string
		form url.Values
		act  string
		want int
		msg  string
	}{
		// Editors and admins belong to the map's organisation.
		{annaID, url.Values{"role": {"editor"}}, "role", http.StatusForbidden, "belongs to another one"},
		{annaID, url.Values{"role": {"overlord"}}, "role", http.StatusUnprocessableEntity, "Choose one of the roles"},
		{s.users["admin"].ID, nil, "disable", http.StatusConflict, "use your account page"},
		{s.users["admin"].ID, url.Values{"confirm": {"yes"}}, "delete", http.StatusConflict, "use your account page"},
		{annaID, nil, "delete", http.StatusUnprocessableEntity, "Tick"},
		{annaID, nil, "promote", http.StatusNotFound, ""},
		{"0000", nil, "disable", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		res, body := admin.post("/admin/users/"+tt.user+"/"+tt.act, tt.form)
		if res.StatusCode != tt.want || !strings.Contains(body, tt.msg) {
			t.Errorf("%s %s %v: %d, want %d with %q", tt.act, tt.user, tt.form, res.StatusCode, tt.want, tt.msg)
		}
	}
	if u, _ := s.accounts.User(ctx, annaID); u.Role != accounts.RoleContributor {
		t.Errorf("a refused change changed the role: %q", u.Role)
	}

	// Disable: Anna's session ends and she cannot sign in; enable again.
	anna := s.as("contributor")
	if res, _ := admin.post("/admin/users/"+annaID+"/disable", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res, _ := anna.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Error("a disabled user's session still works")
	}
	if res := s.as("").signIn("anna@leipzig.example", testPassword); res.StatusCode != http.StatusForbidden {
		t.Errorf("a disabled user signs in: %d", res.StatusCode)
	}
	_, body := admin.get("/admin")
	if !strings.Contains(body, `action="/admin/users/`+annaID+`/enable"`) {
		t.Error("no enable button for the disabled user")
	}
	admin.post("/admin/users/"+annaID+"/enable", nil)
	if res := s.as("").signIn("anna@leipzig.example", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an enabled user cannot sign in: %d", res.StatusCode)
	}

	// Delete.
	if res, _ := admin.post("/admin/users/"+annaID+"/delete", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, err := s.accounts.UserByEmail(ctx, "anna@leipzig.example"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("deleted user: %v", err)
	}

	// The last admin cannot be demoted: with the editor made admin above,
	// demote them, then try the original admin.
	admin.post("/admin/users/"+editorID+"/role", url.Values{"role": {"editor"}})
	res, body = admin.post("/admin/users/"+s.users["admin"].ID+"/role", url.Values{"role": {"editor"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "is the last administrator") {
		t.Errorf("demote the last admin: %d", res.StatusCode)
	}
}

func TestAdminOrganisations(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin := s.as("admin")
	res, body := admin.post("/admin/organisations", url.Values{"name": {"Ville de Nantes"}, "kind": {"city"}, "country": {"fr"}, "website": {"javascript:alert(1)"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "starting with https://") {
		t.Errorf("a javascript: web site: %d", res.StatusCode)
	}
	tests := []struct {
		form url.Values
		msg  string
	}{
		{url.Values{"name": {""}, "kind": {"city"}}, "Please enter the organisation&#39;s name."},
		{url.Values{"name": {"X"}, "kind": {"castle"}}, "Choose one of the kinds offered."},
		{url.Values{"name": {"X"}, "country": {"Deutschland"}}, "two-letter country code"},
		{url.Values{"name": {"X"}, "country": {"EU"}}, "two-letter country code"},
		{url.Values{"name": {"X"}, "id": {"Not An Id"}}, "lower-case letters"},
		{url.Values{"name": {"Stadt Leipzig"}}, "The id stadt-leipzig is taken"},
	}
	for _, tt := range tests {
		res, body := admin.post("/admin/organisations", tt.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.msg) {
			t.Errorf("%v: %d, want 422 with %q", tt.form, res.StatusCode, tt.msg)
		}
	}
	res, _ = admin.post("/admin/organisations", url.Values{"name": {"Ville de Nantes"}, "kind": {"city"}, "country": {"fr"}, "website": {"https://metropole.nantes.fr/"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	if o, err := s.accounts.Organisation(ctx, "ville-de-nantes"); err != nil || o.Country != "FR" || o.Kind != "city" {
		t.Errorf("created %+v %v", o, err)
	}
	if o, ok := s.review.Organisation(ctx, "ville-de-nantes"); !ok || o.Name != "Ville de Nantes" || o.Website != "https://metropole.nantes.fr/" {
		t.Errorf("review does not know the new organisation: %+v", o)
	}

	// Renaming an organisation with a published practice renames it in
	// the public data.
	s.publish(t, "contributor", "Digitallotsen")
	renamed := "Stadt Leipzig, Referat Digitale Stadt"
	res, _ = admin.post("/admin/organisations/stadt-leipzig", url.Values{"name": {renamed}, "kind": {"city"}, "country": {"DE"}, "website": {"https://www.leipzig.de/"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	if o, _ := s.accounts.Organisation(ctx, "stadt-leipzig"); o.Name != renamed {
		t.Errorf("accounts: %q", o.Name)
	}
	if !s.storeHasText(renamed) {
		t.Error("the public data does not have the new name")
	}
	if s.storeHasText("Stadt Leipzig") {
		t.Error("the public data still has the old name")
	}
	res, body = admin.post("/admin/organisations/stadt-leipzig", url.Values{"name": {renamed}, "website": {"ftp://x"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "starting with https://") || !strings.Contains(body, "<details class=\"org\" open>") {
		t.Errorf("a bad edit: %d", res.StatusCode)
	}
	if res, _ := admin.post("/admin/organisations/no-such-org", url.Values{"name": {"X"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("edit of an unknown organisation: %d", res.StatusCode)
	}
}

// storeHasText reports whether the public store has a literal with the
// text, in any graph.
func (s *site) storeHasText(text string) bool {
	snap, err := s.st.Snapshot(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	defer snap.Close()
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			s.t.Fatal(err)
		}
		if q.O.Kind == rdf.KindLiteral && q.O.Value == text {
			return true
		}
	}
	return false
}

func TestRoutesMountBesideThePublishersAdminRoute(t *testing.T) {
	s := newSite(t)
	mounts := append(s.web.Mounts(), publisher.Mount{Path: "/admin/harvest/:source", Methods: []string{http.MethodPost}, Handler: http.NotFoundHandler()})
	if _, err := publisher.New(publisher.Options{Store: s.st, IRIs: s.iris, Mounts: mounts}); err != nil {
		t.Errorf("the exchange's routes clash with /admin/harvest/:source: %v", err)
	}
}
