package sparqlstore

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Names this package writes into the engine. They are URNs, so that they
// never collide with IRIs minted under a deployment's public URL.
const (
	// MetaGraph holds the store's version, commit time and graph list.
	MetaGraph = "urn:x-skillsmap:store"
	// DefaultGraph holds the quads of the store's default graph: engines
	// differ on what their default graph is (Virtuoso's is the union of
	// all graphs), so the store keeps its own in a named graph.
	DefaultGraph = "urn:x-skillsmap:default-graph"
	// SkolemPrefix starts the IRIs that stand for blank nodes.
	SkolemPrefix = "urn:x-skillsmap:genid:"
	// OpaqueDatatypePrefix starts the datatype under which the Virtuoso
	// dialect keeps a literal that Virtuoso would change or refuse.
	OpaqueDatatypePrefix = "urn:x-skillsmap:datatype:"

	metaVersion       = "urn:x-skillsmap:version"
	metaModified      = "urn:x-skillsmap:modified"
	metaQuads         = "urn:x-skillsmap:quads"
	metaGraphModified = "urn:x-skillsmap:graph-modified"
)

// Dialect names how far an engine follows the standards.
type Dialect string

// Dialects.
const (
	// Standard engines keep every literal as it was written.
	Standard Dialect = "standard"
	// Virtuoso (7.x) rewrites or refuses some typed literals: it
	// canonicalises numbers, refuses xsd:duration and ill-typed values,
	// turns geo:wktLiteral into its own geometry type and merges literals
	// of equal value. Those are written under an opaque datatype.
	Virtuoso Dialect = "virtuoso"
)

// ErrUnstorable is returned for a term the engine cannot be sent: an IRI
// with characters SPARQL cannot write, a malformed language tag.
var ErrUnstorable = errors.New("sparqlstore: term cannot be written in SPARQL")

// codec turns terms into SPARQL text and engine results back into terms.
type codec struct{ dialect Dialect }

// forbiddenInIRI are the characters SPARQL's IRIREF excludes (besides
// controls and space): an escape would be decoded before parsing.
const forbiddenInIRI = "<>\"{}|^`\\"

var langTag = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)

// iri writes an IRI reference, refusing what SPARQL cannot express.
func iri(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("%w: empty IRI", ErrUnstorable)
	}
	for _, r := range s {
		if r <= 0x20 || r == 0x7f || strings.ContainsRune(forbiddenInIRI, r) {
			return "", fmt.Errorf("%w: IRI %q contains %q", ErrUnstorable, s, r)
		}
	}
	return "<" + s + ">", nil
}

// term writes t in SPARQL syntax (the zero term is an error).
func (c codec) term(t rdf.Term) (string, error) {
	switch t.Kind {
	case rdf.KindIRI:
		return iri(t.Value)
	case rdf.KindBlank:
		return iri(skolem(t.Value))
	case rdf.KindLiteral:
		return c.literal(t)
	}
	return "", fmt.Errorf("%w: no term", ErrUnstorable)
}

// literal writes a literal; strings are escaped with ECHARs (never \u,
// which SPARQL decodes before parsing).
func (c codec) literal(t rdf.Term) (string, error) {
	q := `"` + escapeString(t.Value) + `"`
	switch {
	case t.Lang != "":
		if !langTag.MatchString(t.Lang) {
			return "", fmt.Errorf("%w: language tag %q", ErrUnstorable, t.Lang)
		}
		return q + "@" + t.Lang, nil
	case t.Datatype == rdf.XSDString || t.Datatype == "":
		return q, nil
	}
	dt := t.Datatype
	if c.dialect == Virtuoso && !virtuosoKeeps(t) {
		dt = OpaqueDatatypePrefix + dt
	}
	d, err := iri(dt)
	if err != nil {
		return "", err
	}
	return q + "^^" + d, nil
}

// escapeString escapes a literal's lexical form for a "…" string.
func escapeString(s string) string {
	if !strings.ContainsAny(s, "\"\\\n\r") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return r.Replace(s)
}

// skolem is the IRI standing for the blank node with the given label.
func skolem(label string) string { return SkolemPrefix + url.PathEscape(label) }

// Lexical forms Virtuoso 7 keeps exactly (checked against 7.2.5): it
// canonicalises others (1.0 → 1, .5 s → .500 s) or refuses them.
var virtuosoExact = map[string]*regexp.Regexp{
	rdf.XSDInteger: regexp.MustCompile(`^-?(0|[1-9][0-9]{0,17})$`),
	rdf.XSDDecimal: regexp.MustCompile(`^-?(0|[1-9][0-9]{0,14})\.[0-9]{0,13}[1-9]$`),
	rdf.XSDBoolean: regexp.MustCompile(`^(true|false)$`),
	rdf.XSDGYear:   regexp.MustCompile(`^[1-9][0-9]{3}$`),
}

// virtuosoKeeps reports whether Virtuoso stores t as written. Datatypes
// outside XSD are kept as they are, except WKT, which it turns into its
// own geometry type.
func virtuosoKeeps(t rdf.Term) bool {
	switch t.Datatype {
	case rdf.XSDDate:
		return validTime("2006-01-02", t.Value)
	case rdf.XSDDateTime:
		return validTime(time.RFC3339, t.Value) && !strings.Contains(t.Value, ".")
	}
	if re, ok := virtuosoExact[t.Datatype]; ok {
		return re.MatchString(t.Value)
	}
	return !strings.HasPrefix(t.Datatype, rdf.NSXSD) && t.Datatype != rdf.NSGEO+"wktLiteral"
}

var zoneOffset = regexp.MustCompile(`^[+-][0-9]{2}:[0-9]{2}$`)

// validTime checks a date or date-time with an optional zone; a date may
// end in Z or an offset, a date-time may lack one.
func validTime(layout, v string) bool {
	if layout == "2006-01-02" {
		base := v
		if len(v) > 10 {
			base = v[:10]
			if z := v[10:]; z != "Z" && !zoneOffset.MatchString(z) {
				return false
			}
		}
		_, err := time.Parse(layout, base)
		return err == nil
	}
	if _, err := time.Parse(time.RFC3339, v); err == nil {
		return true
	}
	_, err := time.Parse("2006-01-02T15:04:05", v)
	return err == nil
}

// decode turns a term read from the engine back into the term written.
func (c codec) decode(t rdf.Term) rdf.Term {
	switch t.Kind {
	case rdf.KindIRI:
		if label, ok := strings.CutPrefix(t.Value, SkolemPrefix); ok {
			if l, err := url.PathUnescape(label); err == nil {
				return rdf.Blank(l)
			}
		}
	case rdf.KindLiteral:
		if dt, ok := strings.CutPrefix(t.Datatype, OpaqueDatatypePrefix); ok {
			return rdf.Literal(t.Value, dt)
		}
		if c.dialect == Virtuoso && t.Datatype == rdf.XSDBoolean {
			switch t.Value {
			case "1":
				return rdf.Literal("true", rdf.XSDBoolean)
			case "0":
				return rdf.Literal("false", rdf.XSDBoolean)
			}
		}
		if t.Lang != "" {
			return rdf.LangString(t.Value, t.Lang)
		}
	}
	return t
}

// graphTerm is the engine's name for a store graph (the zero term is the
// default graph).
func graphTerm(g rdf.Term) rdf.Term {
	if g.IsZero() {
		return rdf.IRI(DefaultGraph)
	}
	return g
}

// storeGraph is the store's name for an engine graph.
func storeGraph(g rdf.Term) rdf.Term {
	if g == rdf.IRI(DefaultGraph) {
		return rdf.Term{}
	}
	return g
}
