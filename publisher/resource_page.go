package publisher

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// maxRelated bounds the related items a page lists; a "more" link leads
// to the filtered practice list.
const maxRelated = 100

// resourceView is the body of a resource page.
type resourceView struct {
	Kind        kind
	KindLabel   string
	IRI         string
	Types       []valueView
	Heading     string
	HeadingLang string
	Summary     string
	SummaryLang string
	Breadcrumbs []link
	Facts       []fact
	Nodes       []nodeView
	Map         template.HTML
	MapLink     string
	Places      []placeView
	Sections    []section
	Tree        []treeNode
	Graphs      []link
	Formats     []link
	// GoodPractice marks a practice editors validated as a good practice.
	GoodPractice bool
	// Family is a practice's lineage tree (origins and adaptations).
	Family []treeNode
}

// nodeView is a node of the closure (a place, a blank node) or an
// ontology term, shown in its own table with an anchor.
type nodeView struct {
	Anchor, Title string
	Facts         []fact
}

// placeView is a place with its coordinates, for pages without a map.
type placeView struct {
	Name, Region, RegionHref string
	Lat, Lon                 float64
	HasPoint, Approximate    bool
}

// section is a list of related items.
type section struct {
	Title string
	Items []item
	More  *link
	Empty string // shown when Items is empty; the section is left out if this is empty too
}

// item is one related item.
type item struct {
	Label, Href, Note string
}

// treeNode is a concept of a scheme's hierarchy.
type treeNode struct {
	Label, Href, Notation string
	Children              []treeNode
}

// renderResource writes the page of a described resource.
func (s *Server) renderResource(c *gin.Context, snap store.Reader, n negotiated, t target, d *description, ix *index) {
	langs := languages(c.Request)
	v := &viewer{s: s, ix: ix, langs: langs, anchors: map[rdf.Term]string{}}
	for _, node := range d.Nodes {
		v.anchors[node] = anchorFor(node)
	}
	rv := &resourceView{Kind: t.Kind, KindLabel: kindLabels[t.Kind], IRI: t.Subject.Value, Formats: s.formatLinks(c, n, resourceOffers())}

	headingProp, summaryProp := s.headingAndSummary(d, t.Subject, langs, rv)
	skip := map[rdf.Term]bool{}
	if len(d.objects(t.Subject, headingProp)) == 1 {
		skip[headingProp] = true
	}
	if len(d.objects(t.Subject, summaryProp)) == 1 {
		skip[summaryProp] = true
	}
	skip[rdf.Type] = true
	for _, tv := range v.values(d.objects(t.Subject, rdf.Type)) {
		if !strings.EqualFold(tv.Text, rv.KindLabel) {
			rv.Types = append(rv.Types, tv)
		}
	}
	rv.Facts = v.facts(d.Own, t.Subject, skip)
	for _, node := range d.Nodes {
		title, ok := v.label(node)
		if !ok {
			title = v.anchors[node]
		}
		rv.Nodes = append(rv.Nodes, nodeView{Anchor: v.anchors[node], Title: title, Facts: v.facts(d.Own, node, nil)})
	}
	var graphs []rdf.Term
	for _, q := range d.Own {
		if !q.G.IsZero() && !slices.Contains(graphs, q.G) {
			graphs = append(graphs, q.G)
		}
	}
	slices.SortFunc(graphs, rdf.Compare)
	for _, g := range graphs {
		rv.Graphs = append(rv.Graphs, link{Label: s.shortIRI(g.Value), Href: s.linkFor(g)})
	}

	switch t.Kind {
	case kindPractice:
		s.practiceSections(rv, v, t.Subject)
		if !previewing(c) {
			s.similarSection(c.Request, rv, v, t.Subject)
		}
	case kindOrganisation:
		rv.Sections = append(rv.Sections, s.practiceSection(v, "Practices run by this organisation", "", func(p *practice) bool {
			return slices.Contains(p.Providers, t.Subject)
		}))
	case kindSource:
		s.sourceSections(c.Request.Context(), snap, rv, v, t.Subject)
	case kindConcept:
		s.conceptSections(rv, v, t.Subject)
	case kindScheme:
		rv.Tree = schemeTree(d, t.Subject, v)
	case kindRegion:
		s.regionSections(rv, v, t.Region)
	case kindCountry:
		s.countrySections(rv, v, t.Country)
	}
	title := rv.Heading
	if rv.KindLabel != "" {
		title += " – " + rv.KindLabel
	}
	p := s.newPage(c, title, rv)
	if (t.Kind == kindPractice || t.Kind == kindNeed) && s.session != nil && !previewing(c) {
		for _, l := range s.session.Actions(c.Request, t.Subject) {
			p.Actions = append(p.Actions, link{Label: l.Label, Href: l.Href})
		}
	}
	if pr, ok := ix.byIRI[t.Subject]; ok && pr.GoodPractice {
		rv.GoodPractice = true
	}
	p.Lang = firstNonEmpty(rv.HeadingLang, "en")
	p.Description = rv.Summary
	p.Attribution = rv.Map != "" && s.regions != nil
	s.render(c, http.StatusOK, "resource", p)
}

