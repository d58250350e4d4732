package funcs

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// temporal is the value of an xsd:dateTime, xsd:date or xsd:time literal.
type temporal struct {
	kind                 litKind
	year                 int64
	month, day           int
	hour, minute, second int
	frac                 string // fractional-second digits, trailing zeros removed
	hasTZ                bool
	tz                   int // offset from UTC in minutes
}

// maxYearDigits bounds years so that instants fit an int64 of seconds.
const maxYearDigits = 9

// parseTemporal reads a date/time literal; ok is false for other terms and
// invalid lexical forms.
func parseTemporal(t rdf.Term) (temporal, bool) {
	if t.Kind != rdf.KindLiteral {
		return temporal{}, false
	}
	switch k := datatypeKind(t.Datatype); k {
	case kindDateTime, kindDate, kindTime:
		v, ok := parseTemporalLexical(t.Value, k)
		if ok && t.Datatype == XSDDateTimeStamp && !v.hasTZ {
			return temporal{}, false
		}
		return v, ok
	}
	return temporal{}, false
}

func parseTemporalLexical(s string, kind litKind) (v temporal, ok bool) {
	v.kind = kind
	p := s
	if kind != kindTime {
		if p, ok = v.parseDate(p); !ok {
			return v, false
		}
		if kind == kindDateTime {
			if p == "" || p[0] != 'T' {
				return v, false
			}
			p = p[1:]
		}
	}
	if kind != kindDate {
		if p, ok = v.parseTime(p); !ok {
			return v, false
		}
	}
	if p, ok = v.parseZone(p); !ok || p != "" {
		return v, false
	}
	return v, true
}

// digits reads exactly n ASCII digits.
func digits(s string, n int) (int, string, bool) {
	if len(s) < n {
		return 0, s, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, s, false
		}
		v = v*10 + int(c-'0')
	}
	return v, s[n:], true
}

func (v *temporal) parseDate(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n < 4 || n > maxYearDigits || (n > 4 && s[0] == '0') {
		return s, false
	}
	y, _ := strconv.ParseInt(s[:n], 10, 64)
	if neg {
		y = -y
	}
	v.year = y
	s = s[n:]
	var ok bool
	if len(s) < 6 || s[0] != '-' || s[3] != '-' {
		return s, false
	}
	if v.month, _, ok = digits(s[1:], 2); !ok || v.month < 1 || v.month > 12 {
		return s, false
	}
	if v.day, s, ok = digits(s[4:], 2); !ok || v.day < 1 || v.day > daysIn(v.year, v.month) {
		return s, false
	}
	return s, true
}

func (v *temporal) parseTime(s string) (string, bool) {
	var ok bool
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return s, false
	}
	if v.hour, _, ok = digits(s, 2); !ok || v.hour > 24 {
		return s, false
	}
	if v.minute, _, ok = digits(s[3:], 2); !ok || v.minute > 59 {
		return s, false
	}
	if v.second, s, ok = digits(s[6:], 2); !ok || v.second > 59 {
		return s, false
	}
	if strings.HasPrefix(s, ".") {
		n := 1
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 1 {
			return s, false
		}
		v.frac = strings.TrimRight(s[1:n], "0")
		s = s[n:]
	}
	// 24:00:00 is the first instant of the next day; nothing else at hour 24.
	if v.hour == 24 && (v.minute != 0 || v.second != 0 || v.frac != "") {
		return s, false
	}
	return s, true
}

