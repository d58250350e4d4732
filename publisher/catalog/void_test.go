package catalog

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// naiveStats counts the store the slow, obvious way, as the oracle for the
// VoID numbers.
type naiveStats struct {
	quads                      int
	subjects, objects, iriSubj map[rdf.Term]bool
	properties                 map[rdf.Term]int
	instances                  map[rdf.Term]map[rdf.Term]bool
	graphSubjects              map[rdf.Term]map[rdf.Term]bool
	graphQuads                 map[rdf.Term]int
}

func countNaively(t *testing.T, r store.Reader) *naiveStats {
	t.Helper()
	n := &naiveStats{subjects: map[rdf.Term]bool{}, objects: map[rdf.Term]bool{}, iriSubj: map[rdf.Term]bool{},
		properties: map[rdf.Term]int{}, instances: map[rdf.Term]map[rdf.Term]bool{},
		graphSubjects: map[rdf.Term]map[rdf.Term]bool{}, graphQuads: map[rdf.Term]int{}}
	for q, err := range r.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			t.Fatal(err)
		}
		n.quads++
		n.subjects[q.S] = true
		n.objects[q.O] = true
		if q.S.IsIRI() {
			n.iriSubj[q.S] = true
		}
		n.properties[q.P]++
		if q.P == rdf.Type {
			if n.instances[q.O] == nil {
				n.instances[q.O] = map[rdf.Term]bool{}
			}
			n.instances[q.O][q.S] = true
		}
		if n.graphSubjects[q.G] == nil {
			n.graphSubjects[q.G] = map[rdf.Term]bool{}
		}
		n.graphSubjects[q.G][q.S] = true
		n.graphQuads[q.G]++
	}
	return n
}

