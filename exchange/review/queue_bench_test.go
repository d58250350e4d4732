package review

import (
	"context"
	"fmt"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// harvestedMany is a source graph with n practices, each with a title and
// a place.
func harvestedMany(n vocab.IRIs, source string, count int) []rdf.Triple {
	t := n.Terms()
	var ts []rdf.Triple
	for i := range count {
		p := n.Practice(fmt.Sprintf("%s-%05d", source, i))
		ts = append(ts,
			rdf.Triple{S: p, P: rdf.Type, O: t.Practice},
			rdf.Triple{S: p, P: vocab.DCTTitle, O: rdf.LangString(fmt.Sprintf("Digitalcafé %d", i), "de")},
			rdf.Triple{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED51")},
		)
	}
	return ts
}

func BenchmarkQueue(b *testing.B) {
	f := newFixture(b)
	f.harvest(held, harvestedMany(f.n, held, 10000))
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		opts QueueOptions
	}{
		{"first page", QueueOptions{}},
		{"filter by org (no match)", QueueOptions{Org: "stadt-leipzig"}},
		{"filter by kind", QueueOptions{Kind: "new"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := f.r.Queue(ctx, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
