// Command scaleout measures Skillsmap at the scale of issue 14: many
// practices in the embedded store and in Virtuoso, one instance and two
// behind HAProxy.
//
//	go run ./bench/scaleout [-sources 100] [-per-source 1000] [-rounds 5]
//	    [-duration 15s] [-conns 64] [-modes embedded,virtuoso,haproxy]
//
// It builds the skillsmap binary and, per mode:
//
//   - generates -sources-1 sources of -per-source practices each (shaped
//     like the harvester's output: a place with coordinates, skills, target
//     groups, country, region, dates), loads them into the store (embedded:
//     store.BulkLoad into bbolt; Virtuoso: Debian's virtuoso-t started on
//     loopback as the tests start it, written through the SPARQL store one
//     source graph per update), and serves a partner site on loopback whose
//     -per-source practices are the last source, harvested for real;
//   - starts `skillsmap serve` on loopback (Virtuoso: with redis-server for
//     the harvest leadership) and harvests the partner site once;
//   - -rounds times: changes one practice's title on the partner site,
//     triggers a harvest, and polls /map/practices.geojson (filtered on the
//     new title's unique word) until the practice shows, timing it from the
//     trigger, from the commit (the run's finished time, taken just before
//     the harvest's write) and from the write's end ("harvest done" in the
//     instance's log), and reading the index update's duration from the
//     watching instance's log;
//   - sends -conns concurrent clients for -duration to each of: the map
//     layer (GET /map/practices.geojson, gzip, read whole), OGC API items
//     (GET /ogc/collections/practices/items with a random 4°×4° bbox and
//     limit=100, as GeoJSON), and practice pages (GET /practice/{id}, HTML, a random
//     practice each time), and reports p50 and p99 per kind.
//
// The haproxy mode adds a second serve instance on the same Virtuoso and
// Redis, puts HAProxy in front, harvests through the first and polls
// through the second, and sends the load through HAProxy.
//
// Every process listens on 127.0.0.1 and all traffic stays on loopback.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/store/sparqlstore"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

const (
	token         = "bench-scaleout-admin-token"
	harvestedID   = "partner"
	visibleWithin = 5 * time.Minute
)

type options struct {
	sources, perSource, rounds, conns int
	duration                          time.Duration
	modes                             []string
	binary                            string
	buffers                           int
	keep                              bool
	reuse                             string
}

func main() {
	var o options
	flag.IntVar(&o.sources, "sources", 100, "sources, one of them harvested from a partner site on loopback")
	flag.IntVar(&o.perSource, "per-source", 1000, "practices per source")
	flag.IntVar(&o.rounds, "rounds", 5, "re-harvests of the partner site to time until they are on the map")
	flag.IntVar(&o.conns, "conns", 64, "concurrent clients")
	flag.DurationVar(&o.duration, "duration", 15*time.Second, "how long the clients run per kind of request")
	modes := flag.String("modes", "embedded,virtuoso,haproxy", "what to measure: embedded, virtuoso (one instance), haproxy (two instances on Virtuoso behind HAProxy)")
	flag.StringVar(&o.binary, "binary", "", "a skillsmap binary to measure (default: build ./cmd/skillsmap)")
	flag.IntVar(&o.buffers, "virtuoso-buffers", 170000, "Virtuoso's page buffers (8 KiB each)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory")
	flag.StringVar(&o.reuse, "reuse", "", "the virtuoso directory of a run kept with -keep: measure its loaded Virtuoso and first instance's review state again instead of loading")
	flag.Parse()
	o.modes = strings.Split(*modes, ",")
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/scaleout:", err)
		os.Exit(1)
	}
}

// result is one mode's measurements.
type result struct {
	mode                    string
	practices               int
	quads                   uint64
	load                    time.Duration
	firstIndex              time.Duration
	fromTrigger, fromCommit []time.Duration
	// fromWritten is from the end of the harvest's write ("harvest done"
	// in the harvesting instance's log) until on the map; indexUpdate is
	// the watching instance's index update that made it visible (its log).
	fromWritten, indexUpdate []time.Duration
	kinds                    []kindResult
	rss                      []int64 // peak RSS per serve process
}

type kindResult struct {
	name     string
	times    []time.Duration
	errors   int
	bytes    int64
	duration time.Duration
}

