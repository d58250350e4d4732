package rdfio

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// bigNQuads is an N-Quads document of n lines (several parallel chunks),
// with blank nodes shared between distant lines.
func bigNQuads(n int) string {
	var b strings.Builder
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "<http://ex.org/s%d> <http://ex.org/p> \"value %d with some padding to make the lines longer\" .\n", i, i)
		case 1:
			fmt.Fprintf(&b, "_:b%d <http://ex.org/q> <http://ex.org/o%d> <http://ex.org/g%d> .\n", i%50, i, i%4)
		default:
			fmt.Fprintf(&b, "<http://ex.org/s%d> <http://ex.org/r> _:b%d .\n", i, (i+25)%50)
		}
	}
	return b.String()
}

func collect(t *testing.T, seq func(func(rdf.Quad, error) bool)) ([]rdf.Quad, error) {
	t.Helper()
	var out []rdf.Quad
	for q, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
	return out, nil
}

func TestParallelQuadsMatchesSequential(t *testing.T) {
	doc := bigNQuads(30_000) // about 2 MB: several chunks
	want, err := Parse(strings.NewReader(doc), NQuads, ParseOptions{MaxBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3} {
		got, err := collect(t, ParallelQuads(strings.NewReader(doc), NQuads, ParseOptions{}, workers))
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		if len(got) != len(want) || !rdf.IsomorphicQuads(got, want) {
			t.Errorf("%d workers: %d quads, not isomorphic to the sequential parse (%d)", workers, len(got), len(want))
		}
	}
}

func TestParallelQuadsReportsTheDocumentLine(t *testing.T) {
	lines := strings.SplitAfter(bigNQuads(40_000), "\n")
	const bad = 31_337
	lines[bad-1] = "<http://ex.org/s> <http://ex.org/p> \"unterminated .\n"
	doc := strings.Join(lines, "")
	_, err := collect(t, ParallelQuads(strings.NewReader(doc), NQuads, ParseOptions{}, 2))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != bad {
		t.Fatalf("got %v, want a syntax error on line %d", err, bad)
	}
}

func TestParallelQuadsStopsEarly(t *testing.T) {
	n := 0
	for _, err := range ParallelQuads(strings.NewReader(bigNQuads(50_000)), NQuads, ParseOptions{}, 2) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 10 {
			break
		}
	}
}
