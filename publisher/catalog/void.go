package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// voidLinkTargets are the external datasets the practices link to.
func voidLinkTargets(n vocab.IRIs) []linkTarget {
	return []linkTarget{
		{space: vocab.NUTSCodeBase, slug: "nuts", title: "NUTS 2021 regions (EU Publications Office)",
			homepage: "https://ec.europa.eu/eurostat/web/nuts", predicates: []rdf.Term{vocab.DCTSpatial, vocab.GeoSfWithin}},
		{space: vocab.CountryAuthorityBase, slug: "countries", title: "EU country authority table",
			homepage: CountryScheme, predicates: []rdf.Term{n.Terms().Country}},
		{space: vocab.ESCOSkillBase, slug: "esco", title: "ESCO skills",
			homepage: "https://esco.ec.europa.eu/", predicates: []rdf.Term{vocab.SchemaTeaches}},
	}
}

// voidFormats are the W3C format IRIs of the dump syntaxes (void:feature).
var voidFormats = map[rdfio.Format]string{
	rdfio.Turtle:   "http://www.w3.org/ns/formats/Turtle",
	rdfio.NTriples: "http://www.w3.org/ns/formats/N-Triples",
	rdfio.NQuads:   "http://www.w3.org/ns/formats/N-Quads",
	rdfio.TriG:     "http://www.w3.org/ns/formats/TriG",
	rdfio.JSONLD:   "http://www.w3.org/ns/formats/JSON-LD",
	rdfio.RDFXML:   "http://www.w3.org/ns/formats/RDF_XML",
}

// exampleResources is how many practices VoID names as examples.
const exampleResources = 3

// VoID describes the deployment's data for linked-data tools: the map's
// dataset (the same resource as the catalog's, {base}catalog#dataset) with
// its statistics from the store, dumps, SPARQL endpoint, URI space,
// licence, vocabularies and example resources; a subset per named graph
// (the source datasets of the catalog and the vocabulary graphs), each with
// its graph name as a SPARQL service description sd:NamedGraph; class and
// property partitions; and linksets to NUTS, the EU country table and ESCO.
//
// void:triples counts quads: a triple in two graphs counts twice.
// void:entities counts distinct IRI subjects.
func VoID(ctx context.Context, in Input) (*rdf.Graph, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	n := in.IRIs
	targets := voidLinkTargets(n)
	st, err := computeStats(ctx, in.Reader, targets)
	if err != nil {
		return nil, err
	}
	w := &voidWriter{builder: newBuilder(), in: &in, names: newNames(n), doc: n.Base() + VoIDPath}
	main := w.names.Dataset()

	doc := rdf.IRI(w.doc)
	w.add(doc, rdf.Type, vocab.VoIDDatasetDescription)
	w.en(doc, vocab.DCTTitle, "VoID description of the "+in.Catalog.Title)
	w.add(doc, vocab.FOAFPrimaryTopic, main)
	w.add(doc, vocab.RDFSSeeAlso, w.names.Document())

	w.add(main, rdf.Type, vocab.VoIDDataset)
	w.text(main, vocab.DCTTitle, in.Catalog.Title, in.lang())
	w.text(main, vocab.DCTDescription, in.Catalog.Description, in.lang())
	w.add(main, vocab.DCTLicense, rdf.IRI(in.Catalog.License))
	w.add(main, vocab.DCTPublisher, w.names.Publisher())
	w.add(main, vocab.DCTModified, dateTime(modifiedOr(in)))
	w.add(main, vocab.FOAFHomepage, rdf.IRI(n.Base()))
	w.add(main, vocab.VoIDSparqlEndpoint, rdf.IRI(in.sparqlEndpoint()))
	for _, f := range DumpFormats {
		w.add(main, vocab.VoIDDataDump, rdf.IRI(n.Base()+DumpPath+f.Extension()))
		w.add(main, vocab.VoIDFeature, rdf.IRI(voidFormats[f]))
	}
	w.add(main, vocab.VoIDUriSpace, rdf.String(n.Base()))
	w.add(main, vocab.VoIDRootResource, w.names.Catalog())
	examples, err := examplePractices(ctx, in.Reader, n.Terms().Practice)
	if err != nil {
		return nil, err
	}
	for _, e := range examples {
		w.add(main, vocab.VoIDExampleResource, e)
	}
	w.statistics(main, st.quads, st.entities, len(st.classes), len(st.properties), st.subjects, st.objects)
	for _, ns := range vocabularies(st) {
		w.add(main, vocab.VoIDVocabulary, rdf.IRI(ns))
	}
	w.partitions(main, st)
	if err := w.subsets(ctx, main, st); err != nil {
		return nil, err
	}
	w.linksets(main, st, targets)
	return w.g, nil
}

