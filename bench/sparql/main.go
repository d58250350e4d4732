// Command sparql benchmarks Skillsmap's store and SPARQL engine against
// Oxigraph on the same data and queries, and prints Markdown tables: load
// rate, per-query median latency over the Berlin SPARQL Benchmark's Explore
// mix (bench/bsbm) and over queries in the shape of the map's own data, the
// mix's rate (query mixes per hour), and memory.
//
//	go run ./bench/sparql                          # 100k and 1M triples
//	go run ./bench/sparql -sizes 10000000 -mixes 10
//	go run ./bench/sparql -oxigraph ''             # Skillsmap alone
//	go run ./bench/sparql -sizes 10000000 -endpoint http://localhost:8080/sparql -pid PID
//
// The last runs the Explore mix over HTTP against a server that holds the
// same generated data (go run ./bench/bsbmgen -triples N -seed S, loaded with
// skillsmap load), and reports the server's memory while the mix runs.
//
// The data go to one N-Quads file, which Skillsmap loads with store.BulkLoad
// into the real bbolt store (fsync on, as `skillsmap load` does; in a child
// process, so that the queries run in a process that only opened the store,
// as a server does) and
// Oxigraph 0.5 (the npm package's WebAssembly build, in memory, in Node.js)
// loads in line-aligned chunks. Before the queries the store's file is read
// once, so that it is in the page cache (Oxigraph holds everything in
// memory). Both engines run the same mixes, one engine at a time (Node
// starts after Skillsmap's mixes), each query timed inside its engine's
// process, end to end: parse, plan, evaluate, and build every solution.
// The Explore mixes run first, alone, as BSBM defines the mix; the map's
// queries then run in mixes of their own.
//
// -keep DIR keeps the data and the store for the next run (which then
// skips the load), -only selects queries by name: together they make a
// quick loop for profiling one query (-cpuprofile).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/bench/bsbm"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

func main() {
	sizes := flag.String("sizes", "100000,1000000", "comma-separated dataset sizes in triples")
	mixes := flag.Int("mixes", 20, "measured runs of the query mix")
	warmup := flag.Int("warmup", 3, "runs of the query mix before measuring")
	seed := flag.Uint64("seed", 42, "generator seed")
	modules := flag.String("oxigraph", filepath.Join("tools", "oxigraph", "node_modules"), "node_modules directory with the oxigraph package ('' to run Skillsmap alone)")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of Skillsmap's measured queries to this file")
	endpoint := flag.String("endpoint", "", "run the Explore mix against this SPARQL endpoint instead (a server holding data of the same -sizes and -seed, loaded with bsbmgen)")
	pid := flag.Int("pid", 0, "with -endpoint: the server's process id, to report its memory")
	flag.StringVar(&keepDir, "keep", "", "keep the generated data and the loaded store in this directory and reuse them on the next run (the load is then not measured again)")
	only := flag.String("only", "", "run only the queries whose names match this regular expression (e.g. 'Q5|Q12', for profiling)")
	flag.BoolVar(&explain, "explain", false, "print each selected query's plan with estimated and actual rows (sparql.ExplainAnalyze) once before measuring")
	flag.StringVar(&loadProfile, "loadprofile", "", "write a CPU profile of Skillsmap's bulk load (in the loader child) to this file")
	flag.StringVar(&loadFlag, "load", "", "(internal) load this N-Quads file into -store and exit")
	flag.StringVar(&storeFlag, "store", "", "(internal) the store directory of -load")
	flag.Parse()
	if loadFlag != "" {
		if err := loadChild(); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad -only:", err)
			os.Exit(2)
		}
		onlyQueries = re
	}
	fmt.Printf("Skillsmap SPARQL benchmark — %s, %s/%s, %d CPU, GOMAXPROCS %d, %s\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bad size %q\n", s)
			os.Exit(2)
		}
		if *endpoint != "" {
			err = runEndpoint(*endpoint, n, *mixes, *warmup, *seed, *pid)
		} else {
			err = run(n, *mixes, *warmup, *seed, *modules)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchmark:", err)
			os.Exit(1)
		}
	}
}

// cpuProfile names the file for a CPU profile of the measured queries.
var cpuProfile string

// keepDir, if set, holds the data and the store between runs.
var keepDir string

// onlyQueries, if set, selects the queries to run.
var onlyQueries *regexp.Regexp

// explain prints the plans of the first mix.
var explain bool

// engine is one system under test.
type engine struct {
	name  string
	query func(text string) (rows int, took time.Duration, err error)
}

