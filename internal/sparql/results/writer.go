package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Writer streams the solutions of a SELECT result in one format.
type Writer interface {
	// Write writes one solution; row is aligned with the writer's variables
	// and a zero Term leaves that variable unbound.
	Write(row []rdf.Term) error
	// Flush hands the solutions written so far to the underlying
	// io.Writer (a streaming HTTP handler calls it, then its Flusher).
	Flush() error
	// Close writes the end of the document and flushes. It does not close
	// the underlying io.Writer.
	Close() error
}

// ErrBooleanUnsupported is returned by WriteBoolean for CSV and TSV, whose
// specifications define no form for an ASK result.
var ErrBooleanUnsupported = errors.New("results: format cannot carry a boolean (ASK) result")

// NewWriter starts a SELECT result document in format f with the given
// variables (names without '?'), writing the header at once.
func NewWriter(w io.Writer, f Format, vars []string) (Writer, error) {
	if err := checkVars(vars); err != nil {
		return nil, err
	}
	base := sink{w: bufio.NewWriterSize(w, 32<<10), vars: vars}
	var out Writer
	switch f {
	case JSON:
		out = &jsonWriter{sink: base}
	case XML:
		out = &xmlWriter{sink: base}
	case CSV:
		out = newCSVWriter(base)
	case TSV:
		out = &tsvWriter{sink: base}
	default:
		return nil, fmt.Errorf("%w: %d", ErrUnknownFormat, f)
	}
	if h, ok := out.(interface{ header() error }); ok {
		if err := h.header(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WriteBoolean writes the document of an ASK result.
func WriteBoolean(w io.Writer, f Format, value bool) error {
	switch f {
	case JSON:
		return writeJSONBoolean(w, value)
	case XML:
		return writeXMLBoolean(w, value)
	case CSV, TSV:
		return fmt.Errorf("%w: %s", ErrBooleanUnsupported, f)
	}
	return fmt.Errorf("%w: %d", ErrUnknownFormat, f)
}

// WriteTable writes a whole table.
func WriteTable(w io.Writer, f Format, t *Table) error {
	rw, err := NewWriter(w, f, t.Vars)
	if err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := rw.Write(row); err != nil {
			return err
		}
	}
	return rw.Close()
}

// checkVars rejects empty, repeated and malformed variable names.
func checkVars(vars []string) error {
	seen := make(map[string]bool, len(vars))
	for _, v := range vars {
		if !validVarName(v) {
			return fmt.Errorf("results: %q is not a SPARQL variable name", v)
		}
		if seen[v] {
			return fmt.Errorf("results: variable %q listed twice", v)
		}
		seen[v] = true
	}
	return nil
}

// validVarName checks SPARQL's VARNAME production (letters, digits, '_',
// U+00B7 and the combining ranges), with Unicode letters standing in for
// PN_CHARS_BASE.
func validVarName(v string) bool {
	if v == "" || !utf8.ValidString(v) {
		return false
	}
	for i, r := range v {
		switch {
		case unicode.IsLetter(r), r >= '0' && r <= '9', r == '_':
		case i > 0 && (r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040):
		default:
			return false
		}
	}
	return true
}

// sink is what every writer shares: the buffered output, the variables and
// a sticky error.
type sink struct {
	w      *bufio.Writer
	vars   []string
	err    error
	closed bool
}

func (s *sink) checkRow(row []rdf.Term) error {
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return errors.New("results: write after Close")
	}
	if len(row) != len(s.vars) {
		return fmt.Errorf("results: row has %d terms for %d variables", len(row), len(s.vars))
	}
	return nil
}

// Flush writes out the buffered bytes.
func (s *sink) Flush() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// finish flushes once and remembers the outcome.
func (s *sink) finish() error {
	if s.closed {
		return s.err
	}
	s.closed = true
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}
