// Package testsite is a small partner site for the tests of the packages
// around the harvester (reports, metrics, coordination): a listing page
// that links to one schema.org JSON-LD page per practice, on loopback.
package testsite

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/vocab"
)

// Site serves practices until the test ends. Requests wait while the site
// is gated (see Gate).
type Site struct {
	URL     string
	ids     []string
	release chan struct{}
}

// New starts a site with the given practice ids.
func New(t testing.TB, ids ...string) *Site {
	s := &Site{ids: ids}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Gate makes every request wait until the returned function is called
// (once), so that a test can look at a run in progress.
func (s *Site) Gate() (release func()) {
	s.release = make(chan struct{})
	ch := s.release
	return func() { close(ch) }
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	if s.release != nil {
		select {
		case <-s.release:
		case <-r.Context().Done():
			return
		}
	}
	var body string
	switch {
	case r.URL.Path == "/listing":
		var b strings.Builder
		for _, id := range s.ids {
			fmt.Fprintf(&b, `<a class="p" href="/p/%s">%s</a>`, id, id)
		}
		body = "<html><body>" + b.String() + "</body></html>"
	case strings.HasPrefix(r.URL.Path, "/p/"):
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		body = `<html lang="en"><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "@id": "http://partner.test/p/` +
			id + `", "name": "Practice ` + id + `", "location": {"@type": "Place", "name": "Berlin"}}</script></head></html>`
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(body))
}

// Source returns a source that harvests the site.
func (s *Site) Source(id string) sourceconfig.Source {
	return sourceconfig.Source{ID: id, StartURLs: []string{s.URL + "/listing"}, Extractor: sourceconfig.ExtractJSONLD, Local: true,
		Crawl:      sourceconfig.Crawl{Links: "a.p"},
		Politeness: sourceconfig.Politeness{Delay: time.Millisecond, Parallelism: 4, RetryDelay: time.Millisecond, IgnoreRobots: true}}
}

// Harvester returns a harvester of the given sources into a memory sink.
func Harvester(t testing.TB, opts harvester.Options, srcs ...sourceconfig.Source) *harvester.Harvester {
	t.Helper()
	if opts.Mapper == nil {
		iris, err := vocab.NewIRIs("http://localhost:8080/")
		if err != nil {
			t.Fatal(err)
		}
		opts.Mapper = harvester.NewMapper(iris, nil)
	}
	h, err := harvester.New(srcs, harvester.NewMemorySink(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