// voidWriter writes one VoID description.
type voidWriter struct {
	*builder
	in    *Input
	names names
	doc   string // {base}.well-known/void
}

// hash mints a resource of the VoID document.
func (w *voidWriter) hash(frag string) rdf.Term { return rdf.IRI(w.doc + "#" + frag) }

func integer[N int | uint64](v N) rdf.Term {
	return rdf.Literal(strconv.FormatUint(uint64(v), 10), rdf.XSDInteger)
}

func (w *voidWriter) statistics(ds rdf.Term, quads uint64, entities, classes, properties, subjects, objects int) {
	w.add(ds, vocab.VoIDTriples, integer(quads))
	w.add(ds, vocab.VoIDEntities, integer(entities))
	w.add(ds, vocab.VoIDClasses, integer(classes))
	w.add(ds, vocab.VoIDProperties, integer(properties))
	w.add(ds, vocab.VoIDDistinctSubjects, integer(subjects))
	w.add(ds, vocab.VoIDDistinctObjects, integer(objects))
}

// maxPartitions bounds the class and property partitions: the most used
// are listed, so that a source with many ad-hoc terms cannot blow up the
// document. void:classes and void:properties still count them all.
const maxPartitions = 500

// partitions writes a class partition per class (with its instances) and a
// property partition per property (with its triples).
func (w *voidWriter) partitions(main rdf.Term, st *stats) {
	for _, c := range mostUsed(st.classes, maxPartitions) {
		part := w.hash("class-" + w.termSlug(c))
		w.add(main, vocab.VoIDClassPartition, part)
		w.add(part, vocab.VoIDClass, c)
		w.add(part, vocab.VoIDEntities, integer(st.classes[c]))
	}
	for _, p := range mostUsed(st.properties, maxPartitions) {
		part := w.hash("property-" + w.termSlug(p))
		w.add(main, vocab.VoIDPropertyPartition, part)
		w.add(part, vocab.VoIDProperty, p)
		w.add(part, vocab.VoIDTriples, integer(st.properties[p]))
	}
}

