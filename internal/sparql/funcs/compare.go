package funcs

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Equal implements the = operator (§17.3): value equality for numbers,
// strings, booleans, dates and times and durations, RDFterm-equal
// otherwise. Two literals that are not the same term are an error when one
// has an unknown datatype or an invalid lexical form (their values might
// still be equal), and false when both values are known to differ (a string
// and a number, a language-tagged literal and anything else). A date/time
// with a timezone against one without may be indeterminate, which is an
// error too. NaN equals nothing.
func Equal(a, b rdf.Term) (bool, error) {
	if a.Kind != rdf.KindLiteral || b.Kind != rdf.KindLiteral {
		if a.Kind == rdf.KindNone || b.Kind == rdf.KindNone {
			return false, errUnbound
		}
		return a == b, nil
	}
	ka, kb := datatypeKind(a.Datatype), datatypeKind(b.Datatype)
	switch {
	case ka == kindString && kb == kindString:
		return a.Value == b.Value, nil
	case ka == kindLang || kb == kindLang:
		return a == b, nil
	case ka == kindNumeric && kb == kindNumeric:
		x, okx := parseNumber(a)
		y, oky := parseNumber(b)
		if okx && oky {
			c, unordered := compareNumbers(x, y)
			return c == 0 && !unordered, nil
		}
	case ka == kindBoolean && kb == kindBoolean:
		x, okx := parseBoolean(a.Value)
		y, oky := parseBoolean(b.Value)
		if okx && oky {
			return x == y, nil
		}
	case ka == kb && (ka == kindDateTime || ka == kindDate || ka == kindTime):
		x, okx := parseTemporal(a)
		y, oky := parseTemporal(b)
		if okx && oky {
			c, determinate := compareTemporal(x, y)
			if !determinate {
				return false, errIndeterminate
			}
			return c == 0, nil
		}
	case isDurationKind(ka) && isDurationKind(kb):
		x, okx := parseDuration(a)
		y, oky := parseDuration(b)
		if okx && oky {
			return x.months == y.months && x.seconds.Cmp(y.seconds) == 0, nil
		}
	}
	if a == b {
		return true, nil
	}
	if knownValue(a, ka) && knownValue(b, kb) {
		return false, nil
	}
	return false, errUnknownLiteral
}

func isDurationKind(k litKind) bool {
	return k == kindDuration || k == kindDayTimeDuration || k == kindYearMonthDuration
}

// knownValue reports whether a literal has a datatype this package
// understands and a valid lexical form for it.
func knownValue(t rdf.Term, k litKind) bool {
	switch k {
	case kindString, kindLang:
		return true
	case kindBoolean:
		_, ok := parseBoolean(t.Value)
		return ok
	case kindNumeric:
		_, ok := parseNumber(t)
		return ok
	case kindDateTime, kindDate, kindTime:
		_, ok := parseTemporal(t)
		return ok
	case kindDuration, kindDayTimeDuration, kindYearMonthDuration:
		_, ok := parseDuration(t)
		return ok
	}
	return false
}

// NotEqual implements != as the negation of Equal (errors stay errors).
func NotEqual(a, b rdf.Term) (bool, error) {
	eq, err := Equal(a, b)
	return !eq && err == nil, err
}

// SameTerm implements sameTerm: RDF term identity, never an error.
func SameTerm(a, b rdf.Term) bool { return a == b }

// SameValue reports whether two terms are equal by Equal, or identical. It
// never fails, which suits comparing expected and actual query results
// ("1.0E0"^^xsd:double against "1"^^xsd:double).
func SameValue(a, b rdf.Term) bool {
	if a == b {
		return true
	}
	if a.Kind != rdf.KindLiteral || b.Kind != rdf.KindLiteral || a.Datatype != b.Datatype {
		return false
	}
	eq, err := Equal(a, b)
	return eq && err == nil
}