func run(o options) error {
	dir, err := os.MkdirTemp("", "skillsmap-scaleout-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	if o.binary == "" {
		o.binary = filepath.Join(dir, "skillsmap")
		build := exec.Command("go", "build", "-o", o.binary, "./cmd/skillsmap")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	commit, _ := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	var results []result
	if slices.Contains(o.modes, "embedded") {
		r, err := runEmbedded(o, filepath.Join(dir, "embedded"))
		if err != nil {
			return fmt.Errorf("embedded: %w", err)
		}
		results = append(results, r)
		report([]result{r})
	}
	if slices.Contains(o.modes, "virtuoso") || slices.Contains(o.modes, "haproxy") {
		vdir := filepath.Join(dir, "virtuoso")
		if o.reuse != "" {
			vdir = o.reuse
		}
		rs, err := runVirtuoso(o, vdir)
		results = append(results, rs...)
		if err != nil {
			report(results)
			return fmt.Errorf("virtuoso: %w", err)
		}
	}
	fmt.Printf("\n## bench/scaleout: %d sources × %d practices\n\n", o.sources, o.perSource)
	fmt.Printf("Go %s, %s/%s, %d CPUs, %s, commit %s; %d clients for %v per kind of request\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"), strings.TrimSpace(string(commit)), o.conns, o.duration)
	report(results)
	return nil
}

// report prints the tables.
func report(rs []result) {
	fmt.Println("| setup | practices | load | first index build and layer | harvest trigger → on the map | commit began → on the map | commit ended → on the map | index update | peak RSS per instance |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		var rss []string
		for _, b := range r.rss {
			rss = append(rss, fmt.Sprintf("%d MiB", b>>20))
		}
		loaded := fmt.Sprintf("%s (%d quads, %.0f/s)", secs(r.load), r.quads, float64(r.quads)/r.load.Seconds())
		if r.load == 0 {
			loaded = "(loaded by an earlier run)"
		}
		fmt.Printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", r.mode, r.practices, loaded, secs(r.firstIndex),
			spread(r.fromTrigger), spread(r.fromCommit), spread(r.fromWritten), spread(r.indexUpdate), strings.Join(rss, ", "))
	}
	fmt.Println()
	fmt.Println("(p50 / max of the rounds)")
	fmt.Println()
	fmt.Println("| setup | request | requests | req/s | p50 | p99 | errors |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		for _, k := range r.kinds {
			fmt.Printf("| %s | %s | %d | %.0f | %s | %s | %d |\n", r.mode, k.name, len(k.times), float64(len(k.times))/k.duration.Seconds(),
				ms(pct(k.times, 50)), ms(pct(k.times, 99)), k.errors)
		}
	}
	fmt.Println()
}

// spread is "p50 / max".
func spread(ds []time.Duration) string { return ms(pct(ds, 50)) + " / " + ms(pct(ds, 100)) }

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p/100*float64(len(s))))]
}

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return secs(d)
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// freeAddr returns a loopback address free at the time of asking.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// runEmbedded measures one instance on the embedded store.
func runEmbedded(o options, dir string) (result, error) {
	r := result{mode: "embedded (bbolt), 1 instance"}
	ctx := context.Background()
	addr, err := freeAddr()
	if err != nil {
		return r, err
	}
	base := "http://" + addr + "/"
	iris, err := vocab.NewIRIs(base)
	if err != nil {
		return r, err
	}
	site := newPartnerSite(o.perSource)
	defer site.close()

	fmt.Fprintf(os.Stderr, "embedded: generating and loading %d practices with store.BulkLoad…\n", (o.sources-1)*o.perSource)
	st, err := store.Open(filepath.Join(dir, "data", "store"))
	if err != nil {
		return r, err
	}
	var graphs []rdf.Term
	for s := 1; s < o.sources; s++ {
		graphs = append(graphs, iris.SourceGraph(sourceID(s)))
	}
	start := time.Now()
	n, err := store.BulkLoad(ctx, st, graphs, generated(iris, o.sources, o.perSource), store.BulkOptions{})
	r.load = time.Since(start)
	r.quads = n
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, fmt.Errorf("bulk load: %w", err)
	}
	fmt.Fprintf(os.Stderr, "embedded: %d quads in %v\n", n, r.load.Round(time.Millisecond))

	cfg := config(base, fmt.Sprintf("store: {kind: embedded}\n"), site.URL)
	in, err := startServe(o.binary, "embedded", dir, addr, cfg)
	if err != nil {
		return r, err
	}
	defer in.stop()
	if err := measure(o, &r, site, in, in, in.base); err != nil {
		return r, err
	}
	r.rss = []int64{in.peakRSS()}
	return r, nil
}

