package parser

import (
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// selectItem is one projection of a SELECT clause: a variable, or an
// expression bound to a variable when expr is not nil.
type selectItem struct {
	v    algebra.Var
	expr algebra.Expr
	pos  int
}

// selectClause is the SELECT clause as written.
type selectClause struct {
	distinct, reduced bool
	star              bool
	items             []selectItem
	pos               int
}

// groupCondition is one GROUP BY condition as written.
type groupCondition struct {
	expr algebra.Expr
	as   algebra.Var // the variable of (expr AS ?v), if any
}

// modifiers are the solution modifiers of a query level, and its VALUES.
type modifiers struct {
	groupBy       []groupCondition
	having        []algebra.Expr
	orderBy       []algebra.OrderCondition
	offset, limit int64
	values        *algebra.Table
}

func (p *parser) selectQuery() *algebra.Query {
	sel := p.selectClause()
	ds := p.datasetClauses()
	where := p.whereClause()
	mods := p.solutionModifier()
	mods.values = p.valuesClause()
	pattern, vars := p.translateQueryLevel(algebra.FormSelect, sel, where, mods)
	return &algebra.Query{Form: algebra.FormSelect, Dataset: ds, Pattern: pattern, Vars: vars}
}

// subSelect parses SubSelect, whose SELECT keyword is the current token.
func (p *parser) subSelect() algebra.Pattern {
	sel := p.selectClause()
	where := p.whereClause()
	mods := p.solutionModifier()
	mods.values = p.valuesClause()
	pattern, _ := p.translateQueryLevel(algebra.FormSelect, sel, where, mods)
	return pattern
}

func (p *parser) selectClause() *selectClause {
	sel := &selectClause{pos: p.expectWord("SELECT").pos}
	if p.acceptWord("DISTINCT") {
		sel.distinct = true
	} else if p.acceptWord("REDUCED") {
		sel.reduced = true
	}
	if p.acceptPunct("*") {
		sel.star = true
		return sel
	}
	for {
		if p.tok.kind == tokVar {
			pos := p.tok.pos
			sel.items = append(sel.items, selectItem{v: p.variable(), pos: pos})
		} else if p.acceptPunct("(") {
			e := p.expressionWithAggregates()
			p.expectWord("AS")
			pos := p.tok.pos
			v := p.variable()
			p.expectPunct(")")
			sel.items = append(sel.items, selectItem{v: v, expr: e, pos: pos})
		} else {
			break
		}
	}
	if len(sel.items) == 0 {
		p.expected(`"*", a variable or "(" expression AS variable ")"`)
	}
	return sel
}

// expressionWithAggregates parses an Expression in which aggregates may
// appear (SELECT expressions, HAVING, ORDER BY).
func (p *parser) expressionWithAggregates() algebra.Expr {
	saved := p.aggAllowed
	p.aggAllowed = true
	defer func() { p.aggAllowed = saved }()
	return p.expression()
}

func (p *parser) datasetClauses() *algebra.Dataset {
	var ds *algebra.Dataset
	for p.acceptWord("FROM") {
		if ds == nil {
			ds = &algebra.Dataset{}
		}
		if p.acceptWord("NAMED") {
			ds.Named = append(ds.Named, p.iri())
		} else {
			ds.Default = append(ds.Default, p.iri())
		}
	}
	return ds
}

// whereClause parses WhereClause ::= 'WHERE'? GroupGraphPattern and
// translates it.
func (p *parser) whereClause() algebra.Pattern {
	p.acceptWord("WHERE")
	if !p.isPunct("{") {
		p.expected(`"{" to start the WHERE clause`)
	}
	return p.translateGroup(p.groupGraphPattern())
}

func (p *parser) constructQuery() *algebra.Query {
	p.expectWord("CONSTRUCT")
	q := &algebra.Query{Form: algebra.FormConstruct}
	var where algebra.Pattern
	if p.isPunct("{") {
		p.advance()
		q.Template = p.tripleTemplate(modeTemplate)
		p.expectPunct("}")
		q.Dataset = p.datasetClauses()
		where = p.whereClause()
	} else {
		// CONSTRUCT WHERE { triples }: the template is the pattern.
		q.Dataset = p.datasetClauses()
		p.expectWord("WHERE")
		p.expectPunct("{")
		q.Template = p.tripleTemplate(modeTemplate)
		p.expectPunct("}")
		where = p.templateAsPattern(q.Template)
	}
	mods := p.solutionModifier()
	mods.values = p.valuesClause()
	q.Pattern, _ = p.translateQueryLevel(algebra.FormConstruct, nil, where, mods)
	return q
}

// tripleTemplate parses TriplesTemplate? in the given mode.
func (p *parser) tripleTemplate(mode tripleMode) []algebra.TriplePattern {
	saved := p.mode
	p.mode = mode
	defer func() { p.mode = saved }()
	var out []algebra.TriplePattern
	for p.startsTriples() {
		for _, t := range p.triplesSameSubject() {
			out = append(out, algebra.TriplePattern{S: t.s, P: t.p, O: t.o})
		}
		if !p.acceptPunct(".") {
			break
		}
	}
	return out
}

// templateAsPattern turns the triples of CONSTRUCT WHERE into a basic
// graph pattern, blank nodes becoming hidden variables.
func (p *parser) templateAsPattern(ts []algebra.TriplePattern) algebra.Pattern {
	p.block++
	conv := func(n algebra.TermOrVar) algebra.TermOrVar {
		if n.Term.IsBlank() {
			return algebra.VarNode(algebra.Var("?" + n.Term.Value))
		}
		return n
	}
	bgp := &algebra.BGP{}
	for _, t := range ts {
		bgp.Triples = append(bgp.Triples, algebra.TriplePattern{S: conv(t.S), P: conv(t.P), O: conv(t.O)})
	}
	return bgp
}

func (p *parser) describeQuery() *algebra.Query {
	p.expectWord("DESCRIBE")
	q := &algebra.Query{Form: algebra.FormDescribe}
	star := p.acceptPunct("*")
	if !star {
		for p.tok.kind == tokVar || p.isIRI() {
			if p.tok.kind == tokVar {
				q.Describe = append(q.Describe, algebra.VarNode(p.variable()))
			} else {
				q.Describe = append(q.Describe, algebra.TermNode(rdf.IRI(p.iri())))
			}
		}
		if len(q.Describe) == 0 {
			p.expected(`"*", a variable or an IRI after DESCRIBE`)
		}
	}
	q.Dataset = p.datasetClauses()
	var where algebra.Pattern = algebra.Unit()
	if p.isWord("WHERE") || p.isPunct("{") {
		where = p.whereClause()
	}
	mods := p.solutionModifier()
	mods.values = p.valuesClause()
	q.Pattern, _ = p.translateQueryLevel(algebra.FormDescribe, nil, where, mods)
	if star {
		q.Vars = algebra.VisibleVars(q.Pattern)
		for _, v := range q.Vars {
			q.Describe = append(q.Describe, algebra.VarNode(v))
		}
	}
	return q
}

func (p *parser) askQuery() *algebra.Query {
	p.expectWord("ASK")
	q := &algebra.Query{Form: algebra.FormAsk}
	q.Dataset = p.datasetClauses()
	where := p.whereClause()
	mods := p.solutionModifier()
	mods.values = p.valuesClause()
	q.Pattern, _ = p.translateQueryLevel(algebra.FormAsk, nil, where, mods)
	return q
}

// solutionModifier parses GroupClause? HavingClause? OrderClause?
// LimitOffsetClauses?.
func (p *parser) solutionModifier() *modifiers {
	m := &modifiers{limit: -1}
	if p.isWord("GROUP") {
		p.advance()
		p.expectWord("BY")
		for {
			var c groupCondition
			switch {
			case p.tok.kind == tokVar:
				c.expr = p.variable()
			case p.acceptPunct("("):
				c.expr = p.expression()
				if p.acceptWord("AS") {
					c.as = p.variable()
				}
				p.expectPunct(")")
			case p.isBuiltinCall() || p.isIRI():
				c.expr = p.functionOrBuiltinCall()
			}
			if c.expr == nil {
				break
			}
			m.groupBy = append(m.groupBy, c)
		}
		if len(m.groupBy) == 0 {
			p.expected("a GROUP BY condition")
		}
	}
	if p.acceptWord("HAVING") {
		saved := p.aggAllowed
		p.aggAllowed = true
		for len(m.having) == 0 || p.startsConstraint() {
			m.having = append(m.having, p.constraint())
		}
		p.aggAllowed = saved
	}
	if p.isWord("ORDER") {
		p.advance()
		p.expectWord("BY")
		saved := p.aggAllowed
		p.aggAllowed = true
		for len(m.orderBy) == 0 || p.startsOrderCondition() {
			m.orderBy = append(m.orderBy, p.orderCondition())
		}
		p.aggAllowed = saved
	}
	// LIMIT and OFFSET, each at most once, in either order.
	for seenLimit, seenOffset := false, false; ; {
		if !seenLimit && p.acceptWord("LIMIT") {
			seenLimit = true
			m.limit = p.nonNegativeInteger("LIMIT")
		} else if !seenOffset && p.acceptWord("OFFSET") {
			seenOffset = true
			m.offset = p.nonNegativeInteger("OFFSET")
		} else {
			break
		}
	}
	return m
}

func (p *parser) nonNegativeInteger(clause string) int64 {
	if p.tok.kind != tokInteger || p.tok.text[0] == '+' || p.tok.text[0] == '-' {
		p.expected("an integer after " + clause)
	}
	t := p.advance()
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil {
		p.errorAt(t.pos, clause+" value is too large")
	}
	return n
}

func (p *parser) startsConstraint() bool {
	return p.isPunct("(") || p.isBuiltinCall() || p.isIRI()
}

func (p *parser) startsOrderCondition() bool {
	return p.isWord("ASC") || p.isWord("DESC") || p.tok.kind == tokVar || p.startsConstraint()
}

func (p *parser) orderCondition() algebra.OrderCondition {
	switch {
	case p.isWord("ASC") || p.isWord("DESC"):
		desc := p.isWord("DESC")
		p.advance()
		if !p.isPunct("(") {
			p.expected(`"(" after ASC or DESC`)
		}
		return algebra.OrderCondition{Expr: p.brackettedExpression(), Descending: desc}
	case p.tok.kind == tokVar:
		return algebra.OrderCondition{Expr: p.variable()}
	case p.startsConstraint():
		return algebra.OrderCondition{Expr: p.constraint()}
	}
	p.expected("an ORDER BY condition")
	return algebra.OrderCondition{}
}

// constraint parses Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall.
func (p *parser) constraint() algebra.Expr {
	if p.isPunct("(") {
		return p.brackettedExpression()
	}
	if p.isBuiltinCall() || p.isIRI() {
		return p.functionOrBuiltinCall()
	}
	p.expected(`"(", a function call or a built-in call`)
	return nil
}

// valuesClause parses ValuesClause ::= ( 'VALUES' DataBlock )?.
func (p *parser) valuesClause() *algebra.Table {
	if !p.acceptWord("VALUES") {
		return nil
	}
	return p.dataBlock()
}

// dataBlock parses InlineDataOneVar | InlineDataFull.
func (p *parser) dataBlock() *algebra.Table {
	t := &algebra.Table{}
	if p.tok.kind == tokVar {
		t.Vars = []algebra.Var{p.variable()}
		p.expectPunct("{")
		for !p.isPunct("}") {
			t.Rows = append(t.Rows, []rdf.Term{p.dataBlockValue()})
		}
		p.advance()
		return t
	}
	if !p.isPunct("(") {
		p.expected(`a variable or "(" after VALUES`)
	}
	p.advance()
	for p.tok.kind == tokVar {
		t.Vars = append(t.Vars, p.variable())
	}
	p.expectPunct(")")
	p.expectPunct("{")
	for p.isPunct("(") {
		rowPos := p.advance().pos
		row := make([]rdf.Term, 0, len(t.Vars))
		for !p.isPunct(")") {
			row = append(row, p.dataBlockValue())
		}
		p.advance()
		if len(row) != len(t.Vars) {
			p.errorAt(rowPos, "VALUES row has "+strconv.Itoa(len(row))+" values for "+strconv.Itoa(len(t.Vars))+" variables")
		}
		t.Rows = append(t.Rows, row)
	}
	p.expectPunct("}")
	return t
}

// dataBlockValue parses an IRI, a literal or UNDEF (the zero Term).
func (p *parser) dataBlockValue() rdf.Term {
	if p.acceptWord("UNDEF") {
		return rdf.Term{}
	}
	if p.isIRI() {
		return rdf.IRI(p.iri())
	}
	if t, ok := p.literal(); ok {
		return t
	}
	p.expected("an IRI, a literal or UNDEF")
	return rdf.Term{}
}
