package sparqlhttp

import (
	"net/url"
	"strings"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

// formatParams are the parameters clients name a result format with:
// format (common), output and results (SPARQLWrapper sends all three, with
// one value, on GET and in POST forms alike).
var formatParams = []string{"format", "output", "results"}

// graphFormatNames map the names clients use for the result of a CONSTRUCT
// or DESCRIBE to its syntax: SPARQLWrapper's "xml" means RDF/XML there,
// "json" JSON-LD and "n3" Turtle.
var graphFormatNames = map[string]rdfio.Format{
	"xml": rdfio.RDFXML, "rdf": rdfio.RDFXML, "rdfxml": rdfio.RDFXML, "rdf+xml": rdfio.RDFXML, "rdf/xml": rdfio.RDFXML,
	"json": rdfio.JSONLD, "json-ld": rdfio.JSONLD, "jsonld": rdfio.JSONLD,
	"n3": rdfio.Turtle, "turtle": rdfio.Turtle, "ttl": rdfio.Turtle,
	"nt": rdfio.NTriples, "ntriples": rdfio.NTriples, "n-triples": rdfio.NTriples,
}

// tableFormatNames map the names clients use for SELECT and ASK results.
var tableFormatNames = map[string]results.Format{
	"xml": results.XML, "srx": results.XML, "json": results.JSON, "srj": results.JSON,
	"csv": results.CSV, "tsv": results.TSV,
}

// chooseFormat picks the representation of a result of the given form: a
// format, output or results parameter that names one of the offers wins
// (a name that fits no offer for this form, such as SPARQLWrapper's
// "csv" for a CONSTRUCT, is ignored); otherwise the Accept header decides.
func chooseFormat(params url.Values, accept string, form sparql.Form, offers []conneg.Offer) (conneg.Offer, bool) {
	for _, p := range formatParams {
		for _, v := range params[p] {
			if o, ok := offerNamed(v, form, offers); ok {
				return o, true
			}
		}
	}
	return conneg.ByAccept(accept, offers)
}

// offerNamed returns the offer a format name or media type means for form.
func offerNamed(name string, form sparql.Form, offers []conneg.Offer) (conneg.Offer, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if mt, _, _ := strings.Cut(name, ";"); strings.Contains(mt, "/") {
		name = strings.TrimSpace(mt)
	}
	var mediaType string
	if form == sparql.Construct || form == sparql.Describe {
		if f, ok := graphFormatNames[name]; ok {
			mediaType = f.MediaType()
		}
	} else if f, ok := tableFormatNames[name]; ok {
		mediaType = f.MediaType()
	}
	for _, o := range offers {
		if o.MediaType == mediaType || o.MediaType == name {
			return o, true
		}
		for _, a := range o.Aliases {
			if a == name {
				return o, true
			}
		}
		for _, n := range o.Names {
			if strings.EqualFold(n, name) {
				return o, true
			}
		}
	}
	return conneg.Offer{}, false
}
