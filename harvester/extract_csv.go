package harvester

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

type csvExtractor struct {
	m    sourceconfig.CSVMapping
	lang string
}

func newCSVExtractor(m *sourceconfig.CSVMapping, lang string) (*csvExtractor, error) {
	e := &csvExtractor{m: *m, lang: lang}
	if e.m.Delimiter == "" {
		e.m.Delimiter = ","
	}
	if e.m.Split == "" {
		e.m.Split = ";"
	}
	return e, nil
}

// Extract reads the file row by row: a row without a title is reported
// as a warning, a mapped column missing from the header is an error.
func (e *csvExtractor) Extract(p *Page) (Extraction, error) {
	switch p.MediaType {
	case "text/csv", "text/plain", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel", "application/octet-stream", "text/tab-separated-values":
	default:
		return Extraction{}, fmt.Errorf("unexpected content type %q (want text/csv)", p.MediaType)
	}
	body, warning, err := decodeText(p.Body, p.ContentType, e.m.Charset)
	if err != nil {
		return Extraction{}, err
	}
	var x Extraction
	if warning != "" {
		x.Warnings = append(x.Warnings, warning)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma, _ = utf8.DecodeRuneInString(e.m.Delimiter)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return Extraction{}, fmt.Errorf("CSV header: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(h))] = i
	}
	cols := map[string]int{}
	for field, col := range e.m.Columns {
		i, ok := index[strings.ToLower(strings.TrimSpace(col))]
		if !ok {
			return Extraction{}, fmt.Errorf("CSV: column %q (for %s) is not in the header %q", col, field, header)
		}
		cols[field] = i
	}
	// Fields are set in a fixed order: "language" retags the texts.
	fields := make([]string, 0, len(cols))
	for f := range cols {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for rowNum := 2; ; rowNum++ {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			x.Warnings = append(x.Warnings, fmt.Sprintf("CSV row %d: %v", rowNum, err))
			continue
		}
		rec := Record{SourcePage: p.URL.String(), Language: e.lang}
		for _, f := range fields {
			i := cols[f]
			if i >= len(row) || strings.TrimSpace(row[i]) == "" {
				continue
			}
			if err := rec.setValues(f, []string{row[i]}, e.m.Split); err != nil {
				x.Warnings = append(x.Warnings, fmt.Sprintf("CSV row %d: %v", rowNum, err))
			}
		}
		if rec.FirstTitle() == "" {
			x.Warnings = append(x.Warnings, fmt.Sprintf("CSV row %d has no title: skipped", rowNum))
			continue
		}
		x.Records = append(x.Records, rec)
	}
	return x, nil
}
