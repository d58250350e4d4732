package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// The two organisations of the transfer test: a Berlin association that
// shared its practice through the exchange, and a city that needs it.
const (
	e2eOwner        = "owner@empowerment.test"
	e2eCity         = "anna@leipzig.test"
	e2eOwnerTitle   = "Digital Empowerment Network for Refugee Women"
	e2ePrivateWords = "Telefonnummer 0341-99999"
	// e2ePersonPrefix starts the people's names, to find them anywhere.
	e2ePersonPrefix = "Person-E2E "
)

// mailWith waits until the SMTP server received a message to addr whose
// subject or text holds want, and returns its subject and text.
func (s *served) mailWith(addr, want string) (subject, text string) {
	s.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, m := range s.smtp.Messages() {
			for _, to := range m.To {
				if !strings.EqualFold(to, addr) {
					continue
				}
				if subject, text = readMail(s.t, m.Data); strings.Contains(subject+"\n"+text, want) {
					return subject, text
				}
			}
		}
	}
	s.t.Fatalf("no message to %s with %q arrived", addr, want)
	return "", ""
}

// TestFindAndTransferInBrowser walks issue "Find and transfer" end to end
// in Chromium: a city states a need in German, finds an English practice
// among the top matches with the reasons shown, opens a transfer; the
// practice's owner accepts it and later marks it adapted; the lineage is
// then on both practice pages, in the linked data and SPARQL, and an arc
// on the map — and neither side's personal data is public.
func TestFindAndTransferInBrowser(t *testing.T) {
	var owner accounts.User
	var originalID string
	s := serveMap(t, mapSetup{
		accounts: func(ctx context.Context, svc *accounts.Service) {
			for _, o := range []struct {
				org   accounts.Organisation
				email string
			}{
				{accounts.Organisation{Name: "Digital Empowerment Berlin", Kind: accounts.KindNGO}, e2eOwner},
				{accounts.Organisation{Name: "Stadt Leipzig", Kind: accounts.KindCity}, e2eCity},
			} {
				org, err := svc.CreateOrganisation(ctx, o.org)
				if err != nil {
					t.Fatal(err)
				}
				u, err := svc.AddUser(ctx, o.email, e2ePersonPrefix+o.email, org.ID, accounts.RoleContributor, e2ePassword)
				if err != nil {
					t.Fatal(err)
				}
				if o.email == e2eOwner {
					owner = u
				}
			}
		},
		// The owner shared its practice through the exchange, in English,
		// and an editor approved it.
		review: func(ctx context.Context, a *app) {
			var err error
			originalID, err = a.review.Contribute(ctx, review.Actor{UserID: owner.ID, Org: owner.OrgID, Role: review.RoleContributor}, "", record.Practice{
				Language: "en", Title: record.Texts{"en": e2eOwnerTitle},
				Description: record.Texts{"en": "Trainers from migrant communities teach refugee women to find information online, " +
					"use public services and communicate safely; face-to-face groups with online phases."},
				Skills: []string{"1", "2"}, TargetGroups: []string{"refugee-women"}, DeliveryModes: []string{"hybrid"},
				Places: []record.Place{{Name: "Berlin", Region: "DE300", Country: "DE"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.review.Approve(ctx, review.Actor{UserID: "e2e-editor", Org: "map-editors", Role: review.RoleEditor}, originalID, 1, nil); err != nil {
				t.Fatal(err)
			}
		},
	})
	original := s.base + "practice/" + originalID
	adaptedFrom := s.app.iris.Terms().AdaptedFrom.Value
	ctx := testsupport.Browser(t, 3*time.Minute)

	// 1. Anna of Stadt Leipzig states a need in German and publishes it.
	signIn(t, ctx, s.base, e2eCity, e2ePassword)
	browse(t, ctx, "open the need form in German",
		chromedp.Navigate(s.base+"needs/new?lang=de"),
		chromedp.WaitVisible(`#need-form[data-ready="1"]`),
	)
	browse(t, ctx, "describe the need",
		chromedp.SetValue(chromedp.ID("n-language"), "de"),
		chromedp.SetValue(chromedp.ID("n-title"), "Digitale Teilhabe geflüchteter Frauen"),
		chromedp.SetValue(chromedp.ID("n-description"), "Wir suchen ein erprobtes Konzept, mit dem geflüchtete Frauen in Leipzig lernen, "+
			"online Informationen zu finden und sicher zu kommunizieren – in Präsenz und online."),
		chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('input[name="place_name"]'); i.value = "Leipzig"; i.dispatchEvent(new Event("change", {bubbles: true})); })()`),
	)
	waitJS(t, ctx, "the region of Leipzig", `(() => { const s = document.querySelector('select[name="place_region"]'); return s && s.value.startsWith("DED5"); })()`)
	browse(t, ctx, "publish and save",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("n-publish").checked = true`),
		chromedp.Click(chromedp.ID("n-save")),
		chromedp.WaitVisible(chromedp.ID("matches")),
	)
	needPath := js[string](t, ctx, `location.pathname`)
	needID := strings.TrimPrefix(needPath, "/needs/")

	// 2. The English practice is among the top matches, with the reasons
	// in German.
	top := js[[]string](t, ctx, `[...document.querySelectorAll("#matches .match-title")].slice(0, 3).map((a) => a.href)`)
	rank := -1
	for i, href := range top {
		if href == original {
			rank = i
		}
	}
	if rank < 0 {
		t.Fatalf("%s is not among the top matches %q", original, top)
	}
	reasons := js[string](t, ctx, `document.querySelectorAll("#matches .match")[`+strconv.Itoa(rank)+`].querySelector(".reasons").textContent`)
	for _, want := range []string{"Zielgruppe: Geflüchtete und zugewanderte Frauen", "km entfernt", "Format: Hybrid"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}

	// 3. She opens a transfer from the match: the need and its place are
	// filled in.
	adapt := `#matches a[href*="/practice/` + originalID + `/adapt?need="]`
	browse(t, ctx, "open the transfer",
		chromedp.Click(adapt),
		chromedp.WaitVisible(chromedp.ID("t-message")),
	)
	if need := js[string](t, ctx, `document.getElementById("t-need").value`); need != needID {
		t.Errorf("the transfer's need is %q, want %q", need, needID)
	}
	browse(t, ctx, "write to the owner",
		chromedp.SetValue(chromedp.ID("t-message"), "Wir möchten Ihr Konzept in Leipzig übertragen. "+e2ePrivateWords),
		chromedp.Submit(chromedp.ID("t-message")),
		chromedp.WaitVisible(chromedp.ID("transfer-state")),
	)
	transferPath := js[string](t, ctx, `location.pathname`)

	// 4. The owner is told through the site, without Anna's address.
	_, text := s.mailWith(e2eOwner, transferPath)
	if strings.Contains(text, e2eCity) {
		t.Errorf("the owner's e-mail shows the city's address:\n%s", text)
	}

	// 5. The owner accepts, and later marks it adapted.
	signIn(t, ctx, s.base, e2eOwner, e2ePassword)
	browse(t, ctx, "accept the transfer",
		chromedp.Navigate(s.base+strings.TrimPrefix(transferPath, "/")+"?lang=en"),
		chromedp.WaitVisible(`button[name="state"][value="in-progress"]`),
		chromedp.Click(`button[name="state"][value="in-progress"]`),
	)
	// The page before the answer offers "adapted" too: wait for the new
	// page's state, not for a button.
	waitJS(t, ctx, "the accepted transfer", `(() => { const s = document.getElementById("transfer-state"); return !!s && s.textContent === "in progress" && !!document.querySelector('button[name="state"][value="adapted"]'); })()`)
	if _, ans := s.get("sparql?query="+url.QueryEscape(`ASK { ?a <`+adaptedFrom+`> <`+original+`> }`), "Accept: application/sparql-results+json"); !strings.Contains(ans, "false") {
		t.Errorf("an adaptation is public before the transfer is adapted: %s", ans)
	}
	browse(t, ctx, "mark it adapted",
		chromedp.Click(`button[name="state"][value="adapted"]`),
		chromedp.WaitVisible(chromedp.ID("adaptation")),
	)
	adaptation := js[string](t, ctx, `document.getElementById("adaptation").href`)
	if !strings.HasPrefix(adaptation, s.base+"practice/") {
		t.Fatalf("adaptation %q", adaptation)
	}

	// 6. The lineage is on both practice pages …
	if code, page := s.get(strings.TrimPrefix(original, s.base), "Accept: text/html"); code != http.StatusOK ||
		!strings.Contains(page, "Family tree") || !strings.Contains(page, strings.TrimPrefix(adaptation, strings.TrimSuffix(s.base, "/"))) {
		t.Errorf("the original's page (%d) does not show its adaptation", code)
	}
	if code, page := s.get(strings.TrimPrefix(adaptation, s.base), "Accept: text/html"); code != http.StatusOK ||
		!strings.Contains(page, "Adapted from") || !strings.Contains(page, e2eOwnerTitle) {
		t.Errorf("the adaptation's page (%d) does not show its origin", code)
	}
	// … in the linked data and SPARQL …
	if _, ttl := s.get(strings.TrimPrefix(adaptation, s.base), "Accept: application/n-triples"); !strings.Contains(ttl, "<"+adaptation+"> <"+adaptedFrom+"> <"+original+">") {
		t.Errorf("the adaptation's linked data lacks sm:adaptedFrom:\n%s", ttl)
	}
	ask := `ASK { <` + adaptation + `> <` + adaptedFrom + `> <` + original + `> . ?t <http://www.w3.org/ns/prov#generated> <` + adaptation + `> }`
	if _, ans := s.get("sparql?query="+url.QueryEscape(ask), "Accept: application/sparql-results+json"); !strings.Contains(ans, "true") {
		t.Errorf("SPARQL: %s", ans)
	}
	// … and an arc on the map, next to the harvested MIKADO ← Digital
	// Empowerment.
	browse(t, ctx, "open the map with lineage",
		chromedp.Navigate(s.base+"map#lineage=1"),
		chromedp.WaitVisible(`body[data-ready="true"]`),
	)
	arc := `#arcs path[data-from=` + jsQuote(original) + `][data-to=` + jsQuote(adaptation) + `]`
	if n := js[int](t, ctx, `document.querySelectorAll(`+jsQuote(arc)+`).length`); n != 1 {
		t.Errorf("%d arcs from the original to its adaptation, want 1", n)
	}
	// MIKADO and Digital Empowerment are both in Berlin: their arc joins
	// their spread points and must still be seen.
	if n := js[int](t, ctx, `[...document.querySelectorAll('#arcs path[data-to$="-mikado"]')].filter((p) => { const b = p.getBBox(); return b.width + b.height > 0; }).length`); n < 1 {
		t.Error("no visible arc into MIKADO")
	}

	// 7. Neither side's personal data is public.
	_, dump := s.get("dump.nq")
	for _, private := range []string{e2eOwner, e2eCity, e2ePrivateWords, e2ePersonPrefix, owner.ID} {
		if strings.Contains(dump, private) {
			t.Errorf("the public dump holds %q", private)
		}
	}
	if !strings.Contains(dump, "<"+s.base+"need/"+needID+">") {
		t.Error("the published need is not in the dump")
	}
}

// jsQuote quotes s as a JavaScript (and CSS) string.
func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
