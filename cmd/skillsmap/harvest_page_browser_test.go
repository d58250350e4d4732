package main

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// pageLook is what makes a page look like the site's: its stylesheets, the
// header's navigation and brand, and the styles they give.
type pageLook struct {
	Sheets     []string
	Nav        []string
	Brand      string
	Font       string
	HeaderBack string
	MainWidth  string
}

// TestHarvestPageLooksLikeTheSite opens the home page, the SPARQL query
// page and the harvest report in Chromium: the report has the site's
// stylesheet, header and navigation, and the browser styles it the same.
func TestHarvestPageLooksLikeTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test takes a while")
	}
	ctx := testsupport.Browser(t, 2*time.Minute)
	s := serveMap(t)
	look := func(path string) pageLook {
		t.Helper()
		browse(t, ctx, "open "+path, chromedp.Navigate(s.base+path), chromedp.WaitVisible(chromedp.CSS("header.site")))
		raw := js[string](t, ctx, `JSON.stringify({
			Sheets: [...document.styleSheets].map(s => s.href).filter(Boolean),
			Nav: [...document.querySelectorAll("header.site nav a")].map(a => a.textContent.trim()),
			Brand: document.querySelector("header.site .brand").textContent.trim(),
			Font: getComputedStyle(document.body).fontFamily,
			HeaderBack: getComputedStyle(document.querySelector("header.site")).backgroundColor,
			MainWidth: getComputedStyle(document.querySelector("main")).maxWidth,
		})`)
		var l pageLook
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	home, report, query := look(""), look("harvest"), look("sparql")
	if len(report.Nav) == 0 || len(home.Nav) < len(report.Nav) || !slices.Equal(home.Nav[:len(report.Nav)], report.Nav) {
		t.Errorf("the report's navigation %v is not the home page's %v", report.Nav, home.Nav)
	}
	if !slices.Equal(query.Nav, report.Nav) {
		t.Errorf("the report's navigation %v differs from the SPARQL page's %v", report.Nav, query.Nav)
	}
	if !slices.Equal(report.Sheets, home.Sheets) || len(home.Sheets) == 0 {
		t.Errorf("stylesheets: report %v, home %v", report.Sheets, home.Sheets)
	}
	if report.Brand != home.Brand || report.Font != home.Font || report.HeaderBack != home.HeaderBack || report.MainWidth != home.MainWidth {
		t.Errorf("the report looks different from the home page:\nreport %+v\nhome   %+v", report, home)
	}
	look("harvest")
	if n := js[float64](t, ctx, `document.querySelectorAll("section[id^=source-]").length`); n != 3 {
		t.Errorf("the report shows %v sources, want the 3 demo sites", n)
	}
}
