package match

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/store"
)

func testHandler(t *testing.T, ix *Index, opts HandlerOptions) http.Handler {
	t.Helper()
	opts.I18n = bundle(t)
	h, err := ix.Handler(opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type answer struct {
	Need struct {
		Text     string `json:"text"`
		Language string `json:"language"`
		Places   []struct {
			Name, Region, Country string
			Lat, Lon              *float64
		} `json:"places"`
		Skills []string `json:"skills"`
	} `json:"need"`
	FromText struct {
		TargetGroups []string `json:"targetGroups"`
	} `json:"fromText"`
	Language string `json:"language"`
	Results  []struct {
		Practice, ID, Title string
		Score               float64
		Reasons             []string
		Factors             map[string]float64
	} `json:"results"`
	Error, Parameter, Value string
}

func get(t *testing.T, h http.Handler, query string, header http.Header) (*httptest.ResponseRecorder, answer) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/api/match?"+query, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var a answer
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("%s: Content-Type %q", query, ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatalf("%s: %v: %s", query, err, w.Body)
	}
	return w, a
}

func TestHandlerMatches(t *testing.T) {
	ix, _ := newTestIndex(t)
	h := testHandler(t, ix, HandlerOptions{})
	q := url.Values{"q": {"Angebote für geflüchtete Frauen"}, "lang": {"de"}, "place": {"Leipzig"}, "skill": {"1,4"}, "limit": {"2"}}
	w, a := get(t, h, q.Encode(), http.Header{"Accept-Language": {"de-DE,de;q=0.9,en;q=0.5"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if a.Language != "de" || w.Header().Get("Content-Language") != "de" || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("language %q, headers %v", a.Language, w.Header())
	}
	if a.Need.Language != "de" || !slices.Equal(a.Need.Skills, []string{"1", "4"}) || len(a.Need.Places) != 1 || a.Need.Places[0].Region != "DED51" || a.Need.Places[0].Lat == nil {
		t.Errorf("need %+v", a.Need)
	}
	if !slices.Equal(a.FromText.TargetGroups, []string{"refugee-women"}) {
		t.Errorf("from the text: %+v", a.FromText)
	}
	if len(a.Results) != 2 {
		t.Fatalf("results: %+v", a.Results)
	}
	r := a.Results[0]
	if r.Practice != practiceIRI(r.ID) || r.Title == "" || r.Score <= 0 || r.Score > 1 || len(r.Factors) == 0 {
		t.Errorf("result %+v", r)
	}
	leipzig := a.Results[slices.IndexFunc(a.Results, func(x struct {
		Practice, ID, Title string
		Score               float64
		Reasons             []string
		Factors             map[string]float64
	}) bool {
		return x.ID == "stadt-leipzig-digitale-teilhabe"
	})]
	for _, want := range []string{"vermittelt DigComp 1 und 4", "Zielgruppe: Geflüchtete und zugewanderte Frauen", "in derselben Region (Leipzig)"} {
		if !slices.Contains(leipzig.Reasons, want) {
			t.Errorf("Leipzig's reasons %q lack %q", leipzig.Reasons, want)
		}
	}

	// ?hl= wins over Accept-Language; the title follows the reader where
	// it can. Without lang, q is taken to be in the reader's language.
	_, a = get(t, h, "q=smartphone&hl=fr&limit=5", http.Header{"Accept-Language": {"de"}})
	if a.Language != "fr" || a.Need.Language != "fr" {
		t.Errorf("hl=fr: language %q, need language %q", a.Language, a.Need.Language)
	}
	found := false
	for _, r := range a.Results {
		if r.ID == "lyon-ateliers-seniors" {
			found = true
			if r.Title != "Ateliers numériques pour les seniors" || !slices.Contains(r.Reasons, "mentionne «\u00a0smartphone\u00a0»") {
				t.Errorf("Lyon in French: %+v", r)
			}
		}
	}
	if !found {
		t.Errorf("hl=fr: %+v", a.Results)
	}

	// No language asked: English.
	_, a = get(t, h, "country=AT", nil)
	if a.Language != "en" || len(a.Results) != 2 || !slices.Contains(a.Results[0].Reasons, "in the same country (Austria)") {
		t.Errorf("country=AT: %+v", a)
	}
}

func TestHandlerRejectsBadParameters(t *testing.T) {
	ix, _ := newTestIndex(t)
	h := testHandler(t, ix, HandlerOptions{})
	many := url.Values{"skill": slices.Repeat([]string{"1"}, MaxValues+1)}.Encode()
	tests := []struct {
		name, query, param string
		message            string // a part of the error
	}{
		{"nothing", "", "", "describe the need"},
		{"only a language", "lang=de&hl=fr", "", "describe the need"},
		{"q too long", "q=" + strings.Repeat("a", MaxTextLength+1), "q", "at most 2000"},
		{"q twice", "q=a&q=b", "q", "at most once"},
		{"limit zero", "q=x&limit=0", "limit", "between 1 and 100"},
		{"limit too big", "q=x&limit=101", "limit", "between 1 and 100"},
		{"limit not a number", "q=x&limit=ten", "limit", "between 1 and 100"},
		{"unknown skill", "skill=1&skill=9.9", "skill", "not a DigComp"},
		{"unknown target group", "targetGroup=aliens", "targetGroup", "not a concept of target-group"},
		{"unknown type", "type=course", "type", "not a concept of practice-type"},
		{"unknown delivery", "delivery=pigeon", "delivery", "not a concept of delivery-mode"},
		{"unknown place", "place=Atlantis", "place", "no place called"},
		{"unknown country", "country=Narnia", "country", "not a country"},
		{"unknown material language", "skill=1&materials=klingon", "materials", "not a known language"},
		{"bad text language", "q=x&lang=12", "lang", "not a language tag"},
		{"bad reader language", "q=x&hl=<script>", "hl", "not a language tag"},
		{"unknown parameter", "q=x&skills=1", "skills", "unknown parameter skills"},
		{"too many values", many, "", "at most 50"},
		{"long value", "place=" + strings.Repeat("x", 301), "place", "at most 300"},
		{"bad UTF-8", "q=%ff", "q", "UTF-8"},
		{"malformed query", "q=%zz", "", "malformed"},
	}
	for _, tt := range tests {
		w, a := get(t, h, tt.query, nil)
		if w.Code != http.StatusBadRequest || a.Parameter != tt.param || !strings.Contains(a.Error, tt.message) {
			t.Errorf("%s: %d %+v, want 400 for %q with %q", tt.name, w.Code, a, tt.param, tt.message)
		}
	}
}

func TestHandlerMethodsAndCORS(t *testing.T) {
	ix, _ := newTestIndex(t)
	h := testHandler(t, ix, HandlerOptions{})
	r := httptest.NewRequest(http.MethodOptions, "/api/match", nil)
	r.Header.Set("Origin", "https://example.org")
	r.Header.Set("Access-Control-Request-Method", "GET")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/match?q=x", strings.NewReader("{}")))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("POST: %d %v", w.Code, w.Header())
	}
	// HEAD answers like GET, without a body (the server drops it).
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Head(srv.URL + "/api/match?skill=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("HEAD: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestHandlerUnavailable(t *testing.T) {
	// Before the first index: 503 with Retry-After after the timeout.
	mem := store.NewMemory()
	writePractices(t, mem, testIRIs(t), fixture())
	gs := &gatedStore{Store: mem, waited: make(chan struct{}, 1)}
	gs.close()
	ix, err := New(gs, Options{IRIs: testIRIs(t), PollInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	defer gs.open()
	h := testHandler(t, ix, HandlerOptions{Timeout: 50 * time.Millisecond})
	w, a := get(t, h, "skill=1", nil)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(a.Error, "being built") {
		t.Errorf("before the first build: %d %+v %v", w.Code, a, w.Header())
	}

	// A busy gate: 503 with Retry-After at once.
	ready, _ := newTestIndex(t)
	gate := admission.NewGate(1, 1, time.Millisecond)
	release, err := gate.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	h = testHandler(t, ready, HandlerOptions{Gate: gate})
	w, a = get(t, h, "skill=1", nil)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(a.Error, "busy") {
		t.Errorf("busy: %d %+v", w.Code, a)
	}
}