func intValue(t *testing.T, g *rdf.Graph, s, p rdf.Term) int {
	t.Helper()
	o := g.Object(s, p)
	if o.Datatype != rdf.XSDInteger {
		t.Fatalf("%s %s = %s, want an xsd:integer", s, p.Value, o)
	}
	v, err := strconv.Atoi(o.Value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVoIDStatisticsMatchTheStore(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	g, err := VoID(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := countNaively(t, in.Reader)
	main := newNames(f.iris).Dataset()

	if uint64(want.quads) != in.Reader.Len() {
		t.Fatalf("oracle counted %d quads, the store says %d", want.quads, in.Reader.Len())
	}
	for _, c := range []struct {
		p    rdf.Term
		want int
	}{
		{vocab.VoIDTriples, want.quads},
		{vocab.VoIDDistinctSubjects, len(want.subjects)},
		{vocab.VoIDDistinctObjects, len(want.objects)},
		{vocab.VoIDEntities, len(want.iriSubj)},
		{vocab.VoIDProperties, len(want.properties)},
		{vocab.VoIDClasses, len(want.instances)},
	} {
		if got := intValue(t, g, main, c.p); got != c.want {
			t.Errorf("%s = %d, want %d", c.p.Value, got, c.want)
		}
	}
	// Property and class partitions.
	for _, part := range g.Objects(main, vocab.VoIDPropertyPartition) {
		p := g.Object(part, vocab.VoIDProperty)
		if got := intValue(t, g, part, vocab.VoIDTriples); got != want.properties[p] {
			t.Errorf("property partition %s: %d triples, want %d", p.Value, got, want.properties[p])
		}
	}
	if got := len(g.Objects(main, vocab.VoIDPropertyPartition)); got != len(want.properties) {
		t.Errorf("%d property partitions, want %d", got, len(want.properties))
	}
	for _, part := range g.Objects(main, vocab.VoIDClassPartition) {
		c := g.Object(part, vocab.VoIDClass)
		if got := intValue(t, g, part, vocab.VoIDEntities); got != len(want.instances[c]) {
			t.Errorf("class partition %s: %d entities, want %d", c.Value, got, len(want.instances[c]))
		}
	}
	// A subset per named graph, named by an sd:NamedGraph, with the
	// graph's quads and subjects.
	graphs, err := in.Reader.Graphs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	subsets := 0
	for _, gname := range graphs {
		named := g.Subjects(vocab.SDName, gname)
		if len(named) != 1 {
			t.Errorf("graph %s: %d sd:NamedGraph nodes", gname.Value, len(named))
			continue
		}
		subset := g.Object(named[0], vocab.SDGraphProp)
		if !g.Has(rdf.Triple{S: main, P: vocab.VoIDSubset, O: subset}) {
			t.Errorf("graph %s: %s is not a subset of the dataset", gname.Value, subset)
		}
		subsets++
		info, _ := in.Reader.GraphInfo(gname)
		if got := intValue(t, g, subset, vocab.VoIDTriples); uint64(got) != info.Quads || got != want.graphQuads[gname] {
			t.Errorf("graph %s: %d triples, store says %d", gname.Value, got, info.Quads)
		}
		if got := intValue(t, g, subset, vocab.VoIDDistinctSubjects); got != len(want.graphSubjects[gname]) {
			t.Errorf("graph %s: %d subjects, want %d", gname.Value, got, len(want.graphSubjects[gname]))
		}
		if id, ok := parseSourceGraph(f.iris, gname); ok && subset != newNames(f.iris).SourceDataset(id) {
			t.Errorf("source graph %s: subset %s is not the catalog's dataset", gname.Value, subset)
		}
	}
	if subsets < 3+len(vocab.Schemes()) {
		t.Errorf("only %d graph subsets", subsets)
	}
}

func TestVoIDLinksAndAccess(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	g, err := VoID(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	main := newNames(f.iris).Dataset()
	for _, tr := range []rdf.Triple{
		{S: main, P: rdf.Type, O: vocab.VoIDDataset},
		{S: main, P: vocab.VoIDSparqlEndpoint, O: rdf.IRI(testBase + "sparql")},
		{S: main, P: vocab.VoIDDataDump, O: rdf.IRI(testBase + "dump.nq")},
		{S: main, P: vocab.VoIDDataDump, O: rdf.IRI(testBase + "dump.ttl")},
		{S: main, P: vocab.VoIDUriSpace, O: rdf.String(testBase)},
		{S: main, P: vocab.DCTLicense, O: rdf.IRI(in.Catalog.License)},
		{S: main, P: vocab.VoIDVocabulary, O: rdf.IRI(rdf.NSDCT)},
		{S: main, P: vocab.VoIDVocabulary, O: rdf.IRI(f.iris.Namespace())},
		{S: rdf.IRI(testBase + VoIDPath), P: vocab.FOAFPrimaryTopic, O: main},
	} {
		if !g.Has(tr) {
			t.Errorf("missing %s", tr)
		}
	}
	examples := g.Objects(main, vocab.VoIDExampleResource)
	if len(examples) != exampleResources {
		t.Errorf("%d example resources", len(examples))
	}
	for _, e := range examples {
		if _, ok := f.iris.ParsePractice(e); !ok {
			t.Errorf("example %s is not a practice", e)
		}
	}
	// Linksets: count the links in the store and compare.
	for _, tt := range []struct {
		pred  rdf.Term
		space string
	}{
		{vocab.DCTSpatial, vocab.NUTSCodeBase},
		{f.iris.Terms().Country, vocab.CountryAuthorityBase},
	} {
		want := 0
		for q, err := range in.Reader.Match(context.Background(), store.Pattern{P: tt.pred, AnyGraph: true}) {
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(q.O.Value, tt.space) {
				want++
			}
		}
		var found bool
		for _, ls := range g.Subjects(vocab.VoIDLinkPredicate, tt.pred) {
			target := g.Object(ls, vocab.VoIDObjectsTarget)
			if g.Object(target, vocab.VoIDUriSpace) != rdf.String(tt.space) {
				continue
			}
			found = true
			if got := intValue(t, g, ls, vocab.VoIDTriples); got != want {
				t.Errorf("linkset %s: %d links, want %d", tt.pred.Value, got, want)
			}
			if g.Object(ls, vocab.VoIDSubjectsTarget) != main {
				t.Errorf("linkset %s: subjects target %s", tt.pred.Value, g.Object(ls, vocab.VoIDSubjectsTarget))
			}
		}
		if !found && want > 0 {
			t.Errorf("no linkset for %s to %s (%d links)", tt.pred.Value, tt.space, want)
		}
	}
}

// The VoID document comes back unchanged from every syntax it is served in.
func TestVoIDRoundTrips(t *testing.T) {
	f := demoStore(t)
	g, err := VoID(context.Background(), f.input(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []rdfio.Format{rdfio.RDFXML, rdfio.Turtle, rdfio.NTriples, rdfio.JSONLD} {
		back := roundTrip(t, g, format)
		if !rdf.Isomorphic(g.Triples(), back) {
			t.Errorf("%s round trip changed the VoID description", format)
		}
	}
}

// plainReader hides the store's IDReader, as another Store implementation
// (an external triple store) would lack it.
type plainReader struct{ store.Reader }

// The statistics do not depend on whether the store offers id-level reads.
func TestVoIDStatisticsWithoutIDReader(t *testing.T) {
	f := demoStore(t)
	in := f.input(t)
	if _, ok := in.Reader.(store.IDReader); !ok {
		t.Fatal("the memory store's snapshot should be an IDReader")
	}
	withIDs, err := VoID(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	in.Reader = plainReader{in.Reader}
	withTerms, err := VoID(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !rdf.Isomorphic(withIDs.Triples(), withTerms.Triples()) {
		t.Error("VoID differs between id-level and term-level reads")
		diff(t, withIDs.Triples(), withTerms.Triples())
	}
}
