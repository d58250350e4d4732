package vocab

import "github.com/skillsmap/skillsmap/internal/rdf"

// The terms of DCAT 3, Dublin Core, FOAF, vCard, VoID and the SPARQL service
// description that the catalog writes and the DCAT extractor reads, beside
// those of the data model (terms.go): one set of term constants for every
// package. A name ending in Prop is the property whose class has the same
// local name (DCATDataset is the class, DCATDatasetProp dcat:dataset).
var (
	// DCAT 3.
	DCATAccessService       = rdf.IRI(rdf.NSDCAT + "accessService")
	DCATAccessURL           = rdf.IRI(rdf.NSDCAT + "accessURL")
	DCATBbox                = rdf.IRI(rdf.NSDCAT + "bbox")
	DCATCatalog             = rdf.IRI(rdf.NSDCAT + "Catalog")
	DCATCatalogRecord       = rdf.IRI(rdf.NSDCAT + "CatalogRecord")
	DCATCentroid            = rdf.IRI(rdf.NSDCAT + "centroid")
	DCATContactPoint        = rdf.IRI(rdf.NSDCAT + "contactPoint")
	DCATDataService         = rdf.IRI(rdf.NSDCAT + "DataService")
	DCATDataset             = rdf.IRI(rdf.NSDCAT + "Dataset")
	DCATDatasetProp         = rdf.IRI(rdf.NSDCAT + "dataset")
	DCATByteSize            = rdf.IRI(rdf.NSDCAT + "byteSize")
	DCATDistribution        = rdf.IRI(rdf.NSDCAT + "Distribution")
	DCATDistributionProp    = rdf.IRI(rdf.NSDCAT + "distribution")
	DCATDownloadURL         = rdf.IRI(rdf.NSDCAT + "downloadURL")
	DCATEndDate             = rdf.IRI(rdf.NSDCAT + "endDate")
	DCATEndpointDescription = rdf.IRI(rdf.NSDCAT + "endpointDescription")
	DCATEndpointURL         = rdf.IRI(rdf.NSDCAT + "endpointURL")
	DCATMediaType           = rdf.IRI(rdf.NSDCAT + "mediaType")
	DCATRecord              = rdf.IRI(rdf.NSDCAT + "record")
	DCATResource            = rdf.IRI(rdf.NSDCAT + "Resource")
	DCATServesDataset       = rdf.IRI(rdf.NSDCAT + "servesDataset")
	DCATService             = rdf.IRI(rdf.NSDCAT + "service")
	DCATStartDate           = rdf.IRI(rdf.NSDCAT + "startDate")
	DCATTheme               = rdf.IRI(rdf.NSDCAT + "theme")
	DCATThemeTaxonomy       = rdf.IRI(rdf.NSDCAT + "themeTaxonomy")

	// Dublin Core terms.
	DCTAccessRights        = rdf.IRI(rdf.NSDCT + "accessRights")
	DCTAccrualPeriodicity  = rdf.IRI(rdf.NSDCT + "accrualPeriodicity")
	DCTConformsTo          = rdf.IRI(rdf.NSDCT + "conformsTo")
	DCTFormat              = rdf.IRI(rdf.NSDCT + "format")
	DCTFrequency           = rdf.IRI(rdf.NSDCT + "Frequency")
	DCTHasPart             = rdf.IRI(rdf.NSDCT + "hasPart")
	DCTIsPartOf            = rdf.IRI(rdf.NSDCT + "isPartOf")
	DCTIssued              = rdf.IRI(rdf.NSDCT + "issued")
	DCTLanguage            = rdf.IRI(rdf.NSDCT + "language")
	DCTLicenseDocument     = rdf.IRI(rdf.NSDCT + "LicenseDocument")
	DCTLinguisticSystem    = rdf.IRI(rdf.NSDCT + "LinguisticSystem")
	DCTMediaType           = rdf.IRI(rdf.NSDCT + "MediaType")
	DCTMediaTypeOrExtent   = rdf.IRI(rdf.NSDCT + "MediaTypeOrExtent")
	DCTPeriodOfTime        = rdf.IRI(rdf.NSDCT + "PeriodOfTime")
	DCTProvenance          = rdf.IRI(rdf.NSDCT + "provenance")
	DCTProvenanceStatement = rdf.IRI(rdf.NSDCT + "ProvenanceStatement")
	DCTPublisher           = rdf.IRI(rdf.NSDCT + "publisher")
	DCTRightsStatement     = rdf.IRI(rdf.NSDCT + "RightsStatement")
	DCTStandard            = rdf.IRI(rdf.NSDCT + "Standard")
	DCTTemporal            = rdf.IRI(rdf.NSDCT + "temporal")

	// FOAF.
	FOAFAgent        = rdf.IRI(rdf.NSFOAF + "Agent")
	FOAFDocument     = rdf.IRI(rdf.NSFOAF + "Document")
	FOAFHomepage     = rdf.IRI(rdf.NSFOAF + "homepage")
	FOAFName         = rdf.IRI(rdf.NSFOAF + "name")
	FOAFOrganization = rdf.IRI(rdf.NSFOAF + "Organization")
	FOAFPage         = rdf.IRI(rdf.NSFOAF + "page")
	FOAFPrimaryTopic = rdf.IRI(rdf.NSFOAF + "primaryTopic")

	// vCard.
	VCardFn           = rdf.IRI(rdf.NSVCARD + "fn")
	VCardHasEmail     = rdf.IRI(rdf.NSVCARD + "hasEmail")
	VCardHasURL       = rdf.IRI(rdf.NSVCARD + "hasURL")
	VCardKind         = rdf.IRI(rdf.NSVCARD + "Kind")
	VCardOrganization = rdf.IRI(rdf.NSVCARD + "Organization")

	// VoID.
	VoIDClass              = rdf.IRI(rdf.NSVOID + "class")
	VoIDClassPartition     = rdf.IRI(rdf.NSVOID + "classPartition")
	VoIDClasses            = rdf.IRI(rdf.NSVOID + "classes")
	VoIDDataDump           = rdf.IRI(rdf.NSVOID + "dataDump")
	VoIDDataset            = rdf.IRI(rdf.NSVOID + "Dataset")
	VoIDDatasetDescription = rdf.IRI(rdf.NSVOID + "DatasetDescription")
	VoIDDistinctObjects    = rdf.IRI(rdf.NSVOID + "distinctObjects")
	VoIDDistinctSubjects   = rdf.IRI(rdf.NSVOID + "distinctSubjects")
	VoIDEntities           = rdf.IRI(rdf.NSVOID + "entities")
	VoIDExampleResource    = rdf.IRI(rdf.NSVOID + "exampleResource")
	VoIDFeature            = rdf.IRI(rdf.NSVOID + "feature")
	VoIDLinkPredicate      = rdf.IRI(rdf.NSVOID + "linkPredicate")
	VoIDLinkset            = rdf.IRI(rdf.NSVOID + "Linkset")
	VoIDObjectsTarget      = rdf.IRI(rdf.NSVOID + "objectsTarget")
	VoIDProperties         = rdf.IRI(rdf.NSVOID + "properties")
	VoIDProperty           = rdf.IRI(rdf.NSVOID + "property")
	VoIDPropertyPartition  = rdf.IRI(rdf.NSVOID + "propertyPartition")
	VoIDRootResource       = rdf.IRI(rdf.NSVOID + "rootResource")
	VoIDSparqlEndpoint     = rdf.IRI(rdf.NSVOID + "sparqlEndpoint")
	VoIDSubjectsTarget     = rdf.IRI(rdf.NSVOID + "subjectsTarget")
	VoIDSubset             = rdf.IRI(rdf.NSVOID + "subset")
	VoIDTriples            = rdf.IRI(rdf.NSVOID + "triples")
	VoIDUriSpace           = rdf.IRI(rdf.NSVOID + "uriSpace")
	VoIDVocabulary         = rdf.IRI(rdf.NSVOID + "vocabulary")

	// SPARQL 1.1 Service Description.
	SDGraph      = rdf.IRI(rdf.NSSD + "Graph")
	SDGraphProp  = rdf.IRI(rdf.NSSD + "graph")
	SDName       = rdf.IRI(rdf.NSSD + "name")
	SDNamedGraph = rdf.IRI(rdf.NSSD + "NamedGraph")

	// RDF Schema.
	RDFSResource = rdf.IRI(rdf.NSRDFS + "Resource")
	RDFSSeeAlso  = rdf.IRI(rdf.NSRDFS + "seeAlso")

	// ISA Core Location.
	LOCNGeometry = rdf.IRI(rdf.NSLOCN + "geometry")
)
