package rdf

// Namespaces used throughout Skillsmap.
const (
	NSRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS   = "http://www.w3.org/2000/01/rdf-schema#"
	NSXSD    = "http://www.w3.org/2001/XMLSchema#"
	NSOWL    = "http://www.w3.org/2002/07/owl#"
	NSSKOS   = "http://www.w3.org/2004/02/skos/core#"
	NSDCT    = "http://purl.org/dc/terms/"
	NSDCAT   = "http://www.w3.org/ns/dcat#"
	NSFOAF   = "http://xmlns.com/foaf/0.1/"
	NSPROV   = "http://www.w3.org/ns/prov#"
	NSORG    = "http://www.w3.org/ns/org#"
	NSLOCN   = "http://www.w3.org/ns/locn#"
	NSGEO    = "http://www.opengis.net/ont/geosparql#"
	NSWGS84  = "http://www.w3.org/2003/01/geo/wgs84_pos#"
	NSSchema = "http://schema.org/"
	NSVCARD  = "http://www.w3.org/2006/vcard/ns#"
	NSVOID   = "http://rdfs.org/ns/void#"
	NSSD     = "http://www.w3.org/ns/sparql-service-description#"
	NSADMS   = "http://www.w3.org/ns/adms#"
	NSESCO   = "http://data.europa.eu/esco/model#"
	NSHydra  = "http://www.w3.org/ns/hydra/core#"
)

// Datatype and vocabulary IRIs used in code.
const (
	XSDString     = NSXSD + "string"
	XSDBoolean    = NSXSD + "boolean"
	XSDInteger    = NSXSD + "integer"
	XSDDecimal    = NSXSD + "decimal"
	XSDDouble     = NSXSD + "double"
	XSDFloat      = NSXSD + "float"
	XSDDate       = NSXSD + "date"
	XSDDateTime   = NSXSD + "dateTime"
	XSDGYear      = NSXSD + "gYear"
	XSDAnyURI     = NSXSD + "anyURI"
	RDFLangString = NSRDF + "langString"
	RDFType       = NSRDF + "type"
	RDFFirst      = NSRDF + "first"
	RDFRest       = NSRDF + "rest"
	RDFNil        = NSRDF + "nil"
	RDFXMLLiteral = NSRDF + "XMLLiteral"
	RDFHTML       = NSRDF + "HTML"
	RDFJSON       = NSRDF + "JSON"
)

// Type is the rdf:type predicate as a Term.
var Type = IRI(RDFType)
