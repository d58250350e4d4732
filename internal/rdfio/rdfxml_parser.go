package rdfio

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The RDF/XML parser follows the grammar of RDF 1.1 XML Syntax §7 as a
// recursive descent over the raw tokens of encoding/xml: namespaces, xml:base
// and xml:lang scoping are ours, because an XML literal (parseType="Literal")
// must be written out in exclusive canonical form, which needs the prefixes
// exactly as the document declared them.

const (
	nsXML = "http://www.w3.org/XML/1998/namespace"

	rdfRDF             = rdf.NSRDF + "RDF"
	rdfDescription     = rdf.NSRDF + "Description"
	rdfID              = rdf.NSRDF + "ID"
	rdfAbout           = rdf.NSRDF + "about"
	rdfParseType       = rdf.NSRDF + "parseType"
	rdfResource        = rdf.NSRDF + "resource"
	rdfNodeID          = rdf.NSRDF + "nodeID"
	rdfDatatype        = rdf.NSRDF + "datatype"
	rdfLi              = rdf.NSRDF + "li"
	rdfAboutEach       = rdf.NSRDF + "aboutEach"
	rdfAboutEachPrefix = rdf.NSRDF + "aboutEachPrefix"
	rdfBagID           = rdf.NSRDF + "bagID"
	rdfStatement       = rdf.NSRDF + "Statement"
	rdfSubject         = rdf.NSRDF + "subject"
	rdfPredicate       = rdf.NSRDF + "predicate"
	rdfObject          = rdf.NSRDF + "object"
)

// Names that RDF/XML reserves (RDF 1.1 XML Syntax §5.1).
func isCoreSyntaxTerm(u string) bool {
	switch u {
	case rdfRDF, rdfID, rdfAbout, rdfParseType, rdfResource, rdfNodeID, rdfDatatype:
		return true
	}
	return false
}

func isOldTerm(u string) bool {
	return u == rdfAboutEach || u == rdfAboutEachPrefix || u == rdfBagID
}

// nsBinding is one namespace declaration in a chain of scopes.
type nsBinding struct {
	prefix, uri string
	next        *nsBinding
}

func (b *nsBinding) lookup(prefix string) (string, bool) {
	for ; b != nil; b = b.next {
		if b.prefix == prefix {
			return b.uri, true
		}
	}
	return "", false
}

var rootBindings = &nsBinding{prefix: "xml", uri: nsXML}

// xmlElem is a start tag with its namespaces, base and language resolved.
type xmlElem struct {
	name  string    // qualified name as written, to match the end tag
	uri   string    // namespace name + local name
	attrs []xmlAttr // RDF-relevant attributes (xmlns and xml:* removed)
	base  string    // in-scope base IRI
	lang  string    // in-scope xml:lang
	ns    *nsBinding
	pos   position
}

type xmlAttr struct {
	uri, value string
}

// attr removes and returns the attribute named uri.
func (e *xmlElem) attr(uri string) (string, bool) {
	for i, a := range e.attrs {
		if a.uri == uri {
			e.attrs = append(e.attrs[:i], e.attrs[i+1:]...)
			return a.value, true
		}
	}
	return "", false
}

type rdfxmlParser struct {
	d      *xml.Decoder
	rec    *recordingReader
	blanks *rdf.BlankScope
	emit   func(rdf.Quad) error
	ids    map[string]bool // rdf:ID IRIs used so far: each may be used once
	depth  int
	next   position // where the next token starts
}

func parseRDFXML(r io.Reader, base string, blanks *rdf.BlankScope, emit func(rdf.Quad) error) (err error) {
	// encoding/xml reports a failing reader as malformed XML: remember the
	// reader's own error so that it, not its consequence, is reported.
	rec := &recordingReader{r: r}
	d := xml.NewDecoder(rec)
	d.CharsetReader = charset.NewReaderLabel
	d.Entity = map[string]string{}
	p := &rdfxmlParser{d: d, rec: rec, blanks: blanks, emit: emit, ids: map[string]bool{}}
	defer func() {
		if x := recover(); x != nil {
			b, ok := x.(bailout)
			if !ok {
				err = fmt.Errorf("RDF/XML parser: internal error: %v", x)
				return
			}
			err = b.err
		}
	}()
	p.document(base)
	return nil
}

