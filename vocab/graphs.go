package vocab

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Scheme ids of the vocabularies that are not concept tables: countries
// (bundled) and NUTS regions (loaded at run time). Their concepts are the EU
// authority and NUTS IRIs; these schemes collect them for Skillsmap.
const (
	CountryScheme Scheme = "country"
	NUTSScheme    Scheme = "nuts-2021"
)

// NamedGraph is a graph with its name, ready for store.ReplaceGraph.
type NamedGraph struct {
	Name  rdf.Term
	Graph *rdf.Graph
}

// Graphs returns the vocabulary graphs that are part of the binary, each
// in a named graph of its own: the ontology, the five concept schemes and
// the countries. The regions' graph comes from Regions.Graph, as it needs
// the geodata. cmd loads these graphs into the store at start, replacing
// the previous version of each.
func Graphs(n IRIs) ([]NamedGraph, error) {
	onto, err := OntologyGraph(n)
	if err != nil {
		return nil, err
	}
	out := []NamedGraph{{Name: n.OntologyGraph(), Graph: onto}}
	for _, s := range Schemes() {
		g, err := SchemeGraph(n, s)
		if err != nil {
			return nil, err
		}
		out = append(out, NamedGraph{Name: n.SchemeGraph(s), Graph: g})
	}
	out = append(out, NamedGraph{Name: n.CountriesGraph(), Graph: CountriesGraph(n)})
	return out, nil
}

// SchemeGraph returns a bundled concept scheme as SKOS: the scheme with its
// titles, and each concept with its labels in every language, notation,
// definition, broader and narrower concepts, scheme membership and matches.
func SchemeGraph(n IRIs, s Scheme) (*rdf.Graph, error) {
	cs, ok := LookupScheme(s)
	if !ok || len(cs.concepts) == 0 {
		return nil, fmt.Errorf("vocab: no bundled concept scheme %q", s)
	}
	g := rdf.NewGraph()
	add := func(s, p, o rdf.Term) { g.Add(rdf.Triple{S: s, P: p, O: o}) }
	scheme := n.Scheme(s)
	addSchemeHeader(g, n, cs)
	for _, c := range cs.concepts {
		ci := c.IRI(n)
		add(ci, rdf.Type, SKOSConcept)
		add(ci, SKOSInScheme, scheme)
		if c.Top() {
			add(ci, SKOSTopConceptOf, scheme)
			add(scheme, SKOSHasTopConcept, ci)
		}
		if c.Notation != "" {
			add(ci, SKOSNotation, rdf.String(c.Notation))
		}
		for _, lang := range sortedKeys(c.prefLabels) {
			add(ci, SKOSPrefLabel, rdf.LangString(c.prefLabels[lang], lang))
		}
		for _, lang := range sortedKeys(c.altLabels) {
			for _, a := range c.altLabels[lang] {
				add(ci, SKOSAltLabel, rdf.LangString(a, lang))
			}
		}
		for _, lang := range sortedKeys(c.definitions) {
			add(ci, SKOSDefinition, rdf.LangString(c.definitions[lang], lang))
		}
		for _, b := range c.broader {
			add(ci, SKOSBroader, n.Concept(s, b))
		}
		for _, nw := range c.narrower {
			add(ci, SKOSNarrower, n.Concept(s, nw))
		}
		for _, m := range c.closeMatches {
			add(ci, SKOSCloseMatch, rdf.IRI(m))
		}
	}
	return g, nil
}

// addSchemeHeader describes a concept scheme: type, titles, description and
// source.
func addSchemeHeader(g *rdf.Graph, n IRIs, cs *ConceptScheme) {
	scheme := n.Scheme(cs.ID)
	add := func(p, o rdf.Term) { g.Add(rdf.Triple{S: scheme, P: p, O: o}) }
	add(rdf.Type, SKOSConceptScheme)
	for _, lang := range sortedKeys(cs.labels) {
		add(SKOSPrefLabel, rdf.LangString(cs.labels[lang], lang))
		add(DCTTitle, rdf.LangString(cs.labels[lang], lang))
	}
	for _, lang := range sortedKeys(cs.definitions) {
		add(DCTDescription, rdf.LangString(cs.definitions[lang], lang))
	}
	if cs.Source != "" {
		add(DCTSource, rdf.IRI(cs.Source))
	}
}

