package vocab

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// LanguageAuthorityBase is the EU language authority table:
// LanguageAuthorityBase + "DEU" is German.
const LanguageAuthorityBase = "http://publications.europa.eu/resource/authority/language/"

// euLanguages maps ISO 639-1 codes, as language tags carry them, to the
// codes of the EU language table: the EU's official languages, the other
// languages of the NUTS countries, and languages that practices for
// migrants publish their materials in. It is the project's one such table:
// the catalog writes dct:language with it, the DCAT extractor reads
// dct:language with it, the exchange offers it for a practice's materials.
var euLanguages = map[string]string{
	"bg": "BUL", "bs": "BOS", "ca": "CAT", "cs": "CES", "cy": "CYM", "da": "DAN", "de": "DEU",
	"el": "ELL", "en": "ENG", "es": "SPA", "et": "EST", "eu": "EUS", "fi": "FIN", "fr": "FRA",
	"ga": "GLE", "gl": "GLG", "hr": "HRV", "hu": "HUN", "is": "ISL", "it": "ITA", "lb": "LTZ",
	"lt": "LIT", "lv": "LAV", "mk": "MKD", "mt": "MLT", "nb": "NOB", "nl": "NLD", "nn": "NNO",
	"no": "NOR", "pl": "POL", "pt": "POR", "ro": "RON", "ru": "RUS", "sk": "SLK", "sl": "SLV",
	"sq": "SQI", "sr": "SRP", "sv": "SWE", "tr": "TUR", "uk": "UKR",
	"ar": "ARA", "fa": "FAS", "ps": "PUS", "ti": "TIR", "so": "SOM", "ku": "KUR",
}

// isoLanguages is euLanguages the other way round.
var isoLanguages = func() map[string]string {
	m := make(map[string]string, len(euLanguages))
	for iso, eu := range euLanguages {
		m[eu] = iso
	}
	return m
}()

// EULanguageCode returns the EU language table's code of a BCP 47 tag
// ("de-AT" → "DEU"), false for languages outside the table.
func EULanguageCode(tag string) (string, bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	code, ok := euLanguages[primary]
	return code, ok
}

// LanguageTag returns the ISO 639-1 tag of a code of the EU language table
// ("DEU" → "de"; any case), false for codes outside the table.
func LanguageTag(euCode string) (string, bool) {
	tag, ok := isoLanguages[strings.ToUpper(euCode)]
	return tag, ok
}

// LanguageCodes returns the ISO 639-1 codes of the language table, sorted.
func LanguageCodes() []string {
	out := make([]string, 0, len(euLanguages))
	for c := range euLanguages {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// LanguageIRI returns the EU language authority IRI of a BCP 47 tag
// ("de-AT" → …/language/DEU); false for languages outside the table.
func LanguageIRI(tag string) (rdf.Term, bool) {
	code, ok := EULanguageCode(tag)
	if !ok {
		return rdf.Term{}, false
	}
	return rdf.IRI(LanguageAuthorityBase + code), true
}

// LanguageCode returns the ISO 639-1 code of an EU language authority IRI
// (…/language/DEU → "de"); false for IRIs outside the table.
func LanguageCode(t rdf.Term) (string, bool) {
	code, ok := strings.CutPrefix(t.Value, LanguageAuthorityBase)
	if !t.IsIRI() || !ok {
		return "", false
	}
	return LanguageTag(code)
}
