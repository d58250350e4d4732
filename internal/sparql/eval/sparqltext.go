package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// queryWriter writes algebra back as SPARQL text, for SERVICE requests.
// Hidden variables (blank nodes of the pattern, aggregate results) get
// names no query can write otherwise ("?_h0"); names records the mapping
// so that the results can be read back.
type queryWriter struct {
	b strings.Builder
	// aggs maps the hidden variables of the group being written to their
	// aggregates, which are written in their place (HAVING, ORDER BY and
	// SELECT expressions see aggregates, not those variables).
	aggs  map[algebra.Var]*algebra.Aggregate
	names map[algebra.Var]string // hidden variable → name used in the text
	back  map[string]algebra.Var // name used in the text → variable
}

func newQueryWriter() *queryWriter {
	return &queryWriter{names: map[algebra.Var]string{}, back: map[string]algebra.Var{}}
}

// selectQuery returns "SELECT * WHERE { p }".
func (w *queryWriter) selectQuery(p algebra.Pattern) (string, error) {
	w.b.WriteString("SELECT * WHERE ")
	if err := w.group(p); err != nil {
		return "", err
	}
	return w.b.String(), nil
}

func (w *queryWriter) varName(v algebra.Var) string {
	if !v.Hidden() {
		w.back[string(v)] = v
		return string(v)
	}
	if n, ok := w.names[v]; ok {
		return n
	}
	n := "_h" + strconv.Itoa(len(w.names))
	w.names[v] = n
	w.back[n] = v
	return n
}

func (w *queryWriter) writeVar(v algebra.Var) {
	if a, ok := w.aggs[v]; ok {
		_ = w.aggregate(a) // aggregates of written groups are always writable
		return
	}
	w.b.WriteByte('?')
	w.b.WriteString(w.varName(v))
}

func (w *queryWriter) term(t rdf.Term) error {
	switch t.Kind {
	case rdf.KindIRI:
		w.b.WriteString("<" + rdf.EscapeIRI(t.Value) + ">")
	case rdf.KindLiteral:
		w.b.WriteString(`"` + rdf.EscapeString(t.Value) + `"`)
		switch {
		case t.Lang != "":
			w.b.WriteString("@" + t.Lang)
		case t.Datatype != "" && t.Datatype != rdf.XSDString:
			w.b.WriteString("^^<" + rdf.EscapeIRI(t.Datatype) + ">")
		}
	case rdf.KindBlank:
		// A blank node in a pattern is a variable; as a value it cannot be
		// sent to another service.
		return fmt.Errorf("%w: blank node %s in a SERVICE pattern", ErrUnsupported, t)
	default:
		return fmt.Errorf("%w: empty term in a SERVICE pattern", ErrUnsupported)
	}
	return nil
}

func (w *queryWriter) node(n algebra.TermOrVar) error {
	if n.IsVar() {
		w.writeVar(n.Var)
		return nil
	}
	return w.term(n.Term)
}

// group writes p as a group graph pattern "{ ... }".
func (w *queryWriter) group(p algebra.Pattern) error {
	w.b.WriteString("{ ")
	if err := w.inner(p); err != nil {
		return err
	}
	w.b.WriteString(" }")
	return nil
}

