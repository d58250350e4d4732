package funcs

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Str implements STR: the lexical form of a literal or the string of an IRI.
func Str(t rdf.Term) (rdf.Term, error) {
	switch t.Kind {
	case rdf.KindIRI, rdf.KindLiteral:
		return rdf.String(t.Value), nil
	}
	return rdf.Term{}, typeError("STR of a blank node")
}

// Lang implements LANG: a literal's language tag, or "" when it has none.
func Lang(t rdf.Term) (rdf.Term, error) {
	if t.Kind != rdf.KindLiteral {
		return rdf.Term{}, errNotLiteral
	}
	return rdf.String(t.Lang), nil
}

// Datatype implements DATATYPE: xsd:string for simple literals and
// rdf:langString for language-tagged ones (SPARQL 1.1 with RDF 1.1).
func Datatype(t rdf.Term) (rdf.Term, error) {
	if t.Kind != rdf.KindLiteral {
		return rdf.Term{}, errNotLiteral
	}
	if t.Datatype == "" {
		return rdf.IRI(rdf.XSDString), nil
	}
	return rdf.IRI(t.Datatype), nil
}

// IRIOf implements IRI/URI: an IRI is returned as it is, a simple literal
// or xsd:string is resolved against ctx.Base and must give an absolute IRI.
func IRIOf(ctx *Context, t rdf.Term) (rdf.Term, error) {
	if t.Kind == rdf.KindIRI {
		return t, nil
	}
	if !isSimple(t) {
		return rdf.Term{}, typeError("IRI() takes an IRI or a simple literal")
	}
	s := t.Value
	if ctx != nil && ctx.Base != "" {
		s = rdf.ResolveIRI(ctx.Base, s)
	}
	if !rdf.ValidIRI(s) {
		return rdf.Term{}, typeErrorf("IRI(%q) is not an absolute IRI", s)
	}
	return rdf.IRI(s), nil
}

func bnode(ctx *Context, scope *SolutionScope, args []rdf.Term) (rdf.Term, error) {
	if len(args) == 0 {
		return ctx.FreshBlank(), nil
	}
	if !isSimple(args[0]) {
		return rdf.Term{}, errNotSimple
	}
	if scope == nil {
		return ctx.FreshBlank(), nil
	}
	return scope.blank(ctx, args[0].Value), nil
}

// BNode implements BNODE() (no label) and BNODE(str): within one solution
// scope the same string gives the same blank node, a distinct one from any
// other solution's. A nil scope gives a fresh node on every call.
func BNode(ctx *Context, scope *SolutionScope, label ...rdf.Term) (rdf.Term, error) {
	if len(label) > 1 {
		return rdf.Term{}, causeErrorf(ErrArity, "BNODE takes 0 or 1 argument, got %d", len(label))
	}
	return bnode(ctx, scope, label)
}

// StrDT implements STRDT(lexical, datatype IRI).
func StrDT(lex, dt rdf.Term) (rdf.Term, error) {
	if !isSimple(lex) {
		return rdf.Term{}, errNotSimple
	}
	if dt.Kind != rdf.KindIRI {
		return rdf.Term{}, typeError("STRDT: datatype is not an IRI")
	}
	if dt.Value == rdf.RDFLangString {
		return rdf.Term{}, typeError("STRDT: rdf:langString needs a language tag (use STRLANG)")
	}
	return rdf.Literal(lex.Value, dt.Value), nil
}

// StrLang implements STRLANG(lexical, language tag).
func StrLang(lex, lang rdf.Term) (rdf.Term, error) {
	if !isSimple(lex) || !isSimple(lang) {
		return rdf.Term{}, errNotSimple
	}
	if !validLangTag(lang.Value) {
		return rdf.Term{}, typeErrorf("STRLANG: %q is not a language tag", lang.Value)
	}
	return rdf.LangString(lex.Value, lang.Value), nil
}

// validLangTag checks BCP 47 well-formedness loosely, as Turtle's LANGTAG
// does: letters, then hyphen-separated alphanumeric subtags of 1–8.
func validLangTag(s string) bool {
	n, first := 0, true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' {
			if n == 0 || n > 8 {
				return false
			}
			n, first = 0, false
			continue
		}
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alpha && (first || c < '0' || c > '9') {
			return false
		}
		n++
	}
	return true
}

// newUUID returns a random (version 4) UUID in its 36-character form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// UUID implements UUID(): a fresh urn:uuid: IRI.
func UUID() rdf.Term { return rdf.IRI("urn:uuid:" + newUUID()) }

// StrUUID implements STRUUID(): a fresh UUID as a simple literal.
func StrUUID() rdf.Term { return rdf.String(newUUID()) }
