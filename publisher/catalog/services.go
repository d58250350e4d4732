package catalog

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// describeService writes what the two data services share.
func (c *catalogWriter) describeService(svc rdf.Term, title, description string, keywords ...string) {
	c.add(svc, rdf.Type, vocab.DCATDataService)
	c.add(svc, rdf.Type, vocab.DCATResource)
	c.en(svc, vocab.DCTTitle, title)
	c.en(svc, vocab.DCTDescription, description)
	c.add(svc, vocab.DCTIdentifier, rdf.String(svc.Value))
	c.add(svc, vocab.DCTPublisher, c.publisher)
	c.add(svc, vocab.DCATContactPoint, c.contact)
	c.add(svc, vocab.DCTLicense, c.licence)
	c.add(svc, vocab.DCTAccessRights, c.accessRights)
	c.add(svc, vocab.DCATTheme, c.concept(themeEducation))
	c.add(svc, vocab.DCATTheme, c.concept(themeSociety))
	for _, k := range keywords {
		c.en(svc, vocab.DCATKeyword, k)
	}
}

// writeSPARQLService describes the SPARQL endpoint. A GET on the endpoint
// without a query answers its SPARQL 1.1 service description, which is the
// endpoint description DCAT asks for.
func (c *catalogWriter) writeSPARQLService(datasets []rdf.Term) rdf.Term {
	svc := c.n.SPARQL()
	endpoint := c.resource(c.in.sparqlEndpoint())
	c.describeService(svc, "SPARQL endpoint of the "+c.in.Catalog.Title,
		"A SPARQL 1.1 Protocol endpoint over every named graph of the map: the practices of each source, "+
			"the harvest provenance and the vocabularies.",
		"SPARQL", "linked data", "digital skills")
	c.add(svc, vocab.DCATEndpointURL, endpoint)
	c.add(svc, vocab.DCATEndpointDescription, endpoint)
	c.add(svc, vocab.DCTConformsTo, c.standard(stdSPARQLProtocol, standardTitles[stdSPARQLProtocol]))
	c.add(svc, vocab.DCTConformsTo, c.standard(stdSPARQLQuery, standardTitles[stdSPARQLQuery]))
	c.add(svc, vocab.DCTFormat, c.value(authority(FileTypeScheme, "SPARQLQ"), vocab.DCTMediaTypeOrExtent, FileTypeScheme))
	for _, ds := range datasets {
		c.add(svc, vocab.DCATServesDataset, ds)
	}
	return svc
}

// writeOGCService describes the OGC API – Features of the map layer.
func (c *catalogWriter) writeOGCService(main rdf.Term) rdf.Term {
	svc := c.n.OGCAPI()
	base := c.in.IRIs.Base()
	c.describeService(svc, "OGC API – Features of the "+c.in.Catalog.Title,
		"The places of the practices as an OGC API – Features collection in GeoJSON, for GIS tools and web maps.",
		"OGC API", "map", "digital skills")
	c.add(svc, vocab.DCATEndpointURL, c.resource(base+OGCAPIPath))
	c.add(svc, vocab.DCATEndpointDescription, c.resource(base+OGCAPIDefinitionPath))
	c.add(svc, vocab.DCATLandingPage, c.document(base+OGCAPIPath))
	c.add(svc, vocab.DCTConformsTo, c.standard(stdOGCFeatures, standardTitles[stdOGCFeatures]))
	c.add(svc, vocab.DCTConformsTo, c.standard(stdOGCGeoJSON, standardTitles[stdOGCGeoJSON]))
	c.add(svc, vocab.DCTFormat, c.value(authority(FileTypeScheme, "GEOJSON"), vocab.DCTMediaTypeOrExtent, FileTypeScheme))
	c.add(svc, vocab.DCATServesDataset, main)
	return svc
}
