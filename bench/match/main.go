// Command match benchmarks GET /api/match: the ranking of practices
// against needs, with reasons, over HTTP on loopback.
//
//	go run ./bench/match [-practices 10000] [-needs 1000] [-workers 1,2] [-memory]
//
// It generates -practices published practices (titles and descriptions in
// English, German, French and other languages, DigComp skills, target
// groups, types, delivery modes, places from the gazetteer, materials,
// lineage, validations, results) into a bbolt store (fsync off while
// loading; -memory: the in-memory store), builds the match index, and sends
// -needs generated needs (free text in three languages, structured needs,
// and both) to /api/match through a real HTTP server on 127.0.0.1, first
// one request at a time, then with each number of -workers at once. It
// prints the latencies as a table, and the cost of builds and "similar
// practices".
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

func main() {
	n := flag.Int("practices", 10000, "published practices")
	needs := flag.Int("needs", 1000, "needs to send")
	workers := flag.String("workers", "1,2", "concurrent clients, comma-separated (a row each)")
	memory := flag.Bool("memory", false, "use the in-memory store instead of bbolt")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured requests to this file")
	flag.Parse()
	profile = *cpuprofile
	var ws []int
	for _, s := range strings.Split(*workers, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || w < 1 {
			fmt.Fprintln(os.Stderr, "bench/match: bad -workers")
			os.Exit(2)
		}
		ws = append(ws, w)
	}
	if err := run(*n, *needs, ws, *memory); err != nil {
		fmt.Fprintln(os.Stderr, "bench/match:", err)
		os.Exit(1)
	}
}

var profile string

