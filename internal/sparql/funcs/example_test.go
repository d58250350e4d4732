package funcs_test

import (
	"fmt"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/funcs"
)

func ExampleCall() {
	ctx := funcs.NewContext(time.Now(), "http://example.org/")
	v, err := funcs.Call(ctx, nil, "STRBEFORE", []rdf.Term{rdf.LangString("abc", "en"), rdf.String("bc")})
	fmt.Println(v, err)
	v, err = funcs.Call(ctx, nil, "IRI", []rdf.Term{rdf.String("practice/1")})
	fmt.Println(v, err)
	// Output:
	// "a"@en <nil>
	// <http://example.org/practice/1> <nil>
}

func ExampleEqual() {
	one := rdf.Literal("1", rdf.XSDInteger)
	fmt.Println(funcs.Equal(one, rdf.Literal("1.0E0", rdf.XSDDouble)))
	fmt.Println(funcs.Equal(one, rdf.String("1")))
	_, err := funcs.Equal(rdf.Literal("a", "http://example.org/t"), rdf.Literal("b", "http://example.org/t"))
	fmt.Println(err != nil)
	// Output:
	// true <nil>
	// false <nil>
	// true
}

func ExampleDivide() {
	fmt.Println(funcs.Divide(rdf.Literal("1", rdf.XSDInteger), rdf.Literal("4", rdf.XSDInteger)))
	// Output: "0.25"^^<http://www.w3.org/2001/XMLSchema#decimal> <nil>
}
