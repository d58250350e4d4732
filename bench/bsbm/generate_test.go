package bsbm

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
)

func TestGenerateIsDeterministicAndSized(t *testing.T) {
	collect := func(seed uint64) ([]rdf.Triple, Dataset) {
		var ts []rdf.Triple
		ds, err := Generate(20000, seed, func(t rdf.Triple) error { ts = append(ts, t); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return ts, ds
	}
	a, ds := collect(1)
	b, _ := collect(1)
	c, _ := collect(2)
	if len(a) != len(b) || len(a) != ds.Triples {
		t.Fatalf("lengths %d %d, dataset says %d", len(a), len(b), ds.Triples)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("triple %d differs between runs with one seed: %v vs %v", i, a[i], b[i])
		}
	}
	if len(a) == len(c) && a[len(a)/2] == c[len(c)/2] {
		t.Error("different seeds gave the same data")
	}
	if ds.Triples < 15000 || ds.Triples > 25000 {
		t.Errorf("asked for ~20000 triples, got %d", ds.Triples)
	}
	if ds.Offers != 20*ds.Products || ds.Reviews != 10*ds.Products {
		t.Errorf("offers %d reviews %d for %d products", ds.Offers, ds.Reviews, ds.Products)
	}
}

func TestExploreMixParses(t *testing.T) {
	var n int
	ds, _ := Generate(5000, 1, func(rdf.Triple) error { n++; return nil })
	for _, q := range ExploreMix(ds, rand.New(rand.NewPCG(1, 2))) {
		if strings.Contains(q.Text, "%") {
			t.Errorf("%s: unfilled parameter in %s", q.Name, q.Text)
		}
		if _, err := parser.ParseQuery(q.Text, ""); err != nil {
			t.Errorf("%s: %v", q.Name, err)
		}
	}
}

// TestDistributions checks the skew that makes a planner's choices matter:
// offers per product vary with the product, vendors cluster in a few
// countries, producers have about 50 products.
func TestDistributions(t *testing.T) {
	offers := map[rdf.Term]int{}
	vendorCountry := map[rdf.Term]string{}
	producers := map[rdf.Term]int{}
	ds, err := Generate(200_000, 3, func(tr rdf.Triple) error {
		switch tr.P {
		case v("product"):
			offers[tr.O]++
		case v("country"):
			if strings.Contains(tr.S.Value, "/Vendor") {
				vendorCountry[tr.S] = tr.O.Value[strings.IndexByte(tr.O.Value, '#')+1:]
			}
		case v("producer"):
			producers[tr.O]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := ds.Offers, 0
	for _, n := range offers {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi < 35 || lo > 10 {
		t.Errorf("offers per product range %d–%d, want a skewed spread around 20", lo, hi)
	}
	de := 0
	for _, c := range vendorCountry {
		if c == "DE" {
			de++
		}
	}
	if len(vendorCountry) != ds.Vendors || de*100 < len(vendorCountry)*5 || de*100 > len(vendorCountry)*30 {
		t.Errorf("%d of %d vendors in DE (dataset says %d vendors)", de, len(vendorCountry), ds.Vendors)
	}
	if mean := float64(ds.Products) / float64(len(producers)); mean < 35 || mean > 65 {
		t.Errorf("%.1f products per producer, want about 50", mean)
	}
}
