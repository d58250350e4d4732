package results

import (
	"io"
	"strconv"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func benchRows(n int) [][]rdf.Term {
	rows := make([][]rdf.Term, n)
	for i := range rows {
		rows[i] = []rdf.Term{
			rdf.IRI("http://example.org/practice/" + strconv.Itoa(i)),
			rdf.LangString("Digital skills for refugee women, hybrid training "+strconv.Itoa(i), "en"),
			rdf.Literal(strconv.Itoa(i*7), rdf.XSDInteger),
			{},
		}
	}
	return rows
}

// BenchmarkWriters reports rows/s for each format's writer.
func BenchmarkWriters(b *testing.B) {
	rows := benchRows(1000)
	vars := []string{"practice", "title", "count", "unbound"}
	for _, f := range Formats() {
		b.Run(f.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w, err := NewWriter(io.Discard, f, vars)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range rows {
					if err := w.Write(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkEquivalentBlankRows(b *testing.B) {
	t := &Table{Vars: []string{"a", "b"}}
	u := &Table{Vars: []string{"b", "a"}}
	for i := range 500 {
		t.Rows = append(t.Rows, []rdf.Term{rdf.Blank("x" + strconv.Itoa(i)), rdf.Literal(strconv.Itoa(i%10), rdf.XSDInteger)})
		u.Rows = append(u.Rows, []rdf.Term{rdf.Literal(strconv.Itoa((499-i)%10), rdf.XSDInteger), rdf.Blank("y" + strconv.Itoa(499-i))})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Equivalent(t, u, false); err != nil {
			b.Fatal(err)
		}
	}
}