// runVirtuoso measures one instance on Virtuoso (mode virtuoso) and two
// behind HAProxy (mode haproxy).
func runVirtuoso(o options, dir string) ([]result, error) {
	ctx := context.Background()
	for _, tool := range []string{"virtuoso-t", "redis-server", "haproxy"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is not installed (Debian packages virtuoso-opensource, redis-server, haproxy)", tool)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "virtuoso"), 0o750); err != nil {
		return nil, err
	}
	v, stopVirtuoso, err := testsupport.StartVirtuosoWith(filepath.Join(dir, "virtuoso"), o.buffers)
	if err != nil {
		return nil, err
	}
	defer stopVirtuoso()
	redisAddr, stopRedis, err := startRedis(filepath.Join(dir, "redis"))
	if err != nil {
		return nil, err
	}
	defer stopRedis()
	front, err := freeAddr()
	if err != nil {
		return nil, err
	}
	reused := o.reuse != ""
	if reused {
		// The IRIs of the database are those of its first run's address.
		cfg, err := os.ReadFile(filepath.Join(dir, "a.yaml"))
		if err != nil {
			return nil, fmt.Errorf("-reuse: %w", err)
		}
		line, _, _ := strings.Cut(string(cfg), "\n")
		front = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(line, "public_url: "), "http://"), "/")
	}
	// Both instances mint the IRIs of the public address, HAProxy's.
	base := "http://" + front + "/"
	iris, err := vocab.NewIRIs(base)
	if err != nil {
		return nil, err
	}
	site := newPartnerSite(o.perSource)
	defer site.close()
	loaded := result{}
	if reused {
		loaded.quads = uint64(o.sources-1) * uint64(o.perSource) * 20
		return measureVirtuoso(o, dir, v.SPARQL, redisAddr, front, base, site, loaded)
	}

	st, err := sparqlstore.Open(ctx, sparqlstore.Options{QueryURL: v.SPARQL, Dialect: sparqlstore.Virtuoso, Timeout: 10 * time.Minute})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "virtuoso: loading %d practices, one source graph per SPARQL update…\n", (o.sources-1)*o.perSource)
	start := time.Now()
	bySource := map[rdf.Term][]rdf.Triple{}
	for q, err := range generated(iris, o.sources, o.perSource) {
		if err != nil {
			return nil, err
		}
		bySource[q.G] = append(bySource[q.G], q.Triple())
	}
	for s := 1; s < o.sources; s++ {
		g := iris.SourceGraph(sourceID(s))
		t0 := time.Now()
		if err := store.ReplaceGraph(ctx, st, g, bySource[g]); err != nil {
			st.Close()
			return nil, fmt.Errorf("load %s: %w", g.Value, err)
		}
		loaded.quads += uint64(len(bySource[g]))
		delete(bySource, g)
		if s%10 == 0 || s == 1 {
			fmt.Fprintf(os.Stderr, "virtuoso: %d of %d source graphs (%v for the last one, %v in all)\n", s, o.sources-1, time.Since(t0).Round(time.Millisecond), time.Since(start).Round(time.Second))
		}
	}
	loaded.load = time.Since(start)
	st.Close()
	fmt.Fprintf(os.Stderr, "virtuoso: %d quads in %v\n", loaded.quads, loaded.load.Round(time.Millisecond))
	return measureVirtuoso(o, dir, v.SPARQL, redisAddr, front, base, site, loaded)
}

