package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// tsvWriter writes text/tab-separated-values as SPARQL 1.1 TSV defines it:
// a header of ?variables, then one line per solution with each term in
// Turtle syntax (<iri>, "lexical"@lang, "lexical"^^<datatype>, _:label,
// and the bare Turtle forms of integers, decimals, doubles and booleans)
// and unbound variables empty. Tabs and newlines inside terms are escaped.
type tsvWriter struct {
	sink
}

func (t *tsvWriter) header() error {
	for i, v := range t.vars {
		if strings.ContainsAny(v, "\t\n\r") {
			return fmt.Errorf("results: TSV: variable name %q contains a tab or newline", v)
		}
		if i > 0 {
			t.w.WriteByte('\t')
		}
		t.w.WriteString("?" + v)
	}
	_, err := t.w.WriteString("\n")
	return err
}

func (t *tsvWriter) Write(row []rdf.Term) error {
	if err := t.checkRow(row); err != nil {
		return err
	}
	for i, term := range row {
		if i > 0 {
			t.w.WriteByte('\t')
		}
		t.w.WriteString(TSVString(term))
	}
	if _, err := t.w.WriteString("\n"); err != nil && t.err == nil {
		t.err = err
	}
	return t.err
}

func (t *tsvWriter) Close() error { return t.finish() }

// TSVString is a term's TSV field: Turtle syntax, with numbers and booleans
// abbreviated when their lexical form is a Turtle number or boolean token
// (so the lexical form survives), "" for an unbound variable.
func TSVString(t rdf.Term) string {
	switch t.Kind {
	case rdf.KindIRI:
		return "<" + rdf.EscapeIRI(t.Value) + ">"
	case rdf.KindBlank:
		return "_:" + t.Value
	case rdf.KindLiteral:
		switch t.Datatype {
		case rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble:
			if turtleNumberType(t.Value) == t.Datatype {
				return t.Value
			}
		case rdf.XSDBoolean:
			if t.Value == "true" || t.Value == "false" {
				return t.Value
			}
		}
		return t.String()
	}
	return ""
}

// turtleNumberType returns the datatype of a Turtle INTEGER, DECIMAL or
// DOUBLE token, or "" when s is not one.
func turtleNumberType(s string) string {
	if s == "" {
		return ""
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	intDigits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, intDigits = i+1, intDigits+1
	}
	fracDigits, dot := 0, false
	if i < len(s) && s[i] == '.' {
		dot = true
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, fracDigits = i+1, fracDigits+1
		}
	}
	if i == len(s) {
		switch {
		case !dot && intDigits > 0:
			return rdf.XSDInteger
		case dot && fracDigits > 0:
			return rdf.XSDDecimal
		}
		return ""
	}
	if s[i] != 'e' && s[i] != 'E' || intDigits+fracDigits == 0 {
		return ""
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	expDigits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, expDigits = i+1, expDigits+1
	}
	if i != len(s) || expDigits == 0 {
		return ""
	}
	return rdf.XSDDouble
}

// maxTSVLine bounds one line of a TSV document (one solution).
const maxTSVLine = 64 << 20

func readTSV(r io.Reader) (*Result, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxTSVLine)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("results: TSV: %w", err)
		}
		return nil, errors.New("results: TSV: empty document (no header)")
	}
	header := strings.TrimSuffix(sc.Text(), "\r")
	vars := []string{}
	if header != "" {
		for _, h := range strings.Split(header, "\t") {
			h = strings.TrimSpace(h)
			if len(h) < 2 || (h[0] != '?' && h[0] != '$') {
				return nil, fmt.Errorf("results: TSV: header field %q is not a ?variable", h)
			}
			vars = append(vars, h[1:])
		}
	}
	if err := checkVars(vars); err != nil {
		return nil, err
	}
	res := &Result{Table: Table{Vars: vars, Rows: [][]rdf.Term{}}}
	line := 1
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		row := make([]rdf.Term, len(vars))
		if len(vars) == 0 {
			if text != "" {
				return nil, fmt.Errorf("results: TSV line %d: values without variables", line)
			}
			res.Rows = append(res.Rows, row)
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != len(vars) {
			if text == "" && sc.Err() == nil {
				continue // a blank line (e.g. at the end of the document)
			}
			return nil, fmt.Errorf("results: TSV line %d: %d fields for %d variables", line, len(fields), len(vars))
		}
		for i, f := range fields {
			t, err := ParseTerm(strings.TrimSpace(f))
			if err != nil {
				return nil, fmt.Errorf("results: TSV line %d, ?%s: %w", line, vars[i], err)
			}
			row[i] = t
		}
		res.Rows = append(res.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("results: TSV: %w", err)
	}
	return res, nil
}
