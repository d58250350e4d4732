package publisher

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// prefixes are the prefixes of Turtle, TriG and RDF/XML output.
func (s *Server) prefixes() []rdfio.Prefix {
	return append(rdfio.CommonPrefixes(),
		rdfio.Prefix{Name: "sm", Namespace: s.iris.Namespace()},
		rdfio.Prefix{Name: "wgs84", Namespace: rdf.NSWGS84},
		rdfio.Prefix{Name: "adms", Namespace: rdf.NSADMS},
		rdfio.Prefix{Name: "hydra", Namespace: rdf.NSHydra},
		rdfio.Prefix{Name: "nuts", Namespace: "http://data.europa.eu/nuts/code/"},
		rdfio.Prefix{Name: "country", Namespace: "http://publications.europa.eu/resource/authority/country/"},
	)
}

// encodeRDF writes quads in format f: JSON-LD compacted with the context
// and its nodes nested under root, the other syntaxes sorted for readable
// output. Triple syntaxes get each triple once, whatever graphs hold it.
func (s *Server) encodeRDF(f rdfio.Format, quads []rdf.Quad, root rdf.Term) ([]byte, error) {
	qs := slices.Clone(quads)
	if !f.HasQuads() || f == rdfio.JSONLD {
		for i := range qs {
			qs[i].G = rdf.Term{}
		}
	}
	slices.SortFunc(qs, rdf.CompareQuads)
	qs = slices.Compact(qs)
	if f == rdfio.JSONLD {
		s.context.asDoubles(qs)
		return s.compactJSONLD(qs, root)
	}
	var buf bytes.Buffer
	if err := rdfio.Write(&buf, f, qs, rdfio.EncodeOptions{Prefixes: s.prefixes()}); err != nil {
		return nil, fmt.Errorf("write %s: %w", f, err)
	}
	return buf.Bytes(), nil
}

// writeRDF answers with quads in the negotiated RDF syntax.
func (s *Server) writeRDF(c *gin.Context, status int, n negotiated, quads []rdf.Quad, root rdf.Term) {
	body, err := s.encodeRDF(n.Format, quads, root)
	if err != nil {
		s.serverError(c, err)
		return
	}
	send(c, status, n.ContentType(), body)
}

// compactJSONLD writes triples as JSON-LD compacted with the context at
// /context.jsonld, then nests every node under the one that refers to it,
// starting at root, so that clients read one JSON object:
// {"id": practice, "places": [{"name": "Berlin", "lat": "52.52", ...}],
// "skills": [{"id": ..., "prefLabel": {"en": ...}}]}. Nesting a node where
// it is referenced is the same RDF in JSON-LD; nodes nothing refers to stay
// in "@graph" beside the root. Values of xsd:integer terms become JSON
// numbers, which JSON-LD reads back as the same xsd:integer; coordinates
// and quality scores become JSON numbers too (see asDoubles).
func (s *Server) compactJSONLD(quads []rdf.Quad, root rdf.Term) ([]byte, error) {
	var buf bytes.Buffer
	ctxRef, _ := json.Marshal(s.context.URL)
	if err := rdfio.Write(&buf, rdfio.JSONLD, quads, rdfio.EncodeOptions{JSONLDContext: ctxRef}); err != nil {
		return nil, fmt.Errorf("write JSON-LD: %w", err)
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("write JSON-LD: re-reading the compacted document: %w", err)
	}
	out := s.context.nest(doc, root)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("write JSON-LD: %w", err)
	}
	return b.Bytes(), nil
}

// maxNestDepth bounds how deep nodes are nested into each other.
const maxNestDepth = 4

