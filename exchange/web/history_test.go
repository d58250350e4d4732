package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/review"
)

func TestHistoryPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	id := s.submit("Digitalcafé")
	ed := s.as("editor")
	if res, _ := ed.post("/editor/practice/"+id+"/changes", url.Values{"seq": {"1"}, "reason": {"Bitte Ergebnisse ergänzen."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for changes: %d", res.StatusCode)
	}
	// The organisation's content system sends the new version with a token.
	d, _ := s.review.Detail(ctx, id)
	rec, _ := d.Working()
	rec.Results = map[string]string{"de": "80 Teilnehmerinnen"}
	if _, err := s.review.Contribute(ctx, review.Actor{UserID: "token:t1", Org: "stadt-leipzig", Role: review.RoleContributor}, id, rec); err != nil {
		t.Fatal(err)
	}
	s.approveAs("editor", id)
	path := "/practice/" + id + "/history"

	for _, tc := range []struct {
		who         string
		status      int
		want, not_  []string
		editorLinks bool
	}{
		{who: "editor", status: http.StatusOK, editorLinks: true,
			want: []string{"Contributor (Stadt Leipzig)", "Editor (Skillsmap Team)", "an API token of Stadt Leipzig",
				"Bitte Ergebnisse ergänzen.", "Changes requested", "Sent for review", "80 Teilnehmerinnen", "version 2", "on the map"}},
		{who: "admin", status: http.StatusOK, editorLinks: true, want: []string{"Editor (Skillsmap Team)"}},
		{who: "contributor", status: http.StatusOK,
			want: []string{"Contributor", "the editors", "an API token of Stadt Leipzig", "Bitte Ergebnisse ergänzen.", "80 Teilnehmerinnen"},
			not_: []string{"Editor (Skillsmap Team)", "Skillsmap Team", "Revert to this version"}},
		{who: "other", status: http.StatusNotFound, not_: []string{"Digitalcafé", "Bitte Ergebnisse"}},
	} {
		res, body := s.as(tc.who).get(path)
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.who, res.StatusCode, tc.status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the history lacks %q", tc.who, w)
			}
		}
		for _, w := range tc.not_ {
			if strings.Contains(body, w) {
				t.Errorf("%s: the history shows %q", tc.who, w)
			}
		}
		if got := strings.Contains(body, `href="/editor/practice/`+id+`"`); got != tc.editorLinks {
			t.Errorf("%s: link to the editor's page = %v", tc.who, got)
		}
	}
	res, _ := s.as("").get(path)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := s.as("editor").get("/practice/no-such-practice/history"); res.StatusCode != http.StatusNotFound {
		t.Errorf("history of no practice: %d", res.StatusCode)
	}
	// The public page of the practice is still the publisher's; it links
	// the pages a visitor may see.
	for _, tc := range []struct {
		who             string
		review, history bool
	}{{"", false, false}, {"other", false, false}, {"contributor", false, true}, {"editor", true, true}} {
		res, body := s.as(tc.who).get("/practice/" + id)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Digitalcafé") {
			t.Errorf("%q: public page: %d", tc.who, res.StatusCode)
		}
		if got := strings.Contains(body, `href="/editor/practice/`+id+`"`); got != tc.review {
			t.Errorf("%q: the public page links the editor's page: %v", tc.who, got)
		}
		if got := strings.Contains(body, `href="/practice/`+id+`/history"`); got != tc.history {
			t.Errorf("%q: the public page links the history: %v", tc.who, got)
		}
	}

	// A deleted account leaves no name behind.
	if err := s.accounts.DeleteUser(ctx, s.users["admin"], s.users["contributor"].ID); err != nil {
		t.Fatal(err)
	}
	_, body := ed.get(path)
	if !strings.Contains(body, "a deleted account") || strings.Contains(body, "Contributor (Stadt Leipzig)") {
		t.Error("the history of a deleted account's version still names the person, or does not say it was deleted")
	}
}

func TestHistoryOfAHarvestedPractice(t *testing.T) {
	s := newSite(t, withPolicy(holdHeld), withSources(Source{ID: heldSource, Name: "Partnerseite Sachsen", Hold: true}))
	cafe := harvestedPractice{id: "held-cafe", title: "Digitalcafé", region: "DED51"}
	s.harvest(heldSource, cafe)
	s.approveAs("editor", cafe.id)
	cafe.title = "Digitalcafé in der Bibliothek"
	s.harvest(heldSource, cafe)
	_, body := s.as("editor").get("/practice/" + cafe.id + "/history")
	for _, want := range []string{"the harvester (Partnerseite Sachsen)", "Digitalcafé in der Bibliothek", "Waiting for review", "Approved"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	// Members of organisations see no harvested practice's history.
	if res, _ := s.as("contributor").get("/practice/" + cafe.id + "/history"); res.StatusCode != http.StatusNotFound {
		t.Errorf("contributor: %d", res.StatusCode)
	}
}

func TestEditorPagesShowHostileValuesAsText(t *testing.T) {
	s := newSite(t)
	id := s.submit(`<script>alert("x")</script> Café`)
	ed := s.as("editor")
	for _, path := range []string{"/editor", "/editor/practice/" + id, "/practice/" + id + "/history"} {
		res, body := ed.get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
		if strings.Contains(body, `<script>alert("x")`) || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the title is not shown as text", path)
		}
	}
	// A reason with markup is text too, on the organisation's dashboard.
	ed.post("/editor/practice/"+id+"/reject", url.Values{"seq": {"1"}, "reason": {`<img src=x onerror=alert(1)>`}})
	if _, body := s.as("contributor").get("/dashboard"); strings.Contains(body, "<img src=x") {
		t.Error("the reason is live markup on the dashboard")
	}
}
