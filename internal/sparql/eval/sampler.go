package eval

import (
	"context"
	"sync"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// sampler gives the optimizer the store's counts (store.Reader.Estimate)
// and each predicate's statistics: the store's own (store.StatsReader)
// where it keeps them, otherwise the fan-outs measured on a sample. It
// caches samples per predicate, for the duration of one planning.
type sampler struct {
	r    store.IDReader
	subj map[rdf.Term]float64
	obj  map[rdf.Term]float64
}

func newSampler(r store.IDReader) *sampler {
	return &sampler{r: r, subj: map[rdf.Term]float64{}, obj: map[rdf.Term]float64{}}
}

// PredicateStats implements optimizer.PredicateStatistics.
func (s *sampler) PredicateStats(p rdf.Term) (store.PredicateStats, bool) {
	pid, ok := s.r.TermID(p)
	if !ok {
		return store.PredicateStats{}, false
	}
	if sr, ok := s.r.(store.StatsReader); ok {
		if st, ok := sr.PredicateStats(pid); ok {
			return st, true
		}
	}
	quads := s.r.EstimateIDs(store.IDPattern{P: pid, AnyGraph: true})
	per := func(fanout float64) uint64 { return uint64(max(1, float64(quads)/max(fanout, 1))) }
	return store.PredicateStats{Quads: quads, Subjects: per(s.SubjectFanout(p)), Objects: per(s.ObjectFanout(p))}, true
}

// sampleRows and sampleValues bound the work of one sample.
const (
	sampleRows   = 256
	sampleValues = 8
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

// fanout is a sampled pair of fan-outs.
type fanout struct{ subj, obj float64 }

// fanoutKey identifies a sample: the state of a store (its version and
// last commit time change with every write) and the predicate.
type fanoutKey struct {
	version  uint64
	modified int64
	pred     rdf.Term
}

// fanouts remembers samples across queries, so that repeated queries do not
// sample again while the store is unchanged. Two stores in the same state
// (version and commit time to the nanosecond) would share entries; that
// can only change a plan's join order, never a result.
var fanouts = struct {
	sync.Mutex
	m map[fanoutKey]fanout
}{m: map[fanoutKey]fanout{}}

// maxFanouts bounds the shared cache; it is emptied when full.
const maxFanouts = 4096

// sample fills the fan-outs of p, from the shared cache or by sampling.
func (s *sampler) sample(p rdf.Term) {
	key := fanoutKey{version: s.r.Version(), modified: s.r.Modified().UnixNano(), pred: p}
	fanouts.Lock()
	f, ok := fanouts.m[key]
	fanouts.Unlock()
	if !ok {
		f = s.measure(p)
		fanouts.Lock()
		if len(fanouts.m) >= maxFanouts {
			clear(fanouts.m)
		}
		fanouts.m[key] = f
		fanouts.Unlock()
	}
	s.subj[p], s.obj[p] = f.subj, f.obj
}

// measure reads the first quads of predicate p (in object order) and counts
// the objects among them, then counts the quads of a few of their subjects.
func (s *sampler) measure(p rdf.Term) fanout {
	f := fanout{subj: 1, obj: 1}
	pid, ok := s.r.TermID(p)
	if !ok {
		return f
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
		return f
	}
	f.obj = float64(rows) / float64(objects)
	var total uint64
	for _, sid := range subjects {
		total += s.r.EstimateIDs(store.IDPattern{S: sid, P: pid, AnyGraph: true})
	}
	f.subj = max(1, float64(total)/float64(len(subjects)))
	return f
}
