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
)

// publishRecord contributes rec as a member of key's organisation and has
// an editor approve it.
func (s *site) publishRecord(key string, rec record.Practice) string {
	s.t.Helper()
	ctx := context.Background()
	u := s.users[key]
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

// refreshMatch brings the matching index up to the store.
func (s *site) refreshMatch() {
	s.t.Helper()
	if err := s.web.opts.Match.Refresh(context.Background()); err != nil {
		s.t.Fatal(err)
	}
}

// needsFixture publishes three practices in three languages: one for
// refugee women in Berlin (English, by Lyon's member), one for older
// people in Leipzig (German, by Leipzig's member), a coding club for
// children in Lyon (French, by Lyon's member).
func needsFixture(t *testing.T) (s *site, refugees, seniors, children string) {
	s = newSite(t, withMatch())
	refugees = s.publishRecord("other", record.Practice{Language: "en",
		Title:       record.Texts{"en": "Digital skills for refugee women"},
		Description: record.Texts{"en": "Multipliers learn how to help refugee women find information online and communicate safely; face-to-face and online."},
		Skills:      []string{"1", "2"}, TargetGroups: []string{"refugee-women"},
		Places: []record.Place{{Name: "Berlin", Region: "DE300", Country: "DE"}}})
	seniors = s.publishRecord("contributor", record.Practice{Language: "de",
		Title:       record.Texts{"de": "Smartphone-Sprechstunde für Ältere"},
		Description: record.Texts{"de": "Ehrenamtliche helfen älteren Menschen am Smartphone."},
		Skills:      []string{"1"}, TargetGroups: []string{"older-people"},
		Places: []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}}})
	children = s.publishRecord("other", record.Practice{Language: "fr",
		Title:       record.Texts{"fr": "Club de code pour enfants"},
		Description: record.Texts{"fr": "Les enfants apprennent à programmer des jeux."},
		Skills:      []string{"3"}, TargetGroups: []string{"children"},
		Places: []record.Place{{Name: "Lyon", Region: "FRK26", Country: "FR"}}})
	s.refreshMatch()
	return s, refugees, seniors, children
}

