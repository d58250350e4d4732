// Package bsbm generates data in the shape of the Berlin SPARQL Benchmark
// (BSBM, Bizer and Schultz 2009): products of a type hierarchy with
// features, producers, vendors with offers, and reviewers with reviews, plus
// the benchmark's Explore query mix. The generator is deterministic for a
// seed, so runs are comparable across machines and commits.
//
// It is written from the benchmark's published description (the data model,
// the distributions of its data generator and the twelve Explore queries);
// it is not the BSBM tool, and its numbers are comparable between Skillsmap
// commits, not with published BSBM results. The distributions matter for a
// query planner, because they make the same query cheap with one constant
// and expensive with another:
//
//   - products per producer: normal, mean 50, deviation 16.6;
//   - offers: 20 per product on average; each offer's product is drawn from
//     a normal distribution over the product numbers (deviation a sixth of
//     the range), so products in the middle have about twice the average
//     and those at the ends a few; offers per vendor: normal, deviation a
//     third of the mean, one vendor per ten products;
//   - reviews: 10 per product on average, products drawn as for offers;
//     reviews per reviewer: normal, mean 20, deviation 6.6;
//   - countries of producers, vendors and reviewers: ten countries with
//     skewed weights (US 30 %, GB 15 %, DE 15 %, …), so "vendors in DE" is a
//     large share of the offers, as in Q7's fan-out trap;
//   - features: each product type has a pool of features; a product has
//     between 5 and 15 of its type's pool (BSBM ties features to types too),
//     so feature and type constants are correlated as in Q1–Q4;
//   - ratings are optional (70 % each), review texts in several languages.
package bsbm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Namespaces of the generated data.
const (
	NSVocab    = "http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/vocabulary/"
	NSInstance = "http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/instances/"
	NSRev      = "http://purl.org/stuff/rev#"
	NSDC       = "http://purl.org/dc/elements/1.1/"
)

// TriplesPerProduct is about how many triples one product brings with its
// offers and reviews; Products uses it to size a dataset.
const TriplesPerProduct = 350

// Products returns the number of products for about n triples.
func Products(n int) int { return max(1, n/TriplesPerProduct) }

// Dataset describes what a generation made, for choosing query parameters.
type Dataset struct {
	Products, Producers, Vendors, Reviewers, Offers, Reviews int
	Types                                                    []int // product type ids, leaves last
	Features                                                 int
	Triples                                                  int
	// Per product (index = product number - 1): its type and features, so
	// that query parameters can be drawn from real products, as BSBM does.
	ProductType     []int
	ProductFeatures [][]int
}

func v(local string) rdf.Term    { return rdf.IRI(NSVocab + local) }
func inst(local string) rdf.Term { return rdf.IRI(NSInstance + local) }

var (
	rdfsLabel   = rdf.IRI(rdf.NSRDFS + "label")
	rdfsComment = rdf.IRI(rdf.NSRDFS + "comment")
	rdfsSubCls  = rdf.IRI(rdf.NSRDFS + "subClassOf")
	dcPublisher = rdf.IRI(NSDC + "publisher")
	dcDate      = rdf.IRI(NSDC + "date")
	dcTitle     = rdf.IRI(NSDC + "title")
	foafName    = rdf.IRI(rdf.NSFOAF + "name")
	foafMbox    = rdf.IRI(rdf.NSFOAF + "mbox_sha1sum")
	foafHome    = rdf.IRI(rdf.NSFOAF + "homepage")
	revReviewer = rdf.IRI(NSRev + "reviewer")
	revText     = rdf.IRI(NSRev + "text")
)

// ProductIRI, TypeIRI, FeatureIRI, … name generated entities.
func ProductIRI(i int) rdf.Term {
	return inst("dataFromProducer" + strconv.Itoa(i%97+1) + "/Product" + strconv.Itoa(i))
}
func TypeIRI(i int) rdf.Term    { return inst("ProductType" + strconv.Itoa(i)) }
func FeatureIRI(i int) rdf.Term { return inst("ProductFeature" + strconv.Itoa(i)) }
func ProducerIRI(i int) rdf.Term {
	return inst("dataFromProducer" + strconv.Itoa(i) + "/Producer" + strconv.Itoa(i))
}
func VendorIRI(i int) rdf.Term {
	return inst("dataFromVendor" + strconv.Itoa(i) + "/Vendor" + strconv.Itoa(i))
}
func OfferIRI(i int) rdf.Term {
	return inst("dataFromVendor" + strconv.Itoa(i%53+1) + "/Offer" + strconv.Itoa(i))
}
func ReviewerIRI(i int) rdf.Term {
	return inst("dataFromRatingSite" + strconv.Itoa(i%11+1) + "/Reviewer" + strconv.Itoa(i))
}
func ReviewIRI(i int) rdf.Term {
	return inst("dataFromRatingSite" + strconv.Itoa(i%11+1) + "/Review" + strconv.Itoa(i))
}

