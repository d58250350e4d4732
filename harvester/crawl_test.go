package harvester

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// crawlSite serves a gzipped sitemap index, a feed of detail pages, an
// API paged with Link headers, and a robots.txt with a Crawl-delay.
func crawlSite(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	mux := http.NewServeMux()
	detail := func(id string) string {
		return `<html lang="en"><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course", "@id": "` + srv.URL + `/d/` + id + `", "name": "Course ` + id + `"}</script></head></html>`
	}
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.05\nDisallow: /d/secret\n")
	})
	mux.HandleFunc("GET /sitemap-index.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		fmt.Fprintf(zw, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/sitemap-1.xml</loc></sitemap></sitemapindex>`, srv.URL)
		zw.Close()
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(buf.Bytes())
	})
	mux.HandleFunc("GET /sitemap-1.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%[1]s/d/1</loc></url><url><loc>%[1]s/d/2</loc></url><url><loc>%[1]s/d/secret</loc></url></urlset>`, srv.URL)
	})
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>x</title><item><title>1</title><link>%[1]s/d/1</link></item><item><title>3</title><link>/d/3</link></item></channel></rss>`, srv.URL)
	})
	mux.HandleFunc("GET /d/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, detail(r.PathValue("id")))
	})
	mux.HandleFunc("GET /api", func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		if page == "" {
			w.Header().Set("Link", `</api?page=2>; rel="next", </api?page=9>; rel="last"`)
			page = "1"
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `[{"title": "API practice %s"}]`, page)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCrawlModes(t *testing.T) {
	srv := crawlSite(t)
	l := newLifecycle(t, newPracticeSite())
	tests := []struct {
		name, start string
		mod         func(*sourceconfig.Source)
		records     int
		check       func(t *testing.T, run *Run)
	}{
		{"gzipped sitemap index, robots.txt exclusion and Crawl-delay", "/sitemap-index.xml.gz", func(s *sourceconfig.Source) { s.Crawl.Sitemap = true }, 2, func(t *testing.T, run *Run) {
			skipped := strings.Join(run.Skipped, "\n")
			if !strings.Contains(skipped, "/d/secret (disallowed by robots.txt)") {
				t.Errorf("skipped %v", run.Skipped)
			}
			found := false
			for _, w := range run.Warnings {
				found = found || strings.Contains(w.Err, "Crawl-delay 50ms honoured")
			}
			if !found {
				t.Errorf("warnings %+v", run.Warnings)
			}
		}},
		{"feed of detail pages", "/feed.xml", func(s *sourceconfig.Source) { s.Crawl.Feed = true }, 2, nil},
		{"API paged with Link headers", "/api", func(s *sourceconfig.Source) {
			s.Extractor, s.JSON = sourceconfig.ExtractJSON, &sourceconfig.JSONMapping{Fields: map[string]string{"title": "title"}}
		}, 2, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := sourceconfig.Source{ID: fmt.Sprintf("mode-%d", i), StartURLs: []string{srv.URL + tt.start}, Extractor: sourceconfig.ExtractJSONLD, Local: true,
				Politeness: sourceconfig.Politeness{Delay: time.Millisecond, RetryDelay: time.Millisecond}}
			tt.mod(&src)
			run := runOnce(t, l.harvester(t, nil, src), src.ID)
			if run.Status != StatusOK || run.Records != tt.records {
				t.Fatalf("status %s (%s) records %d errors %+v", run.Status, run.Reason, run.Records, run.Errors)
			}
			if tt.check != nil {
				tt.check(t, run)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{"Thu, 01 Jan 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Thu, 01 Jan 2026 11:00:00 GMT", 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecodeHTML(t *testing.T) {
	tests := []struct {
		name, ctype string
		body        []byte
		want        string
		warns       bool
	}{
		{"utf-8", "text/html; charset=utf-8", []byte("<p>Köln</p>"), "<p>Köln</p>", false},
		{"latin-1 declared in the header", "text/html; charset=iso-8859-1", []byte("<p>K\xf6ln</p>"), "<p>Köln</p>", false},
		{"latin-1 declared in a meta tag", "text/html", []byte(`<meta charset="iso-8859-1"><p>K` + "\xf6" + `ln</p>`), `<meta charset="iso-8859-1"><p>Köln</p>`, false},
		{"latin-1 under a UTF-8 header", "text/html; charset=utf-8", []byte("<p>K\xf6ln</p>"), "<p>Köln</p>", true},
		{"UTF-8 under a latin-1 header", "text/html; charset=iso-8859-1", []byte("<p>Köln</p>"), "<p>Köln</p>", true},
		{"no declaration, UTF-8", "text/html", []byte("<p>Köln</p>"), "<p>Köln</p>", false},
	}
	for _, tt := range tests {
		got, warning, err := decodeHTML(tt.body, tt.ctype)
		if err != nil || string(got) != tt.want || (warning != "") != tt.warns {
			t.Errorf("%s: %q, warning %q, %v", tt.name, got, warning, err)
		}
	}
}
