package rdf

import (
	"regexp"
	"strings"
)

// Lexical forms of the XML Schema date, time and duration datatypes
// (XML Schema 1.1 Part 2), with the ranges of months, days, hours, minutes
// and seconds checked.
var (
	reZone     = `(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])?`
	reDay      = `-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`
	reClock    = `([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?`
	reDate     = regexp.MustCompile(`^` + reDay + reZone + `$`)
	reTime     = regexp.MustCompile(`^` + reClock + reZone + `$`)
	reDateTime = regexp.MustCompile(`^` + reDay + `T` + reClock + reZone + `$`)
	reYearMon  = regexp.MustCompile(`^-?[0-9]{4,}-(0[1-9]|1[0-2])` + reZone + `$`)
	reYear     = regexp.MustCompile(`^[0-9]{4,}$`)
	reDuration = regexp.MustCompile(`^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$`)
)

// TemporalDatatype returns the datatype IRI of xsd:date, xsd:time,
// xsd:dateTime, xsd:gYearMonth, xsd:gYear (a year without sign or zone)
// or xsd:duration whose lexical form v has, or "" for none: the typing of
// an HTML <time> value that HTML+RDFa 1.1 and the Microdata to RDF Note
// both prescribe.
func TemporalDatatype(v string) string {
	switch {
	case reDate.MatchString(v):
		return XSDDate
	case reTime.MatchString(v):
		return NSXSD + "time"
	case reDateTime.MatchString(v):
		return XSDDateTime
	case reYearMon.MatchString(v):
		return NSXSD + "gYearMonth"
	case reYear.MatchString(v):
		return XSDGYear
	case reDuration.MatchString(v) && v != "P" && v != "-P" && !strings.HasSuffix(v, "T"):
		return NSXSD + "duration"
	}
	return ""
}
