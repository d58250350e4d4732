package match

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

const base = "http://localhost:8080/"

func testIRIs(t testing.TB) vocab.IRIs {
	t.Helper()
	n, err := vocab.NewIRIs(base)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func f64(v float64) *float64 { return &v }

// fixturePractice is a practice of the fixture and the graph it is
// published in.
type fixturePractice struct {
	id, graph string
	p         record.Practice
	validated bool // rdf:type sm:ValidatedGoodPractice in the editorial graph
}

// fixture is a small map: refugee-women practices in Germany (the Berlin
// origin, validated, adapted by MIKADO in Magdeburg and by Leipzig), a
// French practice for seniors, a Dresden coding club, an English practice
// for older people in Vienna, and a repair café in Graz whose text no
// vocabulary concept describes.
func fixture() []fixturePractice {
	origin := base + "practice/berlin-digital-empowerment"
	return []fixturePractice{
		{id: "berlin-digital-empowerment", graph: "source/berlin", validated: true, p: record.Practice{
			Language:     "en",
			Title:        record.Texts{"en": "Digital Empowerment for refugee women"},
			Description:  record.Texts{"en": "Women who fled to Berlin learn to use smartphones, e-mail and online services safely, in small groups with interpreters."},
			Types:        []string{"training-course"},
			TargetGroups: []string{"refugee-women"},
			Skills:       []string{"1", "2", "4"},
			Places:       []record.Place{{Name: "Berlin", Region: "DE300", Country: "DE", Lat: f64(52.52), Lon: f64(13.405)}},
			Results:      record.Texts{"en": "400 participants in three years."},
			Lessons:      record.Texts{"en": "Offer childcare during the courses."},
		}},
		{id: "stadt-leipzig-digitale-teilhabe", graph: "contributions/stadt-leipzig", p: record.Practice{
			Language:          "de",
			Title:             record.Texts{"de": "Digitale Teilhabe für geflüchtete Frauen"},
			Description:       record.Texts{"de": "Multiplikatorinnen lernen, digitale Kompetenzen an geflüchtete Frauen weiterzugeben. Smartphone-Sprechstunden in der Stadtbibliothek."},
			Types:             []string{"multiplier-training"},
			TargetGroups:      []string{"refugee-women"},
			Skills:            []string{"1", "4"},
			DeliveryModes:     []string{"hybrid"},
			Places:            []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE", Lat: f64(51.34), Lon: f64(12.375)}},
			AdaptedFrom:       []string{origin},
			Results:           record.Texts{"de": "120 Teilnehmerinnen, 14 Multiplikatorinnen"},
			MaterialLanguages: []string{"de", "ar"},
		}},
		{id: "teilhabe-mikado", graph: "source/teilhabe", p: record.Practice{
			Language:     "de",
			Title:        record.Texts{"de": "MIKADO – Migrantinnen in der digitalen Welt"},
			Description:  record.Texts{"de": "MIKADO überträgt Digital Empowerment aus Berlin nach Sachsen-Anhalt: digitale Grundbildung für Zugewanderte."},
			Types:        []string{"multiplier-training"},
			TargetGroups: []string{"refugees-migrants"},
			Skills:       []string{"1", "2", "3", "4", "5"},
			Places:       []record.Place{{Name: "Magdeburg", Region: "DEE03", Country: "DE", Lat: f64(52.121), Lon: f64(11.628)}},
			AdaptedFrom:  []string{origin},
		}},
		{id: "lyon-ateliers-seniors", graph: "source/lyon", p: record.Practice{
			Language:      "fr",
			Title:         record.Texts{"fr": "Ateliers numériques pour les seniors"},
			Description:   record.Texts{"fr": "Des ateliers pour apprendre à utiliser une tablette et un smartphone, à la médiathèque."},
			Types:         []string{"training-course"},
			TargetGroups:  []string{"older-people"},
			Skills:        []string{"1", "2.1"},
			DeliveryModes: []string{"face-to-face"},
			Places:        []record.Place{{Name: "Lyon", Region: "FRK26", Country: "FR", Lat: f64(45.764), Lon: f64(4.836)}},
		}},
		{id: "dresden-coding-club", graph: "source/dresden", p: record.Practice{
			Language:      "de",
			Title:         record.Texts{"de": "Coding Club für Jugendliche"},
			Description:   record.Texts{"de": "Jugendliche programmieren Spiele und Roboter."},
			TargetGroups:  []string{"young-people"},
			Skills:        []string{"3.4"},
			DeliveryModes: []string{"online"},
			Places:        []record.Place{{Name: "Dresden", Region: "DED21", Country: "DE", Lat: f64(51.05), Lon: f64(13.738)}},
		}},
		{id: "vienna-silver-surfers", graph: "source/vienna", p: record.Practice{
			Language:     "en",
			Title:        record.Texts{"en": "Silver Surfers"},
			Description:  record.Texts{"en": "Volunteers help older people with tablets, video calls and online banking."},
			TargetGroups: []string{"older-people"},
			Skills:       []string{"1", "2"},
			Places:       []record.Place{{Name: "Wien", Region: "AT130", Country: "AT", Lat: f64(48.208), Lon: f64(16.373)}},
		}},
		{id: "graz-repair-cafe", graph: "source/graz", p: record.Practice{
			Language:    "en",
			Title:       record.Texts{"en": "Repair café"},
			Description: record.Texts{"en": "Neighbours fix broken laptops together and learn soldering."},
			Places:      []record.Place{{Name: "Graz", Region: "AT221", Country: "AT", Lat: f64(47.071), Lon: f64(15.439)}},
		}},
	}
}

// writePractices publishes practices into st.
func writePractices(t testing.TB, st store.Store, n vocab.IRIs, ps []fixturePractice) {
	t.Helper()
	err := st.Update(context.Background(), func(w store.Writer) error {
		for _, fp := range ps {
			g := rdf.IRI(base + "graph/" + fp.graph)
			for _, tr := range fp.p.Triples(n, fp.id) {
				if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g}); err != nil {
					return err
				}
			}
			if fp.validated {
				if err := w.Add(rdf.Quad{S: n.Practice(fp.id), P: rdf.Type, O: n.Terms().ValidatedGoodPractice, G: n.EditorialGraph()}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newTestIndex returns an index of the fixture in a memory store, built.
func newTestIndex(t testing.TB) (*Index, *store.Memory) {
	t.Helper()
	n := testIRIs(t)
	st := store.NewMemory()
	writePractices(t, st, n, fixture())
	ix := openIndex(t, st, Options{})
	return ix, st
}

func openIndex(t testing.TB, st store.Store, opts Options) *Index {
	t.Helper()
	opts.IRIs = testIRIs(t)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = -1 // tests move the index on explicitly
	}
	ix, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return ix
}

func bundle(t testing.TB) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func practiceIRI(id string) string { return base + "practice/" + id }

func ids(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

var sameAs = vocab.SchemaSameAs

func quad(s, p, o, g rdf.Term) rdf.Quad { return rdf.Quad{S: s, P: p, O: o, G: g} }
