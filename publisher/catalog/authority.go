package catalog

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// The controlled vocabularies DCAT-AP 3 prescribes: the EU Publications
// Office authority tables, ADMS's publisher and licence types, and IANA's
// media types. DCAT-AP's shapes check that a value is typed with the
// property's range class and, for the EU tables, that it is skos:inScheme
// of the right table; validators get those statements by loading the tables
// into the data graph. The catalog carries the few statements of that kind
// about the values it uses (see concept and typedValue), so that it
// validates on its own, as harvesters check it.
const (
	authorityBase = "http://publications.europa.eu/resource/authority/"

	// FileTypeScheme is the EU file-type table (dct:format).
	FileTypeScheme = authorityBase + "file-type"
	// LanguageScheme is the EU language table (dct:language).
	LanguageScheme = authorityBase + "language"
	// DataThemeScheme is the EU data-theme table (dcat:theme).
	DataThemeScheme = authorityBase + "data-theme"
	// FrequencyScheme is the EU frequency table (dct:accrualPeriodicity).
	FrequencyScheme = authorityBase + "frequency"
	// AccessRightScheme is the EU access-right table (dct:accessRights).
	AccessRightScheme = authorityBase + "access-right"
	// AvailabilityScheme is the EU planned-availability table
	// (dcatap:availability).
	AvailabilityScheme = authorityBase + "planned-availability"
	// CountryScheme is the EU country table (dct:spatial).
	CountryScheme = authorityBase + "country"
	// CorporateBodyScheme is the EU corporate-body table (dct:publisher).
	CorporateBodyScheme = authorityBase + "corporate-body"
	// LicenceBase is the namespace of the EU licence table (dct:license).
	LicenceBase = authorityBase + "licence/"

	// PublisherTypeScheme is ADMS's publisher-type vocabulary (dct:type of
	// a foaf:Agent).
	PublisherTypeScheme = "http://purl.org/adms/publishertype/1.0"
	publisherTypeBase   = "http://purl.org/adms/publishertype/"
	// LicenceTypeScheme is ADMS's licence-type vocabulary (dct:type of a
	// dct:LicenseDocument).
	LicenceTypeScheme = "http://purl.org/adms/licencetype/1.0"
	licenceTypeBase   = "http://purl.org/adms/licencetype/"

	// IANAMediaTypeBase is where DCAT-AP expects dcat:mediaType values.
	IANAMediaTypeBase = "https://www.iana.org/assignments/media-types/"

	// DCATAP is the DCAT-AP release the catalog conforms to, as the
	// release's SHACL shapes name it.
	DCATAP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1"

	nsDCATAP = "http://data.europa.eu/r5r/"
)

// authority returns the IRI of code in an EU authority table.
func authority(scheme, code string) rdf.Term { return rdf.IRI(scheme + "/" + code) }

// concept is a value from a SKOS vocabulary that DCAT-AP types as
// skos:Concept (themes, publisher and licence types, availability): the
// shapes then require a skos:prefLabel.
type concept struct {
	iri    rdf.Term
	scheme string
	label  string // English, the tables' own
}

// Data themes of the EU table that describe the map's practices.
var (
	themeEducation = concept{authority(DataThemeScheme, "EDUC"), DataThemeScheme, "Education, culture and sport"}
	themeSociety   = concept{authority(DataThemeScheme, "SOCI"), DataThemeScheme, "Population and society"}
)

// availabilityStable says a distribution is meant to stay available at its
// URL for the long term: the publisher serves the dumps and the APIs at
// fixed addresses.
var availabilityStable = concept{authority(AvailabilityScheme, "STABLE"), AvailabilityScheme, "stable"}

// The ADMS change types of catalog records (adms:status), which DCAT-AP
// 3.0.1 recommends for a record's latest change.
const (
	// ChangeTypeScheme is ADMS's change-type vocabulary.
	ChangeTypeScheme = "http://purl.org/adms/changetype/1.0"
	changeTypeBase   = "http://purl.org/adms/changetype/"
)

var (
	changeCreated = concept{rdf.IRI(changeTypeBase + "created"), ChangeTypeScheme, "created"}
	changeUpdated = concept{rdf.IRI(changeTypeBase + "updated"), ChangeTypeScheme, "updated"}
)

// accessPublic is the EU access right of open data.
var accessPublic = authority(AccessRightScheme, "PUBLIC")

// publisherType returns the ADMS publisher type for a code or an IRI.
func publisherType(s string) (concept, bool) {
	code := strings.TrimPrefix(s, publisherTypeBase)
	label, ok := vocab.PublisherTypes[code]
	if !ok {
		return concept{}, false
	}
	return concept{rdf.IRI(publisherTypeBase + code), PublisherTypeScheme, label}, true
}

// licenceTypes gives the ADMS licence types of the EU licence table's
// common open licences, so that the catalog can say what a licence allows.
var licenceTypes = map[string][]string{
	"CC_BY_4_0":   {"Attribution"},
	"CC_BYSA_4_0": {"Attribution", "ViralEffect-ShareAlike"},
	"CC0":         {"PublicDomain"},
	"ODC_BY":      {"Attribution"},
}

var licenceTypeLabels = map[string]string{
	"Attribution":            "Attribution",
	"ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
	"PublicDomain":           "Public domain",
}

// licenceTypesOf returns the ADMS licence types of a licence IRI of the EU
// table, none for other licences.
func licenceTypesOf(licence string) []concept {
	code, ok := strings.CutPrefix(licence, LicenceBase)
	if !ok {
		return nil
	}
	var out []concept
	for _, t := range licenceTypes[code] {
		out = append(out, concept{rdf.IRI(licenceTypeBase + t), LicenceTypeScheme, licenceTypeLabels[t]})
	}
	return out
}

// languageIRI returns the EU language IRI of a BCP 47 tag ("de-AT" →
// …/language/DEU), false for languages outside the table.
func languageIRI(tag string) (rdf.Term, bool) {
	code, ok := vocab.EULanguageCode(tag)
	if !ok {
		return rdf.Term{}, false
	}
	return rdf.IRI(vocab.LanguageAuthorityBase + code), true
}

// mediaTypeIRI returns the IANA IRI of a media type.
func mediaTypeIRI(mt string) rdf.Term { return rdf.IRI(IANAMediaTypeBase + mt) }

// isCountry reports whether t is an IRI of the EU country table.
func isCountry(t rdf.Term) bool {
	rest, ok := strings.CutPrefix(t.Value, vocab.CountryAuthorityBase)
	return t.IsIRI() && ok && rest != "" && !strings.ContainsAny(rest, "/#?")
}
