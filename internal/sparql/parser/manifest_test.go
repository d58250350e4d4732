package parser

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	knakk "github.com/knakk/rdf"
)

// This file reads W3C test manifests (Turtle, mf:/qt:/ut: vocabularies).
// It is the only place that knows how manifests are decoded, so the
// decoder can be swapped for internal/rdfio once that exists.

const (
	nsMF    = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	nsQT    = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
	nsUT    = "http://www.w3.org/2009/sparql/tests/test-update#"
	nsDAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
	nsRDF   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

var trailingSemicolon = regexp.MustCompile(`;\s*\]`)

// manifestEntry is one test of a manifest.
type manifestEntry struct {
	Name     string // mf:name, or the test IRI
	Type     string // local name of the mf: rdf:type, e.g. "PositiveSyntaxTest11"
	File     string // local path of the query or update the test runs ("" if none)
	Approval string // local name of dawgt:approval, if any
}

// readManifest reads the entries (mf:entries) of the manifest at path,
// resolving relative IRIs against the manifest's location.
func readManifest(path string) ([]manifestEntry, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	text, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	// knakk's Turtle decoder rejects the (valid) ";" before "]" that
	// several manifests use: drop it.
	text = trailingSemicolon.ReplaceAll(text, []byte(" ]"))
	// knakk's Turtle decoder appends relative IRIs to the base instead of
	// resolving them (RFC 3986), so give it the directory, which is what
	// every relative IRI in a manifest is relative to.
	baseURL := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(abs)) + "/"}
	base, err := knakk.NewIRI(baseURL.String())
	if err != nil {
		return nil, err
	}
	dec := knakk.NewTripleDecoder(bytes.NewReader(text), knakk.Turtle)
	if err := dec.SetOption(knakk.Base, base); err != nil {
		return nil, err
	}
	triples, err := dec.DecodeAll()
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	g := &manifestGraph{}
	for _, t := range triples {
		g.add(t.Subj, t.Pred.String(), t.Obj)
	}

	var manifest knakk.Term
	for _, s := range g.subjectsWith(nsRDF+"type", nsMF+"Manifest") {
		manifest = s
	}
	if manifest == nil {
		return nil, fmt.Errorf("read manifest %s: no mf:Manifest", path)
	}
	var out []manifestEntry
	for _, list := range g.objects(manifest, nsMF+"entries") {
		for _, test := range g.list(list) {
			e := manifestEntry{Name: test.String()}
			for _, n := range g.objects(test, nsMF+"name") {
				e.Name = n.String()
			}
			for _, t := range g.objects(test, nsRDF+"type") {
				if s, ok := strings.CutPrefix(t.String(), nsMF); ok {
					e.Type = s
				}
			}
			for _, a := range g.objects(test, nsDAWGT+"approval") {
				e.Approval = strings.TrimPrefix(a.String(), nsDAWGT)
			}
			for _, action := range g.objects(test, nsMF+"action") {
				file := action
				if action.Type() == knakk.TermBlank {
					file = nil
					for _, p := range []string{nsQT + "query", nsUT + "request"} {
						for _, q := range g.objects(action, p) {
							file = q
						}
					}
				}
				if file != nil && file.Type() == knakk.TermIRI {
					if u, err := url.Parse(file.String()); err == nil && u.Scheme == "file" {
						e.File = filepath.FromSlash(u.Path)
					}
				}
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// manifestGraph indexes triples by subject and predicate.
type manifestGraph struct {
	props    map[string]map[string][]knakk.Term // subject key → predicate → objects
	subjects map[string]knakk.Term              // subject key → subject
}

func termKey(t knakk.Term) string { return fmt.Sprintf("%d|%s", t.Type(), t.String()) }

func (g *manifestGraph) add(s knakk.Term, p string, o knakk.Term) {
	if g.props == nil {
		g.props, g.subjects = map[string]map[string][]knakk.Term{}, map[string]knakk.Term{}
	}
	k := termKey(s)
	if g.props[k] == nil {
		g.props[k] = map[string][]knakk.Term{}
		g.subjects[k] = s
	}
	g.props[k][p] = append(g.props[k][p], o)
}

func (g *manifestGraph) objects(s knakk.Term, p string) []knakk.Term { return g.props[termKey(s)][p] }

// subjectsWith returns the subjects with predicate p and IRI object o.
func (g *manifestGraph) subjectsWith(p, o string) []knakk.Term {
	var out []knakk.Term
	for k, preds := range g.props {
		for _, obj := range preds[p] {
			if obj.Type() == knakk.TermIRI && obj.String() == o {
				out = append(out, g.subjects[k])
			}
		}
	}
	return out
}

// list returns the members of the RDF collection starting at head.
func (g *manifestGraph) list(head knakk.Term) []knakk.Term {
	var out []knakk.Term
	for n := head; n != nil && n.String() != nsRDF+"nil" && len(out) < 100000; {
		firsts := g.objects(n, nsRDF+"first")
		if len(firsts) == 0 {
			break
		}
		out = append(out, firsts[0])
		rest := g.objects(n, nsRDF+"rest")
		if len(rest) == 0 {
			break
		}
		n = rest[0]
	}
	return out
}
