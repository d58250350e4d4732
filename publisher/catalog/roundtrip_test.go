package catalog

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// roundTrip writes g in format f and parses it back.
func roundTrip(t *testing.T, g *rdf.Graph, f rdfio.Format) []rdf.Triple {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, g, f); err != nil {
		t.Fatalf("write %s: %v", f, err)
	}
	back, err := rdfio.ParseTriples(bytes.NewReader(buf.Bytes()), f, rdfio.ParseOptions{Base: testBase})
	if err != nil {
		t.Fatalf("parse %s back: %v\n%s", f, err, buf.String())
	}
	return back
}

// Portal harvesters mostly read RDF/XML: the catalog must come back from it
// unchanged, as from every other syntax it is served in.
func TestCatalogRoundTrips(t *testing.T) {
	f := demoStore(t)
	g := buildCatalog(t, f.input(t))
	for _, format := range []rdfio.Format{rdfio.RDFXML, rdfio.Turtle, rdfio.NTriples, rdfio.JSONLD} {
		t.Run(format.String(), func(t *testing.T) {
			back := roundTrip(t, g, format)
			if !rdf.Isomorphic(g.Triples(), back) {
				t.Errorf("%s round trip changed the catalog: %d triples written, %d read", format, g.Len(), len(back))
			}
		})
	}
}

// The texts and IRIs of a deployment are data: configuration and source
// names with markup, quotes, line breaks, non-Latin scripts and odd
// language tags must survive every syntax.
func TestCatalogRoundTripsHostileText(t *testing.T) {
	ctx := context.Background()
	iris, err := vocab.NewIRIs("https://map.example.eu/skills/")
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewMemory()
	terms := iris.Terms()
	graph := iris.SourceGraph("odd-source")
	p := iris.Practice("p1")
	quads := []rdf.Quad{
		{S: p, P: rdf.Type, O: terms.Practice, G: graph},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString("Ψηφιακές δεξιότητες", "el"), G: graph},
		{S: p, P: vocab.DCTDescription, O: rdf.LangString("Digitale Kompetenz", "de-AT"), G: graph},
		{S: p, P: terms.Country, O: rdf.IRI(vocab.CountryAuthorityBase + "GRC"), G: graph},
		{S: p, P: vocab.SchemaEndDate, O: rdf.Literal("2024-12-31", rdf.XSDDate), G: graph},
		{S: p, P: vocab.LOCNLocation, O: rdf.IRI(p.Value + "#place-athens"), G: graph},
		{S: rdf.IRI(p.Value + "#place-athens"), P: vocab.WGS84Lat, O: rdf.Literal("37.98", rdf.XSDDecimal), G: graph},
		{S: rdf.IRI(p.Value + "#place-athens"), P: vocab.WGS84Long, O: rdf.Literal("23.73", rdf.XSDDecimal), G: graph},
	}
	if err := st.Update(ctx, func(w store.Writer) error {
		for _, q := range quads {
			if err := w.Add(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	cfg := testCatalogConfig()
	cfg.Title = `Map <of> "skills" & ]]> more`
	cfg.Description = "Line one\nline two\ttabbed \\ backslash \u00e9\u00df \U0001F30D"
	cfg.Publisher = "Städte & Regionen <e.V.>"
	cfg.PublisherURL = "https://example.eu/a?b=1&c=%20d#frag"
	in := Input{
		IRIs:             iris,
		Catalog:          cfg,
		Sources:          []Source{{ID: "odd-source", Name: `Quelle "ü" <b>`, Homepage: "https://odd.example.eu/x?y=1&z=2"}},
		Reader:           snap,
		MetadataLanguage: "de-AT",
	}
	g := buildCatalog(t, in)
	if !g.Has(rdf.Triple{S: newNames(iris).Catalog(), P: vocab.DCTTitle, O: rdf.LangString(cfg.Title, "de-at")}) {
		t.Fatal("the configured title is not in the catalog as written")
	}
	// Blank nodes (the temporal coverage and provenance statements) are
	// part of the check: Isomorphic maps them.
	if len(g.Subjects(rdf.Type, vocab.DCTPeriodOfTime)) == 0 || !g.Subjects(rdf.Type, vocab.DCTPeriodOfTime)[0].IsBlank() {
		t.Fatal("expected a blank-node period of time")
	}
	for _, format := range []rdfio.Format{rdfio.RDFXML, rdfio.Turtle, rdfio.NTriples, rdfio.JSONLD} {
		t.Run(format.String(), func(t *testing.T) {
			back := roundTrip(t, g, format)
			if !rdf.Isomorphic(g.Triples(), back) {
				t.Errorf("%s round trip changed the catalog", format)
				diff(t, g.Triples(), back)
			}
		})
	}
	// The RDF/XML escapes what XML needs escaped.
	var buf bytes.Buffer
	if err := Write(&buf, g, rdfio.RDFXML); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<of>") || strings.Contains(buf.String(), "<b>") {
		t.Error("markup from the configuration reached the RDF/XML unescaped")
	}
}

// diff logs the triples that differ, ignoring blank-node labels.
func diff(t *testing.T, a, b []rdf.Triple) {
	t.Helper()
	key := func(tr rdf.Triple) string {
		s, o := tr.S.String(), tr.O.String()
		if tr.S.IsBlank() {
			s = "_"
		}
		if tr.O.IsBlank() {
			o = "_"
		}
		return s + " " + tr.P.String() + " " + o
	}
	in := map[string]int{}
	for _, tr := range a {
		in[key(tr)]++
	}
	for _, tr := range b {
		in[key(tr)]--
	}
	for k, n := range in {
		if n != 0 {
			t.Logf("%+d %s", n, k)
		}
	}
}
