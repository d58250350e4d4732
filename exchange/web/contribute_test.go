package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

func TestContributeNeedsSignIn(t *testing.T) {
	s := newSite(t)
	res, _ := s.as("").get("/contribute")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous /contribute: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = s.as("").post("/contribute", practiceForm("x"))
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous POST /contribute: %d", res.StatusCode)
	}
}

func TestContributeInGermanAndSubmit(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	res, body := anna.get("/contribute", "Accept-Language: de-DE,de;q=0.9,en;q=0.5")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Praxisbeispiel teilen") || !strings.Contains(body, `<html lang="de">`) {
		t.Fatalf("German form: %d\n%s", res.StatusCode, body)
	}
	if res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("headers: %v", res.Header)
	}
	// The language switcher wins over Accept-Language, and sticks.
	_, body = anna.get("/contribute?lang=fr", "Accept-Language: de")
	if !strings.Contains(body, "Partager une pratique") {
		t.Error("?lang=fr did not switch to French")
	}
	_, body = anna.get("/contribute", "Accept-Language: de")
	if !strings.Contains(body, "Partager une pratique") {
		t.Error("the language choice did not stick")
	}

	// Save a draft: nothing public.
	res, _ = anna.post("/contribute", practiceForm("Digitale Teilhabe Leipzig"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/contribute/stadt-leipzig-digitale-teilhabe-leipzig") {
		t.Fatalf("save: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	iri := s.iris.Practice("stadt-leipzig-digitale-teilhabe-leipzig")
	if n := s.quadsAbout(iri); n != 0 {
		t.Fatalf("a draft is in the store: %d quads", n)
	}
	// Submit with a missing description: the form comes back with the message.
	f := practiceForm("Digitale Teilhabe Leipzig")
	f.Set("description", "")
	f.Set("action", "submit")
	res, body = anna.post("/contribute/stadt-leipzig-digitale-teilhabe-leipzig", f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Please fill this in.") && !strings.Contains(body, "Bitte ausfüllen.") && !strings.Contains(body, "Veuillez remplir") {
		t.Fatalf("submit without description: %d", res.StatusCode)
	}
	f = practiceForm("Digitale Teilhabe Leipzig")
	f.Set("action", "submit")
	res, _ = anna.post("/contribute/stadt-leipzig-digitale-teilhabe-leipzig", f)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard?done=submitted" {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page, err := s.review.Queue(context.Background(), review.QueueOptions{})
	if err != nil || len(page.Items) != 1 || page.Items[0].Origin.Org != "stadt-leipzig" {
		t.Fatalf("queue: %+v %v", page, err)
	}
	d, _ := s.review.Detail(context.Background(), page.Items[0].ID)
	rec, _ := d.Record(page.Items[0].Seq)
	if rec.Budget.Range() != "10k-50k" || rec.DurationMonths != 18 || rec.ContactRole["de"] != "Projektkoordination" ||
		len(rec.Places) != 1 || rec.Places[0].Region != "DED51" || rec.Places[0].Lat == nil {
		t.Errorf("stored record: %+v", rec)
	}
	if n := s.quadsAbout(iri); n != 0 {
		t.Errorf("a submitted practice is in the store: %d quads", n)
	}
	_, body = anna.get("/dashboard")
	if !strings.Contains(body, "Digitale Teilhabe Leipzig") || !strings.Contains(body, "state-submitted") {
		t.Errorf("dashboard:\n%s", body)
	}
	// Another organisation cannot open it.
	res, _ = s.as("other").get("/contribute/stadt-leipzig-digitale-teilhabe-leipzig")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("other organisation opened the form: %d", res.StatusCode)
	}
}

func TestFormsAreProtectedAgainstCrossSiteRequests(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	f := practiceForm("Fremd")
	f.Set("csrf", "wrong")
	if res, _ := anna.post("/contribute", f); res.StatusCode != http.StatusForbidden {
		t.Errorf("wrong form token: %d", res.StatusCode)
	}
	if res, _ := anna.post("/contribute", practiceForm("Fremd"), "Sec-Fetch-Site: cross-site", "Origin: https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d", res.StatusCode)
	}
	if res, _ := anna.post("/contribute", practiceForm("Eigen")); res.StatusCode != http.StatusSeeOther {
		t.Errorf("same-site post: %d", res.StatusCode)
	}
}

