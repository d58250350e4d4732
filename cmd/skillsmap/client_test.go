package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// comunicaBin is Comunica's command-line SPARQL client, installed by
// `npm ci --prefix tools/comunica` (.ci/run does it).
var comunicaBin = filepath.Join("..", "..", "tools", "comunica", "node_modules", ".bin", "comunica-sparql")

// comunica runs a SELECT query with Comunica over one source ("sparql@URL"
// for an endpoint, or a URL to dereference) and returns its solutions, each
// variable's value in Comunica's notation ("\"20\"^^xsd-IRI", IRIs bare).
func comunica(t *testing.T, source, query string) []map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, comunicaBin, source, query)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("comunica-sparql %s: %v\n%s", source, err, stderr.String())
	}
	var rows []map[string]string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("comunica's output: %v\n%s", err, out)
	}
	return rows
}

// checkWithComunica reads the demo through Comunica, a generic SPARQL and
// linked-data client written by others: it must get the same answers as
// our own tests, through the endpoint and by dereferencing IRIs.
func checkWithComunica(t *testing.T, d *demo) {
	if _, err := os.Stat(comunicaBin); err != nil {
		testsupport.Missing(t, "Comunica not installed (npm ci --prefix tools/comunica): %v", err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		testsupport.Missing(t, "node is not installed; Comunica runs on Node.js")
	}
	practice := d.app.iris.Terms().Practice.Value
	rows := comunica(t, "sparql@"+d.pub.URL+"/sparql", `SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <`+practice+`> }`)
	if len(rows) != 1 {
		t.Fatalf("count over the endpoint: %v", rows)
	}
	n, _, _ := strings.Cut(strings.TrimPrefix(rows[0]["n"], `"`), `"`)
	if want := strconv.Itoa(d.practiceCount()); n != want {
		t.Errorf("Comunica counts %s practices over the endpoint, want %s", n, want)
	}
	// Dereferencing: the practice's Turtle document, as a linked-data
	// browser follows an IRI. (Comunica prefers JSON-LD, whose @context is
	// at the public URL, which in this test is not where the server
	// listens; the demo command serves both at one address.)
	iri := d.cfg.PublicURL + "practice/teilhabe-berlin-mikado"
	rows = comunica(t, d.pub.URL+"/practice/teilhabe-berlin-mikado.ttl",
		`SELECT ?title WHERE { <`+iri+`> <http://purl.org/dc/terms/title> ?title }`)
	if len(rows) != 1 || !strings.Contains(rows[0]["title"], "MIKADO") {
		t.Errorf("the practice page read by Comunica: %v, want its title", rows)
	}
	// The DCAT-AP catalog, as a portal's harvester reads it.
	rows = comunica(t, d.pub.URL+"/catalog", `SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }`)
	if len(rows) < 4 {
		t.Errorf("Comunica finds %d datasets in the catalog, want the map's and one per source (4)", len(rows))
	}
}
