package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

// editorActs are the acts of POST /editor/practice/{id}/{act}.
var editorActs = []string{"approve", "reject", "changes", "correct", "merge", "unmerge", "good", "ungood",
	"withdraw", "republish", "revert", "conflict"}

func TestEditorPagesAreForEditors(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitalcafé für Frauen")
	type request struct{ method, path string }
	requests := []request{{"GET", "/editor"}, {"GET", "/editor/practice/" + id}}
	for _, act := range editorActs {
		requests = append(requests, request{"POST", "/editor/practice/" + id + "/" + act})
	}
	for _, tc := range []struct {
		who        string
		get, post  int
		toLoginGet bool
	}{
		{who: "", get: http.StatusSeeOther, post: http.StatusUnauthorized, toLoginGet: true},
		{who: "contributor", get: http.StatusForbidden, post: http.StatusForbidden},
		{who: "other", get: http.StatusForbidden, post: http.StatusForbidden},
	} {
		c := s.as(tc.who)
		for _, rq := range requests {
			var res *http.Response
			want := tc.get
			if rq.method == "GET" {
				res, _ = c.get(rq.path)
			} else {
				want = tc.post
				res, _ = c.post(rq.path, url.Values{"seq": {"1"}, "reason": {"x"}, "into": {"x"}})
			}
			if res.StatusCode != want {
				t.Errorf("%q %s %s: %d, want %d", tc.who, rq.method, rq.path, res.StatusCode, want)
			}
			if tc.toLoginGet && rq.method == "GET" && !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
				t.Errorf("%q %s: sent to %q, not to the sign-in page", tc.who, rq.path, res.Header.Get("Location"))
			}
		}
	}
	// Nothing was decided by those requests.
	if d, _ := s.review.Detail(context.Background(), id); d.Entry.Pending != 1 || d.Entry.Published != 0 {
		t.Errorf("after refused acts: %+v", d.Entry)
	}
	for _, who := range []string{"editor", "admin"} {
		for _, path := range []string{"/editor", "/editor/practice/" + id} {
			if res, _ := s.as(who).get(path); res.StatusCode != http.StatusOK {
				t.Errorf("%s GET %s: %d", who, path, res.StatusCode)
			}
		}
	}
	if res, _ := s.as("editor").post("/editor/practice/"+id+"/fly", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown act: %d", res.StatusCode)
	}
	if res, _ := s.as("editor").get("/editor/practice/no-such-practice"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown practice: %d", res.StatusCode)
	}
}

func TestQueueListsWhatWaits(t *testing.T) {
	s := newSite(t, withPolicy(holdHeld), withSources(Source{ID: heldSource, Name: "Partnerseite Sachsen", Hold: true}))
	id := s.submit("Digitale Teilhabe Leipzig")
	s.harvest(heldSource, harvestedPractice{id: "held-cafe", title: "Digitalcafé Stadtbibliothek", region: "DED51"})
	ed := s.as("editor")
	res, body := ed.get("/editor")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /editor: %d", res.StatusCode)
	}
	for _, want := range []string{"2 practices wait for the editors.", "Digitale Teilhabe Leipzig", "Digitalcafé Stadtbibliothek",
		"Stadt Leipzig", "Partnerseite Sachsen", `href="/editor/practice/` + id + `"`, `href="/editor/practice/held-cafe"`} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
	// Newest first: the harvest came after the contribution.
	if strings.Index(body, "Digitalcafé Stadtbibliothek") > strings.Index(body, "Digitale Teilhabe Leipzig") {
		t.Error("the queue is not newest first")
	}
	for _, tc := range []struct {
		query      string
		want, not_ []string
	}{
		{"?org=stadt-leipzig", []string{"Digitale Teilhabe Leipzig"}, []string{"Digitalcafé Stadtbibliothek"}},
		{"?source=held", []string{"Digitalcafé Stadtbibliothek"}, []string{"Digitale Teilhabe Leipzig"}},
		{"?kind=new", []string{"Digitalcafé Stadtbibliothek", "Digitale Teilhabe Leipzig"}, nil},
		{"?kind=change", []string{"Nothing that matches these filters waits for review."}, []string{"Digitalcafé Stadtbibliothek", "Digitale Teilhabe Leipzig"}},
		{"?org=city-of-lyon&lang=de", []string{"Zu diesen Filtern wartet nichts auf Prüfung.", "2 Praxisbeispiele warten"}, []string{"Digitale Teilhabe Leipzig"}},
	} {
		res, body := s.as("editor").get("/editor" + tc.query) // a new browser: ?lang= sticks
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", tc.query, res.StatusCode)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q", tc.query, w)
			}
		}
		for _, w := range tc.not_ {
			if strings.Contains(body, w) {
				t.Errorf("%s: lists %q", tc.query, w)
			}
		}
	}
	if res, _ := ed.get("/editor?after=%21%21"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", res.StatusCode)
	}
	// The public page of a waiting practice does not exist yet; the
	// editor's page does, and links the history.
	res, body = ed.get("/editor/practice/held-cafe")
	if res.StatusCode != http.StatusOK {
		t.Errorf("practice page: %d", res.StatusCode)
	}
	for _, want := range []string{"Harvested from Partnerseite Sachsen", `action="/editor/practice/held-cafe/approve"`,
		`href="/practice/held-cafe/history"`, "Sent by the harvester (Partnerseite Sachsen)"} {
		if !strings.Contains(body, want) {
			t.Errorf("practice page lacks %q", want)
		}
	}
}