// measured is what one engine did over the mixes.
type measured struct {
	engine  string
	names   []string // queries in mix order
	times   map[string][]time.Duration
	rows    map[string]int
	mixTime time.Duration // Explore queries (Q…) of the measured mixes
	failed  map[string]string
}

// measure runs each group of mixes through en, one group after the other;
// the first warmup mixes of a group are not measured. With profile set, it
// writes a CPU profile of the measured mixes of the first group there.
func measure(en engine, groups [][][]bsbm.Query, warmup int, profile string) measured {
	m := measured{engine: en.name, times: map[string][]time.Duration{}, rows: map[string]int{}, failed: map[string]string{}}
	for g, mixes := range groups {
		var prof *os.File
		for i, qs := range mixes {
			if g == 0 && i == warmup && profile != "" {
				if f, err := os.Create(profile); err == nil {
					if pprof.StartCPUProfile(f) == nil {
						prof = f
					} else {
						f.Close()
					}
				}
			}
			m.run(en, qs, i < warmup)
		}
		if prof != nil {
			pprof.StopCPUProfile()
			prof.Close()
		}
	}
	return m
}

// run runs one mix, recording its times unless it is a warm-up.
func (m *measured) run(en engine, qs []bsbm.Query, warmup bool) {
	for _, q := range qs {
		n, took, err := en.query(q.Text)
		if err != nil {
			m.failed[q.Name] = err.Error()
			continue
		}
		if warmup {
			continue
		}
		if len(m.times[q.Name]) == 0 {
			m.names = append(m.names, q.Name)
		}
		m.times[q.Name] = append(m.times[q.Name], took)
		m.rows[q.Name] += n
		if strings.HasPrefix(q.Name, "Q") {
			m.mixTime += took
		}
	}
}