// mostUsed returns at most limit keys, the largest counts first, ties in
// term order.
func mostUsed[N int | uint64](counts map[rdf.Term]N, limit int) []rdf.Term {
	out := make([]rdf.Term, 0, len(counts))
	for t := range counts {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b rdf.Term) int {
		switch {
		case counts[a] > counts[b]:
			return -1
		case counts[a] < counts[b]:
			return 1
		}
		return rdf.Compare(a, b)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// termSlug names a class or property in a fragment that stays the same as
// the data grows: its prefixed name ("skos-Concept", "sm-Practice"), else a
// hash of its IRI.
func (w *voidWriter) termSlug(t rdf.Term) string {
	prefixes := append(documentPrefixes(), rdfio.Prefix{Name: "sm", Namespace: w.in.IRIs.Namespace()})
	for _, p := range prefixes {
		if local, ok := strings.CutPrefix(t.Value, p.Namespace); ok && local != "" && validLocal(local) {
			return p.Name + "-" + local
		}
	}
	sum := sha256.Sum256([]byte(t.Value))
	return hex.EncodeToString(sum[:8])
}

// validLocal reports whether a local name is safe in a fragment as is.
func validLocal(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// subsets writes a subset per named graph: the catalog's source dataset for
// a source graph, a dataset of the VoID document for the others.
func (w *voidWriter) subsets(ctx context.Context, main rdf.Term, st *stats) error {
	graphs, err := w.in.Reader.Graphs(ctx)
	if err != nil {
		return fmt.Errorf("void: list graphs: %w", err)
	}
	n := w.in.IRIs
	for _, g := range graphs {
		gs := st.graphs[g]
		if gs == nil {
			gs = &graphStats{} // an empty graph
		}
		slug := graphSlug(n, g)
		subset := w.hash("graph-" + slug)
		title := graphTitle(n, g)
		if id, ok := parseSourceGraph(n, g); ok {
			subset = w.names.SourceDataset(id)
			for _, s := range w.in.Sources {
				if s.ID == id && s.Name != "" {
					title = s.Name + " – digital-skills practices"
				}
			}
		}
		w.add(main, vocab.VoIDSubset, subset)
		w.add(subset, rdf.Type, vocab.VoIDDataset)
		w.add(subset, rdf.Type, vocab.SDGraph)
		w.en(subset, vocab.DCTTitle, title)
		if info, ok := w.in.Reader.GraphInfo(g); ok && !info.Modified.IsZero() {
			w.add(subset, vocab.DCTModified, dateTime(info.Modified))
		}
		w.statistics(subset, gs.quads, gs.entities, gs.classes, gs.properties, gs.subjects, gs.objects)
		if strings.HasPrefix(g.Value, n.Base()) {
			// The publisher serves every named graph under the base as a
			// document at its IRI.
			w.add(subset, vocab.VoIDDataDump, rdf.IRI(g.Value+".nt"))
		}
		named := w.hash("named-graph-" + slug)
		w.add(named, rdf.Type, vocab.SDNamedGraph)
		w.add(named, vocab.SDName, g)
		w.add(named, vocab.SDGraphProp, subset)
	}
	return nil
}

// linksets writes a linkset per external dataset and link predicate that
// has links.
func (w *voidWriter) linksets(main rdf.Term, st *stats, targets []linkTarget) {
	for _, t := range targets {
		var used []rdf.Term
		for _, p := range t.predicates {
			if st.links[linkKey{p, t.space}] > 0 {
				used = append(used, p)
			}
		}
		if len(used) == 0 {
			continue
		}
		target := w.hash(t.slug)
		w.add(target, rdf.Type, vocab.VoIDDataset)
		w.en(target, vocab.DCTTitle, t.title)
		w.add(target, vocab.FOAFHomepage, rdf.IRI(t.homepage))
		w.add(target, vocab.VoIDUriSpace, rdf.String(t.space))
		for _, p := range used {
			ls := w.hash("links-" + t.slug + "-" + localName(p.Value))
			w.add(main, vocab.VoIDSubset, ls)
			w.add(ls, rdf.Type, vocab.VoIDLinkset)
			w.add(ls, vocab.VoIDSubjectsTarget, main)
			w.add(ls, vocab.VoIDObjectsTarget, target)
			w.add(ls, vocab.VoIDLinkPredicate, p)
			w.add(ls, vocab.VoIDTriples, integer(st.links[linkKey{p, t.space}]))
		}
	}
}

// examplePractices returns the first practices in IRI order.
func examplePractices(ctx context.Context, r store.Reader, practice rdf.Term) ([]rdf.Term, error) {
	seen := map[rdf.Term]bool{}
	for q, err := range r.Match(ctx, store.Pattern{P: rdf.Type, O: practice, AnyGraph: true}) {
		if err != nil {
			return nil, fmt.Errorf("void: example resources: %w", err)
		}
		seen[q.S] = true
	}
	out := sortedTerms(seen)
	if len(out) > exampleResources {
		out = out[:exampleResources]
	}
	return out, nil
}

// vocabularies returns the namespaces of the properties and classes used.
func vocabularies(st *stats) []string {
	set := map[string]bool{}
	for p := range st.properties {
		if ns := namespace(p.Value); ns != "" {
			set[ns] = true
		}
	}
	for c := range st.classes {
		if ns := namespace(c.Value); ns != "" && c.IsIRI() {
			set[ns] = true
		}
	}
	out := make([]string, 0, len(set))
	for ns := range set {
		out = append(out, ns)
	}
	slices.Sort(out)
	return out
}

// graphSlug names a graph in fragments: its path under {base}graph/, with
// '/' as '-' ("vocab-digcomp"), else an escaped form of the whole IRI.
func graphSlug(n vocab.IRIs, g rdf.Term) string {
	rest, ok := strings.CutPrefix(g.Value, n.Base()+"graph/")
	if !ok || rest == "" {
		rest = g.Value
	}
	return fragment(strings.ReplaceAll(rest, "/", "-"))
}

// graphTitle says what a named graph holds.
func graphTitle(n vocab.IRIs, g rdf.Term) string {
	switch g {
	case n.OntologyGraph():
		return "Skillsmap ontology"
	case n.CountriesGraph():
		return "Countries (EU country authority table)"
	case n.RegionsGraph():
		return "NUTS 2021 regions"
	case n.ProvenanceGraph():
		return "Harvest provenance: sources and harvest runs"
	}
	for _, s := range vocab.Schemes() {
		if g == n.SchemeGraph(s) {
			return "Concept scheme " + string(s)
		}
	}
	if id, ok := parseSourceGraph(n, g); ok {
		return "Practices harvested from source " + id
	}
	return "Named graph " + g.Value
}

func localName(iri string) string { return strings.TrimPrefix(iri, namespace(iri)) }

// modifiedOr is the store's last write, or Now for a store never written.
func modifiedOr(in Input) time.Time {
	if m := in.Reader.Modified(); !m.IsZero() {
		return m
	}
	return in.Now
}
