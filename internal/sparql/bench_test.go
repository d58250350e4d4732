package sparql_test

import (
	"context"
	"testing"

	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// benchQueries are representative queries over the generated data.
var benchQueries = []struct{ name, query string }{
	{"star", genPrefixes + `SELECT ?p ?label ?num WHERE {
		?p a :Product ; rdfs:label ?label ; :numeric1 ?num ; :producer pr:3 }`},
	{"join-filter", genPrefixes + `SELECT ?offer ?price WHERE {
		?offer :product ?p ; :price ?price . ?p :numeric1 ?n FILTER(?n > 1900 && ?price < 5000) }`},
	{"optional", genPrefixes + `SELECT ?p ?rating WHERE {
		?p :producer pr:7 OPTIONAL { ?r :reviewFor ?p ; :rating ?rating } }`},
	{"group-by", genPrefixes + `SELECT ?vendor (COUNT(?o) AS ?offers) (AVG(?price) AS ?avg) WHERE {
		?o :vendor ?vendor ; :price ?price } GROUP BY ?vendor ORDER BY DESC(?offers) LIMIT 10`},
	{"path", genPrefixes + `SELECT ?t WHERE { ?t rdfs:subClassOf* type:0 }`},
	{"path-knows", genPrefixes + `SELECT (COUNT(?x) AS ?n) WHERE { person:1 :knows/:knows/:knows ?x }`},
	{"order-limit", genPrefixes + `SELECT ?p ?num WHERE { ?p :numeric1 ?num } ORDER BY DESC(?num) LIMIT 5`},
	{"distinct-feature", genPrefixes + `SELECT DISTINCT ?f WHERE { ?p :feature ?f ; :producer pr:2 }`},
}

// BenchmarkQuery runs each representative query over 10,000 generated
// products (about 300k quads) in the union default graph, on the memory
// and the bbolt store.
func BenchmarkQuery(b *testing.B) {
	mem := genStore(b, 10_000)
	disk, err := store.Open(b.TempDir(), store.WithNoSync())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { disk.Close() })
	if _, err := store.Load(context.Background(), disk, genQuads(10_000, 1), 50_000); err != nil {
		b.Fatal(err)
	}
	b.Run("memory", func(b *testing.B) { benchQueriesOn(b, mem) })
	b.Run("bbolt", func(b *testing.B) { benchQueriesOn(b, disk) })
}

func benchQueriesOn(b *testing.B, st store.Store) {
	ctx := context.Background()
	for _, bq := range benchQueries {
		p, err := sparql.Prepare(bq.query, sparql.Options{})
		if err != nil {
			b.Fatalf("%s: %v", bq.name, err)
		}
		b.Run(bq.name, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				res, err := p.Exec(ctx, st, sparql.Options{})
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for res.Next() {
					rows++
				}
				if err := res.Err(); err != nil {
					b.Fatal(err)
				}
				res.Close()
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
