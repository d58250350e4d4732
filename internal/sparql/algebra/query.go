package algebra

import "strings"

// QueryForm is the kind of a query.
type QueryForm uint8

// The four query forms.
const (
	FormSelect QueryForm = iota + 1
	FormConstruct
	FormAsk
	FormDescribe
)

// String returns the form's keyword in lower case.
func (f QueryForm) String() string {
	switch f {
	case FormSelect:
		return "select"
	case FormConstruct:
		return "construct"
	case FormAsk:
		return "ask"
	case FormDescribe:
		return "describe"
	}
	return "?form"
}

// Dataset is the RDF dataset a query or update names with FROM / FROM
// NAMED (or USING / USING NAMED): the default graph is the merge of
// Default, the named graphs are Named. A nil *Dataset means the service's
// own dataset.
type Dataset struct {
	Default []string
	Named   []string
}

// Query is a parsed and translated query.
//
// Pattern is the complete algebra: for SELECT it ends in Project (under
// Distinct, Reduced and Slice as written), for the other forms it carries
// the solution modifiers ORDER BY, OFFSET and LIMIT. For a DESCRIBE without
// WHERE it is the unit table.
type Query struct {
	Form QueryForm
	Base string // the base IRI in force at the end of the prologue (for IRI() and the like)
	// Prefixes are the PREFIX declarations (name without ':' → namespace
	// IRI). The algebra does not need them; result writers may use them to
	// abbreviate IRIs the way the query did.
	Prefixes map[string]string
	Dataset  *Dataset // FROM / FROM NAMED, or nil
	Pattern  Pattern

	// Vars lists the result variables of SELECT (for SELECT *, the visible
	// variables of the pattern in order of appearance) and the variables
	// of DESCRIBE *.
	Vars []Var
	// Template is the CONSTRUCT template. Blank nodes in it are rdf.Blank
	// terms, to be replaced by fresh blank nodes for each solution.
	Template []TriplePattern
	// Describe lists the resources of DESCRIBE: IRIs and variables.
	Describe []TermOrVar
}

// String returns the canonical S-expression of the query, such as
// "(select (project (?x) (bgp ...)))" or "(construct (template ...) ...)".
func (q *Query) String() string {
	var b strings.Builder
	b.WriteString("(")
	b.WriteString(q.Form.String())
	if q.Dataset != nil {
		writeDataset(&b, "from", q.Dataset)
	}
	switch q.Form {
	case FormConstruct:
		b.WriteString(" (template")
		for _, t := range q.Template {
			b.WriteByte(' ')
			writeTriple(&b, t)
		}
		b.WriteString(")")
	case FormDescribe:
		b.WriteString(" (")
		for i, n := range q.Describe {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeNode(&b, n)
		}
		b.WriteString(")")
	}
	b.WriteByte(' ')
	q.Pattern.writeSSE(&b)
	b.WriteString(")")
	return b.String()
}
