package parser

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token of the SPARQL grammar (§19.8).
type tokenKind uint8

const (
	tokEOF     tokenKind = iota
	tokIRI               // IRIREF: text is the IRI, escapes decoded, not yet resolved
	tokPName             // PNAME_NS or PNAME_LN: text is the prefix, local the decoded local part
	tokBlank             // BLANK_NODE_LABEL: text is the label
	tokVar               // VAR1 or VAR2: text is the name
	tokLangTag           // LANGTAG: text is the tag without '@'
	tokInteger           // INTEGER and its signed forms: text is the lexical form
	tokDecimal           // DECIMAL and its signed forms
	tokDouble            // DOUBLE and its signed forms
	tokString            // any of the four string forms: text is the decoded value
	tokWord              // a keyword or the 'a' shorthand: text as written
	tokPunct             // punctuation and operators: text is the symbol
)

// token is one lexical token. pos is the byte offset of its first character.
type token struct {
	kind  tokenKind
	text  string
	local string
	pos   int // byte offset of the first character
	end   int // byte offset after the last character
}

// describe returns the token as an error message shows it.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokIRI:
		return "<" + shorten(t.text) + ">"
	case tokPName:
		return `"` + shorten(t.text+":"+t.local) + `"`
	case tokBlank:
		return `"_:` + shorten(t.text) + `"`
	case tokVar:
		return `"?` + shorten(t.text) + `"`
	case tokLangTag:
		return `"@` + shorten(t.text) + `"`
	case tokString:
		return "string " + `"` + shorten(t.text) + `"`
	}
	return `"` + shorten(t.text) + `"`
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		return string(r[:40]) + "…"
	}
	return s
}

// lexer splits a query into tokens on demand.
type lexer struct {
	src string
	pos int
	// noColonEnd is the end of the last run of name characters that is
	// not followed by ':'. Words that start inside it are keywords, which
	// keeps "true-true-true..." from being rescanned at every word.
	noColonEnd int
}

// lexError is a lexical error at a byte offset.
type lexError struct {
	pos int
	msg string
}

func isPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r < 0xC0:
		return false
	case r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isPNCharsU(r rune) bool { return r == '_' || isPNCharsBase(r) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || isDigit(r) || r == 0xB7 || (r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}

func isVarChar(r rune) bool {
	return isPNCharsU(r) || isDigit(r) || r == 0xB7 || (r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}

func isHex(b byte) bool {
	return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')
}

func isWordByte(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
}

// peekRune returns the rune at byte offset i and its width (0 at the end).
func (l *lexer) peekRune(i int) (rune, int) {
	if i >= len(l.src) {
		return -1, 0
	}
	if b := l.src[i]; b < utf8.RuneSelf {
		return rune(b), 1
	}
	return utf8.DecodeRuneInString(l.src[i:])
}

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\r', '\n':
			l.pos++
		case '#':
			if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
		default:
			return
		}
	}
}

// next returns the next token or a lexical error.
func (l *lexer) next() (token, *lexError) {
	t, err := l.scan()
	t.end = l.pos
	return t, err
}

