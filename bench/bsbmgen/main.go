// Command bsbmgen writes a BSBM-shaped dataset (package bench/bsbm) as
// N-Triples, for loading with `skillsmap load` or into another store.
//
//	go run ./bench/bsbmgen -triples 1000000 -o bsbm-1m.nt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/skillsmap/skillsmap/bench/bsbm"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

func main() {
	triples := flag.Int("triples", 100_000, "about how many triples to write")
	seed := flag.Uint64("seed", 42, "generator seed")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	if err := write(*triples, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bsbmgen:", err)
		os.Exit(1)
	}
}

func write(triples int, seed uint64, path string) (err error) {
	var w io.Writer = os.Stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc, err := rdfio.NewEncoder(bw, rdfio.NTriples, rdfio.EncodeOptions{})
	if err != nil {
		return err
	}
	ds, err := bsbm.Generate(triples, seed, func(t rdf.Triple) error {
		return enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O})
	})
	if err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d triples, %d products, %d vendors, %d offers, %d reviews\n", ds.Triples, ds.Products, ds.Vendors, ds.Offers, ds.Reviews)
	return bw.Flush()
}
