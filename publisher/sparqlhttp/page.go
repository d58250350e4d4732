package sparqlhttp

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
)

// maxPageRows bounds the rows the HTML page shows; the formats link gets
// all of them.
const maxPageRows = 1000

// page renders the query page: the query box, examples, and the result of
// the query if there is one.
func (h *queryHandler) page(w http.ResponseWriter, r *http.Request, query string, out *outcome, qerr error) {
	data := map[string]any{
		"Title":      h.opts.Title,
		"Endpoint":   h.opts.Endpoint,
		"Query":      query,
		"Examples":   h.opts.Examples,
		"Stylesheet": h.opts.Stylesheet,
		"Nav":        h.opts.Nav,
	}
	if query == "" && len(h.opts.Examples) > 0 {
		data["Query"] = h.opts.Examples[0].Query
	}
	if qerr != nil {
		status, msg := h.opts.engineError(qerr)
		if status == http.StatusInternalServerError {
			msg = httperror.Internal(w, r, h.opts.Logger, "sparql query page", qerr)
		}
		data["Error"] = msg
	}
	if out != nil {
		data["Form"] = out.form.String()
		switch out.form {
		case sparql.Select:
			data["Vars"] = out.vars
			rows := out.rows
			if out.count > len(rows) {
				data["Cut"] = out.count
			}
			var cells [][]cell
			for _, row := range rows {
				var cs []cell
				for _, t := range row {
					cs = append(cs, newCell(t))
				}
				cells = append(cells, cs)
			}
			data["Rows"] = cells
			data["Count"] = out.count
		case sparql.Ask:
			data["Boolean"] = out.boolean
		default:
			var buf bytes.Buffer
			if err := rdfio.Write(&buf, rdfio.Turtle, rdf.InGraph(out.triples, rdf.Term{}), rdfio.EncodeOptions{}); err != nil {
				data["Error"] = httperror.Internal(w, r, h.opts.Logger, "sparql query page: write Turtle", err)
			}
			data["Graph"] = buf.String()
			data["Count"] = out.count
			if out.count > len(out.triples) {
				data["Cut"] = out.count
			}
		}
		q := url.Values{"query": {query}}
		data["Links"] = []struct{ Name, URL string }{
			{"JSON", h.opts.Endpoint + "?" + q.Encode() + "&format=json"},
			{"XML", h.opts.Endpoint + "?" + q.Encode() + "&format=xml"},
			{"CSV", h.opts.Endpoint + "?" + q.Encode() + "&format=csv"},
			{"TSV", h.opts.Endpoint + "?" + q.Encode() + "&format=tsv"},
		}
		if out.form == sparql.Construct || out.form == sparql.Describe {
			data["Links"] = []struct{ Name, URL string }{
				{"Turtle", h.opts.Endpoint + "?" + q.Encode() + "&format=turtle"},
				{"N-Triples", h.opts.Endpoint + "?" + q.Encode() + "&format=ntriples"},
				{"JSON-LD", h.opts.Endpoint + "?" + q.Encode() + "&format=jsonld"},
				{"RDF/XML", h.opts.Endpoint + "?" + q.Encode() + "&format=rdfxml"},
			}
		}
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, data); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	status := http.StatusOK
	if qerr != nil {
		status, _ = h.opts.engineError(qerr)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// cell is one value in the results table.
type cell struct {
	Text string
	Link string // for IRIs
	Note string // datatype or language
}

func newCell(t rdf.Term) cell {
	switch t.Kind {
	case rdf.KindIRI:
		c := cell{Text: t.Value}
		if strings.HasPrefix(t.Value, "http://") || strings.HasPrefix(t.Value, "https://") {
			c.Link = t.Value
		}
		return c
	case rdf.KindBlank:
		return cell{Text: "_:" + t.Value}
	case rdf.KindLiteral:
		c := cell{Text: t.Value}
		switch {
		case t.Lang != "":
			c.Note = "@" + t.Lang
		case t.Datatype != rdf.XSDString:
			c.Note = shortDatatype(t.Datatype)
		}
		return c
	}
	return cell{}
}

func shortDatatype(dt string) string {
	if rest, ok := strings.CutPrefix(dt, rdf.NSXSD); ok {
		return "xsd:" + rest
	}
	return dt
}

var pageTemplate = template.Must(template.New("sparql").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>SPARQL – {{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{{with .Stylesheet}}<link rel="stylesheet" href="{{.}}">{{end}}
<style>
{{if not .Stylesheet}}:root { --ink:#1d2a3a; --muted:#5b6b7d; --accent:#0b5cad; --line:#d7dee6; --bg:#f7f9fb; }
body { margin:0; font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); }
header.site { display:flex; gap:1.5rem; align-items:center; padding:.6rem 1.2rem; border-bottom:1px solid var(--line); background:var(--bg); flex-wrap:wrap; }
header.site a { text-decoration:none; color:var(--accent); margin-right:1rem; } header.site .brand { font-weight:700; color:var(--ink); }
{{end}}main.sparql { max-width:72rem; margin:0 auto; padding:1.2rem; }
textarea { width:100%; min-height:16rem; font:14px/1.45 ui-monospace,Menlo,Consolas,monospace; padding:.6rem; border:1px solid var(--line); border-radius:6px; box-sizing:border-box; }
button { font:inherit; padding:.45rem 1.2rem; background:var(--accent); color:#fff; border:0; border-radius:6px; cursor:pointer; }
.examples { display:flex; flex-wrap:wrap; gap:.4rem; margin:.6rem 0; }
.examples button { background:var(--bg); color:var(--accent); border:1px solid var(--line); font-size:.9rem; padding:.25rem .7rem; }
table { border-collapse:collapse; width:100%; margin:1rem 0; font-size:.92rem; }
th, td { text-align:left; padding:.3rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--bg); }
td small { color:var(--muted); margin-left:.3rem; }
pre { background:var(--bg); border:1px solid var(--line); padding:.8rem; overflow:auto; font-size:.85rem; }
.error { border-left:4px solid #b42318; background:#fff1f0; padding:.6rem 1rem; white-space:pre-wrap; }
.meta { color:var(--muted); }
</style></head>
<body>
<header class="site"><a class="brand" href="/">{{.Title}}</a><nav aria-label="Main">{{range .Nav}}<a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Label}}</a>{{end}}</nav></header>
<main class="sparql">
<h1>SPARQL query</h1>
<p class="meta">Endpoint: <code>{{.Endpoint}}</code> — SPARQL 1.1 Protocol (GET ?query=, POST form or
application/sparql-query). The default graph is the union of all graphs; each partner source has its own
named graph. Results as JSON, XML, CSV, TSV, or RDF for CONSTRUCT/DESCRIBE.</p>
{{if .Examples}}<div class="examples" aria-label="Example queries">{{range $i, $e := .Examples}}<button type="button" data-example="{{$i}}">{{$e.Title}}</button>{{end}}</div>{{end}}
<form method="get" action="{{.Endpoint}}">
<textarea name="query" id="query" spellcheck="false" aria-label="SPARQL query">{{.Query}}</textarea>
<p><button type="submit">Run query</button></p>
</form>
{{with .Error}}<div class="error" role="alert">{{.}}</div>{{end}}
{{if .Form}}<p class="meta">{{.Form}} — {{if eq .Form "ASK"}}answer: <strong id="ask">{{.Boolean}}</strong>{{else}}{{.Count}} result(s){{end}}.
Download: {{range .Links}}<a href="{{.URL}}">{{.Name}}</a> {{end}}</p>{{end}}
{{with .Cut}}<p class="meta">Showing the first 1000 of {{.}} results.</p>{{end}}
{{if .Vars}}<table id="results"><thead><tr>{{range .Vars}}<th>?{{.}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr>{{range .}}<td>{{if .Link}}<a href="{{.Link}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{with .Note}}<small>{{.}}</small>{{end}}</td>{{end}}</tr>
{{end}}</tbody></table>{{end}}
{{with .Graph}}<pre id="graph">{{.}}</pre>{{end}}
</main>
<script>
(function () {
  var examples = [{{range .Examples}}{{.Query}},{{end}}];
  document.querySelectorAll("[data-example]").forEach(function (b) {
    b.addEventListener("click", function () { document.getElementById("query").value = examples[+b.dataset.example]; });
  });
})();
</script>
</body>
</html>
`))
