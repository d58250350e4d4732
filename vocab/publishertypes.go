package vocab

import "strings"

// PublisherTypeBase is the namespace of ADMS's publisher types:
// PublisherTypeBase + "LocalAuthority".
const PublisherTypeBase = "http://purl.org/adms/publishertype/"

// PublisherTypes are the ADMS publisher types, by the code used in the
// configuration (the last segment of the IRI) and their English labels.
var PublisherTypes = map[string]string{
	"Academia-ScientificOrganisation": "Academia/Scientific organisation",
	"Company":                         "Company",
	"IndustryConsortium":              "Industry consortium",
	"LocalAuthority":                  "Local authority",
	"NationalAuthority":               "National authority",
	"NonGovernmentalOrganisation":     "Non-governmental organisation",
	"NonProfitOrganisation":           "Non-profit organisation",
	"PrivateIndividual(s)":            "Private individual(s)",
	"RegionalAuthority":               "Regional authority",
	"StandardisationBody":             "Standardisation body",
	"SupraNationalAuthority":          "Supra-national authority",
}

// IsPublisherType reports whether s is an ADMS publisher type, by its code
// ("LocalAuthority") or its IRI.
func IsPublisherType(s string) bool {
	_, ok := PublisherTypes[strings.TrimPrefix(s, PublisherTypeBase)]
	return ok
}