// inner writes the content of a group for p.
func (w *queryWriter) inner(p algebra.Pattern) error {
	switch x := p.(type) {
	case *algebra.BGP:
		for _, t := range x.Triples {
			for _, n := range [3]algebra.TermOrVar{t.S, t.P, t.O} {
				if err := w.node(n); err != nil {
					return err
				}
				w.b.WriteByte(' ')
			}
			w.b.WriteString(". ")
		}
		return nil
	case *algebra.Path:
		if err := w.node(x.Subject); err != nil {
			return err
		}
		w.b.WriteByte(' ')
		w.path(x.Path)
		w.b.WriteByte(' ')
		if err := w.node(x.Object); err != nil {
			return err
		}
		w.b.WriteString(" .")
		return nil
	case *algebra.Join:
		return w.pair(x.Left, "", x.Right)
	case *algebra.LeftJoin:
		if err := w.group(x.Left); err != nil {
			return err
		}
		w.b.WriteString(" OPTIONAL { ")
		if err := w.group(x.Right); err != nil {
			return err
		}
		for _, e := range x.Exprs {
			w.b.WriteString(" FILTER (")
			if err := w.expr(e); err != nil {
				return err
			}
			w.b.WriteString(")")
		}
		w.b.WriteString(" }")
		return nil
	case *algebra.Filter:
		if err := w.group(x.Pattern); err != nil {
			return err
		}
		for _, e := range x.Exprs {
			w.b.WriteString(" FILTER (")
			if err := w.expr(e); err != nil {
				return err
			}
			w.b.WriteString(")")
		}
		return nil
	case *algebra.Union:
		return w.pair(x.Left, "UNION", x.Right)
	case *algebra.Minus:
		return w.pair(x.Left, "MINUS", x.Right)
	case *algebra.Graph:
		w.b.WriteString("GRAPH ")
		if err := w.node(x.Name); err != nil {
			return err
		}
		w.b.WriteByte(' ')
		return w.group(x.Pattern)
	case *algebra.Service:
		w.b.WriteString("SERVICE ")
		if x.Silent {
			w.b.WriteString("SILENT ")
		}
		if err := w.node(x.Name); err != nil {
			return err
		}
		w.b.WriteByte(' ')
		return w.group(x.Pattern)
	case *algebra.Extend:
		if err := w.group(x.Pattern); err != nil {
			return err
		}
		w.b.WriteString(" BIND (")
		if err := w.expr(x.Expr); err != nil {
			return err
		}
		w.b.WriteString(" AS ")
		w.writeVar(x.Var)
		w.b.WriteString(")")
		return nil
	case *algebra.Table:
		return w.values(x)
	case *algebra.Group, *algebra.OrderBy, *algebra.Project, *algebra.Distinct, *algebra.Reduced, *algebra.Slice:
		return w.subSelect(p)
	}
	return fmt.Errorf("%w: pattern %T in a SERVICE request", ErrUnsupported, p)
}

func (w *queryWriter) pair(l algebra.Pattern, op string, r algebra.Pattern) error {
	if err := w.group(l); err != nil {
		return err
	}
	w.b.WriteByte(' ')
	if op != "" {
		w.b.WriteString(op + " ")
	}
	return w.group(r)
}

func (w *queryWriter) values(t *algebra.Table) error {
	w.b.WriteString("VALUES (")
	for _, v := range t.Vars {
		w.writeVar(v)
		w.b.WriteByte(' ')
	}
	w.b.WriteString(") {")
	for _, r := range t.Rows {
		w.b.WriteString(" (")
		for _, c := range r {
			if c.IsZero() {
				w.b.WriteString("UNDEF")
			} else if err := w.term(c); err != nil {
				return err
			}
			w.b.WriteByte(' ')
		}
		w.b.WriteString(")")
	}
	w.b.WriteString(" }")
	return nil
}

