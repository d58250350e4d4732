package rdfio

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// ContextLoader serves the remote contexts a JSON-LD document refers to by
// URL ("@context": "https://schema.org/"). It returns the context document,
// a JSON object with an "@context" member.
//
// The default (ParseOptions.ContextLoader nil) is BundledContexts, which
// never touches the network or the disk. A caller that wants to fetch
// unknown contexts supplies its own loader (for example one that tries
// BundledContexts first and then fetches through the harvester's guarded
// HTTP client); whatever it returns is still size- and count-limited here.
type ContextLoader interface {
	LoadContext(url string) ([]byte, error)
}

// ContextLoaderFunc adapts a function to ContextLoader.
type ContextLoaderFunc func(url string) ([]byte, error)

// LoadContext calls f(url).
func (f ContextLoaderFunc) LoadContext(url string) ([]byte, error) { return f(url) }

// ErrContextNotBundled is wrapped by BundledContexts' error for a URL it does
// not serve.
var ErrContextNotBundled = errors.New("JSON-LD context is not bundled, and loading remote contexts is disabled")

// BundledContexts serves the contexts registered with RegisterContext (a
// schema.org context is registered from the start) and refuses every other
// URL with an error wrapping ErrContextNotBundled.
var BundledContexts ContextLoader = ContextLoaderFunc(loadBundledContext)

// maxContextBytes bounds a context document, whoever supplies it.
const maxContextBytes = 4 << 20

var contextRegistry = struct {
	sync.RWMutex
	docs map[string][]byte
}{docs: map[string][]byte{}}

// RegisterContext bundles a JSON-LD context document under url, so that
// documents referring to that URL are processed offline. doc must be a JSON
// object with an "@context" member; registering a URL again replaces its
// document. It is safe for concurrent use.
func RegisterContext(url string, doc []byte) error {
	if len(doc) > maxContextBytes {
		return fmt.Errorf("rdfio: register context %s: %d bytes is over the %d-byte limit", url, len(doc), maxContextBytes)
	}
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		return fmt.Errorf("rdfio: register context %s: %w", url, err)
	}
	if _, ok := v["@context"]; !ok {
		return fmt.Errorf("rdfio: register context %s: the document has no \"@context\" member", url)
	}
	if err := checkJSONDepth(doc, MaxNesting); err != nil {
		return fmt.Errorf("rdfio: register context %s: %w", url, err)
	}
	contextRegistry.Lock()
	defer contextRegistry.Unlock()
	contextRegistry.docs[url] = append([]byte(nil), doc...)
	return nil
}

func loadBundledContext(url string) ([]byte, error) {
	contextRegistry.RLock()
	doc, ok := contextRegistry.docs[url]
	contextRegistry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: %s (bundle it with rdfio.RegisterContext)", ErrContextNotBundled, url)
	}
	return doc, nil
}

// schemaOrgContext is our own context for schema.org, written for
// Skillsmap rather than copied: "@vocab" http://schema.org/ (the namespace
// schema.org's own context uses, also for https pages), the "schema:"
// prefix, "id" and "type" as aliases of @id and @type, and "@type": "@id"
// coercion for the properties whose values are links (url, sameAs, image,
// logo, mainEntityOfPage, additionalType, license, thumbnailUrl, contentUrl,
// ... 44 in all), so that "url": "/about" becomes an IRI resolved against the
// page. Unlike schema.org's context it does not type dates as schema:Date
// and does not coerce properties that pages mostly fill with text although
// schema.org also allows a URL (genre, keywords, identifier).
//
//go:embed contexts/schemaorg.jsonld
var schemaOrgContext []byte

// SchemaOrgContextURLs returns the URLs under which the bundled schema.org
// context is registered: every spelling that pages use in "@context".
func SchemaOrgContextURLs() []string {
	return []string{
		"http://schema.org", "http://schema.org/",
		"https://schema.org", "https://schema.org/",
		"http://schema.org/docs/jsonldcontext.json", "http://schema.org/docs/jsonldcontext.jsonld",
		"https://schema.org/docs/jsonldcontext.json", "https://schema.org/docs/jsonldcontext.jsonld",
	}
}

func init() {
	for _, u := range SchemaOrgContextURLs() {
		if err := RegisterContext(u, schemaOrgContext); err != nil {
			panic(err) // the embedded file is ours; a test keeps it valid
		}
	}
}
