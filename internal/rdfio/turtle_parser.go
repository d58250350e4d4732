package rdfio

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The Turtle family: N-Triples and N-Quads are line-based subsets of Turtle,
// TriG is Turtle plus graph blocks, so one recursive-descent parser reads all
// four, switching rules by syntax. It reads straight from a scanner (no token
// objects): every production looks at the next byte and consumes what it
// recognises, which keeps it fast and lets it report exact positions.

type syntax uint8

const (
	synNTriples syntax = iota
	synNQuads
	synTurtle
	synTriG
)

// MaxNesting bounds how deeply a document may nest blank node property lists
// and collections (Turtle, TriG), elements (RDF/XML) or arrays and objects
// (JSON-LD). Real data stays far below it; it stops hostile input from
// exhausting the stack.
const MaxNesting = 512

var (
	termFirst = rdf.IRI(rdf.RDFFirst)
	termRest  = rdf.IRI(rdf.RDFRest)
	termNil   = rdf.IRI(rdf.RDFNil)
)

type turtleParser struct {
	s        *scanner
	syn      syntax
	format   Format
	base     string
	prefixes map[string]string
	blanks   *rdf.BlankScope
	emit     func(rdf.Quad) error
	graph    rdf.Term
	depth    int
	buf      []byte // scratch space for decoding escapes
}

// bailout carries an error up the recursive descent to parseTurtleFamily.
type bailout struct{ err error }

func parseTurtleFamily(r io.Reader, f Format, syn syntax, base string, blanks *rdf.BlankScope, emit func(rdf.Quad) error) (err error) {
	p := &turtleParser{
		s:        newScanner(r),
		syn:      syn,
		format:   f,
		base:     base,
		prefixes: map[string]string{},
		blanks:   blanks,
		emit:     emit,
	}
	defer func() {
		if x := recover(); x != nil {
			if b, ok := x.(bailout); ok {
				err = b.err
			} else {
				err = fmt.Errorf("%s parser: internal error: %v", f, x)
			}
		}
		// Once reading failed (a size limit, a broken connection) every later
		// complaint is a consequence: report the cause.
		if p.s.err != nil {
			err = p.s.err
		}
	}()
	p.document()
	return nil
}

func (p *turtleParser) fail(pos position, format string, args ...any) {
	panic(bailout{&SyntaxError{Format: p.format, Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf(format, args...)}})
}

// found describes the next input character for error messages.
func (p *turtleParser) found() string {
	r, _ := p.s.peekRuneAt(0)
	switch {
	case r < 0:
		return "end of input"
	case r == '\n' || r == '\r':
		return "end of line"
	case r == badRune:
		return "invalid UTF-8"
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("control character U+%04X", r)
	}
	return fmt.Sprintf("%q", r)
}

func (p *turtleParser) expect(c byte, what string) {
	if p.s.peek() != int(c) {
		p.fail(p.s.position(), "expected %s, found %s", what, p.found())
	}
	p.s.skip(1)
}

func (p *turtleParser) enter(pos position) {
	if p.depth++; p.depth > MaxNesting {
		panic(bailout{&SyntaxError{Format: p.format, Line: pos.Line, Column: pos.Column,
			Msg: fmt.Sprintf("blank nodes and collections nested more than %d deep", MaxNesting), Err: ErrTooDeep}})
	}
}

func (p *turtleParser) leave() { p.depth-- }

func (p *turtleParser) emitQuad(s, pr, o rdf.Term) {
	if err := p.emit(rdf.Quad{S: s, P: pr, O: o, G: p.graph}); err != nil {
		panic(bailout{err})
	}
}

// skipSpace skips white space, line breaks and comments.
func (p *turtleParser) skipSpace() {
	for {
		switch p.s.peek() {
		case ' ', '\t', '\r':
			p.s.skip(1)
		case '\n':
			p.s.skip(1)
			p.s.newline()
		case '#':
			p.skipComment()
		default:
			return
		}
	}
}

// skipInline skips the spaces and tabs that may separate the terms of an
// N-Triples or N-Quads statement.
func (p *turtleParser) skipInline() {
	for c := p.s.peek(); c == ' ' || c == '\t'; c = p.s.peek() {
		p.s.skip(1)
	}
}

func (p *turtleParser) skipComment() {
	for c := p.s.peek(); c >= 0 && c != '\n' && c != '\r'; c = p.s.peek() {
		p.s.skip(1)
	}
}

