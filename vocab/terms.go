package vocab

import "github.com/skillsmap/skillsmap/internal/rdf"

// The terms of other vocabularies that Skillsmap's data model uses. MODEL.md
// explains each choice. They are variables only because rdf.Term is a
// struct: treat them as constants.
var (
	// Dublin Core terms.
	DCTTitle             = rdf.IRI(rdf.NSDCT + "title")
	DCTDescription       = rdf.IRI(rdf.NSDCT + "description")
	DCTIdentifier        = rdf.IRI(rdf.NSDCT + "identifier")
	DCTSource            = rdf.IRI(rdf.NSDCT + "source")
	DCTSpatial           = rdf.IRI(rdf.NSDCT + "spatial")
	DCTType              = rdf.IRI(rdf.NSDCT + "type")
	DCTCreated           = rdf.IRI(rdf.NSDCT + "created")
	DCTModified          = rdf.IRI(rdf.NSDCT + "modified")
	DCTIsReplacedBy      = rdf.IRI(rdf.NSDCT + "isReplacedBy")
	DCTLicense           = rdf.IRI(rdf.NSDCT + "license")
	DCTRightsHolder      = rdf.IRI(rdf.NSDCT + "rightsHolder")
	DCTRights            = rdf.IRI(rdf.NSDCT + "rights")
	DCTLocation          = rdf.IRI(rdf.NSDCT + "Location")
	DCATKeyword          = rdf.IRI(rdf.NSDCAT + "keyword")
	DCATLandingPage      = rdf.IRI(rdf.NSDCAT + "landingPage")
	VCardRole            = rdf.IRI(rdf.NSVCARD + "role")
	ADMSStatus           = rdf.IRI(rdf.NSADMS + "status")
	SchemaURL            = rdf.IRI(rdf.NSSchema + "url")
	SchemaName           = rdf.IRI(rdf.NSSchema + "name")
	SchemaProvider       = rdf.IRI(rdf.NSSchema + "provider")
	SchemaTeaches        = rdf.IRI(rdf.NSSchema + "teaches")
	SchemaStartDate      = rdf.IRI(rdf.NSSchema + "startDate")
	SchemaEndDate        = rdf.IRI(rdf.NSSchema + "endDate")
	SchemaCourseMode     = rdf.IRI(rdf.NSSchema + "courseMode")
	SchemaAudience       = rdf.IRI(rdf.NSSchema + "audience")
	SchemaIsBasedOn      = rdf.IRI(rdf.NSSchema + "isBasedOn")
	SchemaSameAs         = rdf.IRI(rdf.NSSchema + "sameAs")
	SchemaTimeRequired   = rdf.IRI(rdf.NSSchema + "timeRequired")
	SchemaEstimatedCost  = rdf.IRI(rdf.NSSchema + "estimatedCost")
	SchemaMonetaryAmount = rdf.IRI(rdf.NSSchema + "MonetaryAmount")
	SchemaMinValue       = rdf.IRI(rdf.NSSchema + "minValue")
	SchemaMaxValue       = rdf.IRI(rdf.NSSchema + "maxValue")
	SchemaCurrency       = rdf.IRI(rdf.NSSchema + "currency")
	ORGOrganization      = rdf.IRI(rdf.NSORG + "Organization")
	LOCNLocation         = rdf.IRI(rdf.NSLOCN + "location")
	LOCNGeographicName   = rdf.IRI(rdf.NSLOCN + "geographicName")
	WGS84Lat             = rdf.IRI(rdf.NSWGS84 + "lat")
	WGS84Long            = rdf.IRI(rdf.NSWGS84 + "long")
	GeoSfWithin          = rdf.IRI(rdf.NSGEO + "sfWithin")

	// PROV-O.
	PROVEntity            = rdf.IRI(rdf.NSPROV + "Entity")
	PROVActivity          = rdf.IRI(rdf.NSPROV + "Activity")
	PROVWasDerivedFrom    = rdf.IRI(rdf.NSPROV + "wasDerivedFrom")
	PROVWasGeneratedBy    = rdf.IRI(rdf.NSPROV + "wasGeneratedBy")
	PROVUsed              = rdf.IRI(rdf.NSPROV + "used")
	PROVGenerated         = rdf.IRI(rdf.NSPROV + "generated")
	PROVStartedAtTime     = rdf.IRI(rdf.NSPROV + "startedAtTime")
	PROVEndedAtTime       = rdf.IRI(rdf.NSPROV + "endedAtTime")
	PROVWasAssociatedWith = rdf.IRI(rdf.NSPROV + "wasAssociatedWith")
	PROVWasAttributedTo   = rdf.IRI(rdf.NSPROV + "wasAttributedTo")
	PROVInvalidatedAtTime = rdf.IRI(rdf.NSPROV + "invalidatedAtTime")

	// SKOS.
	SKOSConcept       = rdf.IRI(rdf.NSSKOS + "Concept")
	SKOSConceptScheme = rdf.IRI(rdf.NSSKOS + "ConceptScheme")
	SKOSPrefLabel     = rdf.IRI(rdf.NSSKOS + "prefLabel")
	SKOSAltLabel      = rdf.IRI(rdf.NSSKOS + "altLabel")
	SKOSHiddenLabel   = rdf.IRI(rdf.NSSKOS + "hiddenLabel")
	SKOSNotation      = rdf.IRI(rdf.NSSKOS + "notation")
	SKOSDefinition    = rdf.IRI(rdf.NSSKOS + "definition")
	SKOSBroader       = rdf.IRI(rdf.NSSKOS + "broader")
	SKOSNarrower      = rdf.IRI(rdf.NSSKOS + "narrower")
	SKOSInScheme      = rdf.IRI(rdf.NSSKOS + "inScheme")
	SKOSTopConceptOf  = rdf.IRI(rdf.NSSKOS + "topConceptOf")
	SKOSHasTopConcept = rdf.IRI(rdf.NSSKOS + "hasTopConcept")
	SKOSCloseMatch    = rdf.IRI(rdf.NSSKOS + "closeMatch")
	SKOSExactMatch    = rdf.IRI(rdf.NSSKOS + "exactMatch")

	// RDFS and OWL.
	RDFSLabel           = rdf.IRI(rdf.NSRDFS + "label")
	RDFSComment         = rdf.IRI(rdf.NSRDFS + "comment")
	RDFSSubClassOf      = rdf.IRI(rdf.NSRDFS + "subClassOf")
	RDFSSubPropertyOf   = rdf.IRI(rdf.NSRDFS + "subPropertyOf")
	RDFSDomain          = rdf.IRI(rdf.NSRDFS + "domain")
	RDFSRange           = rdf.IRI(rdf.NSRDFS + "range")
	RDFSDatatype        = rdf.IRI(rdf.NSRDFS + "Datatype")
	OWLOntology         = rdf.IRI(rdf.NSOWL + "Ontology")
	OWLClass            = rdf.IRI(rdf.NSOWL + "Class")
	OWLObjectProperty   = rdf.IRI(rdf.NSOWL + "ObjectProperty")
	OWLDatatypeProperty = rdf.IRI(rdf.NSOWL + "DatatypeProperty")
)

