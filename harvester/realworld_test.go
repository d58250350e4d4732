package harvester

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

const site = "https://partner.example"

// TestRealWorldPatterns reads each fixture page of realworld_fixtures_test.go
// with the embedded extractor and checks the practice it describes, or the
// reason it describes none.
func TestRealWorldPatterns(t *testing.T) {
	tests := []struct {
		path     string
		records  int
		warnings []string // substrings, one per expected warning
		check    func(t *testing.T, r Record)
	}{
		{"/kurse/digitalkompetenz/", 1, nil, func(t *testing.T, r Record) {
			if got := texts(r.Title); !slices.Equal(got, []string{"Digitalkompetenz für Seniorinnen@"}) || r.Language != "de" {
				t.Errorf("title %v language %q: the Course, not the WebPage", got, r.Language)
			}
			if r.URL != site+"/kurse/digitalkompetenz/" {
				t.Errorf("url %q: the WebPage's url, not its @id", r.URL)
			}
			if r.Image != site+"/wp-content/uploads/2024/11/kurs.jpg" {
				t.Errorf("image %q: the primary ImageObject's url", r.Image)
			}
			if len(r.Organisations) != 1 || r.Organisations[0] != (Organisation{Name: "Leipziger Städtische Bibliotheken", URL: site + "/"}) {
				t.Errorf("provider by @id: %+v", r.Organisations)
			}
			if !slices.Equal(r.Cities, []string{"Leipzig"}) || !slices.Equal(r.Countries, []string{"DE"}) || !slices.Equal(r.Delivery, []string{"onsite", "online"}) {
				t.Errorf("instances: cities %v countries %v delivery %v", r.Cities, r.Countries, r.Delivery)
			}
			if r.Start != "2025-02-11" || r.End != "2025-03-25" {
				t.Errorf("dates %s–%s, want the instances' earliest start and latest end", r.Start, r.End)
			}
		}},
		{"/node/12", 1, nil, func(t *testing.T, r Record) {
			if r.FirstTitle() != "Workshop: Digitale Bewerbung" || r.URL != site+"/node/12" || r.Identifier != site+"/node/12#event" {
				t.Errorf("title %q url %q id %q", r.FirstTitle(), r.URL, r.Identifier)
			}
			if r.Start != "2025-04-03T10:00:00+0200" || r.End != "2025-04-03T15:00:00+0200" {
				t.Errorf("dates %s–%s", r.Start, r.End)
			}
			if !slices.Equal(r.Cities, []string{"Dresden"}) || !slices.Equal(r.Delivery, []string{"online", "hybrid"}) {
				t.Errorf("cities %v delivery %v (a VirtualLocation is online)", r.Cities, r.Delivery)
			}
			if len(r.Organisations) != 1 || r.Organisations[0].Name != "Volkshochschule Dresden" || r.Image != site+"/sites/default/files/bewerbung.jpg" {
				t.Errorf("organiser %+v image %q", r.Organisations, r.Image)
			}
		}},
		{"/node/13", 0, []string{`schema:Event "Sommerfest im Hof" <` + site + `/node/13#event> is not read as a practice: an event is read as a practice when it is an EducationEvent`}, nil},
		{"/agenda/atelier-internet", 1, nil, func(t *testing.T, r Record) {
			if got := texts(r.Title); !slices.Equal(got, []string{"Atelier numérique : premiers pas sur Internet@fr"}) {
				t.Errorf("title %v", got)
			}
			if r.Start != "2025-05-14T14:00:00+02:00" || !slices.Equal(r.Delivery, []string{"face-to-face"}) {
				t.Errorf("start %q delivery %v", r.Start, r.Delivery)
			}
			if r.Image != site+"/img/atelier.jpg" || !slices.Equal(r.Cities, []string{"Lyon"}) || !slices.Equal(r.Countries, []string{"FR"}) {
				t.Errorf("image %q cities %v countries %v", r.Image, r.Cities, r.Countries)
			}
			if len(r.Organisations) != 1 || r.Organisations[0] != (Organisation{Name: "Bibliothèque municipale", URL: "https://bm.example/"}) {
				t.Errorf("organiser %+v: its url, not its sameAs", r.Organisations)
			}
		}},
		{"/projekte/coding-club", 1, nil, func(t *testing.T, r Record) {
			if r.FirstTitle() != "Coding Club for Girls" || r.Identifier != site+"/projekte/coding-club#project" {
				t.Errorf("title %q id %q", r.FirstTitle(), r.Identifier)
			}
			if len(r.Organisations) != 1 || r.Organisations[0] != (Organisation{Name: "Coding Club e.V.", URL: "https://coding-club.example/"}) {
				t.Errorf("provider from another script: %+v", r.Organisations)
			}
			if !slices.Equal(r.Cities, []string{"Chemnitz"}) || r.URL != "" {
				t.Errorf("place from a third script: %v; url %q (sameAs is no url)", r.Cities, r.URL)
			}
		}},
		{"/p/repair-cafe", 1, nil, func(t *testing.T, r Record) {
			if r.FirstTitle() != "Digital Repair Café" || r.Description[0].Value != "Volunteers help with phones, laptops and apps every Saturday." {
				t.Errorf("title %q description %v from og:", r.FirstTitle(), r.Description)
			}
			if r.Image != site+"/img/repair.jpg" || r.URL != site+"/p/repair-cafe" || !slices.Equal(r.Cities, []string{"Graz"}) {
				t.Errorf("image %q url %q cities %v", r.Image, r.URL, r.Cities)
			}
		}},
		{"/p/two", 1, []string{`schema:Course <` + site + `/p/two#b> is not read as a practice: it has no name`}, func(t *testing.T, r Record) {
			if r.FirstTitle() != "Tablet course" || r.URL != "" {
				t.Errorf("title %q url %q: og: stands in for neither of two practices", r.FirstTitle(), r.URL)
			}
		}},
		{"/p/broken-script", 1, []string{`skipped JSON-LD script 1: JSON-LD syntax error at line 1:52: invalid JSON`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			x := extract(t, baseSource(sourceconfig.ExtractEmbedded), htmlPage(t, site+tt.path, realWorldPage(tt.path, site)))
			if len(x.Records) != tt.records {
				t.Fatalf("%d records, want %d: %+v (warnings %q)", len(x.Records), tt.records, x.Records, x.Warnings)
			}
			if len(x.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", x.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.Contains(x.Warnings[i], w) {
					t.Errorf("warning %q, want it to contain %q", x.Warnings[i], w)
				}
			}
			if tt.check != nil {
				tt.check(t, x.Records[0])
			}
		})
	}
}