// startProfile starts the CPU profile, if asked for; the returned function
// stops it.
func startProfile() (func(), error) {
	if profile == "" {
		return func() {}, nil
	}
	f, err := os.Create(profile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func run(n, needCount int, workers []int, memory bool) error {
	ctx := context.Background()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	iris, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		return err
	}
	var st store.Store
	if memory {
		st = store.NewMemory()
	} else {
		dir, err := os.MkdirTemp("", "skillsmap-bench-match-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		db, err := store.Open(dir, store.WithNoSync())
		if err != nil {
			return err
		}
		st = db
	}
	defer st.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	if err := load(ctx, st, iris, rng, n); err != nil {
		return err
	}
	fmt.Printf("generated and loaded %d practices in %v\n\n", n, time.Since(start).Round(time.Millisecond))

	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ix, err := match.New(st, match.Options{IRIs: iris, PollInterval: -1})
	if err != nil {
		return err
	}
	defer ix.Close()
	start = time.Now()
	if err := ix.Refresh(ctx); err != nil {
		return err
	}
	build := time.Since(start)
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	heap := int64(m1.HeapAlloc) - int64(m0.HeapAlloc)

	// A change without new text (a validation) reuses the text index; a
	// changed description rebuilds it.
	validate := func(id string) error {
		return st.Update(ctx, func(w store.Writer) error {
			return w.Add(rdf.Quad{S: iris.Practice(id), P: rdf.Type, O: iris.Terms().ValidatedGoodPractice, G: iris.EditorialGraph()})
		})
	}
	if err := validate("p00001"); err != nil {
		return err
	}
	start = time.Now()
	if err := ix.Refresh(ctx); err != nil {
		return err
	}
	reuse := time.Since(start)
	if err := st.Update(ctx, func(w store.Writer) error {
		return w.Add(rdf.Quad{S: iris.Practice("p00002"), P: vocab.DCTDescription, O: rdf.LangString("A new paragraph about soldering.", "en"), G: iris.SourceGraph("bench")})
	}); err != nil {
		return err
	}
	start = time.Now()
	if err := ix.Refresh(ctx); err != nil {
		return err
	}
	rebuild := time.Since(start)
	stats := ix.Stats()

	b, err := i18n.New()
	if err != nil {
		return err
	}
	h, err := ix.Handler(match.HandlerOptions{I18n: b})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/match", h)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/match?"

	needs := makeNeeds(rng, needCount)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: time.Minute}
	results := 0
	do := func(q string) (time.Duration, error) {
		t0 := time.Now()
		resp, err := client.Get(base + q)
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
		results += strings.Count(string(body), `"practice":`)
		return d, nil
	}
	for _, nd := range needs[:min(100, len(needs))] { // warm up
		if _, err := do(nd.query); err != nil {
			return err
		}
	}
	results = 0
	stop, err := startProfile()
	if err != nil {
		return err
	}
	defer stop()

	fmt.Printf("| GET /api/match, %d practices | requests | mean | p50 | p90 | p99 | max |\n| --- | --- | --- | --- | --- | --- | --- |\n", n)
	byKind := map[string][]time.Duration{}
	var all []time.Duration
	for _, nd := range needs {
		d, err := do(nd.query)
		if err != nil {
			return err
		}
		byKind[nd.kind] = append(byKind[nd.kind], d)
		all = append(all, d)
	}
	avgResults := float64(results) / float64(len(needs))
	row("all needs, 1 client", all)
	for _, k := range []string{"text", "structured", "text + structured"} {
		row("  "+k, byKind[k])
	}
	for _, w := range workers {
		if w == 1 {
			continue
		}
		ds := make([][]time.Duration, w)
		var wg sync.WaitGroup
		var firstErr error
		var mu sync.Mutex
		t0 := time.Now()
		for i := range w {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := i; j < len(needs); j += w {
					d, err := do(needs[j].query)
					if err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						return
					}
					ds[i] = append(ds[i], d)
				}
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return firstErr
		}
		took := time.Since(t0)
		row(fmt.Sprintf("all needs, %d clients (%.0f req/s)", w, float64(len(needs))/took.Seconds()), slices.Concat(ds...))
	}

	// Similar practices, through the Go API.
	var sim []time.Duration
	for i := range min(1000, n) {
		t0 := time.Now()
		if _, err := ix.Similar(ctx, iris.Practice(fmt.Sprintf("p%05d", i)).Value, 5); err != nil {
			return err
		}
		sim = append(sim, time.Since(t0))
	}
	row("Similar (Go API), 5 results", sim)

	fmt.Printf("\n| index | value |\n| --- | --- |\n")
	fmt.Printf("| first build (read store, text index) | %v |\n", build.Round(time.Millisecond))
	fmt.Printf("| rebuild, texts unchanged (text index reused) | %v |\n", reuse.Round(time.Millisecond))
	fmt.Printf("| rebuild, one description changed | %v |\n", rebuild.Round(time.Millisecond))
	fmt.Printf("| heap held by the index | %.0f MB |\n", float64(heap)/1e6)
	fmt.Printf("| practices / with text | %d / %d |\n", stats.Practices, stats.TextDocuments)
	fmt.Printf("| results per need (limit 20) | %.1f |\n", avgResults)
	fmt.Printf("\nGo %s, %d CPUs (GOMAXPROCS %d)\n", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	return nil
}

func row(name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	q := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))] }
	f := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	fmt.Printf("| %s | %d | %s | %s | %s | %s | %s |\n", name, len(s), f(sum/time.Duration(len(s))), f(q(0.5)), f(q(0.9)), f(q(0.99)), f(s[len(s)-1]))
}

