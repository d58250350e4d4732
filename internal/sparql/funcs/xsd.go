package funcs

import (
	"math/big"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// XSD datatype IRIs that package rdf does not name.
const (
	XSDTime               = rdf.NSXSD + "time"
	XSDDateTimeStamp      = rdf.NSXSD + "dateTimeStamp"
	XSDDuration           = rdf.NSXSD + "duration"
	XSDDayTimeDuration    = rdf.NSXSD + "dayTimeDuration"
	XSDYearMonthDuration  = rdf.NSXSD + "yearMonthDuration"
	XSDLong               = rdf.NSXSD + "long"
	XSDInt                = rdf.NSXSD + "int"
	XSDShort              = rdf.NSXSD + "short"
	XSDByte               = rdf.NSXSD + "byte"
	XSDNonNegativeInteger = rdf.NSXSD + "nonNegativeInteger"
	XSDPositiveInteger    = rdf.NSXSD + "positiveInteger"
	XSDNonPositiveInteger = rdf.NSXSD + "nonPositiveInteger"
	XSDNegativeInteger    = rdf.NSXSD + "negativeInteger"
	XSDUnsignedLong       = rdf.NSXSD + "unsignedLong"
	XSDUnsignedInt        = rdf.NSXSD + "unsignedInt"
	XSDUnsignedShort      = rdf.NSXSD + "unsignedShort"
	XSDUnsignedByte       = rdf.NSXSD + "unsignedByte"
)

// litKind is the value space a literal's datatype belongs to, as far as the
// operators care.
type litKind uint8

const (
	kindOther  litKind = iota // IRIs, blank nodes, literals of other datatypes
	kindString                // simple literal / xsd:string
	kindLang                  // rdf:langString
	kindBoolean
	kindNumeric
	kindDateTime
	kindDate
	kindTime
	kindDuration
	kindDayTimeDuration
	kindYearMonthDuration
)

// numType orders the numeric types by XPath promotion.
type numType uint8

const (
	numInteger numType = iota
	numDecimal
	numFloat
	numDouble
)

// intRange bounds an xsd:integer-derived datatype; nil bounds are open.
type intRange struct {
	min, max *big.Int
}

func bigOf(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("funcs: bad constant " + s)
	}
	return v
}

// integerTypes lists xsd:integer and the datatypes derived from it.
var integerTypes = map[string]intRange{
	rdf.XSDInteger:        {},
	XSDLong:               {bigOf("-9223372036854775808"), bigOf("9223372036854775807")},
	XSDInt:                {bigOf("-2147483648"), bigOf("2147483647")},
	XSDShort:              {bigOf("-32768"), bigOf("32767")},
	XSDByte:               {bigOf("-128"), bigOf("127")},
	XSDNonNegativeInteger: {bigOf("0"), nil},
	XSDPositiveInteger:    {bigOf("1"), nil},
	XSDNonPositiveInteger: {nil, bigOf("0")},
	XSDNegativeInteger:    {nil, bigOf("-1")},
	XSDUnsignedLong:       {bigOf("0"), bigOf("18446744073709551615")},
	XSDUnsignedInt:        {bigOf("0"), bigOf("4294967295")},
	XSDUnsignedShort:      {bigOf("0"), bigOf("65535")},
	XSDUnsignedByte:       {bigOf("0"), bigOf("255")},
}

func datatypeKind(dt string) litKind {
	// Switching on the local name after one prefix test is much cheaper than
	// comparing whole IRIs that share 33 bytes.
	if len(dt) <= len(rdf.NSXSD) || dt[:len(rdf.NSXSD)] != rdf.NSXSD {
		switch dt {
		case "":
			return kindString
		case rdf.RDFLangString:
			return kindLang
		}
		return kindOther
	}
	switch dt[len(rdf.NSXSD):] {
	case "string":
		return kindString
	case "boolean":
		return kindBoolean
	case "integer", "decimal", "double", "float",
		"long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
		"nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
		"unsignedShort", "unsignedByte":
		return kindNumeric
	case "dateTime", "dateTimeStamp":
		return kindDateTime
	case "date":
		return kindDate
	case "time":
		return kindTime
	case "duration":
		return kindDuration
	case "dayTimeDuration":
		return kindDayTimeDuration
	case "yearMonthDuration":
		return kindYearMonthDuration
	}
	return kindOther
}

// IsNumericDatatype reports whether dt is xsd:integer, decimal, float, double
// or a datatype derived from xsd:integer.
func IsNumericDatatype(dt string) bool { return datatypeKind(dt) == kindNumeric }

// isStringLiteral reports whether t is a simple, xsd:string or language-tagged literal.
func isStringLiteral(t rdf.Term) bool {
	if t.Kind != rdf.KindLiteral {
		return false
	}
	k := datatypeKind(t.Datatype)
	return k == kindString || k == kindLang
}

// isSimple reports whether t is a simple literal or xsd:string.
func isSimple(t rdf.Term) bool {
	return t.Kind == rdf.KindLiteral && (t.Datatype == rdf.XSDString || t.Datatype == "")
}

// parseBoolean reads an xsd:boolean lexical form.
func parseBoolean(s string) (value, ok bool) {
	switch s {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// Boolean returns the canonical xsd:boolean literal for b.
func Boolean(b bool) rdf.Term {
	if b {
		return trueTerm
	}
	return falseTerm
}

var (
	trueTerm  = rdf.Literal("true", rdf.XSDBoolean)
	falseTerm = rdf.Literal("false", rdf.XSDBoolean)
)

// isXMLSpace reports whether c is XML whitespace (what XSD's whiteSpace
// facet collapses).
func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// collapse trims XML whitespace at both ends (casts from strings apply the
// whiteSpace=collapse facet of the target type before parsing).
func collapse(s string) string {
	i, j := 0, len(s)
	for i < j && isXMLSpace(s[i]) {
		i++
	}
	for j > i && isXMLSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}
