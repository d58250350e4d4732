package results

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Options control how tables are compared.
type Options struct {
	// Ordered compares solutions as sequences (the query has ORDER BY);
	// otherwise they are compared as bags.
	Ordered bool
	// Normalize, when set, maps every bound term that is not a blank node
	// before comparison: for example funcs.CanonicalTerm, which writes
	// numbers in canonical form so that "1E0"^^xsd:double matches
	// "1.0E0"^^xsd:double (the W3C expected results are not canonical).
	// A zero result makes the term count as unbound.
	Normalize func(rdf.Term) rdf.Term
	// MaxSteps bounds the blank-node matching search; 0 means 1,000,000.
	MaxSteps int
}

// ErrNotEquivalent is matched by the errors that report a difference.
var ErrNotEquivalent = errors.New("results differ")

// MismatchError describes how two tables differ.
type MismatchError struct {
	Reason string
	// Missing are expected solutions that were not found, Unexpected are
	// actual solutions that were not expected (each at most diffRows).
	Missing, Unexpected [][]rdf.Term
	Vars                []string
}

const diffRows = 20

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("results differ: " + e.Reason)
	writeRows := func(title string, rows [][]rdf.Term) {
		if len(rows) == 0 {
			return
		}
		b.WriteString("\n" + title + " (?" + strings.Join(e.Vars, " ?") + "):")
		for _, r := range rows {
			b.WriteString("\n  ")
			b.WriteString(formatRow(r))
		}
	}
	writeRows("expected but missing", e.Missing)
	writeRows("present but not expected", e.Unexpected)
	return b.String()
}

// Is makes a MismatchError match ErrNotEquivalent.
func (e *MismatchError) Is(target error) bool { return target == ErrNotEquivalent }

func formatRow(r []rdf.Term) string {
	parts := make([]string, len(r))
	for i, t := range r {
		if t.Kind == rdf.KindNone {
			parts[i] = "UNDEF"
		} else {
			parts[i] = TSVString(t)
		}
	}
	return strings.Join(parts, "  ")
}

// Equivalent reports nil when the two tables hold the same solutions (as
// bags, or as sequences when ordered) over the same variables in any column
// order, with blank nodes equal up to a consistent renaming; otherwise an
// error matching ErrNotEquivalent that shows the difference.
func Equivalent(expected, actual *Table, ordered bool) error {
	return EquivalentWith(expected, actual, Options{Ordered: ordered})
}

// EquivalentCSV compares tables as the W3C CSV result tests need: terms by
// their CSV form only (IRIs and lexical forms; types and language tags are
// lost), blank nodes up to renaming, and an empty string the same as
// unbound. Use it when either side was read from CSV.
func EquivalentCSV(expected, actual *Table, ordered bool) error {
	return EquivalentWith(expected, actual, Options{Ordered: ordered, Normalize: csvNormal})
}

func csvNormal(t rdf.Term) rdf.Term {
	if s := CSVString(t); s != "" {
		return rdf.String(s)
	}
	return rdf.Term{}
}

// EquivalentResults compares two parsed documents: booleans by value,
// tables with EquivalentWith.
func EquivalentResults(expected, actual *Result, opts Options) error {
	switch {
	case expected.IsBoolean() && actual.IsBoolean():
		if *expected.Boolean != *actual.Boolean {
			return &MismatchError{Reason: fmt.Sprintf("expected boolean %v, got %v", *expected.Boolean, *actual.Boolean)}
		}
		return nil
	case expected.IsBoolean() != actual.IsBoolean():
		return &MismatchError{Reason: "one result is a boolean, the other a table"}
	}
	return EquivalentWith(&expected.Table, &actual.Table, opts)
}

// EquivalentWith compares two tables under the given options.
func EquivalentWith(expected, actual *Table, opts Options) error {
	if !sameVarSet(expected.Vars, actual.Vars) {
		return &MismatchError{Reason: fmt.Sprintf("variables differ: expected ?%s, got ?%s",
			strings.Join(expected.Vars, " ?"), strings.Join(actual.Vars, " ?"))}
	}
	col := make(map[string]int, len(actual.Vars))
	for i, v := range actual.Vars {
		col[v] = i
	}
	perm := make([]int, len(expected.Vars))
	for i, v := range expected.Vars {
		perm[i] = col[v]
	}
	exp := normalizeRows(expected.Rows, nil, opts.Normalize)
	act := normalizeRows(actual.Rows, perm, opts.Normalize)
	m := &matcher{vars: expected.Vars, maxSteps: opts.MaxSteps}
	if m.maxSteps <= 0 {
		m.maxSteps = 1_000_000
	}
	if opts.Ordered {
		return m.sequence(exp, act)
	}
	return m.bag(exp, act)
}

func sameVarSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// normalizeRows copies rows into expected column order and applies normalize.
func normalizeRows(rows [][]rdf.Term, perm []int, normalize func(rdf.Term) rdf.Term) [][]rdf.Term {
	out := make([][]rdf.Term, len(rows))
	for i, r := range rows {
		n := len(r)
		if perm != nil {
			n = len(perm)
		}
		row := make([]rdf.Term, n)
		for j := range row {
			src := j
			if perm != nil {
				src = perm[j]
			}
			if src >= len(r) {
				continue
			}
			t := r[src]
			if normalize != nil && t.Kind != rdf.KindNone && t.Kind != rdf.KindBlank {
				t = normalize(t)
			}
			row[j] = t
		}
		out[i] = row
	}
	return out
}

// matcher keeps the blank-node bijection while rows are matched.
type matcher struct {
	vars     []string
	e2a, a2e map[string]string
	steps    int
	maxSteps int
}

// bind tries to match expected row e with actual row a under the current
// bijection, extending it; it returns the labels it bound (for undo) and
// whether the rows match.
func (m *matcher) bind(e, a []rdf.Term) (bound []string, ok bool) {
	for i := range e {
		x, y := e[i], a[i]
		if x.Kind != rdf.KindBlank || y.Kind != rdf.KindBlank {
			if x != y {
				m.undo(bound)
				return nil, false
			}
			continue
		}
		me, hasE := m.e2a[x.Value]
		_, hasA := m.a2e[y.Value]
		switch {
		case hasE && me == y.Value:
		case !hasE && !hasA:
			m.e2a[x.Value], m.a2e[y.Value] = y.Value, x.Value
			bound = append(bound, x.Value)
		default:
			m.undo(bound)
			return nil, false
		}
	}
	return bound, true
}

func (m *matcher) undo(bound []string) {
	for _, e := range bound {
		delete(m.a2e, m.e2a[e])
		delete(m.e2a, e)
	}
}

func (m *matcher) sequence(exp, act [][]rdf.Term) error {
	m.e2a, m.a2e = map[string]string{}, map[string]string{}
	for i := 0; i < len(exp) && i < len(act); i++ {
		if _, ok := m.bind(exp[i], act[i]); !ok {
			return &MismatchError{
				Reason:     fmt.Sprintf("solution %d differs", i+1),
				Vars:       m.vars,
				Missing:    [][]rdf.Term{exp[i]},
				Unexpected: [][]rdf.Term{act[i]},
			}
		}
	}
	if len(exp) != len(act) {
		e := &MismatchError{Reason: fmt.Sprintf("expected %d solutions, got %d", len(exp), len(act)), Vars: m.vars}
		if len(exp) > len(act) {
			e.Missing = head(exp[len(act):])
		} else {
			e.Unexpected = head(act[len(exp):])
		}
		return e
	}
	return nil
}

func head(rows [][]rdf.Term) [][]rdf.Term {
	if len(rows) > diffRows {
		return rows[:diffRows]
	}
	return rows
}

// shapeKey identifies a row up to the labels of its blank nodes.
func shapeKey(row []rdf.Term) (key string, hasBlank bool) {
	var b strings.Builder
	for _, t := range row {
		switch t.Kind {
		case rdf.KindNone:
		case rdf.KindBlank:
			b.WriteString("_:")
			hasBlank = true
		default:
			b.WriteString(t.String())
		}
		b.WriteByte(0)
	}
	return b.String(), hasBlank
}

