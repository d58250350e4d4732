package match

import (
	"math/bits"

	"github.com/skillsmap/skillsmap/vocab"
)

// conceptSet is a set of the concepts of one scheme, as bits in the order
// of the scheme's table.
type conceptSet []uint64

func newConceptSet(n int) conceptSet { return make(conceptSet, (n+63)/64) }

// add adds concept i; on a nil set (a caller that wants no explanation)
// it does nothing.
func (s conceptSet) add(i int) {
	if s != nil {
		s[i/64] |= 1 << (i % 64)
	}
}
func (s conceptSet) has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }

func (s conceptSet) union(o conceptSet) {
	for i := range s {
		s[i] |= o[i]
	}
}

func (s conceptSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// intersects reports whether s and o share a concept.
func (s conceptSet) intersects(o conceptSet) bool {
	for i := range s {
		if s[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

// countCommon returns the number of concepts in both s and o.
func (s conceptSet) countCommon(o conceptSet) int {
	n := 0
	for i := range s {
		n += bits.OnesCount64(s[i] & o[i])
	}
	return n
}

func (s conceptSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// conceptTable numbers the concepts of a bundled scheme and keeps its
// hierarchy as sets, so that comparing a need with 10,000 practices is a
// few word operations per practice.
type conceptTable struct {
	scheme    vocab.Scheme
	concepts  []vocab.Concept
	bit       map[string]int // concept id → bit
	broader   []conceptSet   // bit → the direct broader concepts
	ancestors []conceptSet   // bit → every broader concept, transitively
}

func newConceptTable(s vocab.Scheme) *conceptTable {
	cs, _ := vocab.LookupScheme(s)
	t := &conceptTable{scheme: s, bit: map[string]int{}}
	if cs != nil {
		t.concepts = cs.Concepts()
	}
	for i, c := range t.concepts {
		t.bit[c.ID] = i
	}
	n := len(t.concepts)
	t.broader = make([]conceptSet, n)
	t.ancestors = make([]conceptSet, n)
	for i, c := range t.concepts {
		t.broader[i] = newConceptSet(n)
		for _, b := range c.Broader() {
			if j, ok := t.bit[b]; ok {
				t.broader[i].add(j)
			}
		}
	}
	for i := range t.concepts {
		t.ancestors[i] = newConceptSet(n)
		// A breadth-first walk, bounded by the scheme's size so that a
		// cycle in a table cannot loop.
		queue := []int{i}
		for steps := 0; len(queue) > 0 && steps < n; steps++ {
			c := queue[0]
			queue = queue[1:]
			for j := range t.concepts {
				if t.broader[c].has(j) && !t.ancestors[i].has(j) && j != i {
					t.ancestors[i].add(j)
					queue = append(queue, j)
				}
			}
		}
	}
	return t
}

func (t *conceptTable) newSet() conceptSet { return newConceptSet(len(t.concepts)) }

// expand returns raw with every broader concept of its members added.
func (t *conceptTable) expand(raw conceptSet) conceptSet {
	out := t.newSet()
	out.union(raw)
	for i := range t.concepts {
		if raw.has(i) {
			out.union(t.ancestors[i])
		}
	}
	return out
}

// ids returns the ids of the members of s, in table order.
func (t *conceptTable) ids(s conceptSet) []string {
	var out []string
	for i, c := range t.concepts {
		if s.has(i) {
			out = append(out, c.ID)
		}
	}
	return out
}

// Partial-match values of a need concept (see conceptMatch).
const (
	matchExact    = 1.0 // the practice states the concept
	matchNarrower = 0.8 // the practice states a narrower concept
	matchBroader  = 0.5 // times the share of the concept's broader concepts the practice covers
)

// conceptMatch says how well a practice's concepts (raw as stated,
// expanded with their broader concepts) fit one concept a need asks for,
// and which of the practice's stated concepts make the fit:
//
//   - 1 if the practice states the concept;
//   - 0.8 if it states a narrower one (a need for "refugees and migrants",
//     a practice for refugee women; a need for DigComp area 4, a practice
//     for competence 4.2);
//   - else 0.5 × the share of the concept's direct broader concepts that
//     the practice covers (a need for refugee women: a practice for
//     refugees gives 0.25, one for refugees and for women 0.5; a need for
//     DigComp 4.2, a practice for 4.1 or for area 4 gives 0.5);
//   - else 0.
func (t *conceptTable) conceptMatch(want int, raw, expanded conceptSet, why conceptSet) float64 {
	switch {
	case raw.has(want):
		why.add(want)
		return matchExact
	case expanded.has(want):
		for i := range t.concepts {
			if why != nil && raw.has(i) && t.ancestors[i].has(want) {
				why.add(i)
			}
		}
		return matchNarrower
	}
	b := t.broader[want]
	n := b.count()
	if n == 0 {
		return 0
	}
	k := b.countCommon(expanded)
	if k == 0 {
		return 0
	}
	for i := range t.concepts {
		if why == nil {
			break
		}
		if raw.has(i) && (b.has(i) || b.intersects(t.ancestors[i])) {
			why.add(i)
		}
	}
	return matchBroader * float64(k) / float64(n)
}
