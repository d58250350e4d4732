package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/i18n"
)

//go:embed templates/*.html assets/*.js
var files embed.FS

// page is what every template gets.
type page struct {
	Lang    string
	Title   string
	Site    string
	Nav     []navLink
	Langs   []navLink // the language switcher
	Visitor *visitor
	CSRF    string
	// Notice is a message at the top of the page (saved, sent, …); Error
	// one that says what went wrong.
	Notice, Error string
	Body          any
	w             *Web
}

// navLink is a link of the header.
type navLink struct {
	Label, Href string
	Current     bool
}

// T translates a message of the page's language: {{$.T "web.x" "Name" .Name}}.
func (p *page) T(id string, kv ...any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return p.Visitor.Loc.T(id, data)
}

// N translates a message with plural forms.
func (p *page) N(id string, count int) string {
	return p.Visitor.Loc.Plural(id, count, map[string]any{"Count": count})
}

// With returns a copy of the page with another body, for a template that
// shows part of a page: {{template "practice-fields" ($.With $b.Form)}}.
func (p *page) With(body any) *page {
	c := *p
	c.Body = body
	return &c
}

// Href is a path under the public URL.
func (p *page) Href(path string) string { return p.w.href(path) }

// Date shows a time in the page's language.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	switch p.Lang {
	case "de":
		return t.Format("02.01.2006, 15:04") + " UTC"
	case "fr":
		return t.Format("02/01/2006 15:04") + " UTC"
	}
	return t.Format("2 Jan 2006, 15:04") + " UTC"
}

// parseTemplates parses the layout with each page, as the publisher does:
// every page gets its own copy of the layout.
func parseTemplates(w *Web) (*template.Template, error) {
	funcs := template.FuncMap{
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		"qescape": url.QueryEscape,
		"itoa":    strconv.Itoa,
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"contains": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
	}
	layout, err := files.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	shared, err := files.ReadFile("templates/shared.html")
	if err != nil {
		return nil, err
	}
	// The fields of a practice, for the contribution and editors' forms.
	fields, err := files.ReadFile("templates/fields.html")
	if err != nil {
		return nil, err
	}
	shared = append(append(shared, '\n'), fields...)
	root := template.New("pages").Funcs(funcs)
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, file := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".html")
		if name == "layout" || name == "shared" || name == "fields" {
			continue
		}
		body, err := files.ReadFile(file)
		if err != nil {
			return nil, err
		}
		src := strings.ReplaceAll(string(layout), `{{template "content" .}}`, `{{template "`+name+`-content" .}}`)
		src += strings.ReplaceAll(string(body), `{{define "content"}}`, `{{define "`+name+`-content"}}`)
		src += string(shared)
		if _, err := root.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return root, nil
}

// newPage returns the common page data of a request.
func (w *Web) newPage(r *http.Request, title string, body any) *page {
	v := visitorOf(r)
	p := &page{Lang: v.Lang, Title: title, Site: w.opts.SiteTitle, Visitor: v, Body: body, w: w, CSRF: v.Session.CSRFToken}
	for _, l := range w.opts.Publisher.SiteNav() {
		p.Nav = append(p.Nav, navLink{Label: l.Label, Href: l.Href})
	}
	for _, l := range w.visitorNav(v) {
		p.Nav = append(p.Nav, navLink{Label: l.Label, Href: l.Href, Current: l.Href == r.URL.Path || l.Href == w.href(r.URL.Path)})
	}
	for _, lang := range i18n.SupportedLanguages() {
		q := r.URL.Query()
		q.Set(i18n.QueryParameter, lang)
		p.Langs = append(p.Langs, navLink{Label: i18n.LanguageName(lang), Href: w.href(r.URL.Path) + "?" + q.Encode(), Current: lang == v.Lang})
	}
	if done := r.URL.Query().Get("done"); done != "" {
		// Notices of the editors' acts are in their own catalog.
		for _, id := range []string{"web.notice." + done, "editor.notice." + done, "transfer.notice." + done, "need.notice." + done, "auth.notice." + done, "admin.notice." + done} {
			if v.Loc.Has(id) {
				p.Notice = v.Loc.T(id, nil)
				break
			}
		}
	}
	return p
}

// render writes a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	var buf bytes.Buffer
	if err := w.pages.ExecuteTemplate(&buf, name, p); err != nil {
		w.log.Error("render exchange page", "page", name, "err", err)
		http.Error(rw, "500: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	rw.WriteHeader(status)
	if r.Method != http.MethodHead {
		rw.Write(buf.Bytes())
	}
}

// fail answers an error: a page for browsers, JSON for the API, text for
// other clients.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, status int, message string) {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasSuffix(r.URL.Path, "/suggest") {
		writeJSON(rw, status, map[string]any{"error": message})
		return
	}
	if !strings.Contains(r.Header.Get("Accept"), "text/html") && r.Header.Get("Accept") != "" {
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(status)
		fmt.Fprintf(rw, "%d %s: %s\n", status, http.StatusText(status), message)
		return
	}
	p := w.newPage(r, http.StatusText(status), nil)
	p.Error = message
	w.render(rw, r, status, "message", p)
}

// writeJSON writes v as JSON.
func writeJSON(rw http.ResponseWriter, status int, v any) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(status)
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// redirect answers a form post with a redirect to a page (303), with an
// optional notice id ("saved" shows web.notice.saved).
func (w *Web) redirect(rw http.ResponseWriter, r *http.Request, path, notice string) {
	u := w.href(path)
	if notice != "" {
		if strings.Contains(u, "?") {
			u += "&done=" + notice
		} else {
			u += "?done=" + notice
		}
	}
	http.Redirect(rw, r, u, http.StatusSeeOther)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