// measureVirtuoso runs the instances on the loaded Virtuoso.
func measureVirtuoso(o options, dir, sparqlURL, redisAddr, front, base string, site *partnerSite, loaded result) ([]result, error) {
	var out []result
	v := struct{ SPARQL string }{sparqlURL}

	storeCfg := fmt.Sprintf("store: {kind: sparql, query_url: %q, dialect: virtuoso, refresh: 1s, timeout: 5m}\nharvest: {redis_url: \"redis://%s/0\", lock_ttl: 10s}\n", v.SPARQL, redisAddr)
	cfg := config(base, storeCfg, site.URL)
	addrA, err := freeAddr()
	if err != nil {
		return nil, err
	}
	a, err := startServe(o.binary, "a", dir, addrA, cfg)
	if err != nil {
		return nil, err
	}
	defer a.stop()
	if slices.Contains(o.modes, "virtuoso") {
		r := loaded
		r.mode = "Virtuoso 7.2, 1 instance"
		if err := measure(o, &r, site, a, a, a.base); err != nil {
			return out, err
		}
		r.rss = []int64{a.peakRSS()}
		out = append(out, r)
		report(out)
	}
	if !slices.Contains(o.modes, "haproxy") {
		return out, nil
	}
	addrB, err := freeAddr()
	if err != nil {
		return out, err
	}
	// b starts with a copy of a's review state: review takes over source
	// graphs written without it (the generated ones) once per instance,
	// which on Virtuoso takes about 8 s per source graph.
	if err := copyFile(filepath.Join(dir, "a", "data", "review.db"), filepath.Join(dir, "b", "data", "review.db")); err != nil {
		return out, err
	}
	b, err := startServe(o.binary, "b", dir, addrB, cfg)
	if err != nil {
		return out, err
	}
	defer b.stop()
	stopHAProxy, err := startHAProxy(filepath.Join(dir, "haproxy.cfg"), front, a, b)
	if err != nil {
		return out, err
	}
	defer stopHAProxy()
	r := loaded
	r.mode = "Virtuoso 7.2, 2 instances behind HAProxy"
	// Harvest through a (the leader), watch b; load through HAProxy.
	if err := measure(o, &r, site, a, b, "http://"+front); err != nil {
		return append(out, r), err
	}
	r.rss = []int64{a.peakRSS(), b.peakRSS()}
	return append(out, r), nil
}

// copyFile copies a file, making the target's directory.
func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// config is a skillsmap.yaml for the benchmark. The partner is crawled
// with a 1 ms delay (0 would mean the default, 1 s) by 8 workers.
func config(base, storeSection, siteURL string) string {
	return fmt.Sprintf(`public_url: %s
admin_token: %s
%sserver: {rate_limit: 1000000, rate_burst: 1000000}
sparql: {rate_limit: 1000000}
sources:
  - id: %s
    name: Partner on loopback
    start_urls: [%q]
    extractor: jsonld
    local: true
    crawl: {links: "a.p", max_pages: 100000}
    politeness: {delay: 1ms, parallelism: 8, retries: 0}
    min_record_ratio: 0
`, base, token, storeSection, harvestedID, siteURL+"/listing")
}

// measure harvests the partner site once through harvester, then times
// the rounds (harvest through harvester, watch watcher) and the load
// against front.
func measure(o options, r *result, site *partnerSite, harvester, watcher *instance, front string) error {
	r.practices = (o.sources - 1) * o.perSource
	// The first index build, on the first request of the layer.
	// The server's write timeout may cut the first request while the index
	// is built (minutes over an external store); the build goes on.
	t0 := time.Now()
	for {
		_, err := countFeatures(watcher.base, "")
		if err == nil {
			break
		}
		if time.Since(t0) > time.Hour {
			return fmt.Errorf("first layer: %w", err)
		}
		fmt.Fprintf(os.Stderr, "%s: first layer after %v: %v (asking again)\n", r.mode, time.Since(t0).Round(time.Second), err)
	}
	r.firstIndex = time.Since(t0)
	fmt.Fprintf(os.Stderr, "%s: first index build and layer %v\n", r.mode, r.firstIndex.Round(time.Millisecond))
	// The partner's first harvest (not timed: it adds its practices).
	word := site.mark(0)
	if _, err := harvestUntilVisible(harvester, watcher, word); err != nil {
		return fmt.Errorf("first harvest: %w", err)
	}
	r.practices += o.perSource
	for round := 1; round <= o.rounds; round++ {
		word := site.mark(round)
		v, err := harvestUntilVisible(harvester, watcher, word)
		if err != nil {
			return fmt.Errorf("round %d: %w", round, err)
		}
		fmt.Fprintf(os.Stderr, "%s: round %d: on the map %v after the trigger, %v after the commit began, %v after it ended; index %s in %v\n", r.mode, round,
			v.fromTrigger.Round(time.Millisecond), v.fromCommit.Round(time.Millisecond), v.fromWritten.Round(time.Millisecond), v.how, v.index.Round(time.Millisecond))
		r.fromTrigger = append(r.fromTrigger, v.fromTrigger)
		r.fromCommit = append(r.fromCommit, v.fromCommit)
		r.fromWritten = append(r.fromWritten, v.fromWritten)
		r.indexUpdate = append(r.indexUpdate, v.index)
	}
	// The practices' ids, for the pages.
	ids, err := practiceIDs(front, 2000)
	if err != nil {
		return err
	}
	kinds := []struct {
		name, accept string
		url          func(r *rand.Rand) string
	}{
		{"map layer: GET /map/practices.geojson (gzip)", "", func(*rand.Rand) string { return front + "/map/practices.geojson" }},
		{"OGC API: GET /ogc/collections/practices/items?bbox=(4°×4°)&limit=100 (GeoJSON)", "application/geo+json", func(r *rand.Rand) string {
			lon, lat := -10+r.Float64()*36, 36+r.Float64()*24
			return fmt.Sprintf("%s/ogc/collections/practices/items?limit=100&bbox=%.2f,%.2f,%.2f,%.2f", front, lon, lat, lon+4, lat+4)
		}},
		{"practice page: GET /practice/{id} (HTML)", "text/html", func(r *rand.Rand) string { return front + "/practice/" + ids[r.IntN(len(ids))] }},
	}
	for _, k := range kinds {
		kr := load(o.conns, o.duration, k.url, k.accept)
		kr.name = k.name
		fmt.Fprintf(os.Stderr, "%s: %s: %d requests, p50 %v, p99 %v, %d errors\n", r.mode, k.name, len(kr.times), pct(kr.times, 50), pct(kr.times, 99), kr.errors)
		r.kinds = append(r.kinds, kr)
	}
	return nil
}

