package sourceconfig

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/skillsmap/skillsmap/vocab"
)

// Validate checks the source and fills in defaults. prefix names the source
// in errors, e.g. "sources[2]". The error joins every problem found (each a
// *FieldError naming its key and a valid value); see Problems.
//
// Validate refuses what is always wrong (a relative start URL, a homepage
// that is not http(s), a selector that does not compile, a cron expression
// gocron cannot read, a jitter as long as the interval). The operating
// bounds of the README (timeouts of 1s to 10m, for example) are checked by
// Limits, which config.Parse applies too: programs and tests that build a
// source themselves may go below them.
func (s *Source) Validate(prefix string) error {
	var p Problems
	s.validate(prefix, &p)
	return p.Err()
}

func (s *Source) validate(prefix string, p *Problems) {
	if !sourceIDPattern.MatchString(s.ID) {
		p.Add(prefix+".id", "%q must be 1–63 lower-case letters, digits or '-', starting with a letter or digit (like \"urban-skills\")", s.ID)
	}
	if s.Name == "" {
		s.Name = s.ID
	}
	p.Check(prefix+".name", NoControl(s.Name))
	if s.Homepage != "" {
		p.Check(prefix+".homepage", HTTPURL(s.Homepage))
	}
	if len(s.StartURLs) == 0 {
		p.Add(prefix+".start_urls", "at least one URL is required, like [https://www.example.eu/sitemap.xml]")
	}
	for i, raw := range s.StartURLs {
		p.Check(fmt.Sprintf("%s.start_urls[%d]", prefix, i), HTTPURL(raw))
	}
	s.validateExtractor(prefix, p)
	s.Crawl.validate(prefix+".crawl", p)
	s.Politeness.validate(prefix+".politeness", p)
	s.Schedule.validate(prefix+".schedule", p)
	switch s.Review {
	case "":
		s.Review = ReviewPublish
	case ReviewPublish, ReviewHold:
	default:
		p.Add(prefix+".review", "%q is not a review policy: want publish (a trusted partner, published as harvested) or hold (an editor approves new and changed practices)", s.Review)
	}
	if s.MinRecordRatio != nil && (*s.MinRecordRatio < 0 || *s.MinRecordRatio > 1) {
		p.Add(prefix+".min_record_ratio", "%v is not between 0 and 1: want a share such as 0.5 (0 disables the check)", *s.MinRecordRatio)
	}
	if s.WithdrawAfter < 0 {
		p.Add(prefix+".withdraw_after", "%d is negative: want a number of runs such as 3 (the default)", s.WithdrawAfter)
	}
	if s.WithdrawAfter == 0 {
		s.WithdrawAfter = 3
	}
	s.Mapping.validate(prefix+".mapping", p)
}

func (c *Crawl) validate(prefix string, p *Problems) {
	if c.Include != "" {
		if _, err := regexp.Compile(c.Include); err != nil {
			p.Add(prefix+".include", "%q is not a regular expression (%v): want Go (RE2) syntax such as \"/practices/\" or \"^https://www\\\\.example\\\\.eu/p/\"", c.Include, err)
		}
	}
	p.Check(prefix+".links", checkSelector(c.Links))
	p.Check(prefix+".next", checkSelector(c.Next))
	if c.Sitemap && c.Feed {
		p.Add(prefix, "give either sitemap or feed, not both")
	}
	for i, h := range c.AllowedHosts {
		p.Check(fmt.Sprintf("%s.allowed_hosts[%d]", prefix, i), Hostname(h))
	}
	for _, neg := range []struct {
		key string
		bad bool
	}{{"max_pages", c.MaxPages < 0}, {"max_depth", c.MaxDepth < 0}, {"max_body_bytes", c.MaxBodyBytes < 0}, {"max_duration", c.MaxDuration < 0}} {
		if neg.bad {
			p.Add(prefix+"."+neg.key, "must not be negative: want a positive value, or leave the key out for the default")
		}
	}
	if c.MaxPages == 0 {
		c.MaxPages = 1000
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = 5
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 5 << 20
	}
	if c.MaxDuration == 0 {
		c.MaxDuration = time.Hour
	}
}