// canonicalInteger is the canonical lexical form of xsd:integer, which a
// JSON number reads back as.
var canonicalInteger = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,14})$`)

// jsonNumber is the grammar of a JSON number (RFC 8259 §6).
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// nest rewrites a compacted document so that nodes are nested where they
// are referenced, starting at root (see compactJSONLD).
func (jc jsonldContext) nest(doc map[string]any, root rdf.Term) map[string]any {
	ctx := doc["@context"]
	var nodes []map[string]any
	if g, ok := doc["@graph"].([]any); ok {
		for _, n := range g {
			if m, ok := n.(map[string]any); ok {
				nodes = append(nodes, m)
			}
		}
	} else {
		single := map[string]any{}
		for k, v := range doc {
			if k != "@context" {
				single[k] = v
			}
		}
		nodes = append(nodes, single)
	}
	byID := map[string]map[string]any{}
	for _, n := range nodes {
		jc.numbers(n)
		if id, ok := n["id"].(string); ok {
			byID[id] = n
		}
	}
	rootNode, ok := byID[root.Value]
	if !ok {
		return doc // nothing to nest under: leave the compaction as it is
	}
	used := map[string]bool{root.Value: true}
	// Nodes the root refers to itself (a collection's members) are nested
	// under the root only, not again wherever another node refers to them.
	direct := map[string]bool{}
	for k, v := range rootNode {
		if k == "id" || k == "type" {
			continue
		}
		mapValues(v, func(x any) any {
			switch x := x.(type) {
			case string:
				if jc.idTerms[k] {
					direct[x] = true
				}
			case map[string]any:
				if id, ok := x["id"].(string); ok && len(x) == 1 {
					direct[id] = true
				}
			}
			return x
		})
	}
	var nestNode func(n map[string]any, path map[string]bool, depth int) map[string]any
	nestNode = func(n map[string]any, path map[string]bool, depth int) map[string]any {
		out := make(map[string]any, len(n))
		for k, v := range n {
			if k == "id" || k == "type" || depth >= maxNestDepth {
				out[k] = v
				continue
			}
			out[k] = mapValues(v, func(x any) any {
				var ref string
				switch x := x.(type) {
				case string:
					if !jc.idTerms[k] {
						return x
					}
					ref = x
				case map[string]any:
					id, ok := x["id"].(string)
					if !ok || len(x) != 1 {
						return x
					}
					ref = id
				default:
					return x
				}
				target, ok := byID[ref]
				if !ok || path[ref] || len(target) == 1 || (depth > 0 && direct[ref]) {
					return x
				}
				used[ref] = true
				path[ref] = true
				nested := nestNode(target, path, depth+1)
				delete(path, ref)
				return nested
			})
		}
		return out
	}
	result := nestNode(rootNode, map[string]bool{root.Value: true}, 0)
	var rest []any
	for _, n := range nodes {
		if id, _ := n["id"].(string); !used[id] {
			rest = append(rest, n)
		}
	}
	if len(rest) == 0 {
		out := map[string]any{"@context": ctx}
		for k, v := range result {
			out[k] = v
		}
		return out
	}
	return map[string]any{"@context": ctx, "@graph": append([]any{result}, rest...)}
}

// numbers turns the string values of xsd:integer and xsd:double terms
// into JSON numbers (a value JSON cannot write as a number, such as
// "INF", stays a string, which the term's type reads back the same).
func (jc jsonldContext) numbers(n map[string]any) {
	for k, v := range n {
		var pattern *regexp.Regexp
		switch {
		case jc.intTerms[k]:
			pattern = canonicalInteger
		case jc.doubleTerms[k]:
			pattern = jsonNumber
		default:
			continue
		}
		n[k] = mapValues(v, func(x any) any {
			if s, ok := x.(string); ok && pattern.MatchString(s) {
				return json.Number(s)
			}
			return x
		})
	}
}

// mapValues applies fn to a value or to each element of an array value.
func mapValues(v any, fn func(any) any) any {
	if arr, ok := v.([]any); ok {
		out := make([]any, len(arr))
		for i, x := range arr {
			out[i] = fn(x)
		}
		return out
	}
	return fn(v)
}

// serverError logs err and answers 500.
func (s *Server) serverError(c *gin.Context, err error) {
	msg := httperror.Internal(c.Writer, c.Request, s.log, "request failed", err)
	if !c.Writer.Written() {
		s.errorPage(c, http.StatusInternalServerError, "Something went wrong", "The server could not answer this request: "+msg+".")
	}
	c.Abort()
}