func (p *rdfxmlParser) fail(pos position, format string, args ...any) {
	panic(bailout{&SyntaxError{Format: RDFXML, Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf(format, args...)}})
}

// token returns the next raw token, failing on malformed XML.
func (p *rdfxmlParser) token() xml.Token {
	line, col := p.d.InputPos()
	p.next = position{line, col}
	tok, err := p.d.RawToken()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		if p.rec.err != nil {
			panic(bailout{p.rec.err})
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			p.fail(position{se.Line, 0}, "malformed XML: %s", se.Msg)
		}
		p.fail(p.next, "malformed XML: %v", err)
	}
	return tok
}

func (p *rdfxmlParser) emitTriple(s, pr, o rdf.Term) {
	if err := p.emit(rdf.Quad{S: s, P: pr, O: o}); err != nil {
		panic(bailout{err})
	}
}

func (p *rdfxmlParser) enter(pos position) {
	if p.depth++; p.depth > MaxNesting {
		panic(bailout{&SyntaxError{Format: RDFXML, Line: pos.Line, Column: pos.Column,
			Msg: fmt.Sprintf("elements nested more than %d deep", MaxNesting), Err: ErrTooDeep}})
	}
}

func (p *rdfxmlParser) document(base string) {
	var root *xmlElem
	for root == nil {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "no root element")
		case xml.StartElement:
			root = p.open(tok, &xmlElem{base: base, ns: rootBindings})
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "text before the root element")
			}
		case xml.Directive:
			p.declareEntities(tok)
		}
	}
	if root.uri == rdfRDF {
		// Attributes on rdf:RDF (xsi:schemaLocation, say) carry no RDF: the
		// grammar has none, and ignoring them keeps such catalogues readable.
		p.nodeElementList(root)
	} else {
		p.nodeElement(root)
	}
	for {
		switch tok := p.token().(type) {
		case nil:
			return
		case xml.StartElement:
			p.fail(p.next, "more than one root element")
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "text after the root element")
			}
		}
	}
}

// recordingReader remembers the first error of r other than io.EOF.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

var entityDecl = regexp.MustCompile(`<!ENTITY\s+([^\s%"']+)\s+(?:"([^"]*)"|'([^']*)')\s*>`)

// declareEntities makes the general entities of an internal DTD subset
// (common in OWL files: <!ENTITY owl "http://...#">) known to the decoder.
// Replacement texts are used as they are, never expanded again, so entity
// bombs cannot multiply.
func (p *rdfxmlParser) declareEntities(dir xml.Directive) {
	if !strings.HasPrefix(string(dir), "DOCTYPE") {
		return
	}
	for _, m := range entityDecl.FindAllSubmatch(dir, 1000) {
		v := string(m[2])
		if len(m[3]) > 0 {
			v = string(m[3])
		}
		p.d.Entity[string(m[1])] = v
	}
}

func isXMLSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// open resolves a start tag in the scope of its parent.
func (p *rdfxmlParser) open(tok xml.StartElement, parent *xmlElem) *xmlElem {
	pos := p.next
	e := &xmlElem{name: qname(tok.Name), base: parent.base, lang: parent.lang, ns: parent.ns, pos: pos}
	for _, a := range tok.Attr {
		switch {
		case a.Name.Space == "xmlns":
			if a.Name.Local == "xml" || a.Name.Local == "xmlns" {
				continue
			}
			if a.Value == "" {
				p.fail(pos, "namespace prefix %q declared with an empty name", a.Name.Local)
			}
			e.ns = &nsBinding{a.Name.Local, a.Value, e.ns}
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			e.ns = &nsBinding{"", a.Value, e.ns}
		}
	}
	for _, a := range tok.Attr {
		switch {
		case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns":
			continue
		case a.Name.Space == "xml":
			switch a.Name.Local {
			case "base":
				b := a.Value
				if i := strings.IndexByte(b, '#'); i >= 0 {
					b = b[:i]
				}
				e.base = p.resolve(pos, e.base, b)
			case "lang":
				e.lang = a.Value
			}
			continue // other xml:* attributes are ignored
		case a.Name.Space == "":
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "xml") {
				continue // names reserved by XML are ignored
			}
			switch a.Name.Local {
			case "ID", "about", "resource", "parseType", "type":
				// Unqualified forms of RDF/XML 1.0 (RDF 1.1 XML Syntax §6.1.4).
				e.attrs = append(e.attrs, xmlAttr{rdf.NSRDF + a.Name.Local, a.Value})
			default:
				p.fail(pos, "attribute %q has no namespace", a.Name.Local)
			}
			continue
		}
		ns, ok := e.ns.lookup(a.Name.Space)
		if !ok {
			p.fail(pos, "undeclared namespace prefix %q on attribute %s:%s", a.Name.Space, a.Name.Space, a.Name.Local)
		}
		e.attrs = append(e.attrs, xmlAttr{p.checkIRI(pos, ns+a.Name.Local, "attribute "+qname(a.Name)), a.Value})
	}
	ns, ok := e.ns.lookup(tok.Name.Space)
	switch {
	case !ok && tok.Name.Space != "":
		p.fail(pos, "undeclared namespace prefix %q on element %s:%s", tok.Name.Space, tok.Name.Space, tok.Name.Local)
	case ns == "":
		p.fail(pos, "element <%s> has no namespace, so it names no IRI", tok.Name.Local)
	}
	e.uri = p.checkIRI(pos, ns+tok.Name.Local, "element <"+e.name+">")
	return e
}

// checkIRI fails unless iri, which what names, is an absolute IRI that RDF
// can carry.
func (p *rdfxmlParser) checkIRI(pos position, iri, what string) string {
	if !rdf.ValidIRI(iri) {
		p.fail(pos, "%s gives %q, which is not an absolute IRI", what, iri)
	}
	return iri
}

// resolve resolves an IRI reference against the in-scope base.
func (p *rdfxmlParser) resolve(pos position, base, ref string) string {
	if rdf.IsAbsoluteIRI(ref) {
		return p.checkIRI(pos, ref, "IRI reference")
	}
	if base == "" {
		p.fail(pos, "relative IRI %q but there is no base IRI to resolve it against (set ParseOptions.Base or xml:base)", ref)
	}
	return p.checkIRI(pos, rdf.ResolveIRI(base, ref), fmt.Sprintf("IRI reference %q", ref))
}

// idIRI turns an rdf:ID into an IRI, checking that it is an NCName used once.
func (p *rdfxmlParser) idIRI(e *xmlElem, id string) rdf.Term {
	if !isNCName(id) {
		p.fail(e.pos, "rdf:ID %q is not an XML NCName", id)
	}
	iri := p.resolve(e.pos, e.base, "#"+id)
	if p.ids[iri] {
		p.fail(e.pos, "rdf:ID %q is used twice (it names %s)", id, iri)
	}
	p.ids[iri] = true
	return rdf.IRI(iri)
}

func (p *rdfxmlParser) nodeID(e *xmlElem, id string) rdf.Term {
	if !isNCName(id) {
		p.fail(e.pos, "rdf:nodeID %q is not an XML NCName", id)
	}
	return p.blanks.Label(id)
}

func (p *rdfxmlParser) literal(e *xmlElem, value string) rdf.Term {
	if e.lang != "" {
		return rdf.LangString(value, e.lang)
	}
	return rdf.String(value)
}

func (p *rdfxmlParser) nodeElementList(parent *xmlElem) {
	for {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside rdf:RDF")
		case xml.StartElement:
			p.nodeElement(p.open(tok, parent))
		case xml.EndElement:
			p.end(tok, parent)
			return
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "text is not allowed between node elements")
			}
		}
	}
}

