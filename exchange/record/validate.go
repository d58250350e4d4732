package record

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Limits of the values a practice may hold. They keep one record to a size
// that a page, a diff and an e-mail can show.
const (
	MaxTitle       = 300
	MaxDescription = 10000
	MaxLongText    = 5000 // results, lessons learnt
	MaxShortText   = 1000 // staff, partners, contact role
	MaxItem        = 200  // one keyword, funding programme or place name
	MaxItems       = 50   // items of one list field
	MaxURL         = 2000
	MaxDuration    = 240 // months
)

// Codes of validation problems; pages translate them (message id
// "field.error.<code>").
const (
	CodeRequired         = "required"
	CodeTooLong          = "too_long"
	CodeTooMany          = "too_many"
	CodeInvalidUTF8      = "invalid_utf8"
	CodeControlChars     = "control_chars"
	CodeUnknownConcept   = "unknown_concept"
	CodeUnknownLanguage  = "unknown_language"
	CodeInvalidURL       = "invalid_url"
	CodeInvalidDate      = "invalid_date"
	CodeEndBeforeStart   = "end_before_start"
	CodeInvalidRegion    = "invalid_region"
	CodeUnknownRegion    = "unknown_region"
	CodeUnknownCountry   = "unknown_country"
	CodeRegionNotCountry = "region_not_in_country"
	CodeInvalidNumber    = "invalid_number"
	CodeInvalidPractice  = "invalid_practice"
	CodeNoPlace          = "no_place"
)

// FieldError is one problem with one field (and, for lists, one item).
type FieldError struct {
	Field Field
	// Index is the list item the problem is about, -1 for the field as a
	// whole.
	Index int
	// Code says what is wrong (Code… constants); Args give the details
	// ("max": 300, "value": "DE9Z9").
	Code string
	Args map[string]any
}

// Error says what is wrong in English; pages translate Code instead.
func (e *FieldError) Error() string {
	where := string(e.Field)
	if e.Index >= 0 {
		where = fmt.Sprintf("%s[%d]", e.Field, e.Index)
	}
	msg := englishMessages[e.Code]
	if msg == "" {
		msg = e.Code
	}
	for k, v := range e.Args {
		msg = strings.ReplaceAll(msg, "{"+k+"}", fmt.Sprint(v))
	}
	return where + ": " + msg
}

var englishMessages = map[string]string{
	CodeRequired:         "is required",
	CodeTooLong:          "is too long: at most {max} characters",
	CodeTooMany:          "has too many values: at most {max}",
	CodeInvalidUTF8:      "contains bytes that are not valid UTF-8 text",
	CodeControlChars:     "contains control characters",
	CodeUnknownConcept:   "{value} is not one of the offered values",
	CodeUnknownLanguage:  "{value} is not a supported language code (like de, en, fr)",
	CodeInvalidURL:       "must be an absolute http or https address (like https://example.eu/project)",
	CodeInvalidDate:      "must be a date written YYYY-MM-DD",
	CodeEndBeforeStart:   "ends before it starts",
	CodeInvalidRegion:    "{value} is not a NUTS code (two letters and up to three more letters or digits, like DE300)",
	CodeUnknownRegion:    "{value} is not a NUTS 2021 region",
	CodeUnknownCountry:   "{value} is not a country code of the map (like DE, FR, EL)",
	CodeRegionNotCountry: "region {region} is not in country {country}",
	CodeInvalidNumber:    "must be a whole number between {min} and {max}",
	CodeInvalidPractice:  "{value} is not a practice of this map",
	CodeNoPlace:          "name at least one place or country where the practice runs",
}

// Errors is the list of a practice's problems; it is an error itself.
type Errors []*FieldError

// Error lists the problems, one per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// For returns the problems of field f.
func (es Errors) For(f Field) []*FieldError {
	var out []*FieldError
	for _, e := range es {
		if e.Field == f {
			out = append(out, e)
		}
	}
	return out
}

// AsErrors returns the field errors in err, if it is (or wraps) Errors.
func AsErrors(err error) (Errors, bool) {
	var es Errors
	ok := errors.As(err, &es)
	return es, ok
}

// Checks are what validation needs to know beyond the record itself.
type Checks struct {
	// IRIs of the deployment: practices named in adaptedFrom must be under
	// its base.
	IRIs vocab.IRIs
	// Regions, when loaded, lets validation refuse NUTS codes that do not
	// exist; without it, only their form is checked.
	Regions *vocab.Regions
	// PracticeExists, when set, is asked whether an adaptedFrom IRI names a
	// published practice.
	PracticeExists func(iri string) bool
}

