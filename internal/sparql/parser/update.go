package parser

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// updateUnit parses UpdateUnit ::= Update EOF, where
// Update ::= Prologue ( Update1 ( ';' Update )? )?.
func (p *parser) updateUnit() *algebra.Update {
	p.start()
	u := &algebra.Update{}
	for {
		p.prologue()
		if p.tok.kind == tokEOF {
			break
		}
		// Each operation's WHERE clause is a pattern of its own: blank
		// node labels may repeat across operations (but not across
		// INSERT DATA blocks, see labelledBlank).
		p.operation++
		clear(p.blankBlock)
		u.Operations = append(u.Operations, p.update1())
		if !p.acceptPunct(";") {
			break
		}
	}
	if p.tok.kind != tokEOF {
		p.expected(`";" or end of update`)
	}
	u.Base = p.base
	return u
}

// update1 parses one update operation.
func (p *parser) update1() algebra.Operation {
	switch {
	case p.isWord("LOAD"):
		p.advance()
		op := &algebra.Load{Silent: p.acceptWord("SILENT")}
		op.Source = p.iri()
		if p.acceptWord("INTO") {
			op.Into = p.graphRef()
		}
		return op
	case p.isWord("CLEAR"):
		p.advance()
		silent := p.acceptWord("SILENT")
		return &algebra.Clear{Silent: silent, Target: p.graphRefAll()}
	case p.isWord("DROP"):
		p.advance()
		silent := p.acceptWord("SILENT")
		return &algebra.Drop{Silent: silent, Target: p.graphRefAll()}
	case p.isWord("CREATE"):
		p.advance()
		silent := p.acceptWord("SILENT")
		return &algebra.Create{Silent: silent, Graph: p.graphRef()}
	case p.isWord("ADD"), p.isWord("MOVE"), p.isWord("COPY"):
		op := algebra.TransferAdd
		switch {
		case p.isWord("MOVE"):
			op = algebra.TransferMove
		case p.isWord("COPY"):
			op = algebra.TransferCopy
		}
		p.advance()
		t := &algebra.Transfer{Op: op, Silent: p.acceptWord("SILENT")}
		t.Source = p.graphOrDefault()
		p.expectWord("TO")
		t.Destination = p.graphOrDefault()
		return t
	case p.isWord("INSERT") && isWordTok(p.peek(), "DATA"):
		p.advance()
		p.advance()
		return &algebra.InsertData{Quads: p.groundQuads(p.quadBlock(modeInsertData))}
	case p.isWord("DELETE") && isWordTok(p.peek(), "DATA"):
		p.advance()
		p.advance()
		return &algebra.DeleteData{Quads: p.groundQuads(p.quadBlock(modeDeleteData))}
	case p.isWord("DELETE") && isWordTok(p.peek(), "WHERE"):
		p.advance()
		p.advance()
		quads := p.quadBlock(modeDeleteTmpl)
		return &algebra.Modify{Delete: quads, Pattern: quadsAsPattern(quads)}
	case p.isWord("WITH"), p.isWord("DELETE"), p.isWord("INSERT"):
		return p.modify()
	}
	p.expected("an update operation (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY or WITH)")
	return nil
}

// modify parses Modify ::= ( 'WITH' iri )? ( DeleteClause InsertClause? |
// InsertClause ) UsingClause* 'WHERE' GroupGraphPattern.
func (p *parser) modify() *algebra.Modify {
	m := &algebra.Modify{}
	if p.acceptWord("WITH") {
		m.With = p.iri()
	}
	if p.acceptWord("DELETE") {
		m.Delete = p.quadBlock(modeDeleteTmpl)
	}
	if p.acceptWord("INSERT") {
		m.Insert = p.quadBlock(modeTemplate)
	}
	if m.Delete == nil && m.Insert == nil {
		p.expected("DELETE or INSERT")
	}
	for p.acceptWord("USING") {
		if m.Using == nil {
			m.Using = &algebra.Dataset{}
		}
		if p.acceptWord("NAMED") {
			m.Using.Named = append(m.Using.Named, p.iri())
		} else {
			m.Using.Default = append(m.Using.Default, p.iri())
		}
	}
	p.expectWord("WHERE")
	if !p.isPunct("{") {
		p.expected(`"{" to start the WHERE clause`)
	}
	m.Pattern = p.translateGroup(p.groupGraphPattern())
	return m
}

