// Command exchange benchmarks the exchange with many practices: the
// editors' queue page and how soon an approval is on the map.
//
//	go run ./bench/exchange [-practices 10000] [-requests 200] [-approvals 20]
//
// It builds the whole server on loopback (bbolt store and review.db with
// fsync, accounts, the exchange's pages mounted in the publisher), fills
// it through the harvest path with -practices published practices (a
// trusted source) and -practices practices waiting for review (a held
// source), then measures GET /editor as an editor, and, for each of
// -approvals approvals, the time from the approval until
// /map/practices.geojson shows the practice.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/exchange/web"
	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/vocab"
)

var cities = []struct {
	name, nuts string
	lat, lon   float64
}{
	{"Berlin", "DE300", 52.52, 13.405}, {"Paris", "FR101", 48.857, 2.352}, {"Madrid", "ES300", 40.417, -3.704},
	{"Rome", "ITI43", 41.893, 12.483}, {"Vienna", "AT130", 48.208, 16.373}, {"Warsaw", "PL911", 52.23, 21.012},
	{"Lisbon", "PT170", 38.722, -9.139}, {"Prague", "CZ010", 50.088, 14.421}, {"Athens", "EL303", 37.984, 23.728},
	{"Helsinki", "FI1B1", 60.17, 24.938},
}

func main() {
	n := flag.Int("practices", 10000, "published practices, and as many waiting for review")
	requests := flag.Int("requests", 200, "GET /editor requests to time")
	approvals := flag.Int("approvals", 20, "approvals to time until they are on the map")
	flag.Parse()
	if err := run(*n, *requests, *approvals); err != nil {
		fmt.Fprintln(os.Stderr, "bench/exchange:", err)
		os.Exit(1)
	}
}