// Validate checks p, which should be normalised first (Normalize), and
// returns every problem found (nil if none), as Errors.
func (p *Practice) Validate(c Checks) error {
	var es Errors
	bad := func(f Field, i int, code string, args map[string]any) {
		es = append(es, &FieldError{Field: f, Index: i, Code: code, Args: args})
	}
	text := func(f Field, i int, s string, max int) bool {
		switch {
		case !utf8.ValidString(s):
			bad(f, i, CodeInvalidUTF8, nil)
		case hasControl(s):
			bad(f, i, CodeControlChars, nil)
		case utf8.RuneCountInString(s) > max:
			bad(f, i, CodeTooLong, map[string]any{"max": max})
		default:
			return true
		}
		return false
	}
	texts := func(f Field, ts Texts, max int, required bool) {
		for _, lang := range sortedKeys(ts) {
			if _, ok := vocab.LanguageIRI(lang); !ok || strings.Contains(lang, "-") && !validTag(lang) {
				bad(f, -1, CodeUnknownLanguage, map[string]any{"value": lang})
				continue
			}
			text(f, -1, ts[lang], max)
		}
		if required && ts[p.Language] == "" {
			bad(f, -1, CodeRequired, nil)
		}
	}
	list := func(f Field, items []string, max int, check func(i int, v string)) {
		if len(items) > MaxItems {
			bad(f, -1, CodeTooMany, map[string]any{"max": MaxItems})
			return
		}
		for i, v := range items {
			if text(f, i, v, max) && check != nil {
				check(i, v)
			}
		}
	}
	concepts := func(f Field, scheme vocab.Scheme, items []string) {
		list(f, items, MaxItem, func(i int, v string) {
			if f == FieldSkills {
				if _, ok := vocab.ESCOSkill(v); ok {
					return
				}
			}
			if _, ok := vocab.ConceptByID(scheme, v); !ok {
				bad(f, i, CodeUnknownConcept, map[string]any{"value": v})
			}
		})
	}

	if _, ok := vocab.LanguageIRI(p.Language); !ok || p.Language == "" {
		if p.Language == "" {
			bad(FieldLanguage, -1, CodeRequired, nil)
		} else {
			bad(FieldLanguage, -1, CodeUnknownLanguage, map[string]any{"value": p.Language})
		}
	}
	texts(FieldTitle, p.Title, MaxTitle, true)
	texts(FieldDescription, p.Description, MaxDescription, true)
	for _, ts := range []Texts{p.Title} {
		for _, s := range ts {
			if strings.Contains(s, "\n") {
				bad(FieldTitle, -1, CodeControlChars, nil)
				break
			}
		}
	}
	concepts(FieldTypes, vocab.PracticeTypes, p.Types)
	concepts(FieldTargetGroups, vocab.TargetGroups, p.TargetGroups)
	concepts(FieldSkills, vocab.DigComp, p.Skills)
	concepts(FieldDeliveryModes, vocab.DeliveryModes, p.DeliveryModes)

	if len(p.Places) == 0 {
		bad(FieldPlaces, -1, CodeNoPlace, nil)
	}
	if len(p.Places) > MaxItems {
		bad(FieldPlaces, -1, CodeTooMany, map[string]any{"max": MaxItems})
	} else {
		for i, pl := range p.Places {
			p.validatePlace(c, i, pl, text, bad)
		}
	}

	if p.URL != "" && text(FieldURL, -1, p.URL, MaxURL) && !validURL(p.URL) {
		bad(FieldURL, -1, CodeInvalidURL, nil)
	}
	var start, end time.Time
	for _, d := range []struct {
		f   Field
		v   string
		out *time.Time
	}{{FieldStartDate, p.StartDate, &start}, {FieldEndDate, p.EndDate, &end}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil || !utf8.ValidString(d.v) {
			bad(d.f, -1, CodeInvalidDate, nil)
			continue
		}
		*d.out = t
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		bad(FieldEndDate, -1, CodeEndBeforeStart, nil)
	}
	list(FieldFunding, p.Funding, MaxItem, nil)
	list(FieldKeywords, p.Keywords, MaxItem, nil)
	list(FieldAdaptedFrom, p.AdaptedFrom, MaxURL, func(i int, v string) {
		_, ok := c.IRIs.ParsePractice(rdf.IRI(v))
		if c.IRIs.Base() == "" || !ok || c.PracticeExists != nil && !c.PracticeExists(v) {
			bad(FieldAdaptedFrom, i, CodeInvalidPractice, map[string]any{"value": v})
		}
	})
	list(FieldProviders, p.Providers, MaxURL, func(i int, v string) {
		if !validURL(v) {
			bad(FieldProviders, i, CodeInvalidURL, nil)
		}
	})
	list(FieldBasedOn, p.BasedOn, MaxURL, func(i int, v string) {
		if !validURL(v) {
			bad(FieldBasedOn, i, CodeInvalidURL, nil)
		}
	})
	texts(FieldResults, p.Results, MaxLongText, false)
	texts(FieldLessons, p.Lessons, MaxLongText, false)
	texts(FieldStaff, p.Staff, MaxShortText, false)
	texts(FieldPartners, p.Partners, MaxShortText, false)
	texts(FieldContact, p.ContactRole, MaxShortText, false)
	if p.DurationMonths < 0 || p.DurationMonths > MaxDuration {
		bad(FieldDuration, -1, CodeInvalidNumber, map[string]any{"min": 1, "max": MaxDuration})
	}
	if b := p.Budget; !b.IsZero() {
		for _, v := range []*int64{b.Min, b.Max} {
			if v != nil && (*v < 0 || *v > math.MaxInt32*100) {
				bad(FieldBudget, -1, CodeInvalidNumber, map[string]any{"min": 0, "max": int64(math.MaxInt32) * 100})
			}
		}
		if b.Min != nil && b.Max != nil && *b.Max < *b.Min {
			bad(FieldBudget, -1, CodeInvalidNumber, map[string]any{"min": *b.Min, "max": int64(math.MaxInt32) * 100})
		}
		if !currencyPattern.MatchString(b.Currency) {
			bad(FieldBudget, -1, CodeUnknownConcept, map[string]any{"value": b.Currency})
		}
	}
	list(FieldLanguages, p.MaterialLanguages, 10, func(i int, v string) {
		if _, ok := vocab.LanguageIRI(v); !ok {
			bad(FieldLanguages, i, CodeUnknownLanguage, map[string]any{"value": v})
		}
	})
	if len(es) == 0 {
		return nil
	}
	return es
}

