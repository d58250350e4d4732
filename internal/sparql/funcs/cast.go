package funcs

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// castTargets lists the datatypes with a constructor function (§17.5).
func castTargets() []string {
	ts := []string{
		rdf.XSDString, rdf.XSDBoolean, rdf.XSDDecimal, rdf.XSDFloat, rdf.XSDDouble,
		rdf.XSDDateTime, rdf.XSDDate, XSDTime,
		XSDDuration, XSDDayTimeDuration, XSDYearMonthDuration,
	}
	for dt := range integerTypes {
		ts = append(ts, dt)
	}
	return ts
}

// Cast converts t to the datatype target following the XPath casting rules
// that SPARQL §17.5 adopts: an IRI casts only to xsd:string; a string is
// parsed as the target's lexical form (after trimming whitespace); numbers
// convert between their types (a double or float to integer truncates;
// NaN and INF have no integer or decimal value); booleans convert to 1/0
// and from numbers by their EBV and from "true", "false", "1", "0". The
// result is written in the target's canonical form. Failed casts, blank
// nodes, language-tagged strings and literals with an invalid lexical form
// (except to xsd:string) are errors.
func Cast(t rdf.Term, target string) (rdf.Term, error) {
	switch t.Kind {
	case rdf.KindIRI:
		if target == rdf.XSDString {
			return rdf.String(t.Value), nil
		}
		return rdf.Term{}, typeErrorf("cannot cast an IRI to <%s>", target)
	case rdf.KindLiteral:
	case rdf.KindNone:
		return rdf.Term{}, errUnbound
	default:
		return rdf.Term{}, typeErrorf("cannot cast a blank node to <%s>", target)
	}
	if t.Lang != "" {
		return rdf.Term{}, typeErrorf("cannot cast a language-tagged literal to <%s>", target)
	}
	if target == rdf.XSDString {
		return castToString(t), nil
	}
	src := datatypeKind(t.Datatype)
	if src != kindString && !knownValue(t, src) {
		return rdf.Term{}, typeErrorf("cannot cast %s: invalid lexical form", t)
	}
	var r rdf.Term
	var ok bool
	switch datatypeKind(target) {
	case kindBoolean:
		r, ok = castToBoolean(t, src)
	case kindNumeric:
		return castToNumeric(t, src, target)
	case kindDateTime, kindDate, kindTime:
		r, ok = castToTemporal(t, src, target)
	case kindDuration, kindDayTimeDuration, kindYearMonthDuration:
		r, ok = castToDuration(t, src, target)
	default:
		return rdf.Term{}, causeErrorf(ErrUnknownFunction, "no cast to <%s>", target)
	}
	if !ok {
		return rdf.Term{}, typeErrorf("cannot cast %s to <%s>", t, target)
	}
	return r, nil
}

// castToString writes a literal's value as XPath's cast to xs:string does:
// numbers in their canonical string form (decimals without ".0", doubles in
// plain notation between 1e-6 and 1e6), booleans as true/false, others (and
// ill-typed literals) by their lexical form.
func castToString(t rdf.Term) rdf.Term {
	switch datatypeKind(t.Datatype) {
	case kindBoolean:
		if b, ok := parseBoolean(t.Value); ok {
			return rdf.String(strconv.FormatBool(b))
		}
	case kindNumeric:
		if n, ok := parseNumber(t); ok {
			return rdf.String(numberString(n))
		}
	}
	return rdf.String(t.Value)
}

// numberString is XPath's xs:string value of a number.
func numberString(n number) string {
	switch n.t {
	case numInteger:
		return n.term().Value
	case numDecimal:
		return n.decimalString()
	}
	f, size := n.f, 64
	if n.t == numFloat {
		size = 32
	}
	switch a := math.Abs(f); {
	case f == 0 && math.Signbit(f):
		return "-0"
	case f == 0 || a >= 1e-6 && a < 1e6:
		return strconv.FormatFloat(f, 'f', -1, size)
	}
	return formatFloating(f, size)
}

