package catalog

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// describeService writes what the two data services share.
func (c *catalogWriter) describeService(svc rdf.Term, title, description string, keywords ...string) {
	c.add(svc, rdf.Type, dcatDataService)
	c.add(svc, rdf.Type, dcatResource)
	c.en(svc, dctTitle, title)
	c.en(svc, dctDescription, description)
	c.add(svc, dctIdentifier, rdf.String(svc.Value))
	c.add(svc, dctPublisher, c.publisher)
	c.add(svc, dcatContactPoint, c.contact)
	c.add(svc, dctLicense, c.licence)
	c.add(svc, dctAccessRights, c.accessRights)
	c.add(svc, dcatTheme, c.concept(themeEducation))
	c.add(svc, dcatTheme, c.concept(themeSociety))
	for _, k := range keywords {
		c.en(svc, dcatKeyword, k)
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
	c.add(svc, dcatEndpointURL, endpoint)
	c.add(svc, dcatEndpointDesc, endpoint)
	c.add(svc, dctConformsTo, c.standard(stdSPARQLProtocol, standardTitles[stdSPARQLProtocol]))
	c.add(svc, dctConformsTo, c.standard(stdSPARQLQuery, standardTitles[stdSPARQLQuery]))
	c.add(svc, dctFormat, c.value(authority(FileTypeScheme, "SPARQLQ"), dctMediaTypeOrExtent, FileTypeScheme))
	for _, ds := range datasets {
		c.add(svc, dcatServesDataset, ds)
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
	c.add(svc, dcatEndpointURL, c.resource(base+OGCAPIPath))
	c.add(svc, dcatEndpointDesc, c.resource(base+OGCAPIDefinitionPath))
	c.add(svc, dcatLandingPage, c.document(base+OGCAPIPath))
	c.add(svc, dctConformsTo, c.standard(stdOGCFeatures, standardTitles[stdOGCFeatures]))
	c.add(svc, dctConformsTo, c.standard(stdOGCGeoJSON, standardTitles[stdOGCGeoJSON]))
	c.add(svc, dctFormat, c.value(authority(FileTypeScheme, "GEOJSON"), dctMediaTypeOrExtent, FileTypeScheme))
	c.add(svc, dcatServesDataset, main)
	return svc
}