var countries = []string{"US", "GB", "DE", "FR", "JP", "CN", "RU", "ES", "AT", "KR"}

// countryWeights are the shares of the countries, in percent.
var countryWeights = []int{30, 15, 15, 10, 8, 7, 5, 4, 3, 3}

// country draws a country by countryWeights.
func (g *gen) country() rdf.Term {
	n := g.r.IntN(100)
	for i, w := range countryWeights {
		if n < w {
			return rdf.IRI("http://downlode.org/rdf/iso-3166/countries#" + countries[i])
		}
		n -= w
	}
	return rdf.IRI("http://downlode.org/rdf/iso-3166/countries#" + countries[0])
}

// normal draws a whole number from a normal distribution, at least lo.
func (g *gen) normal(mean, dev float64, lo int) int {
	return max(lo, int(mean+dev*g.r.NormFloat64()+0.5))
}

// productIndex draws a product (0 … n-1) from a normal distribution
// centred on the middle of the range with a deviation of a sixth of it,
// drawing again outside the range.
func (g *gen) productIndex(n int) int {
	for {
		i := int(float64(n)/2 + float64(n)/6*g.r.NormFloat64())
		if i >= 0 && i < n {
			return i
		}
	}
}

// quotas splits total items among owners whose shares are normal with the
// given mean and relative deviation, and returns the owner (1-based) of
// each item in a random order.
func (g *gen) quotas(total int, mean, relDev float64) []int {
	var owners []int
	for o := 1; len(owners) < total; o++ {
		n := min(g.normal(mean, mean*relDev, 1), total-len(owners))
		for range n {
			owners = append(owners, o)
		}
	}
	g.r.Shuffle(len(owners), func(i, j int) { owners[i], owners[j] = owners[j], owners[i] })
	return owners
}

var words = []string{"aback", "abaft", "abandoned", "abashed", "aberrant", "abhorrent", "abiding", "able",
	"abnormal", "aboard", "abrasive", "absent", "absorbed", "absurd", "abundant", "acceptable", "accessible",
	"accidental", "accurate", "acid", "acidic", "acoustic", "acrid", "actually", "adamant", "adaptable",
	"addicted", "adhesive", "adjoining", "adorable", "adventurous", "afraid", "aggressive", "agonizing",
	"agreeable", "ahead", "ajar", "alert", "alike", "alive", "alleged", "alluring", "aloof", "amazing",
	"ambiguous", "ambitious", "amuck", "amused", "amusing", "ancient", "angry", "animated", "annoyed",
	"annoying", "anxious", "apathetic", "aquatic", "aromatic", "arrogant", "ashamed", "aspiring", "assorted"}

type gen struct {
	r    *rand.Rand
	emit func(rdf.Triple) error
	n    int

	producerOf           []int // per product (index = number - 1)
	offersOf, reviewsOf  []int // per product
	vendorOf, reviewerOf []int // per offer, per review
	typeFeatures         map[int][]int
}

func (g *gen) add(s, p, o rdf.Term) error {
	g.n++
	return g.emit(rdf.Triple{S: s, P: p, O: o})
}

func (g *gen) text(n int) string {
	b := make([]byte, 0, n*8)
	for i := range n {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, words[g.r.IntN(len(words))]...)
	}
	return string(b)
}

func integer(i int) rdf.Term { return rdf.Literal(strconv.Itoa(i), rdf.XSDInteger) }

func date(t time.Time) rdf.Term { return rdf.Literal(t.Format(time.DateOnly), rdf.XSDDate) }

func dateTime(t time.Time) rdf.Term { return rdf.Literal(t.Format(time.RFC3339), rdf.XSDDateTime) }