func (v *temporal) parseZone(s string) (string, bool) {
	if s == "" {
		return s, true
	}
	if s[0] == 'Z' {
		v.hasTZ = true
		return s[1:], true
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return s, false
	}
	h, _, ok1 := digits(s[1:], 2)
	m, _, ok2 := digits(s[4:], 2)
	if !ok1 || !ok2 || m > 59 || h > 14 || (h == 14 && m != 0) {
		return s, false
	}
	v.hasTZ = true
	v.tz = h*60 + m
	if s[0] == '-' {
		v.tz = -v.tz
	}
	return "", true
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int64, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 in the proleptic Gregorian
// calendar (XSD 1.1 has a year 0).
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y int64, m, d int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// canonical rewrites 24:00:00 as 00:00:00 of the next day, the form XSD's
// canonical mapping uses.
func (v temporal) canonical() temporal {
	if v.hour != 24 {
		return v
	}
	v.hour = 0
	if v.kind != kindTime {
		v.year, v.month, v.day = civilFromDays(daysFromCivil(v.year, v.month, v.day) + 1)
	}
	return v
}

// localSeconds is the value's position on the time line in seconds, reading
// it as UTC when it has no timezone. An xsd:time sits on 1972-12-31 as XSD
// prescribes.
func (v temporal) localSeconds() int64 {
	var days int64
	if v.kind == kindTime {
		days = daysFromCivil(1972, 12, 31)
	} else {
		days = daysFromCivil(v.year, v.month, v.day)
	}
	return days*86400 + int64(v.hour*3600+v.minute*60+v.second)
}

func (v temporal) utcSeconds() int64 { return v.localSeconds() - int64(v.tz)*60 }

// cmpFrac compares two fractional-second digit strings.
func cmpFrac(a, b string) int {
	for len(a) < len(b) {
		a += "0"
	}
	for len(b) < len(a) {
		b += "0"
	}
	return strings.Compare(a, b)
}

// compareTemporal orders two values of the same kind by XSD's partial
// order: a value without timezone lies anywhere within ±14:00, so the
// comparison with a zoned value can be indeterminate.
func compareTemporal(a, b temporal) (c int, determinate bool) {
	if a.hasTZ == b.hasTZ {
		c = cmpInt64(a.utcSeconds(), b.utcSeconds())
		if c == 0 {
			c = cmpFrac(a.frac, b.frac)
		}
		return c, true
	}
	const window = 14 * 3600
	if !a.hasTZ {
		c, ok := compareTemporal(b, a)
		return -c, ok
	}
	// a is zoned, b is not: b's instant is in [local-14h, local+14h].
	as, bs := a.utcSeconds(), b.localSeconds()
	switch {
	case as < bs-window || (as == bs-window && cmpFrac(a.frac, b.frac) < 0):
		return -1, true
	case as > bs+window || (as == bs+window && cmpFrac(a.frac, b.frac) > 0):
		return 1, true
	}
	return 0, false
}

// totalOrderKey compares like compareTemporal but reads values without
// timezone as UTC, so it is total (for ORDER BY).
func compareTemporalTotal(a, b temporal) int {
	c := cmpInt64(a.utcSeconds(), b.utcSeconds())
	if c == 0 {
		c = cmpFrac(a.frac, b.frac)
	}
	return c
}

// seconds returns the seconds with their fraction as a decimal.
func (v temporal) seconds() number {
	r := new(big.Rat).SetInt64(int64(v.second))
	if v.frac != "" {
		f, _ := new(big.Rat).SetString("0." + v.frac)
		r.Add(r, f)
	}
	return number{t: numDecimal, dec: r}
}

// tzDuration returns the timezone as an xsd:dayTimeDuration literal.
func (v temporal) tzDuration() rdf.Term {
	if v.tz == 0 {
		return rdf.Literal("PT0S", XSDDayTimeDuration)
	}
	var b strings.Builder
	m := v.tz
	if m < 0 {
		b.WriteByte('-')
		m = -m
	}
	b.WriteString("PT")
	if m/60 != 0 {
		b.WriteString(strconv.Itoa(m / 60))
		b.WriteByte('H')
	}
	if m%60 != 0 {
		b.WriteString(strconv.Itoa(m % 60))
		b.WriteByte('M')
	}
	return rdf.Literal(b.String(), XSDDayTimeDuration)
}

// tzString returns the timezone as TZ() writes it: "Z", "-05:00", or "".
func (v temporal) tzString() string {
	if !v.hasTZ {
		return ""
	}
	if v.tz == 0 {
		return "Z"
	}
	m, sign := v.tz, "+"
	if m < 0 {
		m, sign = -m, "-"
	}
	return sign + pad2(m/60) + ":" + pad2(m%60)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// duration is the value of an xsd:duration or one of its two subtypes.
type duration struct {
	kind    litKind
	months  int64
	seconds *big.Rat
}

// parseDuration reads -?PnYnMnDTnHnMnS with the restrictions of the two
// subtypes; ok is false for anything else.
func parseDuration(t rdf.Term) (d duration, ok bool) {
	if t.Kind != rdf.KindLiteral {
		return d, false
	}
	d.kind = datatypeKind(t.Datatype)
	switch d.kind {
	case kindDuration, kindDayTimeDuration, kindYearMonthDuration:
	default:
		return d, false
	}
	s := t.Value
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if !strings.HasPrefix(s, "P") || len(s) > maxNumericLexical {
		return d, false
	}
	s = s[1:]
	d.seconds = new(big.Rat)
	inTime, any, lastTime := false, false, false
	order := "YMDHMS"
	pos := 0
	for s != "" {
		if s[0] == 'T' {
			if inTime {
				return d, false
			}
			inTime, lastTime, pos = true, true, 3
			s = s[1:]
			continue
		}
		n := 0
		for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.') {
			n++
		}
		if n == 0 || n == len(s) {
			return d, false
		}
		num, unit := s[:n], s[n]
		s = s[n+1:]
		idx := strings.IndexByte(order[pos:], unit)
		if idx < 0 || (!inTime && pos+idx >= 3) || (inTime && unit != 'H' && unit != 'M' && unit != 'S') {
			return d, false
		}
		pos += idx + 1
		if unit != 'S' && !validInteger(num) || unit == 'S' && !validDecimal(num) || num[0] == '+' {
			return d, false
		}
		v, _ := new(big.Rat).SetString(num)
		switch {
		case !inTime && (unit == 'Y' || unit == 'M'):
			factor := int64(1)
			if unit == 'Y' {
				factor = 12
			}
			if !v.Num().IsInt64() {
				return d, false
			}
			m, ok1 := int64Op('*', v.Num().Int64(), factor)
			sum, ok2 := int64Op('+', d.months, m)
			if !ok1 || !ok2 {
				return d, false // beyond what months can count
			}
			d.months = sum
		case unit == 'D':
			d.seconds.Add(d.seconds, v.Mul(v, big.NewRat(86400, 1)))
		case unit == 'H':
			d.seconds.Add(d.seconds, v.Mul(v, big.NewRat(3600, 1)))
		case inTime && unit == 'M':
			d.seconds.Add(d.seconds, v.Mul(v, big.NewRat(60, 1)))
		default:
			d.seconds.Add(d.seconds, v)
		}
		any, lastTime = true, false
	}
	if !any || lastTime {
		return d, false
	}
	if d.kind == kindYearMonthDuration && d.seconds.Sign() != 0 ||
		d.kind == kindDayTimeDuration && d.months != 0 {
		return d, false
	}
	if d.kind == kindYearMonthDuration && strings.ContainsAny(t.Value, "DTHS") ||
		d.kind == kindDayTimeDuration && strings.ContainsAny(t.Value, "Y") {
		return d, false
	}
	if whole := new(big.Int).Quo(d.seconds.Num(), d.seconds.Denom()); !whole.IsInt64() {
		return d, false // beyond what this implementation counts in seconds
	}
	if neg {
		d.months = -d.months
		d.seconds.Neg(d.seconds)
	}
	return d, true
}

// compareDurations orders durations when both components agree; determinate
// is false when months and seconds point different ways (XSD's partial order
// on durations, simplified to the component-wise comparison).
func compareDurations(a, b duration) (c int, determinate bool) {
	cm := cmpInt64(a.months, b.months)
	cs := a.seconds.Cmp(b.seconds)
	switch {
	case cm == cs:
		return cm, true
	case cm == 0:
		return cs, true
	case cs == 0:
		return cm, true
	}
	return 0, false
}
