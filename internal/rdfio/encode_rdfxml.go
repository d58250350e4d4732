package rdfio

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// rdfxmlEncoder writes RDF/XML in the striped form every RDF/XML reader
// understands: one rdf:Description per run of quads with the same subject,
// one property element per quad, objects as rdf:resource, rdf:nodeID or
// text with xml:lang or rdf:datatype. The body is buffered so that all
// namespaces can be declared on the root element, as portals expect.
type rdfxmlEncoder struct {
	w        io.Writer
	base     string
	prefixes []Prefix          // the caller's, for choosing prefix names
	ns       map[string]string // namespace IRI -> prefix in use
	names    map[string]bool   // prefixes in use
	body     bytes.Buffer
	subj     rdf.Term
	open     bool
	gen      int
	err      error
}

func newRDFXMLEncoder(w io.Writer, prefixes []Prefix, base string) *rdfxmlEncoder {
	e := &rdfxmlEncoder{w: w, base: base, prefixes: prefixes,
		ns: map[string]string{rdf.NSRDF: "rdf"}, names: map[string]bool{"rdf": true, "xml": true}}
	return e
}

// Property element names that RDF/XML reserves: a triple with one of these
// predicates cannot be written (RDF 1.1 XML Syntax §5.1).
var rdfxmlReservedProperties = map[string]bool{
	rdfRDF: true, rdfID: true, rdfAbout: true, rdfParseType: true, rdfResource: true,
	rdfNodeID: true, rdfDatatype: true, rdfDescription: true, rdfLi: true,
	rdfAboutEach: true, rdfAboutEachPrefix: true, rdfBagID: true,
}

func (e *rdfxmlEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if err := e.encode(q); err != nil {
		e.err = fmt.Errorf("rdfio: encode RDF/XML: %w", err)
	}
	return e.err
}

