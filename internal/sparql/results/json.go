package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// jsonWriter writes application/sparql-results+json
// (https://www.w3.org/TR/sparql11-results-json/).
type jsonWriter struct {
	sink
	rows int
}

func (j *jsonWriter) header() error {
	w := j.w
	w.WriteString(`{"head":{"vars":[`)
	for i, v := range j.vars {
		if i > 0 {
			w.WriteByte(',')
		}
		writeJSONString(w, v)
	}
	_, err := w.WriteString("]},\n\"results\":{\"bindings\":[")
	return err
}

func (j *jsonWriter) Write(row []rdf.Term) error {
	if err := j.checkRow(row); err != nil {
		return err
	}
	w := j.w
	if j.rows > 0 {
		w.WriteByte(',')
	}
	j.rows++
	w.WriteString("\n{")
	first := true
	for i, t := range row {
		if t.Kind == rdf.KindNone {
			continue
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		writeJSONString(w, j.vars[i])
		w.WriteByte(':')
		writeJSONTerm(w, t)
	}
	return j.stick(w.WriteByte('}'))
}

func (j *jsonWriter) stick(err error) error {
	if err != nil && j.err == nil {
		j.err = err
	}
	return j.err
}

func (j *jsonWriter) Close() error {
	if !j.closed && j.err == nil {
		_, j.err = j.w.WriteString("\n]}}\n")
	}
	return j.finish()
}

func writeJSONTerm(w *bufio.Writer, t rdf.Term) {
	switch t.Kind {
	case rdf.KindIRI:
		w.WriteString(`{"type":"uri","value":`)
		writeJSONString(w, t.Value)
	case rdf.KindBlank:
		w.WriteString(`{"type":"bnode","value":`)
		writeJSONString(w, t.Value)
	default:
		w.WriteString(`{"type":"literal","value":`)
		writeJSONString(w, t.Value)
		switch {
		case t.Lang != "":
			w.WriteString(`,"xml:lang":`)
			writeJSONString(w, t.Lang)
		case t.Datatype != rdf.XSDString && t.Datatype != "":
			w.WriteString(`,"datatype":`)
			writeJSONString(w, t.Datatype)
		}
	}
	w.WriteByte('}')
}

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028/U+2029
// escaped so the output is also valid JavaScript.
func writeJSONString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.WriteString(s[start:i])
			switch c {
			case '"':
				w.WriteString(`\"`)
			case '\\':
				w.WriteString(`\\`)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			default:
				w.WriteString(`\u00`)
				w.WriteByte(hexDigits[c>>4])
				w.WriteByte(hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			w.WriteString(s[start:i])
			switch r {
			case '\u2028':
				w.WriteString(`\u2028`)
			case '\u2029':
				w.WriteString(`\u2029`)
			default:
				w.WriteString(`\ufffd`)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	w.WriteString(s[start:])
	w.WriteByte('"')
}

func writeJSONBoolean(out io.Writer, value bool) error {
	v := "false"
	if value {
		v = "true"
	}
	_, err := io.WriteString(out, "{\"head\":{},\"boolean\":"+v+"}\n")
	return err
}

// jsonTerm is one RDF term of a JSON result binding.
type jsonTerm struct {
	Type     string  `json:"type"`
	Value    *string `json:"value"`
	Datatype string  `json:"datatype"`
	Lang     string  `json:"xml:lang"`
}

type jsonDoc struct {
	Head struct {
		Vars []string `json:"vars"`
		Link []string `json:"link"`
	} `json:"head"`
	Results *struct {
		Bindings []map[string]jsonTerm `json:"bindings"`
	} `json:"results"`
	Boolean *bool `json:"boolean"`
}

func readJSON(r io.Reader) (*Result, error) {
	var doc jsonDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("results: JSON: %w", err)
	}
	res := &Result{Links: doc.Head.Link}
	switch {
	case doc.Boolean != nil && doc.Results != nil:
		return nil, fmt.Errorf("results: JSON has both \"boolean\" and \"results\"")
	case doc.Boolean != nil:
		res.Boolean = doc.Boolean
		return res, nil
	case doc.Results == nil:
		return nil, fmt.Errorf("results: JSON has neither \"boolean\" nor \"results\"")
	}
	if err := checkVars(doc.Head.Vars); err != nil {
		return nil, err
	}
	res.Vars = doc.Head.Vars
	if res.Vars == nil {
		res.Vars = []string{}
	}
	index := make(map[string]int, len(res.Vars))
	for i, v := range res.Vars {
		index[v] = i
	}
	res.Rows = make([][]rdf.Term, 0, len(doc.Results.Bindings))
	for n, b := range doc.Results.Bindings {
		row := make([]rdf.Term, len(res.Vars))
		for name, jt := range b {
			i, ok := index[name]
			if !ok {
				return nil, fmt.Errorf("results: JSON solution %d binds %q, which is not in head.vars", n+1, name)
			}
			t, err := jt.term()
			if err != nil {
				return nil, fmt.Errorf("results: JSON solution %d, variable %q: %w", n+1, name, err)
			}
			row[i] = t
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

func (jt jsonTerm) term() (rdf.Term, error) {
	if jt.Value == nil {
		return rdf.Term{}, fmt.Errorf("term has no \"value\"")
	}
	v := *jt.Value
	switch jt.Type {
	case "uri":
		return rdf.IRI(v), nil
	case "bnode":
		if v == "" {
			return rdf.Term{}, fmt.Errorf("blank node with an empty label")
		}
		return rdf.Blank(v), nil
	case "literal", "typed-literal": // "typed-literal" is the SPARQL 1.0 note's form
		if jt.Lang != "" {
			return rdf.LangString(v, jt.Lang), nil
		}
		return rdf.Literal(v, jt.Datatype), nil
	}
	return rdf.Term{}, fmt.Errorf("unknown term type %q", jt.Type)
}
