package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/store"
)

// TestValidateIsReadOnly checks that validate leaves the store file as it
// was: the same bytes and the same modification time.
func TestValidateIsReadOnly(t *testing.T) {
	dataDir := t.TempDir()
	if out, err := run(t, "load", "--data", dataDir, "--graph", "http://example.org/graph/people", writeFile(t, "people.ttl", people)); err != nil {
		t.Fatalf("load: %v %s", err, out)
	}
	path := filepath.Join(dataDir, "store", store.FileName)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "validate", "--data", dataDir)
	if err != nil || !strings.Contains(out, "configuration: ok") || !strings.Contains(out, "store: ok") {
		t.Fatalf("validate: %v\n%s", err, out)
	}
	after, _ := os.ReadFile(path)
	if !slices.Equal(before, after) {
		t.Error("validate changed the store file's bytes")
	}
	if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("validate changed the store file's modification time: %v, want %v", fi.ModTime(), old)
	}
	// Without a store, validate creates none.
	empty := t.TempDir()
	if out, err := run(t, "validate", "--data", empty); err != nil || !strings.Contains(out, "store: none yet") {
		t.Errorf("validate without a store: %v %s", err, out)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("validate created %v in an empty data directory", entries)
	}
}

// TestValidateNamesEveryProblem gives validate a configuration with the
// mistakes of issue 13 and checks that it lists each one and fails.
func TestValidateNamesEveryProblem(t *testing.T) {
	cfg := writeFile(t, "skillsmap.yaml", `listen: nonsense
sources:
  - id: partner
    homepage: "javascript:alert(1)"
    start_urls: [https://partner.example.eu/]
    extractor: jsonld
    schedule: {cron: "bogus"}
    politeness: {timeout: 1ns}
`)
	out, err := run(t, "validate", "--config", cfg, "--data", t.TempDir())
	if err == nil {
		t.Fatalf("validate accepted a broken configuration:\n%s", out)
	}
	for _, key := range []string{"listen", "sources[0].homepage", "sources[0].schedule.cron", "sources[0].politeness.timeout"} {
		if !strings.Contains(out, key+":") {
			t.Errorf("validate does not name %s:\n%s", key, out)
		}
	}
	if strings.Contains(out, "configuration: ok") {
		t.Errorf("validate says ok:\n%s", out)
	}
}
