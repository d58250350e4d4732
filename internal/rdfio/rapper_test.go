package rdfio

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// TestRapperReadsOurOutput checks our Turtle, TriG, N-Triples, N-Quads and
// RDF/XML output with an independent parser, rapper (Debian package
// raptor2-utils): what rapper reads must be the graph we wrote. The test
// skips when rapper is not installed.
func TestRapperReadsOurOutput(t *testing.T) {
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		testsupport.Missing(t, "rapper not installed (apt-get install raptor2-utils); skipping the cross-check")
	}
	qs := benchQuads(400)
	// Add the awkward cases: escapes, long strings, odd local names.
	s := iri("http://ex.org/odd")
	qs = append(qs,
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.String("tab\there \"quote\" back\\slash\r\nCRLF <&>")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.String("multi\nline with \"\"\" triple quotes\"")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: iri("http://ex.org/a.b-c_d")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: iri("http://ex.org/x?y=1&z=2")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.Literal("-0.5", rdf.XSDDecimal)},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.Literal("12", "http://ex.org/dt")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.LangString("Grüße", "de-CH")},
		rdf.Quad{S: s, P: iri("http://ex.org/p"), O: rdf.String("in a named graph"), G: iri("http://ex.org/graph")},
		// No blank node graph names: raptor 2.0.15's TriG reader predates
		// them (TriG 1.1 allows them; the W3C TriG tests cover our reading).
		rdf.Quad{S: rdf.Blank("n"), P: iri("http://ex.org/p"), O: rdf.String("blank subject in a graph"), G: iri("http://ex.org/graph2")},
	)
	slices.SortFunc(qs, rdf.CompareQuads)
	prefixes := append(CommonPrefixes(), Prefix{"ex", "http://ex.org/"})
	for _, tc := range []struct {
		f    Format
		name string // rapper's input syntax name
	}{{Turtle, "turtle"}, {TriG, "trig"}, {NTriples, "ntriples"}, {NQuads, "nquads"}, {RDFXML, "rdfxml"}} {
		var out bytes.Buffer
		if err := Write(&out, tc.f, qs, EncodeOptions{Prefixes: prefixes}); err != nil {
			t.Fatalf("%s: %v", tc.f, err)
		}
		cmd := exec.Command(rapper, "-q", "-i", tc.name, "-o", "nquads", "-", "http://base.example/")
		cmd.Stdin = &out
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		nq, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Errorf("rapper rejects our %s: %v\n%s", tc.f, err, stderr.String())
			continue
		}
		got, err := Parse(bytes.NewReader(nq), NQuads, ParseOptions{})
		if err != nil {
			t.Fatalf("rapper's N-Quads: %v", err)
		}
		want := qs
		if !tc.f.HasQuads() {
			want = make([]rdf.Quad, len(qs))
			for i, q := range qs {
				want[i] = rdf.Quad{S: q.S, P: q.P, O: q.O}
			}
		}
		if !rdf.IsomorphicQuads(got, want) {
			t.Errorf("rapper reads a different graph from our %s (%d vs %d quads):\n%s", tc.f, len(got), len(qs), firstLines(nq, 10))
		}
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
