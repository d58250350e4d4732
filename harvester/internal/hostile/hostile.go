// Package hostile is a partner site that behaves as badly as the web can:
// slow answers, endless pagination, huge pages, redirects into the
// harvester's own network, malformed HTML, JSON-LD and Turtle, a wrong
// charset, rate limiting, robots.txt exclusions and a site that suddenly
// lists nothing. The harvester's tests serve it on loopback only.
package hostile

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Site is the hostile site. Its zero value is not usable: use New.
type Site struct {
	mux *http.ServeMux
	// InternalURL is where /redirect-internal points (an address the
	// harvester must refuse), e.g. "http://internal.test:8080/secret".
	InternalURL string
	// HugeBytes is the size of /huge (default 50 MB).
	HugeBytes int64
	// RateLimited is how many times /limited answers 429 before 200.
	RateLimited atomic.Int32
	// RetryAfter is the Retry-After of /limited, in seconds.
	RetryAfter atomic.Int32

	mu    sync.Mutex
	empty bool // /listing lists nothing
	// Practices is how many practices /listing lists.
	Practices int
	hits      map[string]int
}

// New returns the site.
func New() *Site {
	s := &Site{mux: http.NewServeMux(), HugeBytes: 50 << 20, Practices: 12, hits: map[string]int{}}
	s.RetryAfter.Store(1)
	m := s.mux
	m.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	m.HandleFunc("GET /slow", s.slow)
	m.HandleFunc("GET /endless", s.endless)
	m.HandleFunc("GET /huge", s.huge)
	m.HandleFunc("GET /redirect-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/page", http.StatusMovedPermanently)
	})
	m.HandleFunc("GET /redirect-internal", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.InternalURL, http.StatusFound)
	})
	m.HandleFunc("GET /malformed-html", func(w http.ResponseWriter, r *http.Request) {
		html(w, "<html><head><title>broken</title><body><div><p>unclosed <b><i>tags <table><tr><td>"+practiceJSONLD("broken-html", "Practice on a broken page")+"</td></div>")
	})
	m.HandleFunc("GET /malformed-jsonld", func(w http.ResponseWriter, r *http.Request) {
		html(w, `<!DOCTYPE html><html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "name": "unterminated</script></head><body></body></html>`)
	})
	m.HandleFunc("GET /malformed.ttl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/turtle")
		fmt.Fprint(w, "@prefix schema: <http://schema.org/> .\n<a> a schema:Project ; schema:name \"unterminated .\n<b> <c")
	})
	m.HandleFunc("GET /wrong-charset", func(w http.ResponseWriter, r *http.Request) {
		// windows-1252 bytes under a header that claims UTF-8.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := `<!DOCTYPE html><html lang="de"><head><title>x</title><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "@id": "https://partner.test/p/koeln", "name": "Digitalcaf` + "\xe9 K\xf6ln" + `"}</script></head><body></body></html>`
		w.Write([]byte(body))
	})
	m.HandleFunc("GET /limited", func(w http.ResponseWriter, r *http.Request) {
		if s.RateLimited.Add(-1) >= 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(s.RetryAfter.Load())))
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		html(w, page(practiceJSONLD("limited", "Practice behind a rate limit")))
	})
	m.HandleFunc("GET /private/", func(w http.ResponseWriter, r *http.Request) {
		s.count("private")
		html(w, page(practiceJSONLD("private", "A page robots.txt excludes")))
	})
	m.HandleFunc("GET /listing", s.listing)
	m.HandleFunc("GET /p/{id}", func(w http.ResponseWriter, r *http.Request) {
		html(w, page(practiceJSONLD(r.PathValue("id"), "Practice "+r.PathValue("id"))))
	})
	return s
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SetEmpty makes /listing list nothing (or its practices again).
func (s *Site) SetEmpty(empty bool) {
	s.mu.Lock()
	s.empty = empty
	s.mu.Unlock()
}

// Hits returns how often a counted page was requested ("private").
func (s *Site) Hits(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[name]
}

func (s *Site) count(name string) {
	s.mu.Lock()
	s.hits[name]++
	s.mu.Unlock()
}

// slow sends its headers, then a byte every 200 ms, without end.
func (s *Site) slow(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			if f != nil {
				f.Flush()
			}
		}
	}
}

// endless is a listing whose every page links to a next one.
func (s *Site) endless(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	html(w, page(fmt.Sprintf(`<a rel="next" href="/endless?page=%d">next</a>`, n+1)+practiceJSONLD("endless-"+strconv.Itoa(n), "Endless practice "+strconv.Itoa(n))))
}

// huge streams HugeBytes of HTML without holding them.
func (s *Site) huge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	chunk := []byte(strings.Repeat("<p>filler filler filler filler</p>\n", 1024))
	w.Write([]byte("<!DOCTYPE html><html><body>"))
	for sent := int64(0); sent < s.HugeBytes; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func (s *Site) listing(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	empty, n := s.empty, s.Practices
	s.mu.Unlock()
	var b strings.Builder
	if !empty {
		for i := range n {
			fmt.Fprintf(&b, `<a class="practice" href="/p/p%d">Practice %d</a>`+"\n", i, i)
		}
	}
	html(w, page(b.String()))
}

func practiceJSONLD(id, name string) string {
	return `<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Project", "@id": "https://partner.test/p/` + id + `", "name": "` + name + `", "location": {"@type": "Place", "name": "Berlin"}}</script>`
}

func page(body string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title></head><body>` + body + `</body></html>`
}

func html(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(s))
}