// nodeElement parses a node element whose start tag was read and returns
// its subject.
func (p *rdfxmlParser) nodeElement(e *xmlElem) rdf.Term {
	p.enter(e.pos)
	defer func() { p.depth-- }()
	if isCoreSyntaxTerm(e.uri) || e.uri == rdfLi || isOldTerm(e.uri) {
		p.fail(e.pos, "<%s> cannot be used as a node element", shortName(e.uri))
	}
	var subj rdf.Term
	id, hasID := e.attr(rdfID)
	nodeID, hasNodeID := e.attr(rdfNodeID)
	about, hasAbout := e.attr(rdfAbout)
	switch n := btoi(hasID) + btoi(hasNodeID) + btoi(hasAbout); {
	case n > 1:
		p.fail(e.pos, "a node element may have only one of rdf:ID, rdf:nodeID and rdf:about")
	case hasID:
		subj = p.idIRI(e, id)
	case hasNodeID:
		subj = p.nodeID(e, nodeID)
	case hasAbout:
		subj = rdf.IRI(p.resolve(e.pos, e.base, about))
	default:
		subj = p.blanks.Fresh()
	}
	if e.uri != rdfDescription {
		p.emitTriple(subj, rdf.Type, rdf.IRI(e.uri))
	}
	for _, a := range e.attrs {
		switch {
		case a.uri == rdf.RDFType:
			p.emitTriple(subj, rdf.Type, rdf.IRI(p.resolve(e.pos, e.base, a.value)))
		case isCoreSyntaxTerm(a.uri) || a.uri == rdfLi || a.uri == rdfDescription || isOldTerm(a.uri):
			p.fail(e.pos, "attribute %s is not allowed on a node element", shortName(a.uri))
		default:
			p.emitTriple(subj, rdf.IRI(a.uri), p.literal(e, a.value))
		}
	}
	p.propertyEltList(subj, e)
	return subj
}

// end checks that an end tag closes e: RawToken does not match tags.
func (p *rdfxmlParser) end(tok xml.EndElement, e *xmlElem) {
	if n := qname(tok.Name); n != e.name {
		p.fail(p.next, "</%s> does not close <%s> (opened at line %d:%d)", n, e.name, e.pos.Line, e.pos.Column)
	}
}

// shortName abbreviates RDF vocabulary IRIs in error messages.
func shortName(u string) string {
	if strings.HasPrefix(u, rdf.NSRDF) {
		return "rdf:" + u[len(rdf.NSRDF):]
	}
	return u
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *rdfxmlParser) propertyEltList(subj rdf.Term, parent *xmlElem) {
	li := 0
	for {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside an element")
		case xml.StartElement:
			p.propertyElt(subj, p.open(tok, parent), &li)
		case xml.EndElement:
			p.end(tok, parent)
			return
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "text is not allowed in a node element (only property elements)")
			}
		}
	}
}

