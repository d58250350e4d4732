package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// The DCAT-AP 3.0.1 release's SHACL files that make up the full check.
// dcat-ap-SHACL.ttl is the release's generated shapes (cardinalities, node
// kinds and class ranges; ranges.ttl repeats its class ranges), shapes.ttl
// and range.ttl the hand-written constraints the release also publishes
// (they add the date/dateTime datatype checks), mdr-vocabularies.shape.ttl
// the controlled vocabularies; shapes_recommended.ttl and deprecateduris.ttl
// give warnings only. imports.ttl and mdr_imports.ttl hold nothing but
// owl:imports of the ontologies and authority tables, which a validator
// would fetch over the network: the catalog carries the statements of the
// authority tables the shapes need instead.
var dcatAPShapes = []string{
	"dcat-ap-SHACL.ttl", "ranges.ttl", "shapes.ttl", "range.ttl",
	"mdr-vocabularies.shape.ttl", "shapes_recommended.ttl", "deprecateduris.ttl",
}

// shaclReport is validate.mjs's JSON output.
type shaclReport struct {
	Triples int            `json:"triples"`
	Total   map[string]int `json:"total"`
	Files   []struct {
		Shapes         string         `json:"shapes"`
		Counts         map[string]int `json:"counts"`
		SkippedImports []string       `json:"skippedImports"`
		Results        []shaclResult  `json:"results"`
	} `json:"files"`
}

type shaclResult struct {
	Severity   string `json:"severity"`
	FocusNode  string `json:"focusNode"`
	Path       string `json:"path"`
	Value      string `json:"value"`
	Message    string `json:"message"`
	Constraint string `json:"constraint"`
	Shape      string `json:"shape"`
}

func (r shaclResult) String() string {
	return fmt.Sprintf("%s: focus %s path %s value %s: %s (%s; %s)", r.Severity, r.FocusNode, r.Path, r.Value, r.Message, r.Constraint, r.Shape)
}

// shaclValidator runs tools/shacl/validate.mjs.
type shaclValidator struct {
	script, shapesDir string
}

// newSHACLValidator finds node, the validator's node_modules and the
// DCAT-AP shapes, and skips the test when one is missing.
func newSHACLValidator(t *testing.T) *shaclValidator {
	t.Helper()
	root := repoRoot(t)
	shapesDir := filepath.Join(root, "..", "shared", "dcat-ap", "3.0.1")
	if _, err := os.Stat(filepath.Join(shapesDir, "dcat-ap-SHACL.ttl")); err != nil {
		testsupport.Missing(t, "DCAT-AP 3.0.1 shapes not found in %s (../shared is not part of a clone): %v", shapesDir, err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		testsupport.Missing(t, "node is not installed; the SHACL check needs Node.js")
	}
	tool := filepath.Join(root, "tools", "shacl")
	if _, err := os.Stat(filepath.Join(tool, "node_modules", "rdf-validate-shacl")); err != nil {
		testsupport.Missing(t, "SHACL validator not installed: run `npm ci --prefix tools/shacl` (%v)", err)
	}
	return &shaclValidator{script: filepath.Join(tool, "validate.mjs"), shapesDir: shapesDir}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// validate checks the document in file against the named shapes files.
func (v *shaclValidator) validate(t *testing.T, file string, shapes ...string) *shaclReport {
	t.Helper()
	args := []string{v.script, "--json", "--data", file}
	for _, s := range shapes {
		args = append(args, "--shapes", filepath.Join(v.shapesDir, s))
	}
	cmd := exec.Command("node", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("validate.mjs: %v\n%s", err, stderr.String())
	}
	var rep shaclReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("validate.mjs output: %v\n%s", err, stdout.String())
	}
	return &rep
}

// writeGraph serialises g in format f into a file of the test's temp dir.
func writeGraph(t *testing.T, g *rdf.Graph, f rdfio.Format) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, g, f); err != nil {
		t.Fatalf("write %s: %v", f, err)
	}
	file := filepath.Join(t.TempDir(), "catalog"+f.Extension())
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// acceptedWarnings are the warnings of the recommended and vocabulary
// shapes that the catalog keeps on purpose; docs/catalog.md explains each.
// Any other warning fails the test.
var acceptedWarnings = []struct {
	why   string
	match func(file string, r shaclResult) bool
}{
	{"publisher is not an EU institution (not in the corporate-body table)", func(file string, r shaclResult) bool {
		return file == "mdr-vocabularies.shape.ttl" && r.Path == "<"+rdf.NSDCT+"publisher>"
	}},
	{"the practices' bounding box is a dct:Location of our own, next to the country IRIs", func(file string, r shaclResult) bool {
		return file == "mdr-vocabularies.shape.ttl" && r.Path == "<"+rdf.NSDCT+"spatial>" &&
			strings.HasPrefix(r.Value, "<"+testBase+"catalog#") && strings.HasSuffix(r.Value, "-extent>")
	}},
	{"countries are EU table IRIs: their geometry is the table's, not restated", func(file string, r shaclResult) bool {
		return file == "shapes_recommended.ttl" && strings.HasPrefix(r.FocusNode, "<"+CountryScheme+"/") &&
			(r.Path == "<"+rdf.NSDCAT+"bbox>" || r.Path == "<"+rdf.NSDCAT+"centroid>")
	}},
}

