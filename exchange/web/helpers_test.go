package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/vocab"
)

// outbox records the e-mail the web layer queues.
type outbox struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (o *outbox) Enqueue(_ context.Context, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	return nil
}

func (o *outbox) all() []mail.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]mail.Message(nil), o.msgs...)
}

// site is a whole exchange over a memory store: accounts, review, the
// publisher with the exchange mounted.
type site struct {
	t        testing.TB
	iris     vocab.IRIs
	st       store.Store
	accounts *accounts.Service
	review   *review.Review
	web      *Web
	pub      *publisher.Server
	srv      *httptest.Server
	mail     *outbox
	users    map[string]accounts.User
}

// siteConfig is what siteOptions change in newSite.
type siteConfig struct {
	policy  func(source string) review.Policy
	sources []Source
	// web change the web layer's options (o.IRIs.Base() is the site's URL).
	web []func(o *Options)
	// match builds a matching index over the site's store.
	match bool
}

// siteOption changes how newSite builds a site.
type siteOption func(*siteConfig)

// withPolicy gives review a policy per harvest source.
func withPolicy(p func(source string) review.Policy) siteOption {
	return func(c *siteConfig) { c.policy = p }
}

// withSources configures the harvest sources editors see.
func withSources(sources ...Source) siteOption {
	return func(c *siteConfig) { c.sources = sources }
}

// withMatch gives the site the matching of needs and similar practices
// (an index over its store that follows it only when asked: tests call
// site.refreshMatch after publishing).
func withMatch() siteOption {
	return func(c *siteConfig) { c.match = true }
}

// withWeb changes the web layer's options before it is built.
func withWeb(f func(o *Options)) siteOption {
	return func(c *siteConfig) { c.web = append(c.web, f) }
}

