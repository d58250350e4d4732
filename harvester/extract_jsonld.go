package harvester

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// jsonldExtractor reads schema.org JSON-LD embedded in HTML pages: every
// node typed as a project, course, programme or educational event is a
// practice. It understands @graph, arrays, nested objects and both the
// http:// and https:// schema.org namespaces, through a full JSON-LD
// processor (rdfio, json-gold) with bundled contexts only.
type jsonldExtractor struct {
	lang string
}

// practiceTypes are the schema.org types read as practices.
var practiceTypes = map[string]bool{
	"Project": true, "ResearchProject": true,
	"Course": true, "CourseInstance": true, "EducationalOccupationalProgram": true, "WorkBasedProgram": true,
	"EducationEvent": true, "LearningResource": true,
}

// attendanceModes maps schema.org's attendance-mode IRIs to words the
// delivery-mode matcher knows.
var attendanceModes = map[string]string{
	"OfflineEventAttendanceMode": "face-to-face",
	"OnlineEventAttendanceMode":  "online",
	"MixedEventAttendanceMode":   "hybrid",
}

func (e *jsonldExtractor) readsHTML() {}

// Extract returns the practices of the page's JSON-LD.
func (e *jsonldExtractor) Extract(p *Page) (Extraction, error) {
	quads, warnings, err := jsonldQuads(p)
	if err != nil {
		return Extraction{}, err
	}
	x := Extraction{Records: recordsFromSchemaOrg(quads, p.URL.String(), pageLanguage(p, e.lang)), Warnings: warnings}
	if len(x.Records) == 0 && len(warnings) > 0 {
		// Nothing readable besides the broken scripts: the page claims data
		// that cannot be read, so it fails (and its practices are kept)
		// rather than count as a page without practices.
		return Extraction{}, errors.New(strings.Join(warnings, "; "))
	}
	return x, nil
}

// jsonldQuads returns the triples of a page's JSON-LD scripts, and a warning
// for each script that could not be read: one bad script (empty, null,
// commented out, malformed) never costs the others. The page body is
// already bounded, so rdfio's own limit is off; remote contexts are never
// fetched (rdfio serves bundled contexts only).
func jsonldQuads(p *Page) ([]rdf.Quad, []string, error) {
	res, err := rdfio.ParseHTMLForgiving(bytes.NewReader(p.Body), rdfio.ParseOptions{Base: p.URL.String(), MaxBytes: -1})
	if err != nil {
		return nil, nil, fmt.Errorf("JSON-LD on %s: %w", p.URL, err)
	}
	var warnings []string
	for _, sk := range res.Skipped {
		warnings = append(warnings, "skipped "+strings.TrimPrefix(sk.Error(), "rdfio: "))
	}
	return res.Quads, warnings, nil
}

