package results

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// NSResults is the namespace of the XML result format.
const NSResults = "http://www.w3.org/2005/sparql-results#"

const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// xmlWriter writes application/sparql-results+xml
// (https://www.w3.org/TR/rdf-sparql-XMLres/).
type xmlWriter struct {
	sink
}

func (x *xmlWriter) header() error {
	w := x.w
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sparql xmlns=\"" + NSResults + "\">\n<head>\n")
	for _, v := range x.vars {
		w.WriteString(`<variable name="`)
		if err := writeXMLEscaped(w, v, true); err != nil {
			return fmt.Errorf("results: XML variable name: %w", err)
		}
		w.WriteString("\"/>\n")
	}
	_, err := w.WriteString("</head>\n<results>\n")
	return err
}

func (x *xmlWriter) Write(row []rdf.Term) error {
	if err := x.checkRow(row); err != nil {
		return err
	}
	// Check the whole row first so that a term XML cannot carry does not
	// leave half a <result> behind.
	for _, t := range row {
		if err := xmlRepresentable(t); err != nil {
			return err
		}
	}
	w := x.w
	w.WriteString("<result>\n")
	for i, t := range row {
		if t.Kind == rdf.KindNone {
			continue
		}
		w.WriteString(`<binding name="`)
		writeXMLEscaped(w, x.vars[i], true)
		w.WriteString(`">`)
		switch t.Kind {
		case rdf.KindIRI:
			w.WriteString("<uri>")
			writeXMLEscaped(w, t.Value, false)
			w.WriteString("</uri>")
		case rdf.KindBlank:
			w.WriteString("<bnode>")
			writeXMLEscaped(w, t.Value, false)
			w.WriteString("</bnode>")
		default:
			w.WriteString("<literal")
			switch {
			case t.Lang != "":
				w.WriteString(` xml:lang="`)
				writeXMLEscaped(w, t.Lang, true)
				w.WriteByte('"')
			case t.Datatype != rdf.XSDString && t.Datatype != "":
				w.WriteString(` datatype="`)
				writeXMLEscaped(w, t.Datatype, true)
				w.WriteByte('"')
			}
			w.WriteByte('>')
			writeXMLEscaped(w, t.Value, false)
			w.WriteString("</literal>")
		}
		w.WriteString("</binding>\n")
	}
	_, err := w.WriteString("</result>\n")
	if err != nil && x.err == nil {
		x.err = err
	}
	return x.err
}

func (x *xmlWriter) Close() error {
	if !x.closed && x.err == nil {
		_, x.err = x.w.WriteString("</results>\n</sparql>\n")
	}
	return x.finish()
}

func writeXMLBoolean(out io.Writer, value bool) error {
	v := "false"
	if value {
		v = "true"
	}
	_, err := io.WriteString(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sparql xmlns=\""+NSResults+"\">\n<head/>\n<boolean>"+v+"</boolean>\n</sparql>\n")
	return err
}

// errXMLChar reports a character that XML 1.0 cannot carry at all, not
// even as a character reference.
var errXMLChar = errors.New("results: XML 1.0 cannot represent this character")

func xmlCharOK(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func xmlRepresentable(t rdf.Term) error {
	for _, s := range [...]string{t.Value, t.Datatype, t.Lang} {
		for i, r := range s {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					return fmt.Errorf("%w: invalid UTF-8 in %s", errXMLChar, t)
				}
			}
			if !xmlCharOK(r) {
				return fmt.Errorf("%w: U+%04X in %s", errXMLChar, r, t)
			}
		}
	}
	return nil
}

// writeXMLEscaped escapes text or attribute content. Carriage returns are
// written as references (a parser would turn a raw one into a newline), and
// in attributes so are tabs and newlines (attribute value normalization
// would turn them into spaces).
func writeXMLEscaped(w *bufio.Writer, s string, attr bool) error {
	start := 0
	for i, r := range s {
		var esc string
		switch r {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			if attr {
				esc = "&quot;"
			}
		case '\r':
			esc = "&#13;"
		case '\n':
			if attr {
				esc = "&#10;"
			}
		case '\t':
			if attr {
				esc = "&#9;"
			}
		default:
			if !xmlCharOK(r) {
				return fmt.Errorf("%w: U+%04X", errXMLChar, r)
			}
		}
		if esc != "" {
			w.WriteString(s[start:i])
			w.WriteString(esc)
			start = i + utf8.RuneLen(r)
		}
	}
	w.WriteString(s[start:])
	return nil
}