// visibility is how soon a harvest showed on the map.
type visibility struct {
	fromTrigger, fromCommit, fromWritten, index time.Duration
	how                                         string // "updated" or "built"
}

// harvestUntilVisible triggers a harvest of the partner through one
// instance and polls the other's map layer until the word shows.
func harvestUntilVisible(harvester, watcher *instance, word string) (visibility, error) {
	var v visibility
	t0 := time.Now()
	var run string
	var err error
	for {
		run, err = trigger(harvester.base)
		if !errors.Is(err, errBusy) {
			break
		}
		if time.Since(t0) > time.Minute {
			return v, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return v, err
	}
	t0 = time.Now()
	for {
		n, err := countFeatures(watcher.base, word)
		if err != nil {
			return v, err
		}
		if n > 0 {
			break
		}
		if time.Since(t0) > visibleWithin {
			return v, fmt.Errorf("%q not on %s's map after %v", word, watcher.name, visibleWithin)
		}
		time.Sleep(10 * time.Millisecond)
	}
	seen := time.Now()
	finished, err := runFinished(harvester.base, run)
	if err != nil {
		return v, err
	}
	v.fromTrigger, v.fromCommit = seen.Sub(t0), seen.Sub(finished)
	// The logs: when the write ended, and the index update before seen.
	for _, e := range logEntries(harvester.log.Name()) {
		if e.msg == "harvest done" && e.attrs["run"] == run {
			v.fromWritten = seen.Sub(e.time)
		}
	}
	for _, e := range logEntries(watcher.log.Name()) {
		if (e.msg == "index updated" || e.msg == "index built") && e.time.After(finished) && e.time.Before(seen) {
			v.index, _ = time.ParseDuration(e.attrs["duration"])
			v.how = strings.TrimPrefix(e.msg, "index ")
		}
	}
	return v, nil
}

// logEntry is one line of slog's text format.
type logEntry struct {
	time  time.Time
	msg   string
	attrs map[string]string
}

// logEntries reads the entries of a serve process's log.
func logEntries(path string) []logEntry {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []logEntry
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "time=") {
			continue
		}
		e := logEntry{attrs: map[string]string{}}
		for rest := line; rest != ""; {
			k, after, ok := strings.Cut(rest, "=")
			if !ok {
				break
			}
			var val string
			if strings.HasPrefix(after, `"`) {
				q, err := strconv.QuotedPrefix(after)
				if err != nil {
					break
				}
				val, _ = strconv.Unquote(q)
				after = after[len(q):]
			} else {
				val, after, _ = strings.Cut(after, " ")
			}
			e.attrs[k] = val
			rest = strings.TrimLeft(after, " ")
		}
		e.time, _ = time.Parse(time.RFC3339Nano, e.attrs["time"])
		e.msg = e.attrs["msg"]
		out = append(out, e)
	}
	return out
}

