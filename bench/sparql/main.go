// Command sparql benchmarks Skillsmap's store and SPARQL engine and prints
// Markdown tables: load rate, per-query median latency over the Berlin
// SPARQL Benchmark's Explore mix (bench/bsbm) and over queries in the shape
// of the map's own data, and peak memory.
//
//	go run ./bench/sparql                    # 100k and 1M triples
//	go run ./bench/sparql -sizes 100000 -mixes 20
//
// The store is the real bbolt store in a temporary directory (fsync on, as
// in production).
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/skillsmap/skillsmap/bench/bsbm"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

func main() {
	sizes := flag.String("sizes", "100000,1000000", "comma-separated dataset sizes in triples")
	mixes := flag.Int("mixes", 20, "measured runs of the query mix (after 3 warm-up runs)")
	seed := flag.Uint64("seed", 42, "generator seed")
	flag.Parse()
	fmt.Printf("Skillsmap SPARQL benchmark — %s, %s/%s, %d CPU, GOMAXPROCS %d, %s\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bad size %q\n", s)
			os.Exit(2)
		}
		if err := run(n, *mixes, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "benchmark:", err)
			os.Exit(1)
		}
	}
}

func run(size, mixes int, seed uint64) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "skillsmap-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()

	// Load: generate and write in batches, as `skillsmap load` would.
	var batch []rdf.Quad
	var ds bsbm.Dataset
	start := time.Now()
	var loadErr error
	flush := func() {
		if loadErr != nil || len(batch) == 0 {
			return
		}
		loadErr = st.Update(ctx, func(w store.Writer) error {
			for _, q := range batch {
				if err := w.Add(q); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
	}
	g := rdf.IRI("http://example.org/graph/bsbm")
	ds, err = bsbm.Generate(size, seed, func(t rdf.Triple) error {
		batch = append(batch, rdf.Quad{S: t.S, P: t.P, O: t.O, G: g})
		if len(batch) == store.DefaultLoadBatch {
			flush()
		}
		return loadErr
	})
	flush()
	if err == nil {
		err = loadErr
	}
	if err != nil {
		return err
	}
	loadTime := time.Since(start)
	mapQuads, err := loadMapShape(ctx, st, size/10, seed)
	if err != nil {
		return err
	}
	info, _ := os.Stat(dir + "/" + store.FileName)
	fmt.Printf("### %s triples (BSBM: %d products; plus %d quads of map-shaped practices)\n\n", human(ds.Triples), ds.Products, mapQuads)
	fmt.Printf("Load: %s triples in %.1f s = **%s triples/s** (bbolt, fsync on, %d-quad batches); store file %s MB\n\n",
		human(ds.Triples), loadTime.Seconds(), human(int(float64(ds.Triples)/loadTime.Seconds())), store.DefaultLoadBatch, human(int(info.Size()>>20)))

	opts := sparql.Options{Timeout: 5 * time.Minute}
	r := rand.New(rand.NewPCG(seed, 7))
	times := map[string][]time.Duration{}
	rows := map[string]int{}
	var names []string
	for i := range mixes + 3 {
		qs := append(bsbm.ExploreMix(ds, r), mapQueries()...)
		for _, q := range qs {
			t0 := time.Now()
			n, err := count(ctx, st, q.Text, opts)
			if err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			if i >= 3 { // warm-up runs are not measured
				if _, seen := times[q.Name]; !seen {
					names = append(names, q.Name)
				}
				times[q.Name] = append(times[q.Name], time.Since(t0))
				rows[q.Name] += n
			}
		}
	}
	fmt.Println("| query | median | p90 | mean rows |")
	fmt.Println("| --- | ---: | ---: | ---: |")
	for _, name := range names {
		ts := times[name]
		slices.Sort(ts)
		fmt.Printf("| %s | %s | %s | %d |\n", name, ms(ts[len(ts)/2]), ms(ts[len(ts)*9/10]), rows[name]/len(ts))
	}
	fmt.Printf("\nPeak memory (max RSS of the process so far): %s MB\n\n", human(maxRSSMB()))
	return nil
}

func count(ctx context.Context, st store.Store, text string, opts sparql.Options) (int, error) {
	res, err := sparql.Query(ctx, st, text, opts)
	if err != nil {
		return 0, err
	}
	defer res.Close()
	n := 0
	for res.Next() {
		n++
	}
	if res.Form == sparql.Ask && res.Boolean {
		n = 1
	}
	return n, res.Err()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func human(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func maxRSSMB() int {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return int(ru.Maxrss / 1024) // Linux reports KiB
}
