// Package bsbm generates data in the shape of the Berlin SPARQL Benchmark
// (BSBM, Bizer and Schultz 2009): products of a type hierarchy with
// features, producers, vendors with offers, and reviewers with reviews, plus
// the benchmark's Explore query mix. The generator is deterministic for a
// seed, so runs are comparable across machines and commits.
//
// It is written from the benchmark's published description (the data model
// and the twelve Explore queries); it is not the BSBM tool, and its numbers
// are comparable between Skillsmap commits, not with published BSBM results.
package bsbm

import (
	"fmt"
	"math/rand/v2"
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
	ds.Producers = max(1, products/50)
	ds.Vendors = max(1, products/100)
	ds.Reviewers = max(1, products/2)
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
					{S: s, P: v("country"), O: rdf.IRI("http://downlode.org/rdf/iso-3166/countries#" + countries[g.r.IntN(len(countries))])},
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
					{S: s, P: v("country"), O: rdf.IRI("http://downlode.org/rdf/iso-3166/countries#" + countries[g.r.IntN(len(countries))])},
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
					{S: s, P: v("country"), O: rdf.IRI("http://downlode.org/rdf/iso-3166/countries#" + countries[g.r.IntN(len(countries))])},
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

// product emits a product with its features, 20 offers and 10 reviews.
func (g *gen) product(p int, ds *Dataset, leaves []int, base time.Time) error {
	s := ProductIRI(p)
	typ := leaves[g.r.IntN(len(leaves))]
	producer := ProducerIRI(1 + g.r.IntN(ds.Producers))
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
	for range 5 + g.r.IntN(11) {
		f := 1 + g.r.IntN(ds.Features)
		features = append(features, f)
		ts = append(ts, rdf.Triple{S: s, P: v("productFeature"), O: FeatureIRI(f)})
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
	for range 20 {
		ds.Offers++
		o := OfferIRI(ds.Offers)
		vendor := VendorIRI(1 + g.r.IntN(ds.Vendors))
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
	for range 10 {
		ds.Reviews++
		r := ReviewIRI(ds.Reviews)
		ts := []rdf.Triple{
			{S: r, P: rdf.Type, O: v("Review")},
			{S: r, P: v("reviewFor"), O: s},
			{S: r, P: revReviewer, O: ReviewerIRI(1 + g.r.IntN(ds.Reviewers))},
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