// kindLabels name the kinds of resources in page titles.
var kindLabels = map[kind]string{
	kindPractice: "Practice", kindOrganisation: "Organisation", kindSource: "Source",
	kindRun: "Harvest run", kindActivity: "Editorial activity", kindNeed: "Need", kindTransfer: "Transfer", kindOntology: "Ontology", kindScheme: "Concept scheme",
	kindConcept: "Concept", kindRegion: "Region", kindCountry: "Country",
}

// headingAndSummary picks the page heading and the summary paragraph of
// the subject, returning the properties they came from.
func (s *Server) headingAndSummary(d *description, subject rdf.Term, langs []string, rv *resourceView) (rdf.Term, rdf.Term) {
	var headingProp, summaryProp rdf.Term
	for _, p := range labelPredicates {
		ts := texts{}
		for _, o := range d.objects(subject, p) {
			if o.IsLiteral() {
				ts.add(o.Lang, o.Value)
			}
		}
		if len(ts) > 0 {
			rv.Heading, rv.HeadingLang = ts.pickLang(langs)
			headingProp = p
			break
		}
	}
	if rv.Heading == "" {
		if l, ok := s.labeler.Label(subject, langs...); ok {
			rv.Heading = l
		} else if code, ok := vocab.ParseNUTSRegion(subject); ok {
			rv.Heading = code
		} else {
			rv.Heading = s.shortIRI(subject.Value)
		}
	}
	for _, p := range []rdf.Term{vocab.DCTDescription, vocab.SKOSDefinition, vocab.RDFSComment} {
		ts := texts{}
		for _, o := range d.objects(subject, p) {
			if o.IsLiteral() {
				ts.add(o.Lang, o.Value)
			}
		}
		if len(ts) > 0 {
			rv.Summary, rv.SummaryLang = ts.pickLang(langs)
			summaryProp = p
			break
		}
	}
	return headingProp, summaryProp
}

// practiceSection lists the practices that keep returns true for.
func (s *Server) practiceSection(v *viewer, title, more string, keep func(*practice) bool) section {
	sec := section{Title: title, Empty: "None yet."}
	n := 0
	for _, p := range v.ix.practices {
		if !keep(p) {
			continue
		}
		n++
		if len(sec.Items) < maxRelated {
			sec.Items = append(sec.Items, s.practiceItem(v, p))
		}
	}
	if n > len(sec.Items) && more != "" {
		sec.More = &link{Label: "All " + thousands(n) + " practices", Href: more}
	}
	return sec
}

// practiceItem is a practice in a related list: its title and where it
// runs.
func (s *Server) practiceItem(v *viewer, p *practice) item {
	var countries, where []string
	for _, c := range p.Countries {
		if l, _ := v.label(c); l != "" {
			countries = append(countries, l)
		}
	}
	for _, pl := range p.Places {
		// A place named after its country (a practice that runs nationwide)
		// would repeat the country.
		if pl.Name != "" && !slices.Contains(where, pl.Name) && !slices.Contains(countries, pl.Name) {
			where = append(where, pl.Name)
		}
	}
	where = append(where, countries...)
	return item{Label: firstNonEmpty(p.Title.pick(v.langs), p.IRI.Value), Href: s.linkFor(p.IRI), Note: strings.Join(where, ", ")}
}