// TestSchemaOrgNamespaces: http://schema.org/ and https://schema.org/, as
// context URLs, as @vocab, as full IRIs, in microdata and in RDFa, all read
// alike.
func TestSchemaOrgNamespaces(t *testing.T) {
	place := `"location": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Porto"}}`
	pages := map[string]string{
		"context http":           ldScript(`{"@context": "http://schema.org", "@type": "Course", "name": "Bootcamp", ` + place + `}`),
		"context https slash":    ldScript(`{"@context": "https://schema.org/", "@type": "Course", "name": "Bootcamp", ` + place + `}`),
		"@vocab https":           ldScript(`{"@context": {"@vocab": "https://schema.org/"}, "@type": "Course", "name": "Bootcamp", ` + place + `}`),
		"@vocab http":            ldScript(`{"@context": {"@vocab": "http://schema.org/"}, "@type": "Course", "name": "Bootcamp", ` + place + `}`),
		"full https IRIs":        ldScript(`{"@type": "https://schema.org/Course", "https://schema.org/name": "Bootcamp", "https://schema.org/location": {"@type": "https://schema.org/Place", "https://schema.org/address": {"https://schema.org/addressLocality": "Porto"}}}`),
		"mixed http and https":   ldScript(`{"@context": "https://schema.org", "@type": "http://schema.org/Course", "http://schema.org/name": "Bootcamp", ` + place + `}`),
		"microdata http":         `<div itemscope itemtype="http://schema.org/Course"><span itemprop="name">Bootcamp</span><div itemprop="location" itemscope itemtype="http://schema.org/Place"><div itemprop="address" itemscope itemtype="http://schema.org/PostalAddress"><span itemprop="addressLocality">Porto</span></div></div></div>`,
		"microdata https":        `<div itemscope itemtype="https://schema.org/Course"><span itemprop="name">Bootcamp</span><div itemprop="location" itemscope itemtype="https://schema.org/Place"><div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="addressLocality">Porto</span></div></div></div>`,
		"RDFa https vocab":       `<div vocab="https://schema.org/" typeof="Course"><span property="name">Bootcamp</span><div property="location" typeof="Place"><div property="address" typeof="PostalAddress"><span property="addressLocality">Porto</span></div></div></div>`,
		"microdata untyped item": `<div itemscope itemtype="https://schema.org/Course"><span itemprop="name">Bootcamp</span><div itemprop="location" itemscope><div itemprop="address" itemscope><span itemprop="addressLocality">Porto</span></div></div></div>`,
	}
	for name, body := range pages {
		t.Run(name, func(t *testing.T) {
			x := extract(t, baseSource(sourceconfig.ExtractEmbedded), htmlPage(t, site+"/c", `<html lang="en"><body>`+body+`</body></html>`))
			if len(x.Records) != 1 || x.Records[0].FirstTitle() != "Bootcamp" || !slices.Equal(x.Records[0].Cities, []string{"Porto"}) {
				t.Errorf("records %+v warnings %q", x.Records, x.Warnings)
			}
		})
	}
}

