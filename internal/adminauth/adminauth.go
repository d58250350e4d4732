// Package adminauth checks the admin bearer token ("Authorization: Bearer
// TOKEN", RFC 6750) that guards every endpoint that changes data: SPARQL
// Update, Graph Store writes and the harvest trigger. There is one check so
// that every such endpoint refuses the same requests in the same way.
package adminauth

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// Realm names the protection space in WWW-Authenticate challenges.
const Realm = "skillsmap"

// Check reports whether r carries the admin token. When it does not, Check
// sets the WWW-Authenticate challenge on w where one is due and returns the
// status and the message to refuse the request with, in the caller's own
// error format:
//
//   - no token configured: 403, the endpoint is disabled;
//   - no bearer token in the request: 401 with a challenge;
//   - a wrong token: 401 with a challenge naming error="invalid_token".
//
// The comparison takes the same time whatever the given token is, its
// length included.
func Check(w http.ResponseWriter, r *http.Request, token string) (status int, msg string, ok bool) {
	if token == "" {
		return http.StatusForbidden, "writes are disabled: this server has no admin_token configured", false
	}
	scheme, given, found := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(given) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+Realm+`"`)
		return http.StatusUnauthorized, "this needs the admin token: Authorization: Bearer TOKEN", false
	}
	if !Equal(strings.TrimSpace(given), token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+Realm+`", error="invalid_token"`)
		return http.StatusUnauthorized, "wrong admin token", false
	}
	return 0, "", true
}

// Equal compares two secrets in constant time: it compares their SHA-256
// digests, so that not even the length of the expected one leaks.
func Equal(given, want string) bool {
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
