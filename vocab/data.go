package vocab

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The tables in data/ are written from public facts (DigComp 2.2, the NUTS
// country codes, city names and coordinates) or are Skillsmap's own (target
// groups, practice types, keywords). More languages are more rows or
// columns, never more code.
//
//go:embed data/*.csv
var dataFS embed.FS

// csvRow is one record of a data table, by column name.
type csvRow struct {
	file string
	line int
	cols map[string]string
}

// get returns a column's trimmed value ("" when absent).
func (r csvRow) get(col string) string { return strings.TrimSpace(r.cols[col]) }

// list splits a column on "|".
func (r csvRow) list(col string) []string {
	var out []string
	for _, v := range strings.Split(r.get(col), "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (r csvRow) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", r.file, r.line, fmt.Sprintf(format, args...))
}

// readTable reads data/name, checking that the required columns exist.
func readTable(name string, required ...string) ([]csvRow, []string, error) {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return nil, nil, fmt.Errorf("vocab data: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("vocab data %s: header: %w", name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	for _, c := range required {
		if !slices.Contains(header, c) {
			return nil, nil, fmt.Errorf("vocab data %s: missing column %q", name, c)
		}
	}
	var rows []csvRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("vocab data %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		row := csvRow{file: name, line: line, cols: make(map[string]string, len(header))}
		for i, v := range rec {
			row.cols[header[i]] = v
		}
		rows = append(rows, row)
	}
	return rows, header, nil
}

// langColumns returns the languages of the columns named prefix+"_"+lang, in
// header order: langColumns(h, "label") gives ["en", "de", "fr"] for
// label_en, label_de, label_fr.
func langColumns(header []string, prefix string) []string {
	var langs []string
	for _, h := range header {
		if lang, ok := strings.CutPrefix(h, prefix+"_"); ok && lang != "" {
			langs = append(langs, lang)
		}
	}
	return langs
}
