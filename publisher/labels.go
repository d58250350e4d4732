package publisher

import (
	"net/http"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// texts holds one text per language tag ("" for a literal without one).
type texts map[string]string

// add keeps the first text seen per language.
func (t texts) add(lang, s string) {
	if _, ok := t[lang]; !ok {
		t[lang] = s
	}
}

// pick returns the text in the first of langs that has one (a tag's
// primary language also counts: "de-AT" finds "de"), else English, else
// the text without a language, else the first by language tag.
func (t texts) pick(langs []string) string {
	if len(t) == 0 {
		return ""
	}
	for _, l := range langs {
		l = strings.ToLower(l)
		if s, ok := t[l]; ok {
			return s
		}
		if primary, _, found := strings.Cut(l, "-"); found {
			if s, ok := t[primary]; ok {
				return s
			}
		}
	}
	for _, l := range []string{"en", ""} {
		if s, ok := t[l]; ok {
			return s
		}
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return t[keys[0]]
}

// pickLang is pick that also says which language it chose.
func (t texts) pickLang(langs []string) (text, lang string) {
	s := t.pick(langs)
	for l, v := range t {
		if v == s {
			if lang == "" || l < lang {
				lang = l
			}
		}
	}
	return s, lang
}

// labelPredicates are read as labels, most preferred first.
var labelPredicates = []rdf.Term{
	vocab.SKOSPrefLabel, vocab.DCTTitle, vocab.RDFSLabel, vocab.SchemaName,
	vocab.FOAFName, vocab.LOCNGeographicName,
}

// languages returns the languages a request prefers, from its
// Accept-Language header, best first; "en" when it names none.
func languages(r *http.Request) []string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return []string{"en"}
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if s := strings.ToLower(t.String()); s != "und" && s != "mul" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{"en"}
	}
	return out
}

// propertyLabels name the properties that pages show, for those the store
// does not label itself (terms of other vocabularies).
var propertyLabels = map[string]string{
	rdf.NSRDF + "type":                       "Type",
	rdf.NSDCT + "title":                      "Title",
	rdf.NSDCT + "description":                "Description",
	rdf.NSDCT + "identifier":                 "Identifier",
	rdf.NSDCT + "source":                     "Read from",
	rdf.NSDCT + "spatial":                    "Region",
	rdf.NSDCT + "type":                       "Kind of practice",
	rdf.NSDCT + "created":                    "Created",
	rdf.NSDCT + "modified":                   "Modified",
	rdf.NSDCT + "license":                    "Licence",
	rdf.NSDCT + "rights":                     "Rights",
	rdf.NSDCAT + "keyword":                   "Keyword",
	rdf.NSADMS + "status":                    "Editorial status",
	rdf.NSSchema + "url":                     "Web page",
	rdf.NSSchema + "provider":                "Run by",
	rdf.NSSchema + "teaches":                 "Skills taught",
	rdf.NSSchema + "startDate":               "Start",
	rdf.NSSchema + "endDate":                 "End",
	rdf.NSSchema + "isBasedOn":               "Based on",
	rdf.NSSchema + "sameAs":                  "Same as",
	rdf.NSSchema + "name":                    "Name",
	rdf.NSLOCN + "location":                  "Place",
	rdf.NSLOCN + "geographicName":            "Place name",
	rdf.NSWGS84 + "lat":                      "Latitude",
	rdf.NSWGS84 + "long":                     "Longitude",
	rdf.NSGEO + "sfWithin":                   "Within region",
	rdf.NSPROV + "wasGeneratedBy":            "Harvest run",
	rdf.NSPROV + "used":                      "Source",
	rdf.NSPROV + "generated":                 "Graph written",
	rdf.NSPROV + "startedAtTime":             "Started",
	rdf.NSPROV + "endedAtTime":               "Ended",
	rdf.NSPROV + "wasDerivedFrom":            "Derived from",
	rdf.NSSKOS + "prefLabel":                 "Preferred label",
	rdf.NSSKOS + "altLabel":                  "Also called",
	rdf.NSSKOS + "hiddenLabel":               "Hidden label",
	rdf.NSSKOS + "notation":                  "Code",
	rdf.NSSKOS + "definition":                "Definition",
	rdf.NSSKOS + "broader":                   "Broader",
	rdf.NSSKOS + "narrower":                  "Narrower",
	rdf.NSSKOS + "inScheme":                  "In scheme",
	rdf.NSSKOS + "topConceptOf":              "Top concept of",
	rdf.NSSKOS + "hasTopConcept":             "Top concepts",
	rdf.NSSKOS + "closeMatch":                "Close match",
	rdf.NSSKOS + "exactMatch":                "Exact match",
	rdf.NSRDFS + "label":                     "Label",
	rdf.NSRDFS + "comment":                   "Comment",
	rdf.NSRDFS + "subClassOf":                "Subclass of",
	rdf.NSRDFS + "subPropertyOf":             "Subproperty of",
	rdf.NSRDFS + "domain":                    "Domain",
	rdf.NSRDFS + "range":                     "Range",
	rdf.NSRDFS + "isDefinedBy":               "Defined by",
	rdf.NSOWL + "versionInfo":                "Version",
	rdf.NSFOAF + "primaryTopic":              "About",
	rdf.NSFOAF + "name":                      "Name",
	rdf.NSRDF + "value":                      "Value",
	"http://www.w3.org/ns/hydra/core#member": "Member",
}

// typeLabels name the classes of other vocabularies that pages show.
var typeLabels = map[string]string{
	rdf.NSORG + "Organization":     "Organisation",
	rdf.NSDCT + "Location":         "Place",
	rdf.NSSKOS + "Concept":         "Concept",
	rdf.NSSKOS + "ConceptScheme":   "Concept scheme",
	rdf.NSOWL + "Ontology":         "Ontology",
	rdf.NSOWL + "Class":            "Class",
	rdf.NSOWL + "ObjectProperty":   "Object property",
	rdf.NSOWL + "DatatypeProperty": "Datatype property",
	rdf.NSRDF + "Property":         "Property",
	rdf.NSRDFS + "Class":           "Class",
	rdf.NSRDFS + "Datatype":        "Datatype",
	rdf.NSPROV + "Entity":          "Entity",
	rdf.NSPROV + "Activity":        "Activity",
}
