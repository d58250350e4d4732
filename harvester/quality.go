package harvester

import (
	"sort"
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// graphIndex answers "objects of s and p" in constant time: rdf.Graph
// scans all its triples for each question, which is quadratic over a
// source of thousands of practices.
type graphIndex map[rdf.Term]map[rdf.Term][]rdf.Term

func indexGraph(g *rdf.Graph) graphIndex {
	idx := graphIndex{}
	for _, t := range g.Triples() {
		m := idx[t.S]
		if m == nil {
			m = map[rdf.Term][]rdf.Term{}
			idx[t.S] = m
		}
		m[t.P] = append(m[t.P], t.O)
	}
	return idx
}

func (idx graphIndex) objects(s, p rdf.Term) []rdf.Term { return idx[s][p] }

func (idx graphIndex) has(s, p rdf.Term) bool { return len(idx[s][p]) > 0 }

// qualityField is one thing portals and map users need from a record.
type qualityField struct {
	name   string
	weight int
	has    func(g graphIndex, p rdf.Term, t vocab.Terms) bool
}

func hasAny(preds ...rdf.Term) func(graphIndex, rdf.Term, vocab.Terms) bool {
	return func(g graphIndex, p rdf.Term, _ vocab.Terms) bool {
		for _, pr := range preds {
			if g.has(p, pr) {
				return true
			}
		}
		return false
	}
}

// qualityFields weigh the fields of a practice; the weights add up to 100.
var qualityFields = []qualityField{
	{"title", 15, hasAny(vocab.DCTTitle)},
	{"description", 15, hasAny(vocab.DCTDescription)},
	{"place", 10, hasAny(vocab.LOCNLocation)},
	{"coordinates", 10, func(g graphIndex, p rdf.Term, _ vocab.Terms) bool {
		for _, pl := range g.objects(p, vocab.LOCNLocation) {
			if g.has(pl, vocab.WGS84Lat) {
				return true
			}
		}
		return false
	}},
	{"skills", 10, hasAny(vocab.SchemaTeaches)},
	{"target_groups", 10, func(g graphIndex, p rdf.Term, t vocab.Terms) bool { return g.has(p, t.TargetGroup) }},
	{"organisation", 10, hasAny(vocab.SchemaProvider)},
	{"url", 10, hasAny(vocab.SchemaURL)},
	{"practice_type", 5, hasAny(vocab.DCTType)},
	{"dates", 5, hasAny(vocab.SchemaStartDate, vocab.SchemaEndDate)},
}

// QualityFields names the fields the quality score weighs, with weights.
func QualityFields() map[string]int {
	out := map[string]int{}
	for _, f := range qualityFields {
		out[f.name] = f.weight
	}
	return out
}

// qualityOf scores a mapped practice from 0 to 100 and lists what it lacks.
func qualityOf(g graphIndex, p rdf.Term, t vocab.Terms) (score int, missing []string) {
	for _, f := range qualityFields {
		if f.has(g, p, t) {
			score += f.weight
		} else {
			missing = append(missing, f.name)
		}
	}
	return score, missing
}

// qualityTerm is a score as an xsd:decimal from 0 to 1.
func qualityTerm(score int) rdf.Term {
	return rdf.Literal(strconv.FormatFloat(float64(score)/100, 'f', -1, 64), rdf.XSDDecimal)
}

// Quality sums up the quality scores of a run's practices.
type Quality struct {
	// Average is the mean score, 0–1.
	Average float64 `json:"average"`
	// Min is the lowest score.
	Min float64 `json:"min"`
	// Missing counts, per field, the practices that lack it.
	Missing map[string]int `json:"missing,omitempty"`
	// Lowest lists the ids of the practices with the lowest scores (at
	// most five), for editors.
	Lowest []string `json:"lowest,omitempty"`
}

type scored struct {
	id    string
	score int
}

func summariseQuality(scores []scored, missing map[string]int) Quality {
	if len(scores) == 0 {
		return Quality{}
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].score < scores[j].score })
	sum := 0
	for _, s := range scores {
		sum += s.score
	}
	q := Quality{Average: float64(sum) / float64(len(scores)) / 100, Min: float64(scores[0].score) / 100, Missing: missing}
	for i := 0; i < len(scores) && i < 5; i++ {
		q.Lowest = append(q.Lowest, scores[i].id)
	}
	return q
}
