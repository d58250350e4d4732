package bsbm

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Query is one query of the mix with its parameters filled in.
type Query struct {
	Name string
	Text string
}

const prefixes = `PREFIX bsbm-inst: <` + NSInstance + `>
PREFIX bsbm: <` + NSVocab + `>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dc: <http://purl.org/dc/elements/1.1/>
PREFIX rev: <http://purl.org/stuff/rev#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
`

// exploreTemplates are the Explore use case's queries (Q6, a REGEX query,
// was dropped from the mix by BSBM 3 and is kept out here too). %Name%
// marks a parameter.
var exploreTemplates = []Query{
	{"Q1 products by features", `SELECT DISTINCT ?product ?label WHERE {
 ?product rdfs:label ?label .
 ?product a %ProductType% .
 ?product bsbm:productFeature %ProductFeature1% .
 ?product bsbm:productFeature %ProductFeature2% .
 ?product bsbm:productPropertyNumeric1 ?value1 .
 FILTER (?value1 > %x%)
} ORDER BY ?label LIMIT 10`},
	{"Q2 product details", `SELECT ?label ?comment ?producer ?productFeature ?propertyTextual1 ?propertyTextual2 ?propertyTextual3
 ?propertyNumeric1 ?propertyNumeric2 ?propertyTextual4 ?propertyTextual5 ?propertyNumeric4 WHERE {
 %ProductXYZ% rdfs:label ?label .
 %ProductXYZ% rdfs:comment ?comment .
 %ProductXYZ% bsbm:producer ?p .
 ?p rdfs:label ?producer .
 %ProductXYZ% dc:publisher ?p .
 %ProductXYZ% bsbm:productFeature ?f .
 ?f rdfs:label ?productFeature .
 %ProductXYZ% bsbm:productPropertyTextual1 ?propertyTextual1 .
 %ProductXYZ% bsbm:productPropertyTextual2 ?propertyTextual2 .
 %ProductXYZ% bsbm:productPropertyTextual3 ?propertyTextual3 .
 %ProductXYZ% bsbm:productPropertyNumeric1 ?propertyNumeric1 .
 %ProductXYZ% bsbm:productPropertyNumeric2 ?propertyNumeric2 .
 OPTIONAL { %ProductXYZ% bsbm:productPropertyTextual4 ?propertyTextual4 }
 OPTIONAL { %ProductXYZ% bsbm:productPropertyTextual5 ?propertyTextual5 }
 OPTIONAL { %ProductXYZ% bsbm:productPropertyNumeric4 ?propertyNumeric4 }
}`},
	{"Q3 features with and without", `SELECT ?product ?label WHERE {
 ?product rdfs:label ?label .
 ?product a %ProductType% .
 ?product bsbm:productFeature %ProductFeature1% .
 ?product bsbm:productPropertyNumeric1 ?p1 .
 FILTER ( ?p1 > %x% )
 ?product bsbm:productPropertyNumeric3 ?p3 .
 FILTER (?p3 < %y% )
 OPTIONAL {
  ?product bsbm:productFeature %ProductFeature2% .
  ?product rdfs:label ?testVar }
 FILTER (!bound(?testVar))
} ORDER BY ?label LIMIT 10`},
	{"Q4 two feature sets (UNION)", `SELECT DISTINCT ?product ?label ?propertyTextual WHERE {
 { ?product rdfs:label ?label .
   ?product rdf:type %ProductType% .
   ?product bsbm:productFeature %ProductFeature1% .
   ?product bsbm:productFeature %ProductFeature2% .
   ?product bsbm:productPropertyTextual1 ?propertyTextual .
   ?product bsbm:productPropertyNumeric1 ?p1 .
   FILTER ( ?p1 > %x% )
 } UNION {
   ?product rdfs:label ?label .
   ?product rdf:type %ProductType% .
   ?product bsbm:productFeature %ProductFeature1% .
   ?product bsbm:productFeature %ProductFeature3% .
   ?product bsbm:productPropertyTextual1 ?propertyTextual .
   ?product bsbm:productPropertyNumeric2 ?p2 .
   FILTER ( ?p2 > %y% )
 }
} ORDER BY ?label OFFSET 5 LIMIT 10`},
	{"Q5 similar products", `SELECT DISTINCT ?product ?productLabel WHERE {
 ?product rdfs:label ?productLabel .
 FILTER (%ProductXYZ% != ?product)
 %ProductXYZ% bsbm:productFeature ?prodFeature .
 ?product bsbm:productFeature ?prodFeature .
 %ProductXYZ% bsbm:productPropertyNumeric1 ?origProperty1 .
 ?product bsbm:productPropertyNumeric1 ?simProperty1 .
 FILTER (?simProperty1 < (?origProperty1 + 120) && ?simProperty1 > (?origProperty1 - 120))
 %ProductXYZ% bsbm:productPropertyNumeric2 ?origProperty2 .
 ?product bsbm:productPropertyNumeric2 ?simProperty2 .
 FILTER (?simProperty2 < (?origProperty2 + 170) && ?simProperty2 > (?origProperty2 - 170))
} ORDER BY ?productLabel LIMIT 5`},
	{"Q7 product with offers and reviews", `SELECT ?productLabel ?offer ?price ?vendor ?vendorTitle ?review ?revTitle ?reviewer ?revName ?rating1 ?rating2 WHERE {
 %ProductXYZ% rdfs:label ?productLabel .
 OPTIONAL {
  ?offer bsbm:product %ProductXYZ% .
  ?offer bsbm:price ?price .
  ?offer bsbm:vendor ?vendor .
  ?vendor rdfs:label ?vendorTitle .
  ?vendor bsbm:country <http://downlode.org/rdf/iso-3166/countries#DE> .
  ?offer dc:publisher ?vendor .
  ?offer bsbm:validTo ?date .
  FILTER (?date > %currentDate% )
 }
 OPTIONAL {
  ?review bsbm:reviewFor %ProductXYZ% .
  ?review rev:reviewer ?reviewer .
  ?reviewer foaf:name ?revName .
  ?review dc:title ?revTitle .
  OPTIONAL { ?review bsbm:rating1 ?rating1 . }
  OPTIONAL { ?review bsbm:rating2 ?rating2 . }
 }
}`},
	{"Q8 recent English reviews", `SELECT ?title ?text ?reviewDate ?reviewer ?reviewerName ?rating1 ?rating2 ?rating3 ?rating4 WHERE {
 ?review bsbm:reviewFor %ProductXYZ% .
 ?review dc:title ?title .
 ?review rev:text ?text .
 FILTER langMatches( lang(?text), "EN" )
 ?review bsbm:reviewDate ?reviewDate .
 ?review rev:reviewer ?reviewer .
 ?reviewer foaf:name ?reviewerName .
 OPTIONAL { ?review bsbm:rating1 ?rating1 . }
 OPTIONAL { ?review bsbm:rating2 ?rating2 . }
 OPTIONAL { ?review bsbm:rating3 ?rating3 . }
 OPTIONAL { ?review bsbm:rating4 ?rating4 . }
} ORDER BY DESC(?reviewDate) LIMIT 20`},
	{"Q9 reviewer (DESCRIBE)", `DESCRIBE ?x WHERE { %ReviewXYZ% rev:reviewer ?x }`},
	{"Q10 offers by requirements", `SELECT DISTINCT ?offer ?price WHERE {
 ?offer bsbm:product %ProductXYZ% .
 ?offer bsbm:vendor ?vendor .
 ?offer dc:publisher ?vendor .
 ?vendor bsbm:country <http://downlode.org/rdf/iso-3166/countries#US> .
 ?offer bsbm:deliveryDays ?deliveryDays .
 FILTER (?deliveryDays <= 3)
 ?offer bsbm:price ?price .
 ?offer bsbm:validTo ?date .
 FILTER (?date > %currentDate% )
} ORDER BY xsd:double(str(?price)) LIMIT 10`},
	{"Q11 all about an offer", `SELECT ?property ?hasValue ?isValueOf WHERE {
 { %OfferXYZ% ?property ?hasValue }
 UNION
 { ?isValueOf ?property %OfferXYZ% }
}`},
	{"Q12 offer as CONSTRUCT", `PREFIX bsbm-export: <http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/vocabulary/export/>
CONSTRUCT {
 %OfferXYZ% bsbm-export:product ?productURI .
 %OfferXYZ% bsbm-export:productlabel ?productlabel .
 %OfferXYZ% bsbm-export:vendor ?vendorname .
 %OfferXYZ% bsbm-export:vendorhomepage ?vendorhomepage .
 %OfferXYZ% bsbm-export:offerURL ?offerURL .
 %OfferXYZ% bsbm-export:price ?price .
 %OfferXYZ% bsbm-export:deliveryDays ?deliveryDays .
 %OfferXYZ% bsbm-export:validuntil ?validTo
} WHERE {
 %OfferXYZ% bsbm:product ?productURI .
 ?productURI rdfs:label ?productlabel .
 %OfferXYZ% bsbm:vendor ?vendorURI .
 ?vendorURI rdfs:label ?vendorname .
 ?vendorURI foaf:homepage ?vendorhomepage .
 %OfferXYZ% bsbm:offerWebpage ?offerURL .
 %OfferXYZ% bsbm:price ?price .
 %OfferXYZ% bsbm:deliveryDays ?deliveryDays .
 %OfferXYZ% bsbm:validTo ?validTo
}`},
}

