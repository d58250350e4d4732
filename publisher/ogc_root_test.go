package publisher

import (
	"encoding/json"
	"strings"
	"testing"
)

// The site's root serves the home page to browsers and the OGC API landing
// page to clients that ask for JSON (OWSLib asks for */*), and names the
// API in Link headers either way.
func TestRootIsAnOGCLandingPage(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, accept, query string
		wantJSON            bool
	}{
		{"no Accept header", "", "", false},
		{"a browser", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", false},
		{"JSON", "application/json", "", true},
		{"anything (OWSLib, curl)", "*/*", "", true},
		{"JSON preferred", "text/html;q=0.5, application/json", "", true},
		{"f=json", "", "?f=json", true},
		{"f=html over Accept", "application/json", "?f=html", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.accept != "" {
				headers = append(headers, "Accept: "+tt.accept)
			}
			w := f.get("/"+tt.query, headers...)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body.String())
			}
			link := strings.Join(w.Header().Values("Link"), ", ")
			for _, want := range []string{`<` + testBase + `ogc/api>; rel="service-desc"; type="` + openAPIType + `"`,
				`<` + testBase + `ogc/api?f=html>; rel="service-doc"; type="text/html"`} {
				if !strings.Contains(link, want) {
					t.Errorf("Link header lacks %s:\n%s", want, link)
				}
			}
			if !strings.Contains(w.Header().Get("Vary"), "Accept") {
				t.Errorf("Vary = %q", w.Header().Get("Vary"))
			}
			ct := w.Header().Get("Content-Type")
			if !tt.wantJSON {
				if !strings.HasPrefix(ct, "text/html") || !strings.Contains(w.Body.String(), "<html") {
					t.Errorf("Content-Type %q, want the home page", ct)
				}
				return
			}
			if ct != "application/json" {
				t.Fatalf("Content-Type %q, want application/json", ct)
			}
			var m map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			ls := links(t, m)
			for rel, href := range map[string]string{"self": testBase + "?f=json", "data": testBase + "ogc/collections",
				"conformance": testBase + "ogc/conformance", "service-desc": testBase + "ogc/api", "service-doc": testBase + "ogc/api?f=html"} {
				if len(ls[rel]) == 0 || ls[rel][0]["href"] != href {
					t.Errorf("%s link %v, want %s", rel, ls[rel], href)
				}
			}
		})
	}
	if w := f.get("/", "Accept: application/xml"); w.Code != 406 {
		t.Errorf("Accept: application/xml: status %d, want 406", w.Code)
	}
	if w := f.get("/?f=xml"); w.Code != 400 {
		t.Errorf("f=xml: status %d, want 400", w.Code)
	}
	// The collections and conformance answer at the root too, with links
	// to their canonical place under /ogc.
	cols := ogcJSON(t, f, "/collections", "application/json")
	if ls := links(t, cols); len(ls["self"]) == 0 || ls["self"][0]["href"] != testBase+"ogc/collections?f=json" {
		t.Errorf("root /collections self link %v", ls["self"])
	}
	ogcJSON(t, f, "/conformance", "application/json")
	ogcJSON(t, f, "/collections/practices", "application/json")
	if p := ogcJSON(t, f, "/collections/practices/items?limit=100", geoJSONType); len(p["features"].([]any)) != 5 {
		t.Errorf("root items: %d features, want 5", len(p["features"].([]any)))
	}
	ogcJSON(t, f, "/collections/practices/items/mikado", geoJSONType)
}

// The landing page tells people which address to paste into GIS software.
func TestOGCLandingPageNamesTheServiceURL(t *testing.T) {
	f := newFixture(t)
	page := f.get("/ogc?f=html").Body.String()
	for _, want := range []string{"<code>" + testBase + "ogc</code>", "<code>" + testBase + "</code>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the landing page does not name %s", want)
		}
	}
}
