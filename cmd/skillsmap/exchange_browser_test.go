package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

// served is the whole map as `skillsmap serve` runs it — demo partner
// sites harvested, the exchange, mail to a real SMTP server on loopback —
// for tests that drive it from outside.
type served struct {
	t    *testing.T
	base string
	app  *app
	smtp *testsupport.SMTPServer
}

const (
	e2eAdmin    = "admin@map.test"
	e2eEditor   = "editor@map.test"
	e2ePassword = "a long enough password"
)

// serveMap harvests the demo sites and serves the map with its exchange
// until the test ends; the first admin and an editor exist, as the command
// line makes them.
func serveMap(t *testing.T, setups ...mapSetup) *served {
	t.Helper()
	s := &served{t: t, smtp: testsupport.StartSMTP(t)}
	ctx := context.Background()
	sites, err := demosites.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demosites.Stop(sites) })
	var sources []sourceconfig.Source
	for _, site := range sites {
		src := site.Source(site.URL)
		src.Politeness.Delay = time.Millisecond
		sources = append(sources, src)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s.base = "http://" + addr + "/"
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Listen = addr
	cfg.PublicURL = s.base
	cfg.Mail = config.Mail{From: "Digital Skills Map <map@map.test>", SMTP: config.SMTP{Host: "127.0.0.1", Port: s.smtp.Port(), TLS: "none"}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	svc, db, err := openAccounts(cfg)
	if err != nil {
		t.Fatal(err)
	}
	team, err := svc.CreateOrganisation(ctx, accounts.Organisation{Name: "Map editors", Kind: accounts.KindOther})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		email string
		role  accounts.Role
	}{{e2eAdmin, accounts.RoleAdmin}, {e2eEditor, accounts.RoleEditor}} {
		if _, err := svc.AddUser(ctx, u.email, strings.Split(u.email, "@")[0], team.ID, u.role, e2ePassword); err != nil {
			t.Fatal(err)
		}
	}
	for _, setup := range setups {
		if setup.accounts != nil {
			setup.accounts(ctx, svc)
		}
	}
	db.Close()
	if s.app, err = openApp(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	h, err := s.app.newHarvester(sources)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range h.RunAll(ctx) {
		if run.Status != "ok" {
			t.Fatalf("harvest %s: %s", run.Source, run.Summary())
		}
	}
	for _, setup := range setups {
		if setup.review != nil {
			setup.review(ctx, s.app)
		}
	}
	serveCtx, stop := context.WithCancel(ctx)
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- s.app.serve(serveCtx, h, func(string) { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		s.app.Close()
	})
	return s
}

// mapSetup prepares a served map: accounts runs on the accounts before
// the server opens them, review once the demo sites are harvested, before
// serving.
type mapSetup struct {
	accounts func(ctx context.Context, svc *accounts.Service)
	review   func(ctx context.Context, a *app)
}

// get fetches a path of the map.
func (s *served) get(path string, headers ...string) (int, string) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.base+strings.TrimPrefix(path, "/"), nil)
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// mailTo waits until the SMTP server received the n-th message to an
// address and returns its subject and text body.
func (s *served) mailTo(addr string, n int) (subject, text string) {
	s.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var got []testsupport.SMTPMessage
		for _, m := range s.smtp.Messages() {
			for _, to := range m.To {
				if strings.EqualFold(to, addr) {
					got = append(got, m)
				}
			}
		}
		if len(got) >= n {
			return readMail(s.t, got[n-1].Data)
		}
	}
	s.t.Fatalf("no message %d to %s arrived", n, addr)
	return "", ""
}

// readMail decodes a message: its subject and its plain-text part.
func readMail(t *testing.T, data []byte) (string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	var text func(ctype, enc string, body io.Reader) string
	text = func(ctype, enc string, body io.Reader) string {
		mt, params, _ := mime.ParseMediaType(ctype)
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					return ""
				}
				if s := text(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); s != "" {
					return s
				}
			}
		}
		if mt != "text/plain" {
			return ""
		}
		if strings.EqualFold(enc, "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(body)
		return string(b)
	}
	return subject, text(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}

// browse runs chromedp actions and fails the test on an error.
func browse(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// js evaluates an expression in the page.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript condition for up to 20 seconds.
func waitJS(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
	}
	t.Fatalf("timed out waiting for %s (%s)", what, cond)
}

// signIn signs in on the page, as a person would.
func signIn(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	browse(t, ctx, "sign in as "+email,
		chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
			return chromedp.Void{}, err
		}),
		chromedp.Navigate(base+"login"),
		chromedp.WaitVisible(chromedp.ID("login-email")),
		chromedp.SetValue(chromedp.ID("login-email"), email),
		chromedp.SetValue(chromedp.ID("login-password"), password),
		chromedp.Submit(chromedp.ID("login-password")),
		chromedp.WaitNotPresent(chromedp.ID("login-password")),
	)
}

