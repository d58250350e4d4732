// Package harvestweb serves the harvester over HTTP: the harvest report
// (/harvest, /harvest.json, a run's live state) and the admin trigger that
// starts a run (POST /admin/harvest/{source}).
package harvestweb

import (
	"bytes"
	_ "embed"
	"html/template"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/httperror"
)

// Report is the state of every source: what /harvest and /harvest.json
// show.
type Report struct {
	Generated time.Time      `json:"generated"`
	Sources   []SourceReport `json:"sources"`
}

// SourceReport is one source's part of the report.
type SourceReport struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Homepage  string `json:"homepage,omitempty"`
	Extractor string `json:"extractor"`
	// Schedule says when the source runs ("every 6h0m0s", "cron 0 3 * * *",
	// or "on demand").
	Schedule string `json:"schedule"`
	// NextRun is when the scheduler runs it next, if it is scheduled.
	NextRun *time.Time `json:"next_run,omitempty"`
	// Running is the run in progress, if any.
	Running *harvester.Run `json:"running,omitempty"`
	// LastSuccess is when the last run that replaced the graph finished.
	LastSuccess *time.Time `json:"last_success,omitempty"`
	// Runs are the recent runs, newest first, with long lists cut short.
	Runs []*harvester.Run `json:"runs"`
}

// reportListLimit bounds the errors, warnings and skipped pages listed per
// run in reports; the counts stay exact in the run itself.
const reportListLimit = 50

// NewReport returns the report of h's sources; next, if not nil, gives the
// next scheduled run of a source.
func NewReport(h *harvester.Harvester, next func(id string) time.Time) Report {
	rep := Report{Generated: time.Now()}
	for _, src := range h.Sources() {
		sr := SourceReport{ID: src.ID, Name: src.Name, Homepage: src.Homepage, Extractor: src.Extractor, Schedule: scheduleText(src.Schedule)}
		if next != nil {
			if t := next(src.ID); !t.IsZero() {
				sr.NextRun = &t
			}
		}
		if cur, ok := h.Current(src.ID); ok {
			sr.Running = cur
		}
		for _, r := range h.Runs(src.ID) {
			cp := *r
			cp.Errors = capList(cp.Errors)
			cp.Warnings = capList(cp.Warnings)
			cp.Skipped = capList(cp.Skipped)
			sr.Runs = append(sr.Runs, &cp)
			if sr.LastSuccess == nil && r.Status != harvester.StatusFailed {
				t := r.Finished
				sr.LastSuccess = &t
			}
		}
		rep.Sources = append(rep.Sources, sr)
	}
	return rep
}

func capList[T any](l []T) []T {
	if len(l) > reportListLimit {
		return l[:reportListLimit]
	}
	return l
}

func scheduleText(s sourceconfig.Schedule) string {
	switch {
	case s.Every > 0:
		return "every " + s.Every.String()
	case s.Cron != "":
		return "cron " + s.Cron
	}
	return "on demand"
}

// Schedule tells when a source runs next (zero if it is not scheduled);
// *harvester.Scheduler is one.
type Schedule interface {
	NextRun(id string) time.Time
}

// Page fits the report page into the site it is served on: the same
// stylesheet and header as the site's other pages.
type Page struct {
	// SiteTitle is the site's name, the header's first link.
	SiteTitle string
	// Root is the URL path of the site's home page, ending in "/" ("/"
	// when empty); the page's own links are under it.
	Root string
	// Stylesheet is the URL of the site's stylesheet; without it the page
	// styles itself.
	Stylesheet string
	// Nav are the links of the site's main navigation.
	Nav []Link
}

// Link is a link of the site's navigation.
type Link struct {
	Label, Href string
}

// reportPage is what the report template gets.
type reportPage struct {
	Page
	Report
}

// ReportHandler serves the harvest report: GET /harvest (HTML), GET
// /harvest.json, and GET /harvest.json?source=S&run=R (one run, JSON, also
// while it runs). sched may be nil (no next-run times). log, if not nil,
// receives the detail of internal errors, which the answers only refer to
// by a request id. page makes the HTML page look like the site's others.
func ReportHandler(h *harvester.Harvester, sched Schedule, log *slog.Logger, page Page) http.Handler {
	if page.Root == "" {
		page.Root = "/"
	}
	if page.SiteTitle == "" {
		page.SiteTitle = "Skillsmap"
	}
	next := func(string) time.Time { return time.Time{} }
	if sched != nil {
		next = sched.NextRun
	}
	if log == nil {
		log = slog.Default()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /harvest.json", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if !q.Has("run") {
			writeJSON(w, http.StatusOK, NewReport(h, next))
			return
		}
		run, ok := h.RunByID(q.Get("source"), q.Get("run"))
		if !ok {
			writeJSONError(w, http.StatusNotFound, "no such run (only recent runs are kept)")
			return
		}
		writeJSON(w, http.StatusOK, run)
	})
	mux.HandleFunc("GET /harvest", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := reportTemplate.Execute(&buf, reportPage{Page: page, Report: NewReport(h, next)}); err != nil {
			http.Error(w, httperror.Internal(w, r, log, "harvest report", err), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
	})
	return mux
}

//go:embed report.html
var reportHTML string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"dur":     func(r *harvester.Run) string { return r.Duration().Round(time.Millisecond).String() },
	"percent": func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
	"sortedCounts": func(m map[string]int) []fieldCount {
		out := make([]fieldCount, 0, len(m))
		for k, v := range m {
			out = append(out, fieldCount{k, v})
		}
		sort.Slice(out, func(i, j int) bool {
			return out[i].Count > out[j].Count || (out[i].Count == out[j].Count && out[i].Field < out[j].Field)
		})
		return out
	},
	"runPath": RunPath,
}).Parse(reportHTML))

type fieldCount struct {
	Field string
	Count int
}