// Terms are the terms Skillsmap mints in its own namespace, {base}ns#: only
// what the reused vocabularies lack. Get them from IRIs.Terms. Each is
// declared, with labels and comments in English and German, in the embedded
// ontology (ontology.ttl).
type Terms struct {
	// Classes.
	Practice   rdf.Term // a digital-skills practice (project, course, initiative)
	Source     rdf.Term // a partner site that Skillsmap harvests
	HarvestRun rdf.Term // one run of the harvester over one source
	// ValidatedGoodPractice is the class of practices editors validated as
	// good practices (asserted in the editorial graph).
	ValidatedGoodPractice rdf.Term
	// EditorialActivity is one editorial act on a published practice.
	EditorialActivity rdf.Term
	// Need is what a local or regional actor looks for; Transfer an
	// organisation adapting a practice.
	Need, Transfer rdf.Term
	// Properties of needs: what they seek.
	SeeksSkill, SeeksTargetGroup, SeeksPracticeType, SeeksDeliveryMode rdf.Term

	// Properties of practices.
	TargetGroup      rdf.Term // → target-group concept
	DeliveryMode     rdf.Term // → delivery-mode concept
	FundingProgramme rdf.Term // → funding programme (literal or IRI)
	Country          rdf.Term // → EU country authority IRI (also used on regions)
	FirstSeen        rdf.Term // xsd:dateTime the harvester first saw the record
	LastSeen         rdf.Term // xsd:dateTime the harvester last saw the record
	AdaptedFrom      rdf.Term // → the practice this one was adapted from
	QualityScore     rdf.Term // xsd:decimal 0–1: completeness of a record (on a run: the average)
	MissedRuns       rdf.Term // xsd:integer: complete runs in a row that did not find the practice

	// What makes a practice transferable (language-tagged texts).
	Results        rdf.Term // results and evidence of success
	LessonsLearnt  rdf.Term // what its people learnt
	StaffRequired  rdf.Term // the staff it takes
	PartnersNeeded rdf.Term // the partners it takes

	// Properties of editorial activities.
	ChangedProperty rdf.Term // → a property whose values the act changed

	// Properties of harvest runs.
	RunStatus          rdf.Term // "ok", "partial" or "failed"
	PagesFetched       rdf.Term // xsd:integer
	PagesNotModified   rdf.Term // xsd:integer: 304 answers to conditional requests
	RecordsFound       rdf.Term // xsd:integer
	ErrorCount         rdf.Term // xsd:integer
	RunError           rdf.Term // why the run failed, or a page's error
	PracticesKept      rdf.Term // xsd:integer: practices carried over, not found this run
	PracticesWithdrawn rdf.Term // xsd:integer: practices the run withdrew

	// Properties of regions.
	NUTSLevel rdf.Term // xsd:integer 0–3

	// Datatypes of skos:notation values.
	NUTSCode      rdf.Term
	ISO3166Alpha2 rdf.Term
	ISO3166Alpha3 rdf.Term
}

