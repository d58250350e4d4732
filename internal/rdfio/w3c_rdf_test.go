package rdfio

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

var verboseW3C = flag.Bool("w3c.v", false, "print the error message of every negative W3C test")

// rdfSuites are the W3C RDF 1.1 syntax suites with the format of their
// inputs and of their expected results.
var rdfSuites = []struct {
	name           string
	format, result Format
}{
	{"rdf-n-triples", NTriples, NTriples},
	{"rdf-n-quads", NQuads, NQuads},
	{"rdf-turtle", Turtle, NTriples},
	{"rdf-trig", TriG, NQuads},
	{"rdf-xml", RDFXML, NTriples},
}

// w3cRDFSkips lists the tests of these suites that we deliberately do not
// run, keyed "suite/test", with the reason. CONFORMANCE.md repeats it.
var w3cRDFSkips = map[string]string{}

// TestW3CRDFSuites runs every test of the W3C RDF 1.1 syntax suites
// against our parsers: positive syntax tests must parse, negative ones must
// fail, eval tests must give a graph isomorphic to the expected one.
func TestW3CRDFSuites(t *testing.T) {
	for _, st := range rdfSuites {
		t.Run(st.name, func(t *testing.T) {
			s := loadRDFSuite(t, st.name)
			var c tally
			for _, tc := range s.Tests {
				if reason, ok := w3cRDFSkips[st.name+"/"+tc.Name]; ok {
					c.skip++
					t.Logf("skip %s: %s", tc.Name, reason)
					continue
				}
				if err := runRDFTest(s, tc, st.format, st.result); err != nil {
					c.fail++
					t.Errorf("%s (%s): %v", tc.Name, tc.Type, err)
					continue
				}
				c.pass++
			}
			c.report(t, st.name)
		})
	}
}

func runRDFTest(s *w3cSuite, tc w3cTest, f, result Format) error {
	got, err := parseFile(s, tc.Action, f)
	switch {
	case strings.HasSuffix(tc.Type, "NegativeSyntax"), strings.HasSuffix(tc.Type, "NegativeEval"):
		if err == nil {
			return fmt.Errorf("accepted invalid input (%d quads)", len(got))
		}
		// Only a syntax error counts: a missing file must not pass.
		if _, ok := errors.AsType[*SyntaxError](err); !ok {
			return fmt.Errorf("failed, but not with a syntax error: %v", err)
		}
		if *verboseW3C {
			fmt.Printf("%s: %v\n", tc.Name, err)
		}
		return nil
	case strings.HasSuffix(tc.Type, "PositiveSyntax"):
		return err
	case strings.HasSuffix(tc.Type, "Eval"):
		if err != nil {
			return err
		}
		want, err := parseFile(s, tc.Result, result)
		if err != nil {
			return fmt.Errorf("reading expected result: %w", err)
		}
		if !rdf.IsomorphicQuads(got, want) {
			return fmt.Errorf("result differs from %s:\n got:\n%s want:\n%s", tc.Result, dumpQuads(got), dumpQuads(want))
		}
		return nil
	}
	return fmt.Errorf("unknown test type %q", tc.Type)
}

// dumpQuads renders quads as sorted N-Quads for failure messages.
func dumpQuads(qs []rdf.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = "  " + q.String() + "\n"
	}
	slices.Sort(lines)
	if len(lines) > 40 {
		lines = append(lines[:40], fmt.Sprintf("  ... %d more\n", len(lines)-40))
	}
	return strings.Join(lines, "")
}
