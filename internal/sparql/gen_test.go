package sparql_test

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Generated data for tests and benchmarks, shaped like the Berlin SPARQL
// Benchmark: products (in their producer's named graph) with labels,
// features, a type from a class hierarchy and numeric properties; offers and
// reviews in the default graph; people who know each other.

const ex = "http://bsbm.example/"

func exIRI(kind string, n int) rdf.Term { return rdf.IRI(ex + kind + "/" + strconv.Itoa(n)) }

func voc(name string) rdf.Term { return rdf.IRI(ex + "vocabulary/" + name) }

var rdfsLabel = rdf.IRI(rdf.NSRDFS + "label")

// genPrefixes declares the prefixes of generated data for test queries.
const genPrefixes = `PREFIX : <http://bsbm.example/vocabulary/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX p: <http://bsbm.example/product/>
PREFIX pr: <http://bsbm.example/producer/>
PREFIX person: <http://bsbm.example/person/>
PREFIX type: <http://bsbm.example/type/>
`

// genQuads yields the data for n products (about 30 quads each).
func genQuads(n int, seed uint64) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		emit := func(s, p, o, g rdf.Term) bool { return yield(rdf.Quad{S: s, P: p, O: o, G: g}, nil) }
		// A class hierarchy: type i is a subclass of type (i-1)/3.
		types := max(n/20, 4)
		for i := 1; i < types; i++ {
			if !emit(exIRI("type", i), rdf.IRI(rdf.NSRDFS+"subClassOf"), exIRI("type", (i-1)/3), rdf.Term{}) {
				return
			}
		}
		people := max(n/4, 10)
		for i := range people {
			for range 3 {
				if !emit(exIRI("person", i), voc("knows"), exIRI("person", rng.IntN(people)), rdf.Term{}) {
					return
				}
			}
		}
		for i := range n {
			product := exIRI("product", i)
			g := exIRI("producer", i/50)
			ok := emit(product, rdf.Type, voc("Product"), g) &&
				emit(product, rdf.Type, exIRI("type", rng.IntN(types)), g) &&
				emit(product, rdfsLabel, rdf.String(fmt.Sprintf("product %d", i)), g) &&
				emit(product, voc("producer"), g, g) &&
				emit(product, voc("numeric1"), rdf.Literal(strconv.Itoa(rng.IntN(2000)), rdf.XSDInteger), g) &&
				emit(product, voc("feature"), exIRI("feature", rng.IntN(max(n/10, 5))), g) &&
				emit(product, voc("feature"), exIRI("feature", rng.IntN(max(n/10, 5))), g)
			for j := range 2 {
				offer := exIRI("offer", 2*i+j)
				ok = ok && emit(offer, rdf.Type, voc("Offer"), rdf.Term{}) &&
					emit(offer, voc("product"), product, rdf.Term{}) &&
					emit(offer, voc("vendor"), exIRI("vendor", rng.IntN(max(n/100, 3))), rdf.Term{}) &&
					emit(offer, voc("price"), rdf.Literal(fmt.Sprintf("%d.%02d", rng.IntN(10000), rng.IntN(100)), rdf.XSDDecimal), rdf.Term{})
			}
			if i%2 == 0 {
				review := exIRI("review", i)
				ok = ok && emit(review, voc("reviewFor"), product, rdf.Term{}) &&
					emit(review, voc("rating"), rdf.Literal(strconv.Itoa(1+rng.IntN(10)), rdf.XSDInteger), rdf.Term{}) &&
					emit(review, voc("reviewer"), exIRI("person", rng.IntN(people)), rdf.Term{})
			}
			if !ok {
				return
			}
		}
	}
}

// genStore returns a memory store with the generated data of n products.
func genStore(tb testing.TB, n int) *store.Memory {
	tb.Helper()
	st := store.NewMemory()
	tb.Cleanup(func() { st.Close() })
	if _, err := store.Load(context.Background(), st, genQuads(n, 1), 50_000); err != nil {
		tb.Fatal(err)
	}
	return st
}