func newSite(t testing.TB, opts ...siteOption) *site {
	t.Helper()
	var cfg siteConfig
	for _, o := range opts {
		o(&cfg)
	}
	ctx := context.Background()
	var n vocab.IRIs
	var err error
	s := &site{t: t, st: store.NewMemory(), mail: &outbox{}, users: map[string]accounts.User{}}
	dir := t.TempDir()
	// The server's address is only known once it listens: mint IRIs for it.
	s.srv = httptest.NewUnstartedServer(nil)
	base := "http://" + s.srv.Listener.Addr().String() + "/"
	if n, err = vocab.NewIRIs(base); err != nil {
		t.Fatal(err)
	}
	s.iris = n
	graphs, err := vocab.Graphs(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range graphs {
		if err := store.ReplaceGraph(ctx, s.st, g.Name, g.Graph.Triples()); err != nil {
			t.Fatal(err)
		}
	}
	as, err := accounts.OpenBolt(filepath.Join(dir, "accounts.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.accounts, err = accounts.NewService(as, accounts.Options{Argon2: accounts.Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}})
	if err != nil {
		t.Fatal(err)
	}
	var web *Web
	s.review, err = review.Open(filepath.Join(dir, "review.db"), review.Options{IRIs: n, Store: s.st, Policy: cfg.policy,
		OnEvent: func(e review.Event) {
			if web != nil {
				web.Notify(e)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	wopts := Options{IRIs: n, Accounts: s.accounts, Review: s.review, I18n: bundle, Mail: s.mail,
		SiteTitle: "Test Map", Logger: quiet, Sources: cfg.sources}
	if cfg.match {
		ix, err := match.New(s.st, match.Options{IRIs: n, PollInterval: -1, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		wopts.Match = ix
	}
	for _, f := range cfg.web {
		f(&wopts)
	}
	s.web, err = New(wopts)
	if err != nil {
		t.Fatal(err)
	}
	web = s.web
	s.pub, err = publisher.New(publisher.Options{Store: s.st, IRIs: n, Logger: quiet, Mounts: s.web.Mounts(), Session: s.web.Session(),
		Similar: s.web.SimilarPractices()})
	if err != nil {
		t.Fatal(err)
	}
	s.web.SetPublisher(s.pub)
	s.srv.Config.Handler = s.pub.Handler()
	s.srv.Start()
	t.Cleanup(func() {
		s.srv.Close()
		s.review.Close()
		as.Close()
		s.st.Close()
	})
	// An editorial team, two organisations, one of each role.
	for _, o := range []accounts.Organisation{
		{Name: "Skillsmap Team", Kind: accounts.KindOther},
		{Name: "Stadt Leipzig", Kind: accounts.KindCity, Website: "https://www.leipzig.de/"},
		{Name: "City of Lyon", Kind: accounts.KindCity},
	} {
		org, err := s.accounts.CreateOrganisation(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.review.SetOrganisation(ctx, review.Organisation{ID: org.ID, Name: org.Name, Website: org.Website}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []struct {
		key, email, org string
		role            accounts.Role
	}{
		{"admin", "admin@team.example", "skillsmap-team", accounts.RoleAdmin},
		{"editor", "editor@team.example", "skillsmap-team", accounts.RoleEditor},
		{"contributor", "anna@leipzig.example", "stadt-leipzig", accounts.RoleContributor},
		{"other", "luc@lyon.example", "city-of-lyon", accounts.RoleContributor},
	} {
		usr, err := s.accounts.AddUser(ctx, u.email, strings.Title(u.key), u.org, u.role, "correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		s.users[u.key] = usr
	}
	return s
}

// client is a browser: cookies, and the session's form token.
type client struct {
	s    *site
	c    *http.Client
	csrf string
}

// as signs a user in (through a session, as the sign-in page does).
func (s *site) as(key string) *client {
	s.t.Helper()
	jar := &cookieJar{}
	cl := &client{s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if key == "" {
		return cl
	}
	token, sess, err := s.accounts.StartSession(context.Background(), s.users[key])
	if err != nil {
		s.t.Fatal(err)
	}
	u, _ := url.Parse(s.srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	cl.csrf = sess.CSRFToken
	return cl
}

// cookieJar is a minimal jar for one host.
type cookieJar struct {
	mu      sync.Mutex
	cookies map[string]*http.Cookie
}

func (j *cookieJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cookies == nil {
		j.cookies = map[string]*http.Cookie{}
	}
	for _, c := range cs {
		if c.MaxAge < 0 || c.Value == "" {
			delete(j.cookies, c.Name)
			continue
		}
		j.cookies[c.Name] = c
	}
}

func (j *cookieJar) Cookies(*url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []*http.Cookie
	for _, c := range j.cookies {
		out = append(out, c)
	}
	return out
}

// get fetches a page as the browser would.
func (c *client) get(path string, headers ...string) (*http.Response, string) {
	c.s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.s.srv.URL+path, nil)
	req.Header.Set("Accept", "text/html")
	setHeaders(req, headers)
	return c.do(req)
}

// post sends a form from the site itself, with the session's token.
func (c *client) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	c.s.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form = cloneValues(form) // callers may share a form between clients
	if c.csrf != "" && form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Origin", c.s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	setHeaders(req, headers)
	return c.do(req)
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.s.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func setHeaders(req *http.Request, headers []string) {
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
}

// practiceForm is a complete contribution in German.
func practiceForm(title string) url.Values {
	return url.Values{
		"language":      {"de"},
		"title":         {title},
		"description":   {"Multiplikatorinnen lernen, digitale Kompetenzen an geflüchtete Frauen weiterzugeben; in Präsenz und online."},
		"targetGroups":  {"refugee-women"},
		"skills":        {"1"},
		"types":         {"multiplier-training"},
		"deliveryModes": {"hybrid"},
		"place_name":    {"Leipzig", ""},
		"place_region":  {"DED51", ""},
		"place_country": {"DE", ""},
		"results":       {"120 Teilnehmerinnen"},
		"duration":      {"18"},
		"budget":        {"10k-50k"},
		"materials":     {"de", "ar"},
		"contact":       {"Projektkoordination"},
	}
}

var inputValue = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// waitFor polls cond for a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