// practiceSections adds a practice's map and lineage.
func (s *Server) practiceSections(rv *resourceView, v *viewer, subject rdf.Term) {
	p, ok := v.ix.byIRI[subject]
	if !ok {
		return
	}
	var points []snippetPoint
	var shapes []snippetShape
	countries := map[string]bool{}
	for _, pl := range p.Places {
		pv := placeView{Name: pl.Name, Region: pl.Region, Lat: pl.Lat, Lon: pl.Lon, HasPoint: pl.HasPoint, Approximate: pl.Approximate}
		if pl.Region != "" {
			pv.RegionHref = s.href("/region/" + pl.Region)
			if l, ok := v.label(vocab.NUTSRegion(pl.Region)); ok {
				pv.Region = l + " (" + pl.Region + ")"
			}
			countries[pl.Region[:2]] = true
		}
		rv.Places = append(rv.Places, pv)
		if pl.HasPoint {
			points = append(points, snippetPoint{Lat: pl.Lat, Lon: pl.Lon, Title: firstNonEmpty(pl.Name, rv.Heading)})
		}
	}
	for _, code := range p.Regions {
		countries[code[:2]] = true
	}
	if s.regions != nil {
		for code := range countries {
			if r, ok := s.regions.Region(code); ok {
				shapes = append(shapes, snippetShape{Outline: r.Outline, Class: "context", Title: r.Name, Fit: true})
			}
		}
		for _, code := range p.Regions {
			if r, ok := s.regions.Region(code); ok && r.Level > 0 {
				shapes = append(shapes, snippetShape{Outline: r.Outline, Class: "focus", Title: r.Name})
			}
		}
		slices.SortFunc(shapes, func(a, b snippetShape) int { return strings.Compare(a.Class, b.Class) })
		if len(points) > 0 || len(p.Regions) > 0 {
			rv.Map = mapSnippet(shapes, points)
		}
	}
	if len(points) > 0 {
		rv.MapLink = s.href("/map") + "#practice=" + url.QueryEscape(p.IRI.Value)
	}
	from := section{Title: "Adapted from"}
	for _, a := range p.AdaptedFrom {
		if ap, ok := v.ix.byIRI[a]; ok && !ap.Withdrawn {
			from.Items = append(from.Items, s.practiceItem(v, ap))
		} else {
			vv := v.value(a)
			from.Items = append(from.Items, item{Label: vv.Text, Href: vv.Href})
		}
	}
	into := section{Title: "Adapted into"}
	for _, ap := range v.ix.adaptedInto[subject] {
		into.Items = append(into.Items, s.practiceItem(v, ap))
	}
	for _, sec := range []section{from, into} {
		if len(sec.Items) > 0 {
			rv.Sections = append(rv.Sections, sec)
		}
	}
	if len(p.AdaptedFrom) > 0 || len(v.ix.adaptedInto[subject]) > 0 {
		rv.Family = s.familyTree(v, p)
	}
}

// Bounds of a practice's family tree.
const (
	maxFamilyDepth = 8
	maxFamilyNodes = 100
)

// familyTree is the practice's lineage: from the practices it ultimately
// comes from (following sm:adaptedFrom up) down to every adaptation of
// theirs, the practice itself marked.
func (s *Server) familyTree(v *viewer, p *practice) []treeNode {
	var roots []*practice
	seen := map[rdf.Term]bool{}
	var up func(x *practice, depth int)
	up = func(x *practice, depth int) {
		if seen[x.IRI] {
			return
		}
		seen[x.IRI] = true
		parents := 0
		for _, a := range x.AdaptedFrom {
			if ap, ok := v.ix.byIRI[a]; ok && !ap.Withdrawn && depth < maxFamilyDepth {
				parents++
				up(ap, depth+1)
			}
		}
		if parents == 0 && !slices.Contains(roots, x) {
			roots = append(roots, x)
		}
	}
	up(p, 0)
	nodes := 0
	placed := map[rdf.Term]bool{}
	var down func(x *practice, depth int) treeNode
	down = func(x *practice, depth int) treeNode {
		nodes++
		placed[x.IRI] = true
		it := s.practiceItem(v, x)
		n := treeNode{Label: it.Label, Href: it.Href}
		if x == p {
			n.Notation = "★"
		}
		for _, child := range v.ix.adaptedInto[x.IRI] {
			if placed[child.IRI] || depth >= maxFamilyDepth || nodes >= maxFamilyNodes {
				continue
			}
			n.Children = append(n.Children, down(child, depth+1))
		}
		return n
	}
	var out []treeNode
	for _, r := range roots {
		if !placed[r.IRI] {
			out = append(out, down(r, 0))
		}
	}
	return out
}

// sourceSections lists a source's practices and recent harvest runs.
func (s *Server) sourceSections(ctx context.Context, snap store.Reader, rv *resourceView, v *viewer, subject rdf.Term) {
	id, ok := s.iris.ParseSource(subject)
	if !ok {
		return
	}
	graph := s.iris.SourceGraph(id)
	rv.Sections = append(rv.Sections, s.practiceSection(v, "Practices from this source", "", func(p *practice) bool {
		return slices.Contains(p.Graphs, graph)
	}))
	runs, err := s.recentRuns(ctx, snap, subject, 20)
	if err != nil {
		s.log.Error("recent harvest runs", "source", subject.Value, "error", err)
		return
	}
	sec := section{Title: "Recent harvest runs", Empty: "No runs recorded."}
	for _, r := range runs {
		sec.Items = append(sec.Items, item{Label: r.started, Href: s.linkFor(r.iri), Note: r.status})
	}
	rv.Sections = append(rv.Sections, sec)
}

