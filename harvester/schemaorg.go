package harvester

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// practiceTypes are the schema.org types read as practices.
var practiceTypes = map[string]bool{
	"Project": true, "ResearchProject": true,
	"Course": true, "CourseInstance": true, "EducationalOccupationalProgram": true, "WorkBasedProgram": true,
	"EducationEvent": true, "LearningResource": true,
}

// eventTypes are schema.org's Event and its subtypes other than the
// practice types: an event of these types is a practice only when it
// describes a training (see eventIsTraining).
var eventTypes = map[string]bool{
	"Event": true, "BusinessEvent": true, "ChildrensEvent": true, "ComedyEvent": true, "DanceEvent": true,
	"DeliveryEvent": true, "EventSeries": true, "ExhibitionEvent": true, "Festival": true, "FoodEvent": true,
	"Hackathon": true, "LiteraryEvent": true, "MusicEvent": true, "PublicationEvent": true, "SaleEvent": true,
	"ScreeningEvent": true, "SocialEvent": true, "SportsEvent": true, "TheaterEvent": true, "VisualArtsEvent": true,
}

// educationalProperties are the properties that make an event a training
// whatever its type.
var educationalProperties = []string{"teaches", "educationalLevel", "competencyRequired", "educationalCredentialAwarded"}

// attendanceModes maps schema.org's attendance-mode IRIs to words the
// delivery-mode matcher knows.
var attendanceModes = map[string]string{
	"OfflineEventAttendanceMode": "face-to-face",
	"OnlineEventAttendanceMode":  "online",
	"MixedEventAttendanceMode":   "hybrid",
}

// pageContext is what the schema.org reader knows of a document besides
// its data.
type pageContext struct {
	url  string
	lang string // of untagged texts
	og   openGraph
}

// recordsFromSchemaOrg reads practices from schema.org data in any syntax.
// It also returns, for the report, why nodes that look like practices are
// not read as ones (an event that is no training, a course without a name).
//
// A course's instances (hasCourseInstance) and an event's sub-events are
// dates, places and modes of the practice that holds them, not practices
// of their own. OpenGraph data of the page stands in for a title,
// description, image or URL that the practice lacks, when the page
// describes one practice (or the practice is the page's).
func recordsFromSchemaOrg(quads []rdf.Quad, pc pageContext) ([]Record, []string) {
	g := newSchemaGraph(quads)
	nodes, isPractice, reasons := g.practices()
	var out []Record
	var practices []rdf.Term
	for _, n := range nodes {
		if g.heldByPractice(n, isPractice) {
			continue
		}
		r := g.record(n, pc, isPractice)
		var starts, ends []string
		for _, inst := range g.instances(n) {
			g.fold(inst, &r)
			starts, ends = appendUnique(starts, g.str(inst, "startDate")), appendUnique(ends, g.str(inst, "endDate"))
		}
		if r.Start == "" && len(starts) > 0 {
			r.Start = slices.Min(starts)
		}
		if r.End == "" && len(ends) > 0 {
			r.End = slices.Max(ends)
		}
		out = append(out, r)
		practices = append(practices, n)
	}
	pc.og.fillIn(out, pc.url)
	kept := out[:0]
	for i, r := range out {
		if r.FirstTitle() == "" {
			reasons = append(reasons, fmt.Sprintf("%s is not read as a practice: it has no name (and no og:title of the page stands in for it)", g.describe(practices[i])))
			continue
		}
		kept = append(kept, r)
	}
	return kept, reasons
}

// newSchemaGraph makes a graph of schema.org data in which
// https://schema.org/ terms read as http://schema.org/ ones and
// additionalType values are types too: additionalType is a sub-property of
// rdf:type (the microdata registry expands it; JSON-LD and RDFa pages need
// it done here), and pages often give it as text.
func newSchemaGraph(quads []rdf.Quad) schemaGraph {
	g := schemaGraph{Graph: rdf.NewGraph()}
	for _, q := range quads {
		t := rdf.Triple{S: q.S, P: normalizeSchema(q.P), O: normalizeSchema(q.O)}
		g.Add(t)
		if v := strings.TrimSpace(t.O.Value); t.P == schema("additionalType") && rdf.IsAbsoluteIRI(v) {
			g.Add(rdf.Triple{S: t.S, P: rdf.Type, O: normalizeSchema(rdf.IRI(v))})
		}
	}
	return g
}

