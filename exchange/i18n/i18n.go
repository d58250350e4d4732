// Package i18n holds the exchange's message catalogs (English, German,
// French) for pages and e-mails and picks a request's language.
//
// Catalogs are TOML files embedded from locales/, one per area and
// language: AREA.LANG.toml (mail.en.toml, web.de.toml, …), whose message
// IDs start with "AREA.". Every embedded file is loaded, so a new area
// needs no code. A message is either a string or, when it depends on a
// number, an inline table of CLDR plural forms ("id" = { one = "…", other =
// "…" }). Templates use text/template syntax ({{.Name}}).
//
// English is the default and the fallback: a message missing in German or
// French is shown in English, a message missing everywhere as its ID. A
// test checks that every message exists in every language with the same
// template variables.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// DefaultLanguage is the language of the fallback and of requests that ask
// for none of the supported ones.
const DefaultLanguage = "en"

// supported lists the languages in the order of SupportedLanguages; the
// first is the default.
var supported = []string{"en", "de", "fr"}

var supportedTags = []language.Tag{language.English, language.German, language.French}

var languageNames = map[string]string{"en": "English", "de": "Deutsch", "fr": "Français"}

// SupportedLanguages returns the languages of the catalogs, the default
// first: en, de, fr.
func SupportedLanguages() []string { return slices.Clone(supported) }

// Supported reports whether lang is exactly one of SupportedLanguages.
func Supported(lang string) bool { return slices.Contains(supported, lang) }

// LanguageName returns a language's name in that language ("Deutsch"), for
// a language switcher.
func LanguageName(lang string) string { return languageNames[lang] }

// Bundle is the set of loaded catalogs. Build it once with New; it is safe
// for concurrent use.
type Bundle struct {
	b *goi18n.Bundle
	// ids are the message IDs each language defines.
	ids map[string]map[string]bool
}

// parser renders templates; a missing variable is an error (so that T
// falls back) instead of "<no value>" in a page or an e-mail.
var parser = &template.TextParser{Option: "missingkey=error"}

// New loads every embedded catalog.
func New() (*Bundle, error) {
	return newBundle(locales)
}

func newBundle(fsys fs.FS) (*Bundle, error) {
	b := &Bundle{b: goi18n.NewBundle(language.English), ids: map[string]map[string]bool{}}
	b.b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, "locales/*.toml")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("i18n: no catalogs")
	}
	for _, f := range files {
		area, lang, err := catalogName(f)
		if err != nil {
			return nil, err
		}
		mf, err := b.b.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		if b.ids[lang] == nil {
			b.ids[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			if !strings.HasPrefix(m.ID, area+".") {
				return nil, fmt.Errorf("i18n: %s: message %q must start with %q", f, m.ID, area+".")
			}
			b.ids[lang][m.ID] = true
		}
	}
	if len(b.ids[DefaultLanguage]) == 0 {
		return nil, errors.New("i18n: no English catalog")
	}
	return b, nil
}

// catalogName splits "locales/mail.de.toml" into area and language.
func catalogName(file string) (area, lang string, err error) {
	parts := strings.Split(strings.TrimSuffix(path.Base(file), ".toml"), ".")
	if len(parts) != 2 || parts[0] == "" || !Supported(parts[1]) {
		return "", "", fmt.Errorf("i18n: catalog %s: want AREA.LANG.toml with LANG one of %s", file, strings.Join(supported, ", "))
	}
	return parts[0], parts[1], nil
}

// MessageIDs returns the IDs a language's catalogs define, sorted.
func (b *Bundle) MessageIDs(lang string) []string {
	var ids []string
	for id := range b.ids[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Localizer returns the localizer for the first of langs that matches a
// supported language ("de", "de-AT", an Accept-Language value such as
// "fr-CH, fr;q=0.9"), else for English.
func (b *Bundle) Localizer(langs ...string) *Localizer {
	lang := DefaultLanguage
	for _, l := range langs {
		if m, ok := match(l); ok {
			lang = m
			break
		}
	}
	return &Localizer{b: b, lang: lang, l: goi18n.NewLocalizer(b.b, lang)}
}

// match maps a language tag or an Accept-Language value to a supported
// language.
func match(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if Supported(s) {
		return s, true
	}
	tags, _, err := language.ParseAcceptLanguage(s)
	if err != nil || len(tags) == 0 {
		return "", false
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return "", false
	}
	return supported[i], true
}

var matcher = language.NewMatcher(supportedTags)

// Localizer renders messages in one language. It is cheap: make one per
// request or e-mail.
type Localizer struct {
	b    *Bundle
	lang string
	l    *goi18n.Localizer
}

// Language returns the localizer's language: en, de or fr.
func (l *Localizer) Language() string { return l.lang }

// Has reports whether a message with that ID exists (in English at least).
func (l *Localizer) Has(id string) bool { return l.b.ids[DefaultLanguage][id] || l.b.ids[l.lang][id] }

// T renders a message with data. It never panics: a message missing in the
// localizer's language, or that fails to render in it, is rendered in
// English; failing that, T returns the message ID.
func (l *Localizer) T(id string, data map[string]any) string {
	return l.render(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, TemplateParser: parser})
}

// Plural renders the plural form of a message for count (an integer, or a
// decimal string such as "1.5"), with data; count is available to the
// template as {{.Count}}. It falls back like T.
func (l *Localizer) Plural(id string, count any, data map[string]any) string {
	d := make(map[string]any, len(data)+1)
	for k, v := range data {
		d[k] = v
	}
	d["Count"] = count
	return l.render(&goi18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: count, TemplateParser: parser})
}

func (l *Localizer) render(lc *goi18n.LocalizeConfig) (out string) {
	defer func() {
		if recover() != nil {
			out = lc.MessageID
		}
	}()
	// A message missing in this language comes back in English (with an
	// error); a plural form missing in a catalog comes back in the form
	// "other" (with an error): both are the best text there is.
	if msg, _ := l.l.Localize(lc); msg != "" {
		return msg
	}
	if l.lang != DefaultLanguage {
		en := goi18n.NewLocalizer(l.b.b, DefaultLanguage)
		if msg, err := en.Localize(lc); err == nil {
			return msg
		}
	}
	return lc.MessageID
}
