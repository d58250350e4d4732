package rdfio_test

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

func ExampleParse() {
	doc := `@prefix dct: <http://purl.org/dc/terms/> .
<practice/1> dct:title "Digital skills for refugee women"@en ;
    dct:spatial <https://data.example/nuts/DE300> .`
	quads, err := rdfio.Parse(strings.NewReader(doc), rdfio.Turtle, rdfio.ParseOptions{Base: "https://skills.example/"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range quads {
		fmt.Println(q)
	}
	// Output:
	// <https://skills.example/practice/1> <http://purl.org/dc/terms/title> "Digital skills for refugee women"@en .
	// <https://skills.example/practice/1> <http://purl.org/dc/terms/spatial> <https://data.example/nuts/DE300> .
}

func ExampleParse_syntaxError() {
	_, err := rdfio.Parse(strings.NewReader("<http://s> <http://p> \"no end"), rdfio.NTriples, rdfio.ParseOptions{})
	fmt.Println(err)
	// Output:
	// N-Triples syntax error at line 1:23: string not closed before the end of input
}

func ExampleWrite() {
	p := rdf.IRI("https://skills.example/practice/1")
	quads := []rdf.Quad{
		{S: p, P: rdf.Type, O: rdf.IRI(rdf.NSSchema + "Course")},
		{S: p, P: rdf.IRI(rdf.NSDCT + "title"), O: rdf.LangString("Digitale Kompetenzen", "de")},
		{S: p, P: rdf.IRI(rdf.NSDCT + "title"), O: rdf.LangString("Digital skills", "en")},
	}
	slices.SortFunc(quads, rdf.CompareQuads)
	if err := rdfio.Write(os.Stdout, rdfio.Turtle, quads, rdfio.EncodeOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// @prefix dct: <http://purl.org/dc/terms/> .
	// @prefix schema: <http://schema.org/> .
	//
	// <https://skills.example/practice/1> dct:title "Digital skills"@en, "Digitale Kompetenzen"@de ;
	//     a schema:Course .
}

func ExampleParseHTML() {
	page := `<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Event", "name": "Coding club", "url": "club.html"}
</script></head></html>`
	quads, err := rdfio.ParseHTML(strings.NewReader(page), rdfio.ParseOptions{Base: "https://city.example/events/"})
	if err != nil {
		fmt.Println(err)
		return
	}
	slices.SortFunc(quads, rdf.CompareQuads)
	for _, q := range quads {
		fmt.Println(q.P, q.O)
	}
	// Output:
	// <http://schema.org/name> "Coding club"
	// <http://schema.org/url> <https://city.example/events/club.html>
	// <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Event>
}
