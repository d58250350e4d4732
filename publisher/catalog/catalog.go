package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Catalog builds the DCAT-AP 3.0.1 catalog of the deployment: the catalog,
// the Digital Skills Map dataset and one dataset per partner source, their
// distributions (dumps, graph documents, map layer, APIs), the SPARQL
// endpoint and the OGC API as data services, a catalog record per dataset
// and service, and the typing statements DCAT-AP's shapes need for the
// controlled-vocabulary values it uses. Every resource it mints is a hash
// IRI of {base}catalog.
func Catalog(ctx context.Context, in Input) (*rdf.Graph, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	snap, err := readSnapshot(ctx, &in)
	if err != nil {
		return nil, err
	}
	c := &catalogWriter{builder: newBuilder(), in: &in, n: newNames(in.IRIs), snap: snap}
	if err := c.write(ctx); err != nil {
		return nil, err
	}
	return c.g, nil
}

// catalogWriter writes one catalog.
type catalogWriter struct {
	*builder
	in   *Input
	n    names
	snap *snapshot

	publisher, contact, licence, accessRights, rights rdf.Term
	ontology                                          rdf.Term
}

func (c *catalogWriter) write(ctx context.Context) error {
	in, n := c.in, c.n
	c.publisher = c.writePublisher()
	c.contact = c.writeContact()
	c.licence = c.writeLicence(in.Catalog.License)
	c.accessRights = c.value(accessPublic, vocab.DCTRightsStatement, AccessRightScheme)
	c.rights = c.writeRights()
	c.ontology = c.standard(in.IRIs.Ontology().Value, "Skillsmap ontology: the data model of digital-skills practices")

	cat := n.Catalog()
	c.add(cat, rdf.Type, vocab.DCATCatalog)
	c.text(cat, vocab.DCTTitle, in.Catalog.Title, in.lang())
	c.text(cat, vocab.DCTDescription, in.Catalog.Description, in.lang())
	c.add(cat, vocab.DCTPublisher, c.publisher)
	c.add(cat, vocab.DCATContactPoint, c.contact)
	c.add(cat, vocab.FOAFHomepage, c.document(in.IRIs.Base()))
	c.add(cat, vocab.DCTLicense, c.licence)
	c.add(cat, vocab.DCTModified, dateTime(c.snap.modified))
	if !c.snap.all.firstSeen.IsZero() {
		c.add(cat, vocab.DCTIssued, dateTime(c.snap.all.firstSeen))
	}
	for _, l := range c.languages(c.snap.all, true) {
		c.add(cat, vocab.DCTLanguage, l)
	}
	for _, country := range sortedTerms(c.snap.all.countries) {
		c.add(cat, vocab.DCTSpatial, c.value(country, vocab.DCTLocation, CountryScheme))
	}
	themes := c.value(rdf.IRI(DataThemeScheme), vocab.SKOSConceptScheme, "")
	c.en(themes, vocab.DCTTitle, "Data theme")
	c.add(cat, vocab.DCATThemeTaxonomy, themes)

	main, err := c.writeMainDataset(ctx)
	if err != nil {
		return err
	}
	c.add(cat, vocab.DCATDatasetProp, main)
	c.record("dataset", main, c.snap.modified, c.snap.all.firstSeen)
	var all []rdf.Term
	all = append(all, main)
	for i := range c.snap.sources {
		s := &c.snap.sources[i]
		ds, err := c.writeSourceDataset(ctx, s, main)
		if err != nil {
			return err
		}
		c.add(cat, vocab.DCATDatasetProp, ds)
		c.record("dataset-"+s.ID, ds, s.facts.modified, s.facts.firstSeen)
		all = append(all, ds)
	}
	for _, svc := range []rdf.Term{c.writeSPARQLService(all), c.writeOGCService(main)} {
		c.add(cat, vocab.DCATService, svc)
		c.record(strings.TrimPrefix(svc.Value, n.base+"#"), svc, c.snap.modified, c.snap.all.firstSeen)
	}
	return nil
}

// writeRights describes what a reuser must do beyond the licence: the
// statement every distribution refers to (dct:rights).
func (c *catalogWriter) writeRights() rdf.Term {
	r := c.n.Rights()
	c.add(r, rdf.Type, vocab.DCTRightsStatement)
	c.en(r, vocab.RDFSLabel, "Free to reuse under the licence given (dct:license). Name the "+c.in.Catalog.Title+
		" and, for a practice, the partner site it was harvested from (its dct:source). The practices describe "+
		"organisations, never persons; texts are the partners' own.")
	return r
}