// matchTitles are the titles of a page's ranking, in order.
func matchTitles(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`class="match-title" href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestNeedThroughTheSite(t *testing.T) {
	s, refugees, seniors, _ := needsFixture(t)
	anna := s.as("contributor")

	// Anna (Leipzig) states a need in German and publishes it.
	res, body := anna.post("/needs/new", url.Values{"language": {"de"}, "title": {"Digitale Teilhabe für geflüchtete Frauen"},
		"description": {"Wir suchen ein Angebot, mit dem geflüchtete Frauen digitale Kompetenzen erwerben, in Präsenz und online."},
		"place_name":  {"Leipzig"}, "publish": {"1"}})
	m := regexp.MustCompile(`^/needs/([^?]+)\?done=published$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("save need: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	id := m[1]

	// Her need's page ranks the English practice for refugee women first,
	// says why in German, and offers to adapt it for this need; her own
	// organisation's practice has no such offer.
	res, page := anna.get("/needs/" + id + "?lang=de")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("need page: %d", res.StatusCode)
	}
	titles := matchTitles(page)
	if len(titles) == 0 || titles[0] != "Digital skills for refugee women" {
		t.Fatalf("ranking %q, want the practice for refugee women first", titles)
	}
	first := strings.Split(page, `<li class="match">`)[1]
	for _, want := range []string{"vermittelt DigComp 1 und 2", "Zielgruppe: Geflüchtete und zugewanderte Frauen", "/practice/" + refugees + "/adapt?need=" + id} {
		if !strings.Contains(first, want) {
			t.Errorf("the first match lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(page, "/practice/"+seniors+"/adapt") {
		t.Error("Leipzig is offered to adapt its own practice")
	}
	if !strings.Contains(page, "Erkannt:") {
		t.Error("the page does not say what it understood of the text")
	}

	// The adapt page preselects the need and proposes its place.
	_, adapt := anna.get("/practice/" + refugees + "/adapt?need=" + id)
	if !strings.Contains(adapt, `<option value="`+id+`" selected>`) || !strings.Contains(adapt, `name="place_name" value="Leipzig"`) {
		t.Error("the adapt page does not start from the need")
	}

	// The published need is linked data, attributed to the organisation,
	// without a person.
	res, ttl := s.as("").get("/need/"+id, "Accept: text/turtle")
	if res.StatusCode != http.StatusOK || !strings.Contains(ttl, "Need") || !strings.Contains(ttl, "geflüchtete Frauen") {
		t.Fatalf("public need (%d):\n%s", res.StatusCode, ttl)
	}
	for _, private := range []string{"anna@leipzig.example", s.users["contributor"].ID, "Contributor"} {
		if strings.Contains(ttl, private) {
			t.Errorf("the public need holds %q", private)
		}
	}
	if _, geo := s.as("").get("/map/needs.geojson"); !strings.Contains(geo, id) {
		t.Error("the published need is not on the needs layer")
	}

	// Unpublished again, it leaves the public data.
	res, _ = anna.post("/needs/"+id+"/edit", url.Values{"language": {"de"}, "title": {"Digitale Teilhabe für geflüchtete Frauen"}, "place_name": {"Leipzig"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	if n := s.quadsAbout(s.iris.Need(id)); n != 0 {
		t.Errorf("%d quads about the withdrawn need remain public", n)
	}
	_, list := anna.get("/needs")
	if !strings.Contains(list, "/needs/"+id) {
		t.Error("the need is not in the organisation's list")
	}

	// Deleted, it is gone.
	res, _ = anna.post("/needs/"+id+"/delete", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res, _ := anna.get("/needs/" + id); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleted need: %d", res.StatusCode)
	}
}

func TestNeedFormKeepsInputOnErrors(t *testing.T) {
	s, _, _, _ := needsFixture(t)
	res, page := s.as("contributor").post("/needs/new", url.Values{"language": {"de"}, "title": {""},
		"description": {"Kurse für Ältere"}, "targetGroups": {"older-people"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a need without title: %d", res.StatusCode)
	}
	if !strings.Contains(page, "Kurse für Ältere") || !strings.Contains(page, `value="older-people" checked`) {
		t.Error("the form lost what was typed")
	}
}

func TestFindWithoutAccount(t *testing.T) {
	s, refugees, _, children := needsFixture(t)
	anon := s.as("")
	res, page := anon.get("/find?" + url.Values{"q": {"Programmieren für Kinder"}, "in": {"de"}, "place": {"Lyon"}, "lang": {"fr"}}.Encode())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("find: %d", res.StatusCode)
	}
	titles := matchTitles(page)
	if len(titles) == 0 || titles[0] != "Club de code pour enfants" {
		t.Fatalf("ranking %q, want the coding club first", titles)
	}
	if !strings.Contains(page, "enfants</li>") || !strings.Contains(page, "<li>dans la même région (Lyon)</li>") || !strings.Contains(page, "DigComp 3.4 Programming") {
		t.Errorf("the reasons are not in French:\n%s", page[strings.Index(page, `id="matches"`):])
	}
	if strings.Contains(page, "/adapt") {
		t.Error("anonymous readers are offered to adapt")
	}
	if strings.Contains(page, "/needs/new?") {
		t.Error("anonymous readers are offered to save a need")
	}
	// Signed in, the same search offers both.
	_, page = s.as("contributor").get("/find?" + url.Values{"q": {"digital skills for refugee women"}, "in": {"en"}}.Encode())
	if !strings.Contains(page, "/practice/"+refugees+"/adapt") || !strings.Contains(page, "/needs/new?q=digital") {
		t.Error("a member is not offered to adapt or to save the need")
	}
	_ = children

	// A place nobody knows is a clear error, not an empty list.
	res, page = anon.get("/find?place=Atlantis+Nowhere")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="match-problem"`) || !strings.Contains(page, "Atlantis") {
		t.Errorf("unknown place: %d", res.StatusCode)
	}
}

func TestSimilarPracticesOnPracticePages(t *testing.T) {
	s, refugees, seniors, children := needsFixture(t)
	_, page := s.as("").get("/practice/"+seniors, "Accept-Language: de")
	i := strings.Index(page, "Similar practices")
	if i < 0 {
		t.Fatal("no similar practices on the practice page")
	}
	section := page[i:]
	section = section[:strings.Index(section, "</section>")]
	if !strings.Contains(section, `"/practice/`+refugees+`"`) || !strings.Contains(section, "vermittelt DigComp 1") {
		t.Errorf("similar practices of the smartphone consultations:\n%s", section)
	}
	if strings.Contains(section, `"/practice/`+seniors+`"`) || strings.Contains(section, `"/practice/`+children+`"`) {
		t.Errorf("the practice itself, or one with nothing in common, is listed as similar:\n%s", section)
	}
	// A practice published after the index was built gets its similar
	// practices too: the hook makes the index catch up.
	fresh := s.publishRecord("other", record.Practice{Language: "en", Title: record.Texts{"en": "Smartphone help for older people"},
		Description: record.Texts{"en": "Volunteers help older people with their phones."}, Skills: []string{"1"},
		TargetGroups: []string{"older-people"}, Places: []record.Place{{Name: "Dresden", Region: "DED21", Country: "DE"}}})
	_, page = s.as("").get("/practice/" + fresh)
	if !strings.Contains(page, "Similar practices") || !strings.Contains(page, `"/practice/`+seniors+`"`) {
		t.Error("a new practice has no similar practices")
	}
}

func TestOfferHelpForAPublishedNeed(t *testing.T) {
	s, refugees, seniors, _ := needsFixture(t)
	anna, luc := s.as("contributor"), s.as("other")
	res, _ := anna.post("/needs/new", url.Values{"language": {"de"}, "title": {"Digitale Teilhabe für geflüchtete Frauen"},
		"targetGroups": {"refugee-women"}, "place_name": {"Leipzig"}, "publish": {"1"}})
	id := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/needs/"), "?done=published")

	// The need's public page offers help to others, editing to its own.
	_, page := luc.get("/need/" + id)
	if !strings.Contains(page, `href="/needs/`+id+`/offer"`) {
		t.Fatal("no offer link on the need's page for another organisation")
	}
	if _, page = anna.get("/need/" + id); !strings.Contains(page, `href="/needs/`+id+`/edit"`) || strings.Contains(page, "/offer\"") {
		t.Error("the need's own organisation is not offered to edit it, or is offered to help itself")
	}

	// Lyon offers its practice for refugee women, listed first.
	res, page = luc.get("/needs/" + id + "/offer")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("offer page: %d", res.StatusCode)
	}
	first := regexp.MustCompile(`<select id="o-practice"[^>]*><option value="([^"]+)"`).FindStringSubmatch(page)
	if first == nil || first[1] != refugees {
		t.Errorf("first practice offered: %v, want %s", first, refugees)
	}
	if strings.Contains(page, `value="`+seniors+`"`) {
		t.Error("Lyon may offer Leipzig's practice")
	}
	if res, _ := luc.post("/needs/"+id+"/offer", url.Values{"practice": {seniors}, "message": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("offering another organisation's practice: %d", res.StatusCode)
	}
	if res, _ := luc.post("/needs/"+id+"/offer", url.Values{"practice": {refugees}, "message": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an offer without a message: %d", res.StatusCode)
	}
	res, _ = luc.post("/needs/"+id+"/offer", url.Values{"practice": {refugees}, "message": {"Nous partageons volontiers nos supports."}})
	m := regexp.MustCompile(`^/transfers/([^?]+)\?done=transfer_offered$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("offer: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	tr := m[1]

	// Leipzig is told by e-mail, without Lyon's address.
	var told bool
	for _, msg := range s.mail.all() {
		if strings.Contains(msg.To, "anna@leipzig.example") && strings.Contains(msg.Subject, "Digital skills for refugee women") {
			told = true
			if strings.Contains(msg.Text, "luc@lyon.example") || !strings.Contains(msg.Text, "/transfers/"+tr) {
				t.Errorf("offer e-mail:\n%s", msg.Text)
			}
		}
	}
	if !told {
		t.Error("the need's organisation was not told of the offer")
	}

	// Leipzig accepts the offer; Lyon cannot accept for it.
	if _, page = luc.get("/transfers/" + tr); strings.Contains(page, `value="in-progress"`) || !strings.Contains(page, `value="withdrawn"`) {
		t.Error("the offering side may accept its own offer, or not withdraw it")
	}
	_, page = anna.get("/transfers/" + tr)
	if !strings.Contains(page, `id="offered"`) || !strings.Contains(page, `name="state" value="in-progress"`) {
		t.Fatal("the need's organisation cannot accept the offer")
	}
	if res, _ := anna.post("/transfers/"+tr+"/state", url.Values{"state": {"in-progress"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept the offer: %d", res.StatusCode)
	}
	if res, _ := luc.post("/transfers/"+tr+"/state", url.Values{"state": {"adapted"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark adapted: %d", res.StatusCode)
	}
	done, err := s.review.Transfer(context.Background(), tr)
	if err != nil || done.Adapted == "" {
		t.Fatalf("transfer after adaptation: %+v %v", done, err)
	}
	_, nt := s.as("").get(strings.TrimPrefix(done.Adapted, strings.TrimSuffix(s.iris.Base(), "/")), "Accept: application/n-triples")
	if !strings.Contains(nt, "<"+done.Adapted+"> <"+s.iris.Terms().AdaptedFrom.Value+"> <"+s.iris.Practice(refugees).Value+">") ||
		!strings.Contains(nt, "Leipzig") {
		t.Errorf("the adaptation in Leipzig:\n%s", nt)
	}
}
