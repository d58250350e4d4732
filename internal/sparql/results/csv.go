package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// csvWriter writes text/csv as SPARQL 1.1 CSV defines it
// (https://www.w3.org/TR/sparql11-results-csv-tsv/): a header of variable
// names, then one line per solution with IRIs and literals as their bare
// strings, blank nodes as _:label and unbound variables empty. Datatypes
// and language tags are lost by design. Fields are quoted per RFC 4180;
// lines end in CRLF.
type csvWriter struct {
	sink
	cw     *csv.Writer
	fields []string
}

func newCSVWriter(s sink) *csvWriter {
	cw := csv.NewWriter(s.w)
	cw.UseCRLF = true
	return &csvWriter{sink: s, cw: cw, fields: make([]string, len(s.vars))}
}

func (c *csvWriter) header() error {
	return c.cw.Write(c.vars)
}

// CSVString is a term's CSV field: the IRI, the lexical form, _:label, or
// "" for an unbound variable.
func CSVString(t rdf.Term) string {
	if t.Kind == rdf.KindBlank {
		return "_:" + t.Value
	}
	return t.Value
}

func (c *csvWriter) Write(row []rdf.Term) error {
	if err := c.checkRow(row); err != nil {
		return err
	}
	for i, t := range row {
		c.fields[i] = CSVString(t)
	}
	if err := c.cw.Write(c.fields); err != nil && c.err == nil {
		c.err = err
	}
	return c.err
}

func (c *csvWriter) Close() error {
	if !c.closed && c.err == nil {
		c.cw.Flush()
		c.err = c.cw.Error()
	}
	return c.finish()
}

// readCSV reads a CSV result. As CSV keeps no term types, every non-empty
// field becomes a simple literal except "_:label", which becomes a blank
// node; empty fields are unbound. Compare such tables with EquivalentCSV.
func readCSV(r io.Reader) (*Result, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("results: CSV: empty document (no header)")
	}
	if err != nil {
		return nil, fmt.Errorf("results: CSV header: %w", err)
	}
	vars := make([]string, len(header))
	for i, h := range header {
		vars[i] = strings.TrimSpace(h)
	}
	if len(vars) == 1 && vars[0] == "" {
		vars = []string{} // a SELECT with no variables
	}
	if err := checkVars(vars); err != nil {
		return nil, err
	}
	res := &Result{Table: Table{Vars: vars, Rows: [][]rdf.Term{}}}
	if len(vars) == 0 {
		cr.FieldsPerRecord = -1
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return res, nil
		}
		if err != nil {
			return nil, fmt.Errorf("results: CSV: %w", err)
		}
		row := make([]rdf.Term, len(vars))
		if len(vars) > 0 {
			for i, f := range rec {
				row[i] = fromCSVField(f)
			}
		}
		res.Rows = append(res.Rows, row)
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