func (p *turtleParser) document() {
	if p.s.peekAt(0) == 0xEF && p.s.peekAt(1) == 0xBB && p.s.peekAt(2) == 0xBF {
		p.s.skip(3) // byte order mark
	}
	for {
		p.skipSpace()
		if p.s.peek() < 0 {
			return
		}
		switch p.syn {
		case synNTriples, synNQuads:
			p.ntStatement()
		case synTurtle:
			p.turtleStatement()
		case synTriG:
			p.trigStatement()
		}
	}
}

// ---- N-Triples and N-Quads ----

func (p *turtleParser) ntStatement() {
	var s, pr, o rdf.Term
	switch p.s.peek() {
	case '<':
		s = rdf.IRI(p.iriRef())
	case '_':
		s = p.blankLabel()
	default:
		p.fail(p.s.position(), "expected a subject (<IRI> or _:label), found %s", p.found())
	}
	p.skipInline()
	if p.s.peek() != '<' {
		p.fail(p.s.position(), "expected a predicate <IRI>, found %s", p.found())
	}
	pr = rdf.IRI(p.iriRef())
	p.skipInline()
	switch p.s.peek() {
	case '<':
		o = rdf.IRI(p.iriRef())
	case '_':
		o = p.blankLabel()
	case '"':
		o = p.literal()
	default:
		p.fail(p.s.position(), "expected an object (<IRI>, _:label or \"literal\"), found %s", p.found())
	}
	p.skipInline()
	if p.syn == synNQuads {
		switch p.s.peek() {
		case '<':
			p.graph = rdf.IRI(p.iriRef())
		case '_':
			p.graph = p.blankLabel()
		default:
			p.graph = rdf.Term{}
		}
		p.skipInline()
	}
	p.expect('.', "'.' at the end of the statement")
	p.skipInline()
	switch p.s.peek() {
	case -1, '\n', '\r':
	case '#':
		p.skipComment()
	default:
		p.fail(p.s.position(), "expected the end of the line after '.', found %s", p.found())
	}
	p.emitQuad(s, pr, o)
}

// ---- Turtle ----

func (p *turtleParser) turtleStatement() {
	if p.directive() {
		return
	}
	p.triples()
	p.skipSpace()
	p.expect('.', "'.' at the end of the triples")
}

// directive parses @prefix, @base, PREFIX or BASE if one comes next.
func (p *turtleParser) directive() bool {
	pos := p.s.position()
	if p.s.peek() == '@' {
		p.s.skip(1)
		word, n := p.peekWord()
		p.s.skip(n)
		switch word {
		case "prefix":
			p.prefixDirective(true)
		case "base":
			p.baseDirective(true)
		default:
			p.fail(pos, "unknown directive @%s (expected @prefix or @base)", word)
		}
		return true
	}
	word, n := p.peekWord()
	if p.s.peekAt(n) == ':' {
		return false // a prefixed name such as prefix:x
	}
	switch strings.ToLower(word) {
	case "prefix":
		p.s.skip(n)
		p.prefixDirective(false)
		return true
	case "base":
		p.s.skip(n)
		p.baseDirective(false)
		return true
	}
	return false
}

func (p *turtleParser) prefixDirective(dotted bool) {
	p.skipSpace()
	pos := p.s.position()
	word, n := p.peekWord()
	if word != "" && !validPrefixName(word) {
		p.fail(pos, "invalid prefix name %q", word)
	}
	p.s.skip(n)
	p.expect(':', "':' after the prefix name")
	p.skipSpace()
	if p.s.peek() != '<' {
		p.fail(p.s.position(), "expected the namespace <IRI> of prefix %q, found %s", word+":", p.found())
	}
	p.prefixes[word] = p.iriRef()
	if dotted {
		p.skipSpace()
		p.expect('.', "'.' after @prefix")
	}
}

func (p *turtleParser) baseDirective(dotted bool) {
	p.skipSpace()
	if p.s.peek() != '<' {
		p.fail(p.s.position(), "expected the base <IRI>, found %s", p.found())
	}
	p.base = p.iriRef()
	if dotted {
		p.skipSpace()
		p.expect('.', "'.' after @base")
	}
}

