package funcs

import (
	"testing"
)

func TestEqual(t *testing.T) {
	tests := []struct{ a, b, want string }{
		// Numbers compare by value across types (operator mapping: op:numeric-equal).
		{"1", `"01"^^xsd:integer`, "true"},
		{"1", "1.0", "true"},
		{"1", "1e0", "true"},
		{"1", `"1.0"^^xsd:double`, "true"},
		{`"1"^^xsd:byte`, `"1"^^xsd:unsignedLong`, "true"},
		{"1", "2", "false"},
		{`"NaN"^^xsd:double`, `"NaN"^^xsd:double`, "false"},
		{"0.1", `"0.1"^^xsd:double`, "true"},                         // the decimal is promoted to the same double
		{`"16777217"^^xsd:integer`, `"16777216"^^xsd:float`, "true"}, // promotion to float rounds
		{"100000000000000000000", "100000000000000000000.0", "true"},
		{"0.1", "0.10", "true"},
		{"99999999999999999.9", "0.000000000000000001", "false"},
		{"9223372036854775807", "9223372036854775807.0", "true"},
		{"1.000000000000000001", "1", "false"},
		// Strings: simple literal and xsd:string are one.
		{`"abc"`, `"abc"^^xsd:string`, "true"},
		{`"abc"`, `"abd"`, "false"},
		// Language-tagged literals are equal only as the same term.
		{`"abc"@en`, `"abc"@EN`, "true"},
		{`"abc"@en`, `"abc"@fr`, "false"},
		{`"abc"@en`, `"abc"`, "false"},
		{`"abc"@en`, `"abc"^^<http://example/unknown>`, "false"},
		// Booleans.
		{"true", `"1"^^xsd:boolean`, "true"},
		{"false", `"0"^^xsd:boolean`, "true"},
		{"true", "false", "false"},
		// Different known value spaces are different values.
		{`"1"`, "1", "false"},
		{"true", "1", "false"},
		{`"2006-08-23T09:00:00+01:00"^^xsd:dateTime`, `"2006-08-23"^^xsd:date`, "false"},
		// Unknown datatypes and ill-typed literals: identity or error.
		{`"a"^^<http://example/t1>`, `"a"^^<http://example/t1>`, "true"},
		{`"a"^^<http://example/t1>`, `"b"^^<http://example/t1>`, errResult},
		{`"a"^^<http://example/t1>`, `"a"^^<http://example/t2>`, errResult},
		{`"xyz"^^xsd:integer`, `"xyz"^^xsd:integer`, "true"},
		{`"xyz"^^xsd:integer`, `"abc"^^xsd:integer`, errResult},
		{`"xyz"^^xsd:integer`, `"xyz"`, errResult},
		{`"abc"`, `"abc"^^<http://example/unknown>`, errResult},
		{"1", `"1"^^<http://example/unknown>`, errResult},
		// Non-literals: RDF term equality, never an error.
		{"<http://example/a>", "<http://example/a>", "true"},
		{"<http://example/a>", "<http://example/b>", "false"},
		{"_:a", "_:a", "true"},
		{"_:a", "<http://example/a>", "false"},
		{"<http://example/a>", `"http://example/a"`, "false"},
		{`"a"^^<http://example/t1>`, "<http://example/a>", "false"},
		{"UNBOUND", "1", errResult},
		// Date/time: value equality with timezone, indeterminate is an error.
		{`"2002-04-02T12:00:00-01:00"^^xsd:dateTime`, `"2002-04-02T17:00:00+04:00"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00Z"^^xsd:dateTime`, `"2002-04-02T12:00:00+00:00"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00.50Z"^^xsd:dateTime`, `"2002-04-02T12:00:00.5Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T24:00:00Z"^^xsd:dateTime`, `"2002-04-03T00:00:00Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, `"2002-04-02T12:00:00"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, `"2002-04-02T12:00:00Z"^^xsd:dateTime`, errResult},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, `"2002-04-04T12:00:00Z"^^xsd:dateTime`, "false"},
		{`"2006-08-23"^^xsd:date`, `"2006-08-23"^^xsd:date`, "true"},
		{`"2006-08-23Z"^^xsd:date`, `"2006-08-23"^^xsd:date`, errResult},
		{`"2001-01-01Z"^^xsd:date`, `"2006-08-23"^^xsd:date`, "false"},
		{`"2006-08-23"^^xsd:date`, `"2006-08-23Z"^^<http://example/unknown>`, errResult},
		{`"13:20:00-05:00"^^xsd:time`, `"18:20:00Z"^^xsd:time`, "true"},
		// Durations compare by their two components.
		{`"PT1H"^^xsd:dayTimeDuration`, `"PT60M"^^xsd:dayTimeDuration`, "true"},
		{`"P1Y"^^xsd:yearMonthDuration`, `"P12M"^^xsd:duration`, "true"},
		{`"P1M"^^xsd:duration`, `"P30D"^^xsd:duration`, "false"},
	}
	for _, tc := range tests {
		a, b := tm(t, tc.a), tm(t, tc.b)
		got, err := Equal(a, b)
		checkBool(t, tc.a+" = "+tc.b, got, err, tc.want)
		got, err = Equal(b, a)
		checkBool(t, tc.b+" = "+tc.a, got, err, tc.want)
		ne := map[string]string{"true": "false", "false": "true", errResult: errResult}[tc.want]
		if tc.a == `"NaN"^^xsd:double` {
			ne = "true"
		}
		got, err = NotEqual(a, b)
		checkBool(t, tc.a+" != "+tc.b, got, err, ne)
	}
}