func (m *matcher) bag(exp, act [][]rdf.Term) error {
	type group struct{ exp, act [][]rdf.Term }
	groups := map[string]*group{}
	var order []string
	add := func(row []rdf.Term, expected bool) {
		k, _ := shapeKey(row)
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		if expected {
			g.exp = append(g.exp, row)
		} else {
			g.act = append(g.act, row)
		}
	}
	for _, r := range exp {
		add(r, true)
	}
	for _, r := range act {
		add(r, false)
	}
	// Rows of one shape must be equally many on both sides; without blank
	// nodes that already proves them equal.
	mismatch := &MismatchError{Vars: m.vars}
	var blankExp, blankAct [][]rdf.Term
	for _, k := range order {
		g := groups[k]
		if len(g.exp) != len(g.act) {
			if len(g.exp) > len(g.act) {
				mismatch.Missing = append(mismatch.Missing, g.exp[len(g.act):]...)
			} else {
				mismatch.Unexpected = append(mismatch.Unexpected, g.act[len(g.exp):]...)
			}
			continue
		}
		if _, hasBlank := shapeKey(g.exp[0]); hasBlank {
			blankExp = append(blankExp, g.exp...)
			blankAct = append(blankAct, g.act...)
		}
	}
	if len(mismatch.Missing)+len(mismatch.Unexpected) > 0 {
		mismatch.Reason = fmt.Sprintf("expected %d solutions, got %d", len(exp), len(act))
		if len(exp) == len(act) {
			mismatch.Reason = fmt.Sprintf("%d solutions each, but they differ", len(exp))
		}
		mismatch.Missing, mismatch.Unexpected = head(mismatch.Missing), head(mismatch.Unexpected)
		return mismatch
	}
	if len(blankExp) == 0 {
		return nil
	}
	return m.matchBlanks(blankExp, blankAct)
}

// matchBlanks searches for a blank-node bijection under which every
// expected row matches a distinct actual row of the same shape. Rows are
// visited in breadth-first order over shared blank nodes, so a row whose
// blank nodes are already mapped has its match forced and never branches;
// the search backtracks only among rows that are truly ambiguous, and gives
// up after maxSteps attempts.
func (m *matcher) matchBlanks(exp, act [][]rdf.Term) error {
	m.e2a, m.a2e = map[string]string{}, map[string]string{}
	// Actual rows by shape, and by (column, blank label) for forced rows.
	byShape := map[string][]int{}
	type colLabel struct {
		col   int
		label string
	}
	byLabel := map[colLabel][]int{}
	for j, r := range act {
		k, _ := shapeKey(r)
		byShape[k] = append(byShape[k], j)
		for c, t := range r {
			if t.Kind == rdf.KindBlank {
				byLabel[colLabel{c, t.Value}] = append(byLabel[colLabel{c, t.Value}], j)
			}
		}
	}
	order := blankOrder(exp)
	shapes := make([][]int, len(exp))
	for i, r := range exp {
		k, _ := shapeKey(r)
		shapes[i] = byShape[k]
	}
	usedAct := make([]bool, len(act))
	var solve func(depth int) (bool, error)
	solve = func(depth int) (bool, error) {
		if depth == len(order) {
			return true, nil
		}
		i := order[depth]
		cands := shapes[i]
		for c, t := range exp[i] {
			if t.Kind == rdf.KindBlank {
				if y, ok := m.e2a[t.Value]; ok {
					cands = byLabel[colLabel{c, y}]
					break
				}
			}
		}
		for _, j := range cands {
			if usedAct[j] {
				continue
			}
			m.steps++
			if m.steps > m.maxSteps {
				return false, fmt.Errorf("%w: blank-node matching gave up after %d steps", ErrNotEquivalent, m.maxSteps)
			}
			bound, ok := m.bind(exp[i], act[j])
			if !ok {
				continue
			}
			usedAct[j] = true
			found, err := solve(depth + 1)
			if found || err != nil {
				return found, err
			}
			usedAct[j] = false
			m.undo(bound)
		}
		return false, nil
	}
	ok, err := solve(0)
	if err != nil {
		return err
	}
	if !ok {
		return &MismatchError{
			Reason:     "no consistent renaming of blank nodes matches the solutions",
			Vars:       m.vars,
			Missing:    head(exp),
			Unexpected: head(act),
		}
	}
	return nil
}

// blankOrder lists row indexes breadth-first over shared blank nodes, so
// that each row after the first of its component shares a blank node with
// an earlier row.
func blankOrder(rows [][]rdf.Term) []int {
	byLabel := map[string][]int{}
	for i, r := range rows {
		for _, t := range r {
			if t.Kind == rdf.KindBlank {
				byLabel[t.Value] = append(byLabel[t.Value], i)
			}
		}
	}
	seen := make([]bool, len(rows))
	order := make([]int, 0, len(rows))
	for start := range rows {
		if seen[start] {
			continue
		}
		seen[start] = true
		queue := []int{start}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			order = append(order, i)
			for _, t := range rows[i] {
				if t.Kind != rdf.KindBlank {
					continue
				}
				for _, k := range byLabel[t.Value] {
					if !seen[k] {
						seen[k] = true
						queue = append(queue, k)
					}
				}
				delete(byLabel, t.Value) // its rows are queued
			}
		}
	}
	return order
}