func TestSuggest(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/contribute/suggest", strings.NewReader(
		`{"language":"de","title":"Digitale Kompetenzen für geflüchtete Frauen","description":"Multiplikatorenschulung","places":["Leipzig"]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", anna.csrf)
	req.Header.Set("Accept-Language", "de")
	res, body := anna.do(req)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"refugee-women"`) || !strings.Contains(body, `"multiplier-training"`) ||
		!strings.Contains(body, `"region": "DED5`) {
		t.Errorf("suggest: %d\n%s", res.StatusCode, body)
	}
}

func TestPreview(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	f := practiceForm("Vorschau <b>fett</b>")
	f.Set("action", "preview")
	res, body := anna.post("/contribute", f, "Accept-Language: de")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Vorschau: So wird das Praxisbeispiel aussehen") ||
		!strings.Contains(body, "Vorschau &lt;b&gt;fett&lt;/b&gt;") || !strings.Contains(body, "Stadt Leipzig") {
		t.Fatalf("preview: %d\n%s", res.StatusCode, body)
	}
	if n := s.quadsAbout(s.iris.Practice("stadt-leipzig-vorschau-b-fett-b")); n != 0 {
		t.Errorf("the preview reached the store: %d", n)
	}
}

func TestHostileValuesAreInert(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	hostile := []string{
		`<script>alert("x")</script>`,
		`"><img src=x onerror=alert(1)>`,
		"javascript:alert(1)",
		strings.Repeat("x", 1<<20),
		"bad \xff\xfe utf-8",
		"{{.Secret}} ${7*7} %s",
	}
	fields := []string{"title", "description", "url", "startDate", "results", "lessons", "staff", "partners", "contact",
		"funding", "keywords", "adaptedFrom", "duration", "budget", "place_name", "place_region", "types", "skills", "materials", "language"}
	for _, field := range fields {
		for i, v := range hostile {
			f := practiceForm("Feldtest")
			f.Set(field, v)
			f.Set("action", []string{"save", "submit", "preview"}[i%3])
			res, body := anna.post("/contribute", f)
			if res.StatusCode >= 500 {
				t.Errorf("%s=%.40q: %d", field, v, res.StatusCode)
				continue
			}
			if strings.Contains(body, `<script>alert("x")</script>`) || strings.Contains(body, `<img src=x onerror`) {
				t.Errorf("%s=%.40q: the value is live markup in the page", field, v)
			}
			if strings.Contains(body, `href="javascript:`) {
				t.Errorf("%s=%.40q: a javascript: link", field, v)
			}
		}
	}
	// Nothing hostile reached the public store.
	snap, _ := s.st.Snapshot(context.Background())
	defer snap.Close()
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(q.O.Value, "alert(") {
			t.Errorf("hostile value in the store: %v", q)
		}
	}
}

// quadsAbout counts the store's quads about a subject, in any graph.
func (s *site) quadsAbout(subject rdf.Term) int {
	snap, err := s.st.Snapshot(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	defer snap.Close()
	n := 0
	for _, err := range snap.Match(context.Background(), store.Pattern{S: subject, AnyGraph: true}) {
		if err != nil {
			s.t.Fatal(err)
		}
		n++
	}
	return n
}

var _ = url.Values{}

func TestMembersAreNotifiedInTheirLanguage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	if _, err := s.accounts.UpdateProfile(ctx, s.users["contributor"], s.users["contributor"].ID, "Anna", "de"); err != nil {
		t.Fatal(err)
	}
	f := practiceForm("Digitalcafé")
	f.Set("action", "submit")
	if res, _ := s.as("contributor").post("/contribute", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	page, _ := s.review.Queue(ctx, review.QueueOptions{})
	editor := review.Actor{UserID: s.users["editor"].ID, Org: "skillsmap-team", Role: review.RoleEditor}
	if err := s.review.Reject(ctx, editor, page.Items[0].ID, page.Items[0].Seq, "Bitte Ergebnisse belegen."); err != nil {
		t.Fatal(err)
	}
	msgs := s.mail.all()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2 (submitted, rejected)", len(msgs))
	}
	for _, m := range msgs {
		if m.To != "anna@leipzig.example" || m.Language != "de" {
			t.Errorf("message to %s in %s", m.To, m.Language)
		}
	}
	if !strings.Contains(msgs[1].Text, "Bitte Ergebnisse belegen.") || !strings.Contains(msgs[1].Text, "Digitalcafé") {
		t.Errorf("rejection e-mail:\n%s", msgs[1].Text)
	}
	// The other organisation's member hears nothing.
	for _, m := range msgs {
		if m.To == "luc@lyon.example" {
			t.Error("another organisation was notified")
		}
	}
}
