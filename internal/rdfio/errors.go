package rdfio

import (
	"errors"
	"fmt"
)

// ErrTooLarge is wrapped by the error returned when the input exceeds
// ParseOptions.MaxBytes.
var ErrTooLarge = errors.New("input too large")

// ErrTooDeep is wrapped by the error returned when the input nests blank
// nodes, collections, XML elements or JSON values deeper than the parsers
// allow (MaxNesting).
var ErrTooDeep = errors.New("input nested too deeply")

// SyntaxError reports malformed input: in which format, where, and what was
// wrong. Line and Column count from 1 (the column in bytes); they are 0 when
// the parser cannot tell the place (JSON-LD processing errors).
type SyntaxError struct {
	Format Format
	Line   int
	Column int
	Msg    string
	Err    error // the underlying error, if any
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s syntax error at line %d:%d: %s", e.Format, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s syntax error: %s", e.Format, e.Msg)
}

// Unwrap returns the underlying error.
func (e *SyntaxError) Unwrap() error { return e.Err }
