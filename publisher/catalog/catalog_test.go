package catalog

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

func buildCatalog(t *testing.T, in Input) *rdf.Graph {
	t.Helper()
	g, err := Catalog(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// objectSet returns the objects of s p.
func objectSet(g *rdf.Graph, s, p rdf.Term) map[rdf.Term]bool {
	out := map[rdf.Term]bool{}
	for _, o := range g.Objects(s, p) {
		out[o] = true
	}
	return out
}

func sameSet(a, b map[rdf.Term]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// storeObjects returns the objects of predicate p in graph g, read from
// the store independently of the catalog code.
func storeObjects(t *testing.T, r store.Reader, p, g rdf.Term) map[rdf.Term]bool {
	t.Helper()
	out := map[rdf.Term]bool{}
	for q, err := range r.Match(context.Background(), store.Pattern{P: p, G: g}) {
		if err != nil {
			t.Fatal(err)
		}
		out[q.O] = true
	}
	return out
}

func TestCatalogDescribesTheCatalog(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	g := buildCatalog(t, in)
	n := newNames(f.iris)
	cat := n.Catalog()

	checks := []struct {
		p    rdf.Term
		want rdf.Term
	}{
		{rdf.Type, vocab.DCATCatalog},
		{vocab.DCTTitle, rdf.LangString("Digital Skills Map", "en")},
		{vocab.DCTPublisher, n.Publisher()},
		{vocab.DCATContactPoint, n.Contact()},
		{vocab.FOAFHomepage, rdf.IRI(testBase)},
		{vocab.DCTLicense, rdf.IRI("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")},
		{vocab.DCTLanguage, rdf.IRI(LanguageScheme + "/ENG")},
		{vocab.DCTLanguage, rdf.IRI(LanguageScheme + "/DEU")}, // the Berlin source's practices are in German
		{vocab.DCATThemeTaxonomy, rdf.IRI(DataThemeScheme)},
		{vocab.DCATDatasetProp, n.Dataset()},
		{vocab.DCATService, n.SPARQL()},
		{vocab.DCATService, n.OGCAPI()},
		{vocab.DCATRecord, n.Record("dataset")},
		{vocab.DCTModified, dateTime(in.Reader.Modified())},
	}
	for _, c := range checks {
		if !g.Has(rdf.Triple{S: cat, P: c.p, O: c.want}) {
			t.Errorf("catalog lacks %s %s", c.p.Value, c.want)
		}
	}
	for _, s := range f.sources {
		if !g.Has(rdf.Triple{S: cat, P: vocab.DCATDatasetProp, O: n.SourceDataset(s.ID)}) {
			t.Errorf("catalog does not list the dataset of source %s", s.ID)
		}
	}
	// The publisher and contact point as configured.
	pub := n.Publisher()
	if !g.Has(rdf.Triple{S: pub, P: vocab.DCTType, O: rdf.IRI("http://purl.org/adms/publishertype/NonProfitOrganisation")}) {
		t.Error("publisher has no ADMS type")
	}
	if !g.Has(rdf.Triple{S: pub, P: vocab.FOAFName, O: rdf.LangString("Digital Skills Map consortium", "en")}) {
		t.Error("publisher has no name")
	}
	if !g.Has(rdf.Triple{S: n.Contact(), P: vocab.VCardHasEmail, O: rdf.IRI("mailto:map@skills.example.eu")}) {
		t.Error("contact point has no mailto: e-mail")
	}
	// Every country with a practice, and no other.
	want := map[rdf.Term]bool{}
	for _, s := range f.sources {
		for c := range storeObjects(t, in.Reader, f.iris.Terms().Country, f.iris.SourceGraph(s.ID)) {
			want[c] = true
		}
	}
	if got := objectSet(g, cat, vocab.DCTSpatial); !sameSet(got, want) || len(want) == 0 {
		t.Errorf("catalog spatial coverage = %v, want the practices' countries %v", got, want)
	}
}

func TestCatalogSourceDatasets(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	g := buildCatalog(t, in)
	n := newNames(f.iris)
	main := n.Dataset()
	wantFrequency := map[string]string{"urban-skills": "DAILY_2", "skills-archive": "WEEKLY", "teilhabe-berlin": "IRREG"}

	for _, s := range f.sources {
		t.Run(s.ID, func(t *testing.T) {
			ds := n.SourceDataset(s.ID)
			graph := f.iris.SourceGraph(s.ID)
			for _, tr := range []rdf.Triple{
				{S: ds, P: rdf.Type, O: vocab.DCATDataset},
				{S: ds, P: vocab.DCTIsPartOf, O: main},
				{S: main, P: vocab.DCTHasPart, O: ds},
				{S: ds, P: vocab.DCATTheme, O: rdf.IRI(DataThemeScheme + "/EDUC")},
				{S: ds, P: vocab.DCATTheme, O: rdf.IRI(DataThemeScheme + "/SOCI")},
				{S: ds, P: vocab.DCTAccrualPeriodicity, O: rdf.IRI(FrequencyScheme + "/" + wantFrequency[s.ID])},
				{S: ds, P: vocab.DCTPublisher, O: n.Publisher()},
				{S: ds, P: vocab.DCATContactPoint, O: n.Contact()},
				{S: ds, P: vocab.DCTConformsTo, O: f.iris.Ontology()},
				{S: ds, P: vocab.DCATLandingPage, O: f.iris.Source(s.ID)},
			} {
				if !g.Has(tr) {
					t.Errorf("missing %s", tr)
				}
			}
			info, _ := in.Reader.GraphInfo(graph)
			if got, want := g.Object(ds, vocab.DCTModified), dateTime(info.Modified); got != want {
				t.Errorf("modified = %s, want the graph's %s", got, want)
			}
			countries := storeObjects(t, in.Reader, f.iris.Terms().Country, graph)
			spatial := objectSet(g, ds, vocab.DCTSpatial)
			for c := range spatial {
				if strings.HasPrefix(c.Value, testBase) {
					delete(spatial, c) // the extent of the places
				}
			}
			if !sameSet(spatial, countries) {
				t.Errorf("spatial = %v, want %v", spatial, countries)
			}
			for c := range countries {
				if !g.Has(rdf.Triple{S: c, P: rdf.Type, O: vocab.DCTLocation}) || !g.Has(rdf.Triple{S: c, P: vocab.SKOSInScheme, O: rdf.IRI(CountryScheme)}) {
					t.Errorf("country %s is not typed for DCAT-AP", c)
				}
			}
			// Temporal coverage spans the dates the practices state or,
			// where they state none, the time they were seen on the site.
			var dates []string
			for _, p := range []rdf.Term{vocab.SchemaStartDate, vocab.SchemaEndDate} {
				for d := range storeObjects(t, in.Reader, p, graph) {
					dates = append(dates, d.Value)
				}
			}
			slices.Sort(dates)
			period := g.Object(ds, vocab.DCTTemporal)
			switch {
			case len(dates) == 0:
				var seen []string
				for _, p := range []rdf.Term{f.iris.Terms().FirstSeen, f.iris.Terms().LastSeen} {
					for d := range storeObjects(t, in.Reader, p, graph) {
						seen = append(seen, d.Value[:len(time.DateOnly)])
					}
				}
				slices.Sort(seen)
				if len(seen) == 0 {
					t.Fatal("the source's practices have no sm:firstSeen")
				}
				if got := g.Object(period, vocab.DCATStartDate); got != date(seen[0]) {
					t.Errorf("start = %s, want the first time a practice was seen, %s", got, seen[0])
				}
				if got := g.Object(period, vocab.DCATEndDate); got != date(seen[len(seen)-1]) {
					t.Errorf("end = %s, want the last time a practice was seen, %s", got, seen[len(seen)-1])
				}
			default:
				if got := g.Object(period, vocab.DCATStartDate); got != date(dates[0]) {
					t.Errorf("start = %s, want %s", got, dates[0])
				}
				if got := g.Object(period, vocab.DCATEndDate); got != date(dates[len(dates)-1]) {
					t.Errorf("end = %s, want %s", got, dates[len(dates)-1])
				}
			}
			// One distribution per graph document format.
			dists := g.Objects(ds, vocab.DCATDistributionProp)
			if len(dists) != len(GraphDocumentFormats) {
				t.Fatalf("%d distributions, want %d", len(dists), len(GraphDocumentFormats))
			}
			for _, format := range GraphDocumentFormats {
				url := rdf.IRI(graph.Value + format.Extension())
				d := g.Subjects(vocab.DCATDownloadURL, url)
				if len(d) != 1 {
					t.Errorf("no distribution downloads %s", url.Value)
					continue
				}
				if got := g.Object(d[0], vocab.DCATMediaType); got != mediaTypeIRI(format.MediaType()) {
					t.Errorf("%s: media type %s", url.Value, got)
				}
				if got := g.Object(d[0], vocab.DCTFormat); got != authority(FileTypeScheme, fileTypes[format]) {
					t.Errorf("%s: format %s", url.Value, got)
				}
			}
		})
	}
	// The map changes as often as its most often harvested source.
	if got := g.Object(main, vocab.DCTAccrualPeriodicity); got != authority(FrequencyScheme, "DAILY_2") {
		t.Errorf("main dataset periodicity = %s", got)
	}
}

func TestCatalogMainDistributionsAndServices(t *testing.T) {
	f := demoStore(t)
	g := buildCatalog(t, f.input(t))
	n := newNames(f.iris)
	tests := []struct {
		url, fileType, mediaType string
		download                 bool
	}{
		{testBase + "dump.ttl", "RDF_TURTLE", "text/turtle", true},
		{testBase + "dump.nt", "RDF_N_TRIPLES", "application/n-triples", true},
		{testBase + "dump.nq", "RDF_N_QUADS", "application/n-quads", true},
		{testBase + "dump.trig", "RDF_TRIG", "application/trig", true},
		{testBase + "dump.jsonld", "JSON_LD", "application/ld+json", true},
		{testBase + "map/practices.geojson", "GEOJSON", "application/geo+json", true},
	}
	if dists := g.Objects(n.Dataset(), vocab.DCATDistributionProp); len(dists) != len(tests) {
		t.Errorf("the main dataset has %d distributions, want %d: the APIs are data services, not files", len(dists), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			ds := g.Subjects(vocab.DCATAccessURL, rdf.IRI(tt.url))
			if len(ds) != 1 {
				t.Fatalf("%d distributions with access URL %s", len(ds), tt.url)
			}
			d := ds[0]
			if !g.Has(rdf.Triple{S: n.Dataset(), P: vocab.DCATDistributionProp, O: d}) {
				t.Error("not a distribution of the main dataset")
			}
			if got := g.Has(rdf.Triple{S: d, P: vocab.DCATDownloadURL, O: rdf.IRI(tt.url)}); got != tt.download {
				t.Errorf("download URL present = %v, want %v", got, tt.download)
			}
			if got := g.Object(d, vocab.DCTFormat); got != authority(FileTypeScheme, tt.fileType) {
				t.Errorf("format = %s", got)
			}
			if tt.mediaType != "" && g.Object(d, vocab.DCATMediaType) != mediaTypeIRI(tt.mediaType) {
				t.Errorf("media type = %s", g.Object(d, vocab.DCATMediaType))
			}
			if g.Object(d, vocab.DCTLicense).IsZero() || g.Object(d, dcatapAvailability).IsZero() {
				t.Error("no licence or availability")
			}
			if rights := g.Object(d, vocab.DCTRights); rights != n.Rights() || !g.Has(rdf.Triple{S: rights, P: rdf.Type, O: vocab.DCTRightsStatement}) {
				t.Errorf("rights = %s, want the catalog's rights statement", rights)
			}
			if g.Object(d, vocab.DCTIssued).IsZero() || g.Object(d, vocab.DCTModified).IsZero() {
				t.Error("no issue or modification date")
			}
		})
	}
	sparql := n.SPARQL()
	for _, tr := range []rdf.Triple{
		{S: sparql, P: rdf.Type, O: vocab.DCATDataService},
		{S: sparql, P: vocab.DCATEndpointURL, O: rdf.IRI(testBase + "sparql")},
		{S: sparql, P: vocab.DCATEndpointDescription, O: rdf.IRI(testBase + "sparql")},
		{S: sparql, P: vocab.DCATServesDataset, O: n.Dataset()},
		{S: sparql, P: vocab.DCTConformsTo, O: rdf.IRI(stdSPARQLProtocol)},
		{S: sparql, P: vocab.DCTAccessRights, O: accessPublic},
		{S: n.OGCAPI(), P: vocab.DCATEndpointURL, O: rdf.IRI(testBase + "ogc")},
		{S: n.OGCAPI(), P: vocab.DCATServesDataset, O: n.Dataset()},
	} {
		if !g.Has(tr) {
			t.Errorf("missing %s", tr)
		}
	}
}

// Every resource the catalog mints is a hash IRI of the catalog document,
// so that it dereferences to it.
func TestCatalogIRIsDereferenceToTheDocument(t *testing.T) {
	f := demoStore(t)
	g := buildCatalog(t, f.input(t))
	classes := []rdf.Term{vocab.DCATCatalog, vocab.DCATDataset, vocab.DCATDistribution, vocab.DCATDataService, vocab.DCATCatalogRecord, vocab.FOAFAgent, vocab.VCardKind}
	n := 0
	for _, c := range classes {
		for _, s := range g.Subjects(rdf.Type, c) {
			n++
			if !strings.HasPrefix(s.Value, testBase+"catalog#") {
				t.Errorf("%s %s is not under %scatalog#", c.Value, s, testBase)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d resources checked", n)
	}
}

func TestCatalogIsDeterministic(t *testing.T) {
	f := demoStore(t)
	var outs [2]bytes.Buffer
	for i := range outs {
		if err := Write(&outs[i], buildCatalog(t, f.input(t)), rdfio.Turtle); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Error("two builds over the same snapshot differ")
	}
}

// A source graph whose source is no longer configured stays in the catalog,
// named from the provenance graph.
func TestCatalogKeepsUnconfiguredSourceGraphs(t *testing.T) {
	ctx := context.Background()
	iris, _ := vocab.NewIRIs(testBase)
	st := store.NewMemory()
	terms := iris.Terms()
	p := iris.Practice("old-practice")
	graph := iris.SourceGraph("old-portal")
	quads := []rdf.Quad{
		{S: p, P: rdf.Type, O: terms.Practice, G: graph},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString("Alte Praxis", "de"), G: graph},
		{S: p, P: terms.Country, O: rdf.IRI(vocab.CountryAuthorityBase + "AUT"), G: graph},
		{S: p, P: vocab.SchemaStartDate, O: rdf.Literal("2019-05-01", rdf.XSDDate), G: graph},
		{S: iris.Source("old-portal"), P: vocab.DCTTitle, O: rdf.String("Old Portal"), G: iris.ProvenanceGraph()},
		{S: iris.Source("old-portal"), P: vocab.DCATLandingPage, O: rdf.IRI("https://old.example.eu/"), G: iris.ProvenanceGraph()},
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
	g := buildCatalog(t, Input{IRIs: iris, Catalog: testCatalogConfig(), Reader: snap, Now: time.Now()})
	ds := newNames(iris).SourceDataset("old-portal")
	title := g.Object(ds, vocab.DCTTitle)
	if title.Value != "Old Portal – digital-skills practices" {
		t.Errorf("title = %s", title)
	}
	for _, tr := range []rdf.Triple{
		{S: ds, P: vocab.DCTAccrualPeriodicity, O: authority(FrequencyScheme, "IRREG")},
		{S: ds, P: vocab.DCTSpatial, O: rdf.IRI(vocab.CountryAuthorityBase + "AUT")},
		{S: ds, P: vocab.DCTLanguage, O: rdf.IRI(LanguageScheme + "/DEU")},
		{S: ds, P: vocab.FOAFPage, O: rdf.IRI("https://old.example.eu/")},
	} {
		if !g.Has(tr) {
			t.Errorf("missing %s", tr)
		}
	}
	if d := g.Object(ds, vocab.DCTDescription).Value; !strings.Contains(d, "no longer harvested") || !strings.Contains(d, "1 practice in 1 country") {
		t.Errorf("description = %q", d)
	}
}

// A publisher from the EU corporate-body table is named by its IRI.
func TestCatalogCorporateBodyPublisher(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	in.Catalog.PublisherURL = CorporateBodyScheme + "/EAC"
	g := buildCatalog(t, in)
	pub := rdf.IRI(CorporateBodyScheme + "/EAC")
	if got := g.Object(newNames(f.iris).Catalog(), vocab.DCTPublisher); got != pub {
		t.Errorf("publisher = %s, want %s", got, pub)
	}
	if !g.Has(rdf.Triple{S: pub, P: vocab.SKOSInScheme, O: rdf.IRI(CorporateBodyScheme)}) {
		t.Error("corporate body not in its scheme")
	}
}

func TestCheckConfig(t *testing.T) {
	valid := testCatalogConfig()
	tests := []struct {
		name  string
		edit  func(c *config.Catalog)
		field string
	}{
		{"valid", func(*config.Catalog) {}, ""},
		{"no title", func(c *config.Catalog) { c.Title = " " }, "catalog.title"},
		{"no description", func(c *config.Catalog) { c.Description = "" }, "catalog.description"},
		{"no publisher", func(c *config.Catalog) { c.Publisher = "" }, "catalog.publisher"},
		{"relative publisher url", func(c *config.Catalog) { c.PublisherURL = "/about" }, "catalog.publisher_url"},
		{"unknown publisher type", func(c *config.Catalog) { c.PublisherType = "Charity" }, "catalog.publisher_type"},
		{"publisher type as IRI", func(c *config.Catalog) { c.PublisherType = "http://purl.org/adms/publishertype/LocalAuthority" }, ""},
		{"e-mail with a name", func(c *config.Catalog) { c.ContactEmail = "Map <map@example.eu>" }, "catalog.contact_email"},
		{"not an e-mail", func(c *config.Catalog) { c.ContactEmail = "map at example.eu" }, "catalog.contact_email"},
		{"licence not an IRI", func(c *config.Catalog) { c.License = "CC-BY" }, "catalog.license"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.edit(&c)
			err := CheckConfig(c)
			var fe *FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.field != "" && !errors.As(err, &fe):
				t.Errorf("error %v, want a FieldError for %s", err, tt.field)
			case tt.field != "" && fe.Field != tt.field:
				t.Errorf("error names %s, want %s", fe.Field, tt.field)
			}
		})
	}
}

func TestCatalogRejectsBadInput(t *testing.T) {
	f := demoStore(t)
	tests := []struct {
		name string
		edit func(in *Input)
	}{
		{"no reader", func(in *Input) { in.Reader = nil }},
		{"no IRIs", func(in *Input) { in.IRIs = vocab.IRIs{} }},
		{"duplicate source", func(in *Input) { in.Sources = append(in.Sources, in.Sources[0]) }},
		{"source without id", func(in *Input) { in.Sources = append(in.Sources, Source{Name: "x"}) }},
		{"bad homepage", func(in *Input) { in.Sources[0].Homepage = "javascript:alert(1)" }},
		{"bad SPARQL URL", func(in *Input) { in.SPARQL = "ftp://x/sparql" }},
		{"bad config", func(in *Input) { in.Catalog.Title = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := f.input(t)
			in.Sources = slices.Clone(in.Sources)
			tt.edit(&in)
			if _, err := Catalog(context.Background(), in); err == nil {
				t.Error("Catalog: no error")
			}
			if _, err := VoID(context.Background(), in); err == nil {
				t.Error("VoID: no error")
			}
		})
	}
}
