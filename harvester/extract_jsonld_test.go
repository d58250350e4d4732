package harvester

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// htmlPage is a page the test writes itself, as if fetched from rawURL.
func htmlPage(t *testing.T, rawURL, body string) *Page {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return &Page{URL: u, ContentType: "text/html; charset=utf-8", MediaType: "text/html", Body: []byte(body), Header: http.Header{}}
}

func ldScript(json string) string { return `<script type="application/ld+json">` + json + `</script>` }

// TestBadJSONLDScriptKeepsTheGoodOnes: an empty, null, commented-out or
// malformed script next to a valid one costs nothing but a warning naming
// it; a page whose only JSON-LD is broken fails, so that its practices
// are kept rather than counted as gone.
func TestBadJSONLDScriptKeepsTheGoodOnes(t *testing.T) {
	good := ldScript(`{"@context": "https://schema.org", "@type": "Course", "@id": "https://partner.example/c/1", "name": "Smartphone basics"}`)
	bad := []string{
		ldScript(``),
		ldScript(`null`),
		ldScript(`// {"@type": "Course", "name": "switched off"}`),
		ldScript(`{"@context": "https://schema.org", "@type": "Course", "name": "broken",}`),
	}
	page := `<html lang="en"><head>` + strings.Join(bad, "\n") + good + `</head><body></body></html>`
	for _, extractor := range []string{sourceconfig.ExtractJSONLD, sourceconfig.ExtractEmbedded} {
		t.Run(extractor, func(t *testing.T) {
			x := extract(t, baseSource(extractor), htmlPage(t, "https://partner.example/c/1", page))
			if len(x.Records) != 1 || x.Records[0].FirstTitle() != "Smartphone basics" {
				t.Fatalf("records %+v", x.Records)
			}
			if len(x.Warnings) != len(bad) {
				t.Fatalf("warnings %q, want one per bad script", x.Warnings)
			}
			for i, w := range x.Warnings {
				if want := "JSON-LD script " + strconv.Itoa(i+1); !strings.Contains(w, want) {
					t.Errorf("warning %q does not name %s", w, want)
				}
			}
			only := `<html><head>` + bad[3] + `</head></html>`
			ex, _ := newExtractor(&sourceconfig.Source{Extractor: extractor})
			if _, err := safeExtract(ex, htmlPage(t, "https://partner.example/c/2", only)); err == nil || !strings.Contains(err.Error(), "script 1") {
				t.Errorf("a page whose only script is broken: %v, want an error naming it", err)
			}
		})
	}
}
