package rdfio

import (
	"bytes"
	"fmt"
	"io"
	"mime"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// JSONLDScript is one <script type="application/ld+json"> element of an
// HTML page.
type JSONLDScript struct {
	ID      string // the element's id attribute, "" if it has none
	Content []byte // the script text, with an enclosing HTML comment removed
	// Err says why the script text cannot be JSON-LD whatever it holds (an
	// HTML comment it opens and does not close, say); Content is then nil.
	Err error
}

// HTMLJSONLD is the JSON-LD that an HTML page embeds.
type HTMLJSONLD struct {
	// Base is the base IRI for the scripts: the page's first <base href>
	// resolved against the page URL, or else the page URL.
	Base    string
	Scripts []JSONLDScript
}

// ExtractJSONLD reads an HTML page and returns its JSON-LD script elements,
// following the rules of JSON-LD 1.1 §"Embedding JSON-LD in HTML Documents":
// the script text is taken as it is (character references are not decoded),
// and may be wrapped in one HTML comment (<!-- ... -->) but may not contain
// comment markers otherwise; a script that breaks that rule is returned with
// its Err set. opt.Base is the page URL; opt.MaxBytes limits the page size
// as in Parse.
func ExtractJSONLD(r io.Reader, opt ParseOptions) (HTMLJSONLD, error) {
	out := HTMLJSONLD{Base: opt.Base}
	if opt.Base != "" && !rdf.IsAbsoluteIRI(opt.Base) {
		return out, fmt.Errorf("rdfio: extract JSON-LD: page URL %q is not an absolute IRI", opt.Base)
	}
	z := html.NewTokenizer(limitInput(r, opt.MaxBytes))
	haveBase := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return out, fmt.Errorf("rdfio: extract JSON-LD from HTML: %w", err)
			}
			return out, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			switch string(name) {
			case "base":
				if href, ok := attrs["href"]; ok && !haveBase {
					haveBase = true
					switch {
					case rdf.IsAbsoluteIRI(href):
						out.Base = href
					case opt.Base != "":
						out.Base = rdf.ResolveIRI(opt.Base, href)
					}
				}
			case "script":
				if !isJSONLDScriptType(attrs["type"]) {
					continue
				}
				var text bytes.Buffer
				for tt := z.Next(); tt == html.TextToken; tt = z.Next() {
					text.Write(z.Text())
				}
				if err := z.Err(); err != nil && err != io.EOF {
					return out, fmt.Errorf("rdfio: extract JSON-LD from HTML: %w", err)
				}
				content, err := scriptContent(text.Bytes())
				out.Scripts = append(out.Scripts, JSONLDScript{ID: attrs["id"], Content: content, Err: err})
			}
		}
	}
}

func idSuffix(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" (id %q)", id)
}

func isJSONLDScriptType(t string) bool {
	mt, _, err := mime.ParseMediaType(t)
	return err == nil && mt == "application/ld+json"
}

// scriptContent removes an HTML comment around the script text and rejects
// comment markers anywhere else.
func scriptContent(b []byte) ([]byte, error) {
	s := bytes.TrimSpace(b)
	open, close := bytes.HasPrefix(s, []byte("<!--")), bytes.HasSuffix(s, []byte("-->"))
	switch {
	case open && close && len(s) >= len("<!---->"):
		s = s[len("<!--") : len(s)-len("-->")]
	case open:
		return nil, fmt.Errorf("the script opens an HTML comment (<!--) that it does not close")
	case close:
		return nil, fmt.Errorf("the script closes an HTML comment (-->) that it did not open")
	}
	if bytes.Contains(s, []byte("<!--")) || bytes.Contains(s, []byte("-->")) {
		return nil, fmt.Errorf("the script contains HTML comment markers (<!-- or -->) inside its JSON")
	}
	return s, nil
}

// ParseHTML returns the RDF of all JSON-LD script elements of an HTML page,
// processed together as one JSON-LD document (as with the JSON-LD API option
// extractAllScripts), so that blank node identifiers are shared between the
// page's scripts and never with anything else. opt.Base is the page URL.
// An invalid script makes the whole page an error that names the script;
// callers that want to skip bad scripts use ExtractJSONLD and ParseJSONLDScripts.
func ParseHTML(r io.Reader, opt ParseOptions) ([]rdf.Quad, error) {
	page, err := ExtractJSONLD(r, opt)
	if err != nil {
		return nil, err
	}
	return ParseJSONLDScripts(page.Scripts, page.Base, opt)
}

// ParseJSONLDScripts turns script elements found by ExtractJSONLD into RDF,
// as one JSON-LD document, with base as the base IRI (opt.Base is ignored).
// The first script that is not valid JSON-LD fails them all.
func ParseJSONLDScripts(scripts []JSONLDScript, base string, opt ParseOptions) ([]rdf.Quad, error) {
	var all []any
	for i, sc := range scripts {
		doc, err := decodeScript(sc)
		if err != nil {
			return nil, &ScriptError{Index: i + 1, ID: sc.ID, Err: err}
		}
		if arr, ok := doc.([]any); ok {
			all = append(all, arr...)
		} else {
			all = append(all, doc)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	blanks := opt.Blanks
	if blanks == nil {
		blanks = rdf.NewBlankScope()
	}
	qs, err := scriptsToRDF(all, base, opt.ContextLoader, blanks)
	if err != nil {
		return nil, fmt.Errorf("rdfio: JSON-LD in HTML: %w", err)
	}
	return qs, nil
}

// scriptsToRDF runs toRdf on the decoded scripts as one document.
func scriptsToRDF(docs []any, base string, loader ContextLoader, blanks *rdf.BlankScope) ([]rdf.Quad, error) {
	var doc any = docs
	if len(docs) == 1 {
		doc = docs[0]
	}
	var qs []rdf.Quad
	err := jsonldToRDF(doc, jsonldOptions{base: base, loader: loader}, blanks, func(q rdf.Quad) error {
		qs = append(qs, q)
		return nil
	})
	return qs, err
}

// decodeScript decodes one script's JSON.
func decodeScript(sc JSONLDScript) (any, error) {
	if sc.Err != nil {
		return nil, sc.Err
	}
	if len(bytes.TrimSpace(sc.Content)) == 0 {
		return nil, &SyntaxError{Format: JSONLD, Msg: "the script is empty"}
	}
	return decodeJSONLD(sc.Content)
}

// ScriptError is a JSON-LD script of an HTML page that could not be read.
type ScriptError struct {
	Index int    // its position among the page's JSON-LD scripts, from 1
	ID    string // its id attribute, if any
	Err   error
}

func (e *ScriptError) Error() string {
	return fmt.Sprintf("rdfio: JSON-LD script %d%s: %v", e.Index, idSuffix(e.ID), e.Err)
}

func (e *ScriptError) Unwrap() error { return e.Err }
