package publisher

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// benchFixture is a fixture with n synthetic practices, each with a place,
// skills, target groups and a country, spread over the German NUTS 3
// regions' coordinates; with sources, in that many source graphs
// (practice i in graph bench-(i mod sources)), else in one.
func benchFixture(b testing.TB, n int, sources ...int) *fixture {
	b.Helper()
	f := newFixture(b, fixtureOptions{noData: true})
	t := f.iris.Terms()
	g := f.iris.SourceGraph("bench")
	var quads []rdf.Quad
	add := func(s, p, o rdf.Term) { quads = append(quads, rdf.Quad{S: s, P: p, O: o, G: g}) }
	skills := []string{"1", "1.1", "2.1", "3.2", "4.3", "5.4"}
	groups := []string{"refugee-women", "older-people", "young-people", "smes", "librarians"}
	for i := range n {
		id := fmt.Sprintf("practice-%05d", i)
		if len(sources) > 0 {
			g = f.iris.SourceGraph(fmt.Sprintf("bench-%d", i%sources[0]))
		}
		p := f.iris.Practice(id)
		pl := f.iris.Place(id, "Town")
		add(p, rdf.Type, t.Practice)
		add(p, vocab.DCTIdentifier, rdf.String(id))
		add(p, vocab.DCTTitle, rdf.LangString(fmt.Sprintf("Digital skills course number %d", i), "en"))
		add(p, vocab.DCTDescription, rdf.LangString("A course that teaches people to use computers, phones and online services safely.", "en"))
		add(p, vocab.SchemaTeaches, f.iris.Concept(vocab.DigComp, skills[i%len(skills)]))
		add(p, t.TargetGroup, f.iris.Concept(vocab.TargetGroups, groups[i%len(groups)]))
		add(p, t.Country, rdf.IRI(vocab.CountryAuthorityBase+"DEU"))
		add(p, vocab.DCTSpatial, vocab.NUTSRegion("DE300"))
		add(p, vocab.LOCNLocation, pl)
		add(pl, rdf.Type, vocab.DCTLocation)
		add(pl, vocab.LOCNGeographicName, rdf.String("Town"))
		add(pl, vocab.GeoSfWithin, vocab.NUTSRegion("DE300"))
		add(pl, vocab.WGS84Lat, vocab.Coordinate(47+float64(i%800)/100))
		add(pl, vocab.WGS84Long, vocab.Coordinate(6+float64(i%900)/100))
	}
	f.add(quads...)
	return f
}

func BenchmarkIndexBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchFixture(b, n)
			ctx := context.Background()
			snap, err := f.store.Snapshot(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer snap.Close()
			b.ResetTimer()
			for b.Loop() {
				if _, err := buildIndex(ctx, snap, f.iris, nil, f.srv.labeler); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "practices")
		})
	}
}

// BenchmarkIndexUpdate measures the index of a store of 100 sources
// after one source's graph was replaced (one practice renamed), updated
// from the previous index, beside a full build of the same version.
func BenchmarkIndexUpdate(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		f := benchFixture(b, n, 100)
		ctx := context.Background()
		snap, err := f.store.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		old, err := buildIndex(ctx, snap, f.iris, nil, f.srv.labeler)
		snap.Close()
		if err != nil {
			b.Fatal(err)
		}
		g := f.iris.SourceGraph("bench-7")
		renamed := f.iris.Practice("practice-00007")
		f.add(rdf.Quad{S: renamed, P: vocab.DCTTitle, O: rdf.LangString("Renamed", "de"), G: g})
		snap, err = f.store.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("update/%d", n), func(b *testing.B) {
			for b.Loop() {
				ix, ok, err := updateIndex(ctx, snap, old, f.iris, nil, f.srv.labeler)
				if err != nil || !ok || ix.byIRI[renamed].Title["de"] != "Renamed" {
					b.Fatalf("update: %v, %v", ok, err)
				}
			}
			b.ReportMetric(float64(n), "practices")
		})
		b.Run(fmt.Sprintf("build/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := buildIndex(ctx, snap, f.iris, nil, f.srv.labeler); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "practices")
		})
		snap.Close()
	}
}

// benchGet measures one route against a store of n practices, the index
// already built (the common case: the store changes rarely).
func benchGet(b *testing.B, n int, target string, headers ...string) {
	f := benchFixture(b, n)
	f.get(target, headers...) // build the index and the cached layers
	b.ResetTimer()
	var bytes int
	for b.Loop() {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", target, nil)
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ":")
			r.Header.Set(k, strings.TrimSpace(v))
		}
		f.handler.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
		bytes = w.Body.Len()
	}
	b.SetBytes(int64(bytes))
}

func BenchmarkPracticePageHTML(b *testing.B)  { benchGet(b, 1000, "/practice/practice-00042") }
func BenchmarkPracticeTurtle(b *testing.B)    { benchGet(b, 1000, "/practice/practice-00042.ttl") }
func BenchmarkPracticeJSONLD(b *testing.B)    { benchGet(b, 1000, "/practice/practice-00042.jsonld") }
func BenchmarkPracticeList(b *testing.B)      { benchGet(b, 10000, "/practices?skill=1") }
func BenchmarkPracticesLayer10k(b *testing.B) { benchGet(b, 10000, "/map/practices.geojson") }
func BenchmarkOGCItemsBBox10k(b *testing.B) {
	benchGet(b, 10000, "/ogc/collections/practices/items?bbox=8,48,10,50&limit=100")
}
func BenchmarkDumpNQuads10k(b *testing.B)     { benchDump(b, "/dump.nq") }
func BenchmarkDumpJSONLD10k(b *testing.B)     { benchDump(b, "/dump.jsonld") }
func BenchmarkDumpTurtleGzip10k(b *testing.B) { benchDump(b, "/dump.ttl", "Accept-Encoding: gzip") }
func BenchmarkPracticesLayerGzip(b *testing.B) {
	benchGet(b, 10000, "/map/practices.geojson", "Accept-Encoding: gzip")
}

// benchDump measures a dump of 10,000 practices (about 150,000 quads plus
// the vocabularies) written to a discarding writer.
func benchDump(b *testing.B, target string, headers ...string) {
	f := benchFixture(b, 10000)
	var quads uint64
	snap, _ := f.store.Snapshot(context.Background())
	quads = snap.Len()
	snap.Close()
	b.ResetTimer()
	for b.Loop() {
		w := &countingRecorder{ResponseRecorder: httptest.NewRecorder()}
		r := httptest.NewRequest("GET", target, nil)
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ":")
			r.Header.Set(k, strings.TrimSpace(v))
		}
		f.handler.ServeHTTP(w, r)
		b.SetBytes(w.n)
	}
	b.ReportMetric(float64(quads), "quads")
}

// countingRecorder counts body bytes without keeping them.
type countingRecorder struct {
	*httptest.ResponseRecorder
	n int64
}

func (c *countingRecorder) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return io.Discard.Write(p)
}
