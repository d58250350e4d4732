package match

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/vocab"
)

// Reason is one reason why a practice fits a need, independent of the
// language it is shown in: a code and its arguments. Render it with Text.
type Reason struct {
	Code string         `json:"code"`
	Args map[string]any `json:"args,omitempty"`
}

// Reason codes and their arguments. Concept arguments are ids of the
// bundled schemes; Text renders their labels in the reader's language.
const (
	ReasonSkills       = "skills"       // "skills": []string DigComp ids the practice teaches that fit
	ReasonESCO         = "esco"         // "count": int, ESCO skills asked for that it teaches
	ReasonTargetGroups = "targetGroups" // "groups": []string target-group ids
	ReasonTypes        = "types"        // "types": []string practice-type ids
	ReasonDelivery     = "delivery"     // "modes": []string delivery-mode ids
	ReasonMentions     = "mentions"     // "words": []string words of the need its texts hold
	ReasonRegion       = "region"       // "region": NUTS code, "name": the region's name ("" if unknown)
	ReasonCountry      = "country"      // "country": NUTS country code
	ReasonDistance     = "distance"     // "km": int, to the nearest place of the practice
	ReasonDescribed    = "described"    // "language": ISO 639-1 code of its texts
	ReasonMaterials    = "materials"    // "languages": []string ISO 639-1 codes of its materials
	ReasonAdapted      = "adapted"      // "count": int; "inCountry": int, "country": NUTS code
	ReasonValidated    = "validated"    // an editor validated it as a good practice
	ReasonResults      = "results"      // it documents results
	ReasonLessons      = "lessons"      // it shares lessons learnt
)

// nearKm is the distance below which a distance reason says "less than
// nearKm km away".
const nearKm = 5

// Text renders the reason as a short text in the localizer's language
// ("teaches DigComp 1 and 4", "vermittelt DigComp 1 und 4").
func (r Reason) Text(l *i18n.Localizer) string {
	lang := l.Language()
	switch r.Code {
	case ReasonSkills:
		return l.T("match.skills", map[string]any{"Skills": joinList(l, argStrings(r.Args["skills"]))})
	case ReasonESCO:
		n := argInt(r.Args["count"])
		return l.Plural("match.esco", n, nil)
	case ReasonTargetGroups:
		return l.T("match.target_groups", map[string]any{"Groups": conceptLabels(vocab.TargetGroups, argStrings(r.Args["groups"]), lang)})
	case ReasonTypes:
		return l.T("match.types", map[string]any{"Types": conceptLabels(vocab.PracticeTypes, argStrings(r.Args["types"]), lang)})
	case ReasonDelivery:
		return l.T("match.delivery", map[string]any{"Modes": conceptLabels(vocab.DeliveryModes, argStrings(r.Args["modes"]), lang)})
	case ReasonMentions:
		var quoted []string
		for _, w := range argStrings(r.Args["words"]) {
			quoted = append(quoted, l.T("match.quote", map[string]any{"Word": w}))
		}
		return l.T("match.mentions", map[string]any{"Words": joinList(l, quoted)})
	case ReasonRegion:
		name, _ := r.Args["name"].(string)
		if name == "" {
			return l.T("match.region_unnamed", nil)
		}
		return l.T("match.region", map[string]any{"Region": name})
	case ReasonCountry:
		code, _ := r.Args["country"].(string)
		return l.T("match.country", map[string]any{"Country": countryName(code, lang)})
	case ReasonDistance:
		km := argInt(r.Args["km"])
		if km < nearKm {
			return l.T("match.distance_near", map[string]any{"Km": nearKm})
		}
		return l.T("match.distance", map[string]any{"Km": km})
	case ReasonDescribed:
		code, _ := r.Args["language"].(string)
		return l.T("match.described", map[string]any{"Language": languageName(code, lang)})
	case ReasonMaterials:
		var names []string
		for _, c := range argStrings(r.Args["languages"]) {
			names = append(names, languageName(c, lang))
		}
		return l.T("match.materials", map[string]any{"Languages": joinList(l, names)})
	case ReasonAdapted:
		n, in := argInt(r.Args["count"]), argInt(r.Args["inCountry"])
		code, _ := r.Args["country"].(string)
		switch {
		case in <= 0 || code == "":
			return l.T("match.adapted", map[string]any{"Times": times(l, n)})
		case in >= n:
			return l.T("match.adapted_in", map[string]any{"Times": times(l, in), "Where": countryIn(code, lang)})
		default:
			return l.T("match.adapted_partly_in", map[string]any{"Total": times(l, n), "Times": times(l, in), "Where": countryIn(code, lang)})
		}
	case ReasonValidated:
		return l.T("match.validated", nil)
	case ReasonResults:
		return l.T("match.results", nil)
	case ReasonLessons:
		return l.T("match.lessons", nil)
	}
	return r.Code
}