func (p *rdfxmlParser) propertyElt(subj rdf.Term, e *xmlElem, li *int) {
	p.enter(e.pos)
	defer func() { p.depth-- }()
	pred := e.uri
	if pred == rdfLi {
		*li++
		pred = rdf.NSRDF + "_" + strconv.Itoa(*li)
	}
	if isCoreSyntaxTerm(pred) || pred == rdfDescription || isOldTerm(pred) {
		p.fail(e.pos, "<%s> cannot be used as a property element", shortName(pred))
	}
	predTerm := rdf.IRI(pred)
	var reify rdf.Term
	if id, ok := e.attr(rdfID); ok {
		reify = p.idIRI(e, id)
	}
	emit := func(o rdf.Term) {
		p.emitTriple(subj, predTerm, o)
		if !reify.IsZero() {
			p.emitTriple(reify, rdf.Type, rdf.IRI(rdfStatement))
			p.emitTriple(reify, rdf.IRI(rdfSubject), subj)
			p.emitTriple(reify, rdf.IRI(rdfPredicate), predTerm)
			p.emitTriple(reify, rdf.IRI(rdfObject), o)
		}
	}
	if pt, ok := e.attr(rdfParseType); ok {
		if len(e.attrs) > 0 {
			p.fail(e.pos, "attribute %s is not allowed with rdf:parseType", shortName(e.attrs[0].uri))
		}
		switch pt {
		case "Resource":
			n := p.blanks.Fresh()
			emit(n)
			p.propertyEltList(n, e)
		case "Collection":
			emit(p.collection(e))
		default: // "Literal" and, by the specification, any other value
			emit(rdf.Literal(p.xmlLiteral(e), rdf.RDFXMLLiteral))
		}
		return
	}
	// Read the content to tell a literal, a nested node and an empty element.
	var text strings.Builder
	for {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside <%s>", e.uri)
		case xml.CharData:
			text.Write(tok)
		case xml.StartElement:
			if !isXMLSpace([]byte(text.String())) {
				p.fail(p.next, "a property element cannot hold both text and an element")
			}
			if len(e.attrs) > 0 {
				p.fail(e.pos, "attribute %s is not allowed on a property element that holds a node element", shortName(e.attrs[0].uri))
			}
			emit(p.nodeElement(p.open(tok, e)))
			p.endAfterNode(e)
			return
		case xml.EndElement:
			p.end(tok, e)
			dt, hasDT := e.attr(rdfDatatype)
			switch {
			case hasDT:
				if len(e.attrs) > 0 {
					p.fail(e.pos, "attribute %s is not allowed with rdf:datatype", shortName(e.attrs[0].uri))
				}
				emit(rdf.Literal(text.String(), p.resolve(e.pos, e.base, dt)))
			case len(e.attrs) == 0:
				emit(p.literal(e, text.String()))
			case isXMLSpace([]byte(text.String())):
				// An empty property element: its attributes describe the object.
				emit(p.emptyPropertyObject(e))
			default:
				p.fail(e.pos, "attribute %s is not allowed on a property element with text", shortName(e.attrs[0].uri))
			}
			return
		}
	}
}

// endAfterNode reads the end of a property element after its node element.
func (p *rdfxmlParser) endAfterNode(e *xmlElem) {
	for {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside <%s>", e.uri)
		case xml.EndElement:
			p.end(tok, e)
			return
		case xml.StartElement:
			p.fail(p.next, "a property element can hold only one node element")
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "a property element cannot hold both text and an element")
			}
		}
	}
}

// emptyPropertyObject returns the object of an empty property element with
// attributes (RDF 1.1 XML Syntax §7.2.21), emitting its property attributes.
func (p *rdfxmlParser) emptyPropertyObject(e *xmlElem) rdf.Term {
	res, hasRes := e.attr(rdfResource)
	nodeID, hasNodeID := e.attr(rdfNodeID)
	var o rdf.Term
	switch {
	case hasRes && hasNodeID:
		p.fail(e.pos, "a property element may not have both rdf:resource and rdf:nodeID")
	case hasRes:
		o = rdf.IRI(p.resolve(e.pos, e.base, res))
	case hasNodeID:
		o = p.nodeID(e, nodeID)
	default:
		o = p.blanks.Fresh()
	}
	for _, a := range e.attrs {
		switch {
		case a.uri == rdf.RDFType:
			p.emitTriple(o, rdf.Type, rdf.IRI(p.resolve(e.pos, e.base, a.value)))
		case isCoreSyntaxTerm(a.uri) || a.uri == rdfLi || a.uri == rdfDescription || isOldTerm(a.uri):
			p.fail(e.pos, "attribute %s is not allowed on a property element", shortName(a.uri))
		default:
			p.emitTriple(o, rdf.IRI(a.uri), p.literal(e, a.value))
		}
	}
	return o
}

// collection parses the node elements of a parseType="Collection" property
// into an RDF list and returns its head.
func (p *rdfxmlParser) collection(e *xmlElem) rdf.Term {
	var items []rdf.Term
read:
	for {
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside <%s>", e.uri)
		case xml.StartElement:
			items = append(items, p.nodeElement(p.open(tok, e)))
		case xml.CharData:
			if !isXMLSpace(tok) {
				p.fail(p.next, "text is not allowed in a parseType=\"Collection\" element")
			}
		case xml.EndElement:
			p.end(tok, e)
			break read
		}
	}
	if len(items) == 0 {
		return termNil
	}
	head := p.blanks.Fresh()
	node := head
	for i, it := range items {
		p.emitTriple(node, termFirst, it)
		next := termNil
		if i < len(items)-1 {
			next = p.blanks.Fresh()
		}
		p.emitTriple(node, termRest, next)
		node = next
	}
	return head
}

