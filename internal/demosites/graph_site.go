package demosites

import (
	"encoding/json"
	"html/template"
	"net/http"
)

// germanTexts are the German descriptions the Berlin site writes, translated
// from the facts in practices.csv (and nothing more).
var germanTexts = map[string]struct {
	Description  string
	TargetGroups []string
	Topics       []string
}{
	"mikado": {
		Description: "Zweijährige Multiplikatorenschulung, die das Berliner Projekt Digital Empowerment in andere " +
			"deutsche Bundesländer überträgt: Sie vernetzt lokale Akteure und befähigt Trainerinnen und Trainer, die " +
			"digitale Kompetenz geflüchteter Frauen zu stärken. Präsenz- und Online-Phasen; zum Abschluss eine " +
			"Konferenz und eine Handreichung mit guten Praxisbeispielen.",
		TargetGroups: []string{"geflüchtete Frauen", "Trainerinnen, Trainer und Multiplikatoren"},
		Topics:       []string{"digitale Kompetenz", "Train-the-Trainer"},
	},
	"digital-empowerment": {
		Description: "Berliner Projekt, das die digitale Kompetenz geflüchteter Frauen stärkt. Sein Ansatz ist " +
			"das Modell, das MIKADO in andere Bundesländer überträgt.",
		TargetGroups: []string{"geflüchtete Frauen"},
		Topics:       []string{"digitale Kompetenz"},
	},
}

// adaptedFrom records practice lineage that the facts state: MIKADO carries
// the Berlin project Digital Empowerment to other federal states.
var adaptedFrom = map[string]string{"mikado": "digital-empowerment"}

// newGraphSite is a German-language site that lists its projects on one
// page and describes all of them in a single JSON-LD @graph.
func newGraphSite(base string, ps []Practice) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("User-agent: *\nAllow: /\n"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/projekte", http.StatusFound)
	})
	mux.HandleFunc("GET /projekte", func(w http.ResponseWriter, r *http.Request) {
		ld, _ := json.MarshalIndent(germanGraph(base, ps), "", "  ")
		type item struct {
			P           Practice
			Description string
			Topics      []string
			Groups      []string
		}
		var items []item
		for _, p := range ps {
			t := germanTexts[p.ID]
			items = append(items, item{P: p, Description: t.Description, Topics: t.Topics, Groups: t.TargetGroups})
		}
		render(w, graphPage, map[string]any{"Items": items, "JSONLD": template.JS(ld)})
	})
	return mux
}

func germanGraph(base string, ps []Practice) map[string]any {
	page := base + "/projekte"
	var nodes []any
	for _, p := range ps {
		t := germanTexts[p.ID]
		n := map[string]any{
			"@type":       "Project",
			"@id":         page + "#" + p.ID,
			"name":        map[string]any{"@value": p.Title, "@language": "en"},
			"description": t.Description,
			"url":         page + "#" + p.ID,
			"isBasedOn":   p.SourceURL,
		}
		if orig, ok := adaptedFrom[p.ID]; ok {
			n["isBasedOn"] = []any{p.SourceURL, map[string]any{"@id": page + "#" + orig}}
		}
		if len(p.Cities) > 0 {
			n["location"] = map[string]any{"@type": "Place", "address": map[string]any{
				"@type": "PostalAddress", "addressLocality": p.Cities[0], "addressCountry": first(p.Countries)}}
		}
		var aud []any
		for _, g := range t.TargetGroups {
			aud = append(aud, map[string]any{"@type": "Audience", "audienceType": g})
		}
		n["audience"] = aud
		n["keywords"] = t.Topics
		if p.Delivery != "" {
			n["courseMode"] = p.Delivery
		}
		nodes = append(nodes, n)
	}
	return map[string]any{
		"@context": map[string]any{"@vocab": "https://schema.org/", "@language": "de"},
		"@graph":   nodes,
	}
}

var graphPage = page("Projekte – Digitale Teilhabe", "de", `
<script type="application/ld+json">
{{.JSONLD}}
</script>
<h1>Digitale Teilhabe – Projektdatenbank</h1>
<p>Projekte, die digitale Kompetenzen vermitteln. Eine Demo-Partnerseite von Skillsmap: Die Projekte sind
real und nach ihrer öffentlichen Quelle beschrieben.</p>
{{range .Items}}
<section id="{{.P.ID}}">
  <h2>{{.P.Title}}</h2>
  <p>{{.Description}}</p>
  <p>Ort: {{join .P.Cities ", "}} · Zielgruppen: {{join .Groups ", "}} · Themen: {{join .Topics ", "}}</p>
  <p>Quelle: <a href="{{.P.SourceURL}}">{{.P.SourceURL}}</a></p>
</section>
{{end}}`)
