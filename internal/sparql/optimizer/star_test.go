package optimizer

import (
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// charSet is one characteristic set of starStats.
type charSet struct {
	preds    []string
	subjects float64
	quads    map[string]float64
}

// starStats is fakeStats with characteristic sets.
type starStats struct {
	fakeStats
	sets []charSet
}

func (s starStats) Star(q []rdf.Term, p rdf.Term) (subjects, quads float64, ok bool) {
	for _, set := range s.sets {
		all := true
		for _, t := range q {
			if !slices.Contains(set.preds, t.Value) {
				all = false
			}
		}
		if all {
			subjects += set.subjects
			quads += set.quads[p.Value]
		}
	}
	return subjects, quads, subjects > 0
}

// peopleAndProducts: 1000 people with a name and 100 acquaintances each,
// 200 products with a name and 10 features each. No subject has both
// features and acquaintances.
func peopleAndProducts() starStats {
	const name, feature, knows = "http://ex/name", "http://ex/feature", "http://ex/knows"
	return starStats{
		fakeStats: fakeStats{
			byPred:   map[string]uint64{name: 1200, feature: 2000, knows: 100_000},
			distinct: map[string][2]uint64{name: {1200, 1200}, feature: {200, 50}, knows: {1000, 1000}},
		},
		sets: []charSet{
			{[]string{name, knows}, 1000, map[string]float64{name: 1000, knows: 100_000}},
			{[]string{name, feature}, 200, map[string]float64{name: 200, feature: 2000}},
		},
	}
}

func TestStarEstimatesFromCharacteristicSets(t *testing.T) {
	for _, tc := range []struct {
		query          string
		withSets       [2]float64 // the root's estimate with the sets: at least, at most
		withoutAtLeast float64    // and without them, at least
	}{
		{ // names of people: the sets agree with the fan-outs
			`SELECT * { ?x :name ?n . ?x :knows ?y }`, [2]float64{99_000, 101_000}, 99_000},
		{ // nothing with features has acquaintances
			`SELECT * { ?x :feature ?f . ?x :knows ?y }`, [2]float64{0, 1}, 100_000},
		{ // nothing has features and acquaintances
			`SELECT * { ?x :name ?n . ?x :feature ?f . ?x :knows ?y }`, [2]float64{0, 1}, 100_000},
	} {
		with := Optimize(pattern(t, tc.query), Options{Stats: peopleAndProducts()})
		without := Optimize(pattern(t, tc.query), Options{Stats: peopleAndProducts().fakeStats})
		got, gotWithout := rootEstimate(with.Root), rootEstimate(without.Root)
		if got < tc.withSets[0] || got > tc.withSets[1] {
			t.Errorf("%s: estimate %v with characteristic sets, want %v–%v\n%s", tc.query, got, tc.withSets[0], tc.withSets[1], with)
		}
		if gotWithout < tc.withoutAtLeast {
			t.Errorf("%s: estimate %v without characteristic sets, want at least %v (the independence assumption)\n%s", tc.query, gotWithout, tc.withoutAtLeast, without)
		}
	}
}

// rootEstimate is the estimate of the join under the plan's projection.
func rootEstimate(n Node) float64 {
	for {
		if _, ok := n.(*Join); ok {
			return n.Properties().Estimate
		}
		cs := Children(n)
		if len(cs) != 1 {
			return n.Properties().Estimate
		}
		n = cs[0]
	}
}