func castToBoolean(t rdf.Term, src litKind) (rdf.Term, bool) {
	switch src {
	case kindString:
		b, ok := parseBoolean(collapse(t.Value))
		return Boolean(b), ok
	case kindBoolean:
		b, _ := parseBoolean(t.Value)
		return Boolean(b), true
	case kindNumeric:
		n, _ := parseNumber(t)
		return Boolean(!n.isZero() && !n.isNaN()), true
	}
	return rdf.Term{}, false
}

func castToNumeric(t rdf.Term, src litKind, target string) (rdf.Term, error) {
	fail := func() (rdf.Term, error) { return rdf.Term{}, typeErrorf("cannot cast %s to <%s>", t, target) }
	var n number
	switch src {
	case kindString:
		// The lexical form must be one of the target type's.
		lex := collapse(t.Value)
		var ok bool
		if n, ok = parseNumber(rdf.Literal(lex, target)); !ok {
			return fail()
		}
		if target != rdf.XSDInteger && target != rdf.XSDDecimal && target != rdf.XSDFloat && target != rdf.XSDDouble {
			return rdf.Literal(n.term().Value, target), nil
		}
		return n.term(), nil
	case kindBoolean:
		b, _ := parseBoolean(t.Value)
		n = intNumber(int64(boolRank(b)))
	case kindNumeric:
		n, _ = parseNumber(t)
	default:
		return fail()
	}
	switch target {
	case rdf.XSDDouble:
		return n.as(numDouble).term(), nil
	case rdf.XSDFloat:
		return n.as(numFloat).term(), nil
	case rdf.XSDDecimal:
		d, ok := toDecimal(n)
		if !ok {
			return fail()
		}
		return d.term(), nil
	}
	i, ok := toInteger(n)
	if !ok {
		return fail()
	}
	if target == rdf.XSDInteger {
		return i.term(), nil
	}
	if r := integerTypes[target]; !r.contains(i) {
		return rdf.Term{}, typeErrorf("cannot cast %s to <%s>: out of range", t, target)
	}
	return rdf.Literal(i.term().Value, target), nil
}

// toDecimal converts a number to a decimal; floats use their shortest
// decimal representation, NaN and infinities fail.
func toDecimal(n number) (number, bool) {
	switch n.t {
	case numInteger, numDecimal:
		return n.as(numDecimal), true
	}
	if math.IsNaN(n.f) || math.IsInf(n.f, 0) {
		return number{}, false
	}
	size := 64
	if n.t == numFloat {
		size = 32
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(n.f, 'f', -1, size))
	return number{t: numDecimal, dec: r}, ok
}

// toInteger truncates a number toward zero.
func toInteger(n number) (number, bool) {
	switch n.t {
	case numInteger:
		return n, true
	case numDecimal:
		r := n.rat()
		return normInt(new(big.Int).Quo(r.Num(), r.Denom())), true
	}
	if math.IsNaN(n.f) || math.IsInf(n.f, 0) {
		return number{}, false
	}
	f := math.Trunc(n.f)
	if f >= -9.2e18 && f <= 9.2e18 {
		return intNumber(int64(f)), true
	}
	b, _ := new(big.Float).SetFloat64(f).Int(nil)
	return normInt(b), true
}

func castToTemporal(t rdf.Term, src litKind, target string) (rdf.Term, bool) {
	kind := datatypeKind(target)
	var v temporal
	switch src {
	case kindString:
		lex := collapse(t.Value)
		var ok bool
		if v, ok = parseTemporalLexical(lex, kind); !ok {
			return rdf.Term{}, false
		}
		return rdf.Literal(v.canonical().lexical(), target), true
	case kindDateTime, kindDate, kindTime:
		v, _ = parseTemporal(t)
	default:
		return rdf.Term{}, false
	}
	v = v.canonical()
	if src == kind {
		return rdf.Literal(v.lexical(), target), true
	}
	// Conversions between the three (XPath 17.1.5): a date becomes a
	// dateTime at midnight; a dateTime gives its date or time part.
	switch {
	case src == kindDate && kind == kindDateTime:
		v.kind, v.hour, v.minute, v.second, v.frac = kindDateTime, 0, 0, 0, ""
	case src == kindDateTime && (kind == kindDate || kind == kindTime):
		v.kind = kind
	default:
		return rdf.Term{}, false
	}
	return rdf.Literal(v.lexical(), target), true
}