// practices returns the nodes typed as practices and the events that
// describe a training, in the order the data gives them, with the reasons
// why the other events are not practices.
func (g schemaGraph) practices() (nodes []rdf.Term, isPractice map[rdf.Term]bool, reasons []string) {
	var events []rdf.Term
	isPractice, isEvent := map[rdf.Term]bool{}, map[rdf.Term]bool{}
	for _, t := range g.Triples() {
		if t.P != rdf.Type {
			continue
		}
		local := strings.TrimPrefix(t.O.Value, rdf.NSSchema)
		switch {
		case practiceTypes[local] && !isPractice[t.S]:
			isPractice[t.S] = true
			nodes = append(nodes, t.S)
		case eventTypes[local] && !isEvent[t.S]:
			isEvent[t.S] = true
			events = append(events, t.S)
		}
	}
	notTraining := map[rdf.Term]string{}
	for _, e := range events {
		if isPractice[e] {
			continue
		}
		if ok, why := g.eventIsTraining(e); ok {
			isPractice[e] = true
			nodes = append(nodes, e)
		} else {
			notTraining[e] = why
		}
	}
	// Decided only now that every training event is known: an event of a
	// practice (a session of a course) needs no reason.
	for _, e := range events {
		if why, ok := notTraining[e]; ok && g.instanceOf(e, isPractice).IsZero() {
			reasons = append(reasons, fmt.Sprintf("%s is not read as a practice: %s", g.describe(e), why))
		}
	}
	return nodes, isPractice, reasons
}

// record reads practice node n.
func (g schemaGraph) record(n rdf.Term, pc pageContext, isPractice map[rdf.Term]bool) Record {
	r := Record{SourcePage: pc.url, Language: firstNonEmpty(g.str(n, "inLanguage"), pc.lang)}
	if n.IsIRI() {
		r.Identifier = n.Value
	}
	r.Title = g.texts(n, "name")
	r.Description = g.texts(n, "description")
	r.URL = g.iriOrString(n, "url")
	for _, o := range g.Objects(n, schema("mainEntityOfPage")) {
		r.URL = firstNonEmpty(r.URL, g.pageURL(o))
	}
	for _, page := range g.Subjects(schema("mainEntity"), n) {
		r.URL = firstNonEmpty(r.URL, g.pageURL(page))
	}
	for _, o := range g.Objects(n, schema("image")) {
		r.Image = firstNonEmpty(r.Image, g.imageURL(o))
	}
	for _, prop := range []string{"teaches", "about", "educationalCredentialAwarded", "competencyRequired"} {
		for _, o := range g.Objects(n, schema(prop)) {
			r.Skills = appendUnique(r.Skills, g.termName(o))
		}
	}
	for _, o := range g.Objects(n, schema("keywords")) {
		if o.IsLiteral() {
			r.Keywords = appendUnique(r.Keywords, strings.Split(o.Value, ",")...)
		} else {
			r.Keywords = appendUnique(r.Keywords, g.termName(o))
		}
	}
	for _, o := range g.Objects(n, schema("audience")) {
		if o.IsLiteral() {
			r.TargetGroups = appendUnique(r.TargetGroups, o.Value)
			continue
		}
		r.TargetGroups = appendUnique(r.TargetGroups, firstNonEmpty(g.str(o, "audienceType"), g.str(o, "name")))
	}
	for _, o := range g.Objects(n, schema("funding")) {
		r.Funding = appendUnique(r.Funding, firstNonEmpty(g.termName(o), g.str(o, "funder")))
	}
	for _, o := range g.Objects(n, schema("funder")) {
		r.Funding = appendUnique(r.Funding, g.termName(o))
	}
	for _, o := range g.Objects(n, schema("isBasedOn")) {
		switch {
		case isPractice[o] && o != n:
			r.AdaptedFrom = appendUnique(r.AdaptedFrom, o.Value)
		case o.IsIRI() || o.IsLiteral():
			r.BasedOn = appendUnique(r.BasedOn, o.Value)
		}
	}
	if ts, err := time.Parse(time.RFC3339, g.str(n, "dateModified")); err == nil {
		r.Modified = ts
	} else if ts, err := time.Parse(time.DateOnly, g.str(n, "dateModified")); err == nil {
		r.Modified = ts
	}
	r.Start, r.End = g.str(n, "startDate"), g.str(n, "endDate")
	g.fold(n, &r)
	return r
}

