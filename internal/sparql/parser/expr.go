package parser

import (
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// builtinArity gives the number of arguments of each built-in function
// called with an ArgList: min and max (max < 0: any number).
var builtinArity = map[string][2]int{
	"STR": {1, 1}, "LANG": {1, 1}, "LANGMATCHES": {2, 2}, "DATATYPE": {1, 1}, "BOUND": {1, 1},
	"IRI": {1, 1}, "URI": {1, 1}, "BNODE": {0, 1}, "RAND": {0, 0}, "ABS": {1, 1}, "CEIL": {1, 1},
	"FLOOR": {1, 1}, "ROUND": {1, 1}, "CONCAT": {0, -1}, "SUBSTR": {2, 3}, "STRLEN": {1, 1},
	"REPLACE": {3, 4}, "UCASE": {1, 1}, "LCASE": {1, 1}, "ENCODE_FOR_URI": {1, 1}, "CONTAINS": {2, 2},
	"STRSTARTS": {2, 2}, "STRENDS": {2, 2}, "STRBEFORE": {2, 2}, "STRAFTER": {2, 2}, "YEAR": {1, 1},
	"MONTH": {1, 1}, "DAY": {1, 1}, "HOURS": {1, 1}, "MINUTES": {1, 1}, "SECONDS": {1, 1},
	"TIMEZONE": {1, 1}, "TZ": {1, 1}, "NOW": {0, 0}, "UUID": {0, 0}, "STRUUID": {0, 0}, "MD5": {1, 1},
	"SHA1": {1, 1}, "SHA256": {1, 1}, "SHA384": {1, 1}, "SHA512": {1, 1}, "COALESCE": {0, -1},
	"IF": {3, 3}, "STRLANG": {2, 2}, "STRDT": {2, 2}, "SAMETERM": {2, 2}, "ISIRI": {1, 1},
	"ISURI": {1, 1}, "ISBLANK": {1, 1}, "ISLITERAL": {1, 1}, "ISNUMERIC": {1, 1}, "REGEX": {2, 3},
}

var aggregateFuncs = map[string]algebra.AggregateFunc{
	"COUNT": algebra.AggCount, "SUM": algebra.AggSum, "MIN": algebra.AggMin, "MAX": algebra.AggMax,
	"AVG": algebra.AggAvg, "SAMPLE": algebra.AggSample, "GROUP_CONCAT": algebra.AggGroupConcat,
}

// isBuiltinCall reports whether the current token starts a BuiltInCall
// (which includes aggregates and EXISTS).
func (p *parser) isBuiltinCall() bool {
	if p.tok.kind != tokWord {
		return false
	}
	name := strings.ToUpper(p.tok.text)
	if _, ok := builtinArity[name]; ok {
		return true
	}
	if _, ok := aggregateFuncs[name]; ok {
		return true
	}
	return name == "EXISTS" || (name == "NOT" && isWordTok(p.peek(), "EXISTS"))
}

// expression parses Expression ::= ConditionalOrExpression.
func (p *parser) expression() algebra.Expr {
	p.enter()
	defer p.leave()
	left := p.andExpression()
	for p.acceptPunct("||") {
		left = &algebra.Binary{Op: algebra.OpOr, Left: left, Right: p.andExpression()}
	}
	return left
}

func (p *parser) andExpression() algebra.Expr {
	left := p.relationalExpression()
	for p.acceptPunct("&&") {
		left = &algebra.Binary{Op: algebra.OpAnd, Left: left, Right: p.relationalExpression()}
	}
	return left
}

var relationalOps = map[string]algebra.BinaryOp{
	"=": algebra.OpEqual, "!=": algebra.OpNotEqual, "<": algebra.OpLess, ">": algebra.OpGreater,
	"<=": algebra.OpLessOrEqual, ">=": algebra.OpGreaterOrEqual,
}

func (p *parser) relationalExpression() algebra.Expr {
	left := p.additiveExpression()
	if p.tok.kind == tokPunct {
		if op, ok := relationalOps[p.tok.text]; ok {
			p.advance()
			return &algebra.Binary{Op: op, Left: left, Right: p.additiveExpression()}
		}
	}
	if p.acceptWord("IN") {
		return &algebra.In{Expr: left, List: p.expressionList()}
	}
	if p.isWord("NOT") && isWordTok(p.peek(), "IN") {
		p.advance()
		p.advance()
		return &algebra.In{Expr: left, List: p.expressionList(), Not: true}
	}
	return left
}

// expressionList parses ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')'.
func (p *parser) expressionList() []algebra.Expr {
	p.expectPunct("(")
	list := []algebra.Expr{}
	if p.acceptPunct(")") {
		return list
	}
	for {
		list = append(list, p.expression())
		if !p.acceptPunct(",") {
			break
		}
	}
	p.expectPunct(")")
	return list
}

// isSignedNumber reports whether the current token is a numeric literal
// written with a sign, which after an operand acts as + or -.
func (p *parser) isSignedNumber() bool {
	switch p.tok.kind {
	case tokInteger, tokDecimal, tokDouble:
		return p.tok.text[0] == '+' || p.tok.text[0] == '-'
	}
	return false
}

func (p *parser) additiveExpression() algebra.Expr {
	left := p.multiplicativeExpression()
	for {
		switch {
		case p.isPunct("+"):
			p.advance()
			left = &algebra.Binary{Op: algebra.OpAdd, Left: left, Right: p.multiplicativeExpression()}
		case p.isPunct("-"):
			p.advance()
			left = &algebra.Binary{Op: algebra.OpSubtract, Left: left, Right: p.multiplicativeExpression()}
		case p.isSignedNumber():
			// "?x +1" is ?x + 1: the sign of the literal is the operator.
			op := algebra.OpAdd
			if p.tok.text[0] == '-' {
				op = algebra.OpSubtract
			}
			t := p.advance()
			t.text = t.text[1:]
			right := p.multiplicativeTail(algebra.Const{Term: numberTerm(t)})
			left = &algebra.Binary{Op: op, Left: left, Right: right}
		default:
			return left
		}
	}
}

func numberTerm(t token) rdf.Term {
	switch t.kind {
	case tokDecimal:
		return rdf.Literal(t.text, rdf.XSDDecimal)
	case tokDouble:
		return rdf.Literal(t.text, rdf.XSDDouble)
	}
	return rdf.Literal(t.text, rdf.XSDInteger)
}

func (p *parser) multiplicativeExpression() algebra.Expr {
	return p.multiplicativeTail(p.unaryExpression())
}

func (p *parser) multiplicativeTail(left algebra.Expr) algebra.Expr {
	for {
		switch {
		case p.isPunct("*"):
			p.advance()
			left = &algebra.Binary{Op: algebra.OpMultiply, Left: left, Right: p.unaryExpression()}
		case p.isPunct("/"):
			p.advance()
			left = &algebra.Binary{Op: algebra.OpDivide, Left: left, Right: p.unaryExpression()}
		default:
			return left
		}
	}
}

func (p *parser) unaryExpression() algebra.Expr {
	var op algebra.UnaryOp
	switch {
	case p.isPunct("!"):
		op = algebra.OpNot
	case p.isPunct("+"):
		op = algebra.OpPlus
	case p.isPunct("-"):
		op = algebra.OpMinus
	default:
		return p.primaryExpression()
	}
	p.advance()
	p.enter()
	defer p.leave()
	return &algebra.Unary{Op: op, Arg: p.primaryExpressionOrUnary()}
}

// primaryExpressionOrUnary parses the operand of a unary operator. The
// grammar allows only a PrimaryExpression there; "!!x" is accepted as
// "!(!x)", as Jena and rdflib do.
func (p *parser) primaryExpressionOrUnary() algebra.Expr {
	if p.isPunct("!") {
		return p.unaryExpression()
	}
	return p.primaryExpression()
}

func (p *parser) primaryExpression() algebra.Expr {
	switch p.tok.kind {
	case tokVar:
		return p.variable()
	case tokIRI, tokPName:
		return p.iriOrFunction()
	case tokPunct:
		if p.isPunct("(") {
			return p.brackettedExpression()
		}
	case tokWord:
		if p.isBuiltinCall() {
			return p.builtinCall()
		}
	}
	if t, ok := p.literal(); ok {
		return algebra.Const{Term: t}
	}
	p.expected("an expression")
	return nil
}

func (p *parser) brackettedExpression() algebra.Expr {
	p.expectPunct("(")
	e := p.expression()
	p.expectPunct(")")
	return e
}

// iriOrFunction parses an IRI constant or a function call by IRI.
func (p *parser) iriOrFunction() algebra.Expr {
	iri := p.iri()
	if !p.isPunct("(") {
		return algebra.Const{Term: rdf.IRI(iri)}
	}
	args, distinct := p.argList()
	return &algebra.FuncCall{IRI: iri, Args: args, Distinct: distinct}
}

// functionOrBuiltinCall parses FunctionCall (an IRI with arguments) or
// BuiltInCall.
func (p *parser) functionOrBuiltinCall() algebra.Expr {
	if p.isBuiltinCall() {
		return p.builtinCall()
	}
	iri := p.iri()
	if !p.isPunct("(") {
		p.expected(`"(" and the arguments of the function`)
	}
	args, distinct := p.argList()
	return &algebra.FuncCall{IRI: iri, Args: args, Distinct: distinct}
}

// argList parses ArgList ::= NIL | '(' 'DISTINCT'? Expression ( ',' Expression )* ')'.
func (p *parser) argList() ([]algebra.Expr, bool) {
	p.expectPunct("(")
	if p.acceptPunct(")") {
		return nil, false
	}
	distinct := p.acceptWord("DISTINCT")
	var args []algebra.Expr
	for {
		args = append(args, p.expression())
		if !p.acceptPunct(",") {
			break
		}
	}
	p.expectPunct(")")
	return args, distinct
}

// builtinCall parses BuiltInCall; the current token is its name.
func (p *parser) builtinCall() algebra.Expr {
	nameTok := p.tok
	name := strings.ToUpper(nameTok.text)
	if f, ok := aggregateFuncs[name]; ok {
		return p.aggregate(f)
	}
	switch name {
	case "EXISTS":
		p.advance()
		return &algebra.Exists{Pattern: p.translateGroup(p.groupGraphPattern())}
	case "NOT":
		p.advance()
		p.expectWord("EXISTS")
		return &algebra.Exists{Pattern: p.translateGroup(p.groupGraphPattern()), Not: true}
	}
	p.advance()
	if !p.isPunct("(") {
		p.expected(`"(" after ` + name)
	}
	var args []algebra.Expr
	if name == "BOUND" {
		p.advance()
		args = []algebra.Expr{p.variable()}
		p.expectPunct(")")
	} else {
		args = p.expressionList()
	}
	arity := builtinArity[name]
	if len(args) < arity[0] || (arity[1] >= 0 && len(args) > arity[1]) {
		p.errorAt(nameTok.pos, name+" "+arityText(arity))
	}
	switch name {
	case "URI":
		name = "IRI"
	case "ISURI":
		name = "ISIRI"
	}
	return &algebra.Call{Name: name, Args: args}
}

func arityText(a [2]int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	switch {
	case a[0] == a[1]:
		return "takes " + plural(a[0])
	case a[1] < 0:
		return "takes at least " + plural(a[0])
	}
	return "takes " + strconv.Itoa(a[0]) + " to " + plural(a[1])
}

// aggregate parses Aggregate; the current token is the function's name.
func (p *parser) aggregate(f algebra.AggregateFunc) algebra.Expr {
	nameTok := p.advance()
	if !p.aggAllowed {
		p.errorAt(nameTok.pos, "aggregate "+strings.ToUpper(nameTok.text)+" is not allowed here")
	}
	p.aggAllowed = false // no aggregates inside aggregates
	defer func() { p.aggAllowed = true }()
	p.expectPunct("(")
	agg := &algebra.Aggregate{Func: f, Distinct: p.acceptWord("DISTINCT")}
	if f == algebra.AggCount && p.acceptPunct("*") {
		p.expectPunct(")")
		return agg
	}
	agg.Expr = p.expression()
	if f == algebra.AggGroupConcat {
		agg.Separator = " "
		if p.acceptPunct(";") {
			p.expectWord("SEPARATOR")
			p.expectPunct("=")
			if p.tok.kind != tokString {
				p.expected("a string after SEPARATOR =")
			}
			sep := p.advance()
			if p.tok.kind == tokLangTag || p.isPunct("^^") {
				p.expected(`")" (the separator is a simple string)`)
			}
			agg.Separator = sep.text
		}
	}
	p.expectPunct(")")
	return agg
}
