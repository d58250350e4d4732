package harvester

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// fixturePage loads testdata/extract/name as if fetched from rawURL.
func fixturePage(t *testing.T, name, rawURL, contentType string) *Page {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "extract", name))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(rawURL)
	mt := contentType
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	p := &Page{URL: u, ContentType: contentType, MediaType: mt, Body: body, Header: http.Header{}}
	if isHTMLType(mt) {
		decoded, _, err := decodeHTML(body, contentType)
		if err != nil {
			t.Fatal(err)
		}
		p.Body = decoded
	}
	return p
}

func extract(t *testing.T, src sourceconfig.Source, p *Page) Extraction {
	t.Helper()
	if err := src.Validate("test"); err != nil {
		t.Fatal(err)
	}
	ex, err := newExtractor(&src)
	if err != nil {
		t.Fatal(err)
	}
	x, err := safeExtract(ex, p)
	if err != nil {
		t.Fatalf("extract %s: %v", p.URL, err)
	}
	return x
}

func baseSource(extractor string) sourceconfig.Source {
	return sourceconfig.Source{ID: "t", StartURLs: []string{"https://partner.example/"}, Extractor: extractor}
}

func texts(ts []Text) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Value+"@"+t.Lang)
	}
	return out
}

func TestHTMLExtractors(t *testing.T) {
	tests := []struct {
		name, extractor, file string
		check                 func(t *testing.T, rs []Record)
	}{
		{"microdata", sourceconfig.ExtractMicrodata, "microdata.html", func(t *testing.T, rs []Record) {
			if len(rs) != 1 {
				t.Fatalf("%d records, want 1", len(rs))
			}
			r := rs[0]
			if r.FirstTitle() != "Digital Seniors Vienna" || r.Language != "en" {
				t.Errorf("title %q lang %q", r.FirstTitle(), r.Language)
			}
			if r.Identifier != "https://partner.example/courses/digital-seniors" || r.URL != "https://partner.example/courses/digital-seniors" {
				t.Errorf("identifier %q url %q", r.Identifier, r.URL)
			}
			if !slices.Equal(r.Cities, []string{"Vienna"}) || !slices.Equal(r.Countries, []string{"AT"}) {
				t.Errorf("cities %v countries %v", r.Cities, r.Countries)
			}
			if r.Latitude == nil || *r.Latitude != 48.2082 || r.Longitude == nil || *r.Longitude != 16.3738 {
				t.Errorf("coordinates %v %v", r.Latitude, r.Longitude)
			}
			if len(r.Organisations) != 1 || r.Organisations[0].Name != "Büchereien Wien" || r.Organisations[0].URL != "https://www.buechereien.wien.gv.at/" {
				t.Errorf("organisations %+v", r.Organisations)
			}
			if !slices.Equal(r.Skills, []string{"online banking", "digital literacy"}) || !slices.Equal(r.TargetGroups, []string{"older people"}) {
				t.Errorf("skills %v groups %v", r.Skills, r.TargetGroups)
			}
			if r.Start != "2024-03-01" {
				t.Errorf("start %q", r.Start)
			}
		}},
		{"rdfa", sourceconfig.ExtractRDFa, "rdfa.html", func(t *testing.T, rs []Record) {
			if len(rs) != 1 {
				t.Fatalf("%d records, want 1", len(rs))
			}
			r := rs[0]
			if r.Identifier != "https://partner.example/p/werkstatt#digitalwerkstatt" || r.Language != "de" {
				t.Errorf("identifier %q lang %q", r.Identifier, r.Language)
			}
			if got := texts(r.Title); !slices.Equal(got, []string{"Digitalwerkstatt Leipzig@de"}) {
				t.Errorf("title %v", got)
			}
			if r.URL != "https://digitalwerkstatt.example/" || !slices.Equal(r.Cities, []string{"Leipzig"}) || r.Latitude == nil {
				t.Errorf("url %q cities %v lat %v", r.URL, r.Cities, r.Latitude)
			}
			if len(r.Organisations) != 1 || r.Organisations[0].Name != "Stadtbibliothek Leipzig" {
				t.Errorf("organisations %+v", r.Organisations)
			}
			if !slices.Equal(r.TargetGroups, []string{"Jugendliche"}) || !slices.Equal(r.Keywords, []string{"Programmieren", "Robotik"}) {
				t.Errorf("groups %v keywords %v", r.TargetGroups, r.Keywords)
			}
		}},
		{"json-ld @graph, arrays, nested nodes", sourceconfig.ExtractJSONLD, "jsonld-graph.html", func(t *testing.T, rs []Record) {
			if len(rs) != 2 {
				t.Fatalf("%d records, want 2", len(rs))
			}
			slices.SortFunc(rs, func(a, b Record) int { return strings.Compare(a.Identifier, b.Identifier) })
			club, tartu := rs[0], rs[1]
			if got := texts(club.Title); !slices.Contains(got, "Coding Club Tallinn@") || !slices.Contains(got, "Koodiklubi Tallinn@et") {
				t.Errorf("titles %v", got)
			}
			if !slices.Equal(club.Cities, []string{"Tallinn"}) || !slices.Equal(club.Countries, []string{"Estonia"}) {
				t.Errorf("place %v %v", club.Cities, club.Countries)
			}
			if len(club.Organisations) != 1 || club.Organisations[0].Name != "Tallinn Digital Hub" {
				t.Errorf("provider by reference: %+v", club.Organisations)
			}
			if !slices.Equal(club.TargetGroups, []string{"young people", "students"}) {
				t.Errorf("audience array %v", club.TargetGroups)
			}
			if !slices.Equal(tartu.AdaptedFrom, []string{"https://hub.example/p/coding-club"}) || !slices.Equal(tartu.Cities, []string{"Tartu"}) {
				t.Errorf("tartu lineage %v cities %v", tartu.AdaptedFrom, tartu.Cities)
			}
		}},
		{"microdata leaves JSON-LD scripts to the jsonld extractor", sourceconfig.ExtractMicrodata, "jsonld-graph.html", func(t *testing.T, rs []Record) {
			if len(rs) != 0 {
				t.Errorf("%d records from a page without microdata, want 0: %v", len(rs), rs)
			}
		}},
		{"embedded reads JSON-LD once", sourceconfig.ExtractEmbedded, "jsonld-graph.html", func(t *testing.T, rs []Record) {
			if len(rs) != 2 {
				t.Errorf("%d records, want the page's 2", len(rs))
			}
		}},
		{"embedded reads all three", sourceconfig.ExtractEmbedded, "microdata.html", func(t *testing.T, rs []Record) {
			if len(rs) != 1 || rs[0].FirstTitle() != "Digital Seniors Vienna" {
				t.Errorf("records %+v", rs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fixturePage(t, tt.file, "https://partner.example/p/werkstatt", "text/html; charset=utf-8")
			x := extract(t, baseSource(tt.extractor), p)
			tt.check(t, x.Records)
		})
	}
}

func TestFeedExtractor(t *testing.T) {
	t.Run("rss in ISO-8859-1 with GeoRSS", func(t *testing.T) {
		x := extract(t, baseSource(sourceconfig.ExtractFeed), fixturePage(t, "feed.rss", "https://projekte.example/feed", "application/rss+xml"))
		if len(x.Records) != 1 || len(x.Warnings) != 1 {
			t.Fatalf("%d records, warnings %v", len(x.Records), x.Warnings)
		}
		r := x.Records[0]
		if r.FirstTitle() != "Medienkompetenz für Senioren in München" || r.Language != "de" {
			t.Errorf("title %q lang %q", r.FirstTitle(), r.Language)
		}
		if got := r.Description[0].Value; got != "Kurse für ältere Menschen in München." {
			t.Errorf("description (HTML stripped) %q", got)
		}
		if r.URL != "https://projekte.example/medienkompetenz-muenchen" || r.Identifier != "proj-17" {
			t.Errorf("url %q id %q", r.URL, r.Identifier)
		}
		if !slices.Equal(r.Keywords, []string{"Senioren", "digital literacy"}) || r.Latitude == nil || *r.Latitude != 48.137 {
			t.Errorf("keywords %v lat %v", r.Keywords, r.Latitude)
		}
		if r.Modified.Format("2006-01-02") != "2024-03-05" {
			t.Errorf("modified %v", r.Modified)
		}
	})
	t.Run("atom", func(t *testing.T) {
		x := extract(t, baseSource(sourceconfig.ExtractFeed), fixturePage(t, "atom.xml", "https://bootcamp.example/feed", "application/atom+xml"))
		if len(x.Records) != 1 || x.Records[0].URL != "https://bootcamp.example/porto" || x.Records[0].Description[0].Value != "A hybrid bootcamp for job seekers." {
			t.Fatalf("records %+v", x.Records)
		}
	})
	t.Run("not a feed", func(t *testing.T) {
		src := baseSource(sourceconfig.ExtractFeed)
		src.Validate("t")
		ex, _ := newExtractor(&src)
		if _, err := ex.Extract(fixturePage(t, "rdfa.html", "https://x.example/", "text/html")); err == nil {
			t.Error("an HTML page read as a feed gave no error")
		}
	})
}

func TestCSVExtractor(t *testing.T) {
	src := baseSource(sourceconfig.ExtractCSV)
	src.CSV = &sourceconfig.CSVMapping{Delimiter: ";", Split: "|", Charset: "iso-8859-1", Columns: map[string]string{
		"title": "Titel", "city": "Stadt", "country": "Land", "target_groups": "Zielgruppen", "skills": "Themen", "start": "Beginn",
	}}
	x := extract(t, src, fixturePage(t, "practices-latin1.csv", "https://daten.example/praxis.csv", "text/csv"))
	if len(x.Records) != 2 {
		t.Fatalf("%d records, want 2 (warnings %v)", len(x.Records), x.Warnings)
	}
	r := x.Records[0]
	if r.FirstTitle() != "Digitalcafé Köln" || !slices.Equal(r.Cities, []string{"Köln"}) {
		t.Errorf("latin-1 not decoded: %q %v", r.FirstTitle(), r.Cities)
	}
	if !slices.Equal(r.TargetGroups, []string{"Senioren", "Geflüchtete"}) || !slices.Equal(r.Skills, []string{"Smartphone", "Internet"}) || r.Start != "2023-05-01" {
		t.Errorf("multi-valued cells: %v %v %q", r.TargetGroups, r.Skills, r.Start)
	}
	if len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "row 3 has no title") {
		t.Errorf("warnings %v", x.Warnings)
	}
	// A mapped column missing from the header is an error that names it.
	src.CSV.Columns["end"] = "Ende"
	ex, _ := newExtractor(&src)
	if _, err := ex.Extract(fixturePage(t, "practices-latin1.csv", "https://daten.example/praxis.csv", "text/csv")); err == nil || !strings.Contains(err.Error(), `"Ende"`) {
		t.Errorf("missing column: %v", err)
	}
}

func TestJSONExtractorPaging(t *testing.T) {
	body := `{"data": {"items": [
		{"name": "Smart Kids", "place": {"city": "Turin", "country": "IT"}, "tags": [{"label": "coding"}, {"label": "robotics"}], "link": "/p/smart-kids", "id": 7},
		{"place": {"city": "Nowhere"}}
	]}, "links": {"next": "/api/practices?page=2"}}`
	u, _ := url.Parse("https://api.example/api/practices?page=1")
	p := &Page{URL: u, MediaType: "application/json", Body: []byte(body), Header: http.Header{}}
	src := baseSource(sourceconfig.ExtractJSON)
	src.JSON = &sourceconfig.JSONMapping{Items: "data.items", Next: "links.next", Fields: map[string]string{
		"title": "name", "city": "place.city", "country": "place.country", "keywords": "tags.label", "url": "link", "identifier": "id",
	}}
	x := extract(t, src, p)
	if len(x.Records) != 1 || len(x.Warnings) != 1 {
		t.Fatalf("records %+v warnings %v", x.Records, x.Warnings)
	}
	r := x.Records[0]
	if r.FirstTitle() != "Smart Kids" || !slices.Equal(r.Keywords, []string{"coding", "robotics"}) || r.URL != "https://api.example/p/smart-kids" || r.Identifier != "7" {
		t.Errorf("record %+v", r)
	}
	if !slices.Equal(x.Next, []string{"https://api.example/api/practices?page=2"}) {
		t.Errorf("next %v", x.Next)
	}
	// page_param paging goes on while pages have items.
	src.JSON.Next, src.JSON.PageParam = "", "page"
	x = extract(t, src, p)
	if !slices.Equal(x.Next, []string{"https://api.example/api/practices?page=2"}) {
		t.Errorf("page_param next %v", x.Next)
	}
	empty := &Page{URL: u, MediaType: "application/json", Body: []byte(`{"data": {"items": []}}`), Header: http.Header{}}
	if x := extract(t, src, empty); len(x.Next) != 0 {
		t.Errorf("an empty page still pages on: %v", x.Next)
	}
}

func TestRDFExtractorMembersAndPaging(t *testing.T) {
	x := extract(t, baseSource(sourceconfig.ExtractRDF), fixturePage(t, "collection.ttl", "https://ld.example/collection.ttl", "text/turtle"))
	if len(x.Records) != 1 || x.Records[0].FirstTitle() != "Described inline" {
		t.Errorf("records %+v", x.Records)
	}
	if !slices.Equal(x.Follow, []string{"https://ld.example/practice/b"}) {
		t.Errorf("undescribed members to fetch: %v", x.Follow)
	}
	if !slices.Equal(x.Next, []string{"https://ld.example/collection-2.ttl"}) {
		t.Errorf("hydra next %v", x.Next)
	}
}

func TestDCATExtractor(t *testing.T) {
	src := baseSource(sourceconfig.ExtractDCAT)
	x := extract(t, src, fixturePage(t, "catalog-1.ttl", "https://portal.example/catalog", "text/turtle"))
	if len(x.Records) != 1 || !slices.Equal(x.Next, []string{"https://portal.example/catalog?page=2"}) {
		t.Fatalf("records %d next %v", len(x.Records), x.Next)
	}
	r := x.Records[0]
	if r.Identifier != "RPC-1" || r.Language != "en" || len(r.Title) != 2 || r.URL != "https://lk.example/digital" {
		t.Errorf("record %+v", r)
	}
	if !slices.Equal(r.Regions, []string{"AT12"}) || r.Start != "2023-01-15" || r.End != "2024-12-31" {
		t.Errorf("regions %v dates %s–%s", r.Regions, r.Start, r.End)
	}
	if len(r.Organisations) != 1 || r.Organisations[0].Name != "Landwirtschaftskammer Niederösterreich" || !slices.Equal(r.Keywords, []string{"e-government", "agriculture"}) {
		t.Errorf("publisher %+v keywords %v", r.Organisations, r.Keywords)
	}
	x = extract(t, src, fixturePage(t, "catalog-2.ttl", "https://portal.example/catalog?page=2", "text/turtle"))
	if len(x.Records) != 1 || !slices.Equal(x.Records[0].Cities, []string{"Lisbon"}) || !slices.Equal(x.Records[0].Countries, []string{"PT"}) || x.Records[0].Longitude == nil || *x.Records[0].Longitude != -9.139 {
		t.Errorf("page 2 %+v", x.Records)
	}
	// Distributions mode fetches the RDF distributions and reads schema.org.
	src.DCAT = &sourceconfig.DCATOptions{Mode: sourceconfig.DCATDistributions}
	x = extract(t, src, fixturePage(t, "catalog-1.ttl", "https://portal.example/catalog", "text/turtle"))
	if len(x.Records) != 0 || !slices.Equal(x.Follow, []string{"https://portal.example/dist/1.ttl"}) {
		t.Errorf("distributions mode: records %d follow %v", len(x.Records), x.Follow)
	}
	x = extract(t, src, fixturePage(t, "dist-1.ttl", "https://portal.example/dist/1.ttl", "text/turtle"))
	if len(x.Records) != 1 || !slices.Equal(x.Records[0].Cities, []string{"St. Pölten"}) {
		t.Errorf("distribution %+v", x.Records)
	}
}

func TestExtractorPanicIsAnError(t *testing.T) {
	u, _ := url.Parse("https://x.example/")
	_, err := safeExtract(panicky{}, &Page{URL: u})
	if err == nil || !strings.Contains(err.Error(), "extractor crashed") {
		t.Errorf("panic not turned into an error: %v", err)
	}
}

type panicky struct{}

func (panicky) Extract(*Page) (Extraction, error) { panic("boom") }
