package publisher

import (
	"context"
	"fmt"
	"github.com/gin-gonic/gin"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// practice is what lists, maps and filters need to know of one practice,
// read once per store version.
type practice struct {
	IRI    rdf.Term
	ID     string // the last segment of the IRI (dct:identifier when it is not ours)
	Graphs []rdf.Term

	Title, Description texts
	Places             []place
	Regions            []string   // NUTS codes from dct:spatial and the places, sorted
	Countries          []rdf.Term // sm:country, else the countries of the regions
	Skills             []rdf.Term
	TargetGroups       []rdf.Term
	Types              []rdf.Term
	DeliveryModes      []rdf.Term
	Providers          []rdf.Term
	AdaptedFrom        []rdf.Term
	Keywords           []rdf.Term
	Status             rdf.Term
	URL, SourcePage    rdf.Term
	StartDate, EndDate string // xsd:date lexical forms, "" if unknown
	FirstSeen          string // xsd:dateTime lexical form, "" if unknown
	// Issued and Modified are when the practice was first published and
	// last changed on the map (dct:issued, dct:modified; "" if unknown).
	Issued, Modified string
	// GoodPractice is set for practices editors validated as good
	// practices.
	GoodPractice bool
	Withdrawn    bool

	search  string // folded text for the q filter
	sortKey string // folded title, the order of lists
}

// place is one place of a practice.
type place struct {
	IRI      rdf.Term
	Name     string
	Region   string // NUTS code, "" if unknown
	Lat, Lon float64
	HasPoint bool
	// Approximate is set when the point is the region's label point because
	// the place has no coordinates of its own.
	Approximate bool
}

// points returns the practice's points, in place order.
func (p *practice) points() []place {
	var out []place
	for _, pl := range p.Places {
		if pl.HasPoint {
			out = append(out, pl)
		}
	}
	return out
}

// index is the view of one store version that lists, maps, filters and
// pages share: every practice, the labels of everything labelled, the
// concept hierarchy, and a few counts.
type index struct {
	version  uint64
	modified time.Time
	quads    uint64

	practices []*practice // not withdrawn, by title
	byIRI     map[rdf.Term]*practice
	labels    map[rdf.Term]texts
	broader   map[rdf.Term][]rdf.Term
	notation  map[rdf.Term]string
	// adaptedInto lists, per practice, the practices adapted from it.
	adaptedInto map[rdf.Term][]*practice
	// replacedBy maps practices editors merged into another to that one.
	replacedBy map[rdf.Term]rdf.Term
	// needs are the published needs.
	needs []*need

	sources       []rdf.Term // sm:Source instances and source graphs' sources
	organisations int
	countries     int

	// What an incremental update (index_update.go) needs: the graphs as
	// they were read, the subjects typed as organisations and sources, and
	// which practices each place belongs to.
	graphs        map[rdf.Term]store.GraphInfo
	orgs          map[rdf.Term]bool
	typedSources  map[rdf.Term]bool
	sourceClass   rdf.Term // sm:Source
	practiceClass rdf.Term // sm:Practice
	// factSubjects are, per graph, the subjects with facts (addFact) in it.
	factSubjects map[rdf.Term]map[rdf.Term]bool

	layersMu sync.Mutex
	layers   map[string][]byte // encoded layers, built on first use
}

// viewCache keeps the index of the latest store version read.
type viewCache struct {
	mu    sync.Mutex
	index *index
}

// index returns the index of the snapshot's version, building it when the
// store changed since the last build.
// openIndex opens a snapshot and the practice index of its version for a
// request; on failure it answers 500 itself and ok is false. The caller
// closes the snapshot.
func (s *Server) openIndex(c *gin.Context) (snap store.Snapshot, ix *index, ok bool) {
	st, preview := s.storeFor(c)
	snap, err := st.Snapshot(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return nil, nil, false
	}
	if preview {
		ix, err = buildIndex(c.Request.Context(), snap, s.iris, s.regions, s.labeler)
	} else {
		ix, err = s.index(c.Request.Context(), snap)
	}
	if err != nil {
		snap.Close()
		s.serverError(c, err)
		return nil, nil, false
	}
	return snap, ix, true
}

func (s *Server) index(ctx context.Context, snap store.Reader) (*index, error) {
	v := snap.Version()
	s.cache.mu.Lock()
	ix := s.cache.index
	s.cache.mu.Unlock()
	if ix != nil && ix.version == v {
		return ix, nil
	}
	s.indexMu.Lock() // one build at a time; the others wait for it
	defer s.indexMu.Unlock()
	s.cache.mu.Lock()
	ix = s.cache.index
	s.cache.mu.Unlock()
	if ix != nil && ix.version == v {
		return ix, nil
	}
	start := time.Now()
	old := ix
	ix, how, err := nextIndex(ctx, snap, old, s.iris, s.regions, s.labeler)
	if err != nil {
		return nil, fmt.Errorf("index of store version %d: %w", v, err)
	}
	s.log.Info("index "+how, "version", v, "practices", len(ix.practices), "duration", time.Since(start))
	s.cache.mu.Lock()
	if s.cache.index == nil || s.cache.index.version < v {
		s.cache.index = ix
	}
	s.cache.mu.Unlock()
	return ix, nil
}

// layer returns an encoded view of the index, building it once with build.
func (ix *index) layer(key string, build func() ([]byte, error)) ([]byte, error) {
	ix.layersMu.Lock()
	defer ix.layersMu.Unlock()
	if b, ok := ix.layers[key]; ok {
		return b, nil
	}
	b, err := build()
	if err != nil {
		return nil, err
	}
	if ix.layers == nil {
		ix.layers = map[string][]byte{}
	}
	ix.layers[key] = b
	return b, nil
}

// searchText is the folded text the q filter searches: titles,
// descriptions, keywords, places, and the labels of skills, target groups,
// kinds, countries and regions.
func (ix *index) searchText(p *practice, labeler *vocab.Labeler) string {
	var b strings.Builder
	for _, ts := range []texts{p.Title, p.Description} {
		for _, s := range ts {
			b.WriteString(s)
			b.WriteByte(' ')
		}
	}
	for _, k := range p.Keywords {
		b.WriteString(k.Value)
		b.WriteByte(' ')
	}
	for _, pl := range p.Places {
		b.WriteString(pl.Name)
		b.WriteByte(' ')
	}
	for _, list := range [][]rdf.Term{p.Skills, p.TargetGroups, p.Types, p.DeliveryModes, p.Countries, p.Providers} {
		for _, t := range list {
			for _, s := range ix.labels[t] {
				b.WriteString(s)
				b.WriteByte(' ')
			}
		}
	}
	for _, code := range p.Regions {
		if l, ok := labeler.Label(vocab.NUTSRegion(code)); ok {
			b.WriteString(l)
			b.WriteByte(' ')
		} else if ts, ok := ix.labels[vocab.NUTSRegion(code)]; ok {
			b.WriteString(ts.pick(nil))
			b.WriteByte(' ')
		}
	}
	return vocab.Fold(b.String())
}

// label returns the label of t in the preferred languages, from the store,
// else the bundled vocabularies, else "" with ok false.
func (ix *index) label(t rdf.Term, langs []string, labeler *vocab.Labeler) (string, bool) {
	if ts, ok := ix.labels[t]; ok && len(ts) > 0 {
		return ts.pick(langs), true
	}
	if labeler != nil {
		if l, ok := labeler.Label(t, langs...); ok {
			return l, true
		}
	}
	return "", false
}

// ancestors returns t's broader concepts, transitively, nearest first.
func (ix *index) ancestors(t rdf.Term) []rdf.Term {
	var out []rdf.Term
	queue := []rdf.Term{t}
	seen := map[rdf.Term]bool{t: true}
	for len(queue) > 0 && len(out) < 64 {
		c := queue[0]
		queue = queue[1:]
		for _, b := range ix.broader[c] {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
				queue = append(queue, b)
			}
		}
	}
	return out
}

// within reports whether concept c is want or narrower than it.
func (ix *index) within(c, want rdf.Term) bool {
	return c == want || slices.Contains(ix.ancestors(c), want)
}

// sortByFirstSeen orders practices newest first by sm:firstSeen, keeping
// the order of those seen at the same time.
func sortByFirstSeen(ps []*practice) {
	slices.SortStableFunc(ps, func(a, b *practice) int { return strings.Compare(b.FirstSeen, a.FirstSeen) })
}

// appendUnique appends t unless list has it.
func appendUnique(list []rdf.Term, t rdf.Term) []rdf.Term {
	if slices.Contains(list, t) {
		return list
	}
	return append(list, t)
}