// writePublisher describes the publisher. A publisher_url from the EU
// corporate-body table is the publisher itself; any other is its homepage.
func (c *catalogWriter) writePublisher() rdf.Term {
	cfg := c.in.Catalog
	agent := c.n.Publisher()
	if strings.HasPrefix(cfg.PublisherURL, CorporateBodyScheme+"/") {
		agent = c.value(rdf.IRI(cfg.PublisherURL), vocab.FOAFAgent, CorporateBodyScheme)
	} else {
		c.add(agent, rdf.Type, vocab.FOAFAgent)
		if cfg.PublisherURL != "" {
			c.add(agent, vocab.FOAFHomepage, c.document(cfg.PublisherURL))
		}
	}
	c.add(agent, rdf.Type, vocab.FOAFOrganization)
	c.text(agent, vocab.FOAFName, cfg.Publisher, c.in.lang())
	if pt, ok := publisherType(cfg.PublisherType); ok {
		c.add(agent, vocab.DCTType, c.concept(pt))
	}
	return agent
}

// writeContact describes the contact point: the configured e-mail address,
// else the publisher's or the map's web site.
func (c *catalogWriter) writeContact() rdf.Term {
	cfg := c.in.Catalog
	k := c.n.Contact()
	c.add(k, rdf.Type, vocab.VCardKind)
	c.add(k, rdf.Type, vocab.VCardOrganization)
	c.text(k, vocab.VCardFn, cfg.Publisher, c.in.lang())
	if cfg.ContactEmail != "" {
		c.add(k, vocab.VCardHasEmail, rdf.IRI("mailto:"+cfg.ContactEmail))
	}
	site := cfg.PublisherURL
	if site == "" || strings.HasPrefix(site, CorporateBodyScheme+"/") {
		site = c.in.IRIs.Base()
	}
	c.add(k, vocab.VCardHasURL, rdf.IRI(site))
	return k
}

// writeLicence describes a licence with its ADMS licence types where the
// EU licence table's licence is one the catalog knows.
func (c *catalogWriter) writeLicence(iri string) rdf.Term {
	l := rdf.IRI(iri)
	if c.once(l, vocab.DCTLicenseDocument) {
		c.add(l, rdf.Type, vocab.DCTLicenseDocument)
		for _, t := range licenceTypesOf(iri) {
			c.add(l, vocab.DCTType, c.concept(t))
		}
	}
	return l
}

// languages returns the EU language IRIs of the practices' titles and
// descriptions and, for the catalog, of its own metadata.
func (c *catalogWriter) languages(f *facts, withMetadata bool) []rdf.Term {
	set := map[rdf.Term]bool{}
	for t := range f.languages {
		set[t] = true
	}
	if iri, ok := languageIRI(c.in.lang()); ok && withMetadata {
		set[iri] = true
	}
	var out []rdf.Term
	for _, l := range sortedTerms(set) {
		out = append(out, c.value(l, vocab.DCTLinguisticSystem, LanguageScheme))
	}
	return out
}

