package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

const valid = `
public_url: https://map.example.eu
data_dir: /var/lib/skillsmap
sources:
  - id: urban-skills
    name: Urban Skills Exchange
    start_urls: [https://urban.example.eu/sitemap.xml]
    extractor: jsonld
    crawl: {sitemap: true, max_pages: 200}
    politeness: {delay: 2s}
    schedule: {every: 6h, jitter: 10m}
  - id: archive
    start_urls: [https://archive.example.eu/projects]
    extractor: css
    crawl: {links: "a.project-link", next: "a[rel=next]"}
    css:
      item: article.practice
      fields:
        title: h1
        city: ul.cities li
        start: time.start@datetime
    schedule: {cron: "0 3 * * *"}
`

func TestParseValid(t *testing.T) {
	c, err := Parse(strings.NewReader(valid))
	if err != nil {
		t.Fatal(err)
	}
	if c.PublicURL != "https://map.example.eu/" {
		t.Errorf("public_url = %q, want a trailing slash added", c.PublicURL)
	}
	if len(c.Sources) != 2 {
		t.Fatalf("got %d sources", len(c.Sources))
	}
	s := c.Sources[0]
	if s.Politeness.Delay != 2*time.Second || s.Schedule.Every != 6*time.Hour || s.Crawl.MaxPages != 200 {
		t.Errorf("durations/limits not read: %+v", s)
	}
	if s.Politeness.Timeout != 30*time.Second || s.Crawl.MaxDepth != 5 {
		t.Errorf("defaults not applied: %+v", s)
	}
	css, attr := c.Sources[1].CSS.Fields["start"].Parts()
	if css != "time.start" || attr != "datetime" {
		t.Errorf("selector parts = %q, %q", css, attr)
	}
	if c.SPARQL.Timeout != 30*time.Second {
		t.Errorf("sparql timeout default = %v", c.SPARQL.Timeout)
	}
}

func TestParseErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, yaml, field string
	}{
		{"unknown key", "public_urll: x\n", "public_urll"},
		{"bad public url", "public_url: ftp://x/\n", "public_url"},
		{"missing start urls", "sources:\n  - id: a\n    extractor: jsonld\n", "sources[0].start_urls"},
		{"bad id", "sources:\n  - id: A B\n    start_urls: [http://x/]\n    extractor: jsonld\n", "sources[0].id"},
		{"relative url", "sources:\n  - id: a\n    start_urls: [/x]\n    extractor: jsonld\n", "sources[0].start_urls[0]"},
		{"unknown extractor", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: magic\n", "sources[0].extractor"},
		{"css without mapping", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: css\n", "sources[0].css"},
		{"bad selector", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: css\n    css: {item: 'div[', fields: {title: h1}}\n", "sources[0].css.item"},
		{"unknown css field", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: css\n    css: {item: div, fields: {title: h1, colour: p}}\n", "sources[0].css.fields.colour"},
		{"both schedules", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: jsonld\n    schedule: {every: 1h, cron: '* * * * *'}\n", "sources[0].schedule"},
		{"duplicate id", "sources:\n  - {id: a, start_urls: ['http://x/'], extractor: jsonld}\n  - {id: a, start_urls: ['http://y/'], extractor: jsonld}\n", "sources[1].id"},
		{"bad include", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: jsonld\n    crawl: {include: '('}\n", "sources[0].crawl.include"},
		{"bad duration", "sources:\n  - id: a\n    start_urls: [http://x/]\n    extractor: jsonld\n    politeness: {delay: soon}\n", "sources[0].politeness.delay"},
		{"bad duration block", "sparql:\n  timeout: forever\n", "sparql.timeout"},
		{"wrong type", "sources:\n  - id: a\n    start_urls: http://x/\n    extractor: jsonld\n", "sources[0].start_urls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			var fe *sourceconfig.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.field {
					t.Errorf("error names field %q, want %q (%v)", fe.Field, tt.field, err)
				}
			} else if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %q", err, tt.field)
			}
		})
	}
}
