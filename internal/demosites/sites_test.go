package demosites

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEveryPracticeOnExactlyOneSite(t *testing.T) {
	all, err := Practices()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 20 {
		t.Fatalf("got %d practices, want at least the 20 of practices.csv", len(all))
	}
	sites, err := Sites()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, s := range sites {
		for _, id := range s.Practices {
			count[id]++
		}
	}
	shared, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range shared {
		count[p.ID]++
	}
	for _, p := range all {
		if count[p.ID] != 1 {
			t.Errorf("practice %s is on %d sites or shared through the exchange, want exactly once", p.ID, count[p.ID])
		}
	}
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestSitesServeTheirPractices(t *testing.T) {
	sites, err := Sites()
	if err != nil {
		t.Fatal(err)
	}
	const base = "http://127.0.0.1:9"
	for _, s := range sites {
		h := s.Handler(base)
		switch s.ID {
		case "urban-skills":
			code, body := get(t, h, "/sitemap.xml")
			if code != 200 || strings.Count(body, "<loc>"+base+"/practices/") != len(s.Practices) {
				t.Errorf("sitemap: code %d, body %s", code, body)
			}
			code, body = get(t, h, "/practices/passport4work")
			if code != 200 || !strings.Contains(body, `"@type": "Project"`) || !strings.Contains(body, "Eindhoven") {
				t.Errorf("practice page: code %d, body %s", code, body)
			}
		case "skills-archive":
			code, body := get(t, h, "/projects?page=1")
			if code != 200 || !strings.Contains(body, `rel="next"`) || strings.Count(body, `class="project-link"`) != perPage {
				t.Errorf("listing page 1: code %d, body %s", code, body)
			}
			if code, _ := get(t, h, "/projects?page=99"); code != 404 {
				t.Errorf("page past the end: code %d, want 404", code)
			}
			code, body = get(t, h, "/projects/biblionet")
			if code != 200 || strings.Contains(body, "application/ld+json") || !strings.Contains(body, `class="summary"`) {
				t.Errorf("detail page must be plain HTML: code %d", code)
			}
		case "teilhabe-berlin":
			code, body := get(t, h, "/projekte")
			if code != 200 || !strings.Contains(body, `"@graph"`) || !strings.Contains(body, "geflüchtete Frauen") {
				t.Errorf("graph page: code %d, body %s", code, body)
			}
		default:
			t.Errorf("unexpected site %s", s.ID)
		}
	}
}