func (e *rdfxmlEncoder) encode(q rdf.Quad) error {
	if err := checkQuad(q); err != nil {
		return err
	}
	if rdfxmlReservedProperties[q.P.Value] {
		return fmt.Errorf("predicate %s is reserved by RDF/XML and cannot be written as a property element", q.P)
	}
	for _, t := range [...]rdf.Term{q.S, q.P, q.O} {
		if err := checkXMLChars(t); err != nil {
			return err
		}
	}
	qn, err := e.qname(q.P.Value)
	if err != nil {
		return err
	}
	b := &e.body
	if !e.open || q.S != e.subj {
		if e.open {
			b.WriteString("  </rdf:Description>\n")
		}
		b.WriteString("  <rdf:Description ")
		e.writeNode(q.S, "rdf:about")
		b.WriteString(">\n")
		e.subj, e.open = q.S, true
	}
	b.WriteString("    <")
	b.WriteString(qn)
	switch o := q.O; o.Kind {
	case rdf.KindIRI, rdf.KindBlank:
		b.WriteByte(' ')
		e.writeNode(o, "rdf:resource")
		b.WriteString("/>\n")
		return nil
	default:
		if o.Lang != "" {
			b.WriteString(` xml:lang="`)
			writeXMLAttr(b, o.Lang)
			b.WriteByte('"')
		} else if o.Datatype != rdf.XSDString && o.Datatype != "" {
			b.WriteString(` rdf:datatype="`)
			writeXMLAttr(b, o.Datatype)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		writeXMLText(b, o.Value)
		b.WriteString("</")
		b.WriteString(qn)
		b.WriteString(">\n")
	}
	return nil
}

// writeNode writes the attribute naming node t: attr for an IRI (rdf:about
// or rdf:resource), rdf:nodeID for a blank node.
func (e *rdfxmlEncoder) writeNode(t rdf.Term, attr string) {
	b := &e.body
	if t.IsBlank() {
		b.WriteString(`rdf:nodeID="`)
		writeXMLAttr(b, outputBlankLabel(t.Value, isNCName))
	} else {
		b.WriteString(attr)
		b.WriteString(`="`)
		iri := t.Value
		if rel, ok := rdf.RelativizeIRI(e.base, iri); ok {
			iri = rel
		}
		writeXMLAttr(b, iri)
	}
	b.WriteByte('"')
}

// qname splits a predicate IRI into a namespace and an NCName local part
// and returns prefix:local, declaring the namespace if it is new.
func (e *rdfxmlEncoder) qname(iri string) (string, error) {
	// A namespace the caller named wins if the rest is an NCName.
	bestNS := ""
	for _, p := range e.prefixes {
		if len(p.Namespace) > len(bestNS) && strings.HasPrefix(iri, p.Namespace) && isNCName(iri[len(p.Namespace):]) {
			bestNS = p.Namespace
		}
	}
	if bestNS == "" {
		i := ncNameSuffixStart(iri)
		if i <= 0 || i >= len(iri) {
			return "", fmt.Errorf("predicate <%s> cannot be written in RDF/XML: it does not end in an XML name (NCName) to use as the element's local name", iri)
		}
		bestNS = iri[:i]
	}
	prefix, ok := e.ns[bestNS]
	if !ok {
		prefix = e.newPrefix(bestNS)
	}
	return prefix + ":" + iri[len(bestNS):], nil
}

// ncNameSuffixStart returns where the longest NCName suffix of s starts,
// or -1 if s does not end in one.
func ncNameSuffixStart(s string) int {
	start := -1
	for i := len(s); i > 0; {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if r == utf8.RuneError || !isNameChar(r) {
			break
		}
		i -= w
		if isNameStartChar(r) {
			start = i
		}
	}
	return start
}

func (e *rdfxmlEncoder) newPrefix(ns string) string {
	for _, p := range e.prefixes {
		if p.Namespace == ns && p.Name != "" && !e.names[p.Name] && isNCName(p.Name) &&
			!strings.HasPrefix(strings.ToLower(p.Name), "xml") {
			e.ns[ns], e.names[p.Name] = p.Name, true
			return p.Name
		}
	}
	for {
		name := "ns" + strconv.Itoa(e.gen)
		e.gen++
		if !e.names[name] {
			e.ns[ns], e.names[name] = name, true
			return name
		}
	}
}

func (e *rdfxmlEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if e.open {
		e.body.WriteString("  </rdf:Description>\n")
		e.open = false
	}
	var head bytes.Buffer
	head.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rdf:RDF")
	nss := make([]string, 0, len(e.ns))
	for ns := range e.ns {
		nss = append(nss, ns)
	}
	sort.Slice(nss, func(i, j int) bool { return e.ns[nss[i]] < e.ns[nss[j]] })
	for _, ns := range nss {
		head.WriteString("\n    xmlns:" + e.ns[ns] + `="`)
		writeXMLAttr(&head, ns)
		head.WriteByte('"')
	}
	if e.base != "" {
		head.WriteString("\n    xml:base=\"")
		writeXMLAttr(&head, e.base)
		head.WriteByte('"')
	}
	head.WriteString(">\n")
	ew := &errWriter{w: e.w}
	ew.Write(head.Bytes())
	ew.Write(e.body.Bytes())
	ew.Write([]byte("</rdf:RDF>\n"))
	if ew.err != nil {
		e.err = fmt.Errorf("rdfio: encode RDF/XML: %w", ew.err)
	}
	e.body = bytes.Buffer{}
	return e.err
}

// checkXMLChars rejects terms with characters XML 1.0 cannot carry, even as
// character references (most C0 controls, U+FFFE, U+FFFF).
func checkXMLChars(t rdf.Term) error {
	for _, s := range [...]string{t.Value, t.Datatype} {
		for _, r := range s {
			if !isXMLChar(r) {
				return fmt.Errorf("%s contains U+%04X, which XML 1.0 cannot represent", describeTerm(t), r)
			}
		}
	}
	return nil
}

func writeXMLText(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#13;") // a raw CR would be read back as LF
		default:
			b.WriteRune(r)
		}
	}
}

func writeXMLAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#9;") // raw white space in attributes is normalized to spaces
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteRune(r)
		}
	}
}
