package adminauth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		token     string // configured
		auth      string // Authorization header
		status    int
		ok        bool
		challenge string // substring of WWW-Authenticate, "" for none
	}{
		{"right token", "s3cret", "Bearer s3cret", 0, true, ""},
		{"scheme in any case, spaces around", "s3cret", "  bearer   s3cret ", 0, true, ""},
		{"no header", "s3cret", "", http.StatusUnauthorized, false, `Bearer realm="skillsmap"`},
		{"basic auth", "s3cret", "Basic czNjcmV0", http.StatusUnauthorized, false, `Bearer realm="skillsmap"`},
		{"scheme without token", "s3cret", "Bearer", http.StatusUnauthorized, false, `Bearer realm="skillsmap"`},
		{"empty token", "s3cret", "Bearer  ", http.StatusUnauthorized, false, `Bearer realm="skillsmap"`},
		{"wrong token", "s3cret", "Bearer guess", http.StatusUnauthorized, false, `error="invalid_token"`},
		{"prefix of the token", "s3cret", "Bearer s3cre", http.StatusUnauthorized, false, `error="invalid_token"`},
		{"token with a suffix", "s3cret", "Bearer s3cretx", http.StatusUnauthorized, false, `error="invalid_token"`},
		{"disabled: no token configured", "", "Bearer anything", http.StatusForbidden, false, ""},
		{"disabled: empty bearer does not match empty token", "", "Bearer ", http.StatusForbidden, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/x", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			status, msg, ok := Check(w, r, tt.token)
			if ok != tt.ok || status != tt.status {
				t.Fatalf("Check = %d %q %v, want %d %v", status, msg, ok, tt.status, tt.ok)
			}
			if !ok && msg == "" {
				t.Error("a refusal without a message")
			}
			got := w.Header().Get("WWW-Authenticate")
			if (tt.challenge == "") != (got == "") || !strings.Contains(got, tt.challenge) {
				t.Errorf("WWW-Authenticate %q, want %q", got, tt.challenge)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"x", "x", true}, {"x", "y", false}, {"", "", true}, {"x", "", false}, {"abc", "abcd", false}} {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