func run(size, mixes, warmup int, seed uint64, modules string) error {
	ctx := context.Background()
	dir := filepath.Join(keepDir, fmt.Sprintf("bsbm-%d-%d", size, seed))
	if keepDir == "" {
		tmp, err := os.MkdirTemp("", "skillsmap-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	file := filepath.Join(dir, "data.nq")
	ds, mapQuads, err := keptData(dir, file, size, seed)
	if err != nil {
		return err
	}
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	total := ds.Triples + mapQuads
	fmt.Printf("### %s triples (BSBM: %d products, %d vendors, %d offers; plus %d quads of map-shaped practices and the vocabularies)\n\n",
		human(ds.Triples), ds.Products, ds.Vendors, ds.Offers, mapQuads)

	// Skillsmap: the load runs in a child process and the queries in this
	// one, as `skillsmap load` and then `skillsmap serve` would: a load's
	// heap left in the querying process (or returned to the system with
	// debug.FreeOSMemory, which made every later query of the process
	// about twice as slow with Go 1.26) says nothing about a server.
	storeDir := filepath.Join(dir, "store")
	loaded := filepath.Join(dir, "loaded")
	_, err = os.Stat(loaded)
	reused := keepDir != "" && err == nil
	var loadTime time.Duration
	if !reused {
		if err := os.RemoveAll(storeDir); err != nil {
			return err
		}
		if loadTime, err = loadInChild(file, storeDir); err != nil {
			return err
		}
		if keepDir != "" {
			if err := os.WriteFile(loaded, nil, 0o644); err != nil {
				return err
			}
		}
	}
	st, err := store.Open(storeDir)
	if err != nil {
		return err
	}
	defer st.Close()
	size1 := fileSize(st.Path())
	// Oxigraph holds everything in memory; warm the store as `skillsmap
	// serve` does at start (the file read into the page cache, its pages
	// mapped, the characteristic sets computed), as on a server that has
	// run a while.
	ws, err := st.Warm(ctx, store.WarmOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "store warmed: %d pages mapped, %d MiB read, characteristic sets %v, in %s\n", ws.Pages, ws.Bytes>>20, ws.CharSets, ws.Took.Round(time.Millisecond))
	opts := sparql.Options{Timeout: 5 * time.Minute}
	skillsmap := engine{name: "Skillsmap", query: func(text string) (int, time.Duration, error) {
		t0 := time.Now()
		n, err := count(ctx, st, text, opts)
		return n, time.Since(t0), err
	}}
	// The same mixes for both engines, each run alone: Oxigraph's process
	// starts after Skillsmap's mixes, so that neither disturbs the other.
	// The Explore mixes run first and alone, as BSBM defines the mix; the
	// map's queries then run as mixes of their own.
	r := rand.New(rand.NewPCG(seed, 7))
	explore := make([][]bsbm.Query, warmup+mixes)
	maps := make([][]bsbm.Query, warmup+mixes)
	keep := func(qs []bsbm.Query) []bsbm.Query {
		if onlyQueries == nil {
			return qs
		}
		return slices.DeleteFunc(qs, func(q bsbm.Query) bool { return !onlyQueries.MatchString(q.Name) })
	}
	for i := range explore {
		explore[i] = keep(bsbm.ExploreMix(ds, r))
		maps[i] = keep(mapQueries())
	}
	all := [][][]bsbm.Query{explore, maps}
	if explain {
		for _, q := range append(slices.Clone(explore[0]), maps[0]...) {
			plan, err := sparql.ExplainAnalyze(ctx, st, q.Text, opts)
			if err != nil {
				return fmt.Errorf("explain %s: %w", q.Name, err)
			}
			fmt.Printf("%s\n```text\n%s```\n\n", q.Name, plan)
		}
	}
	results := []measured{measure(skillsmap, all, warmup, cpuProfile)}

	var ox *oxigraph
	if modules != "" {
		ox, err = startOxigraph(modules, file)
		if err != nil {
			fmt.Printf("Oxigraph: not run (%v)\n\n", err)
		} else {
			defer ox.Close()
			results = append(results, measure(engine{name: "Oxigraph", query: ox.Query}, all, warmup, ""))
		}
	}
	fmt.Printf("| load (%s MiB of N-Quads) | time | quads/s | size |\n| --- | ---: | ---: | ---: |\n", human(int(fi.Size()>>20)))
	if reused {
		fmt.Printf("| Skillsmap (loaded by an earlier run into %s) | — | — | %s MiB on disk |\n", dir, human(int(size1>>20)))
	} else {
		fmt.Printf("| Skillsmap (`store.BulkLoad`, bbolt, fsync on) | %.1f s | **%s** | %s MiB on disk |\n",
			loadTime.Seconds(), human(int(float64(total)/loadTime.Seconds())), human(int(size1>>20)))
	}
	if ox != nil {
		fmt.Printf("| Oxigraph (in memory) | %.1f s | %s | %s MiB RSS of Node |\n",
			ox.Load.Seconds(), human(int(float64(total)/ox.Load.Seconds())), human(int(ox.RSS>>20)))
	}
	fmt.Println()

	two := len(results) > 1
	fmt.Print("| query | Skillsmap median | p90 | rows |")
	if two {
		fmt.Print(" Oxigraph median | p90 | rows | ratio |")
	}
	fmt.Print("\n| --- | ---: | ---: | ---: |")
	if two {
		fmt.Print(" ---: | ---: | ---: | ---: |")
	}
	fmt.Println()
	for _, name := range results[0].names {
		fmt.Printf("| %s |", name)
		var med [2]time.Duration
		for e, m := range results {
			ts := slices.Clone(m.times[name])
			if len(ts) == 0 {
				fmt.Printf(" failed | | |")
				continue
			}
			slices.Sort(ts)
			med[e] = ts[len(ts)/2]
			fmt.Printf(" %s | %s | %d |", ms(med[e]), ms(ts[len(ts)*9/10]), m.rows[name]/len(ts))
		}
		if two && med[1] > 0 && med[0] > 0 {
			ratio := float64(med[0]) / float64(med[1])
			mark := ""
			if ratio > 1.5 {
				mark = " ⚠"
			}
			fmt.Printf(" %.2f%s |", ratio, mark)
		}
		fmt.Println()
	}
	fmt.Println()
	for _, m := range results {
		en := m.engine
		if m.mixTime > 0 && onlyQueries != nil {
			fmt.Printf("- %s: the Explore queries that -only selected, %.1f ms per run (not a whole mix)\n", en,
				float64(m.mixTime.Microseconds())/1000/float64(mixes))
		} else if m.mixTime > 0 {
			fmt.Printf("- %s: Explore mix (Q1–Q12) %.1f ms per mix = **%s QMpH**\n", en,
				float64(m.mixTime.Microseconds())/1000/float64(mixes), human(int(3600/(m.mixTime.Seconds()/float64(mixes)))))
		}
		for name, msg := range m.failed {
			fmt.Printf("- %s failed %s: %s\n", en, name, msg)
		}
	}
	runtime.GC()
	rss, anon, mapped := readRSS("self")
	fmt.Printf("- memory after the mixes: Skillsmap process RSS %s MiB = %s MiB anonymous (Go heap in use %s MiB) + %s MiB of the store's mapped file",
		human(int(rss>>20)), human(int(anon>>20)), human(int(heapInUse()>>20)), human(int(mapped>>20)))
	if ox != nil {
		fmt.Printf(", Oxigraph's Node process RSS %s MiB", human(int(ox.RSS>>20)))
	}
	fmt.Print("\n\n")
	return nil
}

// keptData is writeData, except that with -keep a file written by an
// earlier run is used again, with the description of its data saved then.
func keptData(dir, file string, size int, seed uint64) (bsbm.Dataset, int, error) {
	type saved struct {
		Dataset  bsbm.Dataset
		MapQuads int
	}
	desc := filepath.Join(dir, "dataset.json")
	if keepDir != "" {
		var sv saved
		if b, err := os.ReadFile(desc); err == nil && json.Unmarshal(b, &sv) == nil {
			if _, err := os.Stat(file); err == nil {
				return sv.Dataset, sv.MapQuads, nil
			}
		}
	}
	ds, mapQuads, err := writeData(file, size, seed)
	if err != nil || keepDir == "" {
		return ds, mapQuads, err
	}
	b, err := json.Marshal(saved{ds, mapQuads})
	if err != nil {
		return ds, mapQuads, err
	}
	return ds, mapQuads, os.WriteFile(desc, b, 0o644)
}

// writeData writes the BSBM data (in one named graph) and the map-shaped
// quads to an N-Quads file.
func writeData(path string, size int, seed uint64) (bsbm.Dataset, int, error) {
	f, err := os.Create(path)
	if err != nil {
		return bsbm.Dataset{}, 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	enc, err := rdfio.NewEncoder(w, rdfio.NQuads, rdfio.EncodeOptions{})
	if err != nil {
		return bsbm.Dataset{}, 0, err
	}
	g := rdf.IRI("http://example.org/graph/bsbm")
	ds, err := bsbm.Generate(size, seed, func(t rdf.Triple) error {
		return enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g})
	})
	if err != nil {
		return ds, 0, err
	}
	mq, err := mapShapeQuads(size/10, seed)
	if err != nil {
		return ds, 0, err
	}
	for _, q := range mq {
		if err := enc.Encode(q); err != nil {
			return ds, 0, err
		}
	}
	if err := enc.Close(); err != nil {
		return ds, 0, err
	}
	if err := w.Flush(); err != nil {
		return ds, 0, err
	}
	return ds, len(mq), f.Sync()
}

// loadFlag makes the process a loader child: it loads the N-Quads file
// named by -load into the store directory named by -store, prints the
// seconds it took, and exits.
var loadFlag, storeFlag string

// loadProfile names the CPU profile file of the loader child.
var loadProfile string

// loadInChild runs this program as a loader child and returns the time
// the load took inside it.
func loadInChild(file, storeDir string) (time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(exe, "-load", file, "-store", storeDir, "-loadprofile", loadProfile)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("load in a child process: %w", err)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		return 0, fmt.Errorf("load in a child process: it printed %q", out)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// loadChild is the loader child's work.
func loadChild() error {
	st, err := store.Open(storeFlag)
	if err != nil {
		return err
	}
	if loadProfile != "" {
		f, err := os.Create(loadProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	took, err := bulkLoad(context.Background(), st, loadFlag)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Printf("%.6f\n", took.Seconds())
	return nil
}

// bulkLoad loads the N-Quads file as `skillsmap load` does.
func bulkLoad(ctx context.Context, st store.Store, path string) (time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	// Garbage collection costs a load a third of its time at the default
	// setting (the batches are big and short-lived); a soft memory limit
	// keeps the larger heap bounded on big stores.
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(bulkMemoryLimit))
	start := time.Now()
	quads := rdfio.ParallelQuads(f, rdfio.NQuads, rdfio.ParseOptions{MaxBytes: -1}, max(1, runtime.GOMAXPROCS(0)-1))
	if _, err := store.BulkLoad(ctx, st, nil, quads, store.BulkOptions{}); err != nil {
		return 0, err
	}
	return time.Since(start), nil
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

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// readRSS reads the resident set size and its anonymous and mapped-file
// parts from /proc/PID/status (Linux; pid "self" for this process), 0 if
// unknown. Mapped file pages are the store's file: the shared, reclaimable
// page cache.
func readRSS(pid string) (rss, anon, file int64) {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, 0, 0
	}
	st := string(b)
	return statusBytes(st, "VmRSS:"), statusBytes(st, "RssAnon:"), statusBytes(st, "RssFile:")
}

// statusBytes reads a "kB" field of the text of /proc/PID/status.
func statusBytes(status, field string) int64 {
	for _, line := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// bulkMemoryLimit is the soft heap limit of a load, as `skillsmap load`
// sets it.
const bulkMemoryLimit = 4 << 30
