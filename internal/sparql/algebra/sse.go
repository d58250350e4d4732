package algebra

import (
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// This file writes the canonical S-expression form of every node. The
// format follows Apache Jena's SSE where it can, so that outputs can be
// compared with arq.qparse --print=op by eye.

func writeNode(b *strings.Builder, n TermOrVar) {
	if n.IsVar() {
		b.WriteString(n.Var.String())
		return
	}
	writeTerm(b, n.Term)
}

// writeTerm writes t in N-Triples syntax, abbreviating numbers and booleans
// whose lexical form SPARQL would read back as the same literal.
func writeTerm(b *strings.Builder, t rdf.Term) {
	if t.IsZero() {
		b.WriteString("UNDEF")
		return
	}
	if t.IsLiteral() && bareLiteral(t) {
		b.WriteString(t.Value)
		return
	}
	b.WriteString(t.String())
}

func bareLiteral(t rdf.Term) bool {
	v := t.Value
	switch t.Datatype {
	case rdf.XSDBoolean:
		return v == "true" || v == "false"
	case rdf.XSDInteger:
		return isSignedDigits(v)
	case rdf.XSDDecimal:
		i := strings.IndexByte(v, '.')
		return i >= 0 && i < len(v)-1 && (i == 0 || isSignedDigits(v[:i]) || v[:i] == "+" || v[:i] == "-") && isDigits(v[i+1:])
	case rdf.XSDDouble:
		i := strings.IndexAny(v, "eE")
		if i < 0 {
			return false
		}
		m, e := v[:i], v[i+1:]
		if e != "" && (e[0] == '+' || e[0] == '-') {
			e = e[1:]
		}
		if !isDigits(e) {
			return false
		}
		if m != "" && (m[0] == '+' || m[0] == '-') {
			m = m[1:]
		}
		whole, frac, _ := strings.Cut(m, ".")
		return (whole == "" || isDigits(whole)) && (frac == "" || isDigits(frac)) && whole+frac != ""
	}
	return false
}

func isSignedDigits(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return isDigits(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func writeIRI(b *strings.Builder, iri string) { b.WriteString(rdf.IRI(iri).String()) }

func writeTriple(b *strings.Builder, t TriplePattern) {
	b.WriteString("(triple ")
	writeNode(b, t.S)
	b.WriteByte(' ')
	writeNode(b, t.P)
	b.WriteByte(' ')
	writeNode(b, t.O)
	b.WriteByte(')')
}

func writeQuad(b *strings.Builder, q QuadPattern) {
	if q.G.IsZero() {
		writeTriple(b, q.Triple())
		return
	}
	b.WriteString("(quad ")
	writeNode(b, q.G)
	b.WriteByte(' ')
	writeNode(b, q.S)
	b.WriteByte(' ')
	writeNode(b, q.P)
	b.WriteByte(' ')
	writeNode(b, q.O)
	b.WriteByte(')')
}

func writeVars(b *strings.Builder, vs []Var) {
	b.WriteByte('(')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v.String())
	}
	b.WriteByte(')')
}

// writeExprs writes a conjunction: the expression itself when there is one,
// (exprlist ...) otherwise.
func writeExprs(b *strings.Builder, es []Expr) {
	if len(es) == 1 {
		es[0].writeSSE(b)
		return
	}
	b.WriteString("(exprlist")
	for _, e := range es {
		b.WriteByte(' ')
		e.writeSSE(b)
	}
	b.WriteByte(')')
}

func writeDataset(b *strings.Builder, keyword string, d *Dataset) {
	for _, g := range d.Default {
		b.WriteString(" (" + keyword + " ")
		writeIRI(b, g)
		b.WriteByte(')')
	}
	for _, g := range d.Named {
		b.WriteString(" (" + keyword + " named ")
		writeIRI(b, g)
		b.WriteByte(')')
	}
}

func str(w interface{ writeSSE(*strings.Builder) }) string {
	var b strings.Builder
	w.writeSSE(&b)
	return b.String()
}

// Patterns.

func (p *BGP) String() string      { return str(p) }
func (p *Path) String() string     { return str(p) }
func (p *Join) String() string     { return str(p) }
func (p *LeftJoin) String() string { return str(p) }
func (p *Filter) String() string   { return str(p) }
func (p *Union) String() string    { return str(p) }
func (p *Graph) String() string    { return str(p) }
func (p *Extend) String() string   { return str(p) }
func (p *Minus) String() string    { return str(p) }
func (p *Table) String() string    { return str(p) }
func (p *Group) String() string    { return str(p) }
func (p *OrderBy) String() string  { return str(p) }
func (p *Project) String() string  { return str(p) }
func (p *Distinct) String() string { return str(p) }
func (p *Reduced) String() string  { return str(p) }
func (p *Slice) String() string    { return str(p) }
func (p *Service) String() string  { return str(p) }

func (p *BGP) writeSSE(b *strings.Builder) {
	b.WriteString("(bgp")
	for _, t := range p.Triples {
		b.WriteByte(' ')
		writeTriple(b, t)
	}
	b.WriteByte(')')
}

func (p *Path) writeSSE(b *strings.Builder) {
	b.WriteString("(path ")
	writeNode(b, p.Subject)
	b.WriteByte(' ')
	p.Path.writeSSE(b)
	b.WriteByte(' ')
	writeNode(b, p.Object)
	b.WriteByte(')')
}

func writeBinaryPattern(b *strings.Builder, name string, l, r Pattern) {
	b.WriteString("(" + name + " ")
	l.writeSSE(b)
	b.WriteByte(' ')
	r.writeSSE(b)
}

func (p *Join) writeSSE(b *strings.Builder) {
	writeBinaryPattern(b, "join", p.Left, p.Right)
	b.WriteByte(')')
}

func (p *LeftJoin) writeSSE(b *strings.Builder) {
	writeBinaryPattern(b, "leftjoin", p.Left, p.Right)
	if len(p.Exprs) > 0 {
		b.WriteByte(' ')
		writeExprs(b, p.Exprs)
	}
	b.WriteByte(')')
}

func (p *Filter) writeSSE(b *strings.Builder) {
	b.WriteString("(filter ")
	writeExprs(b, p.Exprs)
	b.WriteByte(' ')
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Union) writeSSE(b *strings.Builder) {
	writeBinaryPattern(b, "union", p.Left, p.Right)
	b.WriteByte(')')
}

func (p *Minus) writeSSE(b *strings.Builder) {
	writeBinaryPattern(b, "minus", p.Left, p.Right)
	b.WriteByte(')')
}

func (p *Graph) writeSSE(b *strings.Builder) {
	b.WriteString("(graph ")
	writeNode(b, p.Name)
	b.WriteByte(' ')
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Extend) writeSSE(b *strings.Builder) {
	b.WriteString("(extend ((")
	b.WriteString(p.Var.String())
	b.WriteByte(' ')
	p.Expr.writeSSE(b)
	b.WriteString(")) ")
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Table) writeSSE(b *strings.Builder) {
	if p.IsUnit() {
		b.WriteString("(table unit)")
		return
	}
	b.WriteString("(table (vars")
	for _, v := range p.Vars {
		b.WriteByte(' ')
		b.WriteString(v.String())
	}
	b.WriteByte(')')
	for _, row := range p.Rows {
		b.WriteString(" (row")
		for i, t := range row {
			if t.IsZero() || i >= len(p.Vars) {
				continue
			}
			b.WriteString(" [")
			b.WriteString(p.Vars[i].String())
			b.WriteByte(' ')
			writeTerm(b, t)
			b.WriteByte(']')
		}
		b.WriteByte(')')
	}
	b.WriteByte(')')
}

func (p *Group) writeSSE(b *strings.Builder) {
	b.WriteString("(group (")
	for i, k := range p.Keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		if v, ok := k.Expr.(Var); ok && v == k.Var {
			b.WriteString(v.String())
			continue
		}
		if k.Var == "" {
			k.Expr.writeSSE(b)
			continue
		}
		b.WriteString("(" + k.Var.String() + " ")
		k.Expr.writeSSE(b)
		b.WriteByte(')')
	}
	b.WriteString(") (")
	for i, a := range p.Aggregates {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("(" + a.Var.String() + " ")
		a.Aggregate.writeSSE(b)
		b.WriteByte(')')
	}
	b.WriteString(") ")
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *OrderBy) writeSSE(b *strings.Builder) {
	b.WriteString("(order (")
	for i, c := range p.Conditions {
		if i > 0 {
			b.WriteByte(' ')
		}
		if c.Descending {
			b.WriteString("(desc ")
			c.Expr.writeSSE(b)
			b.WriteByte(')')
		} else {
			c.Expr.writeSSE(b)
		}
	}
	b.WriteString(") ")
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Project) writeSSE(b *strings.Builder) {
	b.WriteString("(project ")
	writeVars(b, p.Vars)
	b.WriteByte(' ')
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Distinct) writeSSE(b *strings.Builder) {
	b.WriteString("(distinct ")
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Reduced) writeSSE(b *strings.Builder) {
	b.WriteString("(reduced ")
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Slice) writeSSE(b *strings.Builder) {
	b.WriteString("(slice ")
	if p.Offset > 0 {
		b.WriteString(strconv.FormatInt(p.Offset, 10))
	} else {
		b.WriteByte('_')
	}
	b.WriteByte(' ')
	if p.Limit >= 0 {
		b.WriteString(strconv.FormatInt(p.Limit, 10))
	} else {
		b.WriteByte('_')
	}
	b.WriteByte(' ')
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (p *Service) writeSSE(b *strings.Builder) {
	b.WriteString("(service ")
	if p.Silent {
		b.WriteString("silent ")
	}
	writeNode(b, p.Name)
	b.WriteByte(' ')
	p.Pattern.writeSSE(b)
	b.WriteByte(')')
}

// Paths.

func (p PathLink) String() string         { return str(p) }
func (p *PathInverse) String() string     { return str(p) }
func (p *PathSequence) String() string    { return str(p) }
func (p *PathAlternative) String() string { return str(p) }
func (p *PathZeroOrMore) String() string  { return str(p) }
func (p *PathOneOrMore) String() string   { return str(p) }
func (p *PathZeroOrOne) String() string   { return str(p) }
func (p *PathNegated) String() string     { return str(p) }

func (p PathLink) writeSSE(b *strings.Builder) { writeIRI(b, p.IRI) }

func writeUnaryPath(b *strings.Builder, name string, p PathExpr) {
	b.WriteString("(" + name + " ")
	p.writeSSE(b)
	b.WriteByte(')')
}

func (p *PathInverse) writeSSE(b *strings.Builder)    { writeUnaryPath(b, "reverse", p.Path) }
func (p *PathZeroOrMore) writeSSE(b *strings.Builder) { writeUnaryPath(b, "path*", p.Path) }
func (p *PathOneOrMore) writeSSE(b *strings.Builder)  { writeUnaryPath(b, "path+", p.Path) }
func (p *PathZeroOrOne) writeSSE(b *strings.Builder)  { writeUnaryPath(b, "path?", p.Path) }

func (p *PathSequence) writeSSE(b *strings.Builder) {
	b.WriteString("(seq ")
	p.Left.writeSSE(b)
	b.WriteByte(' ')
	p.Right.writeSSE(b)
	b.WriteByte(')')
}

func (p *PathAlternative) writeSSE(b *strings.Builder) {
	b.WriteString("(alt ")
	p.Left.writeSSE(b)
	b.WriteByte(' ')
	p.Right.writeSSE(b)
	b.WriteByte(')')
}

func (p *PathNegated) writeSSE(b *strings.Builder) {
	b.WriteString("(notoneof")
	for _, iri := range p.Forward {
		b.WriteByte(' ')
		writeIRI(b, iri)
	}
	for _, iri := range p.Inverse {
		b.WriteString(" (reverse ")
		writeIRI(b, iri)
		b.WriteByte(')')
	}
	b.WriteByte(')')
}

// Expressions.

func (c Const) String() string      { return str(c) }
func (e *Binary) String() string    { return str(e) }
func (e *Unary) String() string     { return str(e) }
func (e *In) String() string        { return str(e) }
func (e *Call) String() string      { return str(e) }
func (e *FuncCall) String() string  { return str(e) }
func (e *Exists) String() string    { return str(e) }
func (e *Aggregate) String() string { return str(e) }

func (v Var) writeSSE(b *strings.Builder)   { b.WriteString(v.String()) }
func (c Const) writeSSE(b *strings.Builder) { writeTerm(b, c.Term) }

func (e *Binary) writeSSE(b *strings.Builder) {
	b.WriteString("(" + e.Op.String() + " ")
	e.Left.writeSSE(b)
	b.WriteByte(' ')
	e.Right.writeSSE(b)
	b.WriteByte(')')
}

func (e *Unary) writeSSE(b *strings.Builder) {
	b.WriteString("(" + e.Op.String() + " ")
	e.Arg.writeSSE(b)
	b.WriteByte(')')
}

func writeArgs(b *strings.Builder, args []Expr) {
	for _, a := range args {
		b.WriteByte(' ')
		a.writeSSE(b)
	}
}

func (e *In) writeSSE(b *strings.Builder) {
	if e.Not {
		b.WriteString("(notin ")
	} else {
		b.WriteString("(in ")
	}
	e.Expr.writeSSE(b)
	writeArgs(b, e.List)
	b.WriteByte(')')
}

func (e *Call) writeSSE(b *strings.Builder) {
	b.WriteString("(" + strings.ToLower(e.Name))
	writeArgs(b, e.Args)
	b.WriteByte(')')
}

func (e *FuncCall) writeSSE(b *strings.Builder) {
	b.WriteByte('(')
	writeIRI(b, e.IRI)
	if e.Distinct {
		b.WriteString(" distinct")
	}
	writeArgs(b, e.Args)
	b.WriteByte(')')
}

func (e *Exists) writeSSE(b *strings.Builder) {
	if e.Not {
		b.WriteString("(notexists ")
	} else {
		b.WriteString("(exists ")
	}
	e.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func (e *Aggregate) writeSSE(b *strings.Builder) {
	b.WriteByte('(')
	if e.Func == AggCustom {
		b.WriteString("agg ")
		writeIRI(b, e.IRI)
	} else {
		b.WriteString(e.Func.String())
	}
	if e.Distinct {
		b.WriteString(" distinct")
	}
	if e.Func == AggGroupConcat && e.Separator != " " {
		b.WriteString(" (separator ")
		writeTerm(b, rdf.String(e.Separator))
		b.WriteByte(')')
	}
	if e.Func == AggCustom {
		writeArgs(b, e.Args)
	} else if e.Expr != nil {
		b.WriteByte(' ')
		e.Expr.writeSSE(b)
	}
	b.WriteByte(')')
}

// Update operations.

func (o *InsertData) String() string { return str(o) }
func (o *DeleteData) String() string { return str(o) }
func (o *Modify) String() string     { return str(o) }
func (o *Load) String() string       { return str(o) }
func (o *Clear) String() string      { return str(o) }
func (o *Drop) String() string       { return str(o) }
func (o *Create) String() string     { return str(o) }
func (o *Transfer) String() string   { return str(o) }

func writeGroundQuads(b *strings.Builder, qs []rdf.Quad) {
	for _, q := range qs {
		b.WriteByte(' ')
		writeQuad(b, QuadPattern{TermNode(q.S), TermNode(q.P), TermNode(q.O), TermNode(q.G)})
	}
}

func (o *InsertData) writeSSE(b *strings.Builder) {
	b.WriteString("(insertdata")
	writeGroundQuads(b, o.Quads)
	b.WriteByte(')')
}

func (o *DeleteData) writeSSE(b *strings.Builder) {
	b.WriteString("(deletedata")
	writeGroundQuads(b, o.Quads)
	b.WriteByte(')')
}

func writeQuadList(b *strings.Builder, name string, qs []QuadPattern) {
	b.WriteString(" (" + name)
	for _, q := range qs {
		b.WriteByte(' ')
		writeQuad(b, q)
	}
	b.WriteByte(')')
}

func (o *Modify) writeSSE(b *strings.Builder) {
	b.WriteString("(modify")
	if o.With != "" {
		b.WriteString(" (with ")
		writeIRI(b, o.With)
		b.WriteByte(')')
	}
	if o.Using != nil {
		writeDataset(b, "using", o.Using)
	}
	if o.Delete != nil {
		writeQuadList(b, "delete", o.Delete)
	}
	if o.Insert != nil {
		writeQuadList(b, "insert", o.Insert)
	}
	b.WriteByte(' ')
	o.Pattern.writeSSE(b)
	b.WriteByte(')')
}

func writeSilent(b *strings.Builder, silent bool) {
	if silent {
		b.WriteString(" silent")
	}
}

func (o *Load) writeSSE(b *strings.Builder) {
	b.WriteString("(load")
	writeSilent(b, o.Silent)
	b.WriteByte(' ')
	writeIRI(b, o.Source)
	if o.Into != "" {
		b.WriteByte(' ')
		writeIRI(b, o.Into)
	}
	b.WriteByte(')')
}

func writeTarget(b *strings.Builder, t GraphTarget) {
	b.WriteByte(' ')
	switch t.Kind {
	case TargetGraph:
		writeIRI(b, t.IRI)
	case TargetDefault:
		b.WriteString("default")
	case TargetNamed:
		b.WriteString("named")
	case TargetAll:
		b.WriteString("all")
	default:
		b.WriteString("?target")
	}
}

func (o *Clear) writeSSE(b *strings.Builder) {
	b.WriteString("(clear")
	writeSilent(b, o.Silent)
	writeTarget(b, o.Target)
	b.WriteByte(')')
}

func (o *Drop) writeSSE(b *strings.Builder) {
	b.WriteString("(drop")
	writeSilent(b, o.Silent)
	writeTarget(b, o.Target)
	b.WriteByte(')')
}

func (o *Create) writeSSE(b *strings.Builder) {
	b.WriteString("(create")
	writeSilent(b, o.Silent)
	b.WriteByte(' ')
	writeIRI(b, o.Graph)
	b.WriteByte(')')
}

func (o *Transfer) writeSSE(b *strings.Builder) {
	b.WriteString("(" + o.Op.String())
	writeSilent(b, o.Silent)
	writeTarget(b, o.Source)
	writeTarget(b, o.Destination)
	b.WriteByte(')')
}
