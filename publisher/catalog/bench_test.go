package catalog

import (
	"context"
	"io"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// BenchmarkCatalog measures building and writing the catalog of the demo
// store (3 sources, 20 practices) as RDF/XML, what a harvest request costs
// after the store changed.
func BenchmarkCatalog(b *testing.B) {
	f := demoStore(b)
	in := f.input(b)
	for b.Loop() {
		g, err := Catalog(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(io.Discard, g, rdfio.RDFXML); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVoID measures the VoID description with its full store scan.
func BenchmarkVoID(b *testing.B) {
	f := demoStore(b)
	in := f.input(b)
	for b.Loop() {
		if _, err := VoID(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
