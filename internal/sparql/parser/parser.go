// Package parser reads SPARQL 1.1 queries and updates (the grammar of
// SPARQL 1.1 Query Language §19 and SPARQL 1.1 Update §19) and translates
// them into the algebra of package algebra, following §18.2.
//
// The parser is recursive descent with at most two tokens of lookahead, so
// its cost is linear in the input; nesting deeper than MaxDepth is a syntax
// error rather than a deep stack. Long chains of operators (a || b || ...,
// UNION after UNION, OPTIONAL after OPTIONAL) give left-deep trees as deep
// as the chain is long, so callers that take queries from the network
// should bound the length of the text, as the SPARQL endpoint does.
package parser

import (
	"errors"
	"fmt"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// MaxDepth bounds the nesting of group patterns, expressions, property
// paths, collections and blank-node property lists.
const MaxDepth = 200

// SyntaxError is a query or update that does not follow the grammar or
// breaks one of its rules (such as variable scope, §18.2.1). Line and
// Column are 1-based; Column counts characters, not bytes.
type SyntaxError struct {
	Line, Column int
	Offset       int    // byte offset in the text
	Msg          string // e.g. `expected "}", found "SELECT"`
	// Expected and Found are set when the error is an unexpected token:
	// what the grammar allowed there (`"}"`) and the token it found
	// (`"SELECT"`, or "end of input").
	Expected, Found string
}

// Error returns "line L, column C: Msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// ErrInternal marks a parser bug caught at run time (a recovered panic).
var ErrInternal = errors.New("internal error in the SPARQL parser")

// ParseQuery parses a SPARQL 1.1 query and translates it to the algebra.
// base is the IRI relative IRIs in the query are resolved against (before
// any BASE in the query); it may be empty if the query uses only absolute
// IRIs, and must otherwise be absolute. Syntax errors are *SyntaxError
// values; a panic inside the parser (a bug) is returned as an error
// wrapping ErrInternal.
func ParseQuery(text, base string) (q *algebra.Query, err error) {
	p, err := newParser(text, base)
	if err != nil {
		return nil, err
	}
	defer p.recover(&err)
	q = p.queryUnit()
	return q, nil
}

// ParseUpdate parses a SPARQL 1.1 Update request and translates it to the
// algebra. base is as for ParseQuery.
func ParseUpdate(text, base string) (u *algebra.Update, err error) {
	p, err := newParser(text, base)
	if err != nil {
		return nil, err
	}
	defer p.recover(&err)
	u = p.updateUnit()
	return u, nil
}

// parser holds the state of one parse. Errors are raised as panics of
// type *SyntaxError and recovered by the entry points.
type parser struct {
	lex lexer
	// original is the text as given; lex.src has its codepoint escapes
	// outside strings and IRIs replaced, and shifts maps offsets back.
	original string
	shifts   []offsetShift

	tok   token   // the current token
	ahead []token // tokens read past tok

	base     string
	prefixes map[string]string

	depth int

	// Blank nodes of query patterns become hidden variables; a label may
	// not appear in two basic graph patterns (§4.1.4). blankBlock records
	// the block each label was first used in; block numbers the current
	// one.
	blankBlock map[string]int
	block      int
	fresh      int // counter for fresh hidden variables
	aggregates int // counter for aggregate variables

	// Template state: in CONSTRUCT and update templates blank nodes stay
	// blank nodes, and in DATA blocks variables are not allowed.
	mode       tripleMode
	dataBlanks map[string]int // label → update operation, for INSERT DATA
	operation  int

	aggAllowed bool // aggregates may appear in the expression being parsed
}

// tripleMode says how the triples being parsed are used.
type tripleMode uint8

const (
	modePattern    tripleMode = iota // WHERE: paths allowed, blank nodes are variables
	modeTemplate                     // CONSTRUCT / INSERT templates: blank nodes stay
	modeDeleteTmpl                   // DELETE templates: no blank nodes
	modeInsertData                   // INSERT DATA: no variables
	modeDeleteData                   // DELETE DATA: no variables, no blank nodes
)

func newParser(text, base string) (*parser, error) {
	if base != "" && !rdf.IsAbsoluteIRI(base) {
		return nil, fmt.Errorf("sparql: base IRI %q is not absolute", base)
	}
	decoded, shifts := decodeCodepoints(text)
	p := &parser{
		lex:        lexer{src: decoded},
		original:   text,
		shifts:     shifts,
		base:       base,
		prefixes:   map[string]string{},
		blankBlock: map[string]int{},
		dataBlanks: map[string]int{},
	}
	return p, nil
}

func (p *parser) recover(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if se, ok := r.(*SyntaxError); ok {
		*err = se
		return
	}
	*err = fmt.Errorf("%w: %v", ErrInternal, r)
}

// start reads the first token; entry points call it once.
func (p *parser) start() { p.tok = p.read() }

func (p *parser) read() token {
	t, err := p.lex.next()
	if err != nil {
		p.errorAt(err.pos, err.msg)
	}
	return t
}

// advance moves to the next token and returns the one it leaves.
func (p *parser) advance() token {
	t := p.tok
	if len(p.ahead) > 0 {
		p.tok = p.ahead[0]
		p.ahead = p.ahead[1:]
	} else {
		p.tok = p.read()
	}
	return t
}

// peek returns the token after the current one.
func (p *parser) peek() token {
	if len(p.ahead) == 0 {
		p.ahead = append(p.ahead, p.read())
	}
	return p.ahead[0]
}

// errorAt raises a syntax error at a byte offset.
func (p *parser) errorAt(pos int, msg string) {
	panic(p.syntaxError(pos, msg))
}

// syntaxError returns the error for msg at a byte offset, with its line
// and column.
func (p *parser) syntaxError(pos int, msg string) *SyntaxError {
	line, col := 1, 1
	pos = originalOffset(p.shifts, pos)
	src := p.original
	if pos > len(src) {
		pos = len(src)
	}
	for _, r := range src[:pos] {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Line: line, Column: col, Offset: pos, Msg: msg}
}

// errorf raises a syntax error at the current token.
func (p *parser) errorf(format string, args ...any) {
	p.errorAt(p.tok.pos, fmt.Sprintf(format, args...))
}

// expected raises "expected WHAT, found TOKEN" at the current token.
func (p *parser) expected(what string) {
	found := p.tok.describe()
	se := p.syntaxError(p.tok.pos, "expected "+what+", found "+found)
	se.Expected, se.Found = what, found
	panic(se)
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.errorf("nesting deeper than %d levels", MaxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// isWord reports whether the current token is the keyword kw (upper case).
func (p *parser) isWord(kw string) bool {
	return p.tok.kind == tokWord && strings.EqualFold(p.tok.text, kw)
}

func isWordTok(t token, kw string) bool { return t.kind == tokWord && strings.EqualFold(t.text, kw) }

func (p *parser) isPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }

func isPunctTok(t token, s string) bool { return t.kind == tokPunct && t.text == s }

// acceptWord consumes the keyword kw if it is the current token.
func (p *parser) acceptWord(kw string) bool {
	if p.isWord(kw) {
		p.advance()
		return true
	}
	return false
}

// acceptPunct consumes the symbol s if it is the current token.
func (p *parser) acceptPunct(s string) bool {
	if p.isPunct(s) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) expectWord(kw string) token {
	if !p.isWord(kw) {
		p.expected(`"` + kw + `"`)
	}
	return p.advance()
}

func (p *parser) expectPunct(s string) token {
	if !p.isPunct(s) {
		p.expected(`"` + s + `"`)
	}
	return p.advance()
}

// Prologue: BASE and PREFIX declarations.
func (p *parser) prologue() {
	for {
		switch {
		case p.isWord("BASE"):
			p.advance()
			if p.tok.kind != tokIRI {
				p.expected("an IRI after BASE")
			}
			t := p.advance()
			p.base = p.resolve(t.text, t.pos)
		case p.isWord("PREFIX"):
			p.advance()
			if p.tok.kind != tokPName || p.tok.local != "" {
				p.expected(`a prefix name such as "ex:" after PREFIX`)
			}
			name := p.advance().text
			if p.tok.kind != tokIRI {
				p.expected("an IRI")
			}
			t := p.advance()
			p.prefixes[name] = p.resolve(t.text, t.pos)
		default:
			return
		}
	}
}

// resolve resolves an IRI reference against the base. An absolute IRI is
// kept exactly as written (dot segments included), as the Turtle parser
// keeps it, so that a query matches the IRIs of the data it was written
// for (W3C test i18n/normalization-02).
func (p *parser) resolve(ref string, pos int) string {
	if rdf.IsAbsoluteIRI(ref) {
		return ref
	}
	if p.base == "" {
		p.errorAt(pos, fmt.Sprintf("relative IRI <%s> with no base IRI", shorten(ref)))
	}
	return rdf.ResolveIRI(p.base, ref)
}

// iri parses iri ::= IRIREF | PrefixedName, and returns it absolute.
func (p *parser) iri() string {
	switch p.tok.kind {
	case tokIRI:
		t := p.advance()
		return p.resolve(t.text, t.pos)
	case tokPName:
		t := p.advance()
		ns, ok := p.prefixes[t.text]
		if !ok {
			p.errorAt(t.pos, fmt.Sprintf("undefined prefix %q", t.text+":"))
		}
		return ns + t.local
	}
	p.expected("an IRI")
	return ""
}

func (p *parser) isIRI() bool { return p.tok.kind == tokIRI || p.tok.kind == tokPName }

// literal parses RDFLiteral, NumericLiteral or BooleanLiteral if the
// current token starts one.
func (p *parser) literal() (rdf.Term, bool) {
	switch p.tok.kind {
	case tokString:
		s := p.advance().text
		switch {
		case p.tok.kind == tokLangTag:
			return rdf.LangString(s, p.advance().text), true
		case p.isPunct("^^"):
			p.advance()
			return rdf.Literal(s, p.iri()), true
		}
		return rdf.String(s), true
	case tokInteger:
		return rdf.Literal(p.advance().text, rdf.XSDInteger), true
	case tokDecimal:
		return rdf.Literal(p.advance().text, rdf.XSDDecimal), true
	case tokDouble:
		return rdf.Literal(p.advance().text, rdf.XSDDouble), true
	case tokWord:
		if p.isWord("true") || p.isWord("false") {
			return rdf.Literal(strings.ToLower(p.advance().text), rdf.XSDBoolean), true
		}
	}
	return rdf.Term{}, false
}

// variable parses a Var.
func (p *parser) variable() algebra.Var {
	if p.tok.kind != tokVar {
		p.expected("a variable")
	}
	return algebra.Var(p.advance().text)
}

// queryUnit parses QueryUnit ::= Query EOF.
func (p *parser) queryUnit() *algebra.Query {
	p.start()
	p.prologue()
	var q *algebra.Query
	switch {
	case p.isWord("SELECT"):
		q = p.selectQuery()
	case p.isWord("CONSTRUCT"):
		q = p.constructQuery()
	case p.isWord("DESCRIBE"):
		q = p.describeQuery()
	case p.isWord("ASK"):
		q = p.askQuery()
	default:
		p.expected("SELECT, CONSTRUCT, DESCRIBE or ASK")
	}
	if p.tok.kind != tokEOF {
		p.expected("end of query")
	}
	q.Base = p.base
	q.Prefixes = p.prefixes
	return q
}