// Texts renders reasons in the localizer's language, in order.
func Texts(l *i18n.Localizer, reasons []Reason) []string {
	out := make([]string, len(reasons))
	for i, r := range reasons {
		out[i] = r.Text(l)
	}
	return out
}

// times says how often: "once", "twice", "3 times".
func times(l *i18n.Localizer, n int) string {
	if n == 2 {
		return l.T("match.twice", nil)
	}
	return l.Plural("match.times", n, nil)
}

// joinList joins "1", "4", "5" as "1, 4 and 5" in the localizer's
// language.
func joinList(l *i18n.Localizer, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return l.T("match.list", map[string]any{"Init": strings.Join(items[:len(items)-1], ", "), "Last": items[len(items)-1]})
}

// conceptLabels joins the labels of concepts with commas: the labels
// themselves hold "and" ("Refugees and migrants"). In English and French
// a label starts in lower case mid-sentence ("for older people"), unless
// it starts with an abbreviation ("SMEs and their staff"); German keeps
// the capital, since most labels start with a noun.
func conceptLabels(s vocab.Scheme, ids []string, lang string) string {
	var out []string
	for _, id := range ids {
		c, ok := vocab.ConceptByID(s, id)
		label := id
		if ok {
			label = c.Label(lang)
		}
		if lang != "de" {
			label = lowerFirst(label)
		}
		out = append(out, label)
	}
	return strings.Join(out, ", ")
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// countryName names a country (NUTS code) in lang: the vocabulary's
// English and German names, CLDR's for French.
func countryName(code, lang string) string {
	c, ok := vocab.CountryByCode(code)
	if !ok {
		return code
	}
	if lang == "fr" {
		if n, ok := frenchCountryNames[c.NUTS]; ok {
			return n
		}
		if r, err := language.ParseRegion(c.ISO2); err == nil {
			if n := display.Regions(language.French).Name(r); n != "" {
				return n
			}
		}
	}
	return c.Name(lang)
}

// frenchCountryNames corrects CLDR names that are out of date.
var frenchCountryNames = map[string]string{"MK": "Macédoine du Nord"}

// countryIn says "in Germany" in lang, with the article or preposition
// the country's name takes: "in the Netherlands", "in der Schweiz",
// "au Portugal", "aux Pays-Bas", "à Chypre".
func countryIn(code, lang string) string {
	name := countryName(code, lang)
	c, _ := vocab.CountryByCode(code)
	switch lang {
	case "de":
		if p, ok := germanIn[c.NUTS]; ok {
			return p + " " + germanDative(c.NUTS, name)
		}
		return "in " + name
	case "fr":
		if p, ok := frenchIn[c.NUTS]; ok {
			return p + " " + name
		}
		return "en " + name
	}
	if englishThe[c.NUTS] {
		return "in the " + name
	}
	return "in " + name
}

var (
	englishThe = map[string]bool{"NL": true, "UK": true}
	germanIn   = map[string]string{"CH": "in der", "NL": "in den", "SK": "in der", "TR": "in der", "UK": "im"}
	frenchIn   = map[string]string{"DK": "au", "LI": "au", "LU": "au", "ME": "au", "PT": "au", "UK": "au", "NL": "aux", "CY": "à", "MT": "à"}
)

// germanDative gives the dative of German country names that change
// ("Niederlande" → "Niederlanden", "Vereinigtes Königreich" →
// "Vereinigten Königreich").
func germanDative(code, name string) string {
	switch code {
	case "NL":
		return "Niederlanden"
	case "UK":
		return "Vereinigten Königreich"
	}
	return name
}

// languageName names a language (ISO 639-1) in lang, as CLDR does
// ("German", "Deutsch", "allemand").
func languageName(code, lang string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	in := language.English
	switch lang {
	case "de":
		in = language.German
	case "fr":
		in = language.French
	}
	if s := display.Languages(in).Name(t); s != "" {
		return s
	}
	return code
}

func argStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		return []string{x}
	}
	return nil
}

// argInt reads an integer argument, also after a JSON round trip.
func argInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(math.Round(x))
	}
	return 0
}