// compareOrdered compares two terms for < > <= >=: both must be literals
// of one ordered value space (numbers, strings, booleans, one kind of
// date/time, or one duration subtype) with valid lexical forms. unordered
// reports a NaN operand, with which every comparison is false.
func compareOrdered(a, b rdf.Term) (c int, unordered bool, err error) {
	if a.Kind != rdf.KindLiteral || b.Kind != rdf.KindLiteral {
		if a.Kind == rdf.KindNone || b.Kind == rdf.KindNone {
			return 0, false, errUnbound
		}
		return 0, false, errNotComparable
	}
	ka, kb := datatypeKind(a.Datatype), datatypeKind(b.Datatype)
	if ka != kb {
		return 0, false, errNotComparable
	}
	switch ka {
	case kindString:
		return strings.Compare(a.Value, b.Value), false, nil
	case kindNumeric:
		x, okx := parseNumber(a)
		y, oky := parseNumber(b)
		if okx && oky {
			c, unordered = compareNumbers(x, y)
			return c, unordered, nil
		}
	case kindBoolean:
		x, okx := parseBoolean(a.Value)
		y, oky := parseBoolean(b.Value)
		if okx && oky {
			return boolRank(x) - boolRank(y), false, nil
		}
	case kindDateTime, kindDate, kindTime:
		x, okx := parseTemporal(a)
		y, oky := parseTemporal(b)
		if okx && oky {
			c, determinate := compareTemporal(x, y)
			if !determinate {
				return 0, false, errIndeterminate
			}
			return c, false, nil
		}
	case kindDayTimeDuration, kindYearMonthDuration:
		x, okx := parseDuration(a)
		y, oky := parseDuration(b)
		if okx && oky {
			c, determinate := compareDurations(x, y)
			if !determinate {
				return 0, false, errIndeterminate
			}
			return c, false, nil
		}
	}
	return 0, false, errNotComparable
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Less implements a < b.
func Less(a, b rdf.Term) (bool, error) {
	c, unordered, err := compareOrdered(a, b)
	return err == nil && !unordered && c < 0, err
}

// Greater implements a > b.
func Greater(a, b rdf.Term) (bool, error) {
	c, unordered, err := compareOrdered(a, b)
	return err == nil && !unordered && c > 0, err
}

// LessOrEqual implements a <= b.
func LessOrEqual(a, b rdf.Term) (bool, error) {
	c, unordered, err := compareOrdered(a, b)
	return err == nil && !unordered && c <= 0, err
}

// GreaterOrEqual implements a >= b.
func GreaterOrEqual(a, b rdf.Term) (bool, error) {
	c, unordered, err := compareOrdered(a, b)
	return err == nil && !unordered && c >= 0, err
}

// Compare compares two terms with the SPARQL ordering operators and returns
// -1, 0 or 1. It fails where < fails, and for NaN, which is unordered.
func Compare(a, b rdf.Term) (int, error) {
	c, unordered, err := compareOrdered(a, b)
	if err != nil {
		return 0, err
	}
	if unordered {
		return 0, typeError("NaN is unordered")
	}
	return c, nil
}

// CanonicalTerm returns t with its lexical form replaced by the canonical
// one when t is a valid number or boolean ("01"^^xsd:integer → "1",
// "1E0"^^xsd:double → "1.0E0", "1"^^xsd:boolean → "true"); the datatype is
// kept. Other terms are returned unchanged. It suits results.Options'
// Normalize for comparing query results by value.
func CanonicalTerm(t rdf.Term) rdf.Term {
	if t.Kind != rdf.KindLiteral {
		return t
	}
	switch datatypeKind(t.Datatype) {
	case kindNumeric:
		if n, ok := parseNumber(t); ok {
			return rdf.Literal(n.term().Value, t.Datatype)
		}
	case kindBoolean:
		if b, ok := parseBoolean(t.Value); ok {
			return Boolean(b)
		}
	}
	return t
}