// describeDataset writes what the map's dataset and the source datasets
// share: publisher, contact, themes, licence, access rights, languages,
// coverage, dates and periodicity.
func (c *catalogWriter) describeDataset(ctx context.Context, ds rdf.Term, f *facts, frequency rdf.Term, keywords []string) error {
	c.add(ds, rdf.Type, vocab.DCATDataset)
	c.add(ds, rdf.Type, vocab.DCATResource)
	c.add(ds, vocab.DCTIdentifier, rdf.String(ds.Value))
	c.add(ds, vocab.DCTPublisher, c.publisher)
	c.add(ds, vocab.DCATContactPoint, c.contact)
	c.add(ds, vocab.DCATTheme, c.concept(themeEducation))
	c.add(ds, vocab.DCATTheme, c.concept(themeSociety))
	c.add(ds, vocab.DCTLicense, c.licence)
	c.add(ds, vocab.DCTAccessRights, c.accessRights)
	c.add(ds, vocab.DCTConformsTo, c.ontology)
	c.add(ds, vocab.DCTAccrualPeriodicity, c.value(frequency, vocab.DCTFrequency, FrequencyScheme))
	for _, l := range c.languages(f, false) {
		c.add(ds, vocab.DCTLanguage, l)
	}
	for _, k := range keywords {
		c.en(ds, vocab.DCATKeyword, k)
	}
	if err := c.conceptKeywords(ctx, ds, f); err != nil {
		return err
	}
	for _, country := range sortedTerms(f.countries) {
		c.add(ds, vocab.DCTSpatial, c.value(country, vocab.DCTLocation, CountryScheme))
	}
	if f.box.n > 0 {
		// The extent of the practices' places, for portals that draw maps.
		extent := rdf.IRI(ds.Value + "-extent")
		polygon, centroid := f.box.wkt()
		c.add(ds, vocab.DCTSpatial, extent)
		c.add(extent, rdf.Type, vocab.DCTLocation)
		c.add(extent, vocab.DCATBbox, rdf.Literal(polygon, rdf.NSGEO+"wktLiteral"))
		c.add(extent, vocab.DCATCentroid, rdf.Literal(centroid, rdf.NSGEO+"wktLiteral"))
	}
	if start, end := f.period(); start != "" {
		period := c.blank("period")
		c.add(ds, vocab.DCTTemporal, period)
		c.add(period, rdf.Type, vocab.DCTPeriodOfTime)
		c.add(period, vocab.DCATStartDate, date(start))
		c.add(period, vocab.DCATEndDate, date(end))
	}
	if !f.firstSeen.IsZero() {
		c.add(ds, vocab.DCTIssued, dateTime(f.firstSeen))
	}
	return nil
}

// conceptKeywords adds the labels of the practice types and target groups
// the dataset's practices have most, as keywords.
func (c *catalogWriter) conceptKeywords(ctx context.Context, ds rdf.Term, f *facts) error {
	const maxConceptKeywords = 20
	for _, concept := range topConcepts(f.concepts, maxConceptKeywords) {
		if _, _, ok := c.in.IRIs.ParseConcept(concept); !ok {
			continue
		}
		l, err := label(ctx, c.in.Reader, concept, c.in.lang())
		if err != nil {
			return fmt.Errorf("catalog: keywords: %w", err)
		}
		if !l.IsZero() {
			c.add(ds, vocab.DCATKeyword, l)
		}
	}
	return nil
}

// writeMainDataset describes the Digital Skills Map: every source's
// practices and the vocabularies, in the full dumps, the map layer and the
// APIs.
func (c *catalogWriter) writeMainDataset(ctx context.Context) (rdf.Term, error) {
	in, ds := c.in, c.n.Dataset()
	c.text(ds, vocab.DCTTitle, in.Catalog.Title, in.lang())
	c.text(ds, vocab.DCTDescription, in.Catalog.Description, in.lang())
	freq, err := c.mainFrequency()
	if err != nil {
		return rdf.Term{}, err
	}
	keywords := []string{"digital skills", "digital literacy", "good practices", "DigComp", "linked open data"}
	if err := c.describeDataset(ctx, ds, c.snap.all, freq, keywords); err != nil {
		return rdf.Term{}, err
	}
	c.add(ds, vocab.DCTModified, dateTime(c.snap.modified))
	c.add(ds, vocab.DCATLandingPage, c.document(in.IRIs.Base()))
	c.add(ds, vocab.RDFSSeeAlso, rdf.IRI(in.IRIs.Base()+VoIDPath))
	prov := c.blank("provenance")
	c.add(ds, vocab.DCTProvenance, prov)
	c.add(prov, rdf.Type, vocab.DCTProvenanceStatement)
	c.en(prov, vocab.RDFSLabel, "Harvested from the web sites of partner organisations by the Skillsmap harvester "+
		"and mapped to the Skillsmap ontology, DigComp 2.2 and the EU's NUTS regions. Each practice names the page "+
		"it was read from (dct:source) and the harvest run that read it (prov:wasGeneratedBy); the runs are in the "+
		"named graph "+in.IRIs.ProvenanceGraph().Value+".")
	for _, d := range c.mainDistributions() {
		dist, err := c.writeDistribution(ctx, d)
		if err != nil {
			return rdf.Term{}, err
		}
		c.add(ds, vocab.DCATDistributionProp, dist)
	}
	return ds, nil
}