func run(n, requests, approvals int) error {
	ctx := context.Background()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	dir, err := os.MkdirTemp("", "skillsmap-bench-exchange-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String() + "/"
	iris, err := vocab.NewIRIs(base)
	if err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(dir, "store"))
	if err != nil {
		return err
	}
	defer st.Close()
	graphs, err := vocab.Graphs(iris)
	if err != nil {
		return err
	}
	for _, g := range graphs {
		if err := store.ReplaceGraph(ctx, st, g.Name, g.Graph.Triples()); err != nil {
			return err
		}
	}
	rv, err := review.Open(filepath.Join(dir, "review.db"), review.Options{IRIs: iris, Store: st,
		Policy: func(s string) review.Policy {
			if s == "held" {
				return review.PolicyHold
			}
			return review.PolicyPublish
		}})
	if err != nil {
		return err
	}
	defer rv.Close()
	as, err := accounts.OpenBolt(filepath.Join(dir, "accounts.db"))
	if err != nil {
		return err
	}
	defer as.Close()
	acc, err := accounts.NewService(as, accounts.Options{})
	if err != nil {
		return err
	}
	if _, err := acc.CreateOrganisation(ctx, accounts.Organisation{Name: "Editorial Team", Kind: accounts.KindOther}); err != nil {
		return err
	}
	ed, err := acc.AddUser(ctx, "editor@bench.example", "Editor", "editorial-team", accounts.RoleEditor, "a long enough password")
	if err != nil {
		return err
	}
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	w, err := web.New(web.Options{IRIs: iris, Accounts: acc, Review: rv, I18n: bundle, SiteTitle: "Bench"})
	if err != nil {
		return err
	}
	pub, err := publisher.New(publisher.Options{Store: st, IRIs: iris, Mounts: w.Mounts(), Session: w.Session()})
	if err != nil {
		return err
	}
	w.SetPublisher(pub)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: pub.Handler()}}
	srv.Start()
	defer srv.Close()

	fmt.Printf("Filling: %d published practices (trusted source) and %d waiting for review (held source)…\n", n, n)
	start := time.Now()
	sink := rv.HarvestSink(storesink.New(st))
	for _, source := range []string{"trusted", "held"} {
		g := iris.SourceGraph(source)
		if _, err := sink.Graph(ctx, g); err != nil {
			return err
		}
		if err := sink.Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: generate(iris, source, n)}}); err != nil {
			return err
		}
	}
	fmt.Printf("filled in %v\n\n", time.Since(start).Round(time.Millisecond))

	token, sess, err := acc.StartSession(ctx, ed)
	if err != nil {
		return err
	}
	_ = sess
	client := &http.Client{}
	get := func(path string) (int, string, time.Duration, error) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Accept", "text/html")
		req.AddCookie(&http.Cookie{Name: "skillsmap_session", Value: token})
		t0 := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, "", 0, err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(b), time.Since(t0), nil
	}
	// Warm up the caches the first requests build.
	if code, _, _, err := get("/editor"); err != nil || code != http.StatusOK {
		return fmt.Errorf("GET /editor: %d %v", code, err)
	}
	var queue []time.Duration
	for range requests {
		_, _, d, err := get("/editor")
		if err != nil {
			return err
		}
		queue = append(queue, d)
	}
	var visible []time.Duration
	page, err := rv.Queue(ctx, review.QueueOptions{Limit: approvals})
	if err != nil {
		return err
	}
	actor := review.Actor{UserID: ed.ID, Org: ed.OrgID, Role: review.RoleEditor}
	if _, _, _, err := get("/map/practices.geojson"); err != nil {
		return err
	}
	for _, it := range page.Items {
		t0 := time.Now()
		if err := rv.Approve(ctx, actor, it.ID, it.Seq, nil); err != nil {
			return err
		}
		for {
			_, body, _, err := get("/map/practices.geojson")
			if err != nil {
				return err
			}
			if strings.Contains(body, it.IRI) {
				break
			}
			if time.Since(t0) > 30*time.Second {
				return fmt.Errorf("%s not on the map after 30 s", it.ID)
			}
		}
		visible = append(visible, time.Since(t0))
	}

	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("Go %s, %s/%s, %d CPUs, %s\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"))
	fmt.Printf("| measurement (%d published + %d waiting) | n | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n", n, n)
	row := func(name string, ds []time.Duration) {
		slices.Sort(ds)
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Printf("| %s | %d | %s | %s | %s |\n", name, len(ds), ms(q(0.5)), ms(q(0.99)), ms(ds[len(ds)-1]))
	}
	row("editor queue page (GET /editor)", queue)
	row("approval until on the map (GeoJSON)", visible)
	fmt.Printf("\nPeak RSS: %d MiB\n", ru.Maxrss/1024)
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// generate writes n practices as the harvester would for a source.
func generate(n vocab.IRIs, source string, count int) []rdf.Triple {
	t := n.Terms()
	var out []rdf.Triple
	now := rdf.Literal(time.Now().UTC().Format(time.RFC3339), rdf.XSDDateTime)
	for i := range count {
		id := fmt.Sprintf("%s-p%05d", source, i)
		p := n.Practice(id)
		c := cities[i%len(cities)]
		place := rdf.IRI(p.Value + "#place-" + strings.ToLower(c.name))
		add := func(s, pr, o rdf.Term) { out = append(out, rdf.Triple{S: s, P: pr, O: o}) }
		add(p, rdf.Type, t.Practice)
		add(p, vocab.DCTIdentifier, rdf.String(id))
		add(p, vocab.DCTTitle, rdf.LangString(fmt.Sprintf("Digital skills practice %d of %s", i, source), "en"))
		add(p, vocab.DCTDescription, rdf.LangString("A generated practice that teaches digital skills in "+c.name+".", "en"))
		add(p, vocab.SchemaTeaches, n.Concept(vocab.DigComp, fmt.Sprint(1+i%5)))
		add(p, t.TargetGroup, n.Concept(vocab.TargetGroups, []string{"refugee-women", "older-people", "job-seekers"}[i%3]))
		add(p, vocab.LOCNLocation, place)
		add(p, vocab.DCTSpatial, vocab.NUTSRegion(c.nuts))
		add(place, rdf.Type, vocab.DCTLocation)
		add(place, vocab.LOCNGeographicName, rdf.String(c.name))
		add(place, vocab.GeoSfWithin, vocab.NUTSRegion(c.nuts))
		add(place, vocab.WGS84Lat, vocab.Coordinate(c.lat))
		add(place, vocab.WGS84Long, vocab.Coordinate(c.lon))
		add(p, t.FirstSeen, now)
		add(p, t.LastSeen, now)
		add(p, vocab.ADMSStatus, n.Concept(vocab.EditorialStatuses, "harvested"))
	}
	return out
}
