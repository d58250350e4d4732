package demosites

import (
	"bytes"
	"html/template"
	"log"
	"net/http"
	"strings"
)

// page builds a full HTML page template around body.
func page(title, lang, body string) *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{"join": strings.Join}).Parse(
		`<!DOCTYPE html>
<html lang="` + lang + `">
<head><meta charset="utf-8"><title>` + title + `</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>` + body + `
<footer><p>Demo partner site bundled with Skillsmap; served on this machine only.</p></footer>
</body>
</html>
`))
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		log.Printf("demo site template: %v", err)
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
