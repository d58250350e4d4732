package catalog

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// distribution is one file of a dataset to download. The SPARQL endpoint
// and the OGC API are data services (dcat:DataService with
// dcat:servesDataset), not distributions: they have no file to download,
// no size and no single media type.
type distribution struct {
	name             string // distribution-{name}
	title            string
	description      string
	url              string   // dcat:accessURL and dcat:downloadURL
	fileType         string   // code in the EU file-type table
	mediaType        string   // IANA media type
	conformsTo       []string // standards, by IRI (described in standards)
	issued, modified time.Time
}

// fileTypes gives each RDF syntax the code of the EU file-type table.
var fileTypes = map[rdfio.Format]string{
	rdfio.Turtle:   "RDF_TURTLE",
	rdfio.NTriples: "RDF_N_TRIPLES",
	rdfio.NQuads:   "RDF_N_QUADS",
	rdfio.TriG:     "RDF_TRIG",
	rdfio.JSONLD:   "JSON_LD",
	rdfio.RDFXML:   "RDF_XML",
}

// Standards the distributions and services conform to, with their titles.
const (
	stdGeoJSON        = "https://www.rfc-editor.org/rfc/rfc7946"
	stdSPARQLProtocol = "https://www.w3.org/TR/sparql11-protocol/"
	stdSPARQLQuery    = "https://www.w3.org/TR/sparql11-query/"
	stdOGCFeatures    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
	stdOGCGeoJSON     = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
)

var standardTitles = map[string]string{
	stdGeoJSON:        "The GeoJSON Format (RFC 7946)",
	stdSPARQLProtocol: "SPARQL 1.1 Protocol",
	stdSPARQLQuery:    "SPARQL 1.1 Query Language",
	stdOGCFeatures:    "OGC API – Features – Part 1: Core",
	stdOGCGeoJSON:     "OGC API – Features – Part 1: Core, GeoJSON requirements class",
}

// mainDistributions are the full dumps and the map layer.
func (c *catalogWriter) mainDistributions() []distribution {
	base := c.in.IRIs.Base()
	onto := c.in.IRIs.Ontology().Value
	var out []distribution
	for _, f := range DumpFormats {
		ext := strings.TrimPrefix(f.Extension(), ".")
		u := base + DumpPath + f.Extension()
		d := distribution{
			name:       "dump-" + ext,
			title:      "Full dump (" + f.String() + ")",
			url:        u,
			fileType:   fileTypes[f],
			mediaType:  f.MediaType(),
			conformsTo: []string{onto},
			issued:     c.snap.all.firstSeen,
			modified:   c.snap.modified,
		}
		if f.HasQuads() {
			d.description = "Every practice, source, harvest run and vocabulary in " + f.String() +
				", each source and vocabulary in its own named graph."
		} else {
			d.description = "Every practice, source, harvest run and vocabulary in " + f.String() +
				", with the named graphs merged into one graph; use N-Quads, TriG or JSON-LD to keep them apart."
		}
		out = append(out, d)
	}
	return append(out, distribution{
		name:        "map-layer",
		title:       "Map layer (GeoJSON)",
		description: "One point feature per place of a practice, with the practice's title, link and region, for web maps.",
		url:         base + MapLayerPath,
		fileType:    "GEOJSON",
		mediaType:   "application/geo+json",
		conformsTo:  []string{stdGeoJSON},
		issued:      c.snap.all.firstSeen,
		modified:    c.snap.modified,
	})
}

// sourceDistributions are the source graph as a document, in each syntax
// the publisher serves named graphs in.
func (c *catalogWriter) sourceDistributions(s *sourceInfo) []distribution {
	var out []distribution
	for _, f := range GraphDocumentFormats {
		ext := strings.TrimPrefix(f.Extension(), ".")
		u := s.graph.Value + f.Extension()
		out = append(out, distribution{
			name:        "source-" + s.ID + "-" + ext,
			title:       s.name() + " (" + f.String() + ")",
			description: "The named graph " + s.graph.Value + " in " + f.String() + ".",
			url:         u,
			fileType:    fileTypes[f],
			mediaType:   f.MediaType(),
			conformsTo:  []string{c.in.IRIs.Ontology().Value},
			issued:      s.facts.firstSeen,
			modified:    cmp.Or(s.facts.modified, c.snap.modified),
		})
	}
	return out
}

// writeDistribution describes a distribution and returns its IRI.
func (c *catalogWriter) writeDistribution(ctx context.Context, d distribution) (rdf.Term, error) {
	dist := c.n.Distribution(d.name)
	c.add(dist, rdf.Type, vocab.DCATDistribution)
	c.en(dist, vocab.DCTTitle, d.title)
	c.en(dist, vocab.DCTDescription, d.description)
	c.add(dist, vocab.DCATAccessURL, rdf.IRI(d.url))
	c.add(dist, vocab.DCATDownloadURL, rdf.IRI(d.url))
	if c.in.Sizes != nil {
		size, ok, err := c.in.Sizes.ByteSize(ctx, c.in.Reader, d.url)
		if err != nil {
			return rdf.Term{}, fmt.Errorf("catalog: byte size of %s: %w", d.url, err)
		}
		if ok {
			c.add(dist, vocab.DCATByteSize, rdf.Literal(strconv.FormatInt(size, 10), rdf.NSXSD+"nonNegativeInteger"))
		}
	}
	c.add(dist, vocab.DCTFormat, c.value(authority(FileTypeScheme, d.fileType), vocab.DCTMediaTypeOrExtent, FileTypeScheme))
	c.add(dist, vocab.DCATMediaType, c.value(mediaTypeIRI(d.mediaType), vocab.DCTMediaType, ""))
	c.add(dist, vocab.DCTRights, c.rights)
	if !d.issued.IsZero() {
		c.add(dist, vocab.DCTIssued, dateTime(d.issued))
	}
	if !d.modified.IsZero() {
		c.add(dist, vocab.DCTModified, dateTime(d.modified))
	}
	for _, s := range d.conformsTo {
		title, ok := standardTitles[s]
		if !ok {
			title = "Skillsmap ontology: the data model of digital-skills practices"
		}
		c.add(dist, vocab.DCTConformsTo, c.standard(s, title))
	}
	c.add(dist, vocab.DCTLicense, c.licence)
	c.add(dist, dcatapAvailability, c.concept(availabilityStable))
	return dist, nil
}