func (p *Practice) validatePlace(c Checks, i int, pl Place, text func(Field, int, string, int) bool,
	bad func(Field, int, string, map[string]any)) {
	if pl.Name == "" {
		bad(FieldPlaces, i, CodeRequired, nil)
	} else if !text(FieldPlaces, i, pl.Name, MaxItem) {
		return
	}
	if pl.Country != "" {
		if _, ok := vocab.CountryByCode(pl.Country); !ok {
			bad(FieldPlaces, i, CodeUnknownCountry, map[string]any{"value": pl.Country})
		}
	}
	if pl.Region != "" {
		switch _, known := regionKnown(c.Regions, pl.Region); {
		case !validNUTS(pl.Region):
			bad(FieldPlaces, i, CodeInvalidRegion, map[string]any{"value": pl.Region})
		case c.Regions != nil && !known:
			bad(FieldPlaces, i, CodeUnknownRegion, map[string]any{"value": pl.Region})
		case pl.Country != "" && !strings.HasPrefix(pl.Region, countryNUTS(pl.Country)):
			bad(FieldPlaces, i, CodeRegionNotCountry, map[string]any{"region": pl.Region, "country": pl.Country})
		}
	}
	if (pl.Lat == nil) != (pl.Lon == nil) || pl.Lat != nil && (*pl.Lat < -90 || *pl.Lat > 90 || *pl.Lon < -180 || *pl.Lon > 180 ||
		math.IsNaN(*pl.Lat) || math.IsNaN(*pl.Lon)) {
		bad(FieldPlaces, i, CodeInvalidNumber, map[string]any{"min": -180, "max": 180})
	}
}

// countryNUTS is the NUTS prefix of a country code (GR → EL, GB → UK).
func countryNUTS(code string) string {
	if c, ok := vocab.CountryByCode(code); ok {
		return c.NUTS
	}
	return code
}

func regionKnown(rs *vocab.Regions, code string) (*vocab.Region, bool) {
	if rs == nil {
		return nil, false
	}
	if len(code) == 2 {
		if _, ok := vocab.CountryByCode(code); ok {
			return nil, true
		}
	}
	return rs.Region(code)
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

var nutsPattern = regexp.MustCompile(`^[A-Z]{2}[A-Z0-9]{0,3}$`)

func validNUTS(code string) bool { return nutsPattern.MatchString(code) }

// validURL accepts absolute http(s) URLs with a host and no white space.
func validURL(s string) bool {
	if strings.ContainsAny(s, " \t\n\r<>\"{}|\\^`") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

var tagPattern = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

func validTag(s string) bool { return tagPattern.MatchString(s) }

// hasControl reports control characters other than tab and newline.
func hasControl(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return true
		}
	}
	return false
}

func sortedKeys(t Texts) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
