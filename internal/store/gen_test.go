package store

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Test and benchmark data.

const bsbm = "http://bsbm.example/"

func bsbmIRI(kind string, n int) rdf.Term { return rdf.IRI(bsbm + kind + "/" + strconv.Itoa(n)) }

func bsbmPred(name string) rdf.Term { return rdf.IRI(bsbm + "vocabulary/" + name) }

var (
	predLabel    = rdf.IRI(rdf.NSRDFS + "label")
	predComment  = rdf.IRI(rdf.NSRDFS + "comment")
	predProducer = bsbmPred("producer")
	predFeature  = bsbmPred("productFeature")
	predNumeric  = bsbmPred("productPropertyNumeric1")
	predTextual  = bsbmPred("productPropertyTextual1")
	predProduct  = bsbmPred("product")
	predVendor   = bsbmPred("vendor")
	predPrice    = bsbmPred("price")
	predValid    = bsbmPred("validFrom")
	predDelivery = bsbmPred("deliveryDays")
	predReview   = bsbmPred("reviewFor")
	predReviewer = bsbmPred("reviewer")
	predTitle    = bsbmPred("title")
	predText     = bsbmPred("text")
	predRating   = bsbmPred("rating1")
	classProduct = rdf.IRI(bsbm + "vocabulary/Product")
	classOffer   = rdf.IRI(bsbm + "vocabulary/Offer")
	classReview  = rdf.IRI(bsbm + "vocabulary/Review")
)

var reviewLangs = []string{"en", "de", "fr", "es", "it", "pt-br"}

// bsbmQuads yields about n quads shaped like the Berlin SPARQL Benchmark:
// products with types, labels, features and producers, offers with prices
// and dates, reviews with ratings and texts in several languages. Product
// descriptions go into their producer's named graph, offers and reviews into
// the default graph. The sequence is deterministic for a seed.
func bsbmQuads(n int, seed uint64) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		emitted := 0
		emit := func(s, p, o, g rdf.Term) bool {
			if emitted >= n {
				return false
			}
			emitted++
			return yield(rdf.Quad{S: s, P: p, O: o, G: g}, nil)
		}
		features := max(n/200, 10)
		for i := 0; emitted < n; i++ {
			product := bsbmIRI("product", i)
			g := bsbmIRI("producer", i/50)
			ok := emit(product, rdf.Type, classProduct, g) &&
				emit(product, predLabel, rdf.String(fmt.Sprintf("product %d %x", i, rng.Uint32())), g) &&
				emit(product, predComment, rdf.LangString(fmt.Sprintf("A fine product number %d, made with care.", i), "en"), g) &&
				emit(product, predProducer, bsbmIRI("producer", i/50), g) &&
				emit(product, predNumeric, rdf.Literal(strconv.Itoa(rng.IntN(2000)), rdf.XSDInteger), g) &&
				emit(product, predTextual, rdf.String("textual "+strconv.Itoa(rng.IntN(500))), g)
			for range 3 {
				ok = ok && emit(product, predFeature, bsbmIRI("feature", rng.IntN(features)), g)
			}
			for j := range 2 {
				offer := bsbmIRI("offer", 2*i+j)
				ok = ok && emit(offer, rdf.Type, classOffer, rdf.Term{}) &&
					emit(offer, predProduct, product, rdf.Term{}) &&
					emit(offer, predVendor, bsbmIRI("vendor", rng.IntN(max(n/1000, 5))), rdf.Term{}) &&
					emit(offer, predPrice, rdf.Literal(fmt.Sprintf("%d.%02d", rng.IntN(10000), rng.IntN(100)), rdf.XSDDecimal), rdf.Term{}) &&
					emit(offer, predValid, rdf.Literal(fmt.Sprintf("2024-%02d-%02dT00:00:00Z", 1+rng.IntN(12), 1+rng.IntN(28)), rdf.XSDDateTime), rdf.Term{}) &&
					emit(offer, predDelivery, rdf.Literal(strconv.Itoa(1+rng.IntN(14)), rdf.XSDInteger), rdf.Term{})
			}
			review := bsbmIRI("review", i)
			lang := reviewLangs[rng.IntN(len(reviewLangs))]
			ok = ok && emit(review, rdf.Type, classReview, rdf.Term{}) &&
				emit(review, predReview, product, rdf.Term{}) &&
				emit(review, predReviewer, rdf.Blank(fmt.Sprintf("reviewer%d", rng.IntN(max(n/100, 10)))), rdf.Term{}) &&
				emit(review, predTitle, rdf.LangString(fmt.Sprintf("review %d title", i), lang), rdf.Term{}) &&
				emit(review, predText, rdf.LangString(fmt.Sprintf("Review text %d: %x %x %x", i, rng.Uint64(), rng.Uint64(), rng.Uint64()), lang), rdf.Term{}) &&
				emit(review, predRating, rdf.Literal(strconv.Itoa(1+rng.IntN(10)), rdf.XSDInteger), rdf.Term{})
			if !ok {
				return
			}
		}
	}
}

// collectQuads drains a generated sequence into a slice.
func collectQuads(seq iter.Seq2[rdf.Quad, error]) []rdf.Quad {
	var out []rdf.Quad
	for q, err := range seq {
		if err != nil {
			panic(err)
		}
		out = append(out, q)
	}
	return out
}

// smallDataset is a dense little dataset for exhaustive pattern tests:
// terms repeat in every position, several graphs (a blank one too) share
// triples, and the default graph has some.
func smallDataset() []rdf.Quad {
	subjects := []rdf.Term{rdf.IRI("http://ex.org/s1"), rdf.IRI("http://ex.org/s2"), rdf.Blank("b1"), rdf.IRI("http://ex.org/o1")}
	preds := []rdf.Term{rdf.IRI("http://ex.org/p1"), rdf.IRI("http://ex.org/p2"), rdf.Type}
	objects := []rdf.Term{
		rdf.IRI("http://ex.org/o1"), rdf.IRI("http://ex.org/s1"), rdf.Blank("b1"),
		rdf.String("plain"), rdf.LangString("plain", "en"), rdf.Literal("42", rdf.XSDInteger),
		rdf.Literal("42", "http://ex.org/custom"),
	}
	graphs := []rdf.Term{{}, rdf.IRI("http://ex.org/g1"), rdf.IRI("http://ex.org/g2"), rdf.Blank("gb")}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[rdf.Quad]bool{}
	var out []rdf.Quad
	for len(out) < 150 {
		q := rdf.Quad{
			S: subjects[rng.IntN(len(subjects))], P: preds[rng.IntN(len(preds))],
			O: objects[rng.IntN(len(objects))], G: graphs[rng.IntN(len(graphs))],
		}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}