// recordsFromSchemaOrg reads practices from schema.org data in any syntax.
func recordsFromSchemaOrg(quads []rdf.Quad, page, lang string) []Record {
	g := schemaGraph{Graph: rdf.NewGraph()}
	for _, q := range quads {
		g.Add(rdf.Triple{S: q.S, P: normalizeSchema(q.P), O: normalizeSchema(q.O)})
	}
	var nodes []rdf.Term
	isPractice := map[rdf.Term]bool{}
	for _, t := range g.Triples() {
		if t.P == rdf.Type && practiceTypes[strings.TrimPrefix(t.O.Value, rdf.NSSchema)] && !isPractice[t.S] {
			isPractice[t.S] = true
			nodes = append(nodes, t.S)
		}
	}
	var out []Record
	for _, n := range nodes {
		r := Record{SourcePage: page, Language: firstNonEmpty(g.str(n, "inLanguage"), lang)}
		if n.IsIRI() {
			r.Identifier = n.Value
		}
		r.Title = g.texts(n, "name")
		r.Description = g.texts(n, "description")
		r.URL = firstNonEmpty(g.iriOrString(n, "url"), g.iriOrString(n, "mainEntityOfPage"))
		for _, prop := range []string{"provider", "organizer", "creator", "author", "sourceOrganization", "parentOrganization", "publisher"} {
			for _, o := range g.Objects(n, schema(prop)) {
				if org := g.organisation(o); org.Name != "" || org.URL != "" {
					r.Organisations = append(r.Organisations, org)
				}
			}
		}
		for _, prop := range []string{"location", "spatialCoverage", "areaServed", "contentLocation"} {
			for _, o := range g.Objects(n, schema(prop)) {
				g.place(o, &r)
			}
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
		for _, prop := range []string{"courseMode", "educationalProgramMode", "eventAttendanceMode"} {
			for _, o := range g.Objects(n, schema(prop)) {
				if mode, ok := attendanceModes[strings.TrimPrefix(o.Value, rdf.NSSchema)]; ok {
					r.Delivery = appendUnique(r.Delivery, mode)
				} else if o.IsLiteral() {
					r.Delivery = appendUnique(r.Delivery, o.Value)
				}
			}
		}
		r.Start, r.End = g.str(n, "startDate"), g.str(n, "endDate")
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
		if r.FirstTitle() != "" {
			out = append(out, r)
		}
	}
	return out
}

// normalizeSchema maps https://schema.org/ terms to http://schema.org/, the
// namespace schema.org's own context uses, so that both spellings read alike.
func normalizeSchema(t rdf.Term) rdf.Term {
	if t.IsIRI() && strings.HasPrefix(t.Value, "https://schema.org/") {
		t.Value = rdf.NSSchema + strings.TrimPrefix(t.Value, "https://schema.org/")
	}
	return t
}

func schema(local string) rdf.Term { return rdf.IRI(rdf.NSSchema + local) }

// schemaGraph reads schema.org values from a graph.
type schemaGraph struct{ *rdf.Graph }

// str returns the first literal value of n's property.
func (g schemaGraph) str(n rdf.Term, prop string) string {
	for _, o := range g.Objects(n, schema(prop)) {
		if o.IsLiteral() {
			return cleanText(o.Value)
		}
	}
	return ""
}

// iriOrString returns the first IRI or literal value of n's property.
func (g schemaGraph) iriOrString(n rdf.Term, prop string) string {
	for _, o := range g.Objects(n, schema(prop)) {
		if o.IsIRI() || o.IsLiteral() {
			return strings.TrimSpace(o.Value)
		}
	}
	return ""
}

func (g schemaGraph) texts(n rdf.Term, prop string) []Text {
	var out []Text
	for _, o := range g.Objects(n, schema(prop)) {
		if o.IsLiteral() && cleanText(o.Value) != "" {
			out = append(out, Text{Value: cleanText(o.Value), Lang: o.Lang})
		}
	}
	return out
}

// termName names a value that may be text, a node with a name, or an IRI.
func (g schemaGraph) termName(o rdf.Term) string {
	switch {
	case o.IsLiteral():
		return cleanText(o.Value)
	case o.IsIRI() && g.str(o, "name") == "":
		return o.Value
	}
	return g.str(o, "name")
}

func (g schemaGraph) organisation(o rdf.Term) Organisation {
	if o.IsLiteral() {
		return Organisation{Name: cleanText(o.Value)}
	}
	org := Organisation{Name: g.str(o, "name"), URL: firstNonEmpty(g.iriOrString(o, "url"), g.iriOrString(o, "sameAs"))}
	if org.URL == "" && o.IsIRI() {
		org.URL = o.Value
	}
	return org
}

// place reads a schema:Place, PostalAddress, Country, City or text value.
func (g schemaGraph) place(o rdf.Term, r *Record) {
	if o.IsLiteral() {
		r.Cities = appendUnique(r.Cities, o.Value)
		return
	}
	typ := ""
	for _, t := range g.Objects(o, rdf.Type) {
		typ = strings.TrimPrefix(t.Value, rdf.NSSchema)
	}
	addrs := g.Objects(o, schema("address"))
	if typ == "PostalAddress" {
		addrs = append(addrs, o)
	}
	found := false
	for _, a := range addrs {
		if a.IsLiteral() {
			r.Cities = appendUnique(r.Cities, a.Value)
			found = true
			continue
		}
		if c := g.str(a, "addressLocality"); c != "" {
			r.Cities = appendUnique(r.Cities, c)
			found = true
		}
		if reg := g.str(a, "addressRegion"); reg != "" {
			r.Regions = appendUnique(r.Regions, reg)
			found = true
		}
		for _, c := range g.Objects(a, schema("addressCountry")) {
			if country, ok := vocab.CountryByIRI(c); ok {
				r.Countries = appendUnique(r.Countries, country.NUTS)
				continue
			}
			r.Countries = appendUnique(r.Countries, g.termName(c))
		}
	}
	for _, geo := range g.Objects(o, schema("geo")) {
		lat, lon := parseFloat(g.str(geo, "latitude")), parseFloat(g.str(geo, "longitude"))
		if lat != nil && lon != nil {
			r.Latitude, r.Longitude = lat, lon
		}
	}
	if found {
		return
	}
	name := g.str(o, "name")
	switch typ {
	case "Country":
		r.Countries = appendUnique(r.Countries, firstNonEmpty(name, g.str(o, "identifier")))
	case "AdministrativeArea", "State":
		r.Regions = appendUnique(r.Regions, name)
	default:
		r.Cities = appendUnique(r.Cities, name)
	}
}

func parseFloat(s string) *float64 {
	var f float64
	if _, err := fmt.Sscan(strings.TrimSpace(s), &f); err != nil || s == "" {
		return nil
	}
	return &f
}