var errBusy = errors.New("a harvest of the source is running")

// trigger starts a harvest of the partner and returns the run's id.
func trigger(base string) (string, error) {
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/harvest/"+harvestedID, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body struct{ Run string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return "", fmt.Errorf("harvest trigger: %s: %w", resp.Status, err)
	}
	switch resp.StatusCode {
	case http.StatusAccepted:
		return body.Run, nil
	case http.StatusConflict:
		return "", errBusy
	}
	return "", fmt.Errorf("harvest trigger: %s", resp.Status)
}

// runFinished waits for a run to end and returns its finished time, taken
// just before its commit.
func runFinished(base, run string) (time.Time, error) {
	deadline := time.Now().Add(visibleWithin)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/harvest.json?" + url.Values{"source": {harvestedID}, "run": {run}}.Encode())
		if err != nil {
			return time.Time{}, err
		}
		var rep struct {
			Status            string
			Reason            string
			Started, Finished time.Time
			Pages, Records    int
		}
		err = json.NewDecoder(resp.Body).Decode(&rep)
		resp.Body.Close()
		if err != nil {
			return time.Time{}, fmt.Errorf("run report: %w", err)
		}
		switch rep.Status {
		case "failed":
			return time.Time{}, fmt.Errorf("run %s failed: %s", run, rep.Reason)
		case "running", "":
		default:
			fmt.Fprintf(os.Stderr, "  run %s: %d pages, %d records, crawled in %v\n", run, rep.Pages, rep.Records, rep.Finished.Sub(rep.Started).Round(time.Millisecond))
			return rep.Finished, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("run %s did not end", run)
}

// countFeatures counts the features of the map layer, filtered on q.
func countFeatures(base, q string) (int, error) {
	u := base + "/map/practices.geojson"
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
		return 0, fmt.Errorf("GET %s: %s %s", u, resp.Status, b)
	}
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		return 0, fmt.Errorf("GET %s: %w", u, err)
	}
	return len(fc.Features), nil
}

// practiceIDs reads up to n practice ids from the OGC items.
func practiceIDs(base string, n int) ([]string, error) {
	resp, err := http.Get(fmt.Sprintf("%s/ogc/collections/practices/items?limit=%d", base, n))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var fc struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		return nil, fmt.Errorf("OGC items: %s: %w", resp.Status, err)
	}
	var ids []string
	for _, f := range fc.Features {
		ids = append(ids, f.ID)
	}
	if len(ids) == 0 {
		return nil, errors.New("OGC items: no practices")
	}
	return ids, nil
}

