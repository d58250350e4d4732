package web

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
)

var tokenPattern = regexp.MustCompile(`smt_[a-z2-7]{52}`)

// apiCall sends a request to the API with a bearer token.
func (s *site) apiCall(method, path, token, contentType, body string) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return s.as("").do(req)
}

func TestAPITokens(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	anna := s.as("contributor")
	res, body := anna.get("/dashboard/tokens")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "no API tokens yet") {
		t.Fatalf("tokens page: %d", res.StatusCode)
	}
	for _, tt := range []struct {
		form url.Values
		msg  string
	}{
		{url.Values{"name": {""}, "scopes": {"practices:read"}}, "Please give the token a name."},
		{url.Values{"name": {"CMS"}}, "Choose at least one permission."},
		{url.Values{"name": {"CMS"}, "scopes": {"admin:all"}}, "Choose at least one permission."},
	} {
		res, body := anna.post("/dashboard/tokens", tt.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.msg) {
			t.Errorf("%v: %d, want 422 with %q", tt.form, res.StatusCode, tt.msg)
		}
	}
	res, body = anna.post("/dashboard/tokens", url.Values{"name": {"Website CMS"}, "scopes": {"practices:read", "practices:write"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d\n%s", res.StatusCode, body)
	}
	plain := tokenPattern.FindAllString(body, -1)
	if len(plain) == 0 {
		t.Fatalf("the token is not shown:\n%s", body)
	}
	token := plain[0]
	for _, p := range plain {
		if p != token {
			t.Errorf("two different tokens on the page")
		}
	}
	if !strings.Contains(body, "shown only this once") || !strings.Contains(body, "curl -X POST &#39;"+s.srv.URL+"/api/practices&#39;") {
		t.Errorf("no warning or curl example:\n%s", body)
	}

	// The curl example works as it stands.
	curl := regexp.MustCompile(`(?s)<pre><code>(curl .*?)</code></pre>`).FindStringSubmatch(body)
	if curl == nil {
		t.Fatal("no curl example")
	}
	example := html.UnescapeString(curl[1])
	start, end := strings.Index(example, "<<'EOF'\n"), strings.LastIndex(example, "\nEOF")
	if start < 0 || end < start || !strings.Contains(example, "Authorization: Bearer "+token) {
		t.Fatalf("curl example:\n%s", example)
	}
	res, answer := s.apiCall("POST", "/api/practices", token, "application/json", example[start+len("<<'EOF'\n"):end])
	if res.StatusCode != http.StatusCreated || !strings.Contains(answer, `"state": "submitted"`) {
		t.Errorf("the curl example's practice: %d\n%s", res.StatusCode, answer)
	}

	// Shown once: the list names it but never shows it again; only its
	// hash is stored.
	_, body = anna.get("/dashboard/tokens")
	if strings.Contains(body, token) || !strings.Contains(body, "Website CMS") || !strings.Contains(body, "<code>practices:write</code>") {
		t.Errorf("the list shows the token again, or not its name and scopes")
	}
	bs, ok := s.accounts.Store().(*accounts.BoltStore)
	if !ok {
		t.Fatal("not a BoltStore")
	}
	data, err := os.ReadFile(bs.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(token)) || bytes.Contains(data, []byte(strings.TrimPrefix(token, "smt_"))) {
		t.Error("the token's plaintext is in accounts.db")
	}
	// The token reads the organisation's practices; another member of the
	// organisation sees it; another organisation does not.
	if res, _ := s.apiCall("GET", "/api/practices", token, "", ""); res.StatusCode != http.StatusOK {
		t.Errorf("GET with the token: %d", res.StatusCode)
	}
	if _, body := s.as("other").get("/dashboard/tokens"); strings.Contains(body, "Website CMS") {
		t.Error("another organisation sees the token")
	}
	var id string
	if toks, _ := s.accounts.Tokens(ctx, "stadt-leipzig"); len(toks) == 1 {
		id = toks[0].ID
	}
	if res, _ := s.as("other").post("/dashboard/tokens/"+id+"/revoke", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation revokes the token: %d", res.StatusCode)
	}
	if res, _ := s.apiCall("GET", "/api/practices", token, "", ""); res.StatusCode != http.StatusOK {
		t.Errorf("after a refused revocation: %d", res.StatusCode)
	}

	// Revoked: refused from now on.
	res, _ = anna.post("/dashboard/tokens/"+id+"/revoke", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard/tokens?done=token_revoked" {
		t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, method := range []string{"GET", "POST"} {
		res, _ := s.apiCall(method, "/api/practices", token, "application/json", `{"title":{"en":"x"}}`)
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s with a revoked token: %d", method, res.StatusCode)
		}
	}
	_, body = anna.get("/dashboard/tokens?done=token_revoked")
	if !strings.Contains(body, "The token is revoked") || !strings.Contains(body, "revoked ") || strings.Contains(body, `/dashboard/tokens/`+id+`/revoke"`) {
		t.Errorf("the list after revoking:\n%s", body)
	}
}

func TestTokenScopes(t *testing.T) {
	s := newSite(t)
	anna := s.as("contributor")
	_, body := anna.post("/dashboard/tokens", url.Values{"name": {"Reader"}, "scopes": {"practices:read"}})
	token := tokenPattern.FindString(body)
	if token == "" {
		t.Fatal("no token")
	}
	if _, body := anna.get("/dashboard/tokens"); !strings.Contains(body, "<td>never</td>") {
		t.Error("an unused token does not say it was never used")
	}
	if res, _ := s.apiCall("GET", "/api/practices", token, "", ""); res.StatusCode != http.StatusOK {
		t.Errorf("read with a read token: %d", res.StatusCode)
	}
	if _, body := anna.get("/dashboard/tokens"); strings.Contains(body, "<td>never</td>") || !strings.Contains(body, " UTC</td>\n<td><form") {
		t.Error("a used token does not say when it was last used")
	}
	if res, _ := s.apiCall("POST", "/api/practices", token, "application/json", `{"title":{"en":"x"}}`); res.StatusCode != http.StatusForbidden {
		t.Errorf("write with a read token: %d", res.StatusCode)
	}
}