func TestQueuePages(t *testing.T) {
	s := newSite(t, withPolicy(holdHeld))
	var ps []harvestedPractice
	for i := range queuePageSize + 10 {
		ps = append(ps, harvestedPractice{id: fmt.Sprintf("held-%03d", i), title: fmt.Sprintf("Praxis %03d", i), region: "DED51"})
	}
	s.harvest(heldSource, ps...)
	ed := s.as("editor")
	seen := map[string]bool{}
	path := "/editor?source=" + heldSource
	pages := 0
	for path != "" {
		pages++
		res, body := ed.get(path)
		if res.StatusCode != http.StatusOK || pages > 3 {
			t.Fatalf("%s: %d (page %d)", path, res.StatusCode, pages)
		}
		n := 0
		for _, p := range ps {
			if strings.Contains(body, ">"+p.title+"<") {
				if seen[p.id] {
					t.Errorf("%s listed twice", p.id)
				}
				seen[p.id] = true
				n++
			}
		}
		if want := min(queuePageSize, len(ps)-(pages-1)*queuePageSize); n != want {
			t.Errorf("page %d lists %d practices, want %d", pages, n, want)
		}
		path = ""
		if i := strings.Index(body, `rel="next"`); i >= 0 {
			start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
			path = strings.ReplaceAll(body[start:strings.Index(body[start:], `"`)+start], "&amp;", "&")
			if !strings.Contains(path, "source="+heldSource) {
				t.Errorf("the next page forgets the filter: %s", path)
			}
		}
	}
	if pages != 2 || len(seen) != len(ps) {
		t.Errorf("%d pages listed %d of %d practices", pages, len(seen), len(ps))
	}
}

