package sparqlhttp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
)

// TestW3CServiceDescription checks the three tests of the W3C SPARQL 1.1
// Service Description suite, which its manifest gives by name only: a GET
// on the endpoint returns RDF, the description has an sd:endpoint triple
// naming the endpoint, and it conforms to the vocabulary's schema.
func TestW3CServiceDescription(t *testing.T) {
	const endpoint = "http://www.example/sparql"
	sd := func(local string) rdf.Term { return rdf.IRI(rdf.NSSD + local) }
	for _, c := range []struct {
		name     string
		opts     Options
		langs    []string
		features []string
	}{
		{"read-only", Options{}, []string{"SPARQL11Query"}, []string{"UnionDefaultGraph"}},
		{"with updates and federation", Options{AdminToken: "t", Service: &sparql.ServiceOptions{Allow: []string{"http://other.example/sparql"}}},
			[]string{"SPARQL11Query", "SPARQL11Update"}, []string{"UnionDefaultGraph", "BasicFederatedQuery"}},
	} {
		for _, accept := range []string{"", "text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples"} {
			t.Run(c.name+" "+accept, func(t *testing.T) {
				opts := c.opts
				opts.Store, opts.Endpoint = testStore(t), endpoint
				r := httptest.NewRequest(http.MethodGet, endpoint, nil)
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				rec := httptest.NewRecorder()
				QueryHandler(opts).ServeHTTP(rec, r)
				// GET on endpoint returns RDF.
				f, ok := rdfio.ByMediaType(mediaType(rec.Header().Get("Content-Type")))
				if rec.Code != 200 || !ok {
					t.Fatalf("%d %q, want 200 and an RDF syntax", rec.Code, rec.Header().Get("Content-Type"))
				}
				triples, err := rdfio.ParseTriples(rec.Body, f, rdfio.ParseOptions{Base: endpoint})
				if err != nil {
					t.Fatalf("parse the %s description: %v", f.Name(), err)
				}
				g := rdf.NewGraph(triples...)
				// Service description contains a matching sd:endpoint triple.
				services := g.Subjects(sd("endpoint"), rdf.IRI(endpoint))
				if len(services) != 1 {
					t.Fatalf("%d services with sd:endpoint <%s>, want 1", len(services), endpoint)
				}
				// Service description conforms to schema: the types, ranges
				// and values the vocabulary defines.
				svc := services[0]
				if !g.Has(rdf.Triple{S: svc, P: rdf.Type, O: sd("Service")}) {
					t.Error("the service is not an sd:Service")
				}
				wantSet(t, "sd:supportedLanguage", g.Objects(svc, sd("supportedLanguage")), c.langs, sd)
				wantSet(t, "sd:feature", g.Objects(svc, sd("feature")), c.features, sd)
				for _, rf := range g.Objects(svc, sd("resultFormat")) {
					if !rf.IsIRI() || !strings.HasPrefix(rf.Value, "http://www.w3.org/ns/formats/") {
						t.Errorf("sd:resultFormat %v is not a W3C format IRI", rf)
					}
				}
				ds := g.Object(svc, sd("defaultDataset"))
				if !g.Has(rdf.Triple{S: ds, P: rdf.Type, O: sd("Dataset")}) {
					t.Fatalf("sd:defaultDataset %v is not an sd:Dataset", ds)
				}
				if dg := g.Object(ds, sd("defaultGraph")); !g.Has(rdf.Triple{S: dg, P: rdf.Type, O: sd("Graph")}) {
					t.Errorf("sd:defaultGraph %v is not an sd:Graph", dg)
				}
				named := g.Objects(ds, sd("namedGraph"))
				if len(named) != 1 {
					t.Fatalf("%d named graphs, want the store's 1", len(named))
				}
				for _, ng := range named {
					if !g.Has(rdf.Triple{S: ng, P: rdf.Type, O: sd("NamedGraph")}) {
						t.Errorf("%v is not an sd:NamedGraph", ng)
					}
					if name := g.Object(ng, sd("name")); name != rdf.IRI(ex+"graph/a") {
						t.Errorf("sd:name %v, want <%sgraph/a>", name, ex)
					}
					if gr := g.Object(ng, sd("graph")); !g.Has(rdf.Triple{S: gr, P: rdf.Type, O: sd("Graph")}) {
						t.Errorf("sd:graph %v is not an sd:Graph", gr)
					}
				}
			})
		}
	}
}

func wantSet(t *testing.T, what string, got []rdf.Term, want []string, sd func(string) rdf.Term) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
		return
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == sd(w)
		}
		if !found {
			t.Errorf("%s: %v lacks sd:%s", what, got, w)
		}
	}
}
