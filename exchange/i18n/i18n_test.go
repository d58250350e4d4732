package i18n

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"

	"github.com/pelletier/go-toml/v2"
)

// catalogVars reads every embedded catalog: area → language → message ID →
// the template variables of the message (of all its plural forms).
func catalogVars(t *testing.T, fsys fs.FS) map[string]map[string]map[string][]string {
	t.Helper()
	files, err := fs.Glob(fsys, "locales/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogs: %v", err)
	}
	out := map[string]map[string]map[string][]string{}
	for _, f := range files {
		area, lang, err := catalogName(f)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := fs.ReadFile(fsys, f)
		var raw map[string]any
		if err := toml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[area] == nil {
			out[area] = map[string]map[string][]string{}
		}
		msgs := map[string][]string{}
		for id, v := range raw {
			var forms []string
			switch x := v.(type) {
			case string:
				forms = []string{x}
			case map[string]any:
				if _, ok := x["other"]; !ok {
					t.Errorf("%s: %s has plural forms but no \"other\"", f, id)
				}
				for form, s := range x {
					if form == "description" {
						continue
					}
					str, ok := s.(string)
					if !ok {
						t.Errorf("%s: %s.%s is not a string", f, id, form)
					}
					forms = append(forms, str)
				}
			default:
				t.Errorf("%s: %s is a %T", f, id, v)
			}
			vars := map[string]bool{}
			for _, s := range forms {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s is empty", f, id)
				}
				trees, err := parse.Parse(id, s, "{{", "}}")
				if err != nil {
					t.Errorf("%s: %s: %v", f, id, err)
					continue
				}
				for _, tree := range trees {
					collectFields(tree.Root, vars)
				}
			}
			var list []string
			for v := range vars {
				list = append(list, v)
			}
			sort.Strings(list)
			msgs[id] = list
		}
		out[area][lang] = msgs
	}
	return out
}

func collectFields(n parse.Node, vars map[string]bool) {
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return
		}
		for _, c := range x.Nodes {
			collectFields(c, vars)
		}
	case *parse.ActionNode:
		collectFields(x.Pipe, vars)
	case *parse.PipeNode:
		if x == nil {
			return
		}
		for _, c := range x.Cmds {
			collectFields(c, vars)
		}
	case *parse.CommandNode:
		for _, a := range x.Args {
			collectFields(a, vars)
		}
	case *parse.FieldNode:
		vars[strings.Join(x.Ident, ".")] = true
	case *parse.IfNode:
		collectFields(x.Pipe, vars)
		collectFields(x.List, vars)
		collectFields(x.ElseList, vars)
	case *parse.RangeNode:
		collectFields(x.Pipe, vars)
		collectFields(x.List, vars)
		collectFields(x.ElseList, vars)
	case *parse.WithNode:
		collectFields(x.Pipe, vars)
		collectFields(x.List, vars)
		collectFields(x.ElseList, vars)
	}
}

// catalogGaps lists what a translation misses against English: messages
// missing or extra, and variables that differ.
func catalogGaps(all map[string]map[string]map[string][]string) []string {
	var gaps []string
	for area, langs := range all {
		en := langs["en"]
		if len(en) == 0 {
			gaps = append(gaps, area+": no English catalog")
			continue
		}
		for _, lang := range SupportedLanguages() {
			msgs, ok := langs[lang]
			if !ok {
				gaps = append(gaps, fmt.Sprintf("%s.%s.toml is missing", area, lang))
				continue
			}
			for id, vars := range en {
				got, ok := msgs[id]
				if !ok {
					gaps = append(gaps, fmt.Sprintf("%s.%s.toml: %s is missing", area, lang, id))
				} else if !slices.Equal(got, vars) {
					gaps = append(gaps, fmt.Sprintf("%s.%s.toml: %s uses %v, English uses %v", area, lang, id, got, vars))
				}
			}
			for id := range msgs {
				if _, ok := en[id]; !ok {
					gaps = append(gaps, fmt.Sprintf("%s.%s.toml: %s is not in English", area, lang, id))
				}
			}
		}
	}
	sort.Strings(gaps)
	return gaps
}

// TestCatalogsComplete: every message of an area exists in every language,
// with the same template variables, so that no translation is missing or
// drops a value.
func TestCatalogsComplete(t *testing.T) {
	all := catalogVars(t, locales)
	if n := len(all["mail"]["en"]); n < 30 {
		t.Fatalf("the English mail catalog has %d messages", n)
	}
	for _, gap := range catalogGaps(all) {
		t.Error(gap)
	}
}