// subSelect writes a sub-select: the solution modifiers, projection and
// grouping found from the top of p down.
func (w *queryWriter) subSelect(p algebra.Pattern) error {
	var slice *algebra.Slice
	distinct, reduced := false, false
	var project *algebra.Project
	var order *algebra.OrderBy
	var group *algebra.Group
	var having []algebra.Expr
	var extends []*algebra.Extend
	if s, ok := p.(*algebra.Slice); ok {
		slice, p = s, s.Pattern
	}
	switch d := p.(type) {
	case *algebra.Distinct:
		distinct, p = true, d.Pattern
	case *algebra.Reduced:
		reduced, p = true, d.Pattern
	}
	if pr, ok := p.(*algebra.Project); ok {
		project, p = pr, pr.Pattern
	}
	if o, ok := p.(*algebra.OrderBy); ok {
		order, p = o, o.Pattern
	}
	for {
		e, ok := p.(*algebra.Extend)
		if !ok || project == nil {
			break
		}
		extends = append([]*algebra.Extend{e}, extends...)
		p = e.Pattern
	}
	if f, ok := p.(*algebra.Filter); ok {
		if g, ok := f.Pattern.(*algebra.Group); ok {
			having, group, p = f.Exprs, g, g.Pattern
		}
	}
	if g, ok := p.(*algebra.Group); ok && group == nil {
		group, p = g, g.Pattern
	}
	w.b.WriteString("{ SELECT ")
	if distinct {
		w.b.WriteString("DISTINCT ")
	}
	if reduced {
		w.b.WriteString("REDUCED ")
	}
	// The projection: the projected variables, the SELECT expressions that
	// bind them, and the aggregates of the group (as hidden variables).
	bound := map[algebra.Var]algebra.Expr{}
	for _, e := range extends {
		bound[e.Var] = e.Expr
	}
	var proj []algebra.Var
	if project != nil {
		proj = project.Vars
	} else {
		proj = algebra.VisibleVars(p)
	}
	saved := w.aggs
	defer func() { w.aggs = saved }()
	if group != nil {
		w.aggs = map[algebra.Var]*algebra.Aggregate{}
		for _, a := range group.Aggregates {
			w.aggs[a.Var] = a.Aggregate
		}
	}
	if len(proj) == 0 {
		w.b.WriteString("?_none ")
	}
	for _, v := range proj {
		if e, ok := bound[v]; ok {
			w.b.WriteString("(")
			if err := w.expr(e); err != nil {
				return err
			}
			w.b.WriteString(" AS ")
			w.writeVar(v)
			w.b.WriteString(") ")
			continue
		}
		w.writeVar(v)
		w.b.WriteByte(' ')
	}
	w.b.WriteString("WHERE ")
	inner := w.aggs
	w.aggs = saved // the group's pattern is below the aggregation
	if err := w.group(p); err != nil {
		return err
	}
	w.aggs = inner
	if group != nil && len(group.Keys) > 0 {
		w.b.WriteString(" GROUP BY")
		for _, k := range group.Keys {
			w.b.WriteString(" (")
			if err := w.expr(k.Expr); err != nil {
				return err
			}
			if k.Var != "" && k.Expr != algebra.Expr(k.Var) {
				w.b.WriteString(" AS ")
				w.writeVar(k.Var)
			}
			w.b.WriteString(")")
		}
	}
	for _, h := range having {
		w.b.WriteString(" HAVING (")
		if err := w.expr(h); err != nil {
			return err
		}
		w.b.WriteString(")")
	}
	if order != nil {
		w.b.WriteString(" ORDER BY")
		for _, c := range order.Conditions {
			if c.Descending {
				w.b.WriteString(" DESC(")
			} else {
				w.b.WriteString(" ASC(")
			}
			if err := w.expr(c.Expr); err != nil {
				return err
			}
			w.b.WriteString(")")
		}
	}
	if slice != nil {
		if slice.Limit >= 0 {
			fmt.Fprintf(&w.b, " LIMIT %d", slice.Limit)
		}
		if slice.Offset > 0 {
			fmt.Fprintf(&w.b, " OFFSET %d", slice.Offset)
		}
	}
	w.b.WriteString(" }")
	return nil
}

