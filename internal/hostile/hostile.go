// Package hostile runs a hostile load against a Skillsmap server on
// loopback: many concurrent clients mixing normal pages, SPARQL queries,
// dumps read slowly, and pathological queries and updates, while the
// caller commits to the store. The end-to-end test and the bench/abuse
// benchmark share it. Every client stops by itself when the run ends;
// only the given base URL is contacted.
package hostile

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config describes a run.
type Config struct {
	// Base is the server's URL, e.g. "http://127.0.0.1:8080" (loopback).
	Base string
	// Clients is the number of concurrent clients (default 64).
	Clients int
	// Duration is how long the clients keep asking (default 15s).
	Duration time.Duration
	// Token is the admin token, for the runaway update; empty leaves it out.
	Token string
	// Pages are the paths of normal pages (default: the home page, the
	// practice list, the map layer, OGC items, the catalog).
	Pages []string
	// Commit, when set, runs once after a quarter of the run: a store
	// write such as a harvest commit. Its duration is reported.
	Commit func(ctx context.Context) error
}

// Report is what a run saw.
type Report struct {
	// Pages are the latencies of the normal pages that answered 2xx/3xx.
	Pages []time.Duration
	// PageErrors counts normal pages that failed (transport error, 5xx).
	PageErrors int
	// PageLimited counts normal pages answered 429 (rate limited).
	PageLimited int
	// Queries are the latencies of ordinary SPARQL queries.
	Queries []time.Duration
	// QueryStatus counts the ordinary queries' statuses (0: transport error).
	QueryStatus map[int]int
	// Pathological counts each pathological request's statuses, by name.
	Pathological map[string]map[int]int
	// SlowestPathological is the longest a pathological request took.
	SlowestPathological time.Duration
	// DumpBytes is what the slow dump readers read.
	DumpBytes int64
	// Commit is how long the commit took; CommitErr its error.
	Commit    time.Duration
	CommitErr error
	Committed bool
}

// Percentile returns the p-th percentile (0–100) of ds.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// Cut is the status recorded for a response whose transfer the server
// cut off after the status line (a streaming result over a limit).
const Cut = -1

// Pathological are the hostile requests: name → query (or update, when
// the name starts with "update").
func Pathological() map[string]string {
	deep := strings.Repeat("{ ", 10000) + "?s ?p ?o" + strings.Repeat(" }", 10000)
	return map[string]string{
		"cross product":          `SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`,
		"(a|b)* over everything": `SELECT (COUNT(*) AS ?n) { ?x (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>|^<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>|<http://www.w3.org/2004/02/skos/core#broader>|^<http://www.w3.org/2004/02/skos/core#broader>)* ?y }`,
		"10,000 nested groups":   `SELECT * { ` + deep + ` }`,
		"catastrophic regex":     `SELECT (COUNT(*) AS ?n) { ?s ?p ?o . ?a ?b ?c FILTER(REGEX(CONCAT(STR(?o), STR(?c)), "^(a|aa|a?)+(b|.*)*$", "i")) }`,
		"GROUP_CONCAT cross":     `SELECT ?a (GROUP_CONCAT(?c) AS ?x) WHERE { ?a <http://purl.org/dc/terms/description> ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a`,
		"DISTINCT cross":         `SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?a ?b ?c ?d { ?a ?p ?b . ?c ?q ?d } }`,
		"ORDER BY cross":         `SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f`,
		"update runaway INSERT":  `INSERT { GRAPH <urn:x-hostile:graph> { ?a <urn:x-hostile:p> ?f } } WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } }`,
	}
}

// ordinary are SPARQL queries a researcher would send.
var ordinary = []string{
	`SELECT ?p ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t } LIMIT 20`,
	`SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p <http://purl.org/dc/terms/type> ?c } GROUP BY ?c`,
	`ASK { ?s ?p ?o }`,
}

