package vocab

import "strings"

// LanguageAuthorityBase is the EU language authority table:
// LanguageAuthorityBase + "DEU" is German.
const LanguageAuthorityBase = "http://publications.europa.eu/resource/authority/language/"

// euLanguages maps ISO 639-1 codes, as language tags carry them, to the
// codes of the EU language table: the EU's official languages and the
// other languages of the NUTS countries. It is the project's one such
// table: the catalog writes dct:language with it, the DCAT extractor reads
// dct:language with it.
var euLanguages = map[string]string{
	"bg": "BUL", "bs": "BOS", "ca": "CAT", "cs": "CES", "cy": "CYM", "da": "DAN", "de": "DEU",
	"el": "ELL", "en": "ENG", "es": "SPA", "et": "EST", "eu": "EUS", "fi": "FIN", "fr": "FRA",
	"ga": "GLE", "gl": "GLG", "hr": "HRV", "hu": "HUN", "is": "ISL", "it": "ITA", "lb": "LTZ",
	"lt": "LIT", "lv": "LAV", "mk": "MKD", "mt": "MLT", "nb": "NOB", "nl": "NLD", "nn": "NNO",
	"no": "NOR", "pl": "POL", "pt": "POR", "ro": "RON", "ru": "RUS", "sk": "SLK", "sl": "SLV",
	"sq": "SQI", "sr": "SRP", "sv": "SWE", "tr": "TUR", "uk": "UKR",
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