func (o *Politeness) validate(prefix string, p *Problems) {
	for _, neg := range []struct {
		key string
		bad bool
	}{{"delay", o.Delay < 0}, {"timeout", o.Timeout < 0}, {"parallelism", o.Parallelism < 0},
		{"retry_delay", o.RetryDelay < 0}, {"max_retry_wait", o.MaxRetryWait < 0}} {
		if neg.bad {
			p.Add(prefix+"."+neg.key, "must not be negative: want a positive value, or leave the key out for the default")
		}
	}
	if o.Retries < -1 {
		p.Add(prefix+".retries", "%d: want 0–10 retries, or -1 for none", o.Retries)
	}
	if o.Delay == 0 {
		o.Delay = time.Second
	}
	if o.Parallelism == 0 {
		o.Parallelism = 1
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 2
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = time.Second
	}
	if o.MaxRetryWait == 0 {
		o.MaxRetryWait = time.Minute
	}
}

func (s *Schedule) validate(prefix string, p *Problems) {
	if s.Every != 0 && s.Cron != "" {
		p.Add(prefix, "give either every or cron, not both")
	}
	if s.Every < 0 || (s.Every > 0 && s.Every < time.Minute) {
		p.Add(prefix+".every", "%v is too short: want at least 1m, like 6h or 24h", s.Every)
	}
	if s.Cron != "" {
		p.Check(prefix+".cron", Cron(s.Cron))
	}
	switch {
	case s.Jitter < 0:
		p.Add(prefix+".jitter", "%v is negative: want a duration such as 10m", s.Jitter)
	case s.Jitter > 0 && s.Every == 0 && s.Cron == "":
		p.Add(prefix+".jitter", "a jitter needs a schedule: give every or cron too")
	case s.Jitter > 0 && s.Every > 0 && s.Jitter >= s.Every:
		p.Add(prefix+".jitter", "%v is not shorter than every (%v): want a jitter below the interval, such as a tenth of it", s.Jitter, s.Every)
	}
}

// validateExtractor checks that the extractor is known and has the
// configuration it needs.
func (s *Source) validateExtractor(prefix string, p *Problems) {
	switch s.Extractor {
	case ExtractJSONLD, ExtractMicrodata, ExtractRDFa, ExtractEmbedded, ExtractFeed, ExtractRDF:
	case ExtractCSS:
		if s.CSS == nil {
			p.Add(prefix+".css", "the css extractor needs a mapping: want css: {item: SELECTOR, fields: {title: SELECTOR, …}} (see docs/harvesting.md)")
			return
		}
		s.CSS.validate(prefix+".css", p)
	case ExtractCSV:
		if s.CSV == nil {
			p.Add(prefix+".csv", "the csv extractor needs a mapping: want csv: {columns: {title: HEADER, …}} (see docs/harvesting.md)")
			return
		}
		s.CSV.validate(prefix+".csv", p)
	case ExtractJSON:
		if s.JSON == nil {
			p.Add(prefix+".json", "the json extractor needs a mapping: want json: {items: PATH, fields: {title: PATH, …}} (see docs/harvesting.md)")
			return
		}
		s.JSON.validate(prefix+".json", p)
	case ExtractDCAT:
		if s.DCAT == nil {
			s.DCAT = &DCATOptions{}
		}
		s.DCAT.validate(prefix+".dcat", p)
	case "":
		p.Add(prefix+".extractor", "required: one of %s", strings.Join(extractorKinds, ", "))
	default:
		p.Add(prefix+".extractor", "unknown extractor %q: want one of %s", s.Extractor, strings.Join(extractorKinds, ", "))
	}
}

