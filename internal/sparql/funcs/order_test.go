package funcs

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestOrderCompareSequence(t *testing.T) {
	// Terms in ascending ORDER BY order; every pair must compare consistently.
	sorted := tms(t,
		"UNBOUND",
		"_:a", "_:b",
		"<http://example/a>", "<http://example/b>",
		`"NaN"^^xsd:double`,
		`"-INF"^^xsd:double`,
		"-100000000000000000000",
		"-1.5",
		`"-1"^^xsd:byte`,
		`"01"^^xsd:integer`, "1", "1.0", "1e0", // equal values: term order
		"1.0000000000000000001",
		`"2"^^xsd:float`,
		"9223372036854775808",
		`"INF"^^xsd:double`,
		`""`, `"A"`, `"a"`, `"ab"`, `"é"`,
		`"a"@de`, `"a"@en`, `"b"@de`,
		"false", "true",
		`"2002-04-02T11:00:00Z"^^xsd:dateTime`,
		`"2002-04-02T12:00:00"^^xsd:dateTime`,
		`"2002-04-02T10:00:00-05:00"^^xsd:dateTime`,
		`"2001-01-01"^^xsd:date`,
		`"10:00:00"^^xsd:time`,
		`"PT1M"^^xsd:dayTimeDuration`, `"PT1H"^^xsd:dayTimeDuration`,
		`"P1M"^^xsd:yearMonthDuration`,
		`"P1D"^^xsd:duration`,
		`"x"^^<http://example/t1>`,
		`"abc"^^xsd:integer`,
	)
	for i := range sorted {
		for j := range sorted {
			got := OrderCompare(sorted[i], sorted[j])
			want := cmpInt64(int64(i), int64(j))
			if sign(got) != want {
				t.Errorf("OrderCompare(%s, %s) = %d, want sign %d", sorted[i], sorted[j], got, want)
			}
		}
	}
	// Sorting any shuffle gives the same order.
	shuffled := slices.Clone(sorted)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		slices.SortFunc(shuffled, OrderCompare)
		if !slices.Equal(shuffled, sorted) {
			t.Fatalf("sorted shuffle = %v", shuffled)
		}
	}
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

func TestOrderCompareAgreesWithLess(t *testing.T) {
	terms := tms(t, "1", "2.5", `"3"^^xsd:float`, "4e0", `"a"`, `"b"`, "true", "false",
		`"2002-04-02T12:00:00Z"^^xsd:dateTime`, `"2003-04-02T12:00:00+05:00"^^xsd:dateTime`)
	for _, a := range terms {
		for _, b := range terms {
			lt, err := Less(a, b)
			if err != nil {
				continue
			}
			if lt != (OrderCompare(a, b) < 0) {
				t.Errorf("Less(%s, %s) = %v but OrderCompare = %d", a, b, lt, OrderCompare(a, b))
			}
		}
	}
}
