package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

func TestInvitationFromAdminToSignedInMember(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin := s.as("admin")
	res, body := admin.post("/admin/invite", url.Values{"email": {"Juergen@Koeln.example"}, "org": {"new"}, "role": {"contributor"}, "lang": {"de"},
		"new_name": {"Stadt Köln"}, "new_kind": {"city"}, "new_website": {"https://www.stadt-koeln.de/"}, "new_country": {"de"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("invite: %d\n%s", res.StatusCode, body)
	}
	// The organisation is made, and the public data will name it.
	org, err := s.accounts.Organisation(ctx, "stadt-koeln")
	if err != nil || org.Country != "DE" || org.Kind != accounts.KindCity {
		t.Fatalf("organisation: %+v %v", org, err)
	}
	if ro, ok := s.review.Organisation(ctx, "stadt-koeln"); !ok || ro.Name != "Stadt Köln" || ro.Website != "https://www.stadt-koeln.de/" {
		t.Errorf("review does not know the organisation: %+v %v", ro, ok)
	}
	// The e-mail, in German, with the link; the link also on the page.
	msgs := s.mailTo("juergen@koeln.example")
	if len(msgs) != 1 || msgs[0].Language != "de" || !strings.Contains(msgs[0].Text, "Stadt Köln") {
		t.Fatalf("invitation e-mail: %+v", msgs)
	}
	link := s.linkIn(t, msgs[0].Text, "/invite/")
	if !strings.Contains(body, s.srv.URL+link) {
		t.Error("the page does not show the invitation link")
	}

	invitee := s.as("")
	res, body = invitee.get(link, "Accept-Language: de")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Stadt Köln") || !strings.Contains(body, "Mitwirkende:r") ||
		!strings.Contains(body, "juergen@koeln.example") {
		t.Fatalf("invitation page: %d\n%s", res.StatusCode, body)
	}
	// Password rules, in the page's language.
	tests := []struct {
		name, password, password2, want string
	}{
		{"Jürgen", "kurz", "kurz", "mindestens 12 Zeichen"},
		{"Jürgen", "juergen@koeln.example", "juergen@koeln.example", "nicht Ihre E-Mail-Adresse"},
		{"Jürgen", strings.Repeat("ä", 600), strings.Repeat("ä", 600), "höchstens 1024 Bytes"},
		{"Jürgen", "ein langes gutes Passwort", "ein anderes Passwort!!", "stimmen nicht überein"},
		{"  ", "ein langes gutes Passwort", "ein langes gutes Passwort", "Bitte geben Sie Ihren Namen ein."},
	}
	for _, tt := range tests {
		res, body := invitee.post(link, url.Values{"name": {tt.name}, "password": {tt.password}, "password2": {tt.password2}}, "Accept-Language: de")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
			t.Errorf("password %.20q: %d, want 422 with %q", tt.password, res.StatusCode, tt.want)
		}
	}
	if _, err := s.accounts.UserByEmail(ctx, "juergen@koeln.example"); err == nil {
		t.Fatal("a refused form made the account")
	}
	res, _ = invitee.post(link, url.Values{"name": {"Jürgen Schmidt"}, "password": {"ein langes gutes Passwort"}, "password2": {"ein langes gutes Passwort"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?done=welcome" {
		t.Fatalf("accept: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	u, _, err := s.accounts.Authenticate(ctx, invitee.sessionToken())
	if err != nil || u.Email != "juergen@koeln.example" || u.OrgID != "stadt-koeln" || u.Role != accounts.RoleContributor ||
		u.Name != "Jürgen Schmidt" || u.Language != "de" {
		t.Fatalf("signed in as %+v (%v)", u, err)
	}
	_, body = invitee.get("/account?done=welcome", "Accept-Language: de")
	if !strings.Contains(body, "Willkommen!") || !strings.Contains(body, "Stadt Köln") {
		t.Errorf("account page after accepting:\n%s", body)
	}
	// The link is used up.
	for _, method := range []string{"GET", "POST"} {
		var res *http.Response
		var body string
		if method == "GET" {
			res, body = s.as("").get(link)
		} else {
			res, body = s.as("").post(link, url.Values{"name": {"Mallory"}, "password": {"another long password"}, "password2": {"another long password"}})
		}
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "This invitation cannot be used") {
			t.Errorf("%s of a used invitation: %d", method, res.StatusCode)
		}
	}
	if u, _ := s.accounts.UserByEmail(ctx, "juergen@koeln.example"); u.Name != "Jürgen Schmidt" {
		t.Error("a used invitation changed the account")
	}
	// Nonsense tokens get the same page.
	if res, _ := s.as("").get("/invite/not-a-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("junk token: %d", res.StatusCode)
	}
}

func TestInvitationsAreForEditors(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	invite := func(who, email, org, role string) (int, string) {
		res, body := s.as(who).post("/admin/invite", url.Values{"email": {email}, "org": {org}, "role": {role}, "lang": {"en"}})
		return res.StatusCode, body
	}
	tests := []struct {
		who, email, org, role string
		want                  int
		msg                   string
	}{
		{"editor", "new1@leipzig.example", "stadt-leipzig", "contributor", http.StatusOK, "new1@leipzig.example is invited"},
		{"editor", "boss@team.example", "skillsmap-team", "admin", http.StatusForbidden, "You cannot grant a role above your own."},
		{"editor", "ed@team.example", "skillsmap-team", "editor", http.StatusOK, "is invited"},
		{"editor", "ed@leipzig.example", "stadt-leipzig", "editor", http.StatusForbidden, "belong to the organisation that runs the map"},
		{"admin", "boss@team.example", "skillsmap-team", "admin", http.StatusOK, "is invited"},
		{"editor", "anna@leipzig.example", "stadt-leipzig", "contributor", http.StatusUnprocessableEntity, "There is already an account"},
		{"editor", "not an address", "stadt-leipzig", "contributor", http.StatusUnprocessableEntity, "name@example.org"},
		{"editor", "x@y.example", "", "contributor", http.StatusUnprocessableEntity, "Choose an organisation"},
		{"contributor", "friend@leipzig.example", "stadt-leipzig", "contributor", http.StatusForbidden, ""},
		{"", "friend@leipzig.example", "stadt-leipzig", "contributor", http.StatusUnauthorized, ""},
	}
	for _, tt := range tests {
		code, body := invite(tt.who, tt.email, tt.org, tt.role)
		if code != tt.want || !strings.Contains(body, tt.msg) {
			t.Errorf("%s invites %s as %s in %q: %d, want %d with %q", tt.who, tt.email, tt.role, tt.org, code, tt.want, tt.msg)
		}
	}
	invs, _ := s.accounts.Invitations(ctx, "")
	got := map[string]accounts.Role{}
	for _, inv := range invs {
		got[inv.Email] = inv.Role
	}
	want := map[string]accounts.Role{"new1@leipzig.example": "contributor", "ed@team.example": "editor", "boss@team.example": "admin"}
	if len(got) != len(want) {
		t.Errorf("invitations %v, want %v", got, want)
	}
	for e, r := range want {
		if got[e] != r {
			t.Errorf("invitation of %s: %q, want %q", e, got[e], r)
		}
	}
	// The editor sees them, and revokes one: its link stops working.
	_, body := s.as("editor").get("/admin")
	if !strings.Contains(body, "<td>new1@leipzig.example</td><td>Stadt Leipzig</td><td>Contributor</td><td>Editor</td>") || !strings.Contains(body, "<td>boss@team.example</td>") {
		t.Errorf("pending invitations not listed:\n%s", body)
	}
	link := s.linkIn(t, s.mailTo("new1@leipzig.example")[0].Text, "/invite/")
	var id string
	for _, inv := range invs {
		if inv.Email == "new1@leipzig.example" {
			id = inv.ID
		}
	}
	if res, _ := s.as("contributor").post("/admin/invitations/"+id+"/revoke", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor revoked an invitation: %d", res.StatusCode)
	}
	res, _ := s.as("editor").post("/admin/invitations/"+id+"/revoke", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res, _ := s.as("").get(link); res.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked invitation still opens: %d", res.StatusCode)
	}
	if _, err := s.accounts.Invitation(ctx, strings.TrimPrefix(link, "/invite/")); !errors.Is(err, accounts.ErrBadToken) {
		t.Errorf("revoked invitation: %v", err)
	}
}

func TestInvitationLinkShownWithoutMail(t *testing.T) {
	s := newSite(t, withWeb(func(o *Options) { o.Mail = nil }))
	_, body := s.as("admin").post("/admin/invite", url.Values{"email": {"x@lyon.example"}, "org": {"city-of-lyon"}, "role": {"contributor"}, "lang": {"fr"}})
	if !strings.Contains(body, "This map sends no e-mail") || !strings.Contains(body, s.srv.URL+"/invite/") {
		t.Errorf("without mail the page must give the link:\n%s", body)
	}
	// The link is shown once: the page afterwards does not have it.
	_, body = s.as("admin").get("/admin")
	if strings.Contains(body, s.srv.URL+"/invite/") {
		t.Error("the invitation link is shown again")
	}
}
