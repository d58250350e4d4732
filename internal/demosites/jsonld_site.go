package demosites

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
)

// newJSONLDSite is a site in the style of a European programme's project
// database: one page per practice with schema.org JSON-LD, and a sitemap.
func newJSONLDSite(base string, ps []Practice) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("User-agent: *\nDisallow: /admin/\n\nSitemap: " + base + "/sitemap.xml\n"))
	})
	mux.HandleFunc("GET /sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		b.WriteString("  <url><loc>" + base + "/</loc></url>\n")
		for _, p := range ps {
			b.WriteString("  <url><loc>" + base + "/practices/" + p.ID + "</loc><lastmod>2026-11-01</lastmod></url>\n")
		}
		b.WriteString("</urlset>\n")
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("GET /admin/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "robots.txt asks crawlers to stay out of here", http.StatusForbidden)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		render(w, jsonldIndex, map[string]any{"Practices": ps})
	})
	mux.HandleFunc("GET /practices/{id}", func(w http.ResponseWriter, r *http.Request) {
		for _, p := range ps {
			if p.ID == r.PathValue("id") {
				ld, _ := json.MarshalIndent(schemaOrgProject(base, p), "", "  ")
				render(w, jsonldPage, map[string]any{"P": p, "JSONLD": template.JS(ld), "Country": countryList(p)})
				return
			}
		}
		http.NotFound(w, r)
	})
	return mux
}

// schemaOrgProject describes p the way such sites typically write
// schema.org: a Project with its place, organisation, audience, topics and
// funding, based on the public page the facts come from.
func schemaOrgProject(base string, p Practice) map[string]any {
	page := base + "/practices/" + p.ID
	d := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "Project",
		"@id":         page + "#project",
		"name":        p.Title,
		"description": p.Summary,
		"url":         page,
		"inLanguage":  "en",
		"isBasedOn":   p.SourceURL,
	}
	var places []any
	for _, c := range p.Cities {
		places = append(places, map[string]any{"@type": "Place", "address": map[string]any{
			"@type": "PostalAddress", "addressLocality": c, "addressCountry": first(p.Countries)}})
	}
	if len(places) == 0 {
		for _, c := range p.Countries {
			places = append(places, map[string]any{"@type": "Country", "name": CountryName(c)})
		}
	}
	if len(places) > 0 {
		d["location"] = places
	}
	if len(p.Organisations) > 0 {
		var orgs []any
		for _, o := range p.Organisations {
			orgs = append(orgs, map[string]any{"@type": "Organization", "name": o})
		}
		d["provider"] = orgs
	}
	if len(p.TargetGroups) > 0 {
		var aud []any
		for _, t := range p.TargetGroups {
			aud = append(aud, map[string]any{"@type": "Audience", "audienceType": t})
		}
		d["audience"] = aud
	}
	if len(p.Topics) > 0 {
		d["keywords"] = p.Topics
	}
	if p.Delivery != "" {
		d["courseMode"] = p.Delivery
	}
	if p.Funding != "" {
		d["funding"] = map[string]any{"@type": "Grant", "name": p.Funding}
	}
	if p.Start != "" {
		d["startDate"] = p.Start
	}
	if p.End != "" {
		d["endDate"] = p.End
	}
	return d
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func countryList(p Practice) string {
	var names []string
	for _, c := range p.Countries {
		names = append(names, CountryName(c))
	}
	return strings.Join(names, ", ")
}

var jsonldIndex = page("Urban Skills Exchange", "en", `
<h1>Urban Skills Exchange</h1>
<p>Projects on jobs and digital skills in European cities. A demo partner site of Skillsmap: every
project below is real, described from its public source page.</p>
<ul>{{range .Practices}}<li><a href="/practices/{{.ID}}">{{.Title}}</a></li>{{end}}</ul>`)

var jsonldPage = page("{{.P.Title}} – Urban Skills Exchange", "en", `
<script type="application/ld+json">
{{.JSONLD}}
</script>
<p><a href="/">Urban Skills Exchange</a></p>
<h1>{{.P.Title}}</h1>
<p>{{.P.Summary}}</p>
<dl>
{{with .P.Cities}}<dt>Where</dt><dd>{{join . ", "}}</dd>{{end}}
{{with .Country}}<dt>Country</dt><dd>{{.}}</dd>{{end}}
{{with .P.Organisations}}<dt>Organisation</dt><dd>{{join . "; "}}</dd>{{end}}
{{with .P.TargetGroups}}<dt>For</dt><dd>{{join . ", "}}</dd>{{end}}
{{with .P.Topics}}<dt>Topics</dt><dd>{{join . ", "}}</dd>{{end}}
{{with .P.Funding}}<dt>Funding</dt><dd>{{.}}</dd>{{end}}
</dl>
<p>Source: <a href="{{.P.SourceURL}}">{{.P.SourceURL}}</a></p>`)
