package rdfio

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Encoder writes quads in one format. Encoders stream where the format
// allows (N-Triples, N-Quads, Turtle, TriG); RDF/XML and JSON-LD are
// written on Close, because namespace declarations and JSON-LD's node
// objects need all the data. Quads in named graphs given to an encoder of a
// triple format (N-Triples, Turtle, RDF/XML) are written as triples.
//
// After an error every further call returns that error. Close flushes the
// output; it does not close the underlying writer.
type Encoder interface {
	Encode(q rdf.Quad) error
	Close() error
}

// Prefix binds a short name to a namespace IRI for Turtle, TriG and
// RDF/XML output.
type Prefix struct {
	Name      string // "dct"; the empty name is Turtle's default prefix ":"
	Namespace string // "http://purl.org/dc/terms/"
}

// CommonPrefixes returns the prefixes of the vocabularies Skillsmap
// publishes with: rdf, rdfs, xsd, owl, skos, dct, dcat, foaf, prov, org,
// locn, geo (GeoSPARQL), schema, vcard and void.
func CommonPrefixes() []Prefix {
	return []Prefix{
		{"rdf", rdf.NSRDF}, {"rdfs", rdf.NSRDFS}, {"xsd", rdf.NSXSD}, {"owl", rdf.NSOWL},
		{"skos", rdf.NSSKOS}, {"dct", rdf.NSDCT}, {"dcat", rdf.NSDCAT}, {"foaf", rdf.NSFOAF},
		{"prov", rdf.NSPROV}, {"org", rdf.NSORG}, {"locn", rdf.NSLOCN}, {"geo", rdf.NSGEO},
		{"schema", rdf.NSSchema}, {"vcard", rdf.NSVCARD}, {"void", rdf.NSVOID},
	}
}

// EncodeOptions configures an Encoder.
type EncodeOptions struct {
	// Prefixes are declared in Turtle and TriG output and used for prefixed
	// names (and, where they fit, as RDF/XML namespace prefixes). Nil means
	// CommonPrefixes(); a non-nil empty slice means none. Write declares
	// only the prefixes its data uses; a streaming encoder declares all.
	Prefixes []Prefix
	// Base, if set, is declared (@base, xml:base) and IRIs below it are
	// written relative to it.
	Base string
	// JSONLDContext compacts JSON-LD output: a JSON document that is a
	// context object, an object with an "@context" member, or a string
	// holding the URL of a bundled context. Nil means expanded JSON-LD.
	JSONLDContext []byte
	// ContextLoader serves remote contexts that JSONLDContext refers to;
	// nil means BundledContexts.
	ContextLoader ContextLoader
}

// NewEncoder returns an encoder that writes format f to w.
func NewEncoder(w io.Writer, f Format, opt EncodeOptions) (Encoder, error) {
	if opt.Base != "" && !rdf.ValidIRI(opt.Base) {
		return nil, fmt.Errorf("rdfio: encode %s: base %q is not an absolute IRI", f, opt.Base)
	}
	prefixes, err := checkPrefixes(opt.Prefixes)
	if err != nil {
		return nil, fmt.Errorf("rdfio: encode %s: %w", f, err)
	}
	switch f {
	case NTriples, NQuads:
		return newNTEncoder(w, f), nil
	case Turtle, TriG:
		return newTurtleEncoder(w, f, prefixes, opt.Base), nil
	case RDFXML:
		return newRDFXMLEncoder(w, prefixes, opt.Base), nil
	case JSONLD:
		return newJSONLDEncoder(w, opt)
	case Format{}:
		return nil, errors.New("rdfio: encode: no format given")
	}
	return nil, fmt.Errorf("rdfio: encode: unknown format %v", f)
}

