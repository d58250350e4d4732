package parser_test

import (
	"fmt"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/parser"
)

func ExampleParseQuery() {
	q, err := parser.ParseQuery(`
		PREFIX schema: <http://schema.org/>
		SELECT ?region (COUNT(?p) AS ?n)
		WHERE { ?p a schema:Project ; schema:location ?region OPTIONAL { ?p schema:name ?name } }
		GROUP BY ?region
		ORDER BY DESC(?n)`, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Vars)
	fmt.Println(algebra.Format(q.Pattern))
	// Output:
	// [?region ?n]
	// (project (?region ?n)
	//   (order ((desc ?n))
	//     (extend ((?n ?.0))
	//       (group (?region) ((?.0 (count ?p)))
	//         (leftjoin
	//           (bgp
	//             (triple ?p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Project>)
	//             (triple ?p <http://schema.org/location> ?region))
	//           (bgp
	//             (triple ?p <http://schema.org/name> ?name)))))))
}

func ExampleParseQuery_syntaxError() {
	_, err := parser.ParseQuery("SELECT * {\n  ?s ?p ?o .\n  ?s ?q }", "")
	fmt.Println(err)
	// Output:
	// line 3, column 9: expected a variable, an IRI, a literal or a blank node, found "}"
}

func ExampleParseUpdate() {
	u, err := parser.ParseUpdate(`
		PREFIX ex: <http://example.org/>
		DELETE DATA { GRAPH ex:g { ex:a ex:b "old" } } ;
		INSERT DATA { GRAPH ex:g { ex:a ex:b "new" } }`, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, op := range u.Operations {
		fmt.Println(op)
	}
	// Output:
	// (deletedata (quad <http://example.org/g> <http://example.org/a> <http://example.org/b> "old"))
	// (insertdata (quad <http://example.org/g> <http://example.org/a> <http://example.org/b> "new"))
}
