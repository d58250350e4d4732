package microdata

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Registry is the Note's vocabulary registry: URI prefixes of item types,
// each with per-property rules. Property URIs of an item whose type starts
// with a prefix are made from that prefix; a property with subPropertyOf or
// equivalentProperty rules also gives triples with those properties
// (vocabulary expansion: schema.org's additionalType is a sub-property of
// rdf:type).
type Registry struct {
	vocabs []registered // longest prefix first
}

type registered struct {
	prefix     string
	properties map[string][]string // name → the properties it expands to
}

// DefaultRegistry returns the registry the Note makes the default, the one
// published at http://www.w3.org/ns/md: schema.org (both schemes) with
// additionalType a sub-property of rdf:type, and hCard.
func DefaultRegistry() *Registry {
	additionalType := map[string][]string{"additionalType": {rdf.RDFType}}
	r := &Registry{}
	r.add("http://schema.org/", additionalType)
	r.add("https://schema.org/", additionalType)
	r.add("http://microformats.org/profile/hcard", nil)
	return r
}

// ParseRegistry reads a registry in the Note's JSON form:
//
//	{"http://schema.org/": {"properties": {"additionalType": {"subPropertyOf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}}}}
//
// Keys starting with "@" (comments) are ignored, and so are the first
// edition's propertyURI and multipleValues settings, which the second
// edition dropped.
func ParseRegistry(data []byte) (*Registry, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("microdata registry: %w", err)
	}
	r := &Registry{}
	for prefix, raw := range doc {
		if strings.HasPrefix(prefix, "@") {
			continue
		}
		var entry struct {
			Properties map[string]map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(raw, &entry); err != nil {
			return nil, fmt.Errorf("microdata registry: entry %q: %w", prefix, err)
		}
		props := map[string][]string{}
		for name, rules := range entry.Properties {
			for _, key := range []string{"subPropertyOf", "equivalentProperty"} {
				iris, err := stringOrList(rules[key])
				if err != nil {
					return nil, fmt.Errorf("microdata registry: %q property %q: %s: %w", prefix, name, key, err)
				}
				props[name] = append(props[name], iris...)
			}
		}
		r.add(prefix, props)
	}
	return r, nil
}

// stringOrList decodes a JSON string or array of strings; absent is nil.
func stringOrList(raw json.RawMessage) ([]string, error) {
	if raw == nil {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("want an IRI or a list of IRIs")
	}
	return many, nil
}

// Merge returns a registry with the entries of r and other; for a prefix
// both have, other's entry wins.
func (r *Registry) Merge(other *Registry) *Registry {
	out := &Registry{}
	for _, v := range r.vocabs {
		out.add(v.prefix, v.properties)
	}
	for _, v := range other.vocabs {
		out.add(v.prefix, v.properties)
	}
	return out
}

func (r *Registry) add(prefix string, props map[string][]string) {
	if len(props) == 0 {
		props = nil
	}
	r.vocabs = slices.DeleteFunc(r.vocabs, func(v registered) bool { return v.prefix == prefix })
	r.vocabs = append(r.vocabs, registered{prefix: prefix, properties: props})
	slices.SortFunc(r.vocabs, func(a, b registered) int {
		if d := len(b.prefix) - len(a.prefix); d != 0 {
			return d
		}
		return strings.Compare(a.prefix, b.prefix)
	})
}

// vocabulary is an item's vocabulary: where its property URIs start and
// the registry's rules for its properties.
type vocabulary struct {
	propertyBase string
	properties   map[string][]string
}

// vocabulary returns the vocabulary of items of type typ ("" for none):
// the registered prefix that typ starts with, else typ up to its last "/"
// or "#" (a type with neither is its own prefix, followed by "#").
func (r *Registry) vocabulary(typ string) vocabulary {
	if typ == "" {
		return vocabulary{}
	}
	for _, v := range r.vocabs {
		if strings.HasPrefix(typ, v.prefix) {
			base := v.prefix
			if !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, "#") {
				base += "#"
			}
			return vocabulary{propertyBase: base, properties: v.properties}
		}
	}
	if i := strings.LastIndexAny(typ, "/#"); i >= 0 {
		return vocabulary{propertyBase: typ[:i+1]}
	}
	return vocabulary{propertyBase: typ + "#"} // urn:x-type, say

}

// expansion returns the properties the registry says a property named
// name, with URI pred, expands to.
func (v vocabulary) expansion(name, pred string) []string {
	if v.properties == nil {
		return nil
	}
	if local, ok := strings.CutPrefix(pred, v.propertyBase); ok {
		name = local
	}
	return v.properties[name]
}
