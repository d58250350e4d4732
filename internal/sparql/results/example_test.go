package results_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

func ExampleNewWriter() {
	w, err := results.NewWriter(os.Stdout, results.TSV, []string{"practice", "title"})
	if err != nil {
		panic(err)
	}
	_ = w.Write([]rdf.Term{rdf.IRI("http://example.org/p1"), rdf.LangString("Digital skills\tfor all", "en")})
	_ = w.Write([]rdf.Term{rdf.IRI("http://example.org/p2"), {}}) // title unbound
	if err := w.Close(); err != nil {
		panic(err)
	}
	// Output:
	// ?practice	?title
	// <http://example.org/p1>	"Digital skills\tfor all"@en
	// <http://example.org/p2>
}

func ExampleEquivalent() {
	expected, _ := results.Read(strings.NewReader("?s\t?n\n_:a\t1\n_:b\t2\n"), results.TSV)
	actual, _ := results.Read(strings.NewReader("?n\t?s\n2\t_:x\n1\t_:y\n"), results.TSV)
	fmt.Println(results.Equivalent(&expected.Table, &actual.Table, false))
	// Output: <nil>
}
