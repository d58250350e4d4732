package config

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDocExamples parses every YAML example of the README and of docs/*.md
// as a whole skillsmap.yaml, so that the configuration reference stays
// true, and checks that the README and the harvesting guide each show
// every extractor.
func TestDocExamples(t *testing.T) {
	extractors := []string{"jsonld", "css", "embedded", "feed", "csv", "json", "rdf", "dcat"}
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs found: %v", err)
	}
	for _, doc := range append([]string{"../../README.md"}, docs...) {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(text, -1)
		used := map[string]bool{}
		for i, b := range blocks {
			cfg, err := Parse(bytes.NewReader(b[1]))
			if err != nil {
				t.Errorf("%s, example %d: %v\n%s", doc, i+1, err, b[1])
				continue
			}
			for _, src := range cfg.Sources {
				used[src.Extractor] = true
			}
		}
		if doc != "../../README.md" && doc != "../../docs/harvesting.md" {
			continue
		}
		for _, kind := range extractors {
			if !used[kind] {
				t.Errorf("%s: no example uses extractor %q", doc, kind)
			}
		}
	}
}