// triples parses subject predicateObjectList, or a blank node property
// list with an optional predicateObjectList.
func (p *turtleParser) triples() {
	if p.s.peek() == '[' {
		b, withProps := p.blankNode()
		p.skipSpace()
		if withProps {
			if c := p.s.peek(); c == '.' || c == '}' || c < 0 {
				return
			}
		}
		p.predicateObjectList(b)
		return
	}
	s := p.subject()
	p.skipSpace()
	p.predicateObjectList(s)
}

func (p *turtleParser) subject() rdf.Term {
	switch c := p.s.peek(); {
	case c == '<':
		return rdf.IRI(p.iriRef())
	case c == '_':
		return p.blankLabel()
	case c == '(':
		return p.collection()
	case c == '[':
		b, _ := p.blankNode()
		return b
	case c == ':' || p.startsName():
		return rdf.IRI(p.prefixedName())
	}
	p.fail(p.s.position(), "expected a subject (IRI, prefixed name, blank node or collection), found %s", p.found())
	return rdf.Term{}
}

func (p *turtleParser) predicateObjectList(s rdf.Term) {
	for {
		p.skipSpace()
		pr := p.verb()
		p.objectList(s, pr)
		p.skipSpace()
		if p.s.peek() != ';' {
			return
		}
		for p.s.peek() == ';' {
			p.s.skip(1)
			p.skipSpace()
		}
		if c := p.s.peek(); c == '.' || c == ']' || c == '}' || c < 0 {
			return
		}
	}
}

func (p *turtleParser) verb() rdf.Term {
	switch c := p.s.peek(); {
	case c == '<':
		return rdf.IRI(p.iriRef())
	case c == ':' || p.startsName():
		word, n := p.peekWord()
		if word == "a" && p.s.peekAt(n) != ':' {
			p.s.skip(1)
			return rdf.Type
		}
		return rdf.IRI(p.prefixedName())
	}
	p.fail(p.s.position(), "expected a predicate (IRI, prefixed name or 'a'), found %s", p.found())
	return rdf.Term{}
}

func (p *turtleParser) objectList(s, pr rdf.Term) {
	for {
		p.skipSpace()
		p.emitQuad(s, pr, p.object())
		p.skipSpace()
		if p.s.peek() != ',' {
			return
		}
		p.s.skip(1)
	}
}

func (p *turtleParser) object() rdf.Term {
	switch c := p.s.peek(); {
	case c == '<':
		return rdf.IRI(p.iriRef())
	case c == '_':
		return p.blankLabel()
	case c == '[':
		b, _ := p.blankNode()
		return b
	case c == '(':
		return p.collection()
	case c == '"' || c == '\'':
		return p.literal()
	case c >= '0' && c <= '9', c == '+', c == '-', c == '.' && isDigit(p.s.peekAt(1)):
		return p.number()
	case c == ':' || p.startsName():
		word, n := p.peekWord()
		if p.s.peekAt(n) != ':' {
			if word == "true" || word == "false" {
				p.s.skip(n)
				return rdf.Literal(word, rdf.XSDBoolean)
			}
			p.fail(p.s.position(), "unexpected word %q (expected an object: IRI, prefixed name, blank node, collection or literal)", word)
		}
		return rdf.IRI(p.prefixedName())
	}
	p.fail(p.s.position(), "expected an object (IRI, prefixed name, blank node, collection or literal), found %s", p.found())
	return rdf.Term{}
}

// blankNode parses "[]" (withProps false) or a blank node property list
// "[ predicateObjectList ]", emitting its triples.
func (p *turtleParser) blankNode() (b rdf.Term, withProps bool) {
	pos := p.s.position()
	p.s.skip(1) // '['
	p.skipSpace()
	b = p.blanks.Fresh()
	if p.s.peek() == ']' {
		p.s.skip(1)
		return b, false
	}
	p.enter(pos)
	p.predicateObjectList(b)
	p.skipSpace()
	if p.s.peek() != ']' {
		p.fail(p.s.position(), "expected ']' to close the blank node opened at line %d:%d, found %s", pos.Line, pos.Column, p.found())
	}
	p.s.skip(1)
	p.leave()
	return b, true
}

// collection parses "( object* )" into an RDF list and returns its head.
func (p *turtleParser) collection() rdf.Term {
	pos := p.s.position()
	p.s.skip(1) // '('
	p.enter(pos)
	var head, prev rdf.Term
	for {
		p.skipSpace()
		c := p.s.peek()
		if c == ')' {
			p.s.skip(1)
			break
		}
		if c < 0 {
			p.fail(p.s.position(), "expected ')' to close the collection opened at line %d:%d, found end of input", pos.Line, pos.Column)
		}
		o := p.object()
		node := p.blanks.Fresh()
		if prev.IsZero() {
			head = node
		} else {
			p.emitQuad(prev, termRest, node)
		}
		p.emitQuad(node, termFirst, o)
		prev = node
	}
	p.leave()
	if prev.IsZero() {
		return termNil
	}
	p.emitQuad(prev, termRest, termNil)
	return head
}

