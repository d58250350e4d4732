package funcs

import (
	"slices"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

var fuzzDatatypes = []string{
	"", rdf.RDFLangString, rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDFloat,
	rdf.XSDBoolean, rdf.XSDDateTime, rdf.XSDDate, XSDTime, XSDDayTimeDuration,
	XSDYearMonthDuration, XSDDuration, XSDByte, XSDUnsignedLong, "http://example.org/dt",
}

func fuzzTerm(kind byte, value string) rdf.Term {
	switch kind % 20 {
	case 16:
		return rdf.IRI("http://example.org/" + value)
	case 17:
		return rdf.Blank("b" + value)
	case 18:
		return rdf.Term{}
	case 19:
		return rdf.IRI(value)
	}
	dt := fuzzDatatypes[int(kind%20)%len(fuzzDatatypes)]
	if dt == rdf.RDFLangString {
		return rdf.LangString(value, "en")
	}
	return rdf.Literal(value, dt)
}

// FuzzFunctions calls every built-in, operator and cast on arbitrary
// terms: nothing may panic, errors must match ErrTypeError, and the
// comparisons must be consistent.
func FuzzFunctions(f *testing.F) {
	f.Add(byte(2), "12", byte(3), "1.5", byte(0), "abc")
	f.Add(byte(7), "2002-10-10T24:00:00Z", byte(8), "2002-10-10", byte(0), "[a-z]+")
	f.Add(byte(10), "P1DT2H", byte(12), "-P1Y", byte(0), "$1")
	f.Add(byte(4), "NaN", byte(5), "-INF", byte(0), "(a)|b")
	ctx := NewContext(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "http://example.org/base/")
	names := Names()
	slices.Sort(names)
	f.Fuzz(func(t *testing.T, k1 byte, v1 string, k2 byte, v2 string, k3 byte, v3 string) {
		a, b, c := fuzzTerm(k1, v1), fuzzTerm(k2, v2), fuzzTerm(k3, v3)
		args := []rdf.Term{a, b, c}
		var scope SolutionScope
		for _, name := range names {
			bi, _ := Lookup(name)
			for n := bi.MinArgs; n <= 3 && (bi.MaxArgs < 0 || n <= bi.MaxArgs); n++ {
				if _, err := bi.Call(ctx, &scope, args[:n]); err != nil && !isTypeError(err) {
					t.Fatalf("%s%v: error %v does not match ErrTypeError", name, args[:n], err)
				}
			}
		}
		for _, dt := range castTargets() {
			_, _ = CallIRI(ctx, dt, args[:1])
		}
		for _, op := range []func(x, y rdf.Term) (rdf.Term, error){Add, Subtract, Multiply, Divide} {
			_, _ = op(a, b)
		}
		_, _ = UnaryMinus(a)
		_, _ = EBV(a)
		eq1, err1 := Equal(a, b)
		eq2, err2 := Equal(b, a)
		if eq1 != eq2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("Equal not symmetric for %s, %s: %v/%v, %v/%v", a, b, eq1, err1, eq2, err2)
		}
		lt, errLT := Less(a, b)
		gt, errGT := Greater(b, a)
		if lt != gt || (errLT == nil) != (errGT == nil) {
			t.Fatalf("a<b and b>a disagree for %s, %s", a, b)
		}
		if ab, ba := OrderCompare(a, b), OrderCompare(b, a); sign(ab) != -sign(ba) || (ab == 0) != (a == b) {
			t.Fatalf("OrderCompare(%s, %s) = %d but reversed %d", a, b, ab, ba)
		}
		if x, y, z := OrderCompare(a, b), OrderCompare(b, c), OrderCompare(a, c); x < 0 && y < 0 && z >= 0 {
			t.Fatalf("OrderCompare not transitive: %s < %s < %s but not %s < %s", a, b, c, a, c)
		}
	})
}

func isTypeError(err error) bool {
	_, ok := err.(*evalError)
	return ok
}
