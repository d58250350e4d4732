package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// browser is a person's HTTP client: one session cookie, whichever
// instance it talks to.
type browser struct {
	t       *testing.T
	session string // the session cookie's value
	c       *http.Client
}

func newBrowser(t *testing.T) *browser {
	return &browser{t: t, c: &http.Client{Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.session != "" {
		req.AddCookie(&http.Cookie{Name: "skillsmap_session", Value: b.session})
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.Name == "skillsmap_session" {
			b.session = c.Value
		}
	}
	return res, string(data)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the session's form token from a page.
func (b *browser) csrf(page string) string {
	b.t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no form token in the page:\n%.2000s", page)
	}
	return m[1]
}

// runCommand runs a skillsmap command (the test binary as main) with
// stdin, failing the test if it fails.
func runCommand(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("skillsmap %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestExchangeSharedBetweenInstances runs two serve processes on one
// Virtuoso and one Redis (harvest.redis_url and exchange.redis_url) behind
// HAProxy balancing every path round robin — no route pins the exchange to
// one instance. A person signs in through instance a and the session
// works on b; a contribution submitted through a is in the editors' queue
// on b and approved through b; then it is public through a; signing out
// through b ends the session on a.
func TestExchangeSharedBetweenInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Virtuoso, Redis, HAProxy and two servers")
	}
	if _, err := exec.LookPath("haproxy"); err != nil {
		testsupport.Missing(t, "haproxy is not installed (Debian package haproxy): skipping the multi-instance test")
	}
	virtuoso := testsupport.StartVirtuoso(t)
	redisAddr := testsupport.StartRedis(t)
	site := newPartnerSite(t, 1)
	front := testsupport.FreePort(t)
	config := fmt.Sprintf(`public_url: http://127.0.0.1:%d/
store: {kind: sparql, query_url: %q, dialect: virtuoso, refresh: 1s}
harvest: {redis_url: "redis://%s/0"}
exchange: {redis_url: "redis://%s/1"}
server: {rate_limit: 10000}
sources:
  - id: partner
    start_urls: [%q]
    extractor: jsonld
    local: true
`, front, virtuoso.SPARQL, redisAddr, redisAddr, site.URL+"/listing")
	dir := t.TempDir()
	configPath := filepath.Join(dir, "skillsmap.yaml")
	if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// The accounts are made on the command line, into Redis, before any
	// instance runs: both see them.
	const password = "correct horse battery staple"
	for _, u := range [][]string{
		{"editor@team.example", "Eddie Editor", "Skillsmap Team", "editor"},
		{"anna@leipzig.example", "Anna Beispiel", "Stadt Leipzig", "contributor"},
	} {
		runCommand(t, password+"\n", "user", "add", "--config", configPath, "--data", filepath.Join(dir, "cli"),
			"--email", u[0], "--name", u[1], "--org-name", u[2], "--role", u[3], "--password-stdin")
	}
	if _, err := os.Stat(filepath.Join(dir, "cli", "accounts.db")); err == nil {
		t.Error("the command line wrote DATA/accounts.db although the accounts are in Redis")
	}
	a := startInstance(t, "a", configPath, testsupport.FreePort(t))
	b := startInstance(t, "b", configPath, testsupport.FreePort(t))
	lb := startHAProxy(t, front, a, b)

	// Anna signs in through a; her session works on b.
	anna := newBrowser(t)
	res, _ := anna.do(http.MethodPost, a.url+"/login", url.Values{"email": {"anna@leipzig.example"}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther || anna.session == "" {
		t.Fatalf("sign-in through a: %d, session cookie %t", res.StatusCode, anna.session != "")
	}
	res, page := anna.do(http.MethodGet, b.url+"/contribute", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a session made on a, used on b: %d (%s)", res.StatusCode, res.Header.Get("Location"))
	}
	// She shares a practice through a, with the form token b gave her.
	form := url.Values{
		"csrf": {anna.csrf(page)}, "action": {"submit"}, "language": {"de"},
		"title":         {"Digitale Teilhabe für geflüchtete Frauen"},
		"description":   {"Multiplikatorinnen lernen, digitale Kompetenzen an geflüchtete Frauen weiterzugeben; in Präsenz und online."},
		"targetGroups":  {"refugee-women"},
		"skills":        {"1"},
		"types":         {"multiplier-training"},
		"deliveryModes": {"hybrid"},
		"place_name":    {"Leipzig"}, "place_region": {"DED51"}, "place_country": {"DE"},
	}
	if res, body := anna.do(http.MethodPost, a.url+"/contribute", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit through a: %d\n%.3000s", res.StatusCode, body)
	}

	// The editor signs in through b and finds it in the queue there.
	eddie := newBrowser(t)
	if res, _ := eddie.do(http.MethodPost, b.url+"/login", url.Values{"email": {"editor@team.example"}, "password": {password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor sign-in through b: %d", res.StatusCode)
	}
	res, queue := eddie.do(http.MethodGet, b.url+"/editor", nil)
	m := regexp.MustCompile(`href="/editor/practice/([^"?]+)"`).FindStringSubmatch(queue)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(queue, "Digitale Teilhabe für geflüchtete Frauen") {
		t.Fatalf("b's editor queue (%d) does not hold the contribution made through a:\n%.3000s", res.StatusCode, queue)
	}
	id := m[1]
	if res, _ := anna.do(http.MethodGet, a.url+"/practice/"+id, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("the practice is public before approval: %d", res.StatusCode)
	}
	_, detail := eddie.do(http.MethodGet, b.url+"/editor/practice/"+id, nil)
	res, body := eddie.do(http.MethodPost, b.url+"/editor/practice/"+id+"/approve", testsupport.FormValues(t, detail, "/approve"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve through b: %d\n%.3000s", res.StatusCode, body)
	}
	// Approved through b, it is public through a (one external store).
	waitFor(t, visibleWithin, "the approved practice on a", func() bool {
		res, _ := newBrowser(t).do(http.MethodGet, a.url+"/practice/"+id, nil)
		return res.StatusCode == http.StatusOK
	})
	// Anna's dashboard shows it published, on either instance, also
	// through HAProxy balancing round robin.
	for i := range 6 {
		res, page := anna.do(http.MethodGet, lb+"/dashboard", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "Digitale Teilhabe für geflüchtete Frauen") {
			t.Fatalf("request %d through HAProxy: %d (%s)", i, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// Signing out through b ends the session on a too.
	_, page = anna.do(http.MethodGet, b.url+"/account", nil)
	session := anna.session
	if res, _ := anna.do(http.MethodPost, b.url+"/logout", url.Values{"csrf": {anna.csrf(page)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out through b: %d", res.StatusCode)
	}
	anna.session = session // a browser that kept the old cookie
	if res, _ := anna.do(http.MethodGet, a.url+"/dashboard", nil); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/login") {
		t.Errorf("a session ended through b still works on a: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, in := range []*instance{a, b} {
		for _, f := range []string{"review.db", "accounts.db"} {
			if _, err := os.Stat(filepath.Join(in.cmd.Args[len(in.cmd.Args)-1], f)); err == nil {
				t.Errorf("instance %s wrote %s although the exchange is in Redis", in.name, f)
			}
		}
	}
}
