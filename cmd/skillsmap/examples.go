package main

import (
	"github.com/skillsmap/skillsmap/publisher/sparqlhttp"
	"github.com/skillsmap/skillsmap/vocab"
)

// sparqlExamples are the example queries of the SPARQL page, written for
// the deployment's IRIs. The end-to-end test runs each over the demo data
// and checks it answers.
func sparqlExamples(iris vocab.IRIs) []sparqlhttp.Example {
	prefixes := `PREFIX sm: <` + iris.Namespace() + `>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX locn: <http://www.w3.org/ns/locn#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX prov: <http://www.w3.org/ns/prov#>
`
	ex := func(title, body string) sparqlhttp.Example {
		return sparqlhttp.Example{Title: title, Query: prefixes + body}
	}
	return []sparqlhttp.Example{
		ex("Practices per country", `
SELECT ?country (SAMPLE(?name) AS ?countryName) (COUNT(DISTINCT ?practice) AS ?practices)
WHERE {
  ?practice a sm:Practice ; sm:country ?country .
  OPTIONAL { ?country skos:prefLabel ?name FILTER (lang(?name) = "en") }
}
GROUP BY ?country
ORDER BY DESC(?practices)`),
		ex("Practices by DigComp competence area", `
SELECT ?area ?areaLabel (COUNT(DISTINCT ?practice) AS ?practices)
WHERE {
  ?practice a sm:Practice ; schema:teaches ?skill .
  ?skill skos:broader* ?area .
  ?area skos:topConceptOf <`+iris.Scheme(vocab.DigComp).Value+`> ; skos:prefLabel ?areaLabel .
}
GROUP BY ?area ?areaLabel
ORDER BY ?area`),
		ex("Practices for refugees and migrants, with their places", `
SELECT ?title ?place ?lat ?long
WHERE {
  ?practice sm:targetGroup ?group ; dct:title ?title .
  ?group skos:broader* <`+iris.Concept(vocab.TargetGroups, "refugees-migrants").Value+`> .
  OPTIONAL { ?practice locn:location ?p . ?p locn:geographicName ?place .
             OPTIONAL { ?p wgs84:lat ?lat ; wgs84:long ?long } }
}
ORDER BY ?title`),
		ex("Practice lineage: what was adapted from what", `
SELECT ?practice ?title ?origin ?originTitle
WHERE {
  ?practice sm:adaptedFrom+ ?origin ; dct:title ?title .
  ?origin dct:title ?originTitle .
}`),
		ex("Latest harvest of each source", `
SELECT ?source ?name ?status ?records ?ended
WHERE {
  ?run a sm:HarvestRun ; prov:used ?source ; sm:runStatus ?status ;
       sm:recordsFound ?records ; prov:endedAtTime ?ended .
  ?source dct:title ?name .
  FILTER NOT EXISTS {
    ?later prov:used ?source ; prov:endedAtTime ?laterEnd . FILTER (?laterEnd > ?ended)
  }
}
ORDER BY ?name`),
		ex("Everything about one practice (DESCRIBE)", `
DESCRIBE ?practice
WHERE { ?practice a sm:Practice ; dct:title ?title . FILTER (CONTAINS(?title, "MIKADO")) }`),
	}
}
