package store_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

func Example() {
	ctx := context.Background()
	st := store.NewMemory() // store.Open(dir) for the persistent store
	defer st.Close()

	source := rdf.IRI("https://partner.example/practices")
	practice := rdf.IRI("https://skillsmap.example/practice/1")
	err := store.ReplaceGraph(ctx, st, source, []rdf.Triple{
		{S: practice, P: rdf.Type, O: rdf.IRI(rdf.NSSchema + "Course")},
		{S: practice, P: rdf.IRI(rdf.NSSchema + "name"), O: rdf.LangString("Digitale Grundkenntnisse", "de")},
	})
	if err != nil {
		log.Fatal(err)
	}

	snap, err := st.Snapshot(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer snap.Close()
	for q, err := range snap.Match(ctx, store.Pattern{S: practice, AnyGraph: true}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(q)
	}
	info, _ := snap.GraphInfo(source)
	fmt.Println(info.Quads, "quads in", info.Name, "- store version", snap.Version())
	// Output:
	// <https://skillsmap.example/practice/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Course> <https://partner.example/practices> .
	// <https://skillsmap.example/practice/1> <http://schema.org/name> "Digitale Grundkenntnisse"@de <https://partner.example/practices> .
	// 2 quads in <https://partner.example/practices> - store version 1
}
