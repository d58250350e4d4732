package algebra

// InScope returns the variables in scope in p (§18.2.1): the variables a
// solution of p may bind. Hidden variables (blank nodes of the pattern,
// aggregate results) are included; filter them with Var.Hidden for
// SELECT * and the like. Each variable appears once, in order of first
// appearance from left to right.
func InScope(p Pattern) []Var {
	s := scopeCollector{seen: map[Var]bool{}}
	s.pattern(p)
	return s.vars
}

// VisibleVars returns the variables of InScope(p) that are not hidden: the
// variables SELECT * projects.
func VisibleVars(p Pattern) []Var {
	var out []Var
	for _, v := range InScope(p) {
		if !v.Hidden() {
			out = append(out, v)
		}
	}
	return out
}

type scopeCollector struct {
	seen map[Var]bool
	vars []Var
}

func (s *scopeCollector) add(v Var) {
	if v != "" && !s.seen[v] {
		s.seen[v] = true
		s.vars = append(s.vars, v)
	}
}

func (s *scopeCollector) node(n TermOrVar) { s.add(n.Var) }

func (s *scopeCollector) pattern(p Pattern) {
	switch p := p.(type) {
	case *BGP:
		for _, t := range p.Triples {
			s.node(t.S)
			s.node(t.P)
			s.node(t.O)
		}
	case *Path:
		s.node(p.Subject)
		s.node(p.Object)
	case *Join:
		s.pattern(p.Left)
		s.pattern(p.Right)
	case *LeftJoin:
		s.pattern(p.Left)
		s.pattern(p.Right)
	case *Union:
		s.pattern(p.Left)
		s.pattern(p.Right)
	case *Minus:
		s.pattern(p.Left)
	case *Filter:
		s.pattern(p.Pattern)
	case *Graph:
		s.node(p.Name)
		s.pattern(p.Pattern)
	case *Service:
		s.node(p.Name)
		s.pattern(p.Pattern)
	case *Extend:
		s.pattern(p.Pattern)
		s.add(p.Var)
	case *Table:
		for _, v := range p.Vars {
			s.add(v)
		}
	case *Group:
		for _, k := range p.Keys {
			s.add(k.Var)
		}
		for _, a := range p.Aggregates {
			s.add(a.Var)
		}
	case *Project:
		for _, v := range p.Vars {
			s.add(v)
		}
	case *OrderBy:
		s.pattern(p.Pattern)
	case *Distinct:
		s.pattern(p.Pattern)
	case *Reduced:
		s.pattern(p.Pattern)
	case *Slice:
		s.pattern(p.Pattern)
	}
}
