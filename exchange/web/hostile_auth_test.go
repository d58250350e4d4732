package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Markup, scripts, javascript: URLs, oversized and invalid text in the
// fields of the account, administration and token pages are refused or
// stored as text, and never become live markup.
func TestHostileValuesOnAccountPages(t *testing.T) {
	s := newSite(t)
	hostile := []string{
		`<script>alert("x")</script>`,
		`"><img src=x onerror=alert(1)>`,
		"javascript:alert(1)",
		strings.Repeat("x", 1<<20),
		"bad \xff\xfe utf-8",
		"{{.Secret}} ${7*7} %s",
	}
	admin := s.as("admin")
	anna := s.as("contributor")
	for _, v := range hostile {
		posts := []struct {
			c    *client
			path string
			form url.Values
		}{
			{anna, "/account", url.Values{"name": {v}, "language": {"en"}}},
			{anna, "/account", url.Values{"name": {"Anna"}, "language": {v}}},
			{anna, "/dashboard/tokens", url.Values{"name": {v}, "scopes": {"practices:read", v}}},
			{anna, "/account/password", url.Values{"current": {v}, "password": {v}, "password2": {v}}},
			{admin, "/admin/organisations", url.Values{"name": {v}, "kind": {v}, "website": {v}, "country": {v}, "id": {v}}},
			{admin, "/admin/organisations/city-of-lyon", url.Values{"name": {v}, "kind": {"city"}, "website": {v}}},
			{admin, "/admin/invite", url.Values{"email": {v}, "org": {"new"}, "role": {v}, "lang": {v}, "new_name": {v}, "new_website": {v}}},
			{admin, "/admin/users/" + s.users["other"].ID + "/role", url.Values{"role": {v}}},
			{s.as(""), "/login", url.Values{"email": {v}, "password": {v}, "next": {v}}},
			{s.as(""), "/reset", url.Values{"email": {v}}},
		}
		for _, p := range posts {
			res, body := p.c.post(p.path, p.form)
			if res.StatusCode >= 500 {
				t.Errorf("POST %s with %.30q: %d", p.path, v, res.StatusCode)
			}
			if strings.Contains(body, `<script>alert("x")</script>`) || strings.Contains(body, `<img src=x onerror`) || strings.Contains(body, `href="javascript:`) {
				t.Errorf("POST %s with %.30q: live markup in the answer", p.path, v)
			}
		}
	}
	// Stored as text, shown as text on every page.
	script := hostile[0]
	for _, p := range []struct {
		c    *client
		path string
		form url.Values
	}{
		{anna, "/account", url.Values{"name": {script}, "language": {"de"}}},
		{anna, "/dashboard/tokens", url.Values{"name": {script}, "scopes": {"practices:read"}}},
		{admin, "/admin/organisations/city-of-lyon", url.Values{"name": {hostile[1]}, "kind": {"city"}}},
	} {
		if res, _ := p.c.post(p.path, p.form); res.StatusCode >= 400 {
			t.Fatalf("POST %s: %d", p.path, res.StatusCode)
		}
	}
	for _, page := range []struct {
		c    *client
		path string
	}{{anna, "/account"}, {anna, "/dashboard/tokens"}, {admin, "/admin"}} {
		res, body := page.c.get(page.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", page.path, res.StatusCode)
		}
		if strings.Contains(body, `<script>alert("x")</script>`) || strings.Contains(body, `<img src=x onerror`) || strings.Contains(body, `href="javascript:`) {
			t.Errorf("%s shows live markup", page.path)
		}
	}
	_, body := admin.get("/admin")
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") || !strings.Contains(body, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("names with markup are not shown as text on the administration page")
	}
	_, body = anna.get("/dashboard/tokens")
	if !strings.Contains(body, "<td>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</td>") {
		t.Error("a token name with markup is not shown as text")
	}
}
