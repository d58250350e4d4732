package rdfio

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// DefaultMaxBytes is the input limit when ParseOptions.MaxBytes is zero.
const DefaultMaxBytes = 64 << 20

// ParseOptions configures Parse and its variants.
type ParseOptions struct {
	// Base is the absolute IRI that relative IRIs are resolved against,
	// normally the URL the document was fetched from. Without it, a
	// document that uses relative IRIs is an error.
	Base string
	// MaxBytes limits how much input is read: 0 means DefaultMaxBytes, a
	// negative value means no limit (for trusted local dumps). Input over
	// the limit is an error wrapping ErrTooLarge, never a silent truncation.
	MaxBytes int64
	// Blanks gives blank nodes document-scoped labels. Nil means a fresh
	// scope for this call, so that blank nodes of different documents never
	// collide; pass one scope to several calls only when their blank node
	// labels are meant to be shared.
	Blanks *rdf.BlankScope
	// ContextLoader serves the remote contexts a JSON-LD document refers to.
	// Nil means the bundled contexts only (see RegisterContext); anything
	// else is refused, so parsing never reaches the network or the disk.
	ContextLoader ContextLoader
}

// Parse reads a whole document in format f and returns its quads (triples
// in the default graph have a zero G).
func Parse(r io.Reader, f Format, opt ParseOptions) ([]rdf.Quad, error) {
	var qs []rdf.Quad
	err := ParseFunc(r, f, opt, func(q rdf.Quad) error {
		qs = append(qs, q)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return qs, nil
}

// ParseTriples reads a document that holds a single graph. A quad syntax
// whose document has named graphs is an error rather than a silent merge:
// use Parse for datasets.
func ParseTriples(r io.Reader, f Format, opt ParseOptions) ([]rdf.Triple, error) {
	var ts []rdf.Triple
	err := ParseFunc(r, f, opt, func(q rdf.Quad) error {
		if !q.G.IsZero() {
			return fmt.Errorf("%s document has named graphs (%s); use Parse to read datasets", f, q.G)
		}
		ts = append(ts, q.Triple())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ts, nil
}

// Quads returns the quads of a document as an iterator that streams the
// text syntaxes (N-Triples, N-Quads, Turtle, TriG, RDF/XML) in constant
// memory. It yields a zero quad and an error if parsing fails; quads yielded
// before then are those that preceded the error.
func Quads(r io.Reader, f Format, opt ParseOptions) iter.Seq2[rdf.Quad, error] {
	return func(yield func(rdf.Quad, error) bool) {
		stopped := false
		err := ParseFunc(r, f, opt, func(q rdf.Quad) error {
			if !yield(q, nil) {
				stopped = true
				return errStopIteration
			}
			return nil
		})
		if err != nil && !stopped {
			yield(rdf.Quad{}, err)
		}
	}
}

var errStopIteration = errors.New("iteration stopped")

// ParseFunc reads a document in format f and calls fn for each quad as soon
// as it is parsed. If fn returns an error, parsing stops and ParseFunc
// returns that error unchanged. On a syntax error the quads already passed
// to fn are the ones before the error. Text syntaxes are streamed; JSON-LD
// is read whole (within MaxBytes) because its processing needs the whole
// document.
func ParseFunc(r io.Reader, f Format, opt ParseOptions, fn func(rdf.Quad) error) error {
	if f.IsZero() {
		return errors.New("rdfio: parse: no format given")
	}
	if opt.Base != "" && !rdf.IsAbsoluteIRI(opt.Base) {
		return fmt.Errorf("rdfio: parse %s: base %q is not an absolute IRI", f, opt.Base)
	}
	blanks := opt.Blanks
	if blanks == nil {
		blanks = rdf.NewBlankScope()
	}
	in := limitInput(r, opt.MaxBytes)
	cb := &callback{fn: fn}
	var err error
	switch f {
	case NTriples:
		err = parseTurtleFamily(in, f, synNTriples, opt.Base, blanks, cb.call)
	case NQuads:
		err = parseTurtleFamily(in, f, synNQuads, opt.Base, blanks, cb.call)
	case Turtle:
		err = parseTurtleFamily(in, f, synTurtle, opt.Base, blanks, cb.call)
	case TriG:
		err = parseTurtleFamily(in, f, synTriG, opt.Base, blanks, cb.call)
	case RDFXML:
		err = parseRDFXML(in, opt.Base, blanks, cb.call)
	case JSONLD:
		err = parseJSONLD(in, opt, blanks, cb.call)
	default:
		return fmt.Errorf("rdfio: parse: unknown format %v", f)
	}
	if cb.panicked != nil {
		panic(cb.panicked) // the caller's own panic, not ours to hide
	}
	var re *readError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrTooLarge):
		return fmt.Errorf("rdfio: parse %s: %w", f, err)
	case errors.As(err, &re):
		return fmt.Errorf("rdfio: parse %s: reading input: %w", f, re.err)
	}
	return err
}

// limitInput wraps r so that its errors are marked as read errors and it
// fails with ErrTooLarge past maxBytes (0: DefaultMaxBytes, negative: no limit).
func limitInput(r io.Reader, maxBytes int64) io.Reader {
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	in := io.Reader(&readerWithErrors{r: r})
	if maxBytes > 0 {
		in = &limitedReader{r: in, max: maxBytes}
	}
	return in
}

// callback runs the caller's function and remembers a panic in it, so that
// the parsers' recovery from their own faults never swallows the caller's.
type callback struct {
	fn       func(rdf.Quad) error
	panicked any
}

func (c *callback) call(q rdf.Quad) (err error) {
	done := false
	defer func() {
		if !done {
			c.panicked = recover()
			err = errCallerPanicked
		}
	}()
	err = c.fn(q)
	done = true
	return err
}

var errCallerPanicked = errors.New("callback panicked")

// readError marks an error that came from the input reader.
type readError struct{ err error }

func (e *readError) Error() string { return "read: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

type readerWithErrors struct{ r io.Reader }

func (r *readerWithErrors) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}

// limitedReader fails with ErrTooLarge once more than max bytes are read,
// so that an oversized document is an error, not a truncated success.
type limitedReader struct {
	r    io.Reader
	max  int64
	read int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.read > l.max {
		return 0, l.tooLarge()
	}
	if room := l.max + 1 - l.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if l.read > l.max {
		return n - int(l.read-l.max), l.tooLarge()
	}
	return n, err
}

func (l *limitedReader) tooLarge() error {
	return fmt.Errorf("%w: more than %d bytes (raise ParseOptions.MaxBytes for larger documents)", ErrTooLarge, l.max)
}
