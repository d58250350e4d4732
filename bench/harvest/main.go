// Command harvest benchmarks the harvester on a generated partner site of
// detail pages (10,000 by default) served on loopback: a first run that
// fetches every page, then a second run over the unchanged site, where
// every page answers 304 Not Modified and its remembered records are
// reused. It prints pages/s, CPU ms per page and peak memory per run.
//
//	go run ./bench/harvest [-pages 10000] [-parallel 8]
//
// The site is served by the same process, so CPU time includes serving it.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/vocab"
)

var cities = []string{"Berlin", "Paris", "Madrid", "Rome", "Vienna", "Warsaw", "Lisbon", "Prague", "Athens", "Helsinki"}

// site generates practice pages on the fly; each has a stable ETag.
type site struct {
	base  string
	pages int
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body, ctype string
	switch {
	case r.URL.Path == "/robots.txt":
		body, ctype = "User-agent: *\nDisallow: /admin/\n", "text/plain"
	case r.URL.Path == "/sitemap.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range s.pages {
			fmt.Fprintf(&b, "<url><loc>%s/p/%d</loc></url>\n", s.base, i)
		}
		b.WriteString("</urlset>")
		body, ctype = b.String(), "application/xml"
	case strings.HasPrefix(r.URL.Path, "/p/"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil || i < 0 || i >= s.pages {
			http.NotFound(w, r)
			return
		}
		body, ctype = practicePage(s.base, i), "text/html; charset=utf-8"
	default:
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	io.WriteString(w, body)
}

func practicePage(base string, i int) string {
	city := cities[i%len(cities)]
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Practice %[2]d</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course", "@id": "%[1]s/p/%[2]d",
"name": "Digital skills course %[2]d in %[3]s",
"description": "A course that helps older people and job seekers in %[3]s use online services, smartphones and e-government safely.",
"url": "%[1]s/p/%[2]d",
"provider": {"@type": "Organization", "name": "Library network %[4]d"},
"location": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "%[3]s"}},
"audience": [{"@type": "Audience", "audienceType": "older people"}, {"@type": "Audience", "audienceType": "job seekers"}],
"teaches": ["digital literacy", "online safety"], "startDate": "2024-09-01"}</script></head>
<body><h1>Digital skills course %[2]d</h1><p>%[5]s</p></body></html>`, base, i, city, i%50, strings.Repeat("Course details. ", 40))
}

type result struct {
	run      *harvester.Run
	wall     time.Duration
	cpu      time.Duration
	peakHeap uint64
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func measure(h *harvester.Harvester, id string) result {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	cpu0, t0 := cpuTime(), time.Now()
	run, err := h.Run(context.Background(), id)
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	close(stop)
	wg.Wait()
	if err != nil {
		log.Fatal(err)
	}
	return result{run: run, wall: wall, cpu: cpu, peakHeap: peak.Load()}
}

func main() {
	pages := flag.Int("pages", 10000, "detail pages on the generated site")
	parallel := flag.Int("parallel", 8, "concurrent requests")
	flag.Parse()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s := &site{base: "http://" + ln.Addr().String(), pages: *pages}
	go http.Serve(ln, s)

	iris, _ := vocab.NewIRIs("http://localhost:8080/")
	src := sourceconfig.Source{
		ID: "bench", StartURLs: []string{s.base + "/sitemap.xml"}, Extractor: sourceconfig.ExtractJSONLD, Local: true,
		Crawl:      sourceconfig.Crawl{Sitemap: true, MaxPages: *pages + 10, MaxBodyBytes: 64 << 20},
		Politeness: sourceconfig.Politeness{Delay: time.Nanosecond, Parallelism: *parallel},
	}
	h, err := harvester.New([]sourceconfig.Source{src}, harvester.NewMemorySink(), harvester.Options{
		Mapper: harvester.NewMapper(iris, nil),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		log.Fatal(err)
	}
	first := measure(h, "bench")
	second := measure(h, "bench")
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)

	fmt.Printf("harvest benchmark: %d detail pages, parallelism %d, %s/%s, %d CPUs\n\n", *pages, *parallel, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Println("| run | status | pages | 304s | practices | wall | pages/s | CPU ms/page | peak heap |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for i, r := range []result{first, second} {
		name := []string{"first (200s)", "second, unchanged (304s)"}[i]
		fmt.Printf("| %s | %s | %d | %d | %d | %.1f s | %.0f | %.2f | %d MiB |\n", name, r.run.Status, r.run.Pages, r.run.NotModified,
			r.run.Records, r.wall.Seconds(), float64(r.run.Pages)/r.wall.Seconds(),
			float64(r.cpu.Microseconds())/1000/float64(r.run.Pages), r.peakHeap>>20)
	}
	fmt.Printf("\npeak resident set size of the process: %d MiB\n", ru.Maxrss>>10)
	if first.run.Status != harvester.StatusOK || second.run.NotModified != second.run.Pages {
		os.Exit(1)
	}
}
