package microdata

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/htmlnode"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// urlAttribute names the attribute that holds the value of each URL
// property element.
var urlAttribute = map[string]string{
	"a": "href", "area": "href", "link": "href",
	"audio": "src", "embed": "src", "iframe": "src", "img": "src", "source": "src", "track": "src", "video": "src",
	"object": "data",
}

// value is the Note's "property value" of a property element el of an
// item whose type is currentType.
func (c *converter) value(el *html.Node, currentType string, depth int) rdf.Term {
	if htmlnode.HasAttr(el, "itemscope") {
		return c.generate(el, currentType, depth+1)
	}
	if v, ok := htmlnode.Attr(el, "content"); ok {
		return rdf.LangString(v, language(el))
	}
	if a, ok := urlAttribute[el.Data]; ok && el.Namespace == "" {
		v, _ := htmlnode.Attr(el, a)
		return c.urlValue(v)
	}
	switch el.Data {
	case "data", "meter":
		if v, ok := htmlnode.Attr(el, "value"); ok {
			return numberLiteral(v)
		}
	case "time":
		v, ok := htmlnode.Attr(el, "datetime")
		if !ok {
			v = htmlnode.TextContent(el)
		}
		if dt := rdf.TemporalDatatype(v); dt != "" {
			return rdf.Literal(v, dt)
		}
		return rdf.LangString(v, language(el))
	}
	return rdf.LangString(htmlnode.TextContent(el), language(el))
}

// urlValue resolves a URL attribute's value against the document base as
// HTML's URL parser does: surrounding spaces and controls are stripped,
// tabs and newlines inside removed, and characters an IRI cannot hold
// percent-encoded. A value that does not resolve to an absolute IRI (no
// document URL) stays a literal.
func (c *converter) urlValue(v string) rdf.Term {
	iri := resolveURL(c.base, v)
	if !rdf.IsAbsoluteIRI(iri) {
		return rdf.String(strings.TrimSpace(v))
	}
	return rdf.IRI(iri)
}

// resolveURL resolves ref against base after the clean-up HTML's URL
// parser makes.
func resolveURL(base, ref string) string {
	ref = strings.TrimFunc(ref, func(r rune) bool { return r <= 0x20 })
	ref = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(ref)
	return percentEncodeForbidden(rdf.ResolveIRI(base, ref))
}

// percentEncodeForbidden percent-encodes the ASCII characters an IRI may
// not contain (controls, space, <>"{}|\^`), as a URL serialiser does.
func percentEncodeForbidden(s string) string {
	return percentEncode(s, func(ch byte) bool { return ch <= 0x20 || ch == 0x7f || strings.IndexByte("<>\"{}|\\^`", ch) >= 0 })
}

// percentEncode percent-encodes the bytes of s for which encode is true;
// bytes that are not UTF-8 become U+FFFD, as an HTML parser makes them.
func percentEncode(s string, encode func(byte) bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if ch := s[i]; encode(ch) {
			fmt.Fprintf(&b, "%%%02X", ch)
		} else {
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// language is the language of el: its own or its nearest ancestor's lang
// (or xml:lang) attribute; "" when unknown or empty.
func language(el *html.Node) string {
	for n := el; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if v, ok := htmlnode.Attr(n, "lang"); ok {
			return strings.TrimSpace(v)
		}
		if v, ok := htmlnode.Attr(n, "xml:lang"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Lexical forms of the numbers a data or meter element may give.
var (
	reInteger = regexp.MustCompile(`^-?[0-9]+$`)
	reDouble  = regexp.MustCompile(`^-?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][-+]?[0-9]+)?$`)
)

// numberLiteral types a data or meter value: xsd:integer, xsd:double, or
// a simple literal.
func numberLiteral(v string) rdf.Term {
	switch {
	case reInteger.MatchString(v):
		return rdf.Literal(v, rdf.XSDInteger)
	case reDouble.MatchString(v):
		return rdf.Literal(v, rdf.XSDDouble)
	}
	return rdf.String(v)
}
