package vocab

import (
	_ "embed"
	"strings"
)

// contextTemplate is the JSON-LD context of Skillsmap's JSON-LD, with
// {{NS}} standing for the deployment's ontology namespace ({base}ns#).
// docs/jsonld.md documents every term; changing a term's name or shape
// breaks map frontends and API clients, so add terms, never rename.
//
//go:embed context.jsonld
var contextTemplate string

// JSONLDContext returns the JSON-LD context document of the deployment n
// (served at {base}context.jsonld): the short names of /context.jsonld are
// also the field names of the exchange's API.
func JSONLDContext(n IRIs) []byte {
	return []byte(strings.ReplaceAll(contextTemplate, "{{NS}}", n.Namespace()))
}