// TestCatalogCheckFindsGaps proves the completeness check can fail: a
// dropped variable, a missing message, a message English lacks.
func TestCatalogCheckFindsGaps(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/x.en.toml": {Data: []byte("\"x.a\" = \"Hi {{.Name}}\"\n\"x.b\" = { one = \"one\", other = \"{{.Count}}\" }\n")},
		"locales/x.de.toml": {Data: []byte("\"x.a\" = \"Hallo\"\n\"x.b\" = { one = \"eins\", other = \"{{.Count}}\" }\n\"x.c\" = \"C\"\n")},
		"locales/x.fr.toml": {Data: []byte("\"x.a\" = \"Salut {{.Name}}\"\n")},
	}
	got := catalogGaps(catalogVars(t, fsys))
	want := []string{
		"x.de.toml: x.a uses [], English uses [Name]",
		"x.de.toml: x.c is not in English",
		"x.fr.toml: x.b is missing",
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNewRefusesBadCatalogs(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"unsupported language": {"locales/mail.it.toml": {Data: []byte(`"mail.a" = "x"`)}},
		"no language":          {"locales/mail.toml": {Data: []byte(`"mail.a" = "x"`)}},
		"id of another area":   {"locales/mail.en.toml": {Data: []byte(`"web.a" = "x"`)}},
		"broken TOML":          {"locales/mail.en.toml": {Data: []byte(`"mail.a" = `)}},
		"no English":           {"locales/mail.de.toml": {Data: []byte(`"mail.a" = "x"`)}},
		"nothing":              {},
	}
	for name, fsys := range tests {
		if _, err := newBundle(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestT(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Site": "Digital Skills Map", "Practice": "Café numérique"}
	tests := []struct {
		lang, id string
		data     map[string]any
		want     string
	}{
		{"en", "mail.practice_approved.subject", data, "Published: Café numérique"},
		{"de", "mail.practice_approved.subject", data, "Veröffentlicht: Café numérique"},
		{"fr", "mail.practice_approved.subject", data, "Publiée : Café numérique"},
		{"de", "mail.greeting_anonymous", nil, "Guten Tag,"},
		// Unknown IDs come back as the ID.
		{"de", "mail.no_such_message", data, "mail.no_such_message"},
		// A missing variable never shows as "<no value>": the ID instead.
		{"fr", "mail.practice_approved.subject", map[string]any{"Site": "x"}, "mail.practice_approved.subject"},
		{"en", "mail.practice_approved.subject", nil, "mail.practice_approved.subject"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.lang).T(tt.id, tt.data); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
}

func TestFallbackToEnglish(t *testing.T) {
	b, err := newBundle(fstest.MapFS{
		"locales/web.en.toml": {Data: []byte("\"web.hello\" = \"Hello {{.Name}}\"\n\"web.only_en\" = \"Only English\"\n")},
		"locales/web.de.toml": {Data: []byte("\"web.hello\" = \"Hallo {{.Name}}\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	de := b.Localizer("de")
	if got := de.T("web.hello", map[string]any{"Name": "Ada"}); got != "Hallo Ada" {
		t.Errorf("German: %q", got)
	}
	if got := de.T("web.only_en", nil); got != "Only English" {
		t.Errorf("missing in German: %q, want the English text", got)
	}
	if !de.Has("web.only_en") || de.Has("web.nothing") {
		t.Error("Has")
	}
}

func TestPlural(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang  string
		count any
		want  string
	}{
		{"en", 1, "1 day"},
		{"en", 7, "7 days"},
		{"en", 0, "0 days"},
		{"de", 1, "1 Tag"},
		{"de", 7, "7 Tage"},
		{"fr", 0, "0 jour"}, // French counts 0 as singular
		{"fr", 1, "1 jour"},
		{"fr", 2, "2 jours"},
		{"fr", 1000000, "1000000 jours"}, // CLDR "many", which the catalog leaves to "other"
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.lang).Plural("mail.duration_days", tt.count, nil); got != tt.want {
			t.Errorf("%s %v days = %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
	if got := b.Localizer("de").Plural("mail.practice_corrected.fields", 2, map[string]any{"Fields": "Titel, Orte"}); got != "Geändert wurden diese 2 Felder: Titel, Orte." {
		t.Errorf("plural with data: %q", got)
	}
}

func TestLocalizerLanguage(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		langs []string
		want  string
	}{
		{nil, "en"},
		{[]string{""}, "en"},
		{[]string{"de"}, "de"},
		{[]string{"de-AT"}, "de"},
		{[]string{"fr-CH, fr;q=0.9, en;q=0.8"}, "fr"},
		{[]string{"it"}, "en"},
		{[]string{"it", "fr"}, "fr"},
		{[]string{"xx-garbage!!"}, "en"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.langs...).Language(); got != tt.want {
			t.Errorf("Localizer(%q).Language() = %q, want %q", tt.langs, got, tt.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name, target, cookie, accept, want string
	}{
		{"nothing", "/", "", "", "en"},
		{"query", "/?lang=fr", "de", "de", "fr"},
		{"query in capitals", "/?lang=DE", "", "", "de"},
		{"unsupported query, then cookie", "/?lang=it", "de", "fr", "de"},
		{"bad query value", "/?lang=%3Cscript%3E", "", "fr", "fr"},
		{"cookie", "/", "fr", "de", "fr"},
		{"bad cookie, then header", "/", "klingon", "de", "de"},
		{"header region", "/", "", "de-CH", "de"},
		{"header q-values", "/", "", "en;q=0.5, fr;q=0.9, de;q=0.7", "fr"},
		{"header first unsupported", "/", "", "it-IT, it;q=0.9, fr;q=0.8, en;q=0.5", "fr"},
		{"header unsupported only", "/", "", "it, es", "en"},
		{"header wildcard", "/", "", "*", "en"},
		{"header garbage", "/", "", ";;;q=,,", "en"},
		{"header refuses German", "/", "", "de;q=0, fr;q=0.1", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tt.target, nil)
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: CookieName, Value: tt.cookie})
			}
			if tt.accept != "" {
				r.Header.Set("Accept-Language", tt.accept)
			}
			if got := Negotiate(r); got != tt.want {
				t.Errorf("Negotiate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSupportedLanguages(t *testing.T) {
	if got := SupportedLanguages(); !slices.Equal(got, []string{"en", "de", "fr"}) {
		t.Errorf("SupportedLanguages = %v", got)
	}
	for _, l := range SupportedLanguages() {
		if LanguageName(l) == "" {
			t.Errorf("no name for %s", l)
		}
		if _, err := fs.Stat(locales, path.Join("locales", "mail."+l+".toml")); err != nil {
			t.Errorf("no mail catalog for %s", l)
		}
	}
}
