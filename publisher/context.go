package publisher

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// jsonldContext is the context of one deployment.
type jsonldContext struct {
	URL string // {base}context.jsonld
	Doc []byte // the context document
	// idTerms are the terms whose string values are IRIs ("@type": "@id"),
	// intTerms those typed xsd:integer; compaction output is post-processed
	// with them (see compactJSONLD).
	idTerms, intTerms map[string]bool
}

// newJSONLDContext builds the context for n's base and registers it with
// rdfio, so that JSON-LD that refers to it is read offline.
func newJSONLDContext(n vocab.IRIs) (jsonldContext, error) {
	c := jsonldContext{URL: n.Base() + "context.jsonld", Doc: vocab.JSONLDContext(n), idTerms: map[string]bool{}, intTerms: map[string]bool{}}
	var parsed struct {
		Context map[string]json.RawMessage `json:"@context"`
	}
	if err := json.Unmarshal(c.Doc, &parsed); err != nil {
		return c, fmt.Errorf("JSON-LD context: %w", err)
	}
	for term, raw := range parsed.Context {
		var def struct {
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
		}
	}
	if err := rdfio.RegisterContext(c.URL, c.Doc); err != nil {
		return c, fmt.Errorf("JSON-LD context: %w", err)
	}
	return c, nil
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