// Generate emits a dataset of about triples triples, deterministically for
// seed, calling emit once per triple.
func Generate(triples int, seed uint64, emit func(rdf.Triple) error) (Dataset, error) {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), emit: emit}
	products := Products(triples)
	ds := Dataset{Products: products}
	// Who owns what is drawn first, so that the triples can still be
	// written product by product.
	g.producerOf = g.quotas(products, 50, 1.0/3)
	g.offersOf = make([]int, products)
	for range 20 * products {
		g.offersOf[g.productIndex(products)]++
	}
	g.reviewsOf = make([]int, products)
	for range 10 * products {
		g.reviewsOf[g.productIndex(products)]++
	}
	vendors := max(2, products/10)
	g.vendorOf = g.quotas(20*products, float64(20*products)/float64(vendors), 1.0/3)
	g.reviewerOf = g.quotas(10*products, 20, 1.0/3)
	ds.Producers = slices.Max(g.producerOf)
	ds.Vendors = slices.Max(g.vendorOf)
	ds.Reviewers = slices.Max(g.reviewerOf)
	// A type hierarchy: a root, branches, and leaves that products belong to.
	nTypes := max(3, products/20)
	ds.Features = max(10, products/4)
	base := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	err := g.all(
		func() error {
			for t := 1; t <= nTypes; t++ {
				if err := g.add(TypeIRI(t), rdf.Type, v("ProductType")); err != nil {
					return err
				}
				if err := g.add(TypeIRI(t), rdfsLabel, rdf.String(g.text(2))); err != nil {
					return err
				}
				if t > 1 {
					if err := g.add(TypeIRI(t), rdfsSubCls, TypeIRI(max(1, t/4))); err != nil {
						return err
					}
				}
				ds.Types = append(ds.Types, t)
			}
			return nil
		},
		func() error {
			for f := 1; f <= ds.Features; f++ {
				if err := g.add(FeatureIRI(f), rdf.Type, v("ProductFeature")); err != nil {
					return err
				}
				if err := g.add(FeatureIRI(f), rdfsLabel, rdf.String(g.text(2))); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			for p := 1; p <= ds.Producers; p++ {
				s := ProducerIRI(p)
				for _, t := range []rdf.Triple{
					{S: s, P: rdf.Type, O: v("Producer")},
					{S: s, P: rdfsLabel, O: rdf.String("Producer " + g.text(1))},
					{S: s, P: rdfsComment, O: rdf.String(g.text(20))},
					{S: s, P: foafHome, O: rdf.IRI("http://www.producer" + strconv.Itoa(p) + ".com/")},
					{S: s, P: v("country"), O: g.country()},
				} {
					if err := g.add(t.S, t.P, t.O); err != nil {
						return err
					}
				}
			}
			for vd := 1; vd <= ds.Vendors; vd++ {
				s := VendorIRI(vd)
				for _, t := range []rdf.Triple{
					{S: s, P: rdf.Type, O: v("Vendor")},
					{S: s, P: rdfsLabel, O: rdf.String("Vendor " + g.text(1))},
					{S: s, P: rdfsComment, O: rdf.String(g.text(15))},
					{S: s, P: foafHome, O: rdf.IRI("http://www.vendor" + strconv.Itoa(vd) + ".com/")},
					{S: s, P: v("country"), O: g.country()},
				} {
					if err := g.add(t.S, t.P, t.O); err != nil {
						return err
					}
				}
			}
			for rv := 1; rv <= ds.Reviewers; rv++ {
				s := ReviewerIRI(rv)
				for _, t := range []rdf.Triple{
					{S: s, P: rdf.Type, O: rdf.IRI(rdf.NSFOAF + "Person")},
					{S: s, P: foafName, O: rdf.String(g.text(2))},
					{S: s, P: foafMbox, O: rdf.String(fmt.Sprintf("%040x", g.r.Uint64()))},
					{S: s, P: v("country"), O: g.country()},
				} {
					if err := g.add(t.S, t.P, t.O); err != nil {
						return err
					}
				}
			}
			return nil
		},
		func() error {
			leaves := ds.Types[len(ds.Types)/4:]
			// Each leaf type has a pool of features its products draw from.
			g.typeFeatures = map[int][]int{}
			for _, t := range leaves {
				pool := make([]int, 20+g.r.IntN(30))
				for i := range pool {
					pool[i] = 1 + g.r.IntN(ds.Features)
				}
				g.typeFeatures[t] = pool
			}
			for p := 1; p <= products; p++ {
				if err := g.product(p, &ds, leaves, base); err != nil {
					return err
				}
			}
			return nil
		},
	)
	ds.Triples = g.n
	return ds, err
}

