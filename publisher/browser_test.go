package publisher

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// browser starts a headless Chromium for one test, or skips the test when
// there is none.
func browser(t *testing.T) context.Context { return testsupport.Browser(t, 90*time.Second) }

// serveFixture serves a fixture over real HTTP on loopback, with the base
// IRI at the server's address so that every link works in the browser;
// wrap, if given, wraps the fixture's handler (to watch the answers).
func serveFixture(t *testing.T, regions, fixtureData bool, wrap ...func(http.Handler) http.Handler) (*fixture, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	opts := fixtureOptions{base: base, noData: !fixtureData}
	if regions {
		if _, err := os.Stat(geodataDir); err == nil {
			opts.regions = true
		}
	}
	f := newFixture(t, opts)
	h := f.handler
	for _, w := range wrap {
		h = w(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return f, base
}

// saveScreenshot writes a PNG into the test's temporary directory, and into
// $SKILLSMAP_SCREENSHOTS when set (to look at it after the test).
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(t.TempDir(), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SKILLSMAP_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMapPageInBrowser(t *testing.T) {
	ctx := browser(t)
	f, base := serveFixture(t, true, false)
	f.harvestDemo(t)

	// What the page should show, from the layer it draws.
	var layer struct {
		Features []struct {
			Geometry   *json.RawMessage
			Properties struct {
				IRI, Title string
				Country    *struct{ Code string }
			}
		}
	}
	if err := json.Unmarshal(f.get("/map/practices.geojson").Body.Bytes(), &layer); err != nil {
		t.Fatal(err)
	}
	practices, points := map[string]bool{}, 0
	germanPractices, germanPoints := map[string]bool{}, 0
	mikado := ""
	for _, ft := range layer.Features {
		practices[ft.Properties.IRI] = true
		if strings.HasPrefix(ft.Properties.Title, "MIKADO") {
			mikado = ft.Properties.IRI
		}
		german := ft.Properties.Country != nil && ft.Properties.Country.Code == "DEU"
		if german {
			germanPractices[ft.Properties.IRI] = true
		}
		if ft.Geometry != nil {
			points++
			if german {
				germanPoints++
			}
		}
	}
	if mikado == "" {
		t.Fatal("the demo sites no longer publish MIKADO")
	}
	if len(germanPractices) == 0 || len(germanPractices) == len(practices) {
		t.Fatalf("the data cannot show a filter: %d German practices of %d", len(germanPractices), len(practices))
	}

	// Record every request the page makes: none may leave this server.
	var mu sync.Mutex
	var foreign []string
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			if u := ev.Request.URL; !strings.HasPrefix(u, base) && !strings.HasPrefix(u, "data:") {
				mu.Lock()
				foreign = append(foreign, u)
				mu.Unlock()
			}
		}
	}()

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"map"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("load the map: %v", err)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	if got := count("#points circle"); got != points {
		t.Errorf("%d points drawn, want %d (one per place with coordinates)", got, points)
	}
	if got := count("#list li"); got != len(practices) {
		t.Errorf("%d list entries, want %d practices", got, len(practices))
	}
	if f.regions != nil && count("#outlines2 path") < 200 {
		t.Errorf("only %d NUTS 2 outlines drawn", count("#outlines2 path"))
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "map-all.png", png)

	// Filter by country: the points and the list shrink to Germany's.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-country"), "DEU"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-country").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if got := count("#points circle"); got != germanPoints {
		t.Errorf("after the country filter: %d points, want %d", got, germanPoints)
	}
	if got := count("#list li"); got != len(germanPractices) {
		t.Errorf("after the country filter: %d list entries, want %d", got, len(germanPractices))
	}
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil || !strings.Contains(hash, "country=DEU") {
		t.Errorf("the permalink does not keep the filter: %q (%v)", hash, err)
	}

	// Click MIKADO's point and read the card.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#points circle[data-iri="`+mikado+`"]`)),
		chromedp.WaitVisible(chromedp.ID("card")),
	); err != nil {
		t.Fatalf("click a point: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("card-title")))
	if err != nil || title != "MIKADO – Multiplier Training Digital Empowerment" {
		t.Errorf("card title %q (%v)", title, err)
	}
	card, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("card")))
	if err != nil || !strings.Contains(card, "Refugee and migrant women") || !strings.Contains(card, "Berlin") {
		t.Errorf("card text %q (%v)", card, err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("card-link").href`))
	if err != nil || href != mikado {
		t.Errorf("card link %q (%v), want %s", href, err, mikado)
	}
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "map-card.png", png)

	// The permalink restores filter and selection.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"about:blank"),
		chromedp.Navigate(base+"map#country=DEU&practice="+mikado),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		chromedp.WaitVisible(chromedp.ID("card")),
	); err != nil {
		t.Fatalf("open a permalink: %v", err)
	}
	if got := count("#list li"); got != len(germanPractices) {
		t.Errorf("the permalink restored %d list entries, want %d", got, len(germanPractices))
	}

	mu.Lock()
	defer mu.Unlock()
	if len(foreign) > 0 {
		t.Errorf("the map page made requests to other servers: %v", foreign)
	}
}

func TestPagesInBrowser(t *testing.T) {
	ctx := browser(t)
	f, base := serveFixture(t, true, true)
	f.harvestDemo(t)
	for _, page := range []struct{ path, name, wait string }{
		{"", "home.png", "h1"},
		{"practice/mikado", "practice.png", "h1"},
		{"practices?country=DEU", "practices.png", "h1"},
		{"region/DE3", "region.png", "h1"},
		{"vocab/digcomp", "scheme.png", "h1"},
		{"ogc/collections/practices/items?f=html&limit=5", "ogc-items.png", "h1"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+page.path), chromedp.WaitVisible(chromedp.CSS(page.wait))); err != nil {
			t.Fatalf("%s: %v", page.path, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		saveScreenshot(t, page.name, png)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestMapLineageAndNeedsInBrowser(t *testing.T) {
	ctx := browser(t)
	f, base := serveFixture(t, false, true)
	f.addNeed()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"map#lineage=1&needs=1"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("load the map: %v", err)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	// Digital Empowerment was adapted into MIKADO and into the Bulgarian libraries' training.
	if got := count(`#arcs path[data-from$="/practice/digital-empowerment"]`); got != 2 {
		t.Errorf("%d lineage arcs from Digital Empowerment, want 2", got)
	}
	// Every arc is visible, also between two practices of one city (their
	// points are spread apart).
	if flat, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("#arcs path")].filter((p) => { const b = p.getBBox(); return b.width + b.height === 0; }).length`)); err != nil || flat != 0 {
		t.Errorf("%d arcs of zero size (%v)", flat, err)
	}
	if got := count("#needs polygon"); got != 1 {
		t.Errorf("%d needs drawn, want 1", got)
	}
	// A click on the need opens its card.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#needs polygon").dispatchEvent(new MouseEvent("click", {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("card-title").textContent`))
	if err != nil || title != "Digitale Kompetenzen für Ältere" {
		t.Errorf("need card title %q (%v)", title, err)
	}
	// Unticking lineage removes the arcs.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("f-lineage").click()`)); err != nil {
		t.Fatal(err)
	}
	if got := count("#arcs path"); got != 0 {
		t.Errorf("%d arcs after unticking lineage", got)
	}
	png, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	saveScreenshot(t, "map-needs.png", png)
}
