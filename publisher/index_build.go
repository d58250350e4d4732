package publisher

import (
	"context"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// newIndex returns an empty index of the snapshot's version.
func newIndex(snap store.Reader, n vocab.IRIs) *index {
	return &index{sourceClass: n.Terms().Source, practiceClass: n.Terms().Practice,
		version: snap.Version(), modified: snap.Modified(), quads: snap.Len(),
		byIRI: map[rdf.Term]*practice{}, labels: map[rdf.Term]texts{},
		broader: map[rdf.Term][]rdf.Term{}, notation: map[rdf.Term]string{},
		adaptedInto: map[rdf.Term][]*practice{}, replacedBy: map[rdf.Term]rdf.Term{},
		graphs: map[rdf.Term]store.GraphInfo{}, orgs: map[rdf.Term]bool{}, typedSources: map[rdf.Term]bool{},
		factSubjects: map[rdf.Term]map[rdf.Term]bool{},
	}
}

// buildIndex reads the index from a snapshot.
func buildIndex(ctx context.Context, snap store.Reader, n vocab.IRIs, regions *vocab.Regions, labeler *vocab.Labeler) (*index, error) {
	ix := newIndex(snap, n)
	// The graphs first: a write between this and the reads below shows in
	// the next version's changed graphs, so an update rereads it.
	if err := ix.readGraphs(ctx, snap); err != nil {
		return nil, err
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
	t := n.Terms()
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")
	var iris []rdf.Term
	seen := map[rdf.Term]bool{}
	collect := func(q rdf.Quad) {
		if !seen[q.S] {
			seen[q.S] = true
			iris = append(iris, q.S)
		}
	}
	// The facts every page shares, read per predicate, labels in the order
	// of their precedence.
	predicates := append(slices.Clone(labelPredicates), vocab.SKOSBroader, vocab.DCTIsReplacedBy, vocab.SKOSNotation)
	for _, p := range predicates {
		pass := labelPass{}
		if err := match(store.Pattern{P: p}, func(q rdf.Quad) { ix.recordFact(q, pass) }); err != nil {
			return nil, err
		}
	}
	record := func(q rdf.Quad) { ix.recordFact(q, nil) }
	typed := func(q rdf.Quad) {
		record(q)
		collect(q)
	}
	if err := match(store.Pattern{P: rdf.Type, O: t.Practice}, typed); err != nil {
		return nil, err
	}
	// The harvester's tombstones of withdrawn practices have no rdf:type
	// (lists and maps must not show them); their status finds them.
	if err := match(store.Pattern{P: vocab.ADMSStatus, O: withdrawn}, collect); err != nil {
		return nil, err
	}
	for _, class := range []rdf.Term{vocab.ORGOrganization, t.Source} {
		if err := match(store.Pattern{P: rdf.Type, O: class}, record); err != nil {
			return nil, err
		}
	}
	ps, err := readPractices(ctx, snap, n, regions, iris, nil)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		ix.byIRI[p.IRI] = p
	}
	needs, err := readNeeds(ctx, snap, n, regions)
	if err != nil {
		return nil, err
	}
	ix.needs = needs
	ix.finish(n, labeler, nil)
	return ix, nil
}

// readGraphs records every graph's count and last change.
func (ix *index) readGraphs(ctx context.Context, snap store.Reader) error {
	graphs, err := snap.Graphs(ctx)
	if err != nil {
		return err
	}
	for _, g := range append(graphs, rdf.Term{}) {
		if info, ok := snap.GraphInfo(g); ok {
			ix.graphs[g] = info
		}
	}
	return nil
}

// recordFact is addFact that also remembers in which graph the subject
// has facts, so that an update knows whose facts a changed graph held.
func (ix *index) recordFact(q rdf.Quad, pass labelPass) {
	ix.addFact(q, pass)
	set := ix.factSubjects[q.G]
	if set == nil {
		set = map[rdf.Term]bool{}
		ix.factSubjects[q.G] = set
	}
	set[q.S] = true
}

// labelPass is the (subject, language) pairs that got their label from
// the label predicate being read; see addFact.
type labelPass map[labelKey]bool

type labelKey struct {
	s    rdf.Term
	lang string
}

// addFact records what a quad says that the index keeps outside the
// practices: labels, the concept hierarchy, merges, notations, and which
// subjects are organisations and sources.
//
// Labels are read one label predicate at a time in the order of
// labelPredicates, each with a fresh pass: a subject's label in a language
// comes from the first predicate that gives one, and among that
// predicate's values (several graphs may give one) the least, so that
// the choice does not depend on the order in which a store yields quads
// and an update picks what a full build picks.
func (ix *index) addFact(q rdf.Quad, pass labelPass) {
	if q.S.IsZero() {
		return
	}
	switch {
	case slices.Contains(labelPredicates, q.P):
		if q.O.IsLiteral() {
			t := ix.labels[q.S]
			if t == nil {
				t = texts{}
				ix.labels[q.S] = t
			}
			k := labelKey{q.S, q.O.Lang}
			if cur, ok := t[q.O.Lang]; !ok || (pass[k] && q.O.Value < cur) {
				t[q.O.Lang] = q.O.Value
				pass[k] = true
			}
		}
	case q.P == vocab.SKOSBroader:
		if !slices.Contains(ix.broader[q.S], q.O) {
			ix.broader[q.S] = append(ix.broader[q.S], q.O)
		}
	case q.P == vocab.DCTIsReplacedBy:
		if q.O.IsIRI() {
			ix.replacedBy[q.S] = q.O
		}
	case q.P == vocab.SKOSNotation:
		if q.O.IsLiteral() && q.O.Datatype == rdf.XSDString {
			ix.notation[q.S] = q.O.Value
		}
	case q.P == rdf.Type && q.O == vocab.ORGOrganization:
		ix.orgs[q.S] = true
	case q.P == rdf.Type && q.O == ix.sourceClass:
		ix.typedSources[q.S] = true
	}
}

// finish derives what depends on all practices: the sorted list of those
// not withdrawn, lineage, counts, the search text (of the practices in
// searchFor, or of all when it is nil), and the sources.
func (ix *index) finish(n vocab.IRIs, labeler *vocab.Labeler, searchFor map[rdf.Term]bool) {
	withdrawn := n.Concept(vocab.EditorialStatuses, "withdrawn")
	ix.practices = ix.practices[:0]
	ix.adaptedInto = map[rdf.Term][]*practice{}
	countries := map[rdf.Term]bool{}
	for _, p := range ix.byIRI {
		// Practices an update did not read are shared with the previous
		// index, whose readers may be using them: they are not written.
		fresh := searchFor == nil || searchFor[p.IRI]
		if fresh {
			p.Withdrawn = p.Status == withdrawn
		}
		if p.Withdrawn {
			continue
		}
		ix.practices = append(ix.practices, p)
		for _, c := range p.Countries {
			countries[c] = true
		}
		if fresh {
			p.search = ix.searchText(p, labeler)
			p.sortKey = vocab.Fold(p.Title.pick(nil))
		}
	}
	ix.countries = len(countries)
	slices.SortFunc(ix.practices, func(a, b *practice) int {
		if c := strings.Compare(a.sortKey, b.sortKey); c != 0 {
			return c
		}
		return strings.Compare(a.IRI.Value, b.IRI.Value)
	})
	// Lineage in title order, as lists show it.
	for _, p := range ix.practices {
		for _, a := range p.AdaptedFrom {
			ix.adaptedInto[a] = append(ix.adaptedInto[a], p)
		}
	}
	ix.organisations = len(ix.orgs)
	sources := map[rdf.Term]bool{}
	for s := range ix.typedSources {
		sources[s] = true
	}
	graphPrefix := n.Base() + "graph/source/"
	for g, info := range ix.graphs {
		if id, ok := strings.CutPrefix(g.Value, graphPrefix); ok && g.IsIRI() && info.Quads > 0 {
			sources[rdf.IRI(n.Base()+"source/"+id)] = true
		}
	}
	ix.sources = ix.sources[:0]
	for src := range sources {
		ix.sources = append(ix.sources, src)
	}
	slices.SortFunc(ix.sources, rdf.Compare)
}

// subjectBatch is how many subjects readPractices asks for at once.
const subjectBatch = 1000

// subjectQuads returns the quads of the subjects, grouped by subject: in
// batches where the store reads many subjects at once (an external store),
// else a Match per subject.
func subjectQuads(ctx context.Context, snap store.Reader, subjects []rdf.Term) (map[rdf.Term][]rdf.Quad, error) {
	out := make(map[rdf.Term][]rdf.Quad, len(subjects))
	if sm, ok := snap.(store.SubjectMatcher); ok {
		for q, err := range sm.MatchSubjects(ctx, subjects) {
			if err != nil {
				return nil, err
			}
			out[q.S] = append(out[q.S], q)
		}
		for _, qs := range out {
			slices.SortFunc(qs, rdf.CompareQuads) // the order of Match
		}
		return out, nil
	}
	for _, s := range subjects {
		for q, err := range snap.Match(ctx, store.Pattern{S: s, AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			out[s] = append(out[s], q)
		}
	}
	return out, nil
}

// knownQuads is subjectQuads for the subjects that known lacks.
func knownQuads(ctx context.Context, snap store.Reader, subjects []rdf.Term, known map[rdf.Term][]rdf.Quad) (map[rdf.Term][]rdf.Quad, error) {
	var missing []rdf.Term
	for _, s := range subjects {
		if _, ok := known[s]; !ok {
			missing = append(missing, s)
		}
	}
	out, err := subjectQuads(ctx, snap, missing)
	if err != nil {
		return nil, err
	}
	for _, s := range subjects {
		if qs, ok := known[s]; ok {
			out[s] = qs
		}
	}
	return out, nil
}

// readPractices reads practices and their places, subjectBatch at a time;
// the quads of subjects in known are not read again.
func readPractices(ctx context.Context, snap store.Reader, n vocab.IRIs, regions *vocab.Regions, iris []rdf.Term, known map[rdf.Term][]rdf.Quad) ([]*practice, error) {
	out := make([]*practice, 0, len(iris))
	for start := 0; start < len(iris); start += subjectBatch {
		batch := iris[start:min(start+subjectBatch, len(iris))]
		quads, err := knownQuads(ctx, snap, batch, known)
		if err != nil {
			return nil, err
		}
		var placeIRIs []rdf.Term
		seen := map[rdf.Term]bool{}
		for _, iri := range batch {
			for _, q := range quads[iri] {
				if q.P == vocab.LOCNLocation && !seen[q.O] {
					seen[q.O] = true
					placeIRIs = append(placeIRIs, q.O)
				}
			}
		}
		places, err := knownQuads(ctx, snap, placeIRIs, known)
		if err != nil {
			return nil, err
		}
		for _, iri := range batch {
			out = append(out, practiceFrom(n, regions, iri, quads[iri], places))
		}
	}
	return out, nil
}

// practiceFrom makes a practice of its quads and those of its places.
func practiceFrom(n vocab.IRIs, regions *vocab.Regions, iri rdf.Term, quads []rdf.Quad, places map[rdf.Term][]rdf.Quad) *practice {
	t := n.Terms()
	p := &practice{IRI: iri, Title: texts{}, Description: texts{}}
	if id, ok := n.ParsePractice(iri); ok {
		p.ID = id
	}
	regionSet := map[string]bool{}
	var placeIRIs []rdf.Term
	for _, q := range quads {
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
		pl := placeFrom(regions, pi, places[pi])
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
	return p
}

// placeFrom reads a place node from its quads: its name, region and point.
// A place without coordinates gets its region's label point, marked
// approximate.
func placeFrom(regions *vocab.Regions, iri rdf.Term, quads []rdf.Quad) place {
	var f vocab.PlaceFacts
	for _, q := range quads {
		f.Add(q.P, q.O)
	}
	f.Locate(regions)
	return place{IRI: iri, Name: f.Name, Region: f.Region, Lat: f.Lat, Lon: f.Lon, HasPoint: f.HasPoint, Approximate: f.Approximate}
}

// readPlace reads one place.
func readPlace(ctx context.Context, snap store.Reader, regions *vocab.Regions, iri rdf.Term) (place, error) {
	quads, err := subjectQuads(ctx, snap, []rdf.Term{iri})
	if err != nil {
		return place{IRI: iri}, err
	}
	return placeFrom(regions, iri, quads[iri]), nil
}
