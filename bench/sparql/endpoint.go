package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/bench/bsbm"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// runEndpoint runs the Explore mix against a running SPARQL endpoint (a
// `skillsmap serve` holding a store loaded from the same generator and
// seed) over loopback HTTP, and reports latencies and, given the server's
// process id, its resident memory while the mix runs.
func runEndpoint(endpoint string, size, mixes, warmup int, seed uint64, pid int) error {
	ds, err := bsbm.Generate(size, seed, func(rdf.Triple) error { return nil })
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 5 * time.Minute}
	r := rand.New(rand.NewPCG(seed, 7))
	times := map[string][]time.Duration{}
	var names []string
	var mixTime time.Duration
	var peakRSS, peakAnon, peakFile int64
	for i := range mixes + warmup {
		for _, q := range bsbm.ExploreMix(ds, r) {
			took, err := post(client, endpoint, q.Text)
			if err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			if pid > 0 {
				rss, anon, file := readRSS(strconv.Itoa(pid))
				peakRSS, peakAnon, peakFile = max(peakRSS, rss), max(peakAnon, anon), max(peakFile, file)
			}
			if i < warmup {
				continue
			}
			if len(times[q.Name]) == 0 {
				names = append(names, q.Name)
			}
			times[q.Name] = append(times[q.Name], took)
			mixTime += took
		}
	}
	fmt.Printf("### %s triples over HTTP (%s)\n\n| query | median | p90 |\n| --- | ---: | ---: |\n", human(ds.Triples), endpoint)
	for _, name := range names {
		ts := slices.Clone(times[name])
		slices.Sort(ts)
		fmt.Printf("| %s | %s | %s |\n", name, ms(ts[len(ts)/2]), ms(ts[len(ts)*9/10]))
	}
	fmt.Printf("\n- Explore mix %.1f ms per mix = **%s QMpH** (sequential, one client)\n",
		float64(mixTime.Microseconds())/1000/float64(mixes), human(int(3600/(mixTime.Seconds()/float64(mixes)))))
	if pid > 0 {
		fmt.Printf("- server RSS: highest seen while the mix ran %s MiB (anonymous at most %s MiB, mapped file at most %s MiB)\n",
			human(int(peakRSS>>20)), human(int(peakAnon>>20)), human(int(peakFile>>20)))
	}
	fmt.Println()
	return nil
}

// post sends one query and reads the whole answer.
func post(client *http.Client, endpoint, query string) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(query))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/sparql-query")
	req.Header.Set("Accept", "application/sparql-results+json, application/n-triples;q=0.9")
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %s", resp.Status)
	}
	return time.Since(t0), nil
}