func TestApproveWithAnAddedDigCompArea(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitale Teilhabe Leipzig")
	ed := s.as("editor")
	res, body := ed.get("/editor/practice/" + id)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "New practice waiting for review (version 1)") ||
		!strings.Contains(body, "Shared by Stadt Leipzig") || !strings.Contains(body, "Sent by Contributor (Stadt Leipzig)") {
		t.Fatalf("practice page: %d\n%s", res.StatusCode, body)
	}
	// The diff labels concepts and places in the page's language.
	for _, want := range []string{"1 Information and data literacy", "Refugee and migrant women", "Leipzig — DED51"} {
		if !strings.Contains(body, want) {
			t.Errorf("practice page lacks %q", want)
		}
	}
	f := testsupport.FormValues(t, body, "/approve")
	if f.Get("seq") != "1" || !slices.Contains(f["skills"], "1") || f.Get("title") != "Digitale Teilhabe Leipzig" {
		t.Fatalf("approve form: %v", f)
	}
	f.Add("skills", "4")
	res, _ = ed.post("/editor/practice/"+id+"/approve", f)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/editor?done=approved" {
		t.Fatalf("approve: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = ed.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Approved: the practice is on the map") {
		t.Error("no notice after approving")
	}
	iri := s.iris.Practice(id)
	g := s.iris.ContributionsGraph("stadt-leipzig")
	for _, q := range []rdf.Quad{
		{S: iri, P: vocab.SchemaTeaches, O: s.iris.Concept(vocab.DigComp, "4"), G: g},
		{S: iri, P: vocab.SchemaTeaches, O: s.iris.Concept(vocab.DigComp, "1"), G: g},
		{S: iri, P: vocab.DCTTitle, O: rdf.LangString("Digitale Teilhabe Leipzig", "de"), G: g},
		{S: iri, P: vocab.ADMSStatus, O: s.iris.Concept(vocab.EditorialStatuses, "approved"), G: g},
	} {
		if !s.has(q) {
			t.Errorf("store lacks %v", q)
		}
	}
	// The editor's version is what was published; the rest of the record
	// came through the form unchanged.
	d, _ := s.review.Detail(context.Background(), id)
	rec, _ := d.Record(d.Entry.Published)
	if d.Entry.Published != 2 || !slices.Equal(rec.Skills, []string{"1", "4"}) || rec.Budget.Range() != "10k-50k" ||
		rec.DurationMonths != 18 || !slices.Equal(rec.MaterialLanguages, []string{"ar", "de"}) {
		t.Errorf("published version %d: %+v", d.Entry.Published, rec)
	}
	if len(d.Activities) == 0 || d.Activities[len(d.Activities)-1].Kind != review.KindApproved ||
		!slices.Equal(d.Activities[len(d.Activities)-1].Fields, []record.Field{record.FieldSkills}) {
		t.Errorf("activities: %+v", d.Activities)
	}
	if res, _ := ed.get("/editor"); res.StatusCode != http.StatusOK {
		t.Error("queue after approving")
	}
	if page, _ := s.review.Queue(context.Background(), review.QueueOptions{}); len(page.Items) != 0 {
		t.Errorf("still waiting: %+v", page.Items)
	}
}

