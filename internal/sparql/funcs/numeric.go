package funcs

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// number is the value of a numeric literal. Integers use i unless they do
// not fit an int64 (then big). Decimals are exact: i scaled by 10^-scale
// while that fits (the common case, without allocation), otherwise dec, a
// rational with a terminating decimal expansion. Floats and doubles use f
// (a float is kept rounded to float32 precision).
type number struct {
	t     numType
	scale int8
	i     int64
	big   *big.Int
	dec   *big.Rat
	f     float64
}

// maxSmallScale is the most fractional digits a small decimal keeps.
const maxSmallScale = 18

var pow10i = func() (p [maxSmallScale + 1]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// small returns an integer or decimal as unscaled int64 and scale, when it
// has that form.
func (n number) small() (unscaled int64, scale int, ok bool) {
	switch {
	case n.t == numInteger && n.big == nil:
		return n.i, 0, true
	case n.t == numDecimal && n.dec == nil:
		return n.i, int(n.scale), true
	}
	return 0, 0, false
}

// alignScales brings two small decimals to one scale, failing on overflow.
func alignScales(a int64, as int, b int64, bs int) (x, y int64, scale int, ok bool) {
	for as < bs {
		var fits bool
		if a, fits = int64Op('*', a, pow10i[min(bs-as, maxSmallScale)]); !fits {
			return 0, 0, 0, false
		}
		as += min(bs-as, maxSmallScale)
	}
	for bs < as {
		var fits bool
		if b, fits = int64Op('*', b, pow10i[min(as-bs, maxSmallScale)]); !fits {
			return 0, 0, 0, false
		}
		bs += min(as-bs, maxSmallScale)
	}
	return a, b, as, true
}

func smallDecimal(unscaled int64, scale int) number {
	return number{t: numDecimal, i: unscaled, scale: int8(scale)}
}

// decimalDivisionDigits is how many fractional digits a decimal quotient
// keeps when it does not terminate (XPath leaves the precision to the
// implementation; 18 matches common engines).
const decimalDivisionDigits = 18

// maxNumericLexical bounds the lexical forms parsed as numbers, so that a
// hostile literal cannot make big.Int/big.Rat work on megabytes of digits.
const maxNumericLexical = 4096

func intNumber(i int64) number { return number{t: numInteger, i: i} }

// parseNumber reads the value of a numeric literal; ok is false for
// non-numeric terms and for ill-typed numeric literals.
func parseNumber(t rdf.Term) (n number, ok bool) {
	if t.Kind != rdf.KindLiteral || datatypeKind(t.Datatype) != kindNumeric {
		return n, false
	}
	switch t.Datatype[len(rdf.NSXSD):] {
	case "integer":
		return parseInteger(t.Value)
	case "decimal":
		return parseDecimal(t.Value)
	case "double":
		return parseFloating(t.Value, numDouble)
	case "float":
		return parseFloating(t.Value, numFloat)
	}
	r := integerTypes[t.Datatype]
	if n, ok = parseInteger(t.Value); !ok || !r.contains(n) {
		return n, false
	}
	return n, true
}

func (r intRange) contains(n number) bool {
	if n.big == nil {
		if r.min != nil && r.min.IsInt64() && n.i < r.min.Int64() {
			return false
		}
		// An upper bound beyond int64 (unsignedLong) holds for every int64.
		return r.max == nil || !r.max.IsInt64() || n.i <= r.max.Int64()
	}
	return (r.min == nil || n.big.Cmp(r.min) >= 0) && (r.max == nil || n.big.Cmp(r.max) <= 0)
}

// validInteger reports whether s matches [+-]?[0-9]+.
func validInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" || len(s) > maxNumericLexical {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseInteger(s string) (number, bool) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return intNumber(v), true
	}
	if !validInteger(s) {
		return number{}, false
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return number{}, false
	}
	return normInt(b), true
}

// normInt keeps integers that fit in an int64 off the heap.
func normInt(b *big.Int) number {
	if b.IsInt64() {
		return intNumber(b.Int64())
	}
	return number{t: numInteger, big: b}
}

// validDecimal reports whether s matches [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+).
func validDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) > maxNumericLexical {
		return false
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func parseDecimal(s string) (number, bool) {
	if !validDecimal(s) {
		return number{}, false
	}
	if len(s) <= maxSmallScale { // at most 18 digits: fits an int64 unscaled
		var u int64
		scale, dot := 0, false
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '.':
				dot = true
			case c >= '0' && c <= '9':
				u = u*10 + int64(c-'0')
				if dot {
					scale++
				}
			}
		}
		if s[0] == '-' {
			u = -u
		}
		return smallDecimal(u, scale), true
	}
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
	if !ok {
		return number{}, false
	}
	return number{t: numDecimal, dec: r}, true
}

