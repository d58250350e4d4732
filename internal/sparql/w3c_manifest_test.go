package sparql_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// This file reads the W3C test manifests (Turtle with the mf:, qt: and ut:
// vocabularies) with internal/rdfio.

const (
	nsMF    = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	nsQT    = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
	nsUT    = "http://www.w3.org/2009/sparql/tests/test-update#"
	nsDAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
	nsRDFS  = "http://www.w3.org/2000/01/rdf-schema#"
)

// fileURL is the file: IRI of a local path (the base of manifests, queries
// and data, and the name of graphs loaded from files).
func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// localPath is the local path of a file: IRI, or "" for another IRI.
func localPath(iri string) string {
	u, err := url.Parse(iri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// graphIndex indexes a parsed manifest by subject and predicate.
type graphIndex struct {
	props map[rdf.Term]map[string][]rdf.Term
}

func (g *graphIndex) objects(s rdf.Term, p string) []rdf.Term { return g.props[s][p] }

func (g *graphIndex) object(s rdf.Term, p string) rdf.Term {
	if os := g.objects(s, p); len(os) > 0 {
		return os[0]
	}
	return rdf.Term{}
}

// list returns the members of the RDF collection at head.
func (g *graphIndex) list(head rdf.Term) []rdf.Term {
	var out []rdf.Term
	for n := 0; !head.IsZero() && head != rdf.IRI(rdf.RDFNil) && n < 100000; n++ {
		out = append(out, g.object(head, rdf.RDFFirst))
		head = g.object(head, rdf.RDFRest)
	}
	return out
}

// w3cTest is one entry of a manifest.
type w3cTest struct {
	IRI      string
	Name     string
	Type     string // local name in mf:, e.g. "QueryEvaluationTest"
	Dir      string // the manifest's directory, relative to the suite root
	Approval string // local name of dawgt:approval
	Requires []string
	// Query and update tests.
	Query      string // path of qt:query / ut:request / the syntax test file
	Data       []string
	GraphData  []graphData
	Result     string      // path of the expected result file (query tests)
	PostData   []string    // update tests: the expected default graph
	PostGraphs []graphData // update tests: the expected named graphs
	HasResult  bool
	// Lax: mf:resultCardinality mf:LaxCardinality (REDUCED): each expected
	// solution may appear fewer times, but at least once.
	Lax         bool
	ServiceData []serviceData
}

type graphData struct {
	Name string // graph IRI (file IRI for qt:graphData, rdfs:label for ut:)
	Path string
}

type serviceData struct {
	Endpoint string
	Data     []string
}

// readManifest reads the tests of one manifest.
func readManifest(path, root string) ([]w3cTest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	triples, err := rdfio.ParseTriples(f, rdfio.Turtle, rdfio.ParseOptions{Base: fileURL(path)})
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	g := &graphIndex{props: map[rdf.Term]map[string][]rdf.Term{}}
	var manifest rdf.Term
	for _, t := range triples {
		if g.props[t.S] == nil {
			g.props[t.S] = map[string][]rdf.Term{}
		}
		g.props[t.S][t.P.Value] = append(g.props[t.S][t.P.Value], t.O)
		if t.P == rdf.Type && t.O == rdf.IRI(nsMF+"Manifest") {
			manifest = t.S
		}
	}
	if manifest.IsZero() {
		return nil, fmt.Errorf("read manifest %s: no mf:Manifest", path)
	}
	dir, _ := filepath.Rel(root, filepath.Dir(path))
	var out []w3cTest
	for _, entries := range g.objects(manifest, nsMF+"entries") {
		for _, e := range g.list(entries) {
			t := w3cTest{IRI: e.Value, Name: g.object(e, nsMF+"name").Value, Dir: filepath.ToSlash(dir)}
			if t.Name == "" {
				t.Name = e.Value
			}
			for _, ty := range g.objects(e, rdf.RDFType) {
				if s, ok := strings.CutPrefix(ty.Value, nsMF); ok {
					t.Type = s
				}
			}
			t.Lax = g.object(e, nsMF+"resultCardinality") == rdf.IRI(nsMF+"LaxCardinality")
			t.Approval = strings.TrimPrefix(g.object(e, nsDAWGT+"approval").Value, nsDAWGT)
			for _, r := range g.objects(e, nsMF+"requires") {
				t.Requires = append(t.Requires, strings.TrimPrefix(r.Value, nsMF))
			}
			action := g.object(e, nsMF+"action")
			if action.IsIRI() {
				t.Query = localPath(action.Value)
			} else {
				for _, p := range []string{nsQT + "query", nsUT + "request"} {
					if q := g.object(action, p); !q.IsZero() {
						t.Query = localPath(q.Value)
					}
				}
				for _, p := range []string{nsQT + "data", nsUT + "data"} {
					for _, d := range g.objects(action, p) {
						t.Data = append(t.Data, localPath(d.Value))
					}
				}
				for _, gd := range g.objects(action, nsQT+"graphData") {
					t.GraphData = append(t.GraphData, graphData{Name: gd.Value, Path: localPath(gd.Value)})
				}
				for _, gd := range g.objects(action, nsUT+"graphData") {
					t.GraphData = append(t.GraphData, utGraph(g, gd))
				}
				for _, sd := range g.objects(action, nsQT+"serviceData") {
					s := serviceData{Endpoint: g.object(sd, nsQT+"endpoint").Value}
					for _, d := range g.objects(sd, nsQT+"data") {
						s.Data = append(s.Data, localPath(d.Value))
					}
					t.ServiceData = append(t.ServiceData, s)
				}
			}
			if res := g.object(e, nsMF+"result"); !res.IsZero() {
				t.HasResult = true
				if res.IsIRI() {
					t.Result = localPath(res.Value)
				} else {
					for _, d := range g.objects(res, nsUT+"data") {
						t.PostData = append(t.PostData, localPath(d.Value))
					}
					for _, gd := range g.objects(res, nsUT+"graphData") {
						t.PostGraphs = append(t.PostGraphs, utGraph(g, gd))
					}
				}
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// utGraph reads an ut:graphData node: [ ut:graph <file> ; rdfs:label "name" ].
func utGraph(g *graphIndex, n rdf.Term) graphData {
	file := g.object(n, nsUT+"graph")
	gd := graphData{Path: localPath(file.Value), Name: file.Value}
	if l := g.object(n, nsRDFS+"label"); !l.IsZero() {
		gd.Name = l.Value
	}
	return gd
}
