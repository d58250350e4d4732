package harvester

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDocsExamples checks that every YAML example of docs/harvesting.md
// is a valid sources configuration, so that the guide stays true.
func TestDocsExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/harvesting.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < 10 {
		t.Fatalf("found %d YAML examples, want every extractor's", len(blocks))
	}
	for i, b := range blocks {
		dec := yaml.NewDecoder(bytes.NewReader(b[1]))
		dec.KnownFields(true)
		var cfg struct {
			Sources []Source `yaml:"sources"`
		}
		if err := dec.Decode(&cfg); err != nil {
			t.Errorf("example %d: %v\n%s", i+1, err, b[1])
			continue
		}
		if len(cfg.Sources) == 0 {
			t.Errorf("example %d has no sources", i+1)
		}
		for j := range cfg.Sources {
			if err := cfg.Sources[j].Validate(fmt.Sprintf("example %d: sources[%d]", i+1, j)); err != nil {
				t.Errorf("%v", err)
			}
		}
	}
}
