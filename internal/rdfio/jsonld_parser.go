package rdfio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/piprate/json-gold/ld"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// JSON-LD is processed by json-gold (JSON-LD 1.1 toRdf) behind three guards:
// its document loader, which would fetch any URL and read local files, is
// replaced by one that serves only the caller's ContextLoader (by default
// the bundled contexts) within a load budget; the input's size and nesting
// depth are checked before json-gold sees it; and its panics are recovered.

// maxContextLoads bounds the remote contexts one document may load. It also
// stops a context that includes itself (json-gold forgets the contexts it
// has seen when it recurses into a remote context).
const maxContextLoads = 32

type jsonldOptions struct {
	base           string
	loader         ContextLoader
	processingMode string // ld.JsonLd_1_0 or ld.JsonLd_1_1 (the default)
	expandContext  any
}

func parseJSONLD(r io.Reader, opt ParseOptions, blanks *rdf.BlankScope, emit func(rdf.Quad) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	doc, err := decodeJSONLD(data)
	if err != nil {
		return err
	}
	return jsonldToRDF(doc, jsonldOptions{base: opt.Base, loader: opt.ContextLoader}, blanks, emit)
}

// decodeJSONLD decodes a JSON-LD document after checking its nesting depth.
func decodeJSONLD(data []byte) (any, error) {
	if err := checkJSONDepth(data, MaxNesting); err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		se := &SyntaxError{Format: JSONLD, Msg: "invalid JSON: " + err.Error(), Err: err}
		var js *json.SyntaxError
		if errors.As(err, &js) {
			se.Line, se.Column = offsetPosition(data, js.Offset)
		}
		return nil, se
	}
	switch doc.(type) {
	case map[string]any, []any:
		return doc, nil
	}
	return nil, &SyntaxError{Format: JSONLD, Msg: "a JSON-LD document must be a JSON object or array"}
}

// offsetPosition converts a byte offset into line and column.
func offsetPosition(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// checkJSONDepth fails if arrays and objects in data nest deeper than max,
// so that neither encoding/json nor json-gold's recursion runs deep.
func checkJSONDepth(data []byte, max int) error {
	depth, inString := 0, false
	line, lineStart := 1, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return &SyntaxError{Format: JSONLD, Line: line, Column: i - lineStart + 1,
					Msg: fmt.Sprintf("arrays and objects nested more than %d deep", max), Err: ErrTooDeep}
			}
		case c == '}' || c == ']':
			depth--
		case c == '\n':
			line, lineStart = line+1, i+1
		}
	}
	return nil
}

// jsonldToRDF runs the JSON-LD 1.1 toRdf algorithm on a decoded document.
func jsonldToRDF(doc any, o jsonldOptions, blanks *rdf.BlankScope, emit func(rdf.Quad) error) (err error) {
	loader := &guardedLoader{next: o.loader}
	if loader.next == nil {
		loader.next = BundledContexts
	}
	opts := ld.NewJsonLdOptions(o.base)
	opts.DocumentLoader = loader
	if o.processingMode != "" {
		opts.ProcessingMode = o.processingMode
	}
	opts.ExpandContext = o.expandContext
	var res any
	func() {
		defer func() {
			if x := recover(); x != nil {
				err = &SyntaxError{Format: JSONLD, Msg: fmt.Sprintf("JSON-LD processing failed (json-gold panicked: %v)", x)}
			}
		}()
		res, err = ld.NewJsonLdProcessor().ToRDF(doc, opts)
	}()
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return err
		}
		cause := err
		if loader.err != nil {
			cause = loader.err // keep ErrContextNotBundled and the like visible to errors.Is
		}
		return &SyntaxError{Format: JSONLD, Msg: err.Error(), Err: cause}
	}
	ds, ok := res.(*ld.RDFDataset)
	if !ok {
		return fmt.Errorf("JSON-LD: json-gold returned %T, not a dataset", res)
	}
	// Graph order from a map is random: keep output deterministic.
	names := make([]string, 0, len(ds.Graphs))
	for name := range ds.Graphs {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "@default":
			return -1
		case b == "@default":
			return 1
		case a < b:
			return -1
		}
		return 1
	})
	// json-gold relabels every blank node (_:b0, _:b1, ...), so its labels
	// say nothing about the document: each gets a fresh node of the scope.
	labels := map[string]rdf.Term{}
	conv := func(n ld.Node) (rdf.Term, bool) {
		switch n := n.(type) {
		case ld.IRI:
			return rdf.IRI(n.Value), rdf.ValidIRI(n.Value)
		case ld.BlankNode:
			t, ok := labels[n.Attribute]
			if !ok {
				t = blanks.Fresh()
				labels[n.Attribute] = t
			}
			return t, true
		case ld.Literal:
			if n.Language != "" {
				return rdf.LangString(n.Value, n.Language), true
			}
			return rdf.Literal(n.Value, n.Datatype), n.Datatype == "" || rdf.ValidIRI(n.Datatype)
		}
		return rdf.Term{}, false
	}
	for _, name := range names {
		for _, q := range ds.Graphs[name] {
			s, ok1 := conv(q.Subject)
			p, ok2 := conv(q.Predicate)
			obj, ok3 := conv(q.Object)
			var g rdf.Term
			ok4 := true
			if q.Graph != nil {
				g, ok4 = conv(q.Graph)
			}
			// The toRdf algorithm drops statements with IRIs that are not
			// well-formed; so do we, and blank predicates (generalized RDF).
			if !(ok1 && ok2 && ok3 && ok4) || !p.IsIRI() || s.IsLiteral() {
				continue
			}
			// json-gold reports a failed canonicalization of a JSON literal
			// by putting its error message in the literal: fail instead.
			if obj.IsLiteral() && obj.Datatype == rdf.RDFJSON && !json.Valid([]byte(obj.Value)) {
				return &SyntaxError{Format: JSONLD, Msg: fmt.Sprintf("json-gold could not canonicalize a JSON literal (%s)", obj.Value)}
			}
			if err := emit(rdf.Quad{S: s, P: p, O: obj, G: g}); err != nil {
				return err
			}
		}
	}
	return nil
}

// guardedLoader is the only document loader json-gold gets: it serves
// contexts from the caller's ContextLoader, within a budget of loads and
// bytes, and never opens files or connections itself.
type guardedLoader struct {
	next  ContextLoader
	loads int
	err   error // the first failure, for the caller's error chain
}

func (g *guardedLoader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	doc, err := g.load(url)
	if err != nil && g.err == nil {
		g.err = err
	}
	return doc, err
}

func (g *guardedLoader) load(url string) (*ld.RemoteDocument, error) {
	if g.loads++; g.loads > maxContextLoads {
		return nil, fmt.Errorf("more than %d remote contexts loaded for one document", maxContextLoads)
	}
	data, err := g.next.LoadContext(url)
	if err != nil {
		return nil, err
	}
	if len(data) > maxContextBytes {
		return nil, fmt.Errorf("context %s is larger than %d bytes", url, maxContextBytes)
	}
	if err := checkJSONDepth(data, MaxNesting); err != nil {
		return nil, fmt.Errorf("context %s: %w", url, err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("context %s is not valid JSON: %w", url, err)
	}
	return &ld.RemoteDocument{DocumentURL: url, Document: doc}, nil
}
