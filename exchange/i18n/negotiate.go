package i18n

import (
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

// CookieName is the cookie that keeps a visitor's choice of language.
const CookieName = "lang"

// QueryParameter chooses the language of one page: ?lang=de.
const QueryParameter = "lang"

// Negotiate picks the language of a page: ?lang= if it names a supported
// language, then the lang cookie likewise, then the best match of the
// Accept-Language header by its q-values, else English. Unsupported or
// malformed values are ignored, never an error.
func Negotiate(r *http.Request) string {
	if l := strings.ToLower(r.URL.Query().Get(QueryParameter)); Supported(l) {
		return l
	}
	if c, err := r.Cookie(CookieName); err == nil {
		if l := strings.ToLower(c.Value); Supported(l) {
			return l
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" && len(h) <= 1024 {
		tags, _, err := language.ParseAcceptLanguage(h)
		if err == nil && len(tags) > 0 {
			if _, i, conf := matcher.Match(tags...); conf != language.No {
				return supported[i]
			}
		}
	}
	return DefaultLanguage
}
