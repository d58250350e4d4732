package parser

import (
	"strings"
	"testing"
)

var benchQueries = map[string]string{
	"simple": `SELECT ?s ?label WHERE { ?s a <http://schema.org/Project> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }`,
	"typical": `PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?practice ?name ?region (GROUP_CONCAT(DISTINCT ?skillLabel; separator=", ") AS ?skills)
WHERE {
  ?practice a schema:Project ;
            schema:name ?name ;
            dct:spatial ?region .
  OPTIONAL { ?practice dct:subject ?skill . ?skill skos:prefLabel ?skillLabel FILTER(langMatches(lang(?skillLabel), "en")) }
  FILTER(CONTAINS(LCASE(STR(?name)), "digital"))
}
GROUP BY ?practice ?name ?region
ORDER BY ?name
LIMIT 50`,
	"paths and subquery": `PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?n WHERE {
  ?concept skos:broader+ <http://data.europa.eu/esco/skill/S1> .
  { SELECT ?concept (COUNT(?p) AS ?n) WHERE { ?p <http://purl.org/dc/terms/subject>/skos:broader* ?concept } GROUP BY ?concept }
  FILTER NOT EXISTS { ?concept skos:narrower [] }
} ORDER BY DESC(?n)`,
	"update": `PREFIX schema: <http://schema.org/>
WITH <http://skillsmap.eu/graph/source1>
DELETE { ?p schema:name ?old } INSERT { ?p schema:name ?new }
WHERE { ?p schema:name ?old BIND(STRAFTER(?old, ": ") AS ?new) FILTER(STRSTARTS(?old, "Draft: ")) }`,
}

func BenchmarkParse(b *testing.B) {
	for name, text := range benchQueries {
		b.Run(name, func(b *testing.B) {
			isUpdate := name == "update"
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if isUpdate {
					_, err = ParseUpdate(text, "")
				} else {
					_, err = ParseQuery(text, "")
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLexNameRun lexes a long run of name characters that splits into
// many tokens; its time per byte must not grow with the length.
func BenchmarkLexNameRun(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		src := strings.Repeat("true-", n) + "true"
		b.Run("tokens="+itoa(2*n+1), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				l := lexer{src: src}
				for {
					tok, err := l.next()
					if err != nil || tok.kind == tokEOF {
						break
					}
				}
			}
		})
	}
}

// BenchmarkParseLongChains parses a filter that is a long chain of
// || and a group with many BINDs, hostile shapes that must stay linear.
func BenchmarkParseLongChains(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("SELECT * { ?x ?p ?o FILTER(")
	for i := 0; i < 5000; i++ {
		if i > 0 {
			sb.WriteString(" || ")
		}
		sb.WriteString("?o = " + itoa(i))
	}
	sb.WriteString(") ")
	for i := 0; i < 5000; i++ {
		sb.WriteString("BIND(1 AS ?b" + itoa(i) + ") ")
	}
	sb.WriteString("}")
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ParseQuery(text, ""); err != nil {
			b.Fatal(err)
		}
	}
}