func TestApproveUnchangedKeepsTheVersion(t *testing.T) {
	s := newSite(t)
	id := s.submit("Smartphone-Sprechstunde")
	ed := s.as("editor")
	_, body := ed.get("/editor/practice/" + id)
	res, _ := ed.post("/editor/practice/"+id+"/approve", testsupport.FormValues(t, body, "/approve"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	d, _ := s.review.Detail(context.Background(), id)
	if d.Entry.Published != 1 || len(d.Versions) != 1 {
		t.Errorf("an untouched form made a new version: published %d of %d", d.Entry.Published, len(d.Versions))
	}
}

func TestApproveShowsFieldProblems(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitalcafé")
	ed := s.as("editor")
	_, body := ed.get("/editor/practice/" + id)
	f := testsupport.FormValues(t, body, "/approve")
	f.Set("url", "javascript:alert(1)")
	f.Set("description", "")
	res, body := ed.post("/editor/practice/"+id+"/approve", f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Give a full web address") ||
		!strings.Contains(body, "Please fill this in.") || strings.Contains(body, `href="javascript:`) {
		t.Errorf("approve with a bad URL: %d", res.StatusCode)
	}
	if d, _ := s.review.Detail(context.Background(), id); d.Entry.Pending != 1 || d.Entry.Published != 0 {
		t.Errorf("a refused approval changed the practice: %+v", d.Entry)
	}
	// The version is no longer the waiting one: a conflict, not a 500.
	f = testsupport.FormValues(t, body, "/approve")
	f.Set("seq", "7")
	if res, _ := ed.post("/editor/practice/"+id+"/approve", f); res.StatusCode != http.StatusConflict {
		t.Errorf("approve a version that does not wait: %d", res.StatusCode)
	}
}

func TestRejectAndAskForChangesReachTheOrganisation(t *testing.T) {
	for _, tc := range []struct {
		act, reason, notice, dashboard string
	}{
		{"reject", "Das ist kein Praxisbeispiel für digitale Kompetenzen.", "done=rejected", "Not published"},
		{"changes", "Bitte ergänzen Sie die Ergebnisse & <Zahlen>.", "done=changes_requested", "Changes requested"},
	} {
		t.Run(tc.act, func(t *testing.T) {
			s := newSite(t)
			id := s.submit("Digitale Teilhabe Leipzig")
			ed := s.as("editor")
			path := "/editor/practice/" + id + "/" + tc.act
			res, body := ed.post(path, url.Values{"seq": {"1"}, "reason": {"  "}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Please say why: the organisation reads it.") {
				t.Errorf("without a reason: %d", res.StatusCode)
			}
			if d, _ := s.review.Detail(context.Background(), id); d.Entry.Pending != 1 {
				t.Fatal("a decision without a reason was taken")
			}
			res, _ = ed.post(path, url.Values{"seq": {"1"}, "reason": {tc.reason}})
			if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), tc.notice) {
				t.Fatalf("%s: %d %s", tc.act, res.StatusCode, res.Header.Get("Location"))
			}
			_, body = s.as("contributor").get("/dashboard")
			escaped := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(tc.reason)
			if !strings.Contains(body, escaped) || !strings.Contains(body, tc.dashboard) {
				t.Errorf("the dashboard does not show the reason %q and %q", escaped, tc.dashboard)
			}
			if n := s.quadsAbout(s.iris.Practice(id)); n != 0 {
				t.Errorf("%d quads of a practice that was not approved", n)
			}
		})
	}
	// A partner site cannot be asked for changes.
	s := newSite(t, withPolicy(holdHeld))
	s.harvest(heldSource, harvestedPractice{id: "held-cafe", title: "Digitalcafé", region: "DED51"})
	ed := s.as("editor")
	if _, body := ed.get("/editor/practice/held-cafe"); strings.Contains(body, `action="/editor/practice/held-cafe/changes"`) {
		t.Error("a harvested practice offers to ask for changes")
	}
	if res, _ := ed.post("/editor/practice/held-cafe/changes", url.Values{"seq": {"1"}, "reason": {"x"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("changes of a harvested practice: %d", res.StatusCode)
	}
}

func TestCorrectAHarvestedRegionAndSettleConflicts(t *testing.T) {
	for _, tc := range []struct {
		choice     string
		wantRegion string
		graph      func(s *site) rdf.Term
	}{
		{"keep", "DED52", func(s *site) rdf.Term { return s.iris.EditorialGraph() }},
		{"take", "DED53", func(s *site) rdf.Term { return s.iris.SourceGraph("partner") }},
	} {
		t.Run(tc.choice, func(t *testing.T) {
			s := newSite(t)
			cafe := harvestedPractice{id: "partner-cafe", title: "Digitalcafé", region: "DED51"}
			s.harvest("partner", cafe)
			p := s.iris.Practice(cafe.id)
			ed := s.as("editor")
			_, body := ed.get("/editor/practice/" + cafe.id)
			f := testsupport.FormValues(t, body, "/correct")
			if !slices.Equal(f["place_region"][:1], []string{"DED51"}) {
				t.Fatalf("correct form regions: %v", f["place_region"])
			}
			f["place_region"][0] = "DED52"
			res, _ := ed.post("/editor/practice/"+cafe.id+"/correct", f)
			if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "done=corrected") {
				t.Fatalf("correct: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			regions := func(when string, want string, g rdf.Term) {
				t.Helper()
				for _, code := range []string{"DED51", "DED52", "DED53"} {
					gs := s.graphsOf(p, vocab.DCTSpatial, vocab.NUTSRegion(code))
					if code == want && !slices.Equal(gs, []rdf.Term{g}) || code != want && len(gs) > 0 {
						t.Errorf("%s: dct:spatial %s in %v", when, code, gs)
					}
				}
			}
			regions("after the correction", "DED52", s.iris.EditorialGraph())
			// Only the region was corrected: the title stays the source's.
			if d, _ := s.review.Detail(context.Background(), cafe.id); len(d.Entry.Corrections) != 1 || d.Entry.Corrections["places"] == nil {
				t.Errorf("corrections: %v", d.Entry.Corrections)
			}
			s.harvest("partner", cafe)
			regions("after a re-harvest", "DED52", s.iris.EditorialGraph())

			// The source changes the corrected field: a conflict.
			cafe.region = "DED53"
			s.harvest("partner", cafe)
			regions("after the source changed", "DED52", s.iris.EditorialGraph())
			_, body = ed.get("/editor?kind=conflict")
			if !strings.Contains(body, `href="/editor/practice/partner-cafe"`) {
				t.Fatal("the conflict is not in the queue")
			}
			_, body = ed.get("/editor/practice/" + cafe.id)
			for _, want := range []string{"Leipzig — DED52", "Leipzig — DED53", `name="choice" value="keep"`, `name="choice" value="take"`} {
				if !strings.Contains(body, want) {
					t.Errorf("practice page lacks %q", want)
				}
			}
			res, _ = ed.post("/editor/practice/"+cafe.id+"/conflict", url.Values{"field": {"places"}, "choice": {tc.choice}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("conflict: %d", res.StatusCode)
			}
			regions("after settling the conflict", tc.wantRegion, tc.graph(s))
			if page, _ := s.review.Queue(context.Background(), review.QueueOptions{}); len(page.Items) != 0 {
				t.Errorf("queue after settling: %+v", page.Items)
			}
		})
	}
}

func TestCorrectAContribution(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitalcafé")
	s.approveAs("editor", id)
	ed := s.as("editor")
	_, body := ed.get("/editor/practice/" + id)
	// Nothing changed: no new version.
	res, _ := ed.post("/editor/practice/"+id+"/correct", testsupport.FormValues(t, body, "/correct"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "done=unchanged") {
		t.Errorf("unchanged correction: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	f := testsupport.FormValues(t, body, "/correct")
	f.Set("title", "Digitalcafé am Markt")
	if res, _ := ed.post("/editor/practice/"+id+"/correct", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correct: %d", res.StatusCode)
	}
	g := s.iris.ContributionsGraph("stadt-leipzig")
	if !s.has(rdf.Quad{S: s.iris.Practice(id), P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé am Markt", "de"), G: g}) {
		t.Error("the corrected title is not public")
	}
	d, _ := s.review.Detail(context.Background(), id)
	if len(d.Versions) != 2 || d.Entry.Published != 2 {
		t.Errorf("versions %d, published %d", len(d.Versions), d.Entry.Published)
	}
}

func TestMergeRedirectsTheDuplicate(t *testing.T) {
	s := newSite(t)
	keep := s.submit("Digitalcafé")
	s.approveAs("editor", keep)
	dup := s.submit("Digital-Café")
	s.approveAs("editor", dup)
	ed := s.as("editor")
	path := "/editor/practice/" + dup + "/merge"
	for _, tc := range []struct{ into, message string }{
		{"", "Name the practice to merge into"},
		{"no-such-practice", "There is no practice “no-such-practice”."},
		{dup, "A practice cannot be merged into itself."},
	} {
		res, body := ed.post(path, url.Values{"into": {tc.into}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.message) {
			t.Errorf("merge into %q: %d, want the message %q", tc.into, res.StatusCode, tc.message)
		}
	}
	// By IRI, as an editor copies it from the address bar.
	res, _ := ed.post(path, url.Values{"into": {s.iris.Practice(keep).Value}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "done=merged") {
		t.Fatalf("merge: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	anon := s.as("")
	res, _ = anon.get("/practice/" + dup)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || loc != "/practice/"+keep && loc != s.iris.Practice(keep).Value {
		t.Errorf("GET the duplicate: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := ed.get("/editor/practice/" + dup)
	if !strings.Contains(body, "This practice was merged into") || !strings.Contains(body, `action="/editor/practice/`+dup+`/unmerge"`) {
		t.Error("the page of a merged practice does not say so or offers no undo")
	}
	if res, _ := ed.post("/editor/practice/"+dup+"/unmerge", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unmerge: %d", res.StatusCode)
	}
	if res, _ := anon.get("/practice/" + dup); res.StatusCode != http.StatusOK {
		t.Errorf("GET the practice after undoing the merge: %d", res.StatusCode)
	}
}

func TestGoodPracticeWithdrawRepublishRevert(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitalcafé")
	s.approveAs("editor", id)
	iri := s.iris.Practice(id)
	ed := s.as("editor")
	act := func(name string, form url.Values, wantStatus int) string {
		t.Helper()
		res, body := ed.post("/editor/practice/"+id+"/"+name, form)
		if res.StatusCode != wantStatus {
			t.Fatalf("%s: %d, want %d", name, res.StatusCode, wantStatus)
		}
		return body
	}
	goodMark := rdf.Quad{S: iri, P: rdf.Type, O: s.iris.Terms().ValidatedGoodPractice, G: s.iris.EditorialGraph()}
	act("good", nil, http.StatusSeeOther)
	if !s.has(goodMark) {
		t.Error("no good-practice mark in the editorial graph")
	}
	act("ungood", nil, http.StatusSeeOther)
	if s.has(goodMark) {
		t.Error("the good-practice mark stayed")
	}
	if body := act("withdraw", url.Values{"reason": {""}}, http.StatusUnprocessableEntity); !strings.Contains(body, "Please say why") {
		t.Error("withdraw without a reason: no message")
	}
	act("withdraw", url.Values{"reason": {"Das Projekt ist beendet."}}, http.StatusSeeOther)
	anon := s.as("")
	if res, _ := anon.get("/practice/" + id); res.StatusCode != http.StatusGone {
		t.Errorf("withdrawn practice: %d", res.StatusCode)
	}
	act("republish", nil, http.StatusSeeOther)
	if res, _ := anon.get("/practice/" + id); res.StatusCode != http.StatusOK {
		t.Errorf("republished practice: %d", res.StatusCode)
	}
	// A correction, then back to version 1 from the history page.
	_, body := ed.get("/editor/practice/" + id)
	f := testsupport.FormValues(t, body, "/correct")
	f.Set("title", "Digitalcafé am Markt")
	act("correct", f, http.StatusSeeOther)
	_, body = ed.get("/practice/" + id + "/history")
	revert := testsupport.FormValues(t, body, "/revert")
	if revert.Get("seq") != "1" || revert.Get("from") != "history" {
		t.Fatalf("revert form: %v", revert)
	}
	res, _ := ed.post("/editor/practice/"+id+"/revert", revert)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/practice/"+id+"/history?done=reverted" {
		t.Fatalf("revert: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	g := s.iris.ContributionsGraph("stadt-leipzig")
	if !s.has(rdf.Quad{S: iri, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé", "de"), G: g}) ||
		s.has(rdf.Quad{S: iri, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé am Markt", "de"), G: g}) {
		t.Error("the revert is not public")
	}
	_, body = ed.get("/practice/" + id + "/history?done=reverted")
	if !strings.Contains(body, "The earlier version is published again") || !strings.Contains(body, "back to version 1") {
		t.Error("history after the revert lacks the notice or the act")
	}
}

func TestAChangeShowsWhatWouldChange(t *testing.T) {
	s := newSite(t)
	id := s.submit("Digitalcafé")
	s.approveAs("editor", id)
	f := practiceForm("Digitalcafé am Markt")
	f.Set("skills", "5")
	f.Set("action", "submit")
	if res, _ := s.as("contributor").post("/contribute/"+id, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit a change: %d", res.StatusCode)
	}
	ed := s.as("editor")
	_, body := ed.get("/editor?kind=change")
	if !strings.Contains(body, `href="/editor/practice/`+id+`"`) || !strings.Contains(body, "state-change") {
		t.Error("the change is not in the queue as a change")
	}
	_, body = ed.get("/editor/practice/" + id)
	for _, want := range []string{"Change waiting for review (version 2)", "<del>Digitalcafé</del>", "<ins>Digitalcafé am Markt</ins>",
		"<del>1 Information and data literacy</del>", "<ins>5 Problem solving</ins>"} {
		if !strings.Contains(body, want) {
			t.Errorf("practice page lacks %q", want)
		}
	}
	// Unchanged fields are not in the diff.
	if i := strings.Index(body, `id="waiting"`); i < 0 || strings.Contains(body[i:strings.Index(body, `class="edit-form"`)], "Refugee and migrant women") {
		t.Error("the diff shows a field that did not change")
	}
	// The public record is still the approved one.
	if i := strings.Index(body, `id="public"`); i < 0 || !strings.Contains(body[i:], "Digitalcafé") || strings.Contains(body[i:strings.Index(body[i:], "</section>")+i], "am Markt") {
		t.Error("the public record shows the waiting change")
	}
}

func TestApproveAHeldHarvestWithACorrection(t *testing.T) {
	s := newSite(t, withPolicy(holdHeld))
	cafe := harvestedPractice{id: "held-cafe", title: "Digitalcafé", region: "DED51"}
	s.harvest(heldSource, cafe)
	ed := s.as("editor")
	_, body := ed.get("/editor/practice/" + cafe.id)
	f := testsupport.FormValues(t, body, "/approve")
	f.Add("skills", "4")
	if res, _ := ed.post("/editor/practice/"+cafe.id+"/approve", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	p := s.iris.Practice(cafe.id)
	teaches := func(when string) {
		t.Helper()
		gs := s.graphsOf(p, vocab.SchemaTeaches, s.iris.Concept(vocab.DigComp, "4"))
		if !slices.Equal(gs, []rdf.Term{s.iris.EditorialGraph()}) {
			t.Errorf("%s: schema:teaches DigComp 4 in %v, want the editorial graph", when, gs)
		}
		if !s.has(rdf.Quad{S: p, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé", "de"), G: s.iris.SourceGraph(heldSource)}) {
			t.Errorf("%s: the source's title is not public", when)
		}
	}
	teaches("after approving")
	d, _ := s.review.Detail(context.Background(), cafe.id)
	if len(d.Entry.Corrections) != 1 || d.Entry.Corrections[record.FieldSkills] == nil || len(d.Versions) != 1 {
		t.Errorf("corrections %v, %d versions", d.Entry.Corrections, len(d.Versions))
	}
	// The source's next run does not undo it.
	s.harvest(heldSource, cafe)
	teaches("after a re-harvest")
}

// TestFormValuesAreWhatTheBrowserSends checks that formValues, which tells
// what an editor changed, agrees with the rendered form.
func TestFormValuesAreWhatTheBrowserSends(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	rec := practiceRecord("Digitalcafé")
	rec.Skills = []string{"1", "4.2", "http://data.europa.eu/esco/skill/0f0b9e9e-1c1a-4c3b-8a2b-1d2e3f4a5b6c"}
	lo, hi := int64(12345), int64(67890)
	rec.Budget = record.Budget{Min: &lo, Max: &hi, Currency: "EUR"}
	rec.Keywords = []string{"Smartphone", "Senioren"}
	rec.Funding = []string{"ESF Plus", "Stadt Leipzig"}
	rec.DurationMonths = 6
	rec.URL = "https://example.org/cafe"
	lat, lon := 51.34, 12.375
	rec.Places = append(rec.Places, record.Place{Name: "Halle", Region: "DEE02", Country: "DE", Lat: &lat, Lon: &lon})
	anna := s.users["contributor"]
	id, err := s.review.Contribute(ctx, review.Actor{UserID: anna.ID, Org: anna.OrgID, Role: review.RoleContributor}, "", rec)
	if err != nil {
		t.Fatal(err)
	}
	_, body := s.as("editor").get("/editor/practice/" + id)
	sent := testsupport.FormValues(t, body, "/approve")
	d, _ := s.review.Detail(ctx, id)
	shown, _ := s.web.appliedRecord(d, 1)
	fv := &formView{}
	v := &visitor{Lang: "en", Loc: s.web.opts.I18n.Localizer("en")}
	s.web.fillForm(v, shown, fv, nil)
	want := formValues(fv)
	for name, vals := range want {
		got := slices.Clone(sent[name])
		vals = slices.Clone(vals)
		slices.Sort(got)
		slices.Sort(vals)
		if !slices.Equal(got, vals) {
			t.Errorf("%s: the browser sends %q, formValues says %q", name, got, vals)
		}
	}
	for name := range sent {
		if _, ok := want[name]; !ok && name != "csrf" && name != "seq" {
			t.Errorf("the form sends %s, which formValues does not know", name)
		}
	}
	// And the form gives the record back: the ESCO skill and the budget
	// that is none of the form's ranges included.
	back, err := s.web.readValues(sent, "en", shown)
	if err != nil {
		t.Fatal(err)
	}
	if diff := record.Diff(shown, back); len(diff) > 0 {
		t.Errorf("an untouched form changes %+v", diff)
	}
}
