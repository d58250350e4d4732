package funcs

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The inputs of the W3C cast tests (sparql11/cast/data.ttl) and what each
// cast gives (the suite's .srx files; a missing binding there is ERROR here).
func TestCastsW3C(t *testing.T) {
	type row struct {
		in                                  string
		str, boolean, integer, decimal, dbl string
	}
	rows := []row{
		{"<http://example.org/z>", `"http://example.org/z"`, errResult, errResult, errResult, errResult},
		{`"string"`, `"string"`, errResult, errResult, errResult, errResult},
		{`"-10.2E3"`, `"-10.2E3"`, errResult, errResult, errResult, `"-1.02E4"^^xsd:double`},
		{`"+33.3300"`, `"+33.3300"`, errResult, errResult, `"33.33"^^xsd:decimal`, `"3.333E1"^^xsd:double`},
		{`"0.0"`, `"0.0"`, errResult, errResult, `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{`"0"`, `"0"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{`"0E1"`, `"0E1"`, errResult, errResult, errResult, `"0.0E0"^^xsd:double`},
		{`"1.5"`, `"1.5"`, errResult, errResult, `"1.5"^^xsd:decimal`, `"1.5E0"^^xsd:double`},
		{`"1"`, `"1"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{`"1E0"`, `"1E0"`, errResult, errResult, errResult, `"1.0E0"^^xsd:double`},
		{`"13"`, `"13"`, errResult, "13", `"13"^^xsd:decimal`, `"1.3E1"^^xsd:double`},
		{`"2002-10-10T17:00:00Z"`, `"2002-10-10T17:00:00Z"`, errResult, errResult, errResult, errResult},
		{`"false"`, `"false"`, "false", errResult, errResult, errResult},
		{`"true"`, `"true"`, "true", errResult, errResult, errResult},
		{"true", `"true"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{"false", `"false"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{`"0"^^xsd:boolean`, `"false"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{"0", `"0"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{"1", `"1"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{"-1", `"-1"`, "true", "-1", `"-1"^^xsd:decimal`, `"-1.0E0"^^xsd:double`},
		{"0.0", `"0"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{"1.0", `"1"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{"-1.0", `"-1"`, "true", "-1", `"-1"^^xsd:decimal`, `"-1.0E0"^^xsd:double`},
		{"0E1", `"0"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{"1E0", `"1"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{`"0E1"^^xsd:float`, `"0"`, "false", "0", `"0"^^xsd:decimal`, `"0.0E0"^^xsd:double`},
		{`"1E0"^^xsd:float`, `"1"`, "true", "1", `"1"^^xsd:decimal`, `"1.0E0"^^xsd:double`},
		{`"1.25"^^xsd:float`, `"1.25"`, "true", "1", `"1.25"^^xsd:decimal`, `"1.25E0"^^xsd:double`},
		{`"-7.875"^^xsd:float`, `"-7.875"`, "true", "-7", `"-7.875"^^xsd:decimal`, `"-7.875E0"^^xsd:double`},
		{"2.5", `"2.5"`, "true", "2", `"2.5"^^xsd:decimal`, `"2.5E0"^^xsd:double`},
		{"-2.5", `"-2.5"`, "true", "-2", `"-2.5"^^xsd:decimal`, `"-2.5E0"^^xsd:double`},
	}
	for _, r := range rows {
		in := tm(t, r.in)
		for target, want := range map[string]string{
			rdf.XSDString: r.str, rdf.XSDBoolean: r.boolean, rdf.XSDInteger: r.integer,
			rdf.XSDDecimal: r.decimal, rdf.XSDDouble: r.dbl,
		} {
			got, err := CallIRI(nil, target, []rdf.Term{in})
			checkTerm(t, "<"+target+">("+r.in+")", got, err, want)
		}
	}
}

func TestCastsMore(t *testing.T) {
	tests := []struct{ in, target, want string }{
		{`"1.5"^^xsd:double`, "integer", "1"},
		{`"-1.5"^^xsd:double`, "integer", "-1"},
		{`"1e20"^^xsd:double`, "integer", "100000000000000000000"},
		{`"NaN"^^xsd:double`, "integer", errResult},
		{`"INF"^^xsd:double`, "decimal", errResult},
		{`"NaN"^^xsd:double`, "boolean", "false"},
		{`"0.1"^^xsd:double`, "decimal", `"0.1"^^xsd:decimal`},
		{`"1e-7"^^xsd:double`, "string", `"1.0E-7"`},
		{`"1e6"^^xsd:double`, "string", `"1.0E6"`},
		{`"-0"^^xsd:double`, "string", `"-0"`},
		{`"NaN"^^xsd:float`, "string", `"NaN"`},
		{`"INF"^^xsd:double`, "float", `"INF"^^xsd:float`},
		{`"0.1"`, "float", `"1.0E-1"^^xsd:float`},
		{`" 12 "`, "integer", "12"},
		{`"12"`, "byte", `"12"^^xsd:byte`},
		{`"300"`, "byte", errResult},
		{"300", "byte", errResult},
		{"-5", "nonNegativeInteger", errResult},
		{`"2.7"^^xsd:decimal`, "unsignedByte", `"2"^^xsd:unsignedByte`},
		{`"abc"^^xsd:integer`, "string", `"abc"`}, // ill-typed: the lexical form
		{`"abc"^^xsd:integer`, "integer", errResult},
		{`"x"@en`, "string", errResult},
		{"_:b", "string", errResult},
		{`"x"^^<http://example/t>`, "string", `"x"`},
		{`"x"^^<http://example/t>`, "integer", errResult},
		{`"2002-10-10T17:00:00Z"`, "dateTime", `"2002-10-10T17:00:00Z"^^xsd:dateTime`},
		{`"2002-10-10"`, "dateTime", errResult},
		{`"2002-10-10"`, "date", `"2002-10-10"^^xsd:date`},
		{`"2002-10-10+05:00"^^xsd:date`, "dateTime", `"2002-10-10T00:00:00+05:00"^^xsd:dateTime`},
		{`"2002-10-10T17:00:00.50Z"^^xsd:dateTime`, "date", `"2002-10-10Z"^^xsd:date`},
		{`"2002-10-10T17:00:00.50Z"^^xsd:dateTime`, "time", `"17:00:00.5Z"^^xsd:time`},
		{`"-0044-03-15"^^xsd:date`, "dateTime", `"-0044-03-15T00:00:00"^^xsd:dateTime`},
		{"1", "dateTime", errResult},
		{`"2002-12-31T24:00:00+01:00"`, "dateTime", `"2003-01-01T00:00:00+01:00"^^xsd:dateTime`},
		{`"2004-02-28T24:00:00"^^xsd:dateTime`, "dateTime", `"2004-02-29T00:00:00"^^xsd:dateTime`},
		{`"24:00:00Z"`, "time", `"00:00:00Z"^^xsd:time`},
		{`" 2002-10-10T17:00:00.500+00:00 "`, "dateTime", `"2002-10-10T17:00:00.5Z"^^xsd:dateTime`},
		{`"P1Y2M"`, "yearMonthDuration", `"P1Y2M"^^xsd:yearMonthDuration`},
		{`"P1Y2M"`, "dayTimeDuration", errResult},
		{`"P1DT2H"^^xsd:duration`, "dayTimeDuration", `"P1DT2H"^^xsd:dayTimeDuration`},
		{`"P1Y1DT2H"^^xsd:duration`, "dayTimeDuration", `"P1DT2H"^^xsd:dayTimeDuration`},
		{`"P1Y1DT2H"^^xsd:duration`, "yearMonthDuration", `"P1Y"^^xsd:yearMonthDuration`},
		{`"PT0.5S"`, "duration", `"PT0.5S"^^xsd:duration`},
		{`"P"`, "duration", errResult},
		{`"P999999999999999999Y"`, "duration", errResult},
		{`"P999999999999999999D"`, "duration", errResult},
		{`"P1Y13M"`, "yearMonthDuration", `"P2Y1M"^^xsd:yearMonthDuration`},
		{`"-P1Y13M"^^xsd:yearMonthDuration`, "duration", `"-P2Y1M"^^xsd:duration`},
		{`"P0Y"`, "yearMonthDuration", `"P0M"^^xsd:yearMonthDuration`},
		{`"PT36H"`, "dayTimeDuration", `"P1DT12H"^^xsd:dayTimeDuration`},
		{`"PT90M"^^xsd:dayTimeDuration`, "dayTimeDuration", `"PT1H30M"^^xsd:dayTimeDuration`},
		{`"P1DT"`, "duration", errResult},
		{"1", "boolean", "true"},
		{`"1"^^xsd:boolean`, "boolean", "true"},
	}
	for _, tc := range tests {
		got, err := CallIRI(nil, rdf.NSXSD+tc.target, tms(t, tc.in))
		checkTerm(t, "xsd:"+tc.target+"("+tc.in+")", got, err, tc.want)
	}
	if _, err := CallIRI(nil, "http://example/notAFunction", tms(t, "1")); err == nil {
		t.Error("unknown function IRI should fail")
	}
}