// harvestRun is a run in a source's list.
type harvestRun struct {
	iri             rdf.Term
	started, status string
}

// recentRuns returns the latest runs that used a source, newest first.
func (s *Server) recentRuns(ctx context.Context, snap store.Reader, source rdf.Term, limit int) ([]harvestRun, error) {
	var runs []harvestRun
	for q, err := range snap.Match(ctx, store.Pattern{P: vocab.PROVUsed, O: source, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(runs, func(r harvestRun) bool { return r.iri == q.S }) {
			continue
		}
		r := harvestRun{iri: q.S}
		for q2, err := range snap.Match(ctx, store.Pattern{S: q.S, AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			switch q2.P {
			case vocab.PROVStartedAtTime:
				r.started = q2.O.Value
			case s.iris.Terms().RunStatus:
				r.status = q2.O.Value
			}
		}
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b harvestRun) int { return strings.Compare(b.started, a.started) })
	if len(runs) > limit {
		runs = runs[:limit]
	}
	for i := range runs {
		if runs[i].started == "" {
			runs[i].started = s.shortIRI(runs[i].iri.Value)
		}
	}
	return runs, nil
}

// conceptParams map a scheme to the practice list's filter parameter.
var conceptParams = map[vocab.Scheme]string{
	vocab.DigComp: "skill", vocab.TargetGroups: "targetGroup", vocab.PracticeTypes: "type", vocab.DeliveryModes: "delivery",
}

// conceptSections lists a concept's narrower concepts and the practices
// that use it or a narrower concept.
func (s *Server) conceptSections(rv *resourceView, v *viewer, concept rdf.Term) {
	scheme, id, _ := s.iris.ParseConcept(concept)
	rv.Breadcrumbs = append(rv.Breadcrumbs, link{Label: v.valueText(s.iris.Scheme(scheme)), Href: s.linkFor(s.iris.Scheme(scheme))})
	for _, b := range v.ix.ancestors(concept) {
		rv.Breadcrumbs = append(rv.Breadcrumbs, link{Label: v.valueText(b), Href: s.linkFor(b)})
	}
	var narrower []rdf.Term
	for c, bs := range v.ix.broader {
		if slices.Contains(bs, concept) {
			narrower = append(narrower, c)
		}
	}
	slices.SortFunc(narrower, rdf.Compare)
	if len(narrower) > 0 {
		sec := section{Title: "Narrower concepts"}
		for _, n := range narrower {
			sec.Items = append(sec.Items, item{Label: v.valueText(n), Href: s.linkFor(n), Note: v.ix.notation[n]})
		}
		rv.Sections = append(rv.Sections, sec)
	}
	more := ""
	if param, ok := conceptParams[scheme]; ok {
		more = s.href("/practices") + "?" + url.Values{param: {id}}.Encode()
	}
	rv.Sections = append(rv.Sections, s.practiceSection(v, "Practices", more, func(p *practice) bool {
		for _, list := range [][]rdf.Term{p.Skills, p.TargetGroups, p.Types, p.DeliveryModes, {p.Status}} {
			for _, c := range list {
				if v.ix.within(c, concept) {
					return true
				}
			}
		}
		return false
	}))
}

// valueText is the label of a term, for lists.
func (v *viewer) valueText(t rdf.Term) string {
	l, _ := v.label(t)
	return l
}

// regionSections adds a region's map, its sub-regions and its practices.
func (s *Server) regionSections(rv *resourceView, v *viewer, code string) {
	inRegion := func(p *practice) bool { return p.inRegion(code) }
	var shapes []snippetShape
	var points []snippetPoint
	if s.regions != nil {
		for _, a := range slices.Backward(s.regions.Ancestors(code)) {
			rv.Breadcrumbs = append(rv.Breadcrumbs, link{Label: a.Name, Href: s.href("/region/" + a.Code)})
		}
		if r, ok := s.regions.Region(code); ok {
			if r.Level > 0 {
				if country, ok := s.regions.Region(r.Country); ok {
					shapes = append(shapes, snippetShape{Outline: country.Outline, Class: "context", Title: country.Name})
				}
			}
			shapes = append(shapes, snippetShape{Outline: r.Outline, Class: "focus", Title: r.Name, Fit: true})
			if children := s.regions.Children(code); len(children) > 0 {
				sec := section{Title: "Regions in " + r.Name}
				for _, ch := range children {
					n := 0
					for _, p := range v.ix.practices {
						if p.inRegion(ch.Code) {
							n++
						}
					}
					note := ch.Code
					if n > 0 {
						note += " · " + plural(n, "practice", "practices")
					}
					sec.Items = append(sec.Items, item{Label: ch.Name, Href: s.href("/region/" + ch.Code), Note: note})
				}
				rv.Sections = append(rv.Sections, sec)
			}
		}
	}
	for _, p := range v.ix.practices {
		if inRegion(p) {
			for _, pl := range p.points() {
				if strings.HasPrefix(pl.Region, code) || pl.Region == "" {
					points = append(points, snippetPoint{Lat: pl.Lat, Lon: pl.Lon, Title: p.Title.pick(v.langs), Href: s.linkFor(p.IRI)})
				}
			}
		}
	}
	rv.Map = mapSnippet(shapes, points)
	rv.Sections = append([]section{s.practiceSection(v, "Practices in this region", s.href("/practices")+"?region="+code, inRegion)}, rv.Sections...)
}

// countrySections adds a country's map, regions and practices.
func (s *Server) countrySections(rv *resourceView, v *viewer, c vocab.Country) {
	in := func(p *practice) bool { return p.inCountry(c.IRI(), c.NUTS) }
	var shapes []snippetShape
	var points []snippetPoint
	if s.regions != nil {
		if r, ok := s.regions.Region(c.NUTS); ok {
			shapes = append(shapes, snippetShape{Outline: r.Outline, Class: "focus", Title: r.Name, Fit: true})
		}
		if children := s.regions.Children(c.NUTS); len(children) > 0 {
			sec := section{Title: "Regions"}
			for _, ch := range children {
				sec.Items = append(sec.Items, item{Label: ch.Name, Href: s.href("/region/" + ch.Code), Note: ch.Code})
			}
			defer func() { rv.Sections = append(rv.Sections, sec) }()
		}
	}
	for _, p := range v.ix.practices {
		if in(p) {
			for _, pl := range p.points() {
				points = append(points, snippetPoint{Lat: pl.Lat, Lon: pl.Lon, Title: p.Title.pick(v.langs), Href: s.linkFor(p.IRI)})
			}
		}
	}
	rv.Map = mapSnippet(shapes, points)
	rv.Breadcrumbs = append(rv.Breadcrumbs, link{Label: "NUTS region " + c.NUTS, Href: s.href("/region/" + c.NUTS)})
	rv.Sections = append(rv.Sections, s.practiceSection(v, "Practices in this country", s.href("/practices")+"?country="+c.ISO3, in))
}

// schemeTree builds a scheme's concept hierarchy from its description.
func schemeTree(d *description, scheme rdf.Term, v *viewer) []treeNode {
	var concepts []rdf.Term
	broader := map[rdf.Term][]rdf.Term{}
	notation := map[rdf.Term]string{}
	for _, q := range d.Quads {
		switch q.P {
		case vocab.SKOSInScheme:
			if q.O == scheme && !slices.Contains(concepts, q.S) {
				concepts = append(concepts, q.S)
			}
		case vocab.SKOSBroader:
			if !slices.Contains(broader[q.S], q.O) {
				broader[q.S] = append(broader[q.S], q.O)
			}
		case vocab.SKOSNotation:
			notation[q.S] = q.O.Value
		}
	}
	inScheme := map[rdf.Term]bool{}
	for _, c := range concepts {
		inScheme[c] = true
	}
	children := map[rdf.Term][]rdf.Term{}
	var tops []rdf.Term
	for _, c := range concepts {
		top := true
		for _, b := range broader[c] {
			if inScheme[b] {
				children[b] = append(children[b], c)
				top = false
			}
		}
		if top {
			tops = append(tops, c)
		}
	}
	var build func(ts []rdf.Term, depth int) []treeNode
	build = func(ts []rdf.Term, depth int) []treeNode {
		slices.SortFunc(ts, func(a, b rdf.Term) int {
			if c := strings.Compare(notation[a], notation[b]); c != 0 {
				return c
			}
			return strings.Compare(v.valueText(a), v.valueText(b))
		})
		out := make([]treeNode, 0, len(ts))
		for _, t := range ts {
			n := treeNode{Label: v.valueText(t), Href: v.s.linkFor(t), Notation: notation[t]}
			if depth < 8 {
				n.Children = build(children[t], depth+1)
			}
			out = append(out, n)
		}
		return out
	}
	return build(tops, 0)
}

// plural writes a count with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
