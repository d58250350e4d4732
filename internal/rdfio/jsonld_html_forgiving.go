package rdfio

import (
	"io"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// PageJSONLD is what ParseHTMLForgiving read from a page.
type PageJSONLD struct {
	// Quads is the RDF of the scripts that could be read.
	Quads []rdf.Quad
	// Skipped are the scripts that could not, each with why.
	Skipped []*ScriptError
}

// ParseHTMLForgiving reads the JSON-LD scripts of an HTML page as a crawler
// of real-world pages must: a script that is empty, null, not JSON or not
// valid JSON-LD is skipped and reported, and never costs the page's other
// scripts. The valid scripts are processed together, as ParseHTML does (a
// blank node label names one node across them); if that fails, each is
// processed alone and the ones that fail are skipped.
//
// Before processing, IRIs written with white space around them (" https://
// example.org/ ", an @id of " #org ") are trimmed, as the processors behind
// search engines and validators accept them: string values that are one
// token shaped like an IRI or an IRI reference, and every @id and @type
// value. Text keeps its spaces.
//
// The error is for the page as a whole (an HTML tokenizer failure, a page
// URL that is not absolute).
func ParseHTMLForgiving(r io.Reader, opt ParseOptions) (PageJSONLD, error) {
	var out PageJSONLD
	page, err := ExtractJSONLD(r, opt)
	if err != nil {
		return out, err
	}
	blanks := opt.Blanks
	if blanks == nil {
		blanks = rdf.NewBlankScope()
	}
	var docs []any
	var from []int // script index (from 1) of each doc
	for i, sc := range page.Scripts {
		doc, err := decodeScript(sc)
		if err != nil {
			out.Skipped = append(out.Skipped, &ScriptError{Index: i + 1, ID: sc.ID, Err: err})
			continue
		}
		docs = append(docs, trimIRITokens(doc, false))
		from = append(from, i+1)
	}
	if len(docs) == 0 {
		return out, nil
	}
	if qs, err := scriptsToRDF(flattenScripts(docs), page.Base, opt.ContextLoader, blanks); err == nil {
		out.Quads = qs
		return out, nil
	}
	for i, doc := range docs {
		qs, err := scriptsToRDF(flattenScripts([]any{doc}), page.Base, opt.ContextLoader, blanks)
		if err != nil {
			sc := page.Scripts[from[i]-1]
			out.Skipped = append(out.Skipped, &ScriptError{Index: from[i], ID: sc.ID, Err: err})
			continue
		}
		out.Quads = append(out.Quads, qs...)
	}
	return out, nil
}

// flattenScripts makes one list of the scripts' top-level nodes, as the
// JSON-LD API's extractAllScripts does.
func flattenScripts(docs []any) []any {
	var all []any
	for _, d := range docs {
		if arr, ok := d.([]any); ok {
			all = append(all, arr...)
		} else {
			all = append(all, d)
		}
	}
	return all
}

// trimIRITokens trims the white space around IRI-shaped string values of a
// decoded JSON-LD document (see ParseHTMLForgiving), in place. Contexts and
// @value objects are left as they are; inIRI is set for the values of @id
// and @type, which are IRIs whatever their shape.
func trimIRITokens(v any, inIRI bool) any {
	switch v := v.(type) {
	case string:
		t := strings.TrimSpace(v)
		if t != v && !strings.ContainsFunc(t, isJSONSpace) && (inIRI || looksLikeIRI(t)) {
			return t
		}
		return v
	case []any:
		for i := range v {
			v[i] = trimIRITokens(v[i], inIRI)
		}
	case map[string]any:
		if _, literal := v["@value"]; literal {
			return v
		}
		for k, x := range v {
			if k == "@context" {
				continue
			}
			v[k] = trimIRITokens(x, k == "@id" || k == "@type")
		}
	}
	return v
}

func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// looksLikeIRI reports whether s is shaped like an absolute IRI or a
// relative reference that cannot be ordinary text.
func looksLikeIRI(s string) bool {
	if rdf.IsAbsoluteIRI(s) {
		return true
	}
	for _, prefix := range []string{"/", "#", "?", "./", "../"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
