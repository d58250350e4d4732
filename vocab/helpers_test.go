package vocab

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// sharedDir returns the shared data folder (../shared from the module root),
// or skips the test when it is absent, as in a user's fresh clone.
func sharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("SKILLSMAP_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(shared); err != nil {
				testsupport.Missing(t, "shared data folder %s is absent (it exists on developer machines and in CI only)", shared)
			}
			return shared
		}
		if filepath.Dir(dir) == dir {
			testsupport.Missing(t, "module root not found; cannot locate the shared data folder")
		}
	}
}

// geoDir returns the shared NUTS 2021 geodata directory or skips.
func geoDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(sharedDir(t), "geo", "nuts2021")
	if err := checkGeodataDir(dir); err != nil {
		testsupport.Missing(t, "shared geodata absent: %v", err)
	}
	return dir
}

var (
	regionsOnce sync.Once
	regionsVal  *Regions
	regionsErr  error
)

// testRegions loads the shared regions once per test binary, or skips.
func testRegions(t testing.TB) *Regions {
	t.Helper()
	dir := geoDir(t)
	regionsOnce.Do(func() { regionsVal, regionsErr = LoadRegions(dir) })
	if regionsErr != nil {
		t.Fatalf("LoadRegions(%s): %v", dir, regionsErr)
	}
	return regionsVal
}

func mustIRIs(t testing.TB, base string) IRIs {
	t.Helper()
	n, err := NewIRIs(base)
	if err != nil {
		t.Fatalf("NewIRIs(%q): %v", base, err)
	}
	return n
}