// Word pools of the generated texts.
var (
	topics = map[string][]string{
		"en": strings.Fields("smartphone tablet internet email online banking video calls privacy passwords security coding programming robots games social media fake news misinformation accessibility library volunteers workshop course training mentors digital skills literacy inclusion job applications cloud spreadsheets websites photography data protection cyberbullying repair laptops soldering 3D printing makerspace"),
		"de": strings.Fields("Smartphone Tablet Internet E-Mail Onlinebanking Videotelefonie Datenschutz Passwörter Sicherheit Programmieren Roboter Spiele soziale Medien Falschmeldungen Barrierefreiheit Bibliothek Ehrenamtliche Werkstatt Kurs Schulung Mentoren digitale Kompetenzen Teilhabe Bewerbungen Tabellen Webseiten Fotografie Cybermobbing Reparatur Laptops Löten 3D-Druck"),
		"fr": strings.Fields("smartphone tablette internet courriel banque en ligne appels vidéo confidentialité mots de passe sécurité programmation robots jeux réseaux sociaux désinformation accessibilité médiathèque bénévoles atelier formation tuteurs compétences numériques inclusion candidatures tableurs sites photographie cyberharcèlement réparation ordinateurs soudure impression 3D"),
		"it": strings.Fields("smartphone tablet internet posta elettronica sicurezza programmazione biblioteca volontari corso formazione competenze digitali inclusione"),
		"pl": strings.Fields("smartfon tablet internet poczta bezpieczeństwo programowanie biblioteka wolontariusze kurs szkolenie kompetencje cyfrowe"),
	}
	fillers = map[string][]string{
		"en": strings.Fields("the project helps people in the city to learn use and understand new tools with support from local partners every week since 2021 for free"),
		"de": strings.Fields("das Projekt hilft Menschen in der Stadt neue Werkzeuge zu lernen zu nutzen und zu verstehen mit Unterstützung lokaler Partner jede Woche seit 2021 kostenlos"),
		"fr": strings.Fields("le projet aide les habitants de la ville à apprendre utiliser et comprendre de nouveaux outils avec des partenaires locaux chaque semaine depuis 2021 gratuitement"),
		"it": strings.Fields("il progetto aiuta le persone della città a imparare e usare nuovi strumenti con partner locali ogni settimana"),
		"pl": strings.Fields("projekt pomaga mieszkańcom miasta uczyć się i używać nowych narzędzi z lokalnymi partnerami co tydzień"),
	}
	textLangs = []string{"en", "en", "en", "de", "de", "fr", "fr", "it", "pl"}
)

func words(rng *rand.Rand, lang string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		pool := fillers[lang]
		if rng.IntN(3) == 0 {
			pool = topics[lang]
		}
		b.WriteString(pool[rng.IntN(len(pool))])
	}
	return b.String()
}

func ids(s vocab.Scheme) []string {
	cs, _ := vocab.LookupScheme(s)
	var out []string
	for _, c := range cs.Concepts() {
		out = append(out, c.ID)
	}
	return out
}