// readXML parses an XML result document with encoding/xml, which neither
// fetches external entities nor expands custom ones.
func readXML(r io.Reader) (*Result, error) {
	d := xml.NewDecoder(r)
	res := &Result{}
	var (
		index   = map[string]int{}
		row     []rdf.Term
		binding = -1
		seenTop bool
		inRes   bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("results: XML: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, isEnd := tok.(xml.EndElement); isEnd {
				switch ee.Name.Local {
				case "result":
					if row != nil {
						res.Rows = append(res.Rows, row)
						row = nil
					}
				case "binding":
					binding = -1
				}
			}
			continue
		}
		switch se.Name.Local {
		case "sparql":
			seenTop = true
		case "head":
		case "variable":
			name := attr(se, "", "name")
			if _, dup := index[name]; dup || name == "" {
				return nil, fmt.Errorf("results: XML: bad or repeated variable %q", name)
			}
			index[name] = len(res.Vars)
			res.Vars = append(res.Vars, name)
		case "link":
			res.Links = append(res.Links, attr(se, "", "href"))
		case "results":
			inRes = true
			if res.Rows == nil {
				res.Rows = [][]rdf.Term{}
			}
		case "result":
			row = make([]rdf.Term, len(res.Vars))
		case "binding":
			name := attr(se, "", "name")
			i, ok := index[name]
			if !ok || row == nil {
				return nil, fmt.Errorf("results: XML: binding of undeclared variable %q", name)
			}
			binding = i
		case "uri", "bnode", "literal":
			text, err := elementText(d, se)
			if err != nil {
				return nil, err
			}
			if binding < 0 {
				return nil, fmt.Errorf("results: XML: <%s> outside a <binding>", se.Name.Local)
			}
			var t rdf.Term
			switch se.Name.Local {
			case "uri":
				t = rdf.IRI(text)
			case "bnode":
				if text == "" {
					return nil, errors.New("results: XML: blank node with an empty label")
				}
				t = rdf.Blank(text)
			default:
				if lang := attr(se, xmlNamespace, "lang"); lang != "" {
					t = rdf.LangString(text, lang)
				} else {
					t = rdf.Literal(text, attr(se, "", "datatype"))
				}
			}
			if row[binding].Kind != rdf.KindNone {
				return nil, fmt.Errorf("results: XML: variable %q bound twice in one result", res.Vars[binding])
			}
			row[binding] = t
		case "boolean":
			text, err := elementText(d, se)
			if err != nil {
				return nil, err
			}
			var b bool
			switch strings.TrimSpace(text) {
			case "true":
				b = true
			case "false":
			default:
				return nil, fmt.Errorf("results: XML: <boolean> holds %q", text)
			}
			res.Boolean = &b
		default:
			return nil, fmt.Errorf("results: XML: unexpected element <%s>", se.Name.Local)
		}
	}
	switch {
	case !seenTop:
		return nil, errors.New("results: XML: no <sparql> element")
	case res.Boolean != nil && inRes:
		return nil, errors.New("results: XML: both <boolean> and <results>")
	case res.Boolean == nil && !inRes:
		return nil, errors.New("results: XML: neither <boolean> nor <results>")
	}
	if res.Vars == nil && res.Boolean == nil {
		res.Vars = []string{}
	}
	return res, nil
}

// attr returns the value of an attribute; space "" matches unqualified names.
func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == space || space == xmlNamespace && a.Name.Space == "xml") {
			return a.Value
		}
	}
	return ""
}

// elementText reads the character data up to se's end tag; nested elements
// are an error.
func elementText(d *xml.Decoder, se xml.StartElement) (string, error) {
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return "", fmt.Errorf("results: XML: in <%s>: %w", se.Name.Local, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			return "", fmt.Errorf("results: XML: element <%s> inside <%s>", t.Name.Local, se.Name.Local)
		}
	}
}