// xmlLiteral reads the content of e and returns it in exclusive XML
// canonical form with comments, the lexical form of an rdf:XMLLiteral.
func (p *rdfxmlParser) xmlLiteral(e *xmlElem) string {
	var b strings.Builder
	type frame struct {
		name     string
		ns       *nsBinding
		rendered map[string]string // prefix -> namespace output by this element or an ancestor inside the literal
	}
	stack := []frame{{ns: e.ns, rendered: map[string]string{}}}
	for {
		top := &stack[len(stack)-1]
		switch tok := p.token().(type) {
		case nil:
			p.fail(p.next, "input ends inside an XML literal")
		case xml.CharData:
			writeC14NText(&b, string(tok))
		case xml.Comment:
			b.WriteString("<!--")
			b.Write(tok)
			b.WriteString("-->")
		case xml.ProcInst:
			b.WriteString("<?")
			b.WriteString(tok.Target)
			if len(tok.Inst) > 0 {
				b.WriteByte(' ')
				b.Write(tok.Inst)
			}
			b.WriteString("?>")
		case xml.StartElement:
			pos := p.next
			p.enter(pos)
			ns := top.ns
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" {
					ns = &nsBinding{a.Name.Local, a.Value, ns}
				} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
					ns = &nsBinding{"", a.Value, ns}
				}
			}
			name := qname(tok.Name)
			b.WriteByte('<')
			b.WriteString(name)
			// Namespaces visibly utilized by the element and its attributes.
			used := map[string]string{}
			use := func(prefix string) {
				uri, ok := ns.lookup(prefix)
				if !ok && prefix != "" {
					p.fail(pos, "undeclared namespace prefix %q in XML literal", prefix)
				}
				if prefix == "xml" {
					return
				}
				if prev, ok := top.rendered[prefix]; ok && prev == uri || !ok && prefix == "" && uri == "" {
					return
				}
				used[prefix] = uri
			}
			use(tok.Name.Space)
			type attr struct{ nsURI, local, qname, value string }
			var attrs []attr
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				uri := ""
				if a.Name.Space != "" {
					use(a.Name.Space)
					uri, _ = ns.lookup(a.Name.Space)
				}
				attrs = append(attrs, attr{uri, a.Name.Local, qname(a.Name), a.Value})
			}
			prefixes := make([]string, 0, len(used))
			for pr := range used {
				prefixes = append(prefixes, pr)
			}
			sort.Strings(prefixes)
			rendered := top.rendered
			if len(used) > 0 {
				rendered = make(map[string]string, len(top.rendered)+len(used))
				for k, v := range top.rendered {
					rendered[k] = v
				}
			}
			for _, pr := range prefixes {
				if pr == "" {
					b.WriteString(` xmlns="`)
				} else {
					b.WriteString(" xmlns:" + pr + `="`)
				}
				writeC14NAttr(&b, used[pr])
				b.WriteByte('"')
				rendered[pr] = used[pr]
			}
			sort.Slice(attrs, func(i, j int) bool {
				if attrs[i].nsURI != attrs[j].nsURI {
					return attrs[i].nsURI < attrs[j].nsURI
				}
				return attrs[i].local < attrs[j].local
			})
			for _, a := range attrs {
				b.WriteString(" " + a.qname + `="`)
				writeC14NAttr(&b, a.value)
				b.WriteByte('"')
			}
			b.WriteByte('>')
			stack = append(stack, frame{name: name, ns: ns, rendered: rendered})
		case xml.EndElement:
			if len(stack) == 1 {
				p.end(tok, e)
				return b.String()
			}
			if qname(tok.Name) != top.name {
				p.fail(p.next, "</%s> closes <%s>", qname(tok.Name), top.name)
			}
			b.WriteString("</" + top.name + ">")
			stack = stack[:len(stack)-1]
			p.depth--
		}
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func writeC14NText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

func writeC14NAttr(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}
