package funcs

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Bounds on regular expressions from queries. Go's RE2 engine matches in
// time linear in the input, so the pattern size bounds the work per match.
const (
	maxPatternBytes = 32 << 10
	maxCachedRegexp = 512
)

type regexKey struct{ pattern, flags string }

type regexEntry struct {
	re  *regexp.Regexp
	err error
}

// regexCache keeps compiled patterns (and their errors); a query usually
// has a constant pattern applied to every solution.
var regexCache = struct {
	sync.RWMutex
	m map[regexKey]regexEntry
}{m: make(map[regexKey]regexEntry)}

// CompileRegex translates an XPath regular expression with its flags
// (s, m, i, x, q) to Go's regexp syntax and compiles it, using a bounded
// cache. Constructs RE2 cannot evaluate — back-references, character class
// subtraction, Unicode block escapes (\p{IsBasicLatin}) — are rejected with
// an error wrapping ErrRegex.
func CompileRegex(pattern, flags string) (*regexp.Regexp, error) {
	key := regexKey{pattern, flags}
	regexCache.RLock()
	e, ok := regexCache.m[key]
	regexCache.RUnlock()
	if ok {
		return e.re, e.err
	}
	re, err := compileRegex(pattern, flags)
	regexCache.Lock()
	if len(regexCache.m) >= maxCachedRegexp {
		clear(regexCache.m) // crude but bounded; hot patterns come back at once
	}
	regexCache.m[key] = regexEntry{re, err}
	regexCache.Unlock()
	return re, err
}

func compileRegex(pattern, flags string) (*regexp.Regexp, error) {
	if len(pattern) > maxPatternBytes {
		return nil, causeErrorf(ErrRegex, "pattern of %d bytes exceeds the limit of %d", len(pattern), maxPatternBytes)
	}
	var dotAll, multiLine, fold, extended, literal bool
	for _, f := range flags {
		switch f {
		case 's':
			dotAll = true
		case 'm':
			multiLine = true
		case 'i':
			fold = true
		case 'x':
			extended = true
		case 'q':
			literal = true
		default:
			return nil, causeErrorf(ErrRegex, "unknown flag %q in %q", f, flags)
		}
	}
	var goPattern string
	if literal {
		goPattern = regexp.QuoteMeta(pattern)
		dotAll, multiLine = false, false
	} else {
		var err error
		if goPattern, err = translateRegex(pattern, dotAll, extended); err != nil {
			return nil, err
		}
	}
	var prefix string
	if fold {
		prefix += "i"
	}
	if multiLine {
		prefix += "m"
	}
	if dotAll {
		prefix += "s"
	}
	if prefix != "" {
		goPattern = "(?" + prefix + ")" + goPattern
	}
	re, err := regexp.Compile(goPattern)
	if err != nil {
		return nil, causeErrorf(ErrRegex, "pattern %q: %v", pattern, err)
	}
	return re, nil
}

// Character classes for the XPath escapes whose Go meaning differs.
const (
	classSpace    = `\t\n\r\x20`
	classNotSpace = `\x00-\x08\x0B\x0C\x0E-\x1F\x21-\x{10FFFF}`
	classWord     = `\p{L}\p{M}\p{N}\p{S}` // XPath \w: everything but \p{P}, \p{Z}, \p{C}
	classNotWord  = `\p{P}\p{Z}\p{C}`
	// XML NameStartChar and NameChar, for \i and \c.
	classNameStart = `:A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}`
	className      = classNameStart + `\-.0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}`
)

// singleCharEscapes are XPath's \x escapes for one literal character.
const singleCharEscapes = `nrt\|.-^?*+{}()[]$`

type regexTranslator struct {
	src      string
	pos      int
	dotAll   bool
	extended bool
	out      strings.Builder
}

func translateRegex(pattern string, dotAll, extended bool) (string, error) {
	t := &regexTranslator{src: pattern, dotAll: dotAll, extended: extended}
	if err := t.run(); err != nil {
		return "", err
	}
	return t.out.String(), nil
}

func (t *regexTranslator) errorf(format string, args ...any) error {
	return causeErrorf(ErrRegex, "pattern %q at offset %d: "+format, append([]any{t.src, t.pos}, args...)...)
}

