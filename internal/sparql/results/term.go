package results

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// ParseTerm reads one RDF term in the Turtle syntax TSV uses: <iri>,
// _:label, a quoted literal ("…", '…', or their triple-quoted forms) with
// an optional @lang or ^^<datatype>, a Turtle number, or true/false. The
// empty string is the zero Term (unbound).
func ParseTerm(s string) (rdf.Term, error) {
	switch {
	case s == "":
		return rdf.Term{}, nil
	case s[0] == '<':
		if !strings.HasSuffix(s, ">") || len(s) < 2 {
			return rdf.Term{}, fmt.Errorf("unterminated IRI %q", s)
		}
		v, err := unescapeTurtle(s[1:len(s)-1], false)
		if err != nil {
			return rdf.Term{}, fmt.Errorf("IRI %q: %w", s, err)
		}
		return rdf.IRI(v), nil
	case strings.HasPrefix(s, "_:"):
		if len(s) == 2 || strings.ContainsAny(s, " \t<>\"") {
			return rdf.Term{}, fmt.Errorf("bad blank node %q", s)
		}
		return rdf.Blank(s[2:]), nil
	case s[0] == '"' || s[0] == '\'':
		return parseQuotedLiteral(s)
	case s == "true" || s == "false":
		return rdf.Literal(s, rdf.XSDBoolean), nil
	}
	if dt := turtleNumberType(s); dt != "" {
		return rdf.Literal(s, dt), nil
	}
	return rdf.Term{}, fmt.Errorf("not an RDF term: %q", s)
}

func parseQuotedLiteral(s string) (rdf.Term, error) {
	q := s[:1]
	if strings.HasPrefix(s, q+q+q) {
		q = q + q + q
	}
	body := s[len(q):]
	// Find the closing quote, skipping escaped characters.
	end := -1
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(body[i:], q) {
			end = i
			break
		}
	}
	if end < 0 {
		return rdf.Term{}, fmt.Errorf("unterminated literal %q", s)
	}
	lex, err := unescapeTurtle(body[:end], true)
	if err != nil {
		return rdf.Term{}, fmt.Errorf("literal %q: %w", s, err)
	}
	rest := body[end+len(q):]
	switch {
	case rest == "":
		return rdf.String(lex), nil
	case strings.HasPrefix(rest, "@") && len(rest) > 1:
		return rdf.LangString(lex, rest[1:]), nil
	case strings.HasPrefix(rest, "^^<") && strings.HasSuffix(rest, ">"):
		dt, err := unescapeTurtle(rest[3:len(rest)-1], false)
		if err != nil {
			return rdf.Term{}, fmt.Errorf("datatype of %q: %w", s, err)
		}
		return rdf.Literal(lex, dt), nil
	}
	return rdf.Term{}, fmt.Errorf("unexpected %q after literal", rest)
}

var errBadEscape = errors.New("bad escape sequence")

// unescapeTurtle resolves \uXXXX and \UXXXXXXXX, and in strings also the
// single-character escapes (\t \b \n \r \f \" \' \\).
func unescapeTurtle(s string, inString bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("invalid UTF-8")
	}
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", errBadEscape
		}
		i++
		switch e := s[i]; e {
		case 'u', 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", errBadEscape
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				return "", errBadEscape
			}
			b.WriteRune(rune(v))
			i += n
		default:
			if !inString {
				return "", errBadEscape
			}
			k := strings.IndexByte(`tbnrf"'\`, e)
			if k < 0 {
				return "", errBadEscape
			}
			b.WriteByte("\t\b\n\r\f\"'\\"[k])
		}
	}
	return b.String(), nil
}