func (l *lexer) scan() (token, *lexError) {
	l.skipSpace()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[start]
	switch {
	case c == '<':
		if t, ok, err := l.iriRef(); ok || err != nil {
			return t, err
		}
		if strings.HasPrefix(l.src[start:], "<=") {
			l.pos += 2
			return token{kind: tokPunct, text: "<=", pos: start}, nil
		}
		l.pos++
		return token{kind: tokPunct, text: "<", pos: start}, nil
	case c == '"' || c == '\'':
		return l.stringLiteral()
	case c == '?' || c == '$':
		r, w := l.peekRune(start + 1)
		if w > 0 && (isPNCharsU(r) || isDigit(r)) {
			return l.variable()
		}
		if c == '$' {
			return token{}, &lexError{start, `"$" must start a variable name`}
		}
		l.pos++
		return token{kind: tokPunct, text: "?", pos: start}, nil
	case c == '@':
		return l.langTag()
	case c == '_' && strings.HasPrefix(l.src[start:], "_:"):
		return l.blankLabel()
	case isDigit(rune(c)):
		return l.number(start)
	case c == '.':
		if r, _ := l.peekRune(start + 1); isDigit(r) {
			return l.number(start)
		}
	case c == '+' || c == '-':
		r, _ := l.peekRune(start + 1)
		if isDigit(r) {
			return l.number(start)
		}
		if r == '.' {
			if r2, _ := l.peekRune(start + 2); isDigit(r2) {
				return l.number(start)
			}
		}
	case c == ':':
		return l.prefixedName(start, start)
	case c == '\\':
		return token{}, &lexError{start, `unexpected "\"`}
	}
	if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
		return l.word()
	}
	for _, p := range [...]string{"^^", "&&", "||", "!=", ">="} {
		if strings.HasPrefix(l.src[start:], p) {
			l.pos += 2
			return token{kind: tokPunct, text: p, pos: start}, nil
		}
	}
	if strings.IndexByte("{}()[].,;*/|^?+-!=<>", c) >= 0 {
		l.pos++
		return token{kind: tokPunct, text: l.src[start : start+1], pos: start}, nil
	}
	r, _ := l.peekRune(start)
	if r == utf8.RuneError {
		return token{}, &lexError{start, "invalid UTF-8"}
	}
	return token{}, &lexError{start, "unexpected character " + quoteRune(r)}
}

func quoteRune(r rune) string {
	if r <= 0x20 || r == 0x7f || !unicode.IsPrint(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return `"` + string(r) + `"`
}

// iriRef reads an IRIREF at l.pos if there is one; ok is false (and
// nothing is consumed) when '<' is the less-than operator instead.
func (l *lexer) iriRef() (token, bool, *lexError) {
	start := l.pos
	i := start + 1
	var b strings.Builder
	escaped := false
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '>':
			text := l.src[start+1 : i]
			if escaped {
				text = b.String()
			}
			l.pos = i + 1
			return token{kind: tokIRI, text: text, pos: start}, true, nil
		case c == '\\':
			if i+1 < len(l.src) && l.src[i+1] != 'u' && l.src[i+1] != 'U' {
				// Not an IRI escape: this '<' is less-than, as in
				// ?a<ex:b\.c where the backslash escapes a local name.
				return token{}, false, nil
			}
			r, n, err := decodeUCHAR(l.src, i)
			if err != "" {
				return token{}, false, &lexError{i, err}
			}
			if !escaped {
				b.WriteString(l.src[start+1 : i])
				escaped = true
			}
			if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
				return token{}, false, &lexError{i, "escaped character " + quoteRune(r) + " is not allowed in an IRI"}
			}
			b.WriteRune(r)
			i += n
			continue
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return token{}, false, nil
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(l.src[i:])
			if r == utf8.RuneError && n == 1 {
				return token{}, false, &lexError{i, "invalid UTF-8"}
			}
			if escaped {
				b.WriteString(l.src[i : i+n])
			}
			i += n
			continue
		}
		if escaped {
			b.WriteByte(c)
		}
		i++
	}
	return token{}, false, nil
}

// decodeUCHAR decodes \uXXXX or \UXXXXXXXX at src[i]. It returns the rune,
// the length of the escape, or an error message.
func decodeUCHAR(src string, i int) (rune, int, string) {
	if i+1 >= len(src) || (src[i+1] != 'u' && src[i+1] != 'U') {
		return 0, 0, `bad escape sequence "\` + escapeTail(src, i) + `"`
	}
	n := 4
	if src[i+1] == 'U' {
		n = 8
	}
	if i+2+n > len(src) {
		return 0, 0, "incomplete escape sequence"
	}
	var r rune
	for j := i + 2; j < i+2+n; j++ {
		c := src[j]
		if !isHex(c) {
			return 0, 0, `bad escape sequence "\` + escapeTail(src, i) + `"`
		}
		r = r<<4 | rune(hexValue(c))
	}
	if r >= 0xD800 && r <= 0xDFFF {
		return 0, 0, "escape sequence names a surrogate code point"
	}
	if r > utf8.MaxRune {
		return 0, 0, "escape sequence names a code point beyond U+10FFFF"
	}
	return r, 2 + n, ""
}

