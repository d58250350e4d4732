package rdfio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// JSON-LD is processed by json-gold (JSON-LD 1.1 toRdf) behind three guards:
// its document loader, which would fetch any URL and read local files, is
// replaced by one that serves only the caller's ContextLoader (by default
// the bundled contexts) within a load budget; the input's size and nesting
// depth are checked before json-gold sees it; and its panics are recovered.

// maxContextLoads bounds the distinct remote contexts one document may load.
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
			// Offset counts the offending byte too.
			se.Line, se.Column = offsetPosition(data, max(js.Offset-1, 0))
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
			if n.Datatype == rdf.RDFLangString || n.Language != "" {
				// Like json-gold for other ill-formed tags (and the toRdf
				// algorithm), drop a statement whose language tag is not
				// well-formed; json-gold lets the empty tag through.
				return rdf.LangString(n.Value, n.Language), validLangTag(n.Language)
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

// guardedLoader is the only document loader json-gold gets. It serves
// contexts from the caller's ContextLoader, each URL fetched once per
// document, within a budget of distinct URLs and bytes; it never opens
// files or connections itself.
//
// It also prepares each context before json-gold sees it, fixing two
// json-gold faults at the boundary: context references inside a remote
// context are resolved against that context's URL (json-gold uses the
// document base), and the contexts a remote context includes at its top
// level are inlined, with cycles reported as errors (json-gold forgets the
// contexts it has seen when it recurses, so a context including itself
// would recurse until the stack overflows).
type guardedLoader struct {
	next    ContextLoader
	fetched map[string]any // prepared context documents by URL
	err     error          // the first failure, for the caller's error chain
}

func (g *guardedLoader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	doc, err := g.context(url, nil)
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return nil, err
	}
	// json-gold may modify what it is given: hand out a copy.
	return &ld.RemoteDocument{DocumentURL: url, Document: ld.CloneDocument(doc)}, nil
}

// context returns the prepared context document for url; including lists
// the URLs whose top-level includes led here.
func (g *guardedLoader) context(url string, including []string) (any, error) {
	if slices.Contains(including, url) {
		return nil, fmt.Errorf("context %s includes itself (via %s)", url, strings.Join(including, " → "))
	}
	if doc, ok := g.fetched[url]; ok {
		return doc, nil
	}
	if g.fetched == nil {
		g.fetched = map[string]any{}
	}
	if len(g.fetched) >= maxContextLoads {
		return nil, fmt.Errorf("more than %d remote contexts for one document", maxContextLoads)
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
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("context %s is not a JSON object", url)
	}
	absolutizeContextRefs(m, url)
	if ctx, ok := m["@context"]; ok {
		inlined, err := g.inline(ctx, append(including, url))
		if err != nil {
			return nil, err
		}
		m["@context"] = inlined
	}
	g.fetched[url] = m
	return m, nil
}

// inline replaces the URL references of a context value (a string, or
// strings in an array) by the contexts they name.
func (g *guardedLoader) inline(ctx any, including []string) (any, error) {
	items, isArray := ctx.([]any)
	if !isArray {
		items = []any{ctx}
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		ref, ok := it.(string)
		if !ok {
			out = append(out, it)
			continue
		}
		doc, err := g.context(ref, including)
		if err != nil {
			return nil, err
		}
		inner := ld.CloneDocument(doc.(map[string]any)["@context"])
		if arr, ok := inner.([]any); ok {
			for _, x := range arr {
				out = append(out, withoutBase(x))
			}
		} else {
			out = append(out, withoutBase(inner))
		}
	}
	if !isArray && len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

// withoutBase drops @base from an included context: JSON-LD ignores @base
// in remote contexts, and inlining must not make it count.
func withoutBase(ctx any) any {
	if m, ok := ctx.(map[string]any); ok {
		delete(m, "@base")
	}
	return ctx
}

// absolutizeContextRefs resolves, everywhere in a context document loaded
// from url, the URLs given as "@context" or "@import" values.
func absolutizeContextRefs(v any, url string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			switch {
			case k == "@import":
				if s, ok := x.(string); ok && !rdf.IsAbsoluteIRI(s) {
					v[k] = rdf.ResolveIRI(url, s)
				}
			case k == "@context":
				switch c := x.(type) {
				case string:
					if !rdf.IsAbsoluteIRI(c) {
						v[k] = rdf.ResolveIRI(url, c)
					}
				case []any:
					for i, e := range c {
						if s, ok := e.(string); ok && !rdf.IsAbsoluteIRI(s) {
							c[i] = rdf.ResolveIRI(url, s)
						}
					}
				}
				absolutizeContextRefs(x, url)
			default:
				absolutizeContextRefs(x, url)
			}
		}
	case []any:
		for _, x := range v {
			absolutizeContextRefs(x, url)
		}
	}
}