// ---- TriG ----

func (p *turtleParser) trigStatement() {
	if p.directive() {
		return
	}
	switch c := p.s.peek(); {
	case c == '{':
		p.wrappedGraph(rdf.Term{})
		return
	case c == '[':
		b, withProps := p.blankNode()
		p.skipSpace()
		if !withProps && p.s.peek() == '{' {
			p.wrappedGraph(b)
			return
		}
		if !withProps || p.s.peek() != '.' {
			p.predicateObjectList(b)
		}
	case c == '(':
		s := p.collection()
		p.skipSpace()
		p.predicateObjectList(s)
	default:
		if word, n := p.peekWord(); strings.EqualFold(word, "graph") && p.s.peekAt(n) != ':' {
			p.s.skip(n)
			p.skipSpace()
			g := p.graphLabel()
			p.skipSpace()
			if p.s.peek() != '{' {
				p.fail(p.s.position(), "expected '{' after GRAPH and the graph name, found %s", p.found())
			}
			p.wrappedGraph(g)
			return
		}
		s := p.subject() // an IRI or a blank node: '(' and '[' are handled above
		p.skipSpace()
		if p.s.peek() == '{' {
			p.wrappedGraph(s)
			return
		}
		p.predicateObjectList(s)
	}
	p.skipSpace()
	p.expect('.', "'.' at the end of the triples")
}

func (p *turtleParser) graphLabel() rdf.Term {
	switch c := p.s.peek(); {
	case c == '<':
		return rdf.IRI(p.iriRef())
	case c == '_':
		return p.blankLabel()
	case c == '[':
		pos := p.s.position()
		b, withProps := p.blankNode()
		if withProps {
			p.fail(pos, "a graph name must be an IRI or a blank node, not a blank node property list")
		}
		return b
	case c == ':' || p.startsName():
		return rdf.IRI(p.prefixedName())
	}
	p.fail(p.s.position(), "expected a graph name (IRI or blank node), found %s", p.found())
	return rdf.Term{}
}

func (p *turtleParser) wrappedGraph(g rdf.Term) {
	pos := p.s.position()
	p.s.skip(1) // '{'
	p.graph = g
	for {
		p.skipSpace()
		c := p.s.peek()
		if c == '}' {
			p.s.skip(1)
			break
		}
		if c < 0 {
			p.fail(p.s.position(), "expected '}' to close the graph opened at line %d:%d, found end of input", pos.Line, pos.Column)
		}
		p.triples()
		p.skipSpace()
		switch p.s.peek() {
		case '.':
			p.s.skip(1)
		case '}':
		default:
			p.fail(p.s.position(), "expected '.' or '}' after triples in a graph, found %s", p.found())
		}
	}
	p.graph = rdf.Term{}
}

// ---- terms ----

func isDigit(c int) bool { return c >= '0' && c <= '9' }

// startsName reports whether a PN_PREFIX (and so a prefixed name or a
// keyword) starts at the next character.
func (p *turtleParser) startsName() bool {
	r, _ := p.s.peekRuneAt(0)
	return isPNCharsBase(r)
}

// peekWord returns, without consuming it, the longest run of name characters
// (PN_CHARS and inner dots, as in PN_PREFIX) at the current position and its
// length in bytes. It is used to tell prefixed names from keywords.
func (p *turtleParser) peekWord() (string, int) {
	n := 0
	for {
		r, w := p.s.peekRuneAt(n)
		switch {
		case r == '.' && n > 0:
			k := n + 1
			for p.s.peekAt(k) == '.' {
				k++
			}
			if r2, _ := p.s.peekRuneAt(k); isPNChars(r2) {
				n = k
				continue
			}
		case r >= 0 && (n == 0 && isPNCharsBase(r) || n > 0 && isPNChars(r)):
			n += w
			continue
		}
		return string(p.s.buf[p.s.pos : p.s.pos+n]), n
	}
}

