// Package rdf is Skillsmap's RDF data model: terms, triples and quads as small
// comparable values, plus the namespaces the project uses everywhere.
//
// The parsers of github.com/knakk/rdf (see package rdfio) produce knakk terms;
// they are converted to these values at the boundary because knakk's Literal
// caches a parsed value (two equal literals may compare unequal with ==), its
// language-tag check rejects valid BCP 47 tags such as "de-DE-1996", and its
// blank-node labels are not scoped to a document. A comparable Term can be a
// map key, which the store, the SPARQL engine and the harvester rely on.
package rdf

import (
	"fmt"
	"strings"
)

// Kind says what sort of RDF term a Term is.
type Kind uint8

// Term kinds. The zero Kind marks the zero Term, which stands for "no term":
// an unbound variable, a wildcard in a pattern, or the default graph.
const (
	KindNone Kind = iota
	KindIRI
	KindBlank
	KindLiteral
)

func (k Kind) String() string {
	switch k {
	case KindIRI:
		return "IRI"
	case KindBlank:
		return "blank node"
	case KindLiteral:
		return "literal"
	}
	return "none"
}

// Term is an RDF term: an IRI, a blank node or a literal.
//
// Literals are kept in a normal form so that == is RDF term equality: a
// simple literal has Datatype XSDString, a language-tagged literal has
// Datatype RDFLangString and a lower-case Lang.
type Term struct {
	Kind     Kind
	Value    string // the IRI, the blank node label, or the literal's lexical form
	Datatype string // literals only
	Lang     string // language-tagged literals only, lower case
}

// IRI returns the IRI term for s. It does not validate s; see ValidIRI.
func IRI(s string) Term { return Term{Kind: KindIRI, Value: s} }

// Blank returns the blank node with the given label (without "_:").
func Blank(label string) Term { return Term{Kind: KindBlank, Value: label} }

// String returns the simple literal (xsd:string) with lexical form s.
func String(s string) Term { return Term{Kind: KindLiteral, Value: s, Datatype: XSDString} }

// LangString returns a language-tagged literal. An empty lang gives a simple literal.
func LangString(s, lang string) Term {
	if lang == "" {
		return String(s)
	}
	return Term{Kind: KindLiteral, Value: s, Datatype: RDFLangString, Lang: strings.ToLower(lang)}
}

// Literal returns a literal with the given datatype IRI. An empty datatype
// means xsd:string.
func Literal(lexical, datatype string) Term {
	if datatype == "" {
		datatype = XSDString
	}
	return Term{Kind: KindLiteral, Value: lexical, Datatype: datatype}
}

// IsZero reports whether t is the zero Term (no term).
func (t Term) IsZero() bool { return t.Kind == KindNone }

// IsIRI reports whether t is an IRI.
func (t Term) IsIRI() bool { return t.Kind == KindIRI }

// IsBlank reports whether t is a blank node.
func (t Term) IsBlank() bool { return t.Kind == KindBlank }

// IsLiteral reports whether t is a literal.
func (t Term) IsLiteral() bool { return t.Kind == KindLiteral }

// String returns t in N-Triples syntax; the zero Term gives "".
func (t Term) String() string {
	switch t.Kind {
	case KindIRI:
		return "<" + EscapeIRI(t.Value) + ">"
	case KindBlank:
		return "_:" + t.Value
	case KindLiteral:
		q := `"` + EscapeString(t.Value) + `"`
		switch {
		case t.Lang != "":
			return q + "@" + t.Lang
		case t.Datatype == XSDString || t.Datatype == "":
			return q
		default:
			return q + "^^<" + EscapeIRI(t.Datatype) + ">"
		}
	}
	return ""
}

// GoString makes %#v print terms readably in test failures.
func (t Term) GoString() string { return fmt.Sprintf("rdf.Term(%s)", t.String()) }

// Compare orders terms: zero < blank nodes < IRIs < literals, then by value,
// datatype and language. It is a total order usable for sorting and
// canonical output, not SPARQL's ORDER BY (which package sparql defines).
func Compare(a, b Term) int {
	if a.Kind != b.Kind {
		return int(kindRank[a.Kind]) - int(kindRank[b.Kind])
	}
	if c := strings.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	if c := strings.Compare(a.Datatype, b.Datatype); c != 0 {
		return c
	}
	return strings.Compare(a.Lang, b.Lang)
}

var kindRank = [...]uint8{KindNone: 0, KindBlank: 1, KindIRI: 2, KindLiteral: 3}

// EscapeString escapes a literal's lexical form for N-Triples, Turtle and SPARQL.
func EscapeString(s string) string {
	if !strings.ContainsAny(s, "\"\\\n\r\t\b\f") && !hasControl(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// EscapeIRI escapes the characters that N-Triples forbids inside <...>.
func EscapeIRI(s string) string {
	if !strings.ContainsAny(s, "<>\"{}|^`\\ ") && !hasControl(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			fmt.Fprintf(&b, `\u%04X`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
