package microdata

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// The W3C "Microdata to RDF" test suite is used in place from the shared
// data folder, never copied into the repository.
const suiteDir = "../../../shared/w3c/microdata-rdf"

// suiteBase is where the suite's documents live: each document's base IRI
// is suiteBase + its file name.
const suiteBase = "http://w3c.github.io/microdata-rdf/tests/"

const (
	nsMF   = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	nsRDFT = "http://www.w3.org/ns/rdftest#"
)

type suiteEntry struct {
	name, typ, action, result string
}

// loadSuite reads the suite's manifest, skipping (failing in CI) when the
// shared folder is absent.
func loadSuite(t *testing.T) []suiteEntry {
	t.Helper()
	manifest, err := os.ReadFile(filepath.Join(suiteDir, "tests", "manifest.ttl"))
	if err != nil {
		testsupport.Missing(t, "W3C Microdata to RDF suite not available (%v): it lives in ../shared/w3c/microdata-rdf", err)
	}
	ts, err := rdfio.ParseTriples(bytes.NewReader(manifest), rdfio.Turtle, rdfio.ParseOptions{Base: suiteBase + "manifest.ttl"})
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	g := rdf.NewGraph(ts...)
	var out []suiteEntry
	// The manifest gives its entries as values of mf:entries, not as a list.
	for _, e := range g.Objects(rdf.IRI(suiteBase+"manifest.ttl"), rdf.IRI(nsMF+"entries")) {
		entry := suiteEntry{
			name:   strings.TrimPrefix(e.Value, suiteBase+"manifest.ttl#"),
			action: g.Object(e, rdf.IRI(nsMF+"action")).Value,
			result: g.Object(e, rdf.IRI(nsMF+"result")).Value,
		}
		for _, typ := range g.Objects(e, rdf.Type) {
			if local, ok := strings.CutPrefix(typ.Value, nsRDFT); ok {
				entry.typ = local
			}
		}
		out = append(out, entry)
	}
	slices.SortFunc(out, func(a, b suiteEntry) int { return strings.Compare(a.name, b.name) })
	if len(out) == 0 {
		t.Fatal("the manifest lists no tests")
	}
	return out
}

// suiteRegistry is the registry the suite's tests assume: the default one,
// as the suite publishes it (ns/md.json, what entries with rdft:registry
// <http://www.w3.org/ns/md> name), with the suite's own test vocabularies
// (tests/test-registry.json, for the expansion tests 0073 and 0074).
func suiteRegistry(t *testing.T) *Registry {
	t.Helper()
	var regs []*Registry
	for _, name := range []string{"ns/md.json", "tests/test-registry.json"} {
		data, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRegistry(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		regs = append(regs, r)
	}
	if !reflect.DeepEqual(regs[0], DefaultRegistry()) {
		t.Errorf("DefaultRegistry differs from the published registry ns/md.json:\n%+v\n%+v", DefaultRegistry(), regs[0])
	}
	return regs[0].Merge(regs[1])
}

// TestW3CSuite runs every entry of the W3C Microdata to RDF suite: a
// positive evaluation test passes when the document's graph is isomorphic
// to the expected one, a negative syntax test when the processor reports
// a microdata error. Every test must pass.
func TestW3CSuite(t *testing.T) {
	entries := loadSuite(t)
	reg := suiteRegistry(t)
	counts := map[string][2]int{} // type → pass, fail
	for _, e := range entries {
		file := strings.TrimPrefix(e.action, suiteBase)
		doc, err := os.ReadFile(filepath.Join(suiteDir, "tests", file))
		if err != nil {
			t.Fatal(err)
		}
		root, err := html.Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		got := ToRDF(root, Options{Base: e.action, Registry: reg})
		pass := false
		switch e.typ {
		case "TestMicrodataEval":
			want := readExpected(t, e.result)
			pass = rdf.Isomorphic(got.Triples, want)
			if !pass {
				t.Errorf("%s (%s): graphs differ\ngot:\n%s\nwant:\n%s", e.name, file, dump(got.Triples), dump(want))
			}
		case "TestMicrodataNegativeSyntax", "TestMicrodataNegativeEval":
			pass = len(got.Errors) > 0
			if !pass {
				t.Errorf("%s (%s): no microdata error reported", e.name, file)
			}
		default:
			t.Fatalf("%s: unknown test type %q", e.name, e.typ)
		}
		c := counts[e.typ]
		if pass {
			c[0]++
		} else {
			c[1]++
		}
		counts[e.typ] = c
	}
	for _, typ := range slices.Sorted(func(yield func(string) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	}) {
		c := counts[typ]
		t.Logf("CONFORMANCE microdata-rdf %-27s pass %3d  fail %3d  (of %d)", typ, c[0], c[1], c[0]+c[1])
	}
}

func readExpected(t *testing.T, iri string) []rdf.Triple {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(suiteDir, "tests", strings.TrimPrefix(iri, suiteBase)))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := rdfio.ParseTriples(bytes.NewReader(data), rdfio.Turtle, rdfio.ParseOptions{Base: iri})
	if err != nil {
		t.Fatalf("%s: %v", iri, err)
	}
	return ts
}

func dump(ts []rdf.Triple) string {
	lines := make([]string, len(ts))
	for i, tr := range ts {
		lines[i] = tr.String()
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestCycleIsAnError checks the negative test's case on its own: the
// processor ends and names the cycle.
func TestCycleIsAnError(t *testing.T) {
	root, _ := html.Parse(strings.NewReader(`<div itemscope><div id="ref"><div itemprop="name">a</div>
<div itemprop="friend" itemscope><div itemprop="friend" itemscope itemref="ref"></div></div></div></div>`))
	got := ToRDF(root, Options{Base: "http://example.org/"})
	if len(got.Errors) == 0 || !errors.Is(got.Errors[0], ErrCycle) {
		t.Fatalf("errors %v, want ErrCycle", got.Errors)
	}
}
