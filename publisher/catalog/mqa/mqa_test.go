package mqa

import (
	"context"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

const ex = "http://example.org/"

// complete writes a dataset with one distribution that meets every
// indicator, leaving out the properties named in without.
func complete(g *rdf.Graph, ds, dist string, without ...rdf.Term) {
	skip := map[rdf.Term]bool{}
	for _, p := range without {
		skip[p] = true
	}
	add := func(s string, p, o rdf.Term) {
		if !skip[p] {
			g.Add(rdf.Triple{S: rdf.IRI(ex + s), P: p, O: o})
		}
	}
	add(ds, rdf.Type, vocab.DCATDataset)
	add(ds, vocab.DCATKeyword, rdf.LangString("skills", "en"))
	add(ds, vocab.DCATTheme, rdf.IRI("http://publications.europa.eu/resource/authority/data-theme/EDUC"))
	add(ds, vocab.DCTSpatial, rdf.IRI("http://publications.europa.eu/resource/authority/country/DEU"))
	add(ds, vocab.DCTTemporal, rdf.IRI(ex+"period"))
	add(ds, vocab.DCTAccessRights, rdf.IRI(accessRightBase+"PUBLIC"))
	add(ds, vocab.DCATContactPoint, rdf.IRI(ex+"contact"))
	add(ds, vocab.DCTPublisher, rdf.IRI(ex+"publisher"))
	add(ds, vocab.DCTIssued, rdf.Literal("2025-01-01", rdf.XSDDate))
	add(ds, vocab.DCTModified, rdf.Literal("2025-02-01", rdf.XSDDate))
	add(ds, vocab.DCATDistributionProp, rdf.IRI(ex+dist))
	add(dist, rdf.Type, vocab.DCATDistribution)
	add(dist, vocab.DCATAccessURL, rdf.IRI(ex+dist+".ttl"))
	add(dist, vocab.DCATDownloadURL, rdf.IRI(ex+dist+".ttl"))
	add(dist, vocab.DCTFormat, rdf.IRI(fileTypeBase+"RDF_TURTLE"))
	add(dist, vocab.DCATMediaType, rdf.IRI(ianaMediaTypes+"text/turtle"))
	add(dist, vocab.DCTLicense, rdf.IRI(licenceBase+"CC_BY_4_0"))
	add(dist, vocab.DCTRights, rdf.IRI(ex+"rights"))
	add(dist, vocab.DCATByteSize, rdf.Literal("1234", rdf.NSXSD+"nonNegativeInteger"))
	add(dist, vocab.DCTIssued, rdf.Literal("2025-01-01", rdf.XSDDate))
	add(dist, vocab.DCTModified, rdf.Literal("2025-02-01", rdf.XSDDate))
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name      string
		build     func(g *rdf.Graph)
		broken    string // a URL that answers 404
		compliant bool
		score     float64
		share     float64
	}{
		{"everything", func(g *rdf.Graph) { complete(g, "ds", "d1") }, "", true, 405, 405},
		{"not DCAT-AP compliant", func(g *rdf.Graph) { complete(g, "ds", "d1") }, "", false, 375, 375},
		{"no size, no rights", func(g *rdf.Graph) { complete(g, "ds", "d1", vocab.DCATByteSize, vocab.DCTRights) }, "", true, 395, 395},
		{"no temporal coverage", func(g *rdf.Graph) { complete(g, "ds", "d1", vocab.DCTTemporal) }, "", true, 385, 385},
		{"a broken download URL", func(g *rdf.Graph) { complete(g, "ds", "d1") }, ex + "d1.ttl", true, 325, 325},
		{"a proprietary format", func(g *rdf.Graph) {
			complete(g, "ds", "d1", vocab.DCTFormat)
			g.Add(rdf.Triple{S: rdf.IRI(ex + "d1"), P: vocab.DCTFormat, O: rdf.IRI(fileTypeBase + "XLS")})
		}, "", true, 365, 365},
		{"a format outside the EU table", func(g *rdf.Graph) {
			complete(g, "ds", "d1", vocab.DCTFormat)
			g.Add(rdf.Triple{S: rdf.IRI(ex + "d1"), P: vocab.DCTFormat, O: rdf.IRI(ex + "turtle")})
		}, "", true, 355, 355},
		// The best distribution counts for the dataset; the shares count
		// every distribution.
		{"a second, poorer distribution", func(g *rdf.Graph) {
			complete(g, "ds", "d1")
			complete(g, "ds", "d2", vocab.DCATDownloadURL, vocab.DCATByteSize)
		}, "", true, 405, 405 - 10 - 15 - 2.5},
		// Dates on the dataset count when the distribution has none (the
		// shares count datasets and distributions).
		{"dates on the dataset only", func(g *rdf.Graph) {
			complete(g, "ds", "d1", vocab.DCTIssued, vocab.DCTModified)
			g.Add(rdf.Triple{S: rdf.IRI(ex + "ds"), P: vocab.DCTIssued, O: rdf.Literal("2025-01-01", rdf.XSDDate)})
			g.Add(rdf.Triple{S: rdf.IRI(ex + "ds"), P: vocab.DCTModified, O: rdf.Literal("2025-01-01", rdf.XSDDate)})
		}, "", true, 405, 405 - 2.5 - 2.5},
		{"two datasets, one without keywords", func(g *rdf.Graph) {
			complete(g, "a", "a1")
			complete(g, "b", "b1", vocab.DCATKeyword)
		}, "", true, 390, 390},
		{"a dataset without distributions", func(g *rdf.Graph) {
			complete(g, "ds", "d1", vocab.DCATDistributionProp)
		}, "", true, 405 - 220, 405 - 220}, // every distribution indicator but the dates
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := rdf.NewGraph()
			tt.build(g)
			res, err := Evaluate(context.Background(), g, Options{
				Status: func(_ context.Context, url string) int {
					if url == tt.broken {
						return 404
					}
					return 200
				},
				Compliant: func(rdf.Term) bool { return tt.compliant },
			})
			if err != nil {
				t.Fatal(err)
			}
			if res.Score != tt.score || res.ShareScore != tt.share {
				t.Errorf("score %.1f, by shares %.1f; want %.1f and %.1f\n%s", res.Score, res.ShareScore, tt.score, tt.share, res)
			}
		})
	}
	if _, err := Evaluate(context.Background(), rdf.NewGraph(), Options{}); err == nil {
		t.Error("a graph without datasets scored")
	}
	if MaxPoints() != 405 {
		t.Errorf("the indicators weigh %d, want 405", MaxPoints())
	}
}
