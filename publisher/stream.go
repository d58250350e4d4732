package publisher

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
)

// streamQuads writes the quads of graphs (nil: the whole store, default
// graph included) in format f, reading them from the snapshot as it goes:
// N-Triples, N-Quads, Turtle, TriG and JSON-LD never hold more than one
// subject in memory. Triple syntaxes write the union of the graphs, each
// triple once where the store yields duplicates next to each other (it
// does for the same triple in several graphs). RDF/XML needs all the data
// for its namespace declarations and is buffered by its encoder.
func (s *Server) streamQuads(ctx context.Context, snap store.Reader, w io.Writer, f rdfio.Format, graphs []rdf.Term) error {
	if f == rdfio.JSONLD {
		return s.streamJSONLD(ctx, snap, w, graphs)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc, err := rdfio.NewEncoder(bw, f, rdfio.EncodeOptions{Prefixes: s.prefixes()})
	if err != nil {
		return err
	}
	if f.HasQuads() {
		err = eachGraph(ctx, snap, graphs, func(g rdf.Term) error {
			for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
				if err != nil {
					return err
				}
				if err := enc.Encode(q); err != nil {
					return err
				}
			}
			return nil
		})
	} else {
		var last rdf.Triple
		first := true
		emit := func(p store.Pattern) error {
			for q, err := range snap.Match(ctx, p) {
				if err != nil {
					return err
				}
				t := q.Triple()
				if !first && t == last {
					continue
				}
				first, last = false, t
				if err := enc.Encode(rdf.Quad{S: t.S, P: t.P, O: t.O}); err != nil {
					return err
				}
			}
			return nil
		}
		if graphs == nil {
			err = emit(store.Pattern{AnyGraph: true})
		} else {
			for _, g := range graphs {
				if err = emit(store.Pattern{G: g}); err != nil {
					break
				}
			}
		}
	}
	if err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// eachGraph calls fn for the default graph and every named graph when
// graphs is nil, else for each of graphs.
func eachGraph(ctx context.Context, snap store.Reader, graphs []rdf.Term, fn func(g rdf.Term) error) error {
	if graphs == nil {
		named, err := snap.Graphs(ctx)
		if err != nil {
			return err
		}
		graphs = append([]rdf.Term{{}}, named...)
	}
	for _, g := range graphs {
		if err := fn(g); err != nil {
			return err
		}
	}
	return nil
}

// streamJSONLD writes quads as expanded JSON-LD, one node object per
// subject and one graph object per named graph, without holding more than
// one subject in memory:
//
//	[ {"@id": "s", "@type": [...], "p": [{"@value": ...}]},
//	  {"@id": "g", "@graph": [ ...nodes of g... ]} ]
func (s *Server) streamJSONLD(ctx context.Context, snap store.Reader, w io.Writer, graphs []rdf.Term) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	js := &jsonldWriter{w: bw}
	bw.WriteString("[")
	topFirst := true // nothing written yet at the top level
	err := eachGraph(ctx, snap, graphs, func(g rdf.Term) error {
		if g.IsZero() {
			js.first = topFirst // default graph nodes are top-level nodes
		} else {
			if info, ok := snap.GraphInfo(g); ok && info.Quads == 0 {
				return nil
			}
			if !topFirst {
				bw.WriteString(",")
			}
			topFirst = false
			bw.WriteString("\n  {\"@id\": ")
			writeJSONString(bw, jsonldID(g))
			bw.WriteString(", \"@graph\": [")
			js.first = true
		}
		for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
			if err != nil {
				return err
			}
			if len(js.node) > 0 && js.node[0].S != q.S {
				js.flush()
			}
			js.node = append(js.node, q)
		}
		js.flush()
		if g.IsZero() {
			topFirst = js.first
		} else {
			bw.WriteString("\n  ]}")
		}
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// jsonldWriter writes node objects for streamJSONLD.
type jsonldWriter struct {
	w     *bufio.Writer
	node  []rdf.Quad // quads of the current subject
	first bool       // no node written yet in the current array
}

// flush writes the current subject's node object.
func (j *jsonldWriter) flush() {
	if len(j.node) == 0 {
		return
	}
	if !j.first {
		j.w.WriteString(",")
	}
	j.first = false
	j.w.WriteString("\n    {\"@id\": ")
	writeJSONString(j.w, jsonldID(j.node[0].S))
	var types []rdf.Term
	var order []rdf.Term
	values := map[rdf.Term][]rdf.Term{}
	for _, q := range j.node {
		if q.P == rdf.Type && q.O.IsIRI() {
			types = append(types, q.O)
			continue
		}
		if _, ok := values[q.P]; !ok {
			order = append(order, q.P)
		}
		values[q.P] = append(values[q.P], q.O)
	}
	if len(types) > 0 {
		j.w.WriteString(", \"@type\": [")
		for i, t := range types {
			if i > 0 {
				j.w.WriteString(", ")
			}
			writeJSONString(j.w, t.Value)
		}
		j.w.WriteString("]")
	}
	for _, p := range order {
		j.w.WriteString(", ")
		writeJSONString(j.w, p.Value)
		j.w.WriteString(": [")
		for i, o := range values[p] {
			if i > 0 {
				j.w.WriteString(", ")
			}
			writeJSONLDValue(j.w, o)
		}
		j.w.WriteString("]")
	}
	j.w.WriteString("}")
	j.node = j.node[:0]
}

// jsonldID writes a node identifier: the IRI, or "_:" and the label.
func jsonldID(t rdf.Term) string {
	if t.IsBlank() {
		return "_:" + t.Value
	}
	return t.Value
}

// writeJSONLDValue writes an expanded JSON-LD value object or node
// reference.
func writeJSONLDValue(w *bufio.Writer, o rdf.Term) {
	switch o.Kind {
	case rdf.KindIRI, rdf.KindBlank:
		w.WriteString(`{"@id": `)
		writeJSONString(w, jsonldID(o))
		w.WriteString("}")
		return
	}
	w.WriteString(`{"@value": `)
	writeJSONString(w, o.Value)
	switch {
	case o.Lang != "":
		w.WriteString(`, "@language": `)
		writeJSONString(w, o.Lang)
	case o.Datatype != "" && o.Datatype != rdf.XSDString:
		w.WriteString(`, "@type": `)
		writeJSONString(w, o.Datatype)
	}
	w.WriteString("}")
}

// writeJSONString writes s as a JSON string.
func writeJSONString(w *bufio.Writer, s string) {
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("json.Marshal of a string: %v", err)) // cannot happen: strings always marshal
	}
	w.Write(b)
}
