package vocab

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// modelExamples returns the Turtle blocks of MODEL.md, parsed.
func modelExamples(t *testing.T) [][]rdf.Triple {
	t.Helper()
	md, err := os.ReadFile("MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```turtle\n(.*?)```").FindAllStringSubmatch(string(md), -1)
	if len(blocks) < 3 {
		t.Fatalf("MODEL.md has %d Turtle examples, want at least 3", len(blocks))
	}
	var out [][]rdf.Triple
	for i, b := range blocks {
		ts, err := parseTurtle(strings.NewReader(b[1]), "http://localhost:8080/")
		if err != nil {
			t.Fatalf("MODEL.md Turtle example %d: %v", i+1, err)
		}
		out = append(out, ts)
	}
	return out
}

// Every term of the examples exists: ontology terms are declared, concepts
// are in their schemes, reused terms are the ones vocab exports.
func TestModelExamplesUseKnownTerms(t *testing.T) {
	n := mustIRIs(t, "http://localhost:8080/")
	minted := map[rdf.Term]bool{}
	for _, term := range n.Terms().All() {
		minted[term] = true
	}
	exported := map[rdf.Term]bool{rdf.Type: true}
	for _, v := range []rdf.Term{
		DCTTitle, DCTDescription, DCTIdentifier, DCTSource, DCTSpatial, DCTType, DCTLocation,
		DCATKeyword, ADMSStatus, SchemaURL, SchemaProvider, SchemaTeaches, SchemaStartDate, SchemaEndDate,
		ORGOrganization, LOCNLocation, LOCNGeographicName, WGS84Lat, WGS84Long, GeoSfWithin,
		PROVWasGeneratedBy, PROVUsed, PROVGenerated, PROVStartedAtTime, PROVEndedAtTime, SKOSPrefLabel,
		DCTIssued, DCTModified, DCTLanguage, DCATContactPoint, VCardRole, SchemaTimeRequired, SchemaEstimatedCost,
		SchemaMinValue, SchemaMaxValue, SchemaCurrency, PROVWasAssociatedWith, DCTIsReplacedBy,
	} {
		exported[v] = true
	}
	for i, ts := range modelExamples(t) {
		for _, tr := range ts {
			if !exported[tr.P] && !minted[tr.P] {
				t.Errorf("example %d: predicate %v has no Go name", i+1, tr.P)
			}
			for _, x := range []rdf.Term{tr.S, tr.O} {
				if !x.IsIRI() {
					continue
				}
				if strings.HasPrefix(x.Value, n.Namespace()) && !minted[x] {
					t.Errorf("example %d: %v is not declared in the ontology", i+1, x)
				}
				if strings.HasPrefix(x.Value, n.Base()+"vocab/") {
					if _, ok := n.ConceptByIRI(x); !ok {
						t.Errorf("example %d: %v is no bundled concept", i+1, x)
					}
				}
			}
		}
	}
}

// The MIKADO example is what the matchers make of the MIKADO row of the demo
// practices.
func TestModelExampleMatchesMIKADORow(t *testing.T) {
	const (
		city         = "Berlin"
		country      = "DE"
		targetGroups = "refugee women;trainers and multipliers"
		topics       = "digital literacy;train-the-trainer"
		delivery     = "hybrid"
	)
	n := mustIRIs(t, "http://localhost:8080/")
	g := rdf.NewGraph(modelExamples(t)[0]...)
	p := n.Practice("futurium-mikado")
	tm := n.Terms()
	iris := func(cs []Concept) []rdf.Term {
		var out []rdf.Term
		for _, c := range cs {
			out = append(out, c.IRI(n))
		}
		return out
	}
	sameSet := func(what string, got, want []rdf.Term) {
		t.Helper()
		slices.SortFunc(got, rdf.Compare)
		slices.SortFunc(want, rdf.Compare)
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	sameSet("target groups", g.Objects(p, tm.TargetGroup), iris(MatchTargetGroups(targetGroups).Concepts()))
	sameSet("skills", g.Objects(p, SchemaTeaches), iris(MatchSkills(topics).Concepts()))
	sameSet("type", g.Objects(p, DCTType), iris(MatchPracticeTypes(topics).Concepts()))
	mode, _ := DeliveryMode(delivery)
	sameSet("delivery mode", g.Objects(p, tm.DeliveryMode), []rdf.Term{mode.IRI(n)})

	place := NewPlaceMatcher(nil).Match(city, country).Places[0]
	c, _ := CountryByCode(country)
	sameSet("spatial", g.Objects(p, DCTSpatial), []rdf.Term{place.Region()})
	sameSet("country", g.Objects(p, tm.Country), []rdf.Term{c.IRI()})
	loc := n.Place("futurium-mikado", city)
	sameSet("location", g.Objects(p, LOCNLocation), []rdf.Term{loc})
	sameSet("within", g.Objects(loc, GeoSfWithin), []rdf.Term{place.Region()})
	sameSet("lat", g.Objects(loc, WGS84Lat), []rdf.Term{Coordinate(place.Lat)})
	sameSet("long", g.Objects(loc, WGS84Long), []rdf.Term{Coordinate(place.Lon)})
	sameSet("lineage", g.Objects(p, tm.AdaptedFrom), []rdf.Term{n.Practice("futurium-digital-empowerment")})
	if !g.Has(rdf.Triple{S: p, P: rdf.Type, O: tm.Practice}) {
		t.Error("MIKADO is not typed sm:Practice")
	}
}
