package demosites

import (
	"net/http"
	"strconv"
)

// perPage is small so that the demo's listing really has several pages.
const perPage = 3

// newListingSite is a site in the style of an awards archive: a paginated
// listing that links to detail pages written as plain HTML, with no
// structured data; the harvester reads it with CSS selectors.
func newListingSite(base string, ps []Practice) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("User-agent: *\nAllow: /\n"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/projects", http.StatusFound)
	})
	mux.HandleFunc("GET /projects", func(w http.ResponseWriter, r *http.Request) {
		n := 1
		if s := r.URL.Query().Get("page"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil || n < 1 {
				http.Error(w, "bad page number", http.StatusBadRequest)
				return
			}
		}
		pages := (len(ps) + perPage - 1) / perPage
		if n > pages {
			http.NotFound(w, r)
			return
		}
		lo, hi := (n-1)*perPage, min(n*perPage, len(ps))
		data := map[string]any{"Practices": ps[lo:hi], "Page": n, "Pages": pages}
		if n > 1 {
			data["Prev"] = n - 1
		}
		if n < pages {
			data["Next"] = n + 1
		}
		render(w, listingIndex, data)
	})
	mux.HandleFunc("GET /projects/{id}", func(w http.ResponseWriter, r *http.Request) {
		for _, p := range ps {
			if p.ID == r.PathValue("id") {
				render(w, listingPage, map[string]any{"P": p, "Base": base, "Country": countryList(p)})
				return
			}
		}
		http.NotFound(w, r)
	})
	return mux
}

var listingIndex = page("Digital Skills Practice Archive", "en", `
<h1>Digital Skills Practice Archive</h1>
<p>Good practices in digital skills from across Europe (page {{.Page}} of {{.Pages}}). A demo partner
site of Skillsmap: every practice is real, described from its public source page.</p>
<ul class="projects">
{{range .Practices}}<li><a class="project-link" href="/projects/{{.ID}}">{{.Title}}</a></li>
{{end}}</ul>
<nav>{{with .Prev}}<a rel="prev" href="/projects?page={{.}}">previous</a> {{end}}{{with .Next}}<a rel="next" href="/projects?page={{.}}">next</a>{{end}}</nav>`)

var listingPage = page("{{.P.Title}} – Digital Skills Practice Archive", "en", `
<link rel="canonical" href="{{.Base}}/projects/{{.P.ID}}">
<p><a href="/projects">Archive</a></p>
<article class="practice">
  <h1 class="title">{{.P.Title}}</h1>
  <p class="summary">{{.P.Summary}}</p>
  <table class="facts">
  {{with .P.Cities}}<tr><th>City</th><td><ul class="cities">{{range .}}<li>{{.}}</li>{{end}}</ul></td></tr>{{end}}
  {{with .Country}}<tr><th>Country</th><td class="country">{{.}}</td></tr>{{end}}
  {{with .P.Organisations}}<tr><th>Run by</th><td><ul class="organisations">{{range .}}<li>{{.}}</li>{{end}}</ul></td></tr>{{end}}
  {{with .P.TargetGroups}}<tr><th>Target groups</th><td><ul class="target-groups">{{range .}}<li>{{.}}</li>{{end}}</ul></td></tr>{{end}}
  {{with .P.Topics}}<tr><th>Topics</th><td><ul class="topics">{{range .}}<li>{{.}}</li>{{end}}</ul></td></tr>{{end}}
  {{with .P.Delivery}}<tr><th>Delivery</th><td class="delivery">{{.}}</td></tr>{{end}}
  {{with .P.Funding}}<tr><th>Funding</th><td class="funding">{{.}}</td></tr>{{end}}
  {{with .P.Start}}<tr><th>Start</th><td><time class="start" datetime="{{.}}">{{.}}</time></td></tr>{{end}}
  {{with .P.End}}<tr><th>End</th><td><time class="end" datetime="{{.}}">{{.}}</time></td></tr>{{end}}
  </table>
  <p>Source: <a class="source" href="{{.P.SourceURL}}">{{.P.SourceURL}}</a></p>
</article>`)
