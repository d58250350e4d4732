package catalog

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// documentPrefixes are the prefixes of the catalog and VoID documents: the
// project's common ones and those of DCAT-AP and SPARQL service
// descriptions.
func documentPrefixes() []rdfio.Prefix {
	return append(rdfio.CommonPrefixes(),
		rdfio.Prefix{Name: "dcatap", Namespace: nsDCATAP},
		rdfio.Prefix{Name: "adms", Namespace: rdf.NSADMS},
		rdfio.Prefix{Name: "sd", Namespace: rdf.NSSD},
	)
}

// documentEncodeOptions writes the documents with those prefixes, and
// JSON-LD compacted with them, so that it reads like the Turtle.
func documentEncodeOptions() rdfio.EncodeOptions {
	ctx := map[string]string{}
	for _, p := range documentPrefixes() {
		ctx[p.Name] = p.Namespace
	}
	doc, err := json.Marshal(map[string]any{"@context": ctx})
	if err != nil {
		panic(err) // a map of strings always marshals
	}
	return rdfio.EncodeOptions{Prefixes: documentPrefixes(), JSONLDContext: doc}
}

// Write serialises a catalog or VoID graph in format f, sorted so that the
// same graph always gives the same bytes.
func Write(w io.Writer, g *rdf.Graph, f rdfio.Format) error {
	if err := rdfio.Write(w, f, rdf.InGraph(g.Sorted(), rdf.Term{}), documentEncodeOptions()); err != nil {
		return fmt.Errorf("catalog: write %s: %w", f, err)
	}
	return nil
}