// Run runs the load and returns what it saw.
func Run(ctx context.Context, cfg Config) *Report {
	if cfg.Clients <= 0 {
		cfg.Clients = 64
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 15 * time.Second
	}
	if len(cfg.Pages) == 0 {
		cfg.Pages = []string{"/", "/practices", "/map/practices.geojson", "/ogc/collections/practices/items?limit=10", "/catalog", "/sparql"}
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	rep := &Report{QueryStatus: map[int]int{}, Pathological: map[string]map[int]int{}}
	var mu sync.Mutex
	transport := &http.Transport{MaxIdleConnsPerHost: cfg.Clients, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 2 * time.Minute}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range Pathological() {
			if !yield(k) {
				return
			}
		}
	})
	path := Pathological()
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		// Each client has an address of its own (documentation ranges, in
		// X-Forwarded-For only: the server trusts its loopback proxy), so
		// that per-client limits apply per client.
		addr := fmt.Sprintf("198.51.100.%d", i+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch {
			case i%16 == 0:
				n := slowDump(ctx, client, cfg.Base, addr)
				mu.Lock()
				rep.DumpBytes += n
				mu.Unlock()
			case i%4 == 1:
				for k := i; ctx.Err() == nil; k++ {
					name := names[k%len(names)]
					status, d := hostileRequest(ctx, client, cfg, addr, name, path[name])
					mu.Lock()
					if rep.Pathological[name] == nil {
						rep.Pathological[name] = map[int]int{}
					}
					if status != 0 || ctx.Err() == nil {
						rep.Pathological[name][status]++
					}
					rep.SlowestPathological = max(rep.SlowestPathological, d)
					mu.Unlock()
				}
			case i%4 == 2:
				for k := 0; ctx.Err() == nil; k++ {
					q := ordinary[k%len(ordinary)]
					start := time.Now()
					status := get(ctx, client, cfg.Base+"/sparql?query="+url.QueryEscape(q), addr, "application/sparql-results+json")
					d := time.Since(start)
					mu.Lock()
					if ctx.Err() == nil || status != 0 {
						rep.QueryStatus[status]++
						if status == 200 {
							rep.Queries = append(rep.Queries, d)
						}
					}
					mu.Unlock()
					pause(ctx, 100*time.Millisecond)
				}
			default:
				for k := i; ctx.Err() == nil; k++ {
					p := cfg.Pages[k%len(cfg.Pages)]
					start := time.Now()
					status := get(ctx, client, cfg.Base+p, addr, "")
					d := time.Since(start)
					mu.Lock()
					switch {
					case ctx.Err() != nil && status == 0:
					case status == http.StatusTooManyRequests:
						rep.PageLimited++
					case status == 0 || status >= 500:
						rep.PageErrors++
					default:
						rep.Pages = append(rep.Pages, d)
					}
					mu.Unlock()
					pause(ctx, 50*time.Millisecond)
				}
			}
		}()
	}
	if cfg.Commit != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pause(ctx, cfg.Duration/4)
			start := time.Now()
			err := cfg.Commit(context.Background())
			mu.Lock()
			rep.Commit, rep.CommitErr, rep.Committed = time.Since(start), err, true
			mu.Unlock()
		}()
	}
	wg.Wait()
	return rep
}

func pause(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// get fetches a URL as the client at addr and reads the body; it returns
// the status, 0 for a transport error.
func get(ctx context.Context, client *http.Client, u, addr, accept string) int {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0
	}
	req.Header.Set("X-Forwarded-For", addr)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0
	}
	return resp.StatusCode
}

// hostileRequest sends one pathological query (or update) and returns its
// status and how long the answer took. It is not cancelled by the run's
// end: the server must answer it within its budget.
func hostileRequest(ctx context.Context, client *http.Client, cfg Config, addr, name, text string) (int, time.Duration) {
	var req *http.Request
	if strings.HasPrefix(name, "update") {
		if cfg.Token == "" {
			pause(ctx, time.Second)
			return 0, 0
		}
		req, _ = http.NewRequest("POST", cfg.Base+"/sparql/update", strings.NewReader(url.Values{"update": {text}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+cfg.Token)
	} else {
		req, _ = http.NewRequest("POST", cfg.Base+"/sparql", strings.NewReader(url.Values{"query": {text}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/sparql-results+json")
	}
	req.Header.Set("X-Forwarded-For", addr)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, time.Since(start)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		// The server cut a streaming result (over a budget after it
		// started): an incomplete transfer, never a whole-looking one.
		return Cut, d
	}
	if resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusTooManyRequests {
		pause(ctx, time.Second) // as Retry-After asks
	}
	return resp.StatusCode, d
}

// slowDump reads /dump.nq at about 1 KB/s until the run ends, then again
// from the start each time a download completes; it returns the bytes
// read.
func slowDump(ctx context.Context, client *http.Client, base, addr string) int64 {
	var total int64
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, "GET", base+"/dump.nq", nil)
		if err != nil {
			return total
		}
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := client.Do(req)
		if err != nil {
			return total
		}
		buf := make([]byte, 1024)
		for ctx.Err() == nil {
			n, err := resp.Body.Read(buf)
			total += int64(n)
			if err != nil {
				break
			}
			pause(ctx, time.Second)
		}
		resp.Body.Close()
	}
	return total
}

// ResetPeakRSS starts a new peak of the process's resident set size, so
// that PeakRSS measures from now on and not what earlier work (earlier
// tests in the same process) peaked at. It needs Linux 4.0 or later.
func ResetPeakRSS(pid string) error {
	return os.WriteFile("/proc/"+pid+"/clear_refs", []byte("5"), 0)
}

// PeakRSS returns the peak resident set size (VmHWM) of a process, "self"
// or a pid, in bytes.
func PeakRSS(pid string) (int64, error) {
	data, err := readFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(data, "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%s/status", pid)
}
