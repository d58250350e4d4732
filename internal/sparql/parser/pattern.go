package parser

import (
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// group is a GroupGraphPattern as written: its elements in order. The
// translation to the algebra (§18.2.2) works on this form.
type group struct {
	elems []element
}

// element is one element of a group: *triplesElem, *filterElem,
// *optionalElem, *minusElem, *bindElem, *unionElem, *graphElem,
// *serviceElem, *valuesElem or *subSelectElem.
type element any

// pathTriple is a triple pattern whose predicate is a TermOrVar (path nil)
// or a property path (path not nil).
type pathTriple struct {
	s, p, o algebra.TermOrVar
	path    algebra.PathExpr
}

type triplesElem struct{ triples []pathTriple }
type filterElem struct{ expr algebra.Expr }
type optionalElem struct{ g *group }
type minusElem struct{ g *group }
type bindElem struct {
	expr algebra.Expr
	v    algebra.Var
	pos  int
}
type unionElem struct{ groups []*group }
type graphElem struct {
	name algebra.TermOrVar
	g    *group
}
type serviceElem struct {
	name   algebra.TermOrVar
	silent bool
	g      *group
}
type valuesElem struct{ table *algebra.Table }
type subSelectElem struct{ pattern algebra.Pattern }

// groupGraphPattern parses GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}'.
func (p *parser) groupGraphPattern() *group {
	p.enter()
	defer p.leave()
	p.expectPunct("{")
	saved := p.aggAllowed
	p.aggAllowed = false
	defer func() { p.aggAllowed = saved }()
	g := &group{}
	if p.isWord("SELECT") {
		g.elems = append(g.elems, &subSelectElem{pattern: p.subSelect()})
		if !p.isPunct("}") {
			p.expected(`"}" after the sub-query`)
		}
		p.advance()
		return g
	}
	p.block++
	// cur is the triples element that further triples join: triples
	// blocks separated only by filters form one basic graph pattern.
	var cur *triplesElem
	needDot := false // triples just ended without a '.'
	for {
		switch {
		case p.isPunct("}"):
			p.advance()
			return g
		case p.startsTriples():
			if needDot {
				p.expected(`"." between triple patterns`)
			}
			if cur == nil {
				cur = &triplesElem{}
				g.elems = append(g.elems, cur)
			}
			needDot = !p.triplesBlock(cur)
			continue
		case p.isWord("FILTER"):
			p.advance()
			g.elems = append(g.elems, &filterElem{expr: p.constraint()})
		default:
			e := p.graphPatternNotTriples()
			if e == nil {
				p.expected(`"}", a triple pattern or a graph pattern`)
			}
			g.elems = append(g.elems, e)
			cur = nil
			p.block++
		}
		needDot = false
		p.acceptPunct(".")
	}
}

// graphPatternNotTriples parses the elements other than triples and
// filters, or returns nil if the current token starts none.
func (p *parser) graphPatternNotTriples() element {
	switch {
	case p.isPunct("{"):
		u := &unionElem{groups: []*group{p.groupGraphPattern()}}
		for p.acceptWord("UNION") {
			u.groups = append(u.groups, p.groupGraphPattern())
		}
		return u
	case p.isWord("OPTIONAL"):
		p.advance()
		return &optionalElem{g: p.groupGraphPattern()}
	case p.isWord("MINUS"):
		p.advance()
		return &minusElem{g: p.groupGraphPattern()}
	case p.isWord("GRAPH"):
		p.advance()
		name := p.varOrIRI()
		return &graphElem{name: name, g: p.groupGraphPattern()}
	case p.isWord("SERVICE"):
		p.advance()
		silent := p.acceptWord("SILENT")
		name := p.varOrIRI()
		return &serviceElem{name: name, silent: silent, g: p.groupGraphPattern()}
	case p.isWord("BIND"):
		p.advance()
		p.expectPunct("(")
		e := p.expression()
		p.expectWord("AS")
		pos := p.tok.pos
		v := p.variable()
		p.expectPunct(")")
		return &bindElem{expr: e, v: v, pos: pos}
	case p.isWord("VALUES"):
		p.advance()
		return &valuesElem{table: p.dataBlock()}
	}
	return nil
}

func (p *parser) varOrIRI() algebra.TermOrVar {
	if p.tok.kind == tokVar {
		return algebra.VarNode(p.variable())
	}
	if p.isIRI() {
		return algebra.TermNode(rdf.IRI(p.iri()))
	}
	p.expected("a variable or an IRI")
	return algebra.TermOrVar{}
}

// startsTriples reports whether the current token can start
// TriplesSameSubject(Path): a term, a variable, '(' or '['.
func (p *parser) startsTriples() bool {
	switch p.tok.kind {
	case tokVar, tokIRI, tokPName, tokBlank, tokString, tokInteger, tokDecimal, tokDouble:
		return true
	case tokWord:
		return p.isWord("true") || p.isWord("false")
	case tokPunct:
		return p.tok.text == "(" || p.tok.text == "["
	}
	return false
}

// triplesBlock parses TriplesBlock into e, and reports whether it ended
// with a '.'.
func (p *parser) triplesBlock(e *triplesElem) bool {
	for p.startsTriples() {
		e.triples = append(e.triples, p.triplesSameSubject()...)
		if !p.acceptPunct(".") {
			return false
		}
	}
	return true
}

// triplesSameSubject parses TriplesSameSubject(Path) and returns its
// triples in the order §18.2.2.1 expands them.
func (p *parser) triplesSameSubject() []pathTriple {
	var out []pathTriple
	if p.startsTriplesNode() {
		subj := p.triplesNode(&out)
		if p.startsVerb() {
			p.propertyListNotEmpty(subj, &out)
		}
		return out
	}
	subj := p.varOrTerm()
	p.propertyListNotEmpty(subj, &out)
	return out
}

func (p *parser) startsVerb() bool {
	return p.tok.kind == tokVar || p.isIRI() || (p.tok.kind == tokWord && p.tok.text == "a") ||
		(p.mode == modePattern && (p.isPunct("^") || p.isPunct("!") || p.isPunct("(")))
}

// propertyListNotEmpty parses PropertyList(Path)NotEmpty for subject subj.
func (p *parser) propertyListNotEmpty(subj algebra.TermOrVar, out *[]pathTriple) {
	for {
		verb, path := p.verb()
		for {
			// The triple comes before those of a nested blank node or
			// collection, so that variables appear in reading order.
			var nested []pathTriple
			obj := p.graphNode(&nested)
			*out = append(*out, pathTriple{s: subj, p: verb, o: obj, path: path})
			*out = append(*out, nested...)
			if !p.acceptPunct(",") {
				break
			}
		}
		if !p.isPunct(";") {
			return
		}
		for p.acceptPunct(";") {
		}
		if !p.startsVerb() {
			return
		}
	}
}

// verb parses a predicate: a variable, or (in patterns) a property path,
// returned as a TermOrVar when it is a plain IRI.
func (p *parser) verb() (algebra.TermOrVar, algebra.PathExpr) {
	if p.tok.kind == tokVar {
		if p.mode == modeInsertData || p.mode == modeDeleteData {
			p.errorf("variables are not allowed in INSERT DATA or DELETE DATA")
		}
		return algebra.VarNode(p.variable()), nil
	}
	if p.mode != modePattern {
		if p.tok.kind == tokWord && p.tok.text == "a" {
			p.advance()
			return algebra.TermNode(rdf.Type), nil
		}
		if !p.isIRI() {
			p.expected(`a predicate (an IRI, "a" or a variable)`)
		}
		return algebra.TermNode(rdf.IRI(p.iri())), nil
	}
	if !p.startsVerb() {
		p.expected(`a predicate (an IRI, "a", a variable or a property path)`)
	}
	path := p.path()
	if link, ok := path.(algebra.PathLink); ok {
		return algebra.TermNode(rdf.IRI(link.IRI)), nil
	}
	return algebra.TermOrVar{}, path
}

// graphNode parses GraphNode(Path): a term, a variable, a collection or a
// blank-node property list (whose triples go to out).
func (p *parser) graphNode(out *[]pathTriple) algebra.TermOrVar {
	if p.startsTriplesNode() {
		return p.triplesNode(out)
	}
	return p.varOrTerm()
}

// startsTriplesNode reports whether a collection or a blank-node property
// list starts here (not the terms NIL "()" and ANON "[]").
func (p *parser) startsTriplesNode() bool {
	return (p.isPunct("[") && !isPunctTok(p.peek(), "]")) || (p.isPunct("(") && !isPunctTok(p.peek(), ")"))
}

// triplesNode parses a collection or a blank-node property list.
func (p *parser) triplesNode(out *[]pathTriple) algebra.TermOrVar {
	p.enter()
	defer p.leave()
	pos := p.tok.pos
	if p.acceptPunct("[") {
		node := p.anonBlank(pos)
		p.propertyListNotEmpty(node, out)
		p.expectPunct("]")
		return node
	}
	p.expectPunct("(")
	var items []algebra.TermOrVar
	for !p.isPunct(")") {
		if p.tok.kind == tokEOF {
			p.expected(`")" to close the collection`)
		}
		items = append(items, p.graphNode(out))
	}
	p.advance()
	// ( a b ) is _:l1 rdf:first a; rdf:rest _:l2. _:l2 rdf:first b; rdf:rest rdf:nil.
	nodes := make([]algebra.TermOrVar, len(items))
	for i := range items {
		nodes[i] = p.anonBlank(pos)
	}
	first, rest, nilNode := algebra.TermNode(rdf.IRI(rdf.RDFFirst)), algebra.TermNode(rdf.IRI(rdf.RDFRest)), algebra.TermNode(rdf.IRI(rdf.RDFNil))
	for i, item := range items {
		next := nilNode
		if i+1 < len(items) {
			next = nodes[i+1]
		}
		*out = append(*out, pathTriple{s: nodes[i], p: first, o: item}, pathTriple{s: nodes[i], p: rest, o: next})
	}
	return nodes[0]
}

// varOrTerm parses Var | GraphTerm.
func (p *parser) varOrTerm() algebra.TermOrVar {
	switch p.tok.kind {
	case tokVar:
		if p.mode == modeInsertData || p.mode == modeDeleteData {
			p.errorf("variables are not allowed in INSERT DATA or DELETE DATA")
		}
		return algebra.VarNode(p.variable())
	case tokIRI, tokPName:
		return algebra.TermNode(rdf.IRI(p.iri()))
	case tokBlank:
		t := p.advance()
		return p.labelledBlank(t.text, t.pos)
	case tokPunct:
		switch {
		case p.isPunct("[") && isPunctTok(p.peek(), "]"):
			pos := p.advance().pos
			p.advance()
			return p.anonBlank(pos)
		case p.isPunct("(") && isPunctTok(p.peek(), ")"):
			p.advance()
			p.advance()
			return algebra.TermNode(rdf.IRI(rdf.RDFNil))
		}
	}
	if t, ok := p.literal(); ok {
		return algebra.TermNode(t)
	}
	p.expected("a variable, an IRI, a literal or a blank node")
	return algebra.TermOrVar{}
}

// labelledBlank returns the node for _:label: a hidden variable in
// patterns, a blank node in templates.
func (p *parser) labelledBlank(label string, pos int) algebra.TermOrVar {
	switch p.mode {
	case modeDeleteTmpl, modeDeleteData:
		p.errorAt(pos, "blank nodes are not allowed in DELETE templates or DELETE DATA")
	case modeTemplate:
		return algebra.TermNode(rdf.Blank(label))
	case modeInsertData:
		if op, ok := p.dataBlanks[label]; ok && op != p.operation {
			p.errorAt(pos, "blank node _:"+label+" is used in two update operations")
		}
		p.dataBlanks[label] = p.operation
		return algebra.TermNode(rdf.Blank(label))
	}
	if b, ok := p.blankBlock[label]; ok && b != p.block {
		p.errorAt(pos, "blank node _:"+label+" is used in two basic graph patterns")
	}
	p.blankBlock[label] = p.block
	return algebra.VarNode(algebra.Var("?" + label))
}

// anonBlank returns a fresh anonymous blank node (or hidden variable) for
// the [ ] or collection written at pos.
func (p *parser) anonBlank(pos int) algebra.TermOrVar {
	switch p.mode {
	case modeDeleteTmpl, modeDeleteData:
		p.errorAt(pos, "blank nodes are not allowed in DELETE templates or DELETE DATA")
	case modeTemplate, modeInsertData:
		p.fresh++
		return algebra.TermNode(rdf.Blank("." + strconv.Itoa(p.fresh)))
	}
	return algebra.VarNode(p.freshVar())
}

// freshVar returns a new hidden variable.
func (p *parser) freshVar() algebra.Var {
	p.fresh++
	return algebra.Var("?." + strconv.Itoa(p.fresh))
}

// path parses Path ::= PathAlternative.
func (p *parser) path() algebra.PathExpr {
	p.enter()
	defer p.leave()
	left := p.pathSequence()
	for p.acceptPunct("|") {
		left = &algebra.PathAlternative{Left: left, Right: p.pathSequence()}
	}
	return left
}

func (p *parser) pathSequence() algebra.PathExpr {
	left := p.pathEltOrInverse()
	for p.acceptPunct("/") {
		left = &algebra.PathSequence{Left: left, Right: p.pathEltOrInverse()}
	}
	return left
}

func (p *parser) pathEltOrInverse() algebra.PathExpr {
	if p.acceptPunct("^") {
		return &algebra.PathInverse{Path: p.pathElt()}
	}
	return p.pathElt()
}

func (p *parser) pathElt() algebra.PathExpr {
	prim := p.pathPrimary()
	switch {
	case p.isPunct("?"):
		p.advance()
		return &algebra.PathZeroOrOne{Path: prim}
	case p.isPunct("*"):
		p.advance()
		return &algebra.PathZeroOrMore{Path: prim}
	case p.isPunct("+"):
		p.advance()
		return &algebra.PathOneOrMore{Path: prim}
	}
	return prim
}

func (p *parser) pathPrimary() algebra.PathExpr {
	switch {
	case p.isIRI():
		return algebra.PathLink{IRI: p.iri()}
	case p.tok.kind == tokWord && p.tok.text == "a":
		p.advance()
		return algebra.PathLink{IRI: rdf.RDFType}
	case p.acceptPunct("!"):
		return p.negatedPropertySet()
	case p.isPunct("("):
		p.advance()
		inner := p.path()
		p.expectPunct(")")
		return inner
	}
	p.expected(`an IRI, "a", "!", "^" or "(" in a property path`)
	return nil
}

// negatedPropertySet parses the set after '!'.
func (p *parser) negatedPropertySet() algebra.PathExpr {
	n := &algebra.PathNegated{}
	one := func() {
		inverse := p.acceptPunct("^")
		var iri string
		if p.tok.kind == tokWord && p.tok.text == "a" {
			p.advance()
			iri = rdf.RDFType
		} else if p.isIRI() {
			iri = p.iri()
		} else {
			p.expected(`an IRI or "a" in a negated property set`)
		}
		if inverse {
			n.Inverse = append(n.Inverse, iri)
		} else {
			n.Forward = append(n.Forward, iri)
		}
	}
	if p.acceptPunct("(") {
		if p.acceptPunct(")") {
			return n
		}
		one()
		for p.acceptPunct("|") {
			one()
		}
		p.expectPunct(")")
		return n
	}
	one()
	return n
}