// newTerms returns the terms in namespace ns. The ontology test checks that
// the Turtle declares every one.
func newTerms(ns string) Terms {
	t := func(local string) rdf.Term { return rdf.IRI(ns + local) }
	return Terms{
		Practice:              t("Practice"),
		Source:                t("Source"),
		HarvestRun:            t("HarvestRun"),
		ValidatedGoodPractice: t("ValidatedGoodPractice"),
		EditorialActivity:     t("EditorialActivity"),
		Need:                  t("Need"),
		Transfer:              t("Transfer"),
		SeeksSkill:            t("seeksSkill"),
		SeeksTargetGroup:      t("seeksTargetGroup"),
		SeeksPracticeType:     t("seeksPracticeType"),
		SeeksDeliveryMode:     t("seeksDeliveryMode"),
		Results:               t("results"),
		LessonsLearnt:         t("lessonsLearnt"),
		StaffRequired:         t("staffRequired"),
		PartnersNeeded:        t("partnersNeeded"),
		ChangedProperty:       t("changedProperty"),
		TargetGroup:           t("targetGroup"),
		DeliveryMode:          t("deliveryMode"),
		FundingProgramme:      t("fundingProgramme"),
		Country:               t("country"),
		FirstSeen:             t("firstSeen"),
		LastSeen:              t("lastSeen"),
		AdaptedFrom:           t("adaptedFrom"),
		QualityScore:          t("qualityScore"),
		MissedRuns:            t("missedRuns"),
		PracticesKept:         t("practicesKept"),
		PracticesWithdrawn:    t("practicesWithdrawn"),
		RunStatus:             t("runStatus"),
		PagesFetched:          t("pagesFetched"),
		PagesNotModified:      t("pagesNotModified"),
		RecordsFound:          t("recordsFound"),
		ErrorCount:            t("errorCount"),
		RunError:              t("runError"),
		NUTSLevel:             t("nutsLevel"),
		NUTSCode:              t("NUTSCode"),
		ISO3166Alpha2:         t("ISO3166Alpha2"),
		ISO3166Alpha3:         t("ISO3166Alpha3"),
	}
}

// All returns every minted term, for checks and documentation.
func (t Terms) All() []rdf.Term {
	return []rdf.Term{
		t.Practice, t.Source, t.HarvestRun, t.ValidatedGoodPractice, t.EditorialActivity,
		t.Results, t.LessonsLearnt, t.StaffRequired, t.PartnersNeeded, t.ChangedProperty,
		t.Need, t.Transfer, t.SeeksSkill, t.SeeksTargetGroup, t.SeeksPracticeType, t.SeeksDeliveryMode,
		t.TargetGroup, t.DeliveryMode, t.FundingProgramme, t.Country,
		t.FirstSeen, t.LastSeen, t.AdaptedFrom, t.QualityScore, t.MissedRuns,
		t.RunStatus, t.PagesFetched, t.PagesNotModified, t.RecordsFound, t.ErrorCount, t.RunError,
		t.PracticesKept, t.PracticesWithdrawn,
		t.NUTSLevel,
		t.NUTSCode, t.ISO3166Alpha2, t.ISO3166Alpha3,
	}
}
