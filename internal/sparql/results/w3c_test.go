package results

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const w3cDir = "../../../../shared/w3c/sparql"

func w3cRoot(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(w3cDir); err != nil {
		testsupport.Missing(t, "W3C SPARQL test suites not found at %s (the shared data folder is absent): %v", w3cDir, err)
	}
	return w3cDir
}

// Every result file of the W3C suites parses, and survives a round trip
// through each format that can carry it.
func TestParseW3CResultFiles(t *testing.T) {
	root := w3cRoot(t)
	counts := map[string]int{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, ok := ByExtension(filepath.Ext(path))
		if !ok {
			return nil
		}
		res, err := ReadFile(path)
		if err != nil {
			t.Errorf("%v", err)
			return nil
		}
		counts[f.Name()]++
		targets := []Format{JSON, XML, TSV}
		if res.IsBoolean() {
			targets = []Format{JSON, XML}
		}
		for _, g := range targets {
			var buf bytes.Buffer
			if res.IsBoolean() {
				err = WriteBoolean(&buf, g, *res.Boolean)
			} else {
				err = WriteTable(&buf, g, &res.Table)
			}
			if err != nil {
				t.Errorf("%s: write as %s: %v", path, g, err)
				continue
			}
			back, err := Read(&buf, g)
			if err != nil {
				t.Errorf("%s: read back from %s: %v", path, g, err)
				continue
			}
			if err := EquivalentResults(res, back, Options{Ordered: true}); err != nil {
				t.Errorf("%s: round trip through %s: %v", path, g, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parsed W3C result files: %v", counts)
	if counts["xml"] < 100 {
		t.Errorf("only %d .srx files found under %s", counts["xml"], root)
	}
}

// The CSV and TSV files of the W3C csv-tsv-res tests describe the same
// solutions: our CSV writer, fed the TSV table, must give the CSV document.
func TestW3CCSVMatchesTSV(t *testing.T) {
	dir := filepath.Join(w3cRoot(t), "sparql11", "csv-tsv-res")
	// csvtsv03 is left out: its TSV writes the double as 1.0e6, its CSV as 1.0E6.
	for _, name := range []string{"csvtsv01", "csvtsv02"} {
		tsv, err := ReadFile(filepath.Join(dir, name+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		csvDoc, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		expected, err := Read(bytes.NewReader(csvDoc), CSV)
		if err != nil {
			t.Fatal(err)
		}
		if err := EquivalentCSV(&expected.Table, &tsv.Table, false); err != nil {
			t.Errorf("%s: TSV and CSV disagree: %v", name, err)
		}
		var buf bytes.Buffer
		if err := WriteTable(&buf, CSV, &tsv.Table); err != nil {
			t.Fatal(err)
		}
		// Same text up to line endings and blank-node labels (_:b0 vs _:a).
		got := strings.ReplaceAll(strings.ReplaceAll(buf.String(), "\r\n", "\n"), "_:b0", "_:a")
		if got != string(csvDoc) {
			t.Errorf("%s: CSV writer output\n%s\nwant\n%s", name, got, csvDoc)
		}
	}
}

// Our TSV writer reproduces the W3C TSV files byte for byte from the
// tables they describe (numbers abbreviated, other literals in full).
func TestW3CTSVWriterMatchesFiles(t *testing.T) {
	dir := filepath.Join(w3cRoot(t), "sparql11", "csv-tsv-res")
	for _, name := range []string{"csvtsv01.tsv", "csvtsv02.tsv", "csvtsv03.tsv"} {
		doc, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Read(bytes.NewReader(doc), TSV)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteTable(&buf, TSV, &res.Table); err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(doc) {
			t.Errorf("%s: TSV writer output\n%q\nwant\n%q", name, buf.String(), doc)
		}
	}
}