// load runs conns clients for d, each sending requests one after another,
// and returns their times.
// An empty accept asks for the gzip coding of the default type.
func load(conns int, d time.Duration, next func(r *rand.Rand) string, accept string) kindResult {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
	defer client.CloseIdleConnections()
	var (
		mu     sync.Mutex
		out    kindResult
		wg     sync.WaitGroup
		errs   atomic.Int64
		nbytes atomic.Int64
	)
	start := time.Now()
	stop := start.Add(d)
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 14))
			var mine []time.Duration
			for time.Now().Before(stop) {
				req, _ := http.NewRequest(http.MethodGet, next(r), nil)
				if accept == "" {
					req.Header.Set("Accept-Encoding", "gzip")
				} else {
					req.Header.Set("Accept", accept)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
				nbytes.Add(n)
			}
			mu.Lock()
			out.times = append(out.times, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.duration = time.Since(start)
	out.errors = int(errs.Load())
	out.bytes = nbytes.Load()
	return out
}

// sourceID names generated source s.
func sourceID(s int) string { return fmt.Sprintf("gen-%03d", s) }

var cities = []struct {
	name, nuts string
	lat, lon   float64
}{
	{"Berlin", "DE300", 52.52, 13.405}, {"Paris", "FR101", 48.857, 2.352}, {"Madrid", "ES300", 40.417, -3.704},
	{"Rome", "ITI43", 41.893, 12.483}, {"Vienna", "AT130", 48.208, 16.373}, {"Warsaw", "PL911", 52.23, 21.012},
	{"Lisbon", "PT170", 38.722, -9.139}, {"Prague", "CZ010", 50.088, 14.421}, {"Athens", "EL303", 37.984, 23.728},
	{"Helsinki", "FI1B1", 60.17, 24.938}, {"Leipzig", "DED51", 51.34, 12.37}, {"Lyon", "FRK26", 45.76, 4.84},
	{"Bilbao", "ES213", 43.263, -2.935}, {"Cluj-Napoca", "RO113", 46.77, 23.59}, {"Tallinn", "EE001", 59.437, 24.745},
}

// generated yields the practices of sources 1 to sources-1, perSource
// each, as the harvester writes them (bench/exchange's shape, with places
// spread around fifteen cities, several skills and target groups, a
// delivery mode, dates and provenance of the page).
func generated(n vocab.IRIs, sources, perSource int) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		t := n.Terms()
		r := rand.New(rand.NewPCG(14, 2))
		digcomp := []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"}
		groups := []string{"refugee-women", "older-people", "young-people", "job-seekers", "smes", "librarians"}
		modes := []string{"online", "face-to-face", "hybrid"}
		seen := rdf.Literal("2026-11-01T08:00:00Z", rdf.XSDDateTime)
		harvested := n.Concept(vocab.EditorialStatuses, "harvested")
		for s := 1; s < sources; s++ {
			src := sourceID(s)
			g := n.SourceGraph(src)
			for i := range perSource {
				id := fmt.Sprintf("%s-p%04d", src, i)
				p := n.Practice(id)
				c := cities[r.IntN(len(cities))]
				place := n.Place(id, c.name)
				quads := []rdf.Quad{
					{S: p, P: rdf.Type, O: t.Practice},
					{S: p, P: vocab.DCTIdentifier, O: rdf.String(id)},
					{S: p, P: vocab.DCTTitle, O: rdf.LangString(fmt.Sprintf("Digital skills practice %d of source %d in %s", i, s, c.name), "en")},
					{S: p, P: vocab.DCTDescription, O: rdf.LangString("A generated practice that teaches digital skills to people in "+c.name+": using phones, online services and staying safe online.", "en")},
					{S: p, P: vocab.SchemaTeaches, O: n.Concept(vocab.DigComp, digcomp[r.IntN(len(digcomp))])},
					{S: p, P: vocab.SchemaTeaches, O: n.Concept(vocab.DigComp, digcomp[r.IntN(len(digcomp))])},
					{S: p, P: t.TargetGroup, O: n.Concept(vocab.TargetGroups, groups[r.IntN(len(groups))])},
					{S: p, P: t.DeliveryMode, O: n.Concept(vocab.DeliveryModes, modes[r.IntN(len(modes))])},
					{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion(c.nuts)},
					{S: p, P: vocab.LOCNLocation, O: place},
					{S: p, P: vocab.DCTSource, O: rdf.IRI(fmt.Sprintf("https://%s.example.eu/practices/%d", src, i))},
					{S: p, P: vocab.SchemaStartDate, O: rdf.Literal(fmt.Sprintf("20%02d-%02d-01", 15+r.IntN(10), 1+r.IntN(12)), rdf.XSDDate)},
					{S: p, P: t.FirstSeen, O: seen},
					{S: p, P: t.LastSeen, O: seen},
					{S: p, P: vocab.ADMSStatus, O: harvested},
					{S: place, P: rdf.Type, O: vocab.DCTLocation},
					{S: place, P: vocab.LOCNGeographicName, O: rdf.String(c.name)},
					{S: place, P: vocab.GeoSfWithin, O: vocab.NUTSRegion(c.nuts)},
					{S: place, P: vocab.WGS84Lat, O: vocab.Coordinate(c.lat + r.Float64() - 0.5)},
					{S: place, P: vocab.WGS84Long, O: vocab.Coordinate(c.lon + r.Float64() - 0.5)},
				}
				for _, q := range quads {
					q.G = g
					if !yield(q, nil) {
						return
					}
				}
			}
		}
	}
}

// partnerSite serves perSource practices as JSON-LD pages and a listing
// that links them; mark renames one practice.
type partnerSite struct {
	URL string
	srv *httptest.Server
	n   int

	mu     sync.Mutex
	marked int
	word   string
}

