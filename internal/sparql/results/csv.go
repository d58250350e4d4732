package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// csvWriter writes text/csv as SPARQL 1.1 CSV defines it
// (https://www.w3.org/TR/sparql11-results-csv-tsv/): a header of variable
// names, then one line per solution with IRIs and literals as their bare
// strings, blank nodes as _:label and unbound variables empty. Datatypes
// and language tags are lost by design. Fields are quoted per RFC 4180 and
// keep their line breaks exactly (encoding/csv would rewrite them); lines
// end in CRLF.
type csvWriter struct {
	sink
}

func newCSVWriter(s sink) *csvWriter { return &csvWriter{sink: s} }

func (c *csvWriter) header() error {
	for i, v := range c.vars {
		if i > 0 {
			c.w.WriteByte(',')
		}
		writeCSVField(c.w, v)
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

// CSVString is a term's CSV field: the IRI, the lexical form, _:label, or
// "" for an unbound variable.
func CSVString(t rdf.Term) string {
	if t.Kind == rdf.KindBlank {
		return "_:" + t.Value
	}
	return t.Value
}

func writeCSVField(w *bufio.Writer, f string) {
	needsQuotes := strings.ContainsAny(f, ",\"\r\n") ||
		f != "" && (f[0] == ' ' || f[0] == '\t' || f[len(f)-1] == ' ' || f[len(f)-1] == '\t')
	if !needsQuotes {
		w.WriteString(f)
		return
	}
	w.WriteByte('"')
	w.WriteString(strings.ReplaceAll(f, `"`, `""`))
	w.WriteByte('"')
}

func (c *csvWriter) Write(row []rdf.Term) error {
	if err := c.checkRow(row); err != nil {
		return err
	}
	for i, t := range row {
		if i > 0 {
			c.w.WriteByte(',')
		}
		writeCSVField(c.w, CSVString(t))
	}
	if _, err := c.w.WriteString("\r\n"); err != nil && c.err == nil {
		c.err = err
	}
	return c.err
}

func (c *csvWriter) Close() error { return c.finish() }

// readCSV reads a CSV result. As CSV keeps no term types, every non-empty
// field becomes a simple literal except "_:label", which becomes a blank
// node; empty fields are unbound. Compare such tables with EquivalentCSV.
func readCSV(r io.Reader) (*Result, error) {
	cr := &csvReader{r: bufio.NewReader(r)}
	header, err := cr.record()
	if err == io.EOF {
		return nil, errors.New("results: CSV: empty document (no header)")
	}
	if err != nil {
		return nil, fmt.Errorf("results: CSV header: %w", err)
	}
	vars := make([]string, 0, len(header))
	for _, h := range header {
		vars = append(vars, strings.TrimSpace(h))
	}
	if len(vars) == 1 && vars[0] == "" {
		vars = vars[:0] // a SELECT with no variables
	}
	if err := checkVars(vars); err != nil {
		return nil, err
	}
	res := &Result{Table: Table{Vars: vars, Rows: [][]rdf.Term{}}}
	for {
		rec, err := cr.record()
		if err == io.EOF {
			return res, nil
		}
		if err != nil {
			return nil, fmt.Errorf("results: CSV: %w", err)
		}
		row := make([]rdf.Term, len(vars))
		switch {
		case len(vars) == 0 && len(rec) == 1 && rec[0] == "":
		case len(rec) != len(vars):
			return nil, fmt.Errorf("results: CSV line %d: %d fields for %d variables", cr.line, len(rec), len(vars))
		default:
			for i, f := range rec {
				if !utf8.ValidString(f) {
					return nil, fmt.Errorf("results: CSV line %d: invalid UTF-8", cr.line)
				}
				row[i] = fromCSVField(f)
			}
		}
		res.Rows = append(res.Rows, row)
	}
}

// csvReader reads RFC 4180 records: fields separated by commas, records by
// CRLF, LF or CR; quoted fields may hold commas, quotes ("") and line
// breaks, which are kept as they are.
type csvReader struct {
	r    *bufio.Reader
	line int
}

func (c *csvReader) record() ([]string, error) {
	if _, err := c.r.Peek(1); err != nil {
		return nil, err
	}
	c.line++
	var fields []string
	var f strings.Builder
	for {
		b, err := c.r.ReadByte()
		if err == io.EOF {
			return append(fields, f.String()), nil
		}
		if err != nil {
			return nil, err
		}
		switch b {
		case ',':
			fields = append(fields, f.String())
			f.Reset()
		case '\r':
			if next, err := c.r.ReadByte(); err == nil && next != '\n' {
				_ = c.r.UnreadByte()
			}
			return append(fields, f.String()), nil
		case '\n':
			return append(fields, f.String()), nil
		case '"':
			if f.Len() != 0 {
				return nil, fmt.Errorf("line %d: quote inside an unquoted field", c.line)
			}
			if err := c.quoted(&f); err != nil {
				return nil, err
			}
		default:
			f.WriteByte(b)
		}
	}
}

// quoted reads a quoted field's content after its opening quote.
func (c *csvReader) quoted(f *strings.Builder) error {
	start := c.line
	for {
		b, err := c.r.ReadByte()
		if err == io.EOF {
			return fmt.Errorf("line %d: unterminated quoted field", start)
		}
		if err != nil {
			return err
		}
		if b == '\n' {
			c.line++
		}
		if b != '"' {
			f.WriteByte(b)
			continue
		}
		next, err := c.r.ReadByte()
		if err == nil && next == '"' {
			f.WriteByte('"')
			continue
		}
		if err == nil {
			_ = c.r.UnreadByte()
			if next != ',' && next != '\r' && next != '\n' {
				return fmt.Errorf("line %d: text after a closing quote", c.line)
			}
		}
		return nil
	}
}

func fromCSVField(f string) rdf.Term {
	switch {
	case f == "":
		return rdf.Term{}
	case strings.HasPrefix(f, "_:") && len(f) > 2:
		return rdf.Blank(f[2:])
	}
	return rdf.String(f)
}