func TestOrdering(t *testing.T) {
	// Each row: a, b and the expected a < b, a <= b, a > b, a >= b.
	tests := []struct{ a, b, lt, le, gt, ge string }{
		{"1", "2", "true", "true", "false", "false"},
		{"2", "1.5", "false", "false", "true", "true"},
		{"1", "1.0", "false", "true", "false", "true"},
		{`"-INF"^^xsd:double`, "-100000000000000000000000", "true", "true", "false", "false"},
		{`"NaN"^^xsd:double`, "1", "false", "false", "false", "false"},
		{`"a"`, `"b"`, "true", "true", "false", "false"},
		{`"a"`, `"a"^^xsd:string`, "false", "true", "false", "true"},
		{`"Z"`, `"a"`, "true", "true", "false", "false"},
		{`"é"`, `"z"`, "false", "false", "true", "true"}, // code point order
		{"false", "true", "true", "true", "false", "false"},
		{`"2002-04-02T12:00:00-01:00"^^xsd:dateTime`, `"2002-04-02T14:00:00Z"^^xsd:dateTime`, "true", "true", "false", "false"},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, `"2002-04-02T12:00:00Z"^^xsd:dateTime`, errResult, errResult, errResult, errResult},
		{`"2006-08-23Z"^^xsd:date`, `"2006-08-22"^^xsd:date`, "false", "false", "true", "true"},
		{`"2006-08-23T00:00:00.1Z"^^xsd:dateTime`, `"2006-08-23T00:00:00.09Z"^^xsd:dateTime`, "false", "false", "true", "true"},
		{`"PT1H"^^xsd:dayTimeDuration`, `"PT59M"^^xsd:dayTimeDuration`, "false", "false", "true", "true"},
		// Incomparable pairs are errors.
		{`"a"@en`, `"b"@en`, errResult, errResult, errResult, errResult},
		{`"1"`, "1", errResult, errResult, errResult, errResult},
		{"<http://a>", "<http://b>", errResult, errResult, errResult, errResult},
		{`"a"^^<http://example/t>`, `"b"^^<http://example/t>`, errResult, errResult, errResult, errResult},
		{`"x"^^xsd:integer`, "1", errResult, errResult, errResult, errResult},
		{"true", "1", errResult, errResult, errResult, errResult},
		{`"2006-08-23T09:00:00Z"^^xsd:dateTime`, `"2006-08-22"^^xsd:date`, errResult, errResult, errResult, errResult},
	}
	for _, tc := range tests {
		a, b := tm(t, tc.a), tm(t, tc.b)
		got, err := Less(a, b)
		checkBool(t, tc.a+" < "+tc.b, got, err, tc.lt)
		got, err = LessOrEqual(a, b)
		checkBool(t, tc.a+" <= "+tc.b, got, err, tc.le)
		got, err = Greater(a, b)
		checkBool(t, tc.a+" > "+tc.b, got, err, tc.gt)
		got, err = GreaterOrEqual(a, b)
		checkBool(t, tc.a+" >= "+tc.b, got, err, tc.ge)
	}
}

func TestSameTermAndSameValue(t *testing.T) {
	tests := []struct {
		a, b      string
		same, val bool
	}{
		{"1", `"01"^^xsd:integer`, false, true},
		{"1e0", `"1.0E0"^^xsd:double`, false, true},
		{"1", "1e0", false, false}, // different datatypes are different results
		{`"a"`, `"a"^^xsd:string`, true, true},
		{`"a"@en`, `"a"@EN`, true, true},
		{`"x"^^<http://e/t>`, `"y"^^<http://e/t>`, false, false},
		{"_:a", "_:a", true, true},
	}
	for _, tc := range tests {
		a, b := tm(t, tc.a), tm(t, tc.b)
		if got := SameTerm(a, b); got != tc.same {
			t.Errorf("sameTerm(%s, %s) = %v", tc.a, tc.b, got)
		}
		if got := SameValue(a, b); got != tc.val {
			t.Errorf("SameValue(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

func TestCanonicalTerm(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"01"^^xsd:integer`, "1"},
		{`"+5"^^xsd:byte`, `"5"^^xsd:byte`},
		{`"1E0"^^xsd:double`, `"1.0E0"^^xsd:double`},
		{`"1.0"^^xsd:decimal`, `"1"^^xsd:decimal`},
		{`"0.50"^^xsd:decimal`, `"0.5"^^xsd:decimal`},
		{`"1"^^xsd:boolean`, "true"},
		{`"abc"^^xsd:integer`, `"abc"^^xsd:integer`},
		{`"x"@en`, `"x"@en`},
		{"<http://a>", "<http://a>"},
	}
	for _, tc := range tests {
		if got, want := CanonicalTerm(tm(t, tc.in)), tm(t, tc.want); got != want {
			t.Errorf("CanonicalTerm(%s) = %s, want %s", tc.in, got, want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
		err  bool
	}{
		{"1", "2", -1, false},
		{"2.0", "2", 0, false},
		{`"b"`, `"a"`, 1, false},
		{`"NaN"^^xsd:double`, "1", 0, true},
		{`"P1M"^^xsd:yearMonthDuration`, `"P1Y"^^xsd:yearMonthDuration`, -1, false},
		{`"P1M"^^xsd:duration`, `"P30D"^^xsd:duration`, 0, true}, // xsd:duration has no total order
		{`"1e400"^^xsd:double`, `"INF"^^xsd:double`, 0, false},   // out of range rounds to INF
		{"<http://a>", "1", 0, true},
	}
	for _, tc := range tests {
		got, err := Compare(tm(t, tc.a), tm(t, tc.b))
		if (err != nil) != tc.err || (err == nil && got != tc.want) {
			t.Errorf("Compare(%s, %s) = %d, %v; want %d, error %v", tc.a, tc.b, got, err, tc.want, tc.err)
		}
	}
}
