package catalog

import (
	"net/url"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// Paths of the publisher's documents, relative to the base, that the
// catalog and the VoID description link to. The publisher serves them.
const (
	// CatalogPath is the DCAT-AP catalog document; every catalog resource
	// is a hash IRI in it ({base}catalog#dataset), so each dereferences to
	// the document.
	CatalogPath = "catalog"
	// VoIDPath is the VoID description (RFC 8615 well-known location).
	VoIDPath = ".well-known/void"
	// SPARQLPath is the SPARQL 1.1 Protocol endpoint; a GET without a query
	// answers its service description.
	SPARQLPath = "sparql"
	// DumpPath is the full dump, with a suffix per format (dump.ttl, …).
	DumpPath = "dump"
	// MapLayerPath is the practices as GeoJSON (RFC 7946).
	MapLayerPath = "map/practices.geojson"
	// OGCAPIPath is the landing page of the OGC API – Features.
	OGCAPIPath = "ogc"
	// OGCAPIDefinitionPath is the OGC API's service description (OpenAPI).
	OGCAPIDefinitionPath = "ogc/api"
)

// DumpFormats are the syntaxes of the full dump, in the order the catalog
// lists them. Quad syntaxes keep the named graphs; triple syntaxes merge
// them.
var DumpFormats = []rdfio.Format{rdfio.NQuads, rdfio.TriG, rdfio.JSONLD, rdfio.Turtle, rdfio.NTriples}

// GraphDocumentFormats are the syntaxes in which the publisher serves a
// named graph as a document at its IRI ({graph}.ttl, …).
var GraphDocumentFormats = []rdfio.Format{rdfio.Turtle, rdfio.NTriples, rdfio.JSONLD, rdfio.RDFXML}

// names mints the IRIs of the resources the catalog describes, all hash
// IRIs of the catalog document.
type names struct {
	base string // {base}catalog
}

func newNames(n vocab.IRIs) names { return names{base: n.Base() + CatalogPath} }

func (c names) hash(frag string) rdf.Term { return rdf.IRI(c.base + "#" + frag) }

// Document is the catalog document's own IRI.
func (c names) Document() rdf.Term { return rdf.IRI(c.base) }

func (c names) Catalog() rdf.Term   { return c.hash("catalog") }
func (c names) Dataset() rdf.Term   { return c.hash("dataset") }
func (c names) Publisher() rdf.Term { return c.hash("publisher") }
func (c names) Contact() rdf.Term   { return c.hash("contact") }
func (c names) SPARQL() rdf.Term    { return c.hash("sparql") }
func (c names) OGCAPI() rdf.Term    { return c.hash("ogc-api") }
func (c names) Themes() rdf.Term    { return c.hash("themes") }
func (c names) Rights() rdf.Term    { return c.hash("rights") }

// SourceDataset is the dataset of one partner source.
func (c names) SourceDataset(id string) rdf.Term { return c.hash("dataset-" + fragment(id)) }

// Distribution names a distribution: "dump-ttl", "source-urban-skills-ttl".
func (c names) Distribution(name string) rdf.Term { return c.hash("distribution-" + fragment(name)) }

// Record is the catalog record of a dataset or service.
func (c names) Record(name string) rdf.Term { return c.hash("record-" + fragment(name)) }

// fragment escapes s for use in a fragment; source ids pass unchanged.
func fragment(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%2F", "/")
}

// sourceGraphPrefix returns {base}graph/source/, the prefix of every source
// graph name.
func sourceGraphPrefix(n vocab.IRIs) string {
	return strings.TrimSuffix(n.SourceGraph("x").Value, "x")
}

// parseSourceGraph returns the source id of a source graph name minted by n.
func parseSourceGraph(n vocab.IRIs, g rdf.Term) (string, bool) {
	rest, ok := strings.CutPrefix(g.Value, sourceGraphPrefix(n))
	if !g.IsIRI() || !ok || rest == "" || strings.ContainsAny(rest, "/#?") {
		return "", false
	}
	id, err := url.PathUnescape(rest)
	if err != nil || id == "" || n.SourceGraph(id) != g {
		return "", false
	}
	return id, true
}
