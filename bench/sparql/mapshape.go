package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/skillsmap/skillsmap/bench/bsbm"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

const base = "http://localhost:8080/"

// mapShapeQuads returns about n quads of practices shaped like the
// harvester's output (vocab/MODEL.md), spread over 20 source graphs, 30
// countries and the DigComp competences, and the vocabulary graphs, so the
// map's own queries can be timed at scale.
func mapShapeQuads(n int, seed uint64) ([]rdf.Quad, error) {
	iris, err := vocab.NewIRIs(base)
	if err != nil {
		return nil, err
	}
	t := iris.Terms()
	r := rand.New(rand.NewPCG(seed, 11))
	countries := vocab.Countries()
	digcomp := []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"}
	groups := []string{"refugees-migrants", "women", "older-people", "unemployed", "young-people", "students", "teachers", "smes", "public-servants"}
	const perPractice = 22
	var quads []rdf.Quad
	for i := 0; i < max(1, n/perPractice); i++ {
		g := iris.SourceGraph("source-" + strconv.Itoa(i%20))
		p := iris.Practice("p" + strconv.Itoa(i))
		place := iris.Place("p"+strconv.Itoa(i), "city")
		c := countries[r.IntN(30)]
		add := func(s, pr, o rdf.Term) { quads = append(quads, rdf.Quad{S: s, P: pr, O: o, G: g}) }
		add(p, rdf.Type, t.Practice)
		add(p, vocab.DCTTitle, rdf.LangString(fmt.Sprintf("Digital skills practice %d", i), "en"))
		add(p, vocab.DCTDescription, rdf.LangString(fmt.Sprintf("A practice that teaches digital skills, number %d.", i), "en"))
		add(p, t.Country, c.IRI())
		add(p, vocab.DCTSpatial, vocab.NUTSRegion(c.NUTS))
		add(p, vocab.LOCNLocation, place)
		add(place, vocab.LOCNGeographicName, rdf.String("City "+strconv.Itoa(i%500)))
		add(place, vocab.WGS84Lat, vocab.Coordinate(35+r.Float64()*30))
		add(place, vocab.WGS84Long, vocab.Coordinate(-10+r.Float64()*40))
		for range 3 {
			add(p, vocab.SchemaTeaches, iris.Concept(vocab.DigComp, digcomp[r.IntN(len(digcomp))]))
		}
		for range 2 {
			add(p, t.TargetGroup, iris.Concept(vocab.TargetGroups, groups[r.IntN(len(groups))]))
		}
		add(p, t.DeliveryMode, iris.Concept(vocab.DeliveryModes, []string{"online", "face-to-face", "hybrid"}[r.IntN(3)]))
		add(p, vocab.SchemaStartDate, rdf.Literal(fmt.Sprintf("20%02d-0%d-01", 15+r.IntN(10), 1+r.IntN(9)), rdf.XSDDate))
		if i > 0 && r.IntN(10) == 0 {
			add(p, t.AdaptedFrom, iris.Practice("p"+strconv.Itoa(r.IntN(i))))
		}
	}
	// The vocabulary graphs, as the server loads them.
	graphs, err := vocab.Graphs(iris)
	if err != nil {
		return nil, err
	}
	for _, ng := range graphs {
		for _, tr := range ng.Graph.Triples() {
			quads = append(quads, rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: ng.Name})
		}
	}
	return quads, nil
}

const mapPrefixes = `PREFIX sm: <` + base + `ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX locn: <http://www.w3.org/ns/locn#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
`

// mapQueries are the questions the map's users ask (the publisher's pages
// and the SPARQL examples ask the same).
func mapQueries() []bsbm.Query {
	q := func(name, text string) bsbm.Query { return bsbm.Query{Name: name, Text: mapPrefixes + text} }
	return []bsbm.Query{
		q("M1 practices per country", `SELECT ?country (COUNT(?p) AS ?n) WHERE { ?p a sm:Practice ; sm:country ?country } GROUP BY ?country ORDER BY DESC(?n)`),
		q("M2 practices teaching a DigComp area", `SELECT ?p ?title WHERE {
 ?p a sm:Practice ; dct:title ?title ; schema:teaches ?c .
 ?c skos:broader <`+base+`vocab/digcomp/4> } LIMIT 100`),
		q("M3 map points in a bounding box", `SELECT ?p ?lat ?lon WHERE {
 ?p a sm:Practice ; locn:location ?pl . ?pl wgs84:lat ?lat ; wgs84:long ?lon .
 FILTER (?lat > 45 && ?lat < 55 && ?lon > 5 && ?lon < 15) }`),
		q("M4 lineage chains", `SELECT ?p ?origin WHERE { ?p sm:adaptedFrom+ ?origin } LIMIT 200`),
		q("M5 target group with labels", `SELECT ?title ?label WHERE {
 ?p sm:targetGroup <`+base+`vocab/target-group/refugees-migrants> ; dct:title ?title ; sm:targetGroup ?g .
 ?g skos:prefLabel ?label FILTER (lang(?label) = "en") } LIMIT 100`),
	}
}