func pick(rng *rand.Rand, from []string, n int) []string {
	var out []string
	for range n {
		v := from[rng.IntN(len(from))]
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// load writes n practices, 1,000 per source graph and transaction.
func load(ctx context.Context, st store.Store, iris vocab.IRIs, rng *rand.Rand, n int) error {
	skills, groups, types, modes := ids(vocab.DigComp), ids(vocab.TargetGroups), ids(vocab.PracticeTypes), ids(vocab.DeliveryModes)
	cities := vocab.Cities()
	materials := []string{"de", "en", "fr", "ar", "uk", "tr", "es", "it", "pl"}
	for from := 0; from < n; from += 1000 {
		src := fmt.Sprintf("bench-%d", from/1000)
		err := st.Update(ctx, func(w store.Writer) error {
			for i := from; i < min(n, from+1000); i++ {
				lang := textLangs[rng.IntN(len(textLangs))]
				c := cities[rng.IntN(len(cities))]
				lat, lon := c.Lat, c.Lon
				p := record.Practice{
					Language:      lang,
					Title:         record.Texts{lang: words(rng, lang, 3+rng.IntN(5))},
					Description:   record.Texts{lang: words(rng, lang, 40+rng.IntN(80))},
					Skills:        pick(rng, skills, 1+rng.IntN(4)),
					TargetGroups:  pick(rng, groups, 1+rng.IntN(2)),
					Types:         pick(rng, types, 1),
					DeliveryModes: pick(rng, modes, 1),
					Places:        []record.Place{{Name: c.Name, Region: c.NUTS3, Country: c.Country, Lat: &lat, Lon: &lon}},
				}
				if rng.IntN(4) == 0 { // a quarter also in English
					p.Title["en"] = words(rng, "en", 4)
					p.Description["en"] = words(rng, "en", 40)
				}
				if rng.IntN(10) < 4 {
					p.Results = record.Texts{lang: words(rng, lang, 15)}
				}
				if rng.IntN(10) < 3 {
					p.Lessons = record.Texts{lang: words(rng, lang, 15)}
				}
				if rng.IntN(3) == 0 {
					p.MaterialLanguages = pick(rng, materials, 1+rng.IntN(2))
				}
				if i > 100 && rng.IntN(10) == 0 {
					p.AdaptedFrom = []string{iris.Practice(fmt.Sprintf("p%05d", rng.IntN(100))).Value}
				}
				id := fmt.Sprintf("p%05d", i)
				g := iris.SourceGraph(src)
				if i < 2 {
					g = iris.SourceGraph("bench")
				}
				for _, t := range p.Triples(iris, id) {
					if err := w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
						return err
					}
				}
				if rng.IntN(20) == 0 {
					if err := w.Add(rdf.Quad{S: iris.Practice(id), P: rdf.Type, O: iris.Terms().ValidatedGoodPractice, G: iris.EditorialGraph()}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type need struct {
	kind  string
	query string
}

// Sentences that read like needs; the vocabulary finds target groups,
// skills and places in some of them.
var needTexts = map[string][]string{
	"en": {"We are looking for a course for %s on %s and %s in %s", "digital skills for older people, %s, %s", "train the trainer programme about %s for %s near %s", "%s %s %s"},
	"de": {"Wir suchen ein Angebot für %s zu %s und %s in %s", "Kurse für Senioren: %s, %s", "Multiplikatorenschulung zu %s für %s bei %s", "%s %s %s"},
	"fr": {"Nous cherchons un atelier pour %s sur %s et %s à %s", "formation numérique pour les seniors : %s, %s", "formation de formateurs sur %s pour %s près de %s", "%s %s %s"},
}

var needGroups = map[string][]string{
	"en": {"refugee women", "job seekers", "young people", "older people", "teachers", "SMEs"},
	"de": {"geflüchtete Frauen", "Arbeitsuchende", "Jugendliche", "Senioren", "Lehrkräfte", "KMU"},
	"fr": {"femmes réfugiées", "demandeurs d'emploi", "jeunes", "seniors", "enseignants", "PME"},
}

func makeNeeds(rng *rand.Rand, n int) []need {
	skills, groups, types, modes := ids(vocab.DigComp), ids(vocab.TargetGroups), ids(vocab.PracticeTypes), ids(vocab.DeliveryModes)
	cities := vocab.Cities()
	out := make([]need, 0, n)
	for i := range n {
		v := url.Values{}
		lang := []string{"en", "de", "fr"}[rng.IntN(3)]
		kind := []string{"text", "structured", "text + structured"}[i%3]
		if kind != "structured" {
			tpl := needTexts[lang][rng.IntN(len(needTexts[lang]))]
			args := []any{}
			for range strings.Count(tpl, "%s") {
				switch rng.IntN(3) {
				case 0:
					args = append(args, needGroups[lang][rng.IntN(len(needGroups[lang]))])
				case 1:
					args = append(args, cities[rng.IntN(len(cities))].Name)
				default:
					args = append(args, topics[lang][rng.IntN(len(topics[lang]))])
				}
			}
			v.Set("q", fmt.Sprintf(tpl, args...))
			v.Set("lang", lang)
		}
		if kind != "text" {
			v.Set("place", cities[rng.IntN(len(cities))].Name)
			for _, s := range pick(rng, skills, 1+rng.IntN(3)) {
				v.Add("skill", s)
			}
			for _, g := range pick(rng, groups, 1+rng.IntN(2)) {
				v.Add("targetGroup", g)
			}
			if rng.IntN(2) == 0 {
				v.Add("type", types[rng.IntN(len(types))])
			}
			if rng.IntN(2) == 0 {
				v.Add("delivery", modes[rng.IntN(len(modes))])
			}
		}
		v.Set("hl", []string{"en", "de", "fr"}[rng.IntN(3)])
		out = append(out, need{kind: kind, query: v.Encode()})
	}
	return out
}
