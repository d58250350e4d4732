package publisher

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// fakeSession signs in whoever sends "Cookie: who=NAME".
type fakeSession struct{}

func (fakeSession) Visitor(r *http.Request) (string, []Link) {
	c, err := r.Cookie("who")
	if err != nil {
		return "", []Link{{Label: "Sign in", Href: "/login"}}
	}
	return c.Value, []Link{{Label: "Dashboard of " + c.Value, Href: "/dashboard"}}
}

func (fakeSession) Actions(r *http.Request, practice rdf.Term) []Link {
	if _, err := r.Cookie("who"); err != nil {
		return nil
	}
	return []Link{{Label: "History", Href: practice.Value + "/history"}}
}

func TestFeed(t *testing.T) {
	f := newFixture(t)
	g := f.iri("/graph/source/test")
	dt := func(s string) rdf.Term { return rdf.Literal(s, rdf.XSDDateTime) }
	f.add(
		rdf.Quad{S: f.iri("/practice/mikado"), P: vocab.DCTIssued, O: dt("2026-12-01T10:00:00Z"), G: g},
		rdf.Quad{S: f.iri("/practice/passport4work"), P: vocab.DCTIssued, O: dt("2026-12-03T10:00:00Z"), G: g},
		rdf.Quad{S: f.iri("/practice/mikado"), P: rdf.Type, O: f.iris.Terms().ValidatedGoodPractice, G: f.iris.EditorialGraph()},
	)
	type feed struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Entries []struct {
			ID         string `xml:"id"`
			Title      string `xml:"title"`
			Published  string `xml:"published"`
			Categories []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	read := func(target string) feed {
		t.Helper()
		w := f.get(target)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", target, w.Code, w.Header().Get("Content-Type"))
		}
		var doc feed
		if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v\n%s", target, err, w.Body)
		}
		return doc
	}
	all := read("/feed.atom")
	if len(all.Entries) < 2 || all.Entries[0].ID != f.iri("/practice/passport4work").Value || all.Entries[1].ID != f.iri("/practice/mikado").Value {
		t.Fatalf("feed order: %+v", all.Entries)
	}
	var good bool
	for _, c := range all.Entries[1].Categories {
		good = good || c.Term == f.iris.Terms().ValidatedGoodPractice.Value
	}
	if !good {
		t.Error("the validated good practice has no category saying so")
	}
	de := read("/feed.atom?country=DE")
	for _, e := range de.Entries {
		if e.ID == f.iri("/practice/passport4work").Value {
			t.Error("the German feed has a Dutch practice")
		}
	}
	if !strings.Contains(de.Title, "Germany") || !strings.HasSuffix(de.ID, "feed.atom?country=DE") {
		t.Errorf("German feed title %q id %q", de.Title, de.ID)
	}
	area := read("/feed.atom?skill=1")
	if len(area.Entries) == 0 || len(area.Entries) >= len(all.Entries)+1 {
		t.Errorf("DigComp 1 feed has %d entries", len(area.Entries))
	}
	if w := f.get("/feed.atom?skill=9.9"); w.Code != http.StatusBadRequest {
		t.Errorf("unknown area: %d", w.Code)
	}
	if w := f.get("/feed.atom", "If-None-Match: "+f.get("/feed.atom").Header().Get("ETag")); w.Code != http.StatusNotModified {
		t.Errorf("conditional feed request: %d", w.Code)
	}
}

func TestMergedPracticeRedirects(t *testing.T) {
	f := newFixture(t)
	dup := f.iri("/practice/merged-away")
	f.add(rdf.Quad{S: dup, P: vocab.DCTIsReplacedBy, O: f.iri("/practice/mikado"), G: f.iris.EditorialGraph()})
	for _, target := range []string{"/practice/merged-away", "/practice/merged-away.ttl"} {
		w := f.get(target)
		if w.Code != http.StatusMovedPermanently || !strings.HasSuffix(w.Header().Get("Location"), "/practice/mikado"+strings.TrimPrefix(target, "/practice/merged-away")) {
			t.Errorf("%s: %d → %q", target, w.Code, w.Header().Get("Location"))
		}
	}
	if w := f.get("/practice/mikado"); w.Code != http.StatusOK {
		t.Errorf("kept practice: %d", w.Code)
	}
}

func TestSessionPersonalisesPages(t *testing.T) {
	f := newFixture(t, fixtureOptions{session: fakeSession{}})
	anon := f.get("/practice/mikado", "Accept: text/html")
	if !strings.Contains(anon.Body.String(), `href="/login"`) || anon.Header().Get("Cache-Control") != "public, no-cache" {
		t.Errorf("anonymous page: %s", anon.Header())
	}
	if strings.Contains(anon.Body.String(), "/history") {
		t.Error("anonymous page offers actions")
	}
	ann := f.get("/practice/mikado", "Accept: text/html", "Cookie: who=ann")
	body := ann.Body.String()
	if !strings.Contains(body, "Dashboard of ann") || !strings.Contains(body, "mikado/history") {
		t.Errorf("signed-in page lacks the visitor's links")
	}
	if ann.Header().Get("Cache-Control") != "private, no-cache" || !slices.Contains(ann.Header().Values("Vary"), "Cookie") {
		t.Errorf("signed-in page headers: %v", ann.Header())
	}
	if ann.Header().Get("ETag") == anon.Header().Get("ETag") {
		t.Error("the signed-in page has the anonymous page's ETag")
	}
	// The anonymous copy does not validate for a signed-in visitor.
	if w := f.get("/practice/mikado", "Accept: text/html", "Cookie: who=ann", "If-None-Match: "+anon.Header().Get("ETag")); w.Code != http.StatusOK {
		t.Errorf("anonymous ETag revalidated a signed-in page: %d", w.Code)
	}
}

