package rdfio

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// turtleEncoder writes Turtle or TriG as it receives quads: consecutive
// quads with the same subject share it (';'), with the same predicate too
// (','), and in TriG consecutive quads of one named graph share a graph
// block. Sorted input therefore gives compact output; any order is correct.
type turtleEncoder struct {
	w        *bufio.Writer
	ew       *errWriter
	f        Format
	trig     bool
	pm       *prefixMap
	base     string
	prefixes []Prefix
	started  bool
	open     bool     // a statement is open (needs " .")
	inGraph  bool     // a TriG graph block is open
	graph    rdf.Term // the open block's graph
	subj     rdf.Term
	pred     rdf.Term
	err      error
}

func newTurtleEncoder(w io.Writer, f Format, prefixes []Prefix, base string) *turtleEncoder {
	ew := &errWriter{w: w}
	return &turtleEncoder{
		w: bufio.NewWriterSize(ew, 64<<10), ew: ew, f: f, trig: f == TriG,
		pm: newPrefixMap(prefixes), prefixes: prefixes, base: base,
	}
}

func (e *turtleEncoder) header() {
	e.started = true
	if e.base != "" {
		fmt.Fprintf(e.w, "@base <%s> .\n", e.base)
	}
	for _, p := range e.prefixes {
		fmt.Fprintf(e.w, "@prefix %s: <%s> .\n", p.Name, p.Namespace)
	}
	if e.base != "" || len(e.prefixes) > 0 {
		e.w.WriteByte('\n')
	}
}

func (e *turtleEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if err := checkQuad(q); err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, err)
		return e.err
	}
	if !e.started {
		e.header()
	}
	g := q.G
	if !e.trig {
		g = rdf.Term{}
	}
	indent := ""
	if e.trig && !g.IsZero() {
		indent = "    "
	}
	if g != e.graph || (!g.IsZero() && !e.inGraph) {
		e.endStatement()
		if e.inGraph {
			e.w.WriteString("}\n\n")
			e.inGraph = false
		}
		e.graph = g
		if !g.IsZero() {
			e.w.WriteString(e.term(g, false))
			e.w.WriteString(" {\n")
			e.inGraph = true
		}
	}
	switch {
	case e.open && q.S == e.subj && q.P == e.pred:
		e.w.WriteString(", ")
	case e.open && q.S == e.subj:
		e.w.WriteString(" ;\n")
		e.w.WriteString(indent)
		e.w.WriteString("    ")
		e.w.WriteString(e.term(q.P, true))
		e.w.WriteByte(' ')
	default:
		if e.open {
			e.w.WriteString(" .\n")
			if !e.inGraph {
				e.w.WriteByte('\n')
			}
		}
		e.w.WriteString(indent)
		e.w.WriteString(e.term(q.S, false))
		e.w.WriteByte(' ')
		e.w.WriteString(e.term(q.P, true))
		e.w.WriteByte(' ')
		e.open = true
	}
	e.subj, e.pred = q.S, q.P
	e.w.WriteString(e.term(q.O, false))
	if e.ew.err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, e.ew.err)
	}
	return e.err
}

func (e *turtleEncoder) endStatement() {
	if e.open {
		e.w.WriteString(" .\n")
		e.open = false
	}
}

func (e *turtleEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if !e.started {
		e.header()
	}
	e.endStatement()
	if e.inGraph {
		e.w.WriteString("}\n")
		e.inGraph = false
	}
	if err := e.w.Flush(); err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, err)
	}
	return e.err
}

// term renders t in Turtle. t has passed checkTerm.
func (e *turtleEncoder) term(t rdf.Term, predicate bool) string {
	switch t.Kind {
	case rdf.KindIRI:
		if predicate && t == rdf.Type {
			return "a"
		}
		return e.iri(t.Value)
	case rdf.KindBlank:
		return "_:" + outputBlankLabel(t.Value, validBlankLabel)
	}
	return e.literal(t)
}

func (e *turtleEncoder) iri(iri string) string {
	if p, local, ok := e.pm.shorten(iri); ok {
		return p + ":" + local
	}
	if rel, ok := rdf.RelativizeIRI(e.base, iri); ok {
		return "<" + rel + ">"
	}
	return "<" + iri + ">"
}

var (
	turtleInteger = regexp.MustCompile(`^[+-]?[0-9]+$`)
	turtleDecimal = regexp.MustCompile(`^[+-]?[0-9]*\.[0-9]+$`)
	turtleDouble  = regexp.MustCompile(`^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$`)
)

func (e *turtleEncoder) literal(t rdf.Term) string {
	switch t.Datatype {
	case rdf.XSDInteger:
		if turtleInteger.MatchString(t.Value) {
			return t.Value
		}
	case rdf.XSDDecimal:
		if turtleDecimal.MatchString(t.Value) {
			return t.Value
		}
	case rdf.XSDDouble:
		if turtleDouble.MatchString(t.Value) {
			return t.Value
		}
	case rdf.XSDBoolean:
		if t.Value == "true" || t.Value == "false" {
			return t.Value
		}
	}
	s := quoteTurtleString(t.Value)
	switch {
	case t.Lang != "":
		return s + "@" + t.Lang
	case t.Datatype != rdf.XSDString && t.Datatype != "":
		return s + "^^" + e.iri(t.Datatype)
	}
	return s
}

// quoteTurtleString quotes s, as a """long string""" when it has line
// breaks (so that multi-line text stays readable), else as "...".
func quoteTurtleString(s string) string {
	var b strings.Builder
	if strings.Contains(s, "\n") {
		b.WriteString(`"""`)
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"':
				// A quote may not end the content or start a run of three.
				if i+1 == len(s) || s[i+1] == '"' {
					b.WriteString(`\"`)
				} else {
					b.WriteByte('"')
				}
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\n' || c == '\t':
				b.WriteByte(c)
			default:
				writeTurtleChar(&b, c)
			}
		}
		b.WriteString(`"""`)
		return b.String()
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			writeTurtleChar(&b, c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func writeTurtleChar(b *strings.Builder, c byte) {
	switch c {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	case '\b':
		b.WriteString(`\b`)
	case '\f':
		b.WriteString(`\f`)
	default:
		if c < 0x20 || c == 0x7f {
			b.WriteString(`\u00`)
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0xf])
			return
		}
		b.WriteByte(c)
	}
}
