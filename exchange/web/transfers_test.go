package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// publishAs makes a user's organisation share a practice and an editor
// approve it; it returns the practice's id.
func (s *site) publishAs(key, title string) string {
	s.t.Helper()
	ctx := context.Background()
	u := s.users[key]
	rec := record.Practice{Language: "de", Title: record.Texts{"de": title},
		Description: record.Texts{"de": "Hilfe am Smartphone für Ältere."}, Skills: []string{"1"},
		TargetGroups: []string{"older-people"}, Places: []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}}}
	id, err := s.review.Contribute(ctx, review.Actor{UserID: u.ID, Org: u.OrgID, Role: review.RoleContributor}, "", rec)
	if err != nil {
		s.t.Fatal(err)
	}
	ed := s.users["editor"]
	if err := s.review.Approve(ctx, review.Actor{UserID: ed.ID, Org: ed.OrgID, Role: review.RoleEditor}, id, 1, nil); err != nil {
		s.t.Fatal(err)
	}
	return id
}

func TestTransferThroughTheSite(t *testing.T) {
	s := newSite(t)
	id := s.publishAs("contributor", "Digitalcafé Leipzig")
	// Anyone sees the invitation to adapt on the practice's page.
	_, page := s.as("").get("/practice/" + id)
	if !strings.Contains(page, `href="/practice/`+id+`/adapt"`) {
		t.Fatalf("no adapt link on the practice's page")
	}
	// The owner's own page offers no adapt link.
	_, page = s.as("contributor").get("/practice/" + id)
	if strings.Contains(page, "/adapt\"") {
		t.Error("the owner is offered to adapt its own practice")
	}
	luc := s.as("other")
	res, body := luc.get("/practice/" + id + "/adapt")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Digitalcafé Leipzig") {
		t.Fatalf("adapt page: %d", res.StatusCode)
	}
	res, _ = luc.post("/practice/"+id+"/adapt", url.Values{"place_name": {"Lyon"}, "message": {"Nous aimerions l'adapter à Lyon."}})
	loc := res.Header.Get("Location")
	m := regexp.MustCompile(`^/transfers/([^?]+)\?done=transfer_opened$`).FindStringSubmatch(loc)
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("open transfer: %d %s", res.StatusCode, loc)
	}
	tid := m[1]
	tr, err := s.review.Transfer(context.Background(), tid)
	if err != nil || tr.Place.Region == "" || !strings.HasPrefix(tr.Place.Region, "FR") {
		t.Fatalf("transfer = %+v %v (the place should be matched to its region)", tr, err)
	}
	// The owner's members hear of it, with Lyon's name and message, not Luc's address.
	msgs := s.mail.all()
	if len(msgs) == 0 {
		t.Fatal("nobody was told")
	}
	last := msgs[len(msgs)-1]
	if last.To != "anna@leipzig.example" || !strings.Contains(last.Text, "City of Lyon") || !strings.Contains(last.Text, "Lyon.") ||
		strings.Contains(last.Text, "luc@lyon.example") || !strings.Contains(last.Text, "/transfers/"+tid) {
		t.Errorf("owner's e-mail to %s:\n%s", last.To, last.Text)
	}
	// Only the two sides (and editors) see the transfer.
	if res, _ := s.as("").get("/transfers/" + tid); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.StatusCode)
	}
	anna := s.as("contributor")
	res, body = anna.get("/transfers/" + tid)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Nous aimerions") || !strings.Contains(body, `value="in-progress"`) {
		t.Fatalf("owner's transfer page: %d", res.StatusCode)
	}
	if res, _ := anna.post("/transfers/"+tid+"/state", url.Values{"state": {"in-progress"}, "message": {"Gern!"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	if res, _ := luc.post("/transfers/"+tid+"/message", url.Values{"message": {"Merci !"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("message: %d", res.StatusCode)
	}
	if res, _ := anna.post("/transfers/"+tid+"/state", url.Values{"state": {"adapted"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adapted: %d", res.StatusCode)
	}
	tr, _ = s.review.Transfer(context.Background(), tid)
	if tr.State != review.TransferAdapted || tr.Adapted == "" {
		t.Fatalf("transfer after adaptation: %+v", tr)
	}
	_, body = luc.get("/transfers/" + tid)
	if !strings.Contains(body, `id="adaptation"`) {
		t.Error("the adopter's transfer page does not link the adaptation")
	}
	if s.quadsAbout(rdf.IRI(tr.Adapted)) == 0 {
		t.Error("the adaptation is not published")
	}
	snap, _ := s.st.Snapshot(context.Background())
	defer snap.Close()
	if n := snap.Estimate(store.Pattern{S: rdf.IRI(tr.Adapted), P: s.iris.Terms().AdaptedFrom, O: s.iris.Practice(id), AnyGraph: true}); n == 0 {
		t.Error("the adaptation does not say sm:adaptedFrom")
	}
}
