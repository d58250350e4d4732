package publisher

import (
	"context"
	"fmt"
	"github.com/gin-gonic/gin"
	"slices"
	"strconv"
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

	search string // folded text for the q filter
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
	ix, err := buildIndex(ctx, snap, s.iris, s.regions, s.labeler)
	if err != nil {
		return nil, fmt.Errorf("index of store version %d: %w", v, err)
	}
	s.log.Debug("index built", "version", v, "practices", len(ix.practices), "duration", time.Since(start))
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

// buildIndex reads the index from a snapshot.
func buildIndex(ctx context.Context, snap store.Reader, n vocab.IRIs, regions *vocab.Regions, labeler *vocab.Labeler) (*index, error) {
	ix := &index{
		version: snap.Version(), modified: snap.Modified(), quads: snap.Len(),
		byIRI: map[rdf.Term]*practice{}, labels: map[rdf.Term]texts{},
		broader: map[rdf.Term][]rdf.Term{}, notation: map[rdf.Term]string{},
		adaptedInto: map[rdf.Term][]*practice{}, replacedBy: map[rdf.Term]rdf.Term{},
	}
	match := func(p store.Pattern, fn func(q rdf.Quad)) error {
		p.AnyGraph = true
		for q, err := range snap.Match(ctx, p) {
			if err != nil {
				return err
			}
			fn(q)
		}
		return nil
	}
	for _, lp := range labelPredicates {
		err := match(store.Pattern{P: lp}, func(q rdf.Quad) {
			if q.S.IsZero() || !q.O.IsLiteral() {
				return
			}
			t := ix.labels[q.S]
			if t == nil {
				t = texts{}
				ix.labels[q.S] = t
			}
			t.add(q.O.Lang, q.O.Value)
		})
		if err != nil {
			return nil, err
		}
	}
	if err := match(store.Pattern{P: vocab.SKOSBroader}, func(q rdf.Quad) {
		if !slices.Contains(ix.broader[q.S], q.O) {
			ix.broader[q.S] = append(ix.broader[q.S], q.O)
		}
	}); err != nil {
		return nil, err
	}
	if err := match(store.Pattern{P: vocab.DCTIsReplacedBy}, func(q rdf.Quad) {
		if q.O.IsIRI() {
			ix.replacedBy[q.S] = q.O
		}
	}); err != nil {
		return nil, err
	}
	if err := match(store.Pattern{P: vocab.SKOSNotation}, func(q rdf.Quad) {
		if q.O.IsLiteral() && q.O.Datatype == rdf.XSDString {
			ix.notation[q.S] = q.O.Value
		}
	}); err != nil {
		return nil, err
	}

	t := n.Terms()
	var iris []rdf.Term
	seen := map[rdf.Term]bool{}
	collect := func(q rdf.Quad) {
		if !seen[q.S] {
			seen[q.S] = true
			iris = append(iris, q.S)
		}
	}
	if err := match(store.Pattern{P: rdf.Type, O: t.Practice}, collect); err != nil {
		return nil, err
	}
	// The harvester's tombstones of withdrawn practices have no rdf:type
	// (lists and maps must not show them); their status finds them.
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")
	if err := match(store.Pattern{P: vocab.ADMSStatus, O: withdrawn}, collect); err != nil {
		return nil, err
	}
	for _, iri := range iris {
		p, err := readPractice(ctx, snap, n, regions, iri)
		if err != nil {
			return nil, err
		}
		p.Withdrawn = p.Status == withdrawn
		ix.byIRI[iri] = p
		if !p.Withdrawn {
			ix.practices = append(ix.practices, p)
		}
	}

	countries := map[rdf.Term]bool{}
	for _, p := range ix.practices {
		for _, a := range p.AdaptedFrom {
			ix.adaptedInto[a] = append(ix.adaptedInto[a], p)
		}
		for _, c := range p.Countries {
			countries[c] = true
		}
		p.search = ix.searchText(p, labeler)
	}
	ix.countries = len(countries)
	needs, err := readNeeds(ctx, snap, n, regions)
	if err != nil {
		return nil, err
	}
	ix.needs = needs
	slices.SortFunc(ix.practices, func(a, b *practice) int {
		if c := strings.Compare(vocab.Fold(a.Title.pick(nil)), vocab.Fold(b.Title.pick(nil))); c != 0 {
			return c
		}
		return strings.Compare(a.IRI.Value, b.IRI.Value)
	})

	orgs := map[rdf.Term]bool{}
	if err := match(store.Pattern{P: rdf.Type, O: vocab.ORGOrganization}, func(q rdf.Quad) { orgs[q.S] = true }); err != nil {
		return nil, err
	}
	ix.organisations = len(orgs)
	sources := map[rdf.Term]bool{}
	if err := match(store.Pattern{P: rdf.Type, O: t.Source}, func(q rdf.Quad) { sources[q.S] = true }); err != nil {
		return nil, err
	}
	graphs, err := snap.Graphs(ctx)
	if err != nil {
		return nil, err
	}
	graphPrefix := n.Base() + "graph/source/"
	for _, g := range graphs {
		if id, ok := strings.CutPrefix(g.Value, graphPrefix); ok && g.IsIRI() {
			if info, ok := snap.GraphInfo(g); ok && info.Quads > 0 {
				sources[rdf.IRI(n.Base()+"source/"+id)] = true
			}
		}
	}
	for src := range sources {
		ix.sources = append(ix.sources, src)
	}
	slices.SortFunc(ix.sources, rdf.Compare)
	return ix, nil
}

// readPractice reads one practice and its places.
func readPractice(ctx context.Context, snap store.Reader, n vocab.IRIs, regions *vocab.Regions, iri rdf.Term) (*practice, error) {
	t := n.Terms()
	p := &practice{IRI: iri, Title: texts{}, Description: texts{}}
	if id, ok := n.ParsePractice(iri); ok {
		p.ID = id
	}
	regionSet := map[string]bool{}
	var placeIRIs []rdf.Term
	for q, err := range snap.Match(ctx, store.Pattern{S: iri, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if !slices.Contains(p.Graphs, q.G) && !q.G.IsZero() {
			p.Graphs = append(p.Graphs, q.G)
		}
		o := q.O
		switch q.P {
		case vocab.DCTTitle:
			if o.IsLiteral() {
				p.Title.add(o.Lang, o.Value)
			}
		case vocab.DCTDescription:
			if o.IsLiteral() {
				p.Description.add(o.Lang, o.Value)
			}
		case vocab.DCTIdentifier:
			if p.ID == "" && o.IsLiteral() {
				p.ID = o.Value
			}
		case vocab.LOCNLocation:
			placeIRIs = appendUnique(placeIRIs, o)
		case vocab.DCTSpatial:
			if code, ok := vocab.ParseNUTSRegion(o); ok {
				regionSet[code] = true
			}
		case t.Country:
			p.Countries = appendUnique(p.Countries, o)
		case vocab.SchemaTeaches:
			p.Skills = appendUnique(p.Skills, o)
		case t.TargetGroup:
			p.TargetGroups = appendUnique(p.TargetGroups, o)
		case vocab.DCTType:
			p.Types = appendUnique(p.Types, o)
		case t.DeliveryMode:
			p.DeliveryModes = appendUnique(p.DeliveryModes, o)
		case vocab.SchemaProvider:
			p.Providers = appendUnique(p.Providers, o)
		case t.AdaptedFrom:
			p.AdaptedFrom = appendUnique(p.AdaptedFrom, o)
		case vocab.DCATKeyword:
			p.Keywords = appendUnique(p.Keywords, o)
		case vocab.ADMSStatus:
			p.Status = o
		case vocab.SchemaURL:
			p.URL = o
		case vocab.DCTSource:
			p.SourcePage = o
		case vocab.SchemaStartDate:
			p.StartDate = o.Value
		case vocab.SchemaEndDate:
			p.EndDate = o.Value
		case t.FirstSeen:
			p.FirstSeen = o.Value
		case vocab.DCTIssued:
			p.Issued = o.Value
		case vocab.DCTModified:
			if o.Datatype == rdf.XSDDateTime && o.Value > p.Modified {
				p.Modified = o.Value
			}
		case rdf.Type:
			p.GoodPractice = p.GoodPractice || o == t.ValidatedGoodPractice
		}
	}
	for _, pi := range placeIRIs {
		pl, err := readPlace(ctx, snap, regions, pi)
		if err != nil {
			return nil, err
		}
		if pl.Region != "" {
			regionSet[pl.Region] = true
		}
		p.Places = append(p.Places, pl)
	}
	for code := range regionSet {
		p.Regions = append(p.Regions, code)
	}
	slices.Sort(p.Regions)
	if len(p.Countries) == 0 {
		for _, code := range p.Regions {
			if c, ok := vocab.CountryByCode(code[:2]); ok {
				p.Countries = appendUnique(p.Countries, c.IRI())
			}
		}
	}
	for _, list := range [][]rdf.Term{p.Countries, p.Skills, p.TargetGroups, p.Types, p.DeliveryModes, p.Providers, p.AdaptedFrom} {
		slices.SortFunc(list, rdf.Compare)
	}
	return p, nil
}

// readPlace reads a place node: its name, region and point. A place
// without coordinates gets its region's label point, marked approximate.
func readPlace(ctx context.Context, snap store.Reader, regions *vocab.Regions, iri rdf.Term) (place, error) {
	pl := place{IRI: iri}
	var lat, lon string
	for q, err := range snap.Match(ctx, store.Pattern{S: iri, AnyGraph: true}) {
		if err != nil {
			return pl, err
		}
		switch q.P {
		case vocab.LOCNGeographicName:
			if pl.Name == "" {
				pl.Name = q.O.Value
			}
		case vocab.GeoSfWithin:
			if code, ok := vocab.ParseNUTSRegion(q.O); ok {
				pl.Region = code
			}
		case vocab.WGS84Lat:
			lat = q.O.Value
		case vocab.WGS84Long:
			lon = q.O.Value
		}
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 == nil && err2 == nil && la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
		pl.Lat, pl.Lon, pl.HasPoint = la, lo, true
	} else if regions != nil && pl.Region != "" {
		if r, ok := regions.Region(pl.Region); ok {
			pl.Lat, pl.Lon, pl.HasPoint, pl.Approximate = r.Lat(), r.Lon(), true, true
		}
	}
	return pl, nil
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
