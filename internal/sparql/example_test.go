package sparql_test

import (
	"context"
	"fmt"

	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

func Example() {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()

	// Each source lives in a named graph; queries see the union.
	err := sparql.Update(ctx, st, `
		PREFIX schema: <http://schema.org/>
		INSERT DATA {
			GRAPH <https://partner-a.example/> {
				<https://partner-a.example/p1> a schema:Course ; schema:name "Digital basics for refugee women" .
			}
			GRAPH <https://partner-b.example/> {
				<https://partner-b.example/p7> a schema:Course ; schema:name "Coding club" .
			}
		}`, sparql.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := sparql.Query(ctx, st, `
		PREFIX schema: <http://schema.org/>
		SELECT ?name WHERE { ?c a schema:Course ; schema:name ?name } ORDER BY ?name`, sparql.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Close()
	for res.Next() {
		fmt.Println(res.Solution()[0].Value)
	}
	if err := res.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Coding club
	// Digital basics for refugee women
}

// Without a store the estimates are rules of thumb; with one they come from
// its indexes.
func ExampleExplain() {
	plan, err := sparql.Explain(context.Background(), nil, `
		PREFIX schema: <http://schema.org/>
		SELECT ?c ?name WHERE { ?c a schema:Course ; schema:name ?name FILTER(STRLEN(?name) > 5) }`, sparql.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)
	// Output:
	// SELECT
	// project (?c ?name)  [est 1500]
	//   filter (> (strlen ?name) 5)  [est 1500]
	//     join nested-loop  [est 5000]
	//       scan ?c <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Course>  [est 1000]
	//       scan ?c <http://schema.org/name> ?name  [est 5]
}
