package rdf

import (
	"strings"
	"unicode/utf8"
)

// IRI references are resolved and relativised on strings, following RFC 3986
// §5.2 exactly, so that IRIs keep their non-ASCII characters (net/url would
// percent-encode them). The Turtle, RDF/XML and JSON-LD readers, the SPARQL
// parser and the SPARQL IRI() function all resolve through ResolveIRI.

// iriParts is an IRI reference split into the five components of RFC 3986
// §3. The has* flags tell an absent component from an empty one ("http://h?"
// has an empty query, "http://h" none), which resolution must preserve.
type iriParts struct {
	scheme, authority, path, query, fragment   string
	hasScheme, hasAuthority, hasQuery, hasFrag bool
}

// schemeLen returns the length of the scheme of s (without the ':'), or 0 when
// s does not start with scheme ":" (RFC 3986 §3.1).
func schemeLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return 0
		}
	}
	return 0
}

// IsAbsoluteIRI reports whether s starts with a scheme (RFC 3986 §3.1).
func IsAbsoluteIRI(s string) bool { return schemeLen(s) > 0 }

func splitIRI(s string) iriParts {
	var p iriParts
	if n := schemeLen(s); n > 0 {
		p.scheme, p.hasScheme = s[:n], true
		s = s[n+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.fragment, p.hasFrag = s[i+1:], true
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.query, p.hasQuery = s[i+1:], true
		s = s[:i]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		p.authority, p.hasAuthority = s[:i], true
		s = s[i:]
	}
	p.path = s
	return p
}

func (p iriParts) String() string {
	var b strings.Builder
	if p.hasScheme {
		b.WriteString(p.scheme)
		b.WriteByte(':')
	}
	if p.hasAuthority {
		b.WriteString("//")
		b.WriteString(p.authority)
	}
	b.WriteString(p.path)
	if p.hasQuery {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	if p.hasFrag {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

// ResolveIRI resolves the IRI reference ref against the absolute base IRI
// (RFC 3986 §5.2, strict: a reference with a scheme is used as it is, apart
// from removing dot segments). When base is empty, ref is returned unchanged.
func ResolveIRI(base, ref string) string {
	if base == "" {
		return ref
	}
	r := splitIRI(ref)
	if r.hasScheme {
		r.path = removeDotSegments(r.path)
		return r.String()
	}
	b := splitIRI(base)
	var t iriParts
	t.scheme, t.hasScheme = b.scheme, b.hasScheme
	t.fragment, t.hasFrag = r.fragment, r.hasFrag
	switch {
	case r.hasAuthority:
		t.authority, t.hasAuthority = r.authority, true
		t.path = removeDotSegments(r.path)
		t.query, t.hasQuery = r.query, r.hasQuery
	case r.path == "":
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		t.path = b.path
		if r.hasQuery {
			t.query, t.hasQuery = r.query, true
		} else {
			t.query, t.hasQuery = b.query, b.hasQuery
		}
	default:
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		if r.path[0] == '/' {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(mergePaths(b, r.path))
		}
		t.query, t.hasQuery = r.query, r.hasQuery
	}
	return t.String()
}

// mergePaths implements RFC 3986 §5.2.3.
func mergePaths(base iriParts, ref string) string {
	if base.hasAuthority && base.path == "" {
		return "/" + ref
	}
	if i := strings.LastIndexByte(base.path, '/'); i >= 0 {
		return base.path[:i+1] + ref
	}
	return ref
}

// removeDotSegments implements RFC 3986 §5.2.4.
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	var out []string // output segments, each with its leading '/' if any
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			start := 0
			if in[0] == '/' {
				start = 1
			}
			end := strings.IndexByte(in[start:], '/')
			if end < 0 {
				end = len(in)
			} else {
				end += start
			}
			out = append(out, in[:end])
			in = in[end:]
		}
	}
	return strings.Join(out, "")
}

// RelativizeIRI returns a reference that resolves against base to iri, and
// false when iri is better written in full. It only produces references that
// stay below base (the base itself, fragments, query changes, sub-paths), and
// checks each candidate by resolving it back.
func RelativizeIRI(base, iri string) (string, bool) {
	if base == "" || !strings.HasPrefix(iri, base) {
		return "", false
	}
	rel := iri[len(base):]
	// A leading segment that looks like a scheme would be read as one.
	if schemeLen(rel) > 0 || strings.HasPrefix(rel, "//") {
		return "", false
	}
	if ResolveIRI(base, rel) != iri {
		return "", false
	}
	return rel, true
}

// iriForbidden marks the bytes an IRI may not contain (controls,
// space and <>"{}|^`\); all of them are ASCII, so a byte scan is
// exact for UTF-8 text.
var iriForbidden = func() (t [256]bool) {
	for c := 0; c <= 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte("<>\"{}|^`\\") {
		t[c] = true
	}
	return t
}()

// ValidIRI reports whether s is an absolute IRI that N-Triples can carry:
// a scheme followed by ':', valid UTF-8, and none of the characters IRIs
// forbid (controls, space, <>"{}|^`\\). Serialisers call it for every IRI
// they write, so it is one pass over the bytes.
func ValidIRI(s string) bool {
	if schemeLen(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if iriForbidden[s[i]] {
			return false
		}
	}
	return utf8.ValidString(s)
}