func newPartnerSite(n int) *partnerSite {
	s := &partnerSite{n: n, marked: -1}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

func (s *partnerSite) close() { s.srv.Close() }

// mark gives practice round (mod n) a title with a new word and returns
// the word.
func (s *partnerSite) mark(round int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marked = round % s.n
	s.word = fmt.Sprintf("scaleoutmark%dx%d", round, time.Now().UnixNano()%1_000_000)
	return s.word
}

func (s *partnerSite) serve(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	switch {
	case r.URL.Path == "/listing":
		b.WriteString("<html><body>")
		for i := range s.n {
			fmt.Fprintf(&b, `<a class="p" href="/p/%d">practice %d</a>`, i, i)
		}
		b.WriteString("</body></html>")
	case strings.HasPrefix(r.URL.Path, "/p/"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil || i < 0 || i >= s.n {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		title := fmt.Sprintf("Partner practice %d", i)
		if i == s.marked {
			title += " " + s.word
		}
		s.mu.Unlock()
		c := cities[i%len(cities)]
		doc := map[string]any{
			"@context": "https://schema.org", "@type": "Project", "@id": fmt.Sprintf("%s/p/%d", s.URL, i),
			"name": title, "description": "A digital skills practice of the partner, in " + c.name + ".",
			"location": map[string]any{"@type": "Place", "name": c.name,
				"geo": map[string]any{"@type": "GeoCoordinates", "latitude": c.lat + float64(i%100)/200, "longitude": c.lon + float64(i%77)/150}},
		}
		js, _ := json.Marshal(doc)
		fmt.Fprintf(&b, `<html lang="en"><head><script type="application/ld+json">%s</script></head><body></body></html>`, js)
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// instance is a skillsmap serve process.
type instance struct {
	name, base string
	cmd        *exec.Cmd
	log        *os.File
}

// startServe writes the configuration and starts `skillsmap serve` on
// addr, waiting until it answers.
func startServe(binary, name, dir, addr, cfg string) (*instance, error) {
	if err := os.MkdirAll(filepath.Join(dir, name), 0o750); err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if name != "embedded" {
		data = filepath.Join(dir, name, "data")
	}
	logFile, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	in := &instance{name: name, base: "http://" + addr, log: logFile}
	in.cmd = exec.Command(binary, "serve", "--config", cfgPath, "--addr", addr, "--data", data, "--log-level", "info")
	in.cmd.Stdout, in.cmd.Stderr = logFile, logFile
	if err := in.cmd.Start(); err != nil {
		return nil, err
	}
	// Review takes over the generated source graphs before the server
	// listens (minutes on Virtuoso).
	deadline := time.Now().Add(time.Hour)
	for time.Now().Before(deadline) {
		resp, err := http.Get(in.base + "/harvest.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in, nil
			}
		}
		if in.cmd.ProcessState != nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	in.stop()
	out, _ := os.ReadFile(logFile.Name())
	return nil, fmt.Errorf("instance %s did not come up:\n%s", name, out)
}

func (in *instance) stop() {
	in.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { in.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		in.cmd.Process.Kill()
		<-done
	}
	in.log.Close()
}

// peakRSS is the process's peak resident set (VmHWM).
func (in *instance) peakRSS() int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(in.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// startRedis runs redis-server on loopback without persistence.
func startRedis(dir string) (addr string, stop func(), err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", nil, err
	}
	addr, err = freeAddr()
	if err != nil {
		return "", nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			conn.Close()
			return addr, stop, nil
		}
	}
	stop()
	return "", nil, errors.New("redis-server did not answer")
}

// startHAProxy balances the instances (leastconn), as the README's
// reference layout does.
func startHAProxy(path, front string, backends ...*instance) (stop func(), err error) {
	var servers strings.Builder
	for _, b := range backends {
		fmt.Fprintf(&servers, "  server %s %s check\n", b.name, strings.TrimPrefix(b.base, "http://"))
	}
	cfg := fmt.Sprintf(`global
  maxconn 1024
defaults
  mode http
  timeout connect 5s
  timeout client 120s
  timeout server 120s
  option http-keep-alive
frontend map
  bind %s
  default_backend readers
backend readers
  balance leastconn
  option httpchk GET /harvest.json
  default-server inter 1s fall 3 rise 2
%s`, front, servers.String())
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command("haproxy", "-db", "-f", path)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get("http://" + front + "/harvest.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, nil
			}
		}
	}
	stop()
	return nil, errors.New("haproxy did not answer")
}
