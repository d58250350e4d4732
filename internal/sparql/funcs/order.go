package funcs

import (
	"math"
	"math/big"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// OrderCompare is the ORDER BY comparison of §15.1, made a total order so
// that sorting is deterministic: unbound < blank nodes < IRIs < literals;
// IRIs and blank nodes by their strings; literals by value within a value
// space (numbers, simple/xsd:string literals, language-tagged literals,
// booleans, each date/time type, each duration type) and by datatype IRI
// and lexical form otherwise. Where SPARQL's < is defined and not an error
// the order agrees with it. Ties in value (1 and 1.0) fall back to RDF term
// order, so distinct terms never compare 0.
func OrderCompare(a, b rdf.Term) int {
	if a.Kind != b.Kind {
		return kindOrder(a.Kind) - kindOrder(b.Kind)
	}
	if a.Kind != rdf.KindLiteral {
		return strings.Compare(a.Value, b.Value)
	}
	if c := compareLiteralValues(a, b); c != 0 {
		return c
	}
	return rdf.Compare(a, b)
}

func kindOrder(k rdf.Kind) int {
	switch k {
	case rdf.KindBlank:
		return 1
	case rdf.KindIRI:
		return 2
	case rdf.KindLiteral:
		return 3
	}
	return 0
}

// Value spaces in the order ORDER BY puts them.
const (
	orderNumeric = iota
	orderString
	orderLang
	orderBoolean
	orderDateTime
	orderDate
	orderTime
	orderDayTimeDuration
	orderYearMonthDuration
	orderDuration
	orderOther
)

// orderSpace returns a literal's value space for ordering; ill-typed
// literals sort with the unknown datatypes.
func orderSpace(t rdf.Term) int {
	k := datatypeKind(t.Datatype)
	if !knownValue(t, k) {
		return orderOther
	}
	switch k {
	case kindNumeric:
		return orderNumeric
	case kindString:
		return orderString
	case kindLang:
		return orderLang
	case kindBoolean:
		return orderBoolean
	case kindDateTime:
		return orderDateTime
	case kindDate:
		return orderDate
	case kindTime:
		return orderTime
	case kindDayTimeDuration:
		return orderDayTimeDuration
	case kindYearMonthDuration:
		return orderYearMonthDuration
	case kindDuration:
		return orderDuration
	}
	return orderOther
}

func compareLiteralValues(a, b rdf.Term) int {
	// Fast path for the commonest case, two strings.
	if isSimple(a) && isSimple(b) {
		return strings.Compare(a.Value, b.Value)
	}
	sa, sb := orderSpace(a), orderSpace(b)
	if sa != sb {
		return sa - sb
	}
	switch sa {
	case orderNumeric:
		x, _ := parseNumber(a)
		y, _ := parseNumber(b)
		return compareNumbersExact(x, y)
	case orderString:
		return strings.Compare(a.Value, b.Value)
	case orderLang:
		if c := strings.Compare(a.Value, b.Value); c != 0 {
			return c
		}
		return strings.Compare(a.Lang, b.Lang)
	case orderBoolean:
		x, _ := parseBoolean(a.Value)
		y, _ := parseBoolean(b.Value)
		return boolRank(x) - boolRank(y)
	case orderDateTime, orderDate, orderTime:
		x, _ := parseTemporal(a)
		y, _ := parseTemporal(b)
		return compareTemporalTotal(x, y)
	case orderDayTimeDuration, orderYearMonthDuration, orderDuration:
		x, _ := parseDuration(a)
		y, _ := parseDuration(b)
		if c := cmpInt64(x.months, y.months); c != 0 {
			return c
		}
		return x.seconds.Cmp(y.seconds)
	}
	if c := strings.Compare(a.Datatype, b.Datatype); c != 0 {
		return c
	}
	return strings.Compare(a.Value, b.Value)
}

// compareNumbersExact compares numbers by their exact values without
// promotion rounding (so the order is transitive), with NaN first.
func compareNumbersExact(a, b number) int {
	if a.t == numInteger && b.t == numInteger || a.t <= numDecimal && b.t <= numDecimal {
		c, _ := compareNumbers(a, b)
		return c
	}
	if a.t >= numFloat && b.t >= numFloat {
		return compareFloat64Total(a.f, b.f)
	}
	// One float/double against an integer or decimal.
	if a.t >= numFloat {
		return -compareNumbersExact(b, a)
	}
	f := b.f
	switch {
	case math.IsNaN(f):
		return 1
	case math.IsInf(f, 1):
		return -1
	case math.IsInf(f, -1):
		return 1
	}
	return a.rat().Cmp(new(big.Rat).SetFloat64(f))
}

func compareFloat64Total(x, y float64) int {
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return -1
	case yn:
		return 1
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
