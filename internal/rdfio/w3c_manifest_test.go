package rdfio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// The W3C suites live in the shared data folder, used in place (never
// copied into the repository). Tests that need them skip when it is absent,
// as it is in a user's fresh clone.
const sharedW3C = "../../../shared/w3c"

const (
	nsMF   = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	nsRDFT = "http://www.w3.org/ns/rdftest#"
)

// w3cTest is one entry of an RDF 1.1 test manifest.
type w3cTest struct {
	Name     string // local name of the test IRI (after '#')
	Type     string // local name of its rdft: type, e.g. "TestTurtleEval"
	Action   string // IRI of the input document
	Result   string // IRI of the expected N-Triples/N-Quads, eval tests only
	Approved bool
}

// w3cSuite is a test manifest with the folder its IRIs map onto.
type w3cSuite struct {
	Dir   string // local folder
	Base  string // the suite's assumedTestBase, ending in '/'
	Tests []w3cTest
}

// File maps a test IRI onto the local file.
func (s *w3cSuite) File(iri string) string {
	return filepath.Join(s.Dir, filepath.FromSlash(strings.TrimPrefix(iri, s.Base)))
}

// loadRDFSuite reads an RDF 1.1 syntax suite manifest (rdf11/<name>) with
// our own Turtle parser, skipping the test when the shared folder is absent.
func loadRDFSuite(t testing.TB, name string) *w3cSuite {
	t.Helper()
	dir := filepath.Join(sharedW3C, "rdf", "rdf11", name)
	manifest := filepath.Join(dir, "manifest.ttl")
	f, err := os.Open(manifest)
	if os.IsNotExist(err) {
		testsupport.Missing(t, "W3C suite not available (%s is absent; it ships in the shared data folder, not in the repository)", manifest)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base := "https://w3c.github.io/rdf-tests/rdf/rdf11/" + name + "/"
	ts, err := ParseTriples(f, Turtle, ParseOptions{Base: base + "manifest.ttl"})
	if err != nil {
		t.Fatalf("read manifest %s: %v", manifest, err)
	}
	g := rdf.NewGraph(ts...)
	if tb := g.Object(rdf.IRI(base+"manifest.ttl"), rdf.IRI(nsMF+"assumedTestBase")); tb.IsIRI() && tb.Value != base {
		t.Fatalf("manifest %s: assumedTestBase %s, expected %s", manifest, tb.Value, base)
	}
	s := &w3cSuite{Dir: dir, Base: base}
	list := g.Object(rdf.IRI(base+"manifest.ttl"), rdf.IRI(nsMF+"entries"))
	for !list.IsZero() && list != termNil {
		e := g.Object(list, termFirst)
		typ := g.Object(e, rdf.Type).Value
		s.Tests = append(s.Tests, w3cTest{
			Name:     e.Value[strings.LastIndexByte(e.Value, '#')+1:],
			Type:     strings.TrimPrefix(typ, nsRDFT),
			Action:   g.Object(e, rdf.IRI(nsMF+"action")).Value,
			Result:   g.Object(e, rdf.IRI(nsMF+"result")).Value,
			Approved: g.Object(e, rdf.IRI(nsRDFT+"approval")) == rdf.IRI(nsRDFT+"Approved"),
		})
		list = g.Object(list, termRest)
	}
	if len(s.Tests) == 0 {
		t.Fatalf("manifest %s lists no tests", manifest)
	}
	return s
}

// parseFile parses a suite file with the test's IRI as base.
func parseFile(s *w3cSuite, iri string, f Format) ([]rdf.Quad, error) {
	file, err := os.Open(s.File(iri))
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return Parse(file, f, ParseOptions{Base: iri})
}

// tally counts test outcomes and prints the summary line the conformance
// report quotes.
type tally struct {
	pass, fail, skip int
}

func (c *tally) report(t *testing.T, suite string) {
	t.Logf("CONFORMANCE %-14s pass %3d  fail %3d  skip %3d  (of %d)", suite, c.pass, c.fail, c.skip, c.pass+c.fail+c.skip)
}