// iriRef parses <...> and returns the absolute IRI: resolved against the base
// in Turtle and TriG, required to be absolute in N-Triples and N-Quads.
func (p *turtleParser) iriRef() string {
	pos := p.s.position()
	p.s.skip(1) // '<'
	var iri string
	// Fast path: the whole IRI is in the buffer and has no escapes.
	buf, start := p.s.buf, p.s.pos
	fast := false
	for i := start; i < len(buf); i++ {
		c := buf[i]
		if c == '>' {
			if utf8.Valid(buf[start:i]) {
				iri = string(buf[start:i])
				p.s.pos = i + 1
				fast = true
			}
			break
		}
		if c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' || c == '\\' {
			break
		}
	}
	if !fast {
		b := p.buf[:0]
		for done := false; !done; {
			c := p.s.peek()
			switch {
			case c == '>':
				p.s.skip(1)
				done = true
			case c < 0:
				p.fail(pos, "IRI not closed with '>' before the end of input")
			case c == '\\':
				epos := p.s.position()
				if n := p.s.peekAt(1); n != 'u' && n != 'U' {
					p.fail(epos, "invalid escape in IRI (only \\uXXXX and \\UXXXXXXXX are allowed)")
				}
				mark := len(b)
				b = p.escape(b)
				if r, _ := utf8.DecodeRune(b[mark:]); r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
					p.fail(epos, "escaped character U+%04X is not allowed in an IRI", r)
				}
			case c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`':
				p.fail(p.s.position(), "character %s is not allowed in an IRI", p.found())
			default:
				b = append(b, byte(c))
				p.s.skip(1)
			}
		}
		if !utf8.Valid(b) {
			p.fail(pos, "IRI is not valid UTF-8")
		}
		iri = string(b)
		p.buf = b
	}
	if rdf.IsAbsoluteIRI(iri) {
		return iri
	}
	if p.syn == synNTriples || p.syn == synNQuads {
		p.fail(pos, "relative IRI <%s> is not allowed in %s (IRIs must be absolute)", iri, p.format)
	}
	if p.base == "" {
		p.fail(pos, "relative IRI <%s> but there is no base IRI to resolve it against (set ParseOptions.Base or use @base)", iri)
	}
	return rdf.ResolveIRI(p.base, iri)
}

// escape decodes the escape sequence at the current position (the scanner
// is at '\') and appends the character to b.
func (p *turtleParser) escape(b []byte) []byte {
	pos := p.s.position()
	c := p.s.peekAt(1)
	var n int
	switch c {
	case 'u':
		n = 4
	case 'U':
		n = 8
	case 't':
		p.s.skip(2)
		return append(b, '\t')
	case 'b':
		p.s.skip(2)
		return append(b, '\b')
	case 'n':
		p.s.skip(2)
		return append(b, '\n')
	case 'r':
		p.s.skip(2)
		return append(b, '\r')
	case 'f':
		p.s.skip(2)
		return append(b, '\f')
	case '"', '\'', '\\':
		p.s.skip(2)
		return append(b, byte(c))
	case -1:
		p.fail(pos, "escape sequence cut off by the end of input")
	default:
		p.fail(pos, "invalid escape sequence \\%c", rune(c))
	}
	var r rune
	for i := 2; i < 2+n; i++ {
		h := p.s.peekAt(i)
		if !isHex(h) {
			p.fail(pos, "\\%c needs %d hexadecimal digits", rune(c), n)
		}
		r = r<<4 | hexVal(h)
	}
	if r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
		p.fail(pos, "escape \\%c%0*X is not a Unicode scalar value", rune(c), n, r)
	}
	p.s.skip(2 + n)
	return utf8.AppendRune(b, r)
}

// blankLabel parses _:label.
func (p *turtleParser) blankLabel() rdf.Term {
	pos := p.s.position()
	if p.s.peekAt(1) != ':' {
		p.fail(pos, "expected ':' after '_' in a blank node label")
	}
	p.s.skip(2)
	n := 0
	for {
		r, w := p.s.peekRuneAt(n)
		switch {
		case n == 0:
			if !isPNCharsU(r) && !(r >= '0' && r <= '9') {
				p.fail(pos, "invalid blank node label: it must start with a letter, digit or '_'")
			}
		case r == '.':
			k := n + 1
			for p.s.peekAt(k) == '.' {
				k++
			}
			if r2, _ := p.s.peekRuneAt(k); isPNChars(r2) {
				n = k
				continue
			}
			w = 0
		case !isPNChars(r):
			w = 0
		}
		if w == 0 {
			break
		}
		n += w
	}
	label := string(p.s.buf[p.s.pos : p.s.pos+n])
	p.s.skip(n)
	return p.blanks.Label(label)
}

// prefixedName parses prefix:local and returns the IRI it stands for.
func (p *turtleParser) prefixedName() string {
	pos := p.s.position()
	word, n := p.peekWord()
	if word != "" && !validPrefixName(word) {
		p.fail(pos, "invalid prefix name %q", word)
	}
	p.s.skip(n)
	if p.s.peek() != ':' {
		p.fail(p.s.position(), "expected ':' after %q in a prefixed name, found %s", word, p.found())
	}
	p.s.skip(1)
	ns, ok := p.prefixes[word]
	if !ok {
		p.fail(pos, "undefined prefix %q", word+":")
	}
	return ns + p.localName()
}

// localName parses PN_LOCAL, keeping %XX sequences and unescaping \-escapes.
func (p *turtleParser) localName() string {
	b := p.buf[:0]
	for first := true; ; first = false {
		r, w := p.s.peekRuneAt(0)
		switch {
		case r == '%':
			if !isHex(p.s.peekAt(1)) || !isHex(p.s.peekAt(2)) {
				p.fail(p.s.position(), "'%%' in a local name must be followed by two hexadecimal digits")
			}
			b = append(b, p.s.buf[p.s.pos:p.s.pos+3]...)
			p.s.skip(3)
		case r == '\\':
			e, _ := p.s.peekRuneAt(1)
			if !isLocalEscapable(e) {
				p.fail(p.s.position(), "invalid escape in a local name: \\%c", e)
			}
			b = append(b, byte(e))
			p.s.skip(2)
		case r == ':' || isPNCharsU(r) || r >= '0' && r <= '9':
			b = append(b, p.s.buf[p.s.pos:p.s.pos+w]...)
			p.s.skip(w)
		case !first && isPNChars(r):
			b = append(b, p.s.buf[p.s.pos:p.s.pos+w]...)
			p.s.skip(w)
		case !first && r == '.':
			k := 1
			for p.s.peekAt(k) == '.' {
				k++
			}
			r2, _ := p.s.peekRuneAt(k)
			if !(r2 == ':' || r2 == '%' || r2 == '\\' || isPNChars(r2)) {
				p.buf = b
				return string(b)
			}
			b = append(b, p.s.buf[p.s.pos:p.s.pos+k]...)
			p.s.skip(k)
		default:
			p.buf = b
			return string(b)
		}
	}
}

// literal parses a quoted string with an optional language tag or datatype.
func (p *turtleParser) literal() rdf.Term {
	lex := p.quotedString()
	nt := p.syn == synNTriples || p.syn == synNQuads
	if !nt {
		// Turtle allows white space between a string and its tag or datatype.
		if c := p.peekPastSpace(); c == '@' || c == '^' {
			p.skipSpace()
		}
	}
	switch p.s.peek() {
	case '@':
		return rdf.LangString(lex, p.langTag())
	case '^':
		pos := p.s.position()
		if p.s.peekAt(1) != '^' {
			p.fail(pos, "expected '^^' before a datatype")
		}
		p.s.skip(2)
		var dt string
		if nt {
			if p.s.peek() != '<' {
				p.fail(p.s.position(), "expected a datatype <IRI> after '^^', found %s", p.found())
			}
			dt = p.iriRef()
		} else {
			p.skipSpace()
			switch c := p.s.peek(); {
			case c == '<':
				dt = p.iriRef()
			case c == ':' || p.startsName():
				dt = p.prefixedName()
			default:
				p.fail(p.s.position(), "expected a datatype IRI after '^^', found %s", p.found())
			}
		}
		if dt == rdf.RDFLangString {
			p.fail(pos, "rdf:langString literals need a language tag, not a datatype")
		}
		return rdf.Literal(lex, dt)
	}
	return rdf.String(lex)
}

// peekPastSpace returns the first byte after white space and comments
// without consuming anything, looking at most a short way ahead.
func (p *turtleParser) peekPastSpace() int {
	for i := 0; i < 256; i++ {
		switch c := p.s.peekAt(i); c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return -1
}

func (p *turtleParser) langTag() string {
	pos := p.s.position()
	p.s.skip(1) // '@'
	n := 0
	for c := p.s.peekAt(n); c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'; c = p.s.peekAt(n) {
		n++
	}
	if n == 0 {
		p.fail(pos, "expected a language tag after '@'")
	}
	for p.s.peekAt(n) == '-' {
		k := n + 1
		for c := p.s.peekAt(k); c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'; c = p.s.peekAt(k) {
			k++
		}
		if k == n+1 {
			p.fail(pos, "empty subtag in language tag")
		}
		n = k
	}
	tag := string(p.s.buf[p.s.pos : p.s.pos+n])
	p.s.skip(n)
	return tag
}

// quotedString parses any of the four Turtle string forms (only "..." in
// N-Triples and N-Quads) and returns the unescaped value.
func (p *turtleParser) quotedString() string {
	pos := p.s.position()
	q := p.s.peek()
	nt := p.syn == synNTriples || p.syn == synNQuads
	long := !nt && p.s.peekAt(1) == q && p.s.peekAt(2) == q
	if nt && q != '"' {
		p.fail(pos, "%s strings must use double quotes", p.format)
	}
	if long {
		p.s.skip(3)
	} else {
		p.s.skip(1)
	}
	// Fast path: a short string without escapes, wholly in the buffer.
	if !long {
		buf, start := p.s.buf, p.s.pos
		for i := start; i < len(buf); i++ {
			c := buf[i]
			if c == byte(q) {
				if !utf8.Valid(buf[start:i]) {
					break
				}
				s := string(buf[start:i])
				p.s.pos = i + 1
				return s
			}
			if c == '\\' || c == '\n' || c == '\r' {
				break
			}
		}
	}
	b := p.buf[:0]
	for {
		c := p.s.peek()
		switch {
		case c < 0:
			p.fail(pos, "string not closed before the end of input")
		case c == q:
			if !long {
				p.s.skip(1)
				return p.finishString(pos, b)
			}
			if p.s.peekAt(1) == q && p.s.peekAt(2) == q {
				p.s.skip(3)
				return p.finishString(pos, b)
			}
			b = append(b, byte(c))
			p.s.skip(1)
		case c == '\\':
			b = p.escape(b)
		case c == '\n':
			if !long {
				p.fail(p.s.position(), "line break in a string (write \\n, or use a \"\"\"long string\"\"\")")
			}
			b = append(b, '\n')
			p.s.skip(1)
			p.s.newline()
		case c == '\r' && !long:
			p.fail(p.s.position(), "carriage return in a string (write \\r)")
		default:
			b = append(b, byte(c))
			p.s.skip(1)
		}
	}
}

func (p *turtleParser) finishString(pos position, b []byte) string {
	p.buf = b
	if !utf8.Valid(b) {
		p.fail(pos, "string is not valid UTF-8")
	}
	return string(b)
}

// number parses INTEGER, DECIMAL or DOUBLE.
func (p *turtleParser) number() rdf.Term {
	pos := p.s.position()
	n := 0
	if c := p.s.peek(); c == '+' || c == '-' {
		n++
	}
	intDigits := 0
	for isDigit(p.s.peekAt(n)) {
		n++
		intDigits++
	}
	dt := rdf.XSDInteger
	if p.s.peekAt(n) == '.' {
		switch {
		case isDigit(p.s.peekAt(n + 1)):
			n++
			for isDigit(p.s.peekAt(n)) {
				n++
			}
			dt = rdf.XSDDecimal
		case intDigits > 0 && p.exponentAt(n+1) > 0:
			n++ // "1.e5" is a double
			dt = rdf.XSDDecimal
		}
	} else if intDigits == 0 {
		p.fail(pos, "expected digits in a number")
	}
	if k := p.exponentAt(n); k > 0 {
		n += k
		dt = rdf.XSDDouble
	}
	lex := string(p.s.buf[p.s.pos : p.s.pos+n])
	p.s.skip(n)
	return rdf.Literal(lex, dt)
}

// exponentAt returns the length of an EXPONENT starting i bytes ahead, or 0.
func (p *turtleParser) exponentAt(i int) int {
	if c := p.s.peekAt(i); c != 'e' && c != 'E' {
		return 0
	}
	k := i + 1
	if c := p.s.peekAt(k); c == '+' || c == '-' {
		k++
	}
	if !isDigit(p.s.peekAt(k)) {
		return 0
	}
	for isDigit(p.s.peekAt(k)) {
		k++
	}
	return k - i
}
