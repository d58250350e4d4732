package harvestweb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/internal/testsite"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/httperror"
)

func waitRunning(t *testing.T, h *harvester.Harvester, id string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !h.Running(id); {
		if time.Now().After(deadline) {
			t.Fatal("the run did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAdminHandler(t *testing.T) {
	site := testsite.New(t, "a", "b")
	release := site.Gate()
	released := false
	defer func() {
		if !released {
			release()
		}
	}()
	h := testsite.Harvester(t, harvester.Options{}, site.Source("admin"))
	defer h.Wait()
	admin := AdminHandler(h, "s3cret", nil)
	reports := ReportHandler(h, nil, nil, Page{})
	post := func(path, auth string, handler http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}
	if rec := post("/admin/harvest/admin", "", admin); rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if rec := post("/admin/harvest/admin", "Bearer wrong", admin); rec.Code != http.StatusUnauthorized ||
		!strings.Contains(rec.Header().Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("wrong token: %d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if rec := post("/admin/harvest/admin", "Bearer s3cret", AdminHandler(h, "", nil)); rec.Code != http.StatusForbidden {
		t.Errorf("disabled endpoint: %d", rec.Code)
	}
	if rec := post("/admin/harvest/nope", "Bearer s3cret", admin); rec.Code != http.StatusNotFound {
		t.Errorf("unknown source: %d", rec.Code)
	}
	rec := post("/admin/harvest/admin", "Bearer s3cret", admin)
	if rec.Code != http.StatusAccepted || !strings.HasPrefix(rec.Header().Get("Location"), "/harvest.json?run=") {
		t.Fatalf("start: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	loc := rec.Header().Get("Location")
	waitRunning(t, h, "admin")
	if rec := post("/admin/harvest/admin", "Bearer s3cret", admin); rec.Code != http.StatusConflict {
		t.Errorf("second start while running: %d", rec.Code)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		reports.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	var run harvester.Run
	if rec := get(loc); rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &run) != nil || run.Status != harvester.StatusRunning {
		t.Errorf("run URL while running: %d %s", rec.Code, rec.Body)
	}
	release()
	released = true
	h.Wait()
	if rec := get(loc); json.Unmarshal(rec.Body.Bytes(), &run) != nil || run.Status != harvester.StatusOK || run.Records != 2 {
		t.Errorf("run URL after the run: %s", rec.Body)
	}
	var rep Report
	if rec := get("/harvest.json"); rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rep) != nil ||
		len(rep.Sources) != 1 || len(rep.Sources[0].Runs) != 1 || rep.Sources[0].LastSuccess == nil {
		t.Errorf("report JSON: %s", rec.Body)
	}
	if rec := get("/harvest"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `class="ok"`) || !strings.Contains(rec.Body.String(), run.ID) {
		t.Errorf("report HTML: %d", rec.Code)
	}
	if rec := get("/harvest.json?source=admin&run=nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown run: %d", rec.Code)
	}
}

func TestReportShowsNextScheduledRun(t *testing.T) {
	site := testsite.New(t, "a")
	src := site.Source("sched")
	src.Schedule = sourceconfig.Schedule{Every: time.Hour}
	h := testsite.Harvester(t, harvester.Options{}, src)
	sched, err := harvester.NewScheduler(h, harvester.SchedulerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	defer sched.Shutdown()
	rec := httptest.NewRecorder()
	ReportHandler(h, sched, nil, Page{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/harvest.json", nil))
	var rep Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.Sources[0]
	if s.Schedule != "every 1h0m0s" || s.NextRun == nil || s.NextRun.Before(time.Now()) || s.NextRun.After(time.Now().Add(2*time.Hour)) {
		t.Errorf("schedule %q next run %v", s.Schedule, s.NextRun)
	}
}

// failingLock fails like a lock service that cannot be reached.
type failingLock struct{}

func (failingLock) Lock(context.Context, string) (harvester.Lease, error) {
	return nil, errors.New("redis lock admin: dial tcp 10.1.2.3:6379: connection refused")
}

func TestAdminFailureCarriesOnlyARequestID(t *testing.T) {
	site := testsite.New(t, "a")
	h := testsite.Harvester(t, harvester.Options{Lock: failingLock{}}, site.Source("admin"))
	var logBuf bytes.Buffer
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/admin/harvest/admin", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	AdminHandler(h, "s3cret", slog.New(slog.NewTextHandler(&logBuf, nil))).ServeHTTP(rec, req)
	id := rec.Header().Get(httperror.Header)
	if rec.Code != http.StatusServiceUnavailable || id == "" || !strings.Contains(rec.Body.String(), id) {
		t.Fatalf("%d, id %q: %s", rec.Code, id, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "10.1.2.3") || !strings.Contains(logBuf.String(), "10.1.2.3") {
		t.Errorf("the detail is in the answer or missing from the log: %s / %s", rec.Body, logBuf.String())
	}
}

// The report page wears the site's stylesheet and header, and its links
// stay under the site's path.
func TestReportPageUsesTheSitesLook(t *testing.T) {
	site := testsite.New(t, "a")
	h := testsite.Harvester(t, harvester.Options{}, site.Source("look"))
	page := Page{SiteTitle: "Digital Skills Map", Root: "/map-site/", Stylesheet: "/map-site/assets/style.css",
		Nav: []Link{{Label: "Map", Href: "/map-site/map"}, {Label: "SPARQL", Href: "/map-site/sparql"}}}
	rec := httptest.NewRecorder()
	ReportHandler(h, nil, nil, page).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/harvest", nil))
	html := rec.Body.String()
	for _, want := range []string{
		`<link rel="stylesheet" href="/map-site/assets/style.css">`,
		`<header class="site">`,
		`<a class="brand" href="/map-site/">`,
		`<nav aria-label="Main"><a href="/map-site/map">Map</a><a href="/map-site/sparql">SPARQL</a></nav>`,
		`<a href="/map-site/harvest.json">JSON</a>`,
		`<main>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(html, "body{") {
		t.Error("with the site's stylesheet the page still styles the body itself")
	}
	// Without a stylesheet the page styles itself and still has a header.
	rec = httptest.NewRecorder()
	ReportHandler(h, nil, nil, Page{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/harvest", nil))
	if html := rec.Body.String(); !strings.Contains(html, "body{") || !strings.Contains(html, `<a class="brand" href="/">`) {
		t.Errorf("the page without the site's stylesheet:\n%s", html)
	}
}
