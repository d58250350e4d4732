package rdfio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// TestW3CRoundTrip writes the data of every positive eval and syntax test of the W3C
// suites in every format, reads it back and requires the same graph (for
// triple formats: the same triples, graph names dropped). Data a format
// cannot carry must be refused with an error that says so, never written
// wrongly.
func TestW3CRoundTrip(t *testing.T) {
	for _, st := range rdfSuites {
		t.Run(st.name, func(t *testing.T) {
			s := loadRDFSuite(t, st.name)
			counts := map[Format]*tally{}
			for _, f := range Formats() {
				counts[f] = &tally{}
			}
			for _, tc := range s.Tests {
				if !(strings.HasSuffix(tc.Type, "Eval") || strings.HasSuffix(tc.Type, "PositiveSyntax")) || strings.Contains(tc.Type, "Negative") {
					continue
				}
				orig, err := parseFile(s, tc.Action, st.format)
				if err != nil {
					t.Errorf("%s: %v", tc.Name, err)
					continue
				}
				for _, f := range Formats() {
					err := roundTrip(orig, f)
					var nr *notRepresentable
					switch {
					case errors.As(err, &nr):
						counts[f].skip++
						if *verboseW3C {
							t.Logf("%s → %s: not representable: %v", tc.Name, f, nr.err)
						}
					case err != nil:
						counts[f].fail++
						t.Errorf("%s → %s: %v", tc.Name, f, err)
					default:
						counts[f].pass++
					}
				}
			}
			for _, f := range Formats() {
				counts[f].report(t, st.name+"→"+f.Name())
			}
		})
	}
}

// notRepresentable marks data that a format legitimately cannot carry.
type notRepresentable struct{ err error }

func (e *notRepresentable) Error() string { return e.err.Error() }

func roundTrip(orig []rdf.Quad, f Format) error {
	var buf bytes.Buffer
	if err := Write(&buf, f, orig, EncodeOptions{}); err != nil {
		if f == RDFXML && rdfxmlCannotCarry(orig) {
			return &notRepresentable{err}
		}
		return fmt.Errorf("write: %w", err)
	}
	back, err := Parse(bytes.NewReader(buf.Bytes()), f, ParseOptions{})
	if err != nil {
		return fmt.Errorf("read back: %w\n%s", err, buf.String())
	}
	want := orig
	if !f.HasQuads() {
		want = make([]rdf.Quad, len(orig))
		for i, q := range orig {
			want[i] = rdf.Quad{S: q.S, P: q.P, O: q.O}
		}
	}
	if !rdf.IsomorphicQuads(back, want) {
		return fmt.Errorf("read back a different graph:\n got:\n%s want:\n%s output:\n%s", dumpQuads(back), dumpQuads(want), buf.String())
	}
	return nil
}

// rdfxmlCannotCarry reports whether some quad has a predicate that is not
// an XML qualified name or a term with characters XML 1.0 forbids: the only
// reasons the RDF/XML writer may refuse valid RDF.
func rdfxmlCannotCarry(qs []rdf.Quad) bool {
	for _, q := range qs {
		if i := ncNameSuffixStart(q.P.Value); i <= 0 || rdfxmlReservedProperties[q.P.Value] {
			return true
		}
		for _, t := range [...]rdf.Term{q.S, q.P, q.O} {
			if checkXMLChars(t) != nil {
				return true
			}
		}
	}
	return false
}
