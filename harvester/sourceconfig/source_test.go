package sourceconfig

import (
	"errors"
	"strings"
	"testing"
	"time"
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
		{"unknown review policy", func(s *Source) { s.Review = "maybe" }, "s.review"},
		{"unknown extractor", func(s *Source) { s.Extractor = "magic" }, "s.extractor"},
		{"javascript homepage", func(s *Source) { s.Homepage = "javascript:alert(1)" }, "s.homepage"},
		{"cron gocron cannot read", func(s *Source) { s.Schedule.Cron = "bogus" }, "s.schedule.cron"},
		{"jitter as long as the interval", func(s *Source) { s.Schedule = Schedule{Every: time.Hour, Jitter: time.Hour} }, "s.schedule.jitter"},
		{"unknown charset", func(s *Source) {
			s.Extractor, s.CSV = ExtractCSV, &CSVMapping{Charset: "klingon", Columns: map[string]string{"title": "T"}}
		}, "s.csv.charset"},
		{"language that is no tag", func(s *Source) { s.Mapping.Language = "english" }, "s.mapping.language"},
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

// TestLimitsAreSeparate shows that Validate accepts what programs and tests
// build (a 1 ms delay for a loopback site), while Limits, which
// config.Parse applies, holds the README's bounds.
func TestLimitsAreSeparate(t *testing.T) {
	s := Source{ID: "s", StartURLs: []string{"http://127.0.0.1:1/"}, Extractor: ExtractJSONLD, Local: true,
		Politeness: Politeness{Delay: time.Millisecond, Timeout: 100 * time.Millisecond}}
	if err := s.Validate("s"); err != nil {
		t.Fatal(err)
	}
	err := s.Limits("s")
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "s.politeness.timeout" || !strings.Contains(err.Error(), "between 1s and 10m") {
		t.Errorf("Limits = %v, want the timeout out of range", err)
	}
	s.Politeness.Timeout = time.Second
	if err := s.Limits("s"); err != nil {
		t.Errorf("Limits at the bound: %v", err)
	}
}
