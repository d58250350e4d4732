package publisher

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// jsonldContext is the context of one deployment.
type jsonldContext struct {
	URL string // {base}context.jsonld
	Doc []byte // the context document
	// idTerms are the terms whose string values are IRIs ("@type": "@id"),
	// intTerms those typed xsd:integer, doubleTerms those typed
	// xsd:double; compaction output is post-processed with them (see
	// compactJSONLD).
	idTerms, intTerms, doubleTerms map[string]bool
	// doubleProperties are the IRIs of the doubleTerms: the store holds
	// their values as xsd:decimal, which JSON-LD cannot write as numbers.
	doubleProperties map[rdf.Term]bool
}

// newJSONLDContext builds the context for n's base and registers it with
// rdfio, so that JSON-LD that refers to it is read offline.
func newJSONLDContext(n vocab.IRIs) (jsonldContext, error) {
	c := jsonldContext{URL: n.Base() + "context.jsonld", Doc: vocab.JSONLDContext(n),
		idTerms: map[string]bool{}, intTerms: map[string]bool{}, doubleTerms: map[string]bool{}, doubleProperties: map[rdf.Term]bool{}}
	var parsed struct {
		Context map[string]json.RawMessage `json:"@context"`
	}
	if err := json.Unmarshal(c.Doc, &parsed); err != nil {
		return c, fmt.Errorf("JSON-LD context: %w", err)
	}
	prefixes := map[string]string{}
	for term, raw := range parsed.Context {
		var ns string
		if json.Unmarshal(raw, &ns) == nil {
			prefixes[term] = ns
		}
	}
	for term, raw := range parsed.Context {
		var def struct {
			ID   string `json:"@id"`
			Type string `json:"@type"`
		}
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			if err := json.Unmarshal(raw, &def); err != nil {
				return c, fmt.Errorf("JSON-LD context: term %s: %w", term, err)
			}
		}
		switch def.Type {
		case "@id":
			c.idTerms[term] = true
		case "xsd:integer":
			c.intTerms[term] = true
		case "xsd:double":
			prefix, local, ok := strings.Cut(def.ID, ":")
			ns, known := prefixes[prefix]
			if !ok || !known {
				return c, fmt.Errorf("JSON-LD context: term %s: %q is not a compact IRI of a prefix the context defines", term, def.ID)
			}
			c.doubleTerms[term] = true
			c.doubleProperties[rdf.IRI(ns+local)] = true
		}
	}
	if err := rdfio.RegisterContext(c.URL, c.Doc); err != nil {
		return c, fmt.Errorf("JSON-LD context: %w", err)
	}
	return c, nil
}

// asDoubles retypes the xsd:decimal values of the double terms' properties
// as xsd:double with the same lexical form (every decimal is a valid
// double lexically), so that compaction picks the terms and
// numbers() writes them as JSON numbers, which JSON-LD reads back as
// xsd:double: a JSON number written for an xsd:decimal would come back as
// an ill-typed decimal in double notation ("5.252E1"), as JSON-LD 1.1
// converts non-integral numbers (§8.6, data round tripping).
func (jc jsonldContext) asDoubles(quads []rdf.Quad) {
	for i, q := range quads {
		if jc.doubleProperties[q.P] && q.O.IsLiteral() && (q.O.Datatype == rdf.XSDDecimal || q.O.Datatype == rdf.XSDInteger) {
			quads[i].O = rdf.Literal(q.O.Value, rdf.XSDDouble)
		}
	}
}

// serveContext serves /context.jsonld.
func (s *Server) serveContext(c *gin.Context) {
	v := newValidator(0, time.Time{}, string(s.context.Doc))
	if notModified(c, v) {
		return
	}
	c.Header("Cache-Control", "public, max-age=86400")
	send(c, http.StatusOK, "application/ld+json", s.context.Doc)
}
