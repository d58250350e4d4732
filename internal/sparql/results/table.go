package results

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Table is the result of a SELECT query: the projected variables (without
// '?') and the solutions, each aligned with Vars; a zero Term is unbound.
type Table struct {
	Vars []string
	Rows [][]rdf.Term
}

// Result is a parsed result document: a table, or the boolean of an ASK.
type Result struct {
	Table
	// Boolean is the answer of an ASK query; nil for a SELECT result.
	Boolean *bool
	// Links are the head's link hrefs (JSON and XML), kept for completeness.
	Links []string
}

// IsBoolean reports whether r is an ASK result.
func (r *Result) IsBoolean() bool { return r.Boolean != nil }
