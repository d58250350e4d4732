package parser

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// SPARQL §19.2: \uXXXX and \UXXXXXXXX may appear anywhere in a query and
// are replaced before tokenizing. Inside string literals and IRI
// references the lexer decodes them itself, as escapes of the token, so
// that "\u0022" is a quote inside a string rather than the end of it; this
// file replaces them everywhere else (in names, keywords, between tokens).
// Each escape is replaced once: a backslash it produces never starts
// another escape.

// offsetShift records that decoded text from byte at on comes from the
// original text at byte orig.
type offsetShift struct{ at, orig int }

// decodeCodepoints returns src with the codepoint escapes outside string
// literals, IRI references and comments replaced, and the shifts that map
// offsets in the result back to src. It returns src itself when there is
// nothing to replace.
func decodeCodepoints(src string) (string, []offsetShift) {
	if !strings.Contains(src, `\u`) && !strings.Contains(src, `\U`) {
		return src, nil
	}
	var b strings.Builder
	var shifts []offsetShift
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"' || c == '\'':
			j := skipStringLiteral(src, i)
			b.WriteString(src[i:j])
			i = j
		case c == '<':
			j := skipIRIRef(src, i)
			b.WriteString(src[i:j])
			i = j
		case c == '#':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			b.WriteString(src[i : i+j])
			i += j
		case c == '\\':
			if r, n, err := decodeUCHAR(src, i); err == "" {
				b.WriteRune(r)
				i += n
				shifts = append(shifts, offsetShift{at: b.Len(), orig: i})
				continue
			}
			// Another escape (such as \. in a prefixed name): keep both
			// characters so the second is not read as a quote or '<'.
			_, w := utf8.DecodeRuneInString(src[min(i+1, len(src)):])
			end := min(i+1+w, len(src))
			b.WriteString(src[i:end])
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), shifts
}

// skipStringLiteral returns the offset after the string literal starting
// at src[i] (or len(src) if it is not closed).
func skipStringLiteral(src string, i int) int {
	q := src[i]
	long := strings.HasPrefix(src[i:], string([]byte{q, q, q}))
	j := i + 1
	if long {
		j = i + 3
	}
	for j < len(src) {
		switch c := src[j]; {
		case c == '\\':
			j += 2
		case c == q && !long:
			return j + 1
		case c == q && strings.HasPrefix(src[j:], string([]byte{q, q, q})):
			return j + 3
		case !long && (c == '\n' || c == '\r'):
			return j
		default:
			j++
		}
	}
	return len(src)
}

// skipIRIRef returns the offset after the IRI reference starting at src[i],
// or i+1 when '<' is the less-than operator; the rule is the lexer's.
func skipIRIRef(src string, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '>':
			return j + 1
		case c == '\\':
			j++
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return i + 1
		}
	}
	return i + 1
}

// originalOffset maps an offset in decoded text back to the source.
func originalOffset(shifts []offsetShift, pos int) int {
	k := sort.Search(len(shifts), func(k int) bool { return shifts[k].at > pos })
	if k == 0 {
		return pos
	}
	s := shifts[k-1]
	return s.orig + pos - s.at
}