// validFloating reports whether s is an xsd:double/xsd:float lexical form.
func validFloating(s string) bool {
	switch s {
	case "INF", "+INF", "-INF", "NaN":
		return true
	}
	mant := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		if !validInteger(s[i+1:]) {
			return false
		}
	}
	return validDecimal(mant)
}

func parseFloating(s string, t numType) (number, bool) {
	if !validFloating(s) {
		return number{}, false
	}
	var f float64
	switch s {
	case "INF", "+INF":
		f = math.Inf(1)
	case "-INF":
		f = math.Inf(-1)
	case "NaN":
		f = math.NaN()
	default:
		size := 64
		if t == numFloat {
			size = 32
		}
		v, err := strconv.ParseFloat(s, size)
		if err != nil && !isRangeError(err) { // out of range rounds to ±INF or 0 per XSD 1.1
			return number{}, false
		}
		f = v
	}
	return number{t: t, f: f}, true
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// float returns n as a float64 (decimals and big integers round).
func (n number) float() float64 {
	switch n.t {
	case numInteger:
		if n.big != nil {
			f, _ := new(big.Float).SetInt(n.big).Float64()
			return f
		}
		return float64(n.i)
	case numDecimal:
		if n.dec == nil && n.i < 1<<53 && n.i > -(1<<53) {
			// Both operands are exact doubles, so the quotient is correctly rounded.
			return float64(n.i) / float64(pow10i[n.scale])
		}
		f, _ := n.rat().Float64()
		return f
	}
	return n.f
}

// rat returns an integer or decimal as a rational.
func (n number) rat() *big.Rat {
	if n.t == numDecimal {
		if n.dec == nil {
			return new(big.Rat).SetFrac(big.NewInt(n.i), big.NewInt(pow10i[n.scale]))
		}
		return n.dec
	}
	if n.big != nil {
		return new(big.Rat).SetInt(n.big)
	}
	return new(big.Rat).SetInt64(n.i)
}

func (n number) bigInt() *big.Int {
	if n.big != nil {
		return n.big
	}
	return big.NewInt(n.i)
}

// as converts n to the wider type t.
func (n number) as(t numType) number {
	if n.t == t {
		return n
	}
	switch t {
	case numDecimal:
		if n.big == nil {
			return smallDecimal(n.i, 0)
		}
		return number{t: numDecimal, dec: n.rat()}
	case numFloat:
		return number{t: numFloat, f: float64(float32(n.float()))}
	case numDouble:
		return number{t: numDouble, f: n.float()}
	}
	return n
}

// isZero reports whether n equals zero; NaN is not zero.
func (n number) isZero() bool {
	switch n.t {
	case numInteger:
		return n.big == nil && n.i == 0
	case numDecimal:
		if n.dec == nil {
			return n.i == 0
		}
		return n.dec.Sign() == 0
	}
	return n.f == 0
}

func (n number) isNaN() bool { return (n.t == numFloat || n.t == numDouble) && math.IsNaN(n.f) }

// compareNumbers compares after promotion; unordered is true when either is NaN.
func compareNumbers(a, b number) (c int, unordered bool) {
	t := max(a.t, b.t)
	switch t {
	case numInteger:
		if a.big == nil && b.big == nil {
			return cmpInt64(a.i, b.i), false
		}
		return a.bigInt().Cmp(b.bigInt()), false
	case numDecimal:
		if x, xs, ok := a.small(); ok {
			if y, ys, ok := b.small(); ok {
				if x, y, _, ok := alignScales(x, xs, y, ys); ok {
					return cmpInt64(x, y), false
				}
			}
		}
		return a.rat().Cmp(b.rat()), false
	}
	x, y := a.as(t).f, b.as(t).f
	switch {
	case math.IsNaN(x) || math.IsNaN(y):
		return 0, true
	case x < y:
		return -1, false
	case x > y:
		return 1, false
	}
	return 0, false
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// arithmetic applies op (one of + - * /) with XPath promotion: integer
// division yields a decimal; integer and decimal division by zero is an
// error, float and double division by zero gives ±INF or NaN.
func arithmetic(op byte, a, b number) (number, error) {
	t := max(a.t, b.t)
	if op == '/' && t == numInteger {
		t = numDecimal
	}
	switch t {
	case numInteger:
		if a.big == nil && b.big == nil {
			if r, ok := int64Op(op, a.i, b.i); ok {
				return intNumber(r), nil
			}
		}
		x, y := a.bigInt(), b.bigInt()
		r := new(big.Int)
		switch op {
		case '+':
			r.Add(x, y)
		case '-':
			r.Sub(x, y)
		case '*':
			r.Mul(x, y)
		}
		return normInt(r), nil
	case numDecimal:
		if r, ok := smallArithmetic(op, a, b); ok {
			return r, nil
		}
		x, y := a.rat(), b.rat()
		r := new(big.Rat)
		switch op {
		case '+':
			r.Add(x, y)
		case '-':
			r.Sub(x, y)
		case '*':
			r.Mul(x, y)
		case '/':
			if y.Sign() == 0 {
				return number{}, errDivZeroInteger
			}
			r.Quo(x, y)
			if !terminates(r) {
				r = roundRat(r, decimalDivisionDigits)
			}
		}
		return number{t: numDecimal, dec: r}, nil
	}
	x, y := a.as(t).f, b.as(t).f
	var r float64
	switch op {
	case '+':
		r = x + y
	case '-':
		r = x - y
	case '*':
		r = x * y
	case '/':
		r = x / y
	}
	if t == numFloat {
		r = float64(float32(r))
	}
	return number{t: t, f: r}, nil
}

// smallArithmetic computes + - * on small decimals without allocating;
// ok is false when the operands or the result need big.Rat.
func smallArithmetic(op byte, a, b number) (number, bool) {
	x, xs, okx := a.small()
	y, ys, oky := b.small()
	if !okx || !oky {
		return number{}, false
	}
	switch op {
	case '+', '-':
		x, y, scale, ok := alignScales(x, xs, y, ys)
		if !ok {
			return number{}, false
		}
		r, ok := int64Op(op, x, y)
		return smallDecimal(r, scale), ok
	case '*':
		if xs+ys > maxSmallScale {
			return number{}, false
		}
		r, ok := int64Op('*', x, y)
		return smallDecimal(r, xs+ys), ok
	}
	return number{}, false
}

// int64Op computes a op b, reporting false on overflow.
func int64Op(op byte, a, b int64) (int64, bool) {
	switch op {
	case '+':
		r := a + b
		return r, (r > a) == (b > 0) || b == 0
	case '-':
		r := a - b
		return r, (r < a) == (b > 0) || b == 0
	case '*':
		if a == 0 || b == 0 {
			return 0, true
		}
		hi, lo := bits.Mul64(uint64(absInt64(a)), uint64(absInt64(b)))
		if hi != 0 || lo > math.MaxInt64 || a == math.MinInt64 || b == math.MinInt64 {
			return 0, false
		}
		if (a < 0) != (b < 0) {
			return -int64(lo), true
		}
		return int64(lo), true
	}
	return 0, false
}

func absInt64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

var bigTwo, bigFive, bigTen = big.NewInt(2), big.NewInt(5), big.NewInt(10)

// terminates reports whether r has a finite decimal expansion (its
// denominator has no prime factors but 2 and 5).
func terminates(r *big.Rat) bool {
	d, _ := stripFactor(r.Denom(), bigTwo)
	d, _ = stripFactor(d, bigFive)
	return d.IsInt64() && d.Int64() == 1
}

// stripFactor divides d by p as often as it divides evenly, returning the
// quotient and how many times p divided it. d is not modified.
func stripFactor(d, p *big.Int) (*big.Int, int) {
	n := 0
	q, m := new(big.Int), new(big.Int)
	for {
		q.QuoRem(d, p, m)
		if m.Sign() != 0 {
			return d, n
		}
		d, q = q, d
		if n == 0 {
			q = new(big.Int) // never write into the caller's d
		}
		n++
	}
}

// roundRat rounds r half to even at the given number of fractional digits.
func roundRat(r *big.Rat, digits int) *big.Rat {
	scale := new(big.Int).Exp(bigTen, big.NewInt(int64(digits)), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	// Compare twice the remainder with the denominator to round.
	twice := new(big.Int).Mul(new(big.Int).Abs(m), bigTwo)
	if c := twice.Cmp(scaled.Denom()); c > 0 || (c == 0 && q.Bit(0) == 1) {
		if scaled.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// negate returns -n.
func (n number) negate() number {
	switch n.t {
	case numInteger:
		if n.big == nil && n.i != math.MinInt64 {
			return intNumber(-n.i)
		}
		return normInt(new(big.Int).Neg(n.bigInt()))
	case numDecimal:
		if n.dec == nil && n.i != math.MinInt64 {
			return smallDecimal(-n.i, int(n.scale))
		}
		return number{t: numDecimal, dec: new(big.Rat).Neg(n.rat())}
	}
	return number{t: n.t, f: -n.f}
}

// term writes n as a literal in its type's canonical lexical form.
func (n number) term() rdf.Term {
	switch n.t {
	case numInteger:
		if n.big != nil {
			return rdf.Literal(n.big.String(), rdf.XSDInteger)
		}
		return rdf.Literal(strconv.FormatInt(n.i, 10), rdf.XSDInteger)
	case numDecimal:
		return rdf.Literal(n.decimalString(), rdf.XSDDecimal)
	case numFloat:
		return rdf.Literal(formatFloating(n.f, 32), rdf.XSDFloat)
	}
	return rdf.Literal(formatFloating(n.f, 64), rdf.XSDDouble)
}

// decimalString writes a decimal in canonical form (see formatDecimal).
func (n number) decimalString() string {
	if n.dec != nil {
		return formatDecimal(n.dec)
	}
	neg := n.i < 0
	mag := uint64(n.i)
	if neg {
		mag = -mag
	}
	digits := strconv.FormatUint(mag, 10)
	scale := int(n.scale)
	for len(digits) <= scale {
		digits = "0" + digits
	}
	intPart, frac := digits[:len(digits)-scale], strings.TrimRight(digits[len(digits)-scale:], "0")
	s := intPart
	if frac != "" {
		s += "." + frac
	}
	if neg && s != "0" {
		return "-" + s
	}
	return s
}

// formatDecimal writes a terminating rational in the canonical form of XSD
// 1.1 (decimalCanonicalMap), which RDF 1.1 follows: no '+', no leading or
// trailing zeros, and no decimal point for integral values ("2", "-0.5").
func formatDecimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	// The number of fractional digits is the larger power of 2 or 5 in the
	// denominator; FloatString is exact at that precision.
	d, twos := stripFactor(r.Denom(), bigTwo)
	_, fives := stripFactor(d, bigFive)
	return strings.TrimRight(r.FloatString(max(twos, fives, 1)), "0")
}

// formatFloating writes the XSD canonical form of a double or float:
// a mantissa with one non-zero digit before the point and at least one
// after, "E", and the exponent without '+' or leading zeros ("1.0E0",
// "-1.5E-3"); INF, -INF and NaN as such.
func formatFloating(f float64, size int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0E0"
		}
		return "0.0E0"
	}
	s := strconv.FormatFloat(f, 'E', -1, size)
	i := strings.IndexByte(s, 'E')
	mant, exp := s[:i], s[i+1:]
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// Numeric functions (§17.4.4) keep the operand's type; a derived integer
// type gives xsd:integer.

func (n number) abs() number {
	switch n.t {
	case numInteger:
		if n.big == nil && n.i >= 0 || n.big != nil && n.big.Sign() >= 0 {
			return n
		}
		return n.negate()
	case numDecimal:
		return number{t: numDecimal, dec: new(big.Rat).Abs(n.rat())}
	}
	return number{t: n.t, f: math.Abs(n.f)}
}

// floorCeil returns floor(n) or, with up, ceiling(n).
func (n number) floorCeil(up bool) number {
	switch n.t {
	case numInteger:
		return n
	case numDecimal:
		r := n.rat()
		q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
		// QuoRem truncates toward zero.
		if m.Sign() < 0 && !up {
			q.Sub(q, big.NewInt(1))
		} else if m.Sign() > 0 && up {
			q.Add(q, big.NewInt(1))
		}
		return number{t: numDecimal, dec: new(big.Rat).SetInt(q)}
	}
	if up {
		return number{t: n.t, f: math.Ceil(n.f)}
	}
	return number{t: n.t, f: math.Floor(n.f)}
}

// round rounds half toward positive infinity, as fn:round does
// (round(2.5) = 3, round(-2.5) = -2).
func (n number) round() number {
	switch n.t {
	case numInteger:
		return n
	case numDecimal:
		half := new(big.Rat).Add(n.rat(), big.NewRat(1, 2))
		return number{t: numDecimal, dec: half}.floorCeil(false)
	}
	f := n.f
	if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
		return n
	}
	r := math.Floor(f)
	if f-r >= 0.5 {
		r++
	}
	if r == 0 && f < 0 {
		r = math.Copysign(0, -1) // XPath: round(-0.3) is -0
	}
	return number{t: n.t, f: r}
}
