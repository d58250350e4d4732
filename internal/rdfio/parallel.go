package rdfio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"sync"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// parallelChunk is how many bytes of a line-based document one parser
// goroutine takes at a time.
const parallelChunk = 1 << 20

// IsLineBased reports whether every line of a document in f is a statement
// on its own (N-Triples, N-Quads), so that it can be parsed in parts.
func IsLineBased(f Format) bool { return f == NTriples || f == NQuads }

// ParallelQuads is Quads for the line-based formats, parsed by workers
// goroutines at once: the input is cut at line ends into chunks of about a
// megabyte, which are parsed in parallel and yielded in document order.
// Blank node labels are shared by all chunks (one scope per document, as
// ParseOptions.Blanks describes). A syntax error names the line in the
// whole document. It is for trusted local dumps: opt.MaxBytes is not
// applied. Other formats, and workers ≤ 1, parse as Quads does.
func ParallelQuads(r io.Reader, f Format, opt ParseOptions, workers int) iter.Seq2[rdf.Quad, error] {
	if !IsLineBased(f) || workers <= 1 {
		return Quads(r, f, opt)
	}
	opt.MaxBytes = -1
	if opt.Blanks == nil {
		opt.Blanks = rdf.NewSharedBlankScope()
	}
	return func(yield func(rdf.Quad, error) bool) {
		type job struct {
			data      []byte
			firstLine int
			out       chan []rdf.Quad
			err       error
		}
		jobs := make(chan *job, workers)
		order := make(chan *job, 2*workers)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					qs, err := Parse(bytes.NewReader(j.data), f, opt)
					if err != nil {
						var se *SyntaxError
						if errors.As(err, &se) {
							se.Line += j.firstLine - 1
						} else {
							err = fmt.Errorf("from line %d: %w", j.firstLine, err)
						}
						j.err = err
					}
					j.out <- qs
				}
			}()
		}
		// The reader cuts chunks at line ends and hands them out in order.
		var readErr error
		go func() {
			defer close(order)
			defer close(jobs)
			br := bufio.NewReaderSize(r, 64<<10)
			line := 1
			for {
				buf := make([]byte, parallelChunk, parallelChunk+4096)
				n, err := io.ReadFull(br, buf)
				buf = buf[:n]
				if err == nil {
					rest, rerr := br.ReadBytes('\n')
					buf = append(buf, rest...)
					if rerr != nil && rerr != io.EOF {
						readErr = rerr
						return
					}
				} else if err != io.EOF && err != io.ErrUnexpectedEOF {
					readErr = err
					return
				}
				if len(buf) == 0 {
					return
				}
				j := &job{data: buf, firstLine: line, out: make(chan []rdf.Quad, 1)}
				line += bytes.Count(buf, []byte{'\n'})
				select {
				case order <- j:
				case <-stop:
					return
				}
				select {
				case jobs <- j:
				case <-stop:
					return
				}
				if err != nil { // the last, short chunk
					return
				}
			}
		}()
		defer func() {
			close(stop)
			for j := range order { // let the reader and workers finish
				_ = j
			}
			wg.Wait()
		}()
		for j := range order {
			qs := <-j.out
			if j.err != nil {
				yield(rdf.Quad{}, j.err)
				return
			}
			for _, q := range qs {
				if !yield(q, nil) {
					return
				}
			}
		}
		if readErr != nil {
			yield(rdf.Quad{}, readErr)
		}
	}
}