// ExploreMix returns the Explore queries with parameters drawn from ds by r.
// As in BSBM, the type and features come from one real product, so the
// feature queries have answers.
func ExploreMix(ds Dataset, r *rand.Rand) []Query {
	p := r.IntN(ds.Products)
	features := ds.ProductFeatures[p]
	params := map[string]string{
		"%ProductType%":     TypeIRI(ds.ProductType[p]).String(),
		"%ProductFeature1%": FeatureIRI(features[0]).String(),
		"%ProductFeature2%": FeatureIRI(features[1]).String(),
		"%ProductFeature3%": FeatureIRI(features[len(features)-1]).String(),
		"%x%":               strconv.Itoa(1 + r.IntN(500)),
		"%y%":               strconv.Itoa(1000 + r.IntN(1000)),
		"%ProductXYZ%":      ProductIRI(1 + p).String(),
		"%ReviewXYZ%":       ReviewIRI(1 + r.IntN(ds.Reviews)).String(),
		"%OfferXYZ%":        OfferIRI(1 + r.IntN(ds.Offers)).String(),
		"%currentDate%":     `"2009-06-01T00:00:00Z"^^xsd:dateTime`,
	}
	out := make([]Query, len(exploreTemplates))
	for i, q := range exploreTemplates {
		text := q.Text
		for k, v := range params {
			text = strings.ReplaceAll(text, k, v)
		}
		out[i] = Query{Name: q.Name, Text: prefixes + text}
	}
	return out
}