func TestCatalogPassesDCATAPShapes(t *testing.T) {
	v := newSHACLValidator(t)
	g, err := Catalog(context.Background(), demoStore(t).input(t))
	if err != nil {
		t.Fatal(err)
	}
	// Harvesters read Turtle or RDF/XML: both must pass.
	for _, f := range []rdfio.Format{rdfio.Turtle, rdfio.RDFXML} {
		t.Run(f.String(), func(t *testing.T) {
			rep := v.validate(t, writeGraph(t, g, f), dcatAPShapes...)
			if rep.Triples != g.Len() {
				t.Errorf("the validator read %d triples, the catalog has %d", rep.Triples, g.Len())
			}
			accepted := make([]int, len(acceptedWarnings))
			for _, file := range rep.Files {
				name := filepath.Base(file.Shapes)
				t.Logf("%s: %d violations, %d warnings, %d infos", name,
					file.Counts["Violation"], file.Counts["Warning"], file.Counts["Info"])
				if len(file.SkippedImports) > 0 {
					t.Logf("%s: owl:imports not followed: %v", name, file.SkippedImports)
				}
			results:
				for _, r := range file.Results {
					if r.Severity == "Violation" {
						t.Errorf("%s: %s", name, r)
						continue
					}
					for i, a := range acceptedWarnings {
						if a.match(name, r) {
							accepted[i]++
							continue results
						}
					}
					t.Errorf("%s: unexpected %s", name, r)
				}
			}
			for i, a := range acceptedWarnings {
				t.Logf("accepted: %d × %s", accepted[i], a.why)
			}
		})
	}
}

// Many portals still validate against DCAT-AP 2.1.1: the catalog passes its
// shapes too (their warnings are the same kinds, logged).
func TestCatalogPassesDCATAP211Shapes(t *testing.T) {
	v := newSHACLValidator(t)
	g, err := Catalog(context.Background(), demoStore(t).input(t))
	if err != nil {
		t.Fatal(err)
	}
	var shapes []string
	for _, f := range []string{"shapes", "range", "mdr-vocabularies.shape", "shapes_recommended", "deprecateduris"} {
		shapes = append(shapes, filepath.Join("..", "2.1.1", "dcat-ap_2.1.1_shacl_"+f+".ttl"))
	}
	rep := v.validate(t, writeGraph(t, g, rdfio.RDFXML), shapes...)
	for _, file := range rep.Files {
		t.Logf("%s: %d violations, %d warnings", filepath.Base(file.Shapes), file.Counts["Violation"], file.Counts["Warning"])
		for _, r := range file.Results {
			if r.Severity == "Violation" {
				t.Errorf("%s: %s", filepath.Base(file.Shapes), r)
			}
		}
	}
}

// The check must be able to fail: a catalog without its mandatory title
// and with a non-EU file type is rejected.
func TestDCATAPShapesCatchViolations(t *testing.T) {
	v := newSHACLValidator(t)
	good, err := Catalog(context.Background(), demoStore(t).input(t))
	if err != nil {
		t.Fatal(err)
	}
	cat := newNames(demoStore(t).iris).Catalog()
	bad := rdf.NewGraph()
	for _, tr := range good.Triples() {
		switch {
		case tr.S == cat && tr.P == vocab.DCTTitle:
			continue // the title is mandatory
		case tr.P == vocab.DCTFormat && tr.O == authority(FileTypeScheme, "RDF_TURTLE"):
			tr.O = rdf.IRI("http://example.org/formats/turtle") // not the EU table
		}
		bad.Add(tr)
	}
	badFile := writeGraph(t, bad, rdfio.Turtle)
	rep := v.validate(t, badFile, "dcat-ap-SHACL.ttl", "mdr-vocabularies.shape.ttl")
	var title, format bool
	for _, file := range rep.Files {
		for _, r := range file.Results {
			if r.Severity != "Violation" {
				continue
			}
			title = title || (r.FocusNode == cat.String() && r.Path == "<"+rdf.NSDCT+"title>")
			format = format || r.Path == "<"+rdf.NSDCT+"format>"
		}
	}
	if !title || !format {
		t.Errorf("missing title reported: %v, foreign file type reported: %v (total %v)", title, format, rep.Total)
	}
	// As a command, --fail-on violation fails on the bad catalog only.
	for _, tt := range []struct {
		file string
		code int
	}{{badFile, 1}, {writeGraph(t, good, rdfio.Turtle), 0}} {
		cmd := exec.Command("node", v.script, "--fail-on", "violation", "--data", tt.file,
			"--shapes", filepath.Join(v.shapesDir, "dcat-ap-SHACL.ttl"))
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code {
			t.Errorf("validate.mjs --fail-on violation: exit %d, want %d", code, tt.code)
		}
	}
}
