package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
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
		t.Skipf("DCAT-AP 3.0.1 shapes not found in %s (../shared is not part of a clone): %v", shapesDir, err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed; the SHACL check needs Node.js")
	}
	tool := filepath.Join(root, "tools", "shacl")
	if _, err := os.Stat(filepath.Join(tool, "node_modules", "rdf-validate-shacl")); err != nil {
		t.Skipf("SHACL validator not installed: run `npm ci --prefix tools/shacl` (%v)", err)
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

func TestCatalogPassesDCATAPShapes(t *testing.T) {
	v := newSHACLValidator(t)
	g, err := Catalog(context.Background(), demoStore(t).input(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []rdfio.Format{rdfio.Turtle, rdfio.RDFXML} {
		t.Run(f.String(), func(t *testing.T) {
			rep := v.validate(t, writeGraph(t, g, f), dcatAPShapes...)
			if rep.Triples != g.Len() {
				t.Errorf("the validator read %d triples, the catalog has %d", rep.Triples, g.Len())
			}
			var warnings []shaclResult
			for _, file := range rep.Files {
				t.Logf("%s: %d violations, %d warnings, %d infos", filepath.Base(file.Shapes),
					file.Counts["Violation"], file.Counts["Warning"], file.Counts["Info"])
				for _, r := range file.Results {
					switch r.Severity {
					case "Violation":
						t.Errorf("%s: %s", filepath.Base(file.Shapes), r)
					default:
						warnings = append(warnings, r)
					}
				}
			}
			sort.Slice(warnings, func(i, j int) bool { return warnings[i].String() < warnings[j].String() })
			for _, w := range warnings {
				t.Logf("%s", w)
			}
			_ = strings.TrimSpace
		})
	}
}
