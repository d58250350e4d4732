package sourceconfig

import (
	"errors"
	"testing"
)

func TestSourceValidationNamesTheField(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(*Source)
		field string
	}{
		{"value mapped to no concept", func(s *Source) {
			s.Mapping.Values = map[string]map[string]string{"target_groups": {"Senior*innen": "no-such-group"}}
		}, "s.mapping.values.target_groups"},
		{"value table for an unknown field", func(s *Source) { s.Mapping.Values = map[string]map[string]string{"colour": {}} }, "s.mapping.values.colour"},
		{"default for an unknown field", func(s *Source) { s.Mapping.Defaults = map[string][]string{"colour": {"red"}} }, "s.mapping.defaults.colour"},
		{"csv without mapping", func(s *Source) { s.Extractor = ExtractCSV }, "s.csv"},
		{"csv without title", func(s *Source) {
			s.Extractor, s.CSV = ExtractCSV, &CSVMapping{Columns: map[string]string{"city": "Ort"}}
		}, "s.csv.columns.title"},
		{"csv delimiter of two characters", func(s *Source) {
			s.Extractor, s.CSV = ExtractCSV, &CSVMapping{Delimiter: ";;", Columns: map[string]string{"title": "T"}}
		}, "s.csv.delimiter"},
		{"json with both paging styles", func(s *Source) {
			s.Extractor, s.JSON = ExtractJSON, &JSONMapping{Next: "a", PageParam: "p", Fields: map[string]string{"title": "t"}}
		}, "s.json"},
		{"unknown dcat mode", func(s *Source) { s.Extractor, s.DCAT = ExtractDCAT, &DCATOptions{Mode: "files"} }, "s.dcat.mode"},
		{"sitemap and feed", func(s *Source) { s.Crawl.Sitemap, s.Crawl.Feed = true, true }, "s.crawl"},
		{"negative withdraw_after", func(s *Source) { s.WithdrawAfter = -1 }, "s.withdraw_after"},
		{"unknown extractor", func(s *Source) { s.Extractor = "magic" }, "s.extractor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Source{ID: "s", StartURLs: []string{"https://x.example/"}, Extractor: ExtractJSONLD}
			tt.mod(&s)
			err := s.Validate("s")
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("error %v, want one naming %s", err, tt.field)
			}
		})
	}
	s := Source{ID: "s", StartURLs: []string{"https://x.example/"}, Extractor: ExtractDCAT}
	if err := s.Validate("s"); err != nil || s.DCAT.Mode != DCATDatasets || s.WithdrawAfter != 3 || s.Politeness.Retries != 2 || s.Crawl.MaxDuration == 0 {
		t.Errorf("defaults: %v %+v", err, s)
	}
}