// TestShareAndValidateInBrowser walks the exchange end to end, as people
// do it in a browser: an admin invites an organisation, its member sets a
// password and shares a practice in German (correcting the region the map
// suggests), an editor adds a DigComp area and approves it, the member
// gets the e-mail, and the practice is on the map, in the dumps, SPARQL,
// the counts of VoID and the Atom feed.
func TestShareAndValidateInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser walk takes a while")
	}
	ctx := testsupport.Browser(t, 4*time.Minute)
	s := serveMap(t)
	practiceClass := func() int {
		_, void := s.get("/.well-known/void", "Accept: application/n-triples")
		return voidEntities(t, void, s.app.iris.Terms().Practice)
	}
	before := practiceClass()

	// 1. The admin invites Stadt Leipzig, a new organisation, in German.
	signIn(t, ctx, s.base, e2eAdmin, e2ePassword)
	browse(t, ctx, "invite",
		chromedp.Navigate(s.base+"admin"),
		chromedp.WaitVisible(chromedp.ID("invite-email")),
		chromedp.SetValue(chromedp.ID("invite-email"), "anna@leipzig.example"),
		chromedp.SetValue(chromedp.ID("invite-org"), "new"),
		chromedp.SetValue(chromedp.ID("org-invite-name"), "Stadt Leipzig"),
		chromedp.SetValue(chromedp.ID("org-invite-kind"), "city"),
		chromedp.SetValue(chromedp.ID("org-invite-country"), "DE"),
		chromedp.SetValue(chromedp.ID("invite-role"), "contributor"),
		chromedp.SetValue(chromedp.ID("invite-lang"), "de"),
		chromedp.Submit(chromedp.ID("invite-email")),
		chromedp.WaitVisible(chromedp.ID("invited")),
	)
	subject, text := s.mailTo("anna@leipzig.example", 1)
	link := regexp.MustCompile(regexp.QuoteMeta(s.base) + `invite/[A-Za-z0-9_-]+`).FindString(text)
	if link == "" || !strings.Contains(subject+text, "Stadt Leipzig") {
		t.Fatalf("invitation e-mail %q:\n%s", subject, text)
	}

	// 2. Anna sets her password.
	browse(t, ctx, "accept the invitation",
		chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
			return chromedp.Void{}, err
		}),
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("invite-name")),
		chromedp.SetValue(chromedp.ID("invite-name"), "Anna Schmidt"),
		chromedp.SetValue(chromedp.ID("invite-password"), "geheim und lang genug"),
		chromedp.SetValue(chromedp.ID("invite-password2"), "geheim und lang genug"),
		chromedp.Submit(chromedp.ID("invite-password")),
		chromedp.WaitNotPresent(chromedp.ID("invite-password")),
	)

	// 3. She shares a practice in German; the map suggests the region of
	// Leipzig, and she corrects it.
	browse(t, ctx, "open the form in German",
		chromedp.Navigate(s.base+"contribute?lang=de"),
		chromedp.WaitVisible(`#contribute-form[data-ready="1"]`),
	)
	if h1 := js[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Praxisbeispiel teilen" {
		t.Fatalf("form heading %q, want German", h1)
	}
	browse(t, ctx, "fill in the practice",
		chromedp.SetValue(chromedp.ID("f-language"), "de"),
		chromedp.SetValue(chromedp.ID("f-title"), "Digitale Teilhabe für geflüchtete Frauen in Leipzig"),
		chromedp.SetValue(chromedp.ID("f-description"), "Multiplikatorinnen lernen, wie geflüchtete Frauen im Internet Informationen suchen und online kommunizieren; in Präsenz und online."),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-description").dispatchEvent(new Event("input", {bubbles: true}))`),
		chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('input[name="place_name"]'); i.value = "Leipzig"; i.dispatchEvent(new Event("change", {bubbles: true})); })()`),
	)
	waitJS(t, ctx, "the suggested region of Leipzig", `(() => { const s = document.querySelector('select[name="place_region"]'); return s && s.value.startsWith("DED5"); })()`)
	waitJS(t, ctx, "the suggested target group", `document.querySelector('input[name="targetGroups"][value="refugee-women"]').checked`)
	suggested := js[string](t, ctx, `document.querySelector('select[name="place_region"]').value`)
	corrected := js[string](t, ctx, `(() => { const s = document.querySelector('select[name="place_region"]');
		const o = [...s.options].find((o) => o.value && o.value !== s.value && o.value.startsWith("DE")); 
		s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); return o.value; })()`)
	if corrected == "" || corrected == suggested {
		t.Fatalf("no other region to choose than %q", suggested)
	}
	if js[bool](t, ctx, `document.querySelector('input[name="skills"][value="4"]').checked`) {
		t.Fatal("DigComp area 4 is already ticked: the editor's addition would not show")
	}
	browse(t, ctx, "tick a competence area and submit",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="skills"][value="1"]').click()`),
		chromedp.Click(`button[name="action"][value="submit"]`),
		chromedp.WaitVisible(`p.notice`),
	)
	if notice := js[string](t, ctx, `document.querySelector("p.notice").textContent`); !strings.Contains(notice, "Redaktion") {
		t.Errorf("after submitting: %q, want the German notice", notice)
	}
	subject, _ = s.mailTo("anna@leipzig.example", 2)
	t.Logf("confirmation: %s", subject)
	iri := s.base + "practice/stadt-leipzig-digitale-teilhabe-fuer-gefluechtete-frauen-in-leipzig"
	if code, _ := s.get(strings.TrimPrefix(iri, s.base), "Accept: text/turtle"); code != http.StatusNotFound {
		t.Fatalf("the submitted practice is public before review: %d", code)
	}

	// 4. An editor finds it in the queue, adds DigComp area 4, approves.
	signIn(t, ctx, s.base, e2eEditor, e2ePassword)
	browse(t, ctx, "open the queue",
		chromedp.Navigate(s.base+"editor"),
		chromedp.WaitVisible(`a[href$="/editor/practice/stadt-leipzig-digitale-teilhabe-fuer-gefluechtete-frauen-in-leipzig"]`),
		chromedp.Click(`a[href$="/editor/practice/stadt-leipzig-digitale-teilhabe-fuer-gefluechtete-frauen-in-leipzig"]`),
		chromedp.WaitVisible(`form[action$="/approve"]`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action$="/approve"] details').open = true`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action$="/approve"] input[name="skills"][value="4"]').click()`),
		chromedp.Click(`form[action$="/approve"] button.primary`),
		chromedp.WaitVisible(`p.notice`),
	)

	// 5. Anna's e-mail arrives, in German.
	subject, text = s.mailTo("anna@leipzig.example", 3)
	if !strings.Contains(text, iri) || !strings.Contains(subject+text, "Digitale Teilhabe") {
		t.Errorf("approval e-mail %q:\n%s", subject, text)
	}

	// 6. The practice is everywhere the public looks, with the editor's
	// area and Anna's region.
	code, ttl := s.get(strings.TrimPrefix(iri, s.base), "Accept: text/turtle")
	if code != http.StatusOK || !strings.Contains(ttl, "vocab/digcomp/4") || !strings.Contains(ttl, corrected) || strings.Contains(ttl, "@leipzig.example") {
		t.Errorf("practice as Turtle (%d):\n%s", code, ttl)
	}
	if _, geo := s.get("map/practices.geojson"); !strings.Contains(geo, iri) {
		t.Error("not on the map")
	}
	if _, dump := s.get("dump.nq"); !strings.Contains(dump, "<"+iri+">") || strings.Contains(dump, "anna@leipzig.example") {
		t.Error("not in the dump, or the dump holds an e-mail address")
	}
	ask := `ASK { <` + iri + `> <http://schema.org/teaches> <` + s.base + `vocab/digcomp/4> ; <http://purl.org/dc/terms/spatial> <` + vocab.NUTSRegion(corrected).Value + `> }`
	if _, ans := s.get("sparql?query="+url.QueryEscape(ask), "Accept: application/sparql-results+json"); !strings.Contains(ans, "true") {
		t.Errorf("SPARQL: %s", ans)
	}
	if after := practiceClass(); after != before+1 {
		t.Errorf("VoID counts %d practices, want %d", after, before+1)
	}
	if _, feed := s.get("feed.atom?country=DE"); !strings.Contains(feed, "<id>"+iri+"</id>") {
		t.Error("not in the German Atom feed")
	}
}

// voidEntities reads from a VoID description how many entities the class
// partition of class has.
func voidEntities(t *testing.T, ntriples string, class rdf.Term) int {
	t.Helper()
	ts, err := rdfio.ParseTriples(strings.NewReader(ntriples), rdfio.NTriples, rdfio.ParseOptions{})
	if err != nil {
		t.Fatalf("VoID: %v", err)
	}
	g := rdf.NewGraph(ts...)
	for _, part := range g.Subjects(vocab.VoIDClass, class) {
		if n, err := strconv.Atoi(g.Object(part, vocab.VoIDEntities).Value); err == nil {
			return n
		}
	}
	t.Fatal(errors.New(fmt.Sprint("no class partition for ", class)))
	return 0
}