func (m *Mapping) validate(prefix string, p *Problems) {
	if m.Language != "" {
		p.Check(prefix+".language", LanguageTag(m.Language))
	}
	if m.Country != "" {
		if _, unknown := vocab.ParseCountries(m.Country); len(unknown) > 0 {
			p.Add(prefix+".country", "%q names no NUTS country: want an ISO or NUTS code such as \"DE\", \"EL\" or \"AUT\", or a name such as \"Germany\"", strings.Join(unknown, ", "))
		}
	}
	for field, values := range m.Values {
		scheme, ok := mappedFields[field]
		if !ok {
			p.Add(prefix+".values."+field, "unknown field: want one of skills, target_groups, practice_type, delivery")
			continue
		}
		for _, raw := range sortedKeys(values) {
			target := values[raw]
			if target == "" {
				continue
			}
			if strings.Contains(target, "://") {
				p.Check(prefix+".values."+field, HTTPURL(target))
				continue
			}
			if _, ok := vocab.ConceptByID(scheme, target); !ok {
				p.Add(prefix+".values."+field, "%q maps to %q, which is no concept of %s: want a concept id of that scheme (see /vocab), an IRI, or \"\" to drop the value", raw, target, scheme)
			}
		}
	}
	for field := range m.Defaults {
		if !slices.Contains(defaultableFields, field) {
			p.Add(prefix+".defaults."+field, "unknown field: want one of %s", strings.Join(defaultableFields, ", "))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (m *CSSMapping) validate(prefix string, p *Problems) {
	if m.Item == "" {
		p.Add(prefix+".item", "required: a CSS selector for the element that holds one practice, like article.practice")
	} else {
		p.Check(prefix+".item", checkSelector(m.Item))
	}
	if _, ok := m.Fields["title"]; !ok {
		p.Add(prefix+".fields.title", "required: a CSS selector for the practice's title, like h1")
	}
	for _, name := range sortedKeys(m.Fields) {
		if !slices.Contains(RecordFields, name) {
			p.Add(prefix+".fields."+name, "unknown field: want one of %s", strings.Join(RecordFields, ", "))
			continue
		}
		css, _ := m.Fields[name].Parts()
		if css == "" {
			p.Add(prefix+".fields."+name, "empty: want a CSS selector, like \"p.summary\" or \"a.source@href\"")
			continue
		}
		p.Check(prefix+".fields."+name, checkSelector(css))
	}
}

func (m *CSVMapping) validate(prefix string, p *Problems) {
	if m.Columns["title"] == "" {
		p.Add(prefix+".columns.title", "required: the header of the column that holds the title")
	}
	for _, field := range sortedKeys(m.Columns) {
		if !slices.Contains(RecordFields, field) {
			p.Add(prefix+".columns."+field, "unknown field: want one of %s", strings.Join(RecordFields, ", "))
		}
	}
	if m.Delimiter != "" && (len([]rune(m.Delimiter)) != 1 || m.Delimiter == "\"" || m.Delimiter == "\n" || m.Delimiter == "\r") {
		p.Add(prefix+".delimiter", "%q is not one character: want a separator such as \",\", \";\" or \"\\t\"", m.Delimiter)
	}
	if m.Charset != "" {
		if _, name := charset.Lookup(m.Charset); name == "" {
			p.Add(prefix+".charset", "%q is not a known charset: want a WHATWG encoding label such as utf-8, iso-8859-1 or windows-1252", m.Charset)
		}
	}
}

var queryParam = regexp.MustCompile(`^[A-Za-z0-9_.\-\[\]]+$`)

func (m *JSONMapping) validate(prefix string, p *Problems) {
	if m.Fields["title"] == "" {
		p.Add(prefix+".fields.title", "required: the path of the title inside an item, like name")
	}
	for _, field := range sortedKeys(m.Fields) {
		if !slices.Contains(RecordFields, field) {
			p.Add(prefix+".fields."+field, "unknown field: want one of %s", strings.Join(RecordFields, ", "))
		}
	}
	if m.Next != "" && m.PageParam != "" {
		p.Add(prefix, "give either next or page_param, not both")
	}
	if m.PageParam != "" && !queryParam.MatchString(m.PageParam) {
		p.Add(prefix+".page_param", "%q is not a query parameter name: want letters, digits, '_', '-' or '.', like page", m.PageParam)
	}
	if m.PageParam != "" {
		if _, err := url.ParseQuery(m.PageParam + "=1"); err != nil {
			p.Add(prefix+".page_param", "%q: %v", m.PageParam, err)
		}
	}
}

func (o *DCATOptions) validate(prefix string, p *Problems) {
	switch o.Mode {
	case "":
		o.Mode = DCATDatasets
	case DCATDatasets, DCATDistributions:
	default:
		p.Add(prefix+".mode", "unknown mode %q: want %s or %s", o.Mode, DCATDatasets, DCATDistributions)
	}
}
