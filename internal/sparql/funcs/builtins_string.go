package funcs

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// sameKindString returns s as a literal of the same kind as like: with
// like's language tag, or xsd:string.
func sameKindString(s string, like rdf.Term) rdf.Term {
	if like.Lang != "" {
		return rdf.LangString(s, like.Lang)
	}
	return rdf.String(s)
}

// compatible applies the argument compatibility rules of §17.4.3.1.1: two
// simple/xsd:string literals, two language-tagged literals with the same
// tag, or a language-tagged literal and a simple/xsd:string one.
func compatible(a, b rdf.Term) error {
	if !isStringLiteral(a) || !isStringLiteral(b) {
		return errNotString
	}
	if b.Lang != "" && a.Lang != b.Lang {
		return errIncompatible
	}
	return nil
}

// StrLen implements STRLEN: the number of characters (code points).
func StrLen(t rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(t) {
		return rdf.Term{}, errNotString
	}
	return intNumber(int64(utf8.RuneCountInString(t.Value))).term(), nil
}

// xpathRound is fn:round on a double: half toward positive infinity.
func xpathRound(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	return math.Floor(f + 0.5)
}

// Substr implements SUBSTR(source, start[, length]) as fn:substring:
// 1-based code point positions p with round(start) <= p < round(start) +
// round(length), so SUBSTR("12345", 1.5, 2.6) is "234" and a NaN bound
// gives "". A zero length Term means "to the end". The result keeps the
// source's language tag.
func Substr(source, start, length rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(source) {
		return rdf.Term{}, errNotString
	}
	sn, ok := parseNumber(start)
	if !ok {
		return rdf.Term{}, errNotNumeric
	}
	from := xpathRound(sn.float())
	to := math.Inf(1)
	if length.Kind != rdf.KindNone {
		ln, ok := parseNumber(length)
		if !ok {
			return rdf.Term{}, errNotNumeric
		}
		to = from + xpathRound(ln.float())
	}
	if math.IsNaN(from) || math.IsNaN(to) || to <= from {
		return sameKindString("", source), nil
	}
	s := source.Value
	n := float64(utf8.RuneCountInString(s))
	from = math.Max(from, 1)
	to = math.Min(to, n+1)
	if to <= from {
		return sameKindString("", source), nil
	}
	i, j := int(from)-1, int(to)-1 // 0-based rune indexes, j exclusive
	return sameKindString(runeSlice(s, i, j), source), nil
}

// runeSlice returns the code points [i, j) of s.
func runeSlice(s string, i, j int) string {
	start, end, k := len(s), len(s), 0
	for off := range s {
		if k == i {
			start = off
		}
		if k == j {
			end = off
			break
		}
		k++
	}
	if start > end {
		return ""
	}
	return s[start:end]
}

// UCase implements UCASE (fn:upper-case) with Unicode's full case mapping
// ("ß" becomes "SS"), keeping the language tag.
func UCase(t rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(t) {
		return rdf.Term{}, errNotString
	}
	if isASCII(t.Value) {
		return sameKindString(strings.ToUpper(t.Value), t), nil
	}
	// A Caser keeps state, so each call gets its own.
	return sameKindString(cases.Upper(language.Und).String(t.Value), t), nil
}

// LCase implements LCASE (fn:lower-case) with Unicode's full case mapping,
// keeping the language tag.
func LCase(t rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(t) {
		return rdf.Term{}, errNotString
	}
	if isASCII(t.Value) {
		return sameKindString(strings.ToLower(t.Value), t), nil
	}
	return sameKindString(cases.Lower(language.Und).String(t.Value), t), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// StrStarts implements STRSTARTS.
func StrStarts(a, b rdf.Term) (rdf.Term, error) {
	if err := compatible(a, b); err != nil {
		return rdf.Term{}, err
	}
	return Boolean(strings.HasPrefix(a.Value, b.Value)), nil
}

// StrEnds implements STRENDS.
func StrEnds(a, b rdf.Term) (rdf.Term, error) {
	if err := compatible(a, b); err != nil {
		return rdf.Term{}, err
	}
	return Boolean(strings.HasSuffix(a.Value, b.Value)), nil
}

// Contains implements CONTAINS.
func Contains(a, b rdf.Term) (rdf.Term, error) {
	if err := compatible(a, b); err != nil {
		return rdf.Term{}, err
	}
	return Boolean(strings.Contains(a.Value, b.Value)), nil
}

// StrBefore implements STRBEFORE: the part of a before the first b. When b
// does not occur the result is the simple literal ""; otherwise it keeps a's
// language tag (STRBEFORE("abc"@en, "") is ""@en).
func StrBefore(a, b rdf.Term) (rdf.Term, error) {
	if err := compatible(a, b); err != nil {
		return rdf.Term{}, err
	}
	i := strings.Index(a.Value, b.Value)
	if i < 0 {
		return rdf.String(""), nil
	}
	return sameKindString(a.Value[:i], a), nil
}

// StrAfter implements STRAFTER, with STRBEFORE's rules for the result type.
func StrAfter(a, b rdf.Term) (rdf.Term, error) {
	if err := compatible(a, b); err != nil {
		return rdf.Term{}, err
	}
	i := strings.Index(a.Value, b.Value)
	if i < 0 {
		return rdf.String(""), nil
	}
	return sameKindString(a.Value[i+len(b.Value):], a), nil
}

// EncodeForURI implements ENCODE_FOR_URI: every byte of the UTF-8 form
// outside the RFC 3986 unreserved set is percent-encoded (upper-case hex).
func EncodeForURI(t rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(t) {
		return rdf.Term{}, errNotString
	}
	const hexDigits = "0123456789ABCDEF"
	s := t.Value
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return rdf.String(b.String()), nil
}

// Concat implements CONCAT: the result has the arguments' common language
// tag when they all share one, and is xsd:string otherwise.
func Concat(args []rdf.Term) (rdf.Term, error) {
	if len(args) == 0 {
		return rdf.String(""), nil
	}
	lang := args[0].Lang
	n := 0
	for _, a := range args {
		if !isStringLiteral(a) {
			if a.Kind == rdf.KindNone {
				return rdf.Term{}, errUnbound
			}
			return rdf.Term{}, errNotString
		}
		if a.Lang != lang {
			lang = ""
		}
		n += len(a.Value)
	}
	var b strings.Builder
	b.Grow(n)
	for _, a := range args {
		b.WriteString(a.Value)
	}
	return rdf.LangString(b.String(), lang), nil
}

// LangMatches implements LANGMATCHES(tag, range) with RFC 4647 basic
// filtering: "*" matches any non-empty tag; otherwise the tag equals the
// range or starts with it followed by "-", ignoring case.
func LangMatches(tag, rng rdf.Term) (rdf.Term, error) {
	if !isSimple(tag) || !isSimple(rng) {
		return rdf.Term{}, errNotSimple
	}
	t, r := tag.Value, rng.Value
	if r == "*" {
		return Boolean(t != ""), nil
	}
	if len(t) < len(r) || !strings.EqualFold(t[:len(r)], r) {
		return Boolean(false), nil
	}
	return Boolean(len(t) == len(r) || t[len(r)] == '-' && r != ""), nil
}