// mainFrequency is the frequency of the most often harvested source: the
// map changes whenever one of its sources does.
func (c *catalogWriter) mainFrequency() (rdf.Term, error) {
	best := authority(FrequencyScheme, frequencyIrregular)
	bestRank := len(frequencies)
	for _, s := range c.snap.sources {
		f, err := FrequencyOf(s.Schedule, c.in.Now)
		if err != nil {
			return rdf.Term{}, fmt.Errorf("catalog: source %s: %w", s.ID, err)
		}
		for i, fr := range frequencies {
			if f == authority(FrequencyScheme, fr.code) && i < bestRank {
				best, bestRank = f, i
			}
		}
	}
	return best, nil
}

// writeSourceDataset describes the practices harvested from one partner.
func (c *catalogWriter) writeSourceDataset(ctx context.Context, s *sourceInfo, main rdf.Term) (rdf.Term, error) {
	ds := c.n.SourceDataset(s.ID)
	name := s.name()
	c.en(ds, vocab.DCTTitle, name+" – digital-skills practices")
	desc := "Digital-skills practices harvested from " + name
	if s.Homepage != "" {
		desc += " (" + s.Homepage + ")"
	}
	desc += " for the " + c.in.Catalog.Title + ": " + plural(s.facts.practices, "practice")
	if n := len(s.facts.countries); n > 0 {
		desc += " in " + plural(n, "country")
	}
	desc += "."
	if !s.configured {
		desc += " The source is no longer harvested; its last harvest is kept."
	}
	c.en(ds, vocab.DCTDescription, desc)
	freq := authority(FrequencyScheme, frequencyIrregular)
	if s.configured {
		var err error
		if freq, err = FrequencyOf(s.Schedule, c.in.Now); err != nil {
			return rdf.Term{}, fmt.Errorf("catalog: source %s: %w", s.ID, err)
		}
	}
	if err := c.describeDataset(ctx, ds, s.facts, freq, []string{"digital skills", name}); err != nil {
		return rdf.Term{}, err
	}
	if !s.facts.modified.IsZero() {
		c.add(ds, vocab.DCTModified, dateTime(s.facts.modified))
	}
	c.add(ds, vocab.DCTIsPartOf, main)
	c.add(main, vocab.DCTHasPart, ds)
	c.add(ds, vocab.DCATLandingPage, c.document(c.in.IRIs.Source(s.ID).Value))
	if s.Homepage != "" {
		c.add(ds, vocab.FOAFPage, c.document(s.Homepage))
	}
	prov := c.blank("provenance")
	c.add(ds, vocab.DCTProvenance, prov)
	c.add(prov, rdf.Type, vocab.DCTProvenanceStatement)
	c.en(prov, vocab.RDFSLabel, "Harvested from "+name+" by the Skillsmap harvester into the named graph "+s.graph.Value+
		"; each harvest replaces the graph as a whole, and a failed harvest keeps the previous one.")
	for _, d := range c.sourceDistributions(s) {
		dist, err := c.writeDistribution(ctx, d)
		if err != nil {
			return rdf.Term{}, err
		}
		c.add(ds, vocab.DCATDistributionProp, dist)
	}
	return ds, nil
}

// record writes the catalog record of a dataset or service. DCAT-AP
// requires its modification date: the resource's, else the store's.
func (c *catalogWriter) record(name string, topic rdf.Term, modified, issued time.Time) {
	r := c.n.Record(name)
	c.add(c.n.Catalog(), vocab.DCATRecord, r)
	c.add(r, rdf.Type, vocab.DCATCatalogRecord)
	c.add(r, vocab.FOAFPrimaryTopic, topic)
	c.add(r, vocab.DCTConformsTo, c.standard(DCATAP, "DCAT-AP 3.0.1"))
	if modified.IsZero() {
		modified = c.snap.modified
	}
	c.add(r, vocab.DCTModified, dateTime(modified))
	if !issued.IsZero() {
		c.add(r, vocab.DCTIssued, dateTime(issued))
	}
	// The record's change type: created, until the resource changes after
	// it was first published.
	change := changeCreated
	if !issued.IsZero() && modified.Truncate(time.Second).After(issued.Truncate(time.Second)) {
		change = changeUpdated
	}
	c.add(r, vocab.ADMSStatus, c.concept(change))
}

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	switch {
	case n == 1:
		return s
	case strings.HasSuffix(noun, "y"):
		return strconv.Itoa(n) + " " + strings.TrimSuffix(noun, "y") + "ies"
	}
	return s + "s"
}