// fold adds what node n (a practice, or one of its course instances or
// sub-events) says of organisers, places and delivery modes to r.
func (g schemaGraph) fold(n rdf.Term, r *Record) {
	for _, prop := range []string{"provider", "organizer", "creator", "author", "sourceOrganization", "parentOrganization", "publisher"} {
		for _, o := range g.Objects(n, schema(prop)) {
			if org := g.organisation(o); (org.Name != "" || org.URL != "") && !slices.Contains(r.Organisations, org) {
				r.Organisations = append(r.Organisations, org)
			}
		}
	}
	for _, prop := range []string{"location", "spatialCoverage", "areaServed", "contentLocation"} {
		for _, o := range g.Objects(n, schema(prop)) {
			g.place(o, r)
		}
	}
	for _, prop := range []string{"courseMode", "educationalProgramMode", "eventAttendanceMode"} {
		for _, o := range g.Objects(n, schema(prop)) {
			if mode, ok := attendanceModes[schemaLocal(o.Value)]; ok {
				r.Delivery = appendUnique(r.Delivery, mode)
			} else if o.IsLiteral() {
				r.Delivery = appendUnique(r.Delivery, o.Value)
			}
		}
	}
}

// instances returns the course instances and sub-events of practice n.
func (g schemaGraph) instances(n rdf.Term) []rdf.Term {
	var out []rdf.Term
	for _, prop := range []string{"hasCourseInstance", "subEvent"} {
		for _, o := range g.Objects(n, schema(prop)) {
			if o != n && !o.IsLiteral() && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	for _, s := range g.Subjects(schema("superEvent"), n) {
		if s != n && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// heldByPractice reports whether n is a course instance or sub-event of a
// practice that is itself no instance: two nodes that name each other as
// instances stay practices both, rather than vanish both.
func (g schemaGraph) heldByPractice(n rdf.Term, isPractice map[rdf.Term]bool) bool {
	parent := g.instanceOf(n, isPractice)
	return !parent.IsZero() && g.instanceOf(parent, isPractice).IsZero()
}

// instanceOf returns the practice that n is a course instance or
// sub-event of, or the zero Term.
func (g schemaGraph) instanceOf(n rdf.Term, isPractice map[rdf.Term]bool) rdf.Term {
	for _, prop := range []string{"hasCourseInstance", "subEvent"} {
		for _, s := range g.Subjects(schema(prop), n) {
			if isPractice[s] && s != n {
				return s
			}
		}
	}
	for _, o := range g.Objects(n, schema("superEvent")) {
		if isPractice[o] && o != n {
			return o
		}
	}
	return rdf.Term{}
}

// eventIsTraining reports whether event e describes a training, and if
// not, why not: it names what it teaches, or calls itself a course,
// workshop or training (the practice-type vocabulary's training course or
// a narrower type) in its name or keywords.
func (g schemaGraph) eventIsTraining(e rdf.Term) (bool, string) {
	for _, prop := range educationalProperties {
		if len(g.Objects(e, schema(prop))) > 0 {
			return true, ""
		}
	}
	words := []string{}
	for _, t := range g.texts(e, "name") {
		words = append(words, t.Value)
	}
	for _, k := range g.Objects(e, schema("keywords")) {
		words = append(words, g.termName(k))
	}
	for _, c := range vocab.MatchPracticeTypes(strings.Join(words, "; ")).Concepts() {
		if c.ID == "training-course" || slices.Contains(c.Broader(), "training-course") {
			return true, ""
		}
	}
	return false, "an event is read as a practice when it is an EducationEvent, says what it teaches (" +
		strings.Join(educationalProperties, ", ") + ") or calls itself a course, workshop or training in its name or keywords"
}

// schemaLocal is the local name of a schema.org IRI in either scheme,
// also when a page gives it as text; other values are returned as they are.
func schemaLocal(v string) string {
	for _, ns := range []string{rdf.NSSchema, "https://schema.org/"} {
		if local, ok := strings.CutPrefix(strings.TrimSpace(v), ns); ok {
			return local
		}
	}
	return v
}

// describe names node n for the report: its schema.org type, name and IRI.
func (g schemaGraph) describe(n rdf.Term) string {
	s := "schema:" + strings.Join(g.types(n), ", schema:")
	if name := g.str(n, "name"); name != "" {
		s += fmt.Sprintf(" %q", name)
	}
	if n.IsIRI() {
		s += " <" + n.Value + ">"
	}
	return s
}
