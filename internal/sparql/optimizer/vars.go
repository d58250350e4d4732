package optimizer

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
)

// VarSet is a set of variables.
type VarSet map[algebra.Var]struct{}

// NewVarSet returns a set holding vs.
func NewVarSet(vs ...algebra.Var) VarSet {
	s := make(VarSet, len(vs))
	for _, v := range vs {
		s.Add(v)
	}
	return s
}

// Add adds v (the empty variable is ignored).
func (s VarSet) Add(v algebra.Var) {
	if v != "" {
		s[v] = struct{}{}
	}
}

// addAll adds the variables of o.
func (s VarSet) addAll(o VarSet) {
	for v := range o {
		s[v] = struct{}{}
	}
}

// Has reports whether v is in s.
func (s VarSet) Has(v algebra.Var) bool {
	_, ok := s[v]
	return ok
}

// Clone returns a copy of s.
func (s VarSet) Clone() VarSet {
	c := make(VarSet, len(s))
	for v := range s {
		c[v] = struct{}{}
	}
	return c
}

// Union returns a new set with the variables of s and o.
func (s VarSet) Union(o VarSet) VarSet {
	c := s.Clone()
	for v := range o {
		c[v] = struct{}{}
	}
	return c
}

// Intersect returns a new set with the variables in both s and o.
func (s VarSet) Intersect(o VarSet) VarSet {
	c := VarSet{}
	for v := range s {
		if o.Has(v) {
			c[v] = struct{}{}
		}
	}
	return c
}

// Minus returns a new set with the variables of s that are not in o.
func (s VarSet) Minus(o VarSet) VarSet {
	c := VarSet{}
	for v := range s {
		if !o.Has(v) {
			c[v] = struct{}{}
		}
	}
	return c
}

// SubsetOf reports whether every variable of s is in o.
func (s VarSet) SubsetOf(o VarSet) bool {
	for v := range s {
		if !o.Has(v) {
			return false
		}
	}
	return true
}

// Intersects reports whether s and o share a variable.
func (s VarSet) Intersects(o VarSet) bool {
	if len(o) < len(s) {
		s, o = o, s
	}
	for v := range s {
		if o.Has(v) {
			return true
		}
	}
	return false
}

// Sorted returns the variables in name order.
func (s VarSet) Sorted() []algebra.Var {
	out := make([]algebra.Var, 0, len(s))
	for v := range s {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// String returns the variables as "?a ?b" in name order.
func (s VarSet) String() string {
	var b strings.Builder
	for i, v := range s.Sorted() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// CertainVars returns the variables that every solution of p binds.
func CertainVars(p algebra.Pattern) VarSet {
	s := VarSet{}
	certainInto(p, s)
	return s
}

func certainInto(p algebra.Pattern, s VarSet) {
	switch p := p.(type) {
	case *algebra.BGP:
		for _, t := range p.Triples {
			s.Add(t.S.Var)
			s.Add(t.P.Var)
			s.Add(t.O.Var)
		}
	case *algebra.Path:
		s.Add(p.Subject.Var)
		s.Add(p.Object.Var)
	case *algebra.Join:
		certainInto(p.Left, s)
		certainInto(p.Right, s)
	case *algebra.LeftJoin:
		certainInto(p.Left, s)
	case *algebra.Minus:
		certainInto(p.Left, s)
	case *algebra.Filter:
		certainInto(p.Pattern, s)
	case *algebra.Union:
		for v := range CertainVars(p.Left).Intersect(CertainVars(p.Right)) {
			s.Add(v)
		}
	case *algebra.Graph:
		s.Add(p.Name.Var)
		certainInto(p.Pattern, s)
	case *algebra.Extend:
		inner := CertainVars(p.Pattern)
		for v := range inner {
			s.Add(v)
		}
		if exprCertain(p.Expr, inner) {
			s.Add(p.Var)
		}
	case *algebra.Table:
		for i, v := range p.Vars {
			all := true
			for _, r := range p.Rows {
				if r[i].IsZero() {
					all = false
					break
				}
			}
			if all {
				s.Add(v)
			}
		}
	case *algebra.Group:
		inner := CertainVars(p.Pattern)
		for _, k := range p.Keys {
			if kv, ok := k.Expr.(algebra.Var); ok && inner.Has(kv) {
				s.Add(k.Var)
			}
		}
		for _, a := range p.Aggregates {
			if a.Aggregate.Func == algebra.AggCount {
				s.Add(a.Var) // COUNT never fails
			}
		}
	case *algebra.Project:
		inner := CertainVars(p.Pattern)
		for _, v := range p.Vars {
			if inner.Has(v) {
				s.Add(v)
			}
		}
	case *algebra.OrderBy:
		certainInto(p.Pattern, s)
	case *algebra.Distinct:
		certainInto(p.Pattern, s)
	case *algebra.Reduced:
		certainInto(p.Pattern, s)
	case *algebra.Slice:
		certainInto(p.Pattern, s)
	case *algebra.Service:
		if !p.Silent {
			certainInto(p.Pattern, s)
		}
	}
}

// exprCertain reports whether e always has a value when the variables of
// certain are bound: a constant, or a variable in certain.
func exprCertain(e algebra.Expr, certain VarSet) bool {
	switch e := e.(type) {
	case algebra.Const:
		return true
	case algebra.Var:
		return certain.Has(e)
	}
	return false
}

// PossibleVars returns the variables that some solution of p may bind: its
// in-scope variables (§18.2.1).
func PossibleVars(p algebra.Pattern) VarSet {
	return NewVarSet(algebra.InScope(p)...)
}

// MentionedVars returns every variable e mentions, including those inside
// the patterns of EXISTS: the variables whose values can change e's value.
func MentionedVars(e algebra.Expr) VarSet {
	s := VarSet{}
	algebra.WalkExpr(e, func(x algebra.Expr) bool {
		switch x := x.(type) {
		case algebra.Var:
			s.Add(x)
		case *algebra.Exists:
			for _, v := range algebra.Vars(x.Pattern) {
				s.Add(v)
			}
		}
		return true
	})
	return s
}

// MentionedVarsAll is MentionedVars of a conjunction.
func MentionedVarsAll(es []algebra.Expr) VarSet {
	s := VarSet{}
	for _, e := range es {
		for v := range MentionedVars(e) {
			s.Add(v)
		}
	}
	return s
}

// HasExists reports whether e contains EXISTS or NOT EXISTS.
func HasExists(e algebra.Expr) bool {
	found := false
	algebra.WalkExpr(e, func(x algebra.Expr) bool {
		if _, ok := x.(*algebra.Exists); ok {
			found = true
		}
		return !found
	})
	return found
}
