package rdfio

import (
	"bufio"
	"fmt"
	"io"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// ntEncoder writes canonical N-Triples or N-Quads (RDF 1.1 N-Triples §4):
// one statement per line, single spaces, no xsd:string datatype, and in
// literals ECHAR for " \ LF CR and \uXXXX (upper-case hex) for the other
// control characters; every other character is written as itself.
type ntEncoder struct {
	w     *bufio.Writer
	ew    *errWriter
	quads bool
	f     Format
	buf   []byte
	err   error
}

func newNTEncoder(w io.Writer, f Format) *ntEncoder {
	ew := &errWriter{w: w}
	return &ntEncoder{w: bufio.NewWriterSize(ew, 64<<10), ew: ew, quads: f == NQuads, f: f}
}

func (e *ntEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if err := checkQuad(q); err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, err)
		return e.err
	}
	b := e.buf[:0]
	b = appendNTTerm(b, q.S)
	b = append(b, ' ')
	b = appendNTTerm(b, q.P)
	b = append(b, ' ')
	b = appendNTTerm(b, q.O)
	if e.quads && !q.G.IsZero() {
		b = append(b, ' ')
		b = appendNTTerm(b, q.G)
	}
	b = append(b, " .\n"...)
	e.buf = b
	if _, err := e.w.Write(b); err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, err)
	}
	return e.err
}

func (e *ntEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if err := e.w.Flush(); err != nil {
		e.err = fmt.Errorf("rdfio: encode %s: %w", e.f, err)
	}
	return e.err
}

// appendNTTerm appends t in canonical N-Triples form. t has passed checkTerm.
func appendNTTerm(b []byte, t rdf.Term) []byte {
	switch t.Kind {
	case rdf.KindIRI:
		b = append(b, '<')
		b = append(b, t.Value...)
		return append(b, '>')
	case rdf.KindBlank:
		b = append(b, "_:"...)
		return append(b, outputBlankLabel(t.Value, validBlankLabel)...)
	}
	b = append(b, '"')
	b = appendNTString(b, t.Value)
	b = append(b, '"')
	switch {
	case t.Lang != "":
		b = append(b, '@')
		b = append(b, t.Lang...)
	case t.Datatype != rdf.XSDString && t.Datatype != "":
		b = append(b, "^^<"...)
		b = append(b, t.Datatype...)
		b = append(b, '>')
	}
	return b
}

const upperHex = "0123456789ABCDEF"

func appendNTString(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, upperHex[c>>4], upperHex[c&0xf])
		}
	}
	return append(b, s[start:]...)
}