func (t *regexTranslator) next() rune {
	r, n := utf8.DecodeRuneInString(t.src[t.pos:])
	t.pos += n
	return r
}

func (t *regexTranslator) run() error {
	for t.pos < len(t.src) {
		r := t.next()
		switch {
		case t.extended && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			// The x flag drops whitespace outside character classes.
		case r == '\\':
			if err := t.escape(false); err != nil {
				return err
			}
		case r == '.':
			if t.dotAll {
				t.out.WriteByte('.')
			} else {
				t.out.WriteString(`[^\n\r]`)
			}
		case r == '[':
			if err := t.class(); err != nil {
				return err
			}
		case r == '(':
			if strings.HasPrefix(t.src[t.pos:], "?") {
				if !strings.HasPrefix(t.src[t.pos:], "?:") {
					return t.errorf("only (?: …) groups are supported")
				}
			}
			t.out.WriteByte('(')
		default:
			t.out.WriteRune(r)
		}
	}
	return nil
}

// escape translates the escape after a backslash, inside a character class
// or not.
func (t *regexTranslator) escape(inClass bool) error {
	if t.pos >= len(t.src) {
		return t.errorf("trailing backslash")
	}
	r := t.next()
	wrap := func(class string) {
		if inClass {
			t.out.WriteString(class)
		} else {
			t.out.WriteString("[" + class + "]")
		}
	}
	switch {
	case strings.ContainsRune(singleCharEscapes, r):
		t.out.WriteByte('\\')
		t.out.WriteRune(r)
	case r == 'd':
		t.out.WriteString(`\p{Nd}`)
	case r == 'D':
		t.out.WriteString(`\P{Nd}`)
	case r == 's':
		wrap(classSpace)
	case r == 'S':
		wrap(classNotSpace)
	case r == 'w':
		wrap(classWord)
	case r == 'W':
		wrap(classNotWord)
	case r == 'i':
		wrap(classNameStart)
	case r == 'c':
		wrap(className)
	case r == 'I' || r == 'C':
		if inClass {
			return t.errorf(`\%c inside a character class is not supported`, r)
		}
		if r == 'I' {
			t.out.WriteString("[^" + classNameStart + "]")
		} else {
			t.out.WriteString("[^" + className + "]")
		}
	case r == 'p' || r == 'P':
		end := strings.IndexByte(t.src[t.pos:], '}')
		if !strings.HasPrefix(t.src[t.pos:], "{") || end < 0 {
			return t.errorf(`\%c needs {name}`, r)
		}
		name := t.src[t.pos+1 : t.pos+end]
		t.pos += end + 1
		if strings.HasPrefix(name, "Is") {
			return t.errorf("Unicode block escape \\%c{%s} is not supported", r, name)
		}
		if _, ok := unicode.Categories[name]; !ok {
			return t.errorf("unknown Unicode category %q", name)
		}
		t.out.WriteString(`\` + string(r) + "{" + name + "}")
	case r >= '1' && r <= '9':
		return t.errorf("back-reference \\%c is not supported", r)
	default:
		return t.errorf("invalid escape \\%c", r)
	}
	return nil
}

// class translates a character class expression after its '['.
func (t *regexTranslator) class() error {
	t.out.WriteByte('[')
	if strings.HasPrefix(t.src[t.pos:], "^") {
		t.pos++
		t.out.WriteByte('^')
	}
	first := true
	for t.pos < len(t.src) {
		r := t.next()
		switch {
		case r == ']' && !first:
			t.out.WriteByte(']')
			return nil
		case r == '\\':
			if err := t.escape(true); err != nil {
				return err
			}
		case r == '-' && strings.HasPrefix(t.src[t.pos:], "["):
			return t.errorf("character class subtraction is not supported")
		case r == '[':
			t.out.WriteString(`\[`) // Go would read "[:" as a POSIX class
		default:
			t.out.WriteRune(r)
		}
		first = false
	}
	return t.errorf("unterminated character class")
}

// regexArgs checks REGEX/REPLACE pattern and flag arguments.
func regexArgs(pattern, flags rdf.Term) (*regexp.Regexp, error) {
	if !isSimple(pattern) {
		return nil, typeError("regular expression pattern is not a simple literal")
	}
	f := ""
	if flags.Kind != rdf.KindNone {
		if !isSimple(flags) {
			return nil, typeError("regular expression flags are not a simple literal")
		}
		f = flags.Value
	}
	return CompileRegex(pattern.Value, f)
}

// Regex implements REGEX(text, pattern[, flags]) (fn:matches). A zero
// flags Term means no flags.
func Regex(text, pattern, flags rdf.Term) (rdf.Term, error) {
	if !isStringLiteral(text) {
		return rdf.Term{}, errNotString
	}
	re, err := regexArgs(pattern, flags)
	if err != nil {
		return rdf.Term{}, err
	}
	return Boolean(re.MatchString(text.Value)), nil
}

// Replace implements REPLACE(arg, pattern, replacement[, flags])
// (fn:replace): $N in the replacement is the Nth group ("" when it did not
// take part), \$ and \\ are literal. As in XPath 2.0 a pattern that matches
// the empty string is an error. The result keeps arg's language tag.
func Replace(arg, pattern, replacement, flags rdf.Term) (rdf.Term, error) {
	return replace(arg, pattern, replacement, flags, 0)
}

// replace is Replace with a bound on the result's length (0: none),
// checked before the result is built: a replacement that repeats a group
// can make it much longer than the input.
func replace(arg, pattern, replacement, flags rdf.Term, maxBytes int) (rdf.Term, error) {
	if !isStringLiteral(arg) {
		return rdf.Term{}, errNotString
	}
	if !isSimple(replacement) {
		return rdf.Term{}, typeError("REPLACE replacement is not a simple literal")
	}
	re, err := regexArgs(pattern, flags)
	if err != nil {
		return rdf.Term{}, err
	}
	if re.MatchString("") {
		return rdf.Term{}, causeErrorf(ErrRegex, "REPLACE pattern %q matches the empty string", pattern.Value)
	}
	parts, err := parseReplacement(replacement.Value, re.NumSubexp())
	if err != nil {
		return rdf.Term{}, err
	}
	s := arg.Value
	matches := re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return arg, nil
	}
	if maxBytes > 0 {
		n, last := 0, 0
		for _, m := range matches {
			n += m[0] - last
			for _, p := range parts {
				if p.group < 0 {
					n += len(p.text)
				} else if m[2*p.group] >= 0 {
					n += m[2*p.group+1] - m[2*p.group]
				}
			}
			last = m[1]
		}
		n += len(s) - last
		if n > maxBytes {
			return rdf.Term{}, tooLarge("REPLACE", n, maxBytes)
		}
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		b.WriteString(s[last:m[0]])
		for _, p := range parts {
			if p.group < 0 {
				b.WriteString(p.text)
			} else if m[2*p.group] >= 0 {
				b.WriteString(s[m[2*p.group]:m[2*p.group+1]])
			}
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return sameKindString(b.String(), arg), nil
}

// replacementPart is literal text (group < 0) or a group reference.
type replacementPart struct {
	text  string
	group int
}

// parseReplacement reads an fn:replace replacement string. "$12" refers to
// group 12 if there are that many groups, else to group 1 followed by "2".
func parseReplacement(s string, groups int) ([]replacementPart, error) {
	var parts []replacementPart
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, replacementPart{text: lit.String(), group: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '\\' && s[i+1] != '$') {
				return nil, causeErrorf(ErrRegex, "replacement %q: '\\' must be followed by '\\' or '$'", s)
			}
			lit.WriteByte(s[i+1])
			i++
		case '$':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 {
				return nil, causeErrorf(ErrRegex, "replacement %q: '$' must be followed by a group number", s)
			}
			// Use as many digits as make a valid group number (at least one).
			n, k := 0, i+1
			for ; k < j; k++ {
				d := n*10 + int(s[k]-'0')
				if k > i+1 && d > groups {
					break
				}
				n = d
			}
			flush()
			if n <= groups {
				parts = append(parts, replacementPart{group: n})
			}
			i = k - 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return parts, nil
}