// Write writes quads in format f to w. For Turtle and TriG it declares only
// the prefixes the data uses; pass sorted quads (rdf.CompareQuads) for the
// most compact output.
func Write(w io.Writer, f Format, quads []rdf.Quad, opt EncodeOptions) error {
	if opt.Prefixes == nil {
		opt.Prefixes = CommonPrefixes()
	}
	if f == Turtle || f == TriG {
		opt.Prefixes = usedPrefixes(opt.Prefixes, quads, f)
	}
	enc, err := NewEncoder(w, f, opt)
	if err != nil {
		return err
	}
	for _, q := range quads {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return enc.Close()
}

func checkPrefixes(ps []Prefix) ([]Prefix, error) {
	if ps == nil {
		return CommonPrefixes(), nil
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if !validPrefixName(p.Name) {
			return nil, fmt.Errorf("invalid prefix name %q", p.Name)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("prefix %q given twice", p.Name)
		}
		seen[p.Name] = true
		if !rdf.ValidIRI(p.Namespace) {
			return nil, fmt.Errorf("prefix %q: namespace %q is not an absolute IRI", p.Name, p.Namespace)
		}
	}
	return ps, nil
}

// usedPrefixes keeps the prefixes that some term of quads is written with.
func usedPrefixes(ps []Prefix, quads []rdf.Quad, f Format) []Prefix {
	pm := newPrefixMap(ps)
	used := map[string]bool{}
	note := func(t rdf.Term) {
		switch {
		case t.IsIRI():
			if p, _, ok := pm.shorten(t.Value); ok {
				used[p] = true
			}
		case t.IsLiteral() && t.Lang == "" && t.Datatype != rdf.XSDString:
			if p, _, ok := pm.shorten(t.Datatype); ok {
				used[p] = true
			}
		}
	}
	for _, q := range quads {
		note(q.S)
		if q.P != rdf.Type {
			note(q.P)
		}
		note(q.O)
		if f == TriG {
			note(q.G)
		}
	}
	out := []Prefix{}
	for _, p := range ps {
		if used[p.Name] {
			out = append(out, p)
		}
	}
	return out
}

// prefixMap finds the prefixed name for an IRI: the longest namespace that
// starts the IRI and leaves a local part Turtle can write.
type prefixMap struct {
	ps    []Prefix
	cache map[string]prefixedName // recent answers: predicates and classes repeat
}

type prefixedName struct {
	prefix, local string
	ok            bool
}

const prefixCacheSize = 4096

func newPrefixMap(ps []Prefix) *prefixMap {
	return &prefixMap{ps: ps, cache: make(map[string]prefixedName)}
}

func (m *prefixMap) shorten(iri string) (prefix, local string, ok bool) {
	if c, hit := m.cache[iri]; hit {
		return c.prefix, c.local, c.ok
	}
	prefix, local, ok = m.lookup(iri)
	if len(m.cache) >= prefixCacheSize {
		clear(m.cache)
	}
	m.cache[iri] = prefixedName{prefix, local, ok}
	return prefix, local, ok
}

func (m *prefixMap) lookup(iri string) (prefix, local string, ok bool) {
	best := -1
	for i, p := range m.ps {
		if strings.HasPrefix(iri, p.Namespace) && (best < 0 || len(p.Namespace) > len(m.ps[best].Namespace)) {
			if l, ok := turtleLocalName(iri[len(p.Namespace):]); ok {
				best, local = i, l
			}
		}
	}
	if best < 0 {
		return "", "", false
	}
	return m.ps[best].Name, local, true
}

// turtleLocalName returns local written as a PN_LOCAL, escaping the
// characters that need it, or false when Turtle cannot write it.
func turtleLocalName(local string) (string, bool) {
	if !utf8.ValidString(local) {
		return "", false
	}
	var b strings.Builder
	for i, r := range local {
		first, last := i == 0, i+utf8.RuneLen(r) == len(local)
		switch {
		case isPNCharsU(r) || r == ':' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case !first && isPNChars(r):
			b.WriteRune(r)
		case r == '.' && !first && !last:
			b.WriteByte('.')
		case r == '%' && i+2 < len(local) && isHex(int(local[i+1])) && isHex(int(local[i+2])):
			b.WriteByte('%')
		case isLocalEscapable(r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// outputBlankLabel maps a blank node label to one that the output syntax
// accepts (valid reports that). Valid labels are kept, except those starting
// with "u_", which like invalid labels become "u_" + the hex of the label:
// the mapping is injective and needs no state, so streaming output stays
// consistent without remembering labels.
func outputBlankLabel(label string, valid func(string) bool) string {
	if valid(label) && !strings.HasPrefix(label, "u_") {
		return label
	}
	return "u_" + hex.EncodeToString([]byte(label))
}

// checkQuad rejects quads that no RDF syntax can carry, so that no writer
// ever produces output that reads back differently (or not at all).
func checkQuad(q rdf.Quad) error {
	switch {
	case !q.S.IsIRI() && !q.S.IsBlank():
		return fmt.Errorf("subject %s is not an IRI or blank node", describeTerm(q.S))
	case !q.P.IsIRI():
		return fmt.Errorf("predicate %s is not an IRI", describeTerm(q.P))
	case q.O.IsZero():
		return errors.New("object is missing")
	case q.G.IsLiteral():
		return fmt.Errorf("graph name %s is a literal", describeTerm(q.G))
	}
	for _, t := range [...]rdf.Term{q.S, q.P, q.O, q.G} {
		if err := checkTerm(t); err != nil {
			return err
		}
	}
	return nil
}

func checkTerm(t rdf.Term) error {
	switch t.Kind {
	case rdf.KindIRI:
		if !rdf.ValidIRI(t.Value) {
			return fmt.Errorf("invalid IRI %q", t.Value)
		}
	case rdf.KindLiteral:
		if !utf8.ValidString(t.Value) {
			return fmt.Errorf("literal %s is not valid UTF-8", describeTerm(t))
		}
		if t.Lang != "" {
			if !validLangTag(t.Lang) {
				return fmt.Errorf("literal %s: invalid language tag %q", describeTerm(t), t.Lang)
			}
		} else if t.Datatype == rdf.RDFLangString {
			return fmt.Errorf("literal %s has datatype rdf:langString but no language tag", describeTerm(t))
		} else if t.Datatype != "" && !rdf.ValidIRI(t.Datatype) {
			return fmt.Errorf("literal %s has an invalid datatype IRI %q", describeTerm(rdf.String(t.Value)), t.Datatype)
		}
	case rdf.KindBlank:
		if !utf8.ValidString(t.Value) {
			return fmt.Errorf("blank node label %q is not valid UTF-8", t.Value)
		}
	}
	return nil
}

// validLangTag checks the LANGTAG production: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLangTag(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" {
			return false
		}
		for _, c := range []byte(part) {
			alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !alpha && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

// describeTerm renders t for an error message, shortened if long.
func describeTerm(t rdf.Term) string {
	if t.IsZero() {
		return "(none)"
	}
	s := t.String()
	if len(s) > 120 {
		cut := 100
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…(" + fmt.Sprint(len(s)) + " bytes)"
	}
	return s
}

// errWriter remembers the first write error, so encoders can write freely
// and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
