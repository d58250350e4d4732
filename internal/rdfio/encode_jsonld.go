package rdfio

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/piprate/json-gold/ld"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// jsonldEncoder collects quads and on Close converts them with json-gold's
// fromRdf algorithm (named graphs become @graph objects), then compacts
// them with the caller's context if there is one. Literals keep their
// lexical forms (no conversion to JSON numbers or booleans), so the output
// reads back to the same RDF.
type jsonldEncoder struct {
	w      io.Writer
	ds     *ld.RDFDataset
	ctx    any // decoded EncodeOptions.JSONLDContext, nil for expanded output
	loader ContextLoader
	err    error
}

func newJSONLDEncoder(w io.Writer, opt EncodeOptions) (*jsonldEncoder, error) {
	e := &jsonldEncoder{w: w, ds: ld.NewRDFDataset(), loader: opt.ContextLoader}
	if opt.JSONLDContext != nil {
		if err := checkJSONDepth(opt.JSONLDContext, MaxNesting); err != nil {
			return nil, fmt.Errorf("rdfio: encode JSON-LD: context: %w", err)
		}
		if err := json.Unmarshal(opt.JSONLDContext, &e.ctx); err != nil {
			return nil, fmt.Errorf("rdfio: encode JSON-LD: context is not valid JSON: %w", err)
		}
		switch e.ctx.(type) {
		case map[string]any, string, []any:
		default:
			return nil, fmt.Errorf("rdfio: encode JSON-LD: context must be an object, an array or a URL string")
		}
	}
	return e, nil
}

func (e *jsonldEncoder) Encode(q rdf.Quad) error {
	if e.err != nil {
		return e.err
	}
	if err := checkQuad(q); err != nil {
		e.err = fmt.Errorf("rdfio: encode JSON-LD: %w", err)
		return e.err
	}
	name := "@default"
	if !q.G.IsZero() {
		name = ldNode(q.G).GetValue()
	}
	e.ds.Graphs[name] = append(e.ds.Graphs[name], &ld.Quad{
		Subject: ldNode(q.S), Predicate: ldNode(q.P), Object: ldNode(q.O), Graph: graphNode(q.G),
	})
	return nil
}

func graphNode(g rdf.Term) ld.Node {
	if g.IsZero() {
		return nil
	}
	return ldNode(g)
}

func ldNode(t rdf.Term) ld.Node {
	switch t.Kind {
	case rdf.KindIRI:
		return ld.NewIRI(t.Value)
	case rdf.KindBlank:
		return ld.NewBlankNode("_:" + t.Value)
	}
	dt := t.Datatype
	if t.Lang != "" {
		dt = rdf.RDFLangString
	}
	return ld.NewLiteral(t.Value, dt, t.Lang)
}

func (e *jsonldEncoder) Close() (err error) {
	if e.err != nil {
		return e.err
	}
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("rdfio: encode JSON-LD: json-gold panicked: %v", x)
		}
		e.err = err
	}()
	loader := &guardedLoader{next: e.loader}
	if loader.next == nil {
		loader.next = BundledContexts
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader
	opts.UseNativeTypes = false
	opts.UseRdfType = false
	expanded, err := ld.NewJsonLdApi().FromRDF(e.ds, opts)
	if err != nil {
		return fmt.Errorf("rdfio: encode JSON-LD: %w", err)
	}
	var out any = expanded
	if e.ctx != nil {
		compacted, err := ld.NewJsonLdProcessor().Compact(expanded, e.ctx, opts)
		if err != nil {
			return fmt.Errorf("rdfio: encode JSON-LD: compacting with the given context: %w", err)
		}
		out = compacted
	}
	enc := json.NewEncoder(e.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("rdfio: encode JSON-LD: %w", err)
	}
	e.ds = ld.NewRDFDataset()
	return nil
}