// CountriesGraph returns the 37 NUTS countries as SKOS concepts under their
// EU authority IRIs: English and German names, national names, the NUTS
// and ISO codes as typed notations, and a close match to the NUTS level 0
// region.
func CountriesGraph(n IRIs) *rdf.Graph {
	g := rdf.NewGraph()
	t := n.Terms()
	if cs, ok := LookupScheme(CountryScheme); ok {
		addSchemeHeader(g, n, cs)
	}
	scheme := n.Scheme(CountryScheme)
	for _, c := range bundled.countries.list {
		ci := c.IRI()
		add := func(p, o rdf.Term) { g.Add(rdf.Triple{S: ci, P: p, O: o}) }
		add(rdf.Type, SKOSConcept)
		add(SKOSInScheme, scheme)
		add(SKOSTopConceptOf, scheme)
		g.Add(rdf.Triple{S: scheme, P: SKOSHasTopConcept, O: ci})
		for _, lang := range sortedKeys(c.names) {
			add(SKOSPrefLabel, rdf.LangString(c.names[lang], lang))
		}
		for _, nat := range c.native {
			if nat != c.names["en"] && nat != c.names["de"] {
				add(SKOSAltLabel, rdf.String(nat))
			}
		}
		add(SKOSNotation, rdf.Literal(c.NUTS, t.NUTSCode.Value))
		add(SKOSNotation, rdf.Literal(c.ISO2, t.ISO3166Alpha2.Value))
		add(SKOSNotation, rdf.Literal(c.ISO3, t.ISO3166Alpha3.Value))
		add(SKOSCloseMatch, c.Region())
	}
	return g
}

// Graph returns the regions as SKOS concepts under their NUTS IRIs, in
// graph {base}graph/regions: code (typed notation), level, names, broader
// region, country, and the label point as WGS84 latitude and longitude. The
// outlines are left out to keep the graph small; the publisher reads them
// from Regions.
func (rs *Regions) Graph(n IRIs) NamedGraph {
	g := rdf.NewGraph()
	t := n.Terms()
	if cs, ok := LookupScheme(NUTSScheme); ok {
		addSchemeHeader(g, n, cs)
	}
	scheme := n.Scheme(NUTSScheme)
	g.Add(rdf.Triple{S: scheme, P: DCTRights, O: rdf.LangString(GeodataAttribution, "en")})
	for _, r := range rs.list {
		ri := r.IRI()
		add := func(p, o rdf.Term) { g.Add(rdf.Triple{S: ri, P: p, O: o}) }
		add(rdf.Type, SKOSConcept)
		add(SKOSInScheme, scheme)
		add(SKOSNotation, rdf.Literal(r.Code, t.NUTSCode.Value))
		add(SKOSPrefLabel, rdf.String(r.Name))
		if r.NativeName != "" && r.NativeName != r.Name {
			add(SKOSAltLabel, rdf.String(r.NativeName))
		}
		add(t.NUTSLevel, rdf.Literal(strconv.Itoa(r.Level), rdf.XSDInteger))
		if p := r.Parent(); p != "" {
			if _, ok := rs.byCode[p]; ok {
				add(SKOSBroader, NUTSRegion(p))
			}
		} else {
			add(SKOSTopConceptOf, scheme)
			g.Add(rdf.Triple{S: scheme, P: SKOSHasTopConcept, O: ri})
		}
		if c, ok := CountryByCode(r.Country); ok {
			add(t.Country, c.IRI())
		}
		add(WGS84Lat, Coordinate(r.Lat()))
		add(WGS84Long, Coordinate(r.Lon()))
	}
	return NamedGraph{Name: n.RegionsGraph(), Graph: g}
}

// Coordinate returns a WGS84 latitude or longitude as an xsd:decimal
// literal, the form the graphs use with wgs84:lat and wgs84:long.
func Coordinate(f float64) rdf.Term {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return rdf.Literal(s, rdf.XSDDecimal)
}