func escapeTail(src string, i int) string {
	end := min(i+2, len(src))
	return src[i+1 : end]
}

func hexValue(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// stringLiteral reads one of the four string forms.
func (l *lexer) stringLiteral() (token, *lexError) {
	start := l.pos
	q := l.src[start]
	long := len(l.src) >= start+3 && l.src[start+1] == q && l.src[start+2] == q
	i := start + 1
	if long {
		i = start + 3
	}
	var b strings.Builder
	for {
		if i >= len(l.src) {
			return token{}, &lexError{start, "unterminated string"}
		}
		c := l.src[i]
		switch {
		case c == q:
			if !long {
				l.pos = i + 1
				return token{kind: tokString, text: b.String(), pos: start}, nil
			}
			if strings.HasPrefix(l.src[i:], string([]byte{q, q, q})) {
				// The grammar makes a long string end at the first run of
				// three quotes: its content never ends with a bare quote.
				l.pos = i + 3
				return token{kind: tokString, text: b.String(), pos: start}, nil
			}
			b.WriteByte(c)
			i++
		case c == '\\':
			if i+1 >= len(l.src) {
				return token{}, &lexError{i, "unterminated string"}
			}
			if e := strings.IndexByte(`tbnrf"'\`, l.src[i+1]); e >= 0 {
				b.WriteByte("\t\b\n\r\f\"'\\"[e])
				i += 2
				continue
			}
			r, n, err := decodeUCHAR(l.src, i)
			if err != "" {
				return token{}, &lexError{i, err}
			}
			b.WriteRune(r)
			i += n
		case !long && (c == '\n' || c == '\r'):
			return token{}, &lexError{i, "line break in a short string (use a long string or \\n)"}
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(l.src[i:])
			if r == utf8.RuneError && n == 1 {
				return token{}, &lexError{i, "invalid UTF-8"}
			}
			b.WriteString(l.src[i : i+n])
			i += n
		}
	}
}

func (l *lexer) variable() (token, *lexError) {
	start := l.pos
	i := start + 1
	for {
		r, w := l.peekRune(i)
		if w == 0 || !isVarChar(r) {
			break
		}
		i += w
	}
	l.pos = i
	return token{kind: tokVar, text: l.src[start+1 : i], pos: start}, nil
}

func (l *lexer) langTag() (token, *lexError) {
	start := l.pos
	i := start + 1
	isAlpha := func(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }
	for i < len(l.src) && isAlpha(l.src[i]) {
		i++
	}
	if i == start+1 {
		return token{}, &lexError{start, `"@" must start a language tag`}
	}
	for i+1 < len(l.src) && l.src[i] == '-' && (isAlpha(l.src[i+1]) || isDigit(rune(l.src[i+1]))) {
		i++
		for i < len(l.src) && (isAlpha(l.src[i]) || isDigit(rune(l.src[i]))) {
			i++
		}
	}
	l.pos = i
	return token{kind: tokLangTag, text: l.src[start+1 : i], pos: start}, nil
}

func (l *lexer) blankLabel() (token, *lexError) {
	start := l.pos
	i := start + 2
	r, w := l.peekRune(i)
	if w == 0 || !(isPNCharsU(r) || isDigit(r)) {
		return token{}, &lexError{start, "bad blank node label"}
	}
	i += w
	end := i
	for {
		r, w := l.peekRune(i)
		if w == 0 || !(isPNChars(r) || r == '.') {
			break
		}
		i += w
		if r != '.' {
			end = i
		}
	}
	l.pos = end
	return token{kind: tokBlank, text: l.src[start+2 : end], pos: start}, nil
}

// number reads INTEGER, DECIMAL or DOUBLE, with an optional sign.
func (l *lexer) number(start int) (token, *lexError) {
	i := start
	if c := l.src[i]; c == '+' || c == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(l.src) && isDigit(rune(l.src[i])) {
			i++
			n++
		}
		return n
	}
	whole := digits()
	kind := tokInteger
	if i < len(l.src) && l.src[i] == '.' {
		save := i
		i++
		frac := digits()
		switch {
		case frac > 0:
			kind = tokDecimal
		case whole > 0 && i < len(l.src) && (l.src[i] == 'e' || l.src[i] == 'E'):
			// "1.e5" is a double.
		default:
			i = save // "1." is an integer followed by a dot
		}
	}
	if i < len(l.src) && (l.src[i] == 'e' || l.src[i] == 'E') {
		j := i + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(rune(l.src[j])) {
			i = j
			digits()
			kind = tokDouble
		}
	}
	l.pos = i
	return token{kind: kind, text: l.src[start:i], pos: start}, nil
}

// word reads a keyword, 'a', or a prefixed name whose prefix starts here.
func (l *lexer) word() (token, *lexError) {
	start := l.pos
	i := start
	r, w := l.peekRune(i)
	if !isPNCharsBase(r) {
		if r == utf8.RuneError {
			return token{}, &lexError{start, "invalid UTF-8"}
		}
		return token{}, &lexError{start, "unexpected character " + quoteRune(r)}
	}
	i += w
	if start < l.noColonEnd {
		i = l.noColonEnd
	} else {
		for {
			r, w := l.peekRune(i)
			if w == 0 || !(isPNChars(r) || r == '.') {
				break
			}
			i += w
		}
		if i >= len(l.src) || l.src[i] != ':' {
			l.noColonEnd = i
		}
	}
	if i < len(l.src) && l.src[i] == ':' {
		if l.src[i-1] == '.' {
			return token{}, &lexError{start, "a prefix name must not end with \".\""}
		}
		return l.prefixedName(start, i)
	}
	// Not a prefixed name: keywords are ASCII letters, digits and '_'.
	i = start
	for i < len(l.src) && isWordByte(l.src[i]) {
		i++
	}
	if i == start {
		return token{}, &lexError{start, "unexpected character " + quoteRune(r)}
	}
	l.pos = i
	return token{kind: tokWord, text: l.src[start:i], pos: start}, nil
}

// prefixedName reads the local part of a prefixed name whose ':' is at
// colon; start is where the prefix began.
func (l *lexer) prefixedName(start, colon int) (token, *lexError) {
	prefix := l.src[start:colon]
	i := colon + 1
	var b strings.Builder
	end, endLen := i, 0 // the local part ends before any trailing dots
	first := true
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '%':
			if i+2 >= len(l.src) || !isHex(l.src[i+1]) || !isHex(l.src[i+2]) {
				return token{}, &lexError{i, `"%" in a prefixed name must start a %XX escape`}
			}
			b.WriteString(l.src[i : i+3])
			i += 3
		case c == '\\':
			if i+1 < len(l.src) && strings.IndexByte("_~.-!$&'()*+,;=/?#@%", l.src[i+1]) >= 0 {
				b.WriteByte(l.src[i+1])
				i += 2
			} else {
				return token{}, &lexError{i, `bad escape in a prefixed name`}
			}
		case c == ':':
			b.WriteByte(c)
			i++
		case c == '.' && !first:
			b.WriteByte(c)
			i++
			first = false
			continue // a dot never ends a local part
		default:
			r, w := l.peekRune(i)
			ok := isPNChars(r)
			if first {
				ok = isPNCharsU(r) || isDigit(r)
			}
			if !ok {
				goto done
			}
			b.WriteString(l.src[i : i+w])
			i += w
		}
		first = false
		end, endLen = i, b.Len()
	}
done:
	l.pos = end
	local := b.String()[:endLen]
	return token{kind: tokPName, text: prefix, local: local, pos: start}, nil
}
