package eval

import (
	"context"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// sampler gives the optimizer the store's counts (store.Reader.Estimate)
// and, by sampling, how many quads a predicate has per subject and per
// object, which the store keeps no statistics for. It caches per predicate,
// for the duration of one planning.
type sampler struct {
	r    store.IDReader
	subj map[rdf.Term]float64
	obj  map[rdf.Term]float64
}

func newSampler(r store.IDReader) *sampler {
	return &sampler{r: r, subj: map[rdf.Term]float64{}, obj: map[rdf.Term]float64{}}
}

// sampleRows and sampleValues bound the work of one sample.
const (
	sampleRows   = 1000
	sampleValues = 16
)

// Estimate implements optimizer.Estimator.
func (s *sampler) Estimate(p store.Pattern) uint64 { return s.r.Estimate(p) }

// SubjectFanout returns the average number of quads with predicate p per
// subject that has p, from a few subjects.
func (s *sampler) SubjectFanout(p rdf.Term) float64 {
	if f, ok := s.subj[p]; ok {
		return f
	}
	s.sample(p)
	return s.subj[p]
}

// ObjectFanout returns the average number of quads with predicate p per
// object of p.
func (s *sampler) ObjectFanout(p rdf.Term) float64 {
	if f, ok := s.obj[p]; ok {
		return f
	}
	s.sample(p)
	return s.obj[p]
}

// sample reads the first quads of predicate p (in object order) and counts
// the objects among them, then counts the quads of a few of their subjects.
func (s *sampler) sample(p rdf.Term) {
	s.subj[p], s.obj[p] = 1, 1
	pid, ok := s.r.TermID(p)
	if !ok {
		return
	}
	rows, objects := 0, 0
	var prevO store.ID
	var subjects []store.ID
	seenS := map[store.ID]bool{}
	for q, err := range s.r.MatchIDs(context.Background(), store.IDPattern{P: pid, AnyGraph: true}) {
		if err != nil || rows >= sampleRows {
			break
		}
		rows++
		if rows == 1 || q.O != prevO {
			objects++
			prevO = q.O
		}
		if len(subjects) < sampleValues && !seenS[q.S] {
			seenS[q.S] = true
			subjects = append(subjects, q.S)
		}
	}
	if rows == 0 {
		return
	}
	s.obj[p] = float64(rows) / float64(objects)
	var total uint64
	for _, sid := range subjects {
		total += s.r.EstimateIDs(store.IDPattern{S: sid, P: pid, AnyGraph: true})
	}
	s.subj[p] = max(1, float64(total)/float64(len(subjects)))
}