// lexical writes a date/time value in its canonical form (timezone as
// written: Z for UTC).
func (v temporal) lexical() string {
	var b strings.Builder
	if v.kind != kindTime {
		y := v.year
		if y < 0 {
			b.WriteByte('-')
			y = -y
		}
		ys := strconv.FormatInt(y, 10)
		for i := len(ys); i < 4; i++ {
			b.WriteByte('0')
		}
		b.WriteString(ys)
		b.WriteString("-" + pad2(v.month) + "-" + pad2(v.day))
		if v.kind == kindDateTime {
			b.WriteByte('T')
		}
	}
	if v.kind != kindDate {
		b.WriteString(pad2(v.hour) + ":" + pad2(v.minute) + ":" + pad2(v.second))
		if v.frac != "" {
			b.WriteString("." + v.frac)
		}
	}
	b.WriteString(v.tzString())
	return b.String()
}

func castToDuration(t rdf.Term, src litKind, target string) (rdf.Term, bool) {
	lex := t.Value
	if src == kindString {
		lex = collapse(lex)
	} else if !isDurationKind(src) {
		return rdf.Term{}, false
	}
	d, ok := parseDuration(rdf.Literal(lex, target))
	if ok {
		return rdf.Literal(d.lexical(), target), true
	}
	if src == kindString {
		return rdf.Term{}, false
	}
	// Between duration types, keep the component the target allows.
	d, _ = parseDuration(t)
	switch datatypeKind(target) {
	case kindDayTimeDuration:
		d.months = 0
	case kindYearMonthDuration:
		d.seconds = new(big.Rat)
	}
	return rdf.Literal(d.lexical(), target), true
}

// lexical writes a duration canonically: -?PnYnMnDTnHnMnS with zero
// components left out, "PT0S" (or "P0M" for yearMonthDuration) for zero.
func (d duration) lexical() string {
	var b strings.Builder
	months, secs := d.months, new(big.Rat).Set(d.seconds)
	if months < 0 || secs.Sign() < 0 {
		b.WriteByte('-')
		months = -months
		secs.Neg(secs)
	}
	b.WriteByte('P')
	if months/12 != 0 {
		b.WriteString(strconv.FormatInt(months/12, 10) + "Y")
	}
	if months%12 != 0 {
		b.WriteString(strconv.FormatInt(months%12, 10) + "M")
	}
	if secs.Sign() != 0 {
		whole := new(big.Int).Quo(secs.Num(), secs.Denom())
		frac := new(big.Rat).Sub(secs, new(big.Rat).SetInt(whole))
		total := whole.Int64()
		days, rest := total/86400, total%86400
		if days != 0 {
			b.WriteString(strconv.FormatInt(days, 10) + "D")
		}
		if rest != 0 || frac.Sign() != 0 {
			b.WriteByte('T')
			if h := rest / 3600; h != 0 {
				b.WriteString(strconv.FormatInt(h, 10) + "H")
			}
			if m := rest % 3600 / 60; m != 0 {
				b.WriteString(strconv.FormatInt(m, 10) + "M")
			}
			if s := new(big.Rat).Add(new(big.Rat).SetInt64(rest%60), frac); s.Sign() != 0 {
				b.WriteString(formatDecimal(s) + "S")
			}
		}
	}
	if b.Len() <= 2 {
		if d.kind == kindYearMonthDuration {
			return "P0M"
		}
		return "PT0S"
	}
	return b.String()
}
