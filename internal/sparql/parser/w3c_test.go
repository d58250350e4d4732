package parser

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/sparql/algebra"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// w3cSuiteDir is the W3C SPARQL test suites in the shared data folder.
var w3cSuiteDir = filepath.Join("..", "..", "..", "..", "shared", "w3c", "sparql")

// w3cSkips lists tests skipped on purpose, by path relative to
// w3cSuiteDir, with the reason. Keep in step with
// internal/sparql/CONFORMANCE-syntax.md.
var w3cSkips = map[string]string{}

// syntaxExpectation says what a manifest test type expects of the parser.
type syntaxExpectation struct {
	update bool // parse as an update rather than a query
	valid  bool // the text must parse
}

var syntaxTestTypes = map[string]syntaxExpectation{
	"PositiveSyntaxTest":         {valid: true},
	"PositiveSyntaxTest11":       {valid: true},
	"NegativeSyntaxTest":         {valid: false},
	"NegativeSyntaxTest11":       {valid: false},
	"QueryEvaluationTest":        {valid: true},
	"PositiveUpdateSyntaxTest11": {update: true, valid: true},
	"NegativeUpdateSyntaxTest11": {update: true, valid: false},
	"UpdateEvaluationTest":       {update: true, valid: true},
}

// TestW3CSyntax runs the parser over the syntax tests of the W3C SPARQL
// 1.0 and 1.1 suites and over the queries and updates of their evaluation
// tests, which are all valid.
func TestW3CSyntax(t *testing.T) {
	if _, err := os.Stat(w3cSuiteDir); err != nil {
		testsupport.Missing(t, "W3C SPARQL test suites not found at %s (the shared data folder is absent): %v", w3cSuiteDir, err)
	}
	manifests, err := filepath.Glob(filepath.Join(w3cSuiteDir, "sparql1*", "*", "manifest.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(manifests)
	var summary []string
	var total [3]int
	for _, m := range manifests {
		dir, _ := filepath.Rel(w3cSuiteDir, filepath.Dir(m))
		entries, err := readManifest(m)
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		var counts [3]int // pass, fail, skip
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			for _, e := range entries {
				want, ok := syntaxTestTypes[e.Type]
				if !ok {
					continue
				}
				if e.File == "" {
					counts[1]++
					t.Errorf("%s (%s): no query or update file in the manifest", e.Name, e.Type)
					continue
				}
				rel, _ := filepath.Rel(w3cSuiteDir, e.File)
				rel = filepath.ToSlash(rel)
				if reason, ok := w3cSkips[rel]; ok {
					counts[2]++
					t.Logf("skip %s: %s", rel, reason)
					continue
				}
				if e.Approval == "Withdrawn" {
					counts[2]++
					t.Logf("skip %s: withdrawn by the working group", rel)
					continue
				}
				// Some manifests type update tests as NegativeSyntaxTest11.
				want.update = want.update || strings.HasSuffix(e.File, ".ru")
				if err := checkSyntaxTest(e.File, want); err != nil {
					counts[1]++
					t.Errorf("%s (%s, %s): %v", rel, e.Type, e.Name, err)
				} else {
					counts[0]++
				}
			}
		})
		if counts != [3]int{} {
			summary = append(summary, fmt.Sprintf("%-40s %4d passed, %d failed, %d skipped", filepath.ToSlash(dir), counts[0], counts[1], counts[2]))
			for i := range total {
				total[i] += counts[i]
			}
		}
	}
	t.Logf("W3C SPARQL syntax tests by directory:\n%s\n%-40s %4d passed, %d failed, %d skipped",
		strings.Join(summary, "\n"), "total", total[0], total[1], total[2])
}

// checkSyntaxTest parses one test file and compares the outcome with want.
func checkSyntaxTest(path string, want syntaxExpectation) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(path)
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	var result fmt.Stringer
	if want.update {
		u, perr := ParseUpdate(string(text), base)
		result, err = u, perr
	} else {
		q, perr := ParseQuery(string(text), base)
		result, err = q, perr
	}
	var se *SyntaxError
	switch {
	case err != nil && !errors.As(err, &se):
		return fmt.Errorf("not a syntax error: %v", err)
	case want.valid && err != nil:
		return fmt.Errorf("valid text rejected: %v", err)
	case !want.valid && err == nil:
		return fmt.Errorf("invalid text accepted as %s", result)
	}
	if err == nil && !strings.HasPrefix(result.String(), "(") {
		return fmt.Errorf("bad algebra text %q", result.String())
	}
	if q, ok := result.(*algebra.Query); ok && err == nil {
		if err := checkQueryInvariants(q); err != nil {
			return fmt.Errorf("translation: %w", err)
		}
	}
	return nil
}