func (w *queryWriter) path(p algebra.PathExpr) {
	switch x := p.(type) {
	case algebra.PathLink:
		w.b.WriteString("<" + rdf.EscapeIRI(x.IRI) + ">")
	case *algebra.PathInverse:
		w.b.WriteString("^(")
		w.path(x.Path)
		w.b.WriteString(")")
	case *algebra.PathSequence:
		w.b.WriteString("(")
		w.path(x.Left)
		w.b.WriteString(" / ")
		w.path(x.Right)
		w.b.WriteString(")")
	case *algebra.PathAlternative:
		w.b.WriteString("(")
		w.path(x.Left)
		w.b.WriteString(" | ")
		w.path(x.Right)
		w.b.WriteString(")")
	case *algebra.PathZeroOrMore:
		w.b.WriteString("(")
		w.path(x.Path)
		w.b.WriteString(")*")
	case *algebra.PathOneOrMore:
		w.b.WriteString("(")
		w.path(x.Path)
		w.b.WriteString(")+")
	case *algebra.PathZeroOrOne:
		w.b.WriteString("(")
		w.path(x.Path)
		w.b.WriteString(")?")
	case *algebra.PathNegated:
		w.b.WriteString("!(")
		first := true
		for _, iri := range x.Forward {
			if !first {
				w.b.WriteString(" | ")
			}
			first = false
			w.b.WriteString("<" + rdf.EscapeIRI(iri) + ">")
		}
		for _, iri := range x.Inverse {
			if !first {
				w.b.WriteString(" | ")
			}
			first = false
			w.b.WriteString("^<" + rdf.EscapeIRI(iri) + ">")
		}
		w.b.WriteString(")")
	}
}

func (w *queryWriter) exprs(es []algebra.Expr) error {
	for i, e := range es {
		if i > 0 {
			w.b.WriteString(", ")
		}
		if err := w.expr(e); err != nil {
			return err
		}
	}
	return nil
}

func (w *queryWriter) expr(e algebra.Expr) error {
	switch x := e.(type) {
	case algebra.Var:
		w.writeVar(x)
	case algebra.Const:
		return w.term(x.Term)
	case *algebra.Binary:
		w.b.WriteString("(")
		if err := w.expr(x.Left); err != nil {
			return err
		}
		w.b.WriteString(" " + x.Op.String() + " ")
		if err := w.expr(x.Right); err != nil {
			return err
		}
		w.b.WriteString(")")
	case *algebra.Unary:
		w.b.WriteString("(" + x.Op.String())
		if err := w.expr(x.Arg); err != nil {
			return err
		}
		w.b.WriteString(")")
	case *algebra.In:
		w.b.WriteString("(")
		if err := w.expr(x.Expr); err != nil {
			return err
		}
		if x.Not {
			w.b.WriteString(" NOT")
		}
		w.b.WriteString(" IN (")
		if err := w.exprs(x.List); err != nil {
			return err
		}
		w.b.WriteString("))")
	case *algebra.Call:
		w.b.WriteString(x.Name + "(")
		if err := w.exprs(x.Args); err != nil {
			return err
		}
		w.b.WriteString(")")
	case *algebra.FuncCall:
		w.b.WriteString("<" + rdf.EscapeIRI(x.IRI) + ">(")
		if x.Distinct {
			w.b.WriteString("DISTINCT ")
		}
		if err := w.exprs(x.Args); err != nil {
			return err
		}
		w.b.WriteString(")")
	case *algebra.Exists:
		if x.Not {
			w.b.WriteString("NOT ")
		}
		w.b.WriteString("EXISTS ")
		return w.group(x.Pattern)
	case *algebra.Aggregate:
		return w.aggregate(x)
	default:
		return fmt.Errorf("%w: expression %T in a SERVICE request", ErrUnsupported, e)
	}
	return nil
}

func (w *queryWriter) aggregate(a *algebra.Aggregate) error {
	if a.Func == algebra.AggCustom {
		w.b.WriteString("<" + rdf.EscapeIRI(a.IRI) + ">(")
	} else {
		w.b.WriteString(strings.ToUpper(a.Func.String()) + "(")
	}
	if a.Distinct {
		w.b.WriteString("DISTINCT ")
	}
	switch {
	case a.Func == algebra.AggCustom:
		if err := w.exprs(a.Args); err != nil {
			return err
		}
	case a.Expr == nil:
		w.b.WriteString("*")
	default:
		if err := w.expr(a.Expr); err != nil {
			return err
		}
	}
	if a.Func == algebra.AggGroupConcat {
		w.b.WriteString(`; SEPARATOR="` + rdf.EscapeString(a.Separator) + `"`)
	}
	w.b.WriteString(")")
	return nil
}
