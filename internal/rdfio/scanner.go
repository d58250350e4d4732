package rdfio

import (
	"io"
	"unicode/utf8"
)

const scanBufSize = 64 << 10

// scanner reads a byte stream through a buffer that it refills on demand, so
// that the text parsers stream input of any size in constant memory. Bytes
// before pos are consumed and may be discarded by the next refill, so callers
// copy what they keep before asking for more input.
//
// It tracks the line and the offset of the line start: error positions are
// line:column with the column counted in bytes from 1, as Go tools do.
type scanner struct {
	r       io.Reader
	buf     []byte
	pos     int   // next unread byte in buf
	off     int64 // absolute offset of buf[0]
	line    int   // current line, from 1
	lineOff int64 // absolute offset of the current line's first byte
	eof     bool  // r is exhausted (or failed)
	err     error // the read error, if r failed with something other than io.EOF
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, scanBufSize), line: 1}
}

// fill makes at least n unread bytes available and reports whether it could.
func (s *scanner) fill(n int) bool {
	stalls := 0
	for len(s.buf)-s.pos < n {
		if s.eof {
			return false
		}
		if s.pos > 0 {
			k := copy(s.buf, s.buf[s.pos:])
			s.off += int64(s.pos)
			s.buf = s.buf[:k]
			s.pos = 0
		}
		if cap(s.buf)-len(s.buf) < n {
			nb := make([]byte, len(s.buf), 2*cap(s.buf)+n)
			copy(nb, s.buf)
			s.buf = nb
		}
		m, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+m]
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.eof, s.err = true, err
		case m == 0:
			if stalls++; stalls > 100 {
				s.eof, s.err = true, io.ErrNoProgress
			}
		}
	}
	return true
}

// peek returns the next byte, or -1 at the end of the input.
func (s *scanner) peek() int {
	if s.pos < len(s.buf) {
		return int(s.buf[s.pos])
	}
	if !s.fill(1) {
		return -1
	}
	return int(s.buf[s.pos])
}

// peekAt returns the byte i positions ahead (peekAt(0) == peek()), or -1.
func (s *scanner) peekAt(i int) int {
	if s.pos+i < len(s.buf) {
		return int(s.buf[s.pos+i])
	}
	if !s.fill(i + 1) {
		return -1
	}
	return int(s.buf[s.pos+i])
}

// badRune is what peekRuneAt returns for a byte that does not start a valid
// UTF-8 sequence: no character class contains it.
const badRune = -2

// peekRuneAt decodes the character that starts i bytes ahead. At the end of
// the input it returns (-1, 0); for invalid UTF-8 it returns (badRune, 1).
func (s *scanner) peekRuneAt(i int) (rune, int) {
	if s.pos+i+utf8.UTFMax > len(s.buf) {
		s.fill(i + utf8.UTFMax)
	}
	if s.pos+i >= len(s.buf) {
		return -1, 0
	}
	b := s.buf[s.pos+i:]
	if b[0] < utf8.RuneSelf {
		return rune(b[0]), 1
	}
	r, w := utf8.DecodeRune(b)
	if r == utf8.RuneError && w == 1 {
		return badRune, 1
	}
	return r, w
}

// skip consumes n bytes that contain no line feed.
func (s *scanner) skip(n int) { s.pos += n }

// newline records that the byte just consumed was a line feed.
func (s *scanner) newline() {
	s.line++
	s.lineOff = s.off + int64(s.pos)
}

// position returns the line and column of the next unread byte.
func (s *scanner) position() position {
	return position{Line: s.line, Column: int(s.off+int64(s.pos)-s.lineOff) + 1}
}

// position is a place in a text document.
type position struct {
	Line, Column int
}
