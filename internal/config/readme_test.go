package config

import (
	"bytes"
	"os"
	"regexp"
	"testing"
)

// TestREADMEExamples parses every YAML example of the README as a whole
// skillsmap.yaml, so that the configuration reference stays true.
func TestREADMEExamples(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < 2 {
		t.Fatalf("found %d YAML examples in the README, want the configuration reference and the extractors", len(blocks))
	}
	extractors := map[string]bool{}
	for i, b := range blocks {
		cfg, err := Parse(bytes.NewReader(b[1]))
		if err != nil {
			t.Errorf("README example %d: %v\n%s", i+1, err, b[1])
			continue
		}
		for _, src := range cfg.Sources {
			extractors[src.Extractor] = true
		}
	}
	for _, kind := range []string{"jsonld", "css", "embedded", "feed", "csv", "json", "rdf", "dcat"} {
		if !extractors[kind] {
			t.Errorf("no README example uses extractor %q", kind)
		}
	}
}