func TestPreview(t *testing.T) {
	f := newFixture(t)
	p := f.iri("/practice/stadt-leipzig-draft")
	triples := []rdf.Triple{
		{S: p, P: rdf.Type, O: f.iris.Terms().Practice},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString("Entwurf <b>fett</b>", "de")},
		{S: p, P: vocab.SchemaTeaches, O: f.iris.Concept(vocab.DigComp, "4")},
	}
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/contribute/x/preview", strings.NewReader("ignored"))
	f.srv.Preview(w, r, p, triples, "Vorschau: noch nicht veröffentlicht")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "Vorschau: noch nicht veröffentlicht") ||
		!strings.Contains(body, "Entwurf &lt;b&gt;fett&lt;/b&gt;") || !strings.Contains(body, `href="/vocab/digcomp/4"`) {
		t.Fatalf("preview: %d\n%s", w.Code, body)
	}
	if w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("ETag") != "" {
		t.Errorf("preview headers: %v", w.Header())
	}
	// Nothing of the preview reached the store.
	if got := f.get("/practice/stadt-leipzig-draft"); got.Code != http.StatusNotFound {
		t.Errorf("the previewed practice is served: %d", got.Code)
	}
}

// addNeed puts a published need into the fixture's needs graph.
func (f *fixture) addNeed() rdf.Term {
	t := f.iris.Terms()
	nd := f.iri("/need/stadt-leipzig-older-people")
	place := rdf.IRI(nd.Value + "#place-leipzig")
	g := f.iris.NeedsGraph()
	f.add(
		rdf.Quad{S: nd, P: rdf.Type, O: t.Need, G: g},
		rdf.Quad{S: nd, P: vocab.DCTTitle, O: rdf.LangString("Digitale Kompetenzen für Ältere", "de"), G: g},
		rdf.Quad{S: nd, P: t.SeeksTargetGroup, O: f.iris.Concept(vocab.TargetGroups, "older-people"), G: g},
		rdf.Quad{S: nd, P: vocab.LOCNLocation, O: place, G: g},
		rdf.Quad{S: nd, P: vocab.PROVWasAttributedTo, O: f.iri("/organisation/stadt-leipzig"), G: g},
		rdf.Quad{S: place, P: vocab.LOCNGeographicName, O: rdf.String("Leipzig"), G: g},
		rdf.Quad{S: place, P: vocab.WGS84Lat, O: rdf.Literal("51.34", rdf.XSDDecimal), G: g},
		rdf.Quad{S: place, P: vocab.WGS84Long, O: rdf.Literal("12.37", rdf.XSDDecimal), G: g},
	)
	return nd
}

func TestNeedsAndLineageLayers(t *testing.T) {
	f := newFixture(t)
	nd := f.addNeed()
	var needs struct {
		Features []struct {
			Geometry   *struct{ Coordinates []float64 }
			Properties struct {
				IRI, Title, Place string
				TargetGroups      []struct{ Label string }
			}
		}
	}
	w := f.get("/map/needs.geojson")
	if err := json.Unmarshal(w.Body.Bytes(), &needs); err != nil || w.Code != http.StatusOK {
		t.Fatalf("needs layer: %d %v", w.Code, err)
	}
	if len(needs.Features) != 1 || needs.Features[0].Properties.IRI != nd.Value || needs.Features[0].Geometry == nil ||
		needs.Features[0].Properties.Place != "Leipzig" || len(needs.Features[0].Properties.TargetGroups) != 1 {
		t.Errorf("needs layer: %+v", needs.Features)
	}
	var lineage struct {
		Features []struct {
			Geometry   struct{ Type string }
			Properties struct{ From, To string }
		}
	}
	w = f.get("/map/lineage.geojson")
	if err := json.Unmarshal(w.Body.Bytes(), &lineage); err != nil {
		t.Fatal(err)
	}
	pairs := map[string]bool{}
	for _, ft := range lineage.Features {
		if ft.Geometry.Type != "LineString" {
			t.Errorf("lineage geometry %s", ft.Geometry.Type)
		}
		pairs[ft.Properties.From+" → "+ft.Properties.To] = true
	}
	if !pairs[f.iri("/practice/digital-empowerment").Value+" → "+f.iri("/practice/mikado").Value] {
		t.Errorf("lineage arcs: %v", pairs)
	}
	// The need's IRI dereferences.
	if w := f.get("/need/stadt-leipzig-older-people", "Accept: text/turtle"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Need") {
		t.Errorf("need as Turtle: %d", w.Code)
	}
	if w := f.get("/need/stadt-leipzig-older-people", "Accept: text/html"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Digitale Kompetenzen für Ältere") {
		t.Errorf("need page: %d", w.Code)
	}
	// The practice page shows the family tree, the practice itself marked.
	body := f.get("/practice/mikado", "Accept: text/html").Body.String()
	i := strings.Index(body, "Family tree")
	if i < 0 || !strings.Contains(body[i:], `href="/practice/digital-empowerment"`) || !strings.Contains(body[i:], "★") {
		t.Errorf("no family tree on the page of an adaptation")
	}
}