func (g *gen) all(steps ...func() error) error {
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// product emits a product with its features, offers and reviews.
func (g *gen) product(p int, ds *Dataset, leaves []int, base time.Time) error {
	s := ProductIRI(p)
	typ := leaves[g.r.IntN(len(leaves))]
	producer := ProducerIRI(g.producerOf[p-1])
	ts := []rdf.Triple{
		{S: s, P: rdf.Type, O: v("Product")},
		{S: s, P: rdf.Type, O: TypeIRI(typ)},
		{S: s, P: rdfsLabel, O: rdf.String(g.text(3))},
		{S: s, P: rdfsComment, O: rdf.String(g.text(40))},
		{S: s, P: v("producer"), O: producer},
		{S: s, P: dcPublisher, O: producer},
		{S: s, P: dcDate, O: date(base.AddDate(0, 0, g.r.IntN(700)))},
	}
	ds.ProductType = append(ds.ProductType, typ)
	var features []int
	pool := g.typeFeatures[typ]
	for _, i := range g.r.Perm(len(pool))[:min(len(pool), 5+g.r.IntN(11))] {
		if slices.Contains(features, pool[i]) {
			continue
		}
		features = append(features, pool[i])
		ts = append(ts, rdf.Triple{S: s, P: v("productFeature"), O: FeatureIRI(pool[i])})
	}
	ds.ProductFeatures = append(ds.ProductFeatures, features)
	for i := 1; i <= 5; i++ {
		ts = append(ts, rdf.Triple{S: s, P: v("productPropertyNumeric" + strconv.Itoa(i)), O: integer(1 + g.r.IntN(2000))})
		ts = append(ts, rdf.Triple{S: s, P: v("productPropertyTextual" + strconv.Itoa(i)), O: rdf.String(g.text(4))})
	}
	for _, t := range ts {
		if err := g.add(t.S, t.P, t.O); err != nil {
			return err
		}
	}
	for range g.offersOf[p-1] {
		ds.Offers++
		o := OfferIRI(ds.Offers)
		vendor := VendorIRI(g.vendorOf[ds.Offers-1])
		from := base.AddDate(0, 0, g.r.IntN(700))
		for _, t := range []rdf.Triple{
			{S: o, P: rdf.Type, O: v("Offer")},
			{S: o, P: v("product"), O: s},
			{S: o, P: v("vendor"), O: vendor},
			{S: o, P: dcPublisher, O: vendor},
			{S: o, P: v("price"), O: rdf.Literal(fmt.Sprintf("%d.%02d", 5+g.r.IntN(9995), g.r.IntN(100)), NSVocab+"USD")},
			{S: o, P: v("validFrom"), O: dateTime(from)},
			{S: o, P: v("validTo"), O: dateTime(from.AddDate(0, 0, 30+g.r.IntN(300)))},
			{S: o, P: v("deliveryDays"), O: integer(1 + g.r.IntN(21))},
			{S: o, P: v("offerWebpage"), O: rdf.IRI("http://www.vendor.example/offers/" + strconv.Itoa(ds.Offers))},
			{S: o, P: dcDate, O: date(from)},
		} {
			if err := g.add(t.S, t.P, t.O); err != nil {
				return err
			}
		}
	}
	langs := []string{"en", "en", "en", "de", "fr", "ja", "zh", "es"}
	for range g.reviewsOf[p-1] {
		ds.Reviews++
		r := ReviewIRI(ds.Reviews)
		ts := []rdf.Triple{
			{S: r, P: rdf.Type, O: v("Review")},
			{S: r, P: v("reviewFor"), O: s},
			{S: r, P: revReviewer, O: ReviewerIRI(g.reviewerOf[ds.Reviews-1])},
			{S: r, P: v("reviewDate"), O: dateTime(base.AddDate(0, 0, g.r.IntN(700)))},
			{S: r, P: dcTitle, O: rdf.String(g.text(4))},
			{S: r, P: revText, O: rdf.LangString(g.text(30), langs[g.r.IntN(len(langs))])},
			{S: r, P: dcDate, O: date(base.AddDate(0, 0, g.r.IntN(700)))},
		}
		for i := 1; i <= 4; i++ {
			if g.r.IntN(10) < 7 { // ratings are optional, as in BSBM
				ts = append(ts, rdf.Triple{S: r, P: v("rating" + strconv.Itoa(i)), O: integer(1 + g.r.IntN(10))})
			}
		}
		for _, t := range ts {
			if err := g.add(t.S, t.P, t.O); err != nil {
				return err
			}
		}
	}
	return nil
}
