package rdfio

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// benchQuads generates n triples shaped like Skillsmap's data: practices
// with typed, language-tagged and IRI-valued properties and blank nodes.
func benchQuads(n int) []rdf.Quad {
	qs := make([]rdf.Quad, 0, n)
	for i := 0; len(qs) < n; i++ {
		s := rdf.IRI(fmt.Sprintf("https://skills.example/practice/%d", i))
		addr := rdf.Blank(fmt.Sprintf("a%d", i))
		qs = append(qs,
			rdf.Quad{S: s, P: rdf.Type, O: rdf.IRI(rdf.NSSchema + "Course")},
			rdf.Quad{S: s, P: rdf.IRI(rdf.NSDCT + "title"), O: rdf.LangString(fmt.Sprintf("Digital skills workshop number %d", i), "en")},
			rdf.Quad{S: s, P: rdf.IRI(rdf.NSDCT + "description"), O: rdf.String(fmt.Sprintf("A hybrid course \"%d\" that teaches\nbasic computer skills.", i))},
			rdf.Quad{S: s, P: rdf.IRI(rdf.NSSchema + "numberOfCredits"), O: rdf.Literal(fmt.Sprint(i%30), rdf.XSDInteger)},
			rdf.Quad{S: s, P: rdf.IRI(rdf.NSDCAT + "theme"), O: rdf.IRI(fmt.Sprintf("https://skills.example/digcomp/%d.%d", i%5+1, i%4+1))},
			rdf.Quad{S: s, P: rdf.IRI(rdf.NSLOCN + "address"), O: addr},
			rdf.Quad{S: addr, P: rdf.IRI(rdf.NSLOCN + "postName"), O: rdf.LangString("Berlin", "de")},
			rdf.Quad{S: addr, P: rdf.IRI(rdf.NSLOCN + "adminUnitL1"), O: rdf.String("DE")},
		)
	}
	return qs[:n]
}

const benchSize = 20000

func benchDoc(b *testing.B, f Format) []byte {
	qs := benchQuads(benchSize)
	slices.SortFunc(qs, rdf.CompareQuads)
	var buf bytes.Buffer
	if err := Write(&buf, f, qs, EncodeOptions{}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkParse(b *testing.B, f Format) {
	doc := benchDoc(b, f)
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		err := ParseFunc(bytes.NewReader(doc), f, ParseOptions{}, func(rdf.Quad) error { n++; return nil })
		if err != nil || n != benchSize {
			b.Fatalf("%d quads, %v", n, err)
		}
	}
	b.ReportMetric(float64(benchSize)*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

func benchmarkWrite(b *testing.B, f Format) {
	qs := benchQuads(benchSize)
	slices.SortFunc(qs, rdf.CompareQuads)
	b.ResetTimer()
	for b.Loop() {
		if err := Write(io.Discard, f, qs, EncodeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchSize)*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

func BenchmarkParseNTriples(b *testing.B) { benchmarkParse(b, NTriples) }
func BenchmarkParseTurtle(b *testing.B)   { benchmarkParse(b, Turtle) }
func BenchmarkParseRDFXML(b *testing.B)   { benchmarkParse(b, RDFXML) }
func BenchmarkParseJSONLD(b *testing.B)   { benchmarkParse(b, JSONLD) }
func BenchmarkWriteNTriples(b *testing.B) { benchmarkWrite(b, NTriples) }
func BenchmarkWriteTurtle(b *testing.B)   { benchmarkWrite(b, Turtle) }
func BenchmarkWriteRDFXML(b *testing.B)   { benchmarkWrite(b, RDFXML) }
func BenchmarkWriteJSONLD(b *testing.B)   { benchmarkWrite(b, JSONLD) }
