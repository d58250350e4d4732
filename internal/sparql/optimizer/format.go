package optimizer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// String returns the plan as indented text, one operator per line with its
// estimated number of solutions, EXISTS plans under the operator whose
// expression holds them. It is what Explain shows.
func (p *Plan) String() string { return p.Format(nil) }

// Format is String with note(n), when note is non-nil and returns
// something, appended to the line of each operator n (Explain adds the
// actual rows there).
func (p *Plan) Format(note func(Node) string) string {
	var b strings.Builder
	p.write(&b, p.Root, 0, note)
	return b.String()
}

func (p *Plan) write(b *strings.Builder, n Node, depth int, note func(Node) string) {
	indent := strings.Repeat("  ", depth)
	b.WriteString(indent)
	b.WriteString(describe(n))
	if est := n.Properties().Estimate; est >= 0 {
		fmt.Fprintf(b, "  [est %s]", FormatEstimate(est))
	}
	if note != nil {
		if s := note(n); s != "" {
			b.WriteString("  " + s)
		}
	}
	b.WriteByte('\n')
	for _, e := range NodeExprs(n) {
		algebra.WalkExpr(e, func(x algebra.Expr) bool {
			if ex, ok := x.(*algebra.Exists); ok {
				if sub, ok := p.Exists[ex]; ok {
					word := "exists"
					if ex.Not {
						word = "not exists"
					}
					b.WriteString(indent + "  " + word + ":\n")
					p.write(b, sub, depth+2, note)
				}
			}
			return true
		})
	}
	for _, c := range Children(n) {
		p.write(b, c, depth+1, note)
	}
}

// FormatEstimate writes an estimated number of solutions: whole numbers,
// two significant digits below 1 (a selective probe), three above a million.
func FormatEstimate(f float64) string {
	switch {
	case f >= 1e6:
		return strconv.FormatFloat(f, 'g', 3, 64)
	case f > 0 && f < 0.995:
		return strconv.FormatFloat(f, 'g', 2, 64)
	}
	return strconv.FormatFloat(math.Round(f), 'f', 0, 64)
}

func exprList(es []algebra.Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, " ")
}

func varList(vs []algebra.Var) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.String()
	}
	return strings.Join(parts, " ")
}

func graphSuffix(g GraphRef) string {
	if g.Kind == GraphVar {
		return " graph " + g.Var.String()
	}
	return ""
}

// describe is the one-line description of n.
func describe(n Node) string {
	switch x := n.(type) {
	case *Scan:
		return fmt.Sprintf("scan %s %s %s%s", x.S, x.P, x.O, graphSuffix(x.Graph))
	case *PathScan:
		return fmt.Sprintf("path %s %s %s%s", x.Subject, x.Path, x.Object, graphSuffix(x.Graph))
	case *Join:
		if x.Algorithm == HashJoin {
			return fmt.Sprintf("join hash (%s)", varList(x.Keys))
		}
		return "join nested-loop"
	case *LeftJoin:
		s := "left-join " + x.Algorithm.String()
		if x.Algorithm == HashJoin {
			s += " (" + varList(x.Keys) + ")"
		}
		if len(x.Exprs) > 0 {
			s += " if " + exprList(x.Exprs)
		}
		return s
	case *Filter:
		return "filter " + exprList(x.Exprs)
	case *Union:
		return "union"
	case *Minus:
		return fmt.Sprintf("minus %s (%s)", x.Algorithm, varList(x.Keys))
	case *GraphLoop:
		return "graph " + x.Name.String()
	case *Extend:
		parts := make([]string, len(x.Bindings))
		for i, b := range x.Bindings {
			parts[i] = fmt.Sprintf("(%s %s)", b.Var, b.Expr)
		}
		return "extend " + strings.Join(parts, " ")
	case *Values:
		if len(x.Vars) == 0 && len(x.Rows) == 1 {
			return "unit"
		}
		if len(x.Rows) == 0 {
			return "empty"
		}
		return fmt.Sprintf("values (%s) %d rows", varList(x.Vars), len(x.Rows))
	case *Group:
		keys := make([]string, len(x.Keys))
		for i, k := range x.Keys {
			if k.Var != "" && k.Expr != algebra.Expr(k.Var) {
				keys[i] = fmt.Sprintf("(%s %s)", k.Var, k.Expr)
			} else {
				keys[i] = k.Expr.String()
			}
		}
		aggs := make([]string, len(x.Aggregates))
		for i, a := range x.Aggregates {
			aggs[i] = fmt.Sprintf("(%s %s)", a.Var, a.Aggregate)
		}
		return fmt.Sprintf("group (%s) (%s)", strings.Join(keys, " "), strings.Join(aggs, " "))
	case *OrderBy:
		parts := make([]string, len(x.Conditions))
		for i, c := range x.Conditions {
			if c.Descending {
				parts[i] = "(desc " + c.Expr.String() + ")"
			} else {
				parts[i] = c.Expr.String()
			}
		}
		return "order " + strings.Join(parts, " ")
	case *Project:
		return "project (" + varList(x.Vars) + ")"
	case *Distinct:
		return "distinct"
	case *Reduced:
		return "reduced"
	case *Slice:
		return fmt.Sprintf("slice offset %d limit %d", x.Offset, x.Limit)
	case *Service:
		s := "service " + x.Name.String()
		if x.Silent {
			s += " silent"
		}
		return s
	}
	return fmt.Sprintf("%T", n)
}