// TestRealWorldHarvest harvests the fixture pages from a site on loopback
// and checks what the harvest maps and reports: each practice in the
// source's graph, and in the run's warnings the reasons why pages gave
// none, the page that names the broken script.
func TestRealWorldHarvest(t *testing.T) {
	paths := make([]string, 0, len(realWorldPages))
	for p := range realWorldPages {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			for _, p := range paths {
				fmt.Fprintf(w, `<a class="p" href="%s">%s</a>`, p, p)
			}
			return
		}
		if _, ok := realWorldPages[r.URL.Path]; !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, realWorldPage(r.URL.Path, srv.URL))
	}))
	t.Cleanup(srv.Close)

	iris, _ := vocab.NewIRIs("http://localhost:8080/")
	sink := NewMemorySink()
	src := sourceconfig.Source{ID: "cms-partner", StartURLs: []string{srv.URL + "/"}, Extractor: sourceconfig.ExtractEmbedded, Local: true,
		Crawl: sourceconfig.Crawl{Links: "a.p"}, Politeness: sourceconfig.Politeness{Delay: time.Millisecond, Parallelism: 2, RetryDelay: time.Millisecond}}
	h, err := New([]sourceconfig.Source{src}, sink, Options{Mapper: NewMapper(iris, nil)})
	if err != nil {
		t.Fatal(err)
	}
	run := runOnce(t, h, src.ID)
	if run.Status != StatusOK || run.Records != 7 || len(run.Errors) != 0 {
		t.Fatalf("status %s (%s), %d records, errors %+v", run.Status, run.Reason, run.Records, run.Errors)
	}
	warnings := map[string]string{}
	for _, w := range run.Warnings {
		warnings[strings.TrimPrefix(w.URL, srv.URL)] += w.Err
	}
	for path, want := range map[string]string{
		"/node/13":         `"Sommerfest im Hof"`,
		"/p/two":           "has no name",
		"/p/broken-script": "skipped JSON-LD script 1",
	} {
		if !strings.Contains(warnings[path], want) {
			t.Errorf("report for %s: %q, want %q", path, warnings[path], want)
		}
	}

	ts, err := sink.Graph(context.Background(), iris.SourceGraph(src.ID))
	if err != nil {
		t.Fatal(err)
	}
	g := rdf.NewGraph(ts...)
	byTitle := map[string]rdf.Term{}
	for _, p := range g.Subjects(rdf.Type, iris.Terms().Practice) {
		for _, title := range g.Objects(p, vocab.DCTTitle) {
			byTitle[title.Value] = p
		}
	}
	yoast, drupal, atelier := byTitle["Digitalkompetenz für Seniorinnen"], byTitle["Workshop: Digitale Bewerbung"], byTitle["Atelier numérique : premiers pas sur Internet"]
	if yoast.IsZero() || drupal.IsZero() || atelier.IsZero() || byTitle["Digital Repair Café"].IsZero() {
		t.Fatalf("practices by title: %v", byTitle)
	}
	checks := []struct {
		name string
		s, p rdf.Term
		want rdf.Term
	}{
		{"Yoast course page", yoast, vocab.SchemaURL, rdf.IRI(srv.URL + "/kurse/digitalkompetenz/")},
		{"Yoast course image", yoast, schema("image"), rdf.IRI(srv.URL + "/wp-content/uploads/2024/11/kurs.jpg")},
		{"Yoast course start", yoast, vocab.SchemaStartDate, rdf.Literal("2025-02-11", rdf.XSDDate)},
		{"Drupal event start, offset without colon", drupal, vocab.SchemaStartDate, rdf.Literal("2025-04-03T10:00:00+02:00", rdf.XSDDateTime)},
		{"Drupal event image", drupal, schema("image"), rdf.IRI(srv.URL + "/sites/default/files/bewerbung.jpg")},
		{"microdata image with spaces", atelier, schema("image"), rdf.IRI(srv.URL + "/img/atelier.jpg")},
		{"microdata start", atelier, vocab.SchemaStartDate, rdf.Literal("2025-05-14T14:00:00+02:00", rdf.XSDDateTime)},
	}
	for _, c := range checks {
		if got := g.Objects(c.s, c.p); !slices.Contains(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	deliveries := func(p rdf.Term) []string {
		var ids []string
		for _, d := range g.Objects(p, iris.Terms().DeliveryMode) {
			ids = append(ids, d.Value[strings.LastIndexByte(d.Value, '/')+1:])
		}
		slices.Sort(ids)
		return ids
	}
	for p, want := range map[rdf.Term][]string{yoast: {"face-to-face", "online"}, drupal: {"hybrid", "online"}, atelier: {"face-to-face"}} {
		if got := deliveries(p); !slices.Equal(got, want) {
			t.Errorf("delivery of %s: %v, want %v", p, got, want)
		}
	}
}

// TestEventsAsPractices: which events are practices, and what the report
// says of those that are not.
func TestEventsAsPractices(t *testing.T) {
	event := func(extra string) string {
		return ldScript(`{"@context": "https://schema.org", "@id": "` + site + `/e#1", ` + extra + `}`)
	}
	tests := []struct {
		name, page string
		practice   bool
	}{
		{"EducationEvent", event(`"@type": "EducationEvent", "name": "Open day"`), true},
		{"Event that says what it teaches", event(`"@type": "Event", "name": "Open day", "teaches": "online banking"`), true},
		{"Event with educationalLevel", event(`"@type": "Event", "name": "Open day", "educationalLevel": "beginner"`), true},
		{"additionalType as IRI", event(`"@type": "Event", "name": "Open day", "additionalType": "https://schema.org/EducationEvent"`), true},
		{"additionalType as text", event(`"@type": "Event", "name": "Open day", "additionalType": {"@value": "http://schema.org/Course"}`), true},
		{"Event called a workshop", event(`"@type": "SocialEvent", "name": "Smartphone workshop"`), true},
		{"Event called a Kurs", event(`"@type": "Event", "name": "Tablet-Kurs für Einsteiger"`), true},
		{"Event with training keywords", event(`"@type": "Event", "name": "Digital Tuesday", "keywords": "Schulung, Senioren"`), true},
		{"Hackathon without training", event(`"@type": "Hackathon", "name": "Civic data weekend"`), false},
		{"concert", event(`"@type": "MusicEvent", "name": "Jazz night"`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extract(t, baseSource(sourceconfig.ExtractJSONLD), htmlPage(t, site+"/e", `<html lang="en"><head>`+tt.page+`</head></html>`))
			if got := len(x.Records) == 1; got != tt.practice {
				t.Fatalf("practice %v, want %v (records %+v warnings %q)", got, tt.practice, x.Records, x.Warnings)
			}
			if !tt.practice && (len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "<"+site+"/e#1> is not read as a practice")) {
				t.Errorf("warnings %q, want the reason", x.Warnings)
			}
			if tt.practice && len(x.Warnings) != 0 {
				t.Errorf("warnings %q", x.Warnings)
			}
		})
	}
	t.Run("a session named before its training event", func(t *testing.T) {
		page := ldScript(`[{"@context": "https://schema.org", "@type": "Event", "@id": "#s1", "name": "Session 1", "superEvent": {"@id": "#w"}},
{"@context": "https://schema.org", "@type": "Event", "@id": "#w", "name": "Coding workshop"}]`)
		x := extract(t, baseSource(sourceconfig.ExtractJSONLD), htmlPage(t, site+"/w", `<html lang="en"><head>`+page+`</head></html>`))
		if len(x.Records) != 1 || x.Records[0].FirstTitle() != "Coding workshop" || len(x.Warnings) != 0 {
			t.Errorf("records %+v warnings %q", x.Records, x.Warnings)
		}
	})
	t.Run("two courses that name each other as instances stay two practices", func(t *testing.T) {
		page := ldScript(`[{"@context": "https://schema.org", "@type": "Course", "@id": "#a", "name": "A", "hasCourseInstance": {"@id": "#b"}},
{"@context": "https://schema.org", "@type": "Course", "@id": "#b", "name": "B", "hasCourseInstance": {"@id": "#a"}}]`)
		x := extract(t, baseSource(sourceconfig.ExtractJSONLD), htmlPage(t, site+"/ab", `<html lang="en"><head>`+page+`</head></html>`))
		if len(x.Records) != 2 {
			t.Errorf("records %+v warnings %q", x.Records, x.Warnings)
		}
	})
	t.Run("sub-events are the course's", func(t *testing.T) {
		page := ldScript(`{"@context": "https://schema.org", "@type": "Course", "@id": "#c", "name": "Coding for kids",
"subEvent": [{"@type": "Event", "name": "Session 1", "startDate": "2025-09-02", "location": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Gent"}}},
             {"@type": "Event", "name": "Session 2", "startDate": "2025-09-09", "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"}]}`)
		x := extract(t, baseSource(sourceconfig.ExtractJSONLD), htmlPage(t, site+"/c", `<html lang="en"><head>`+page+`</head></html>`))
		if len(x.Records) != 1 || len(x.Warnings) != 0 {
			t.Fatalf("records %+v warnings %q", x.Records, x.Warnings)
		}
		if r := x.Records[0]; r.Start != "2025-09-02" || r.End != "" || !slices.Equal(r.Cities, []string{"Gent"}) || !slices.Equal(r.Delivery, []string{"online"}) {
			t.Errorf("record %+v", r)
		}
	})
}
