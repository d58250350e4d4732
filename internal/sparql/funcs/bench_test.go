package funcs

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

var (
	benchInt1    = rdf.Literal("12345", rdf.XSDInteger)
	benchInt2    = rdf.Literal("678", rdf.XSDInteger)
	benchDec     = rdf.Literal("3.25", rdf.XSDDecimal)
	benchDouble  = rdf.Literal("2.5E0", rdf.XSDDouble)
	benchStr1    = rdf.String("digital skills for refugees")
	benchStr2    = rdf.String("digital skills for seniors")
	benchIRI1    = rdf.IRI("http://example.org/practice/1")
	benchIRI2    = rdf.IRI("http://example.org/practice/2")
	benchDate1   = rdf.Literal("2024-05-06T07:08:09Z", rdf.XSDDateTime)
	benchDate2   = rdf.Literal("2024-05-06T09:08:09+01:00", rdf.XSDDateTime)
	benchSinkB   bool
	benchSinkT   rdf.Term
	benchSinkErr error
)

func BenchmarkEqual(b *testing.B) {
	cases := []struct {
		name string
		x, y rdf.Term
	}{
		{"IRI", benchIRI1, benchIRI2},
		{"String", benchStr1, benchStr2},
		{"Integer", benchInt1, benchInt2},
		{"IntegerDecimal", benchInt1, benchDec},
		{"DateTime", benchDate1, benchDate2},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSinkB, benchSinkErr = Equal(c.x, c.y)
			}
		})
	}
}

func BenchmarkLess(b *testing.B) {
	cases := []struct {
		name string
		x, y rdf.Term
	}{
		{"String", benchStr1, benchStr2},
		{"Integer", benchInt1, benchInt2},
		{"IntegerDouble", benchInt1, benchDouble},
		{"DateTime", benchDate1, benchDate2},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSinkB, benchSinkErr = Less(c.x, c.y)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	cases := []struct {
		name string
		x, y rdf.Term
	}{
		{"Integer", benchInt1, benchInt2},
		{"Decimal", benchDec, benchInt2},
		{"Double", benchDouble, benchInt2},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSinkT, benchSinkErr = Add(c.x, c.y)
			}
		})
	}
}

func BenchmarkEBV(b *testing.B) {
	for _, c := range []struct {
		name string
		t    rdf.Term
	}{{"Boolean", Boolean(true)}, {"String", benchStr1}, {"Integer", benchInt1}, {"Double", benchDouble}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSinkB, benchSinkErr = EBV(c.t)
			}
		})
	}
}

func BenchmarkOrderCompare(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchSinkB = OrderCompare(benchInt1, benchDec) < 0
	}
}

func BenchmarkRegexCached(b *testing.B) {
	pattern, flags := rdf.String("^digital.*(refugee|senior)s$"), rdf.String("i")
	b.ReportAllocs()
	for b.Loop() {
		benchSinkT, benchSinkErr = Regex(benchStr1, pattern, flags)
	}
}