func (p *parser) graphRef() string {
	p.expectWord("GRAPH")
	return p.iri()
}

func (p *parser) graphRefAll() algebra.GraphTarget {
	switch {
	case p.acceptWord("DEFAULT"):
		return algebra.GraphTarget{Kind: algebra.TargetDefault}
	case p.acceptWord("NAMED"):
		return algebra.GraphTarget{Kind: algebra.TargetNamed}
	case p.acceptWord("ALL"):
		return algebra.GraphTarget{Kind: algebra.TargetAll}
	case p.isWord("GRAPH"):
		return algebra.GraphTarget{Kind: algebra.TargetGraph, IRI: p.graphRef()}
	}
	p.expected("GRAPH <iri>, DEFAULT, NAMED or ALL")
	return algebra.GraphTarget{}
}

func (p *parser) graphOrDefault() algebra.GraphTarget {
	if p.acceptWord("DEFAULT") {
		return algebra.GraphTarget{Kind: algebra.TargetDefault}
	}
	p.acceptWord("GRAPH")
	return algebra.GraphTarget{Kind: algebra.TargetGraph, IRI: p.iri()}
}

// quadBlock parses '{' Quads '}' in the given mode. The result is never
// nil, so that an empty template is told apart from a missing one.
func (p *parser) quadBlock(mode tripleMode) []algebra.QuadPattern {
	p.expectPunct("{")
	out := []algebra.QuadPattern{}
	add := func(ts []algebra.TriplePattern, g algebra.TermOrVar) {
		for _, t := range ts {
			out = append(out, algebra.QuadPattern{S: t.S, P: t.P, O: t.O, G: g})
		}
	}
	add(p.tripleTemplate(mode), algebra.TermOrVar{})
	for p.isWord("GRAPH") {
		p.advance()
		if p.tok.kind == tokVar && (mode == modeInsertData || mode == modeDeleteData) {
			p.errorf("variables are not allowed in INSERT DATA or DELETE DATA")
		}
		g := p.varOrIRI()
		p.expectPunct("{")
		add(p.tripleTemplate(mode), g)
		p.expectPunct("}")
		p.acceptPunct(".")
		add(p.tripleTemplate(mode), algebra.TermOrVar{})
	}
	p.expectPunct("}")
	return out
}

// groundQuads converts the quads of a DATA block, which hold no variables.
func (p *parser) groundQuads(qs []algebra.QuadPattern) []rdf.Quad {
	out := make([]rdf.Quad, len(qs))
	for i, q := range qs {
		out[i] = rdf.Quad{S: q.S.Term, P: q.P.Term, O: q.O.Term, G: q.G.Term}
	}
	return out
}

// quadsAsPattern turns the quads of DELETE WHERE into its WHERE pattern:
// a BGP per run of quads in the same graph, in a GRAPH for named graphs.
func quadsAsPattern(qs []algebra.QuadPattern) algebra.Pattern {
	var result algebra.Pattern = &algebra.BGP{}
	for i := 0; i < len(qs); {
		g := qs[i].G
		bgp := &algebra.BGP{}
		for ; i < len(qs) && qs[i].G == g; i++ {
			bgp.Triples = append(bgp.Triples, qs[i].Triple())
		}
		if g.IsZero() {
			result = join(result, bgp)
		} else {
			result = join(result, &algebra.Graph{Name: g, Pattern: bgp})
		}
	}
	return result
}
