package harvester

import (
	"fmt"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

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

// place reads a schema:Place, PostalAddress, Country, City, VirtualLocation
// or text value.
func (g schemaGraph) place(o rdf.Term, r *Record) {
	if o.IsLiteral() {
		r.Cities = appendUnique(r.Cities, o.Value)
		return
	}
	typ := ""
	for _, t := range g.Objects(o, rdf.Type) {
		typ = strings.TrimPrefix(t.Value, rdf.NSSchema)
	}
	if typ == "VirtualLocation" {
		r.Delivery = appendUnique(r.Delivery, "online") // an online event's "place"
		return
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

// imageURL reads an image: an IRI, a URL written as text, or an
// ImageObject with its url or contentUrl (Yoast's "#primaryimage").
func (g schemaGraph) imageURL(o rdf.Term) string {
	if o.IsLiteral() {
		return strings.TrimSpace(o.Value)
	}
	if u := firstNonEmpty(g.iriOrString(o, "url"), g.iriOrString(o, "contentUrl")); u != "" {
		return u
	}
	if o.IsIRI() {
		return o.Value
	}
	return ""
}

// pageURL reads a web page given by reference: the url of a WebPage node
// (Yoast names its WebPage "…/#webpage" and gives the page in its url), else
// the node's IRI or the text.
func (g schemaGraph) pageURL(o rdf.Term) string {
	if u := g.iriOrString(o, "url"); u != "" && !o.IsLiteral() {
		return u
	}
	if o.IsIRI() || o.IsLiteral() {
		return strings.TrimSpace(o.Value)
	}
	return ""
}

// types returns the schema.org local names of n's types.
func (g schemaGraph) types(n rdf.Term) []string {
	var out []string
	for _, t := range g.Objects(n, rdf.Type) {
		if local, ok := strings.CutPrefix(t.Value, rdf.NSSchema); ok {
			out = append(out, local)
		}
	}
	return out
}
