// Package sourceconfig describes a partner source as skillsmap.yaml
// configures it — where to start, how to crawl, how to read practices, when
// to harvest — and checks it. It has no network or storage dependencies, so
// that the configuration and the publisher (which describes the sources in
// its catalog) use it without pulling in the crawler.
package sourceconfig

import (
	"regexp"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/vocab"
)

// Source is one partner site: where to start, how to crawl it, how to read
// practices from its pages, and when to harvest it. Sources come from the
// `sources:` list of skillsmap.yaml.
type Source struct {
	// ID is a short stable identifier ("urban-skills"); it names the
	// source's graph and is part of its practices' IRIs, so never change it.
	ID string `yaml:"id"`
	// Name is the human-readable name shown in reports.
	Name string `yaml:"name"`
	// Homepage is the partner's own site, shown with attributions.
	Homepage string `yaml:"homepage"`
	// StartURLs are fetched first: listing pages, sitemaps, feeds.
	StartURLs []string `yaml:"start_urls"`
	// Extractor names how practices are read from documents: "jsonld",
	// "microdata", "rdfa", "embedded" (all three), "css", "feed", "csv",
	// "json", "rdf" or "dcat" (see docs/harvesting.md).
	Extractor string `yaml:"extractor"`
	// CSS configures the "css" extractor.
	CSS *CSSMapping `yaml:"css"`
	// CSV configures the "csv" extractor.
	CSV *CSVMapping `yaml:"csv"`
	// JSON configures the "json" extractor.
	JSON *JSONMapping `yaml:"json"`
	// DCAT configures the "dcat" extractor.
	DCAT *DCATOptions `yaml:"dcat"`
	// Crawl bounds and steers link-following.
	Crawl Crawl `yaml:"crawl"`
	// Politeness limits the load the harvester puts on the site.
	Politeness Politeness `yaml:"politeness"`
	// Mapping gives defaults for values the pages leave out.
	Mapping Mapping `yaml:"mapping"`
	// Schedule says when the source is harvested automatically.
	Schedule Schedule `yaml:"schedule"`
	// Local allows the source to live on a loopback address. The harvester
	// refuses loopback, private and link-local addresses otherwise, so that
	// a partner's page cannot point it at the network it runs in.
	Local bool `yaml:"local"`
	// MinRecordRatio fails a run that finds fewer than this share of the
	// records of the last successful run (default 0.5; 0 disables).
	MinRecordRatio *float64 `yaml:"min_record_ratio"`
	// WithdrawAfter is how many complete runs in a row must miss a practice
	// before it is withdrawn (default 3). Until then it is carried over.
	WithdrawAfter int `yaml:"withdraw_after"`
	// Review says how the source's practices are published: "publish"
	// (default: a trusted partner, published as harvested) or "hold" (new
	// and changed practices wait for an editor in the exchange's queue).
	Review string `yaml:"review"`
}

// Review policies of a source.
const (
	ReviewPublish = "publish"
	ReviewHold    = "hold"
)

// Held reports whether the source's practices wait for an editor.
func (s *Source) Held() bool { return s.Review == ReviewHold }

// Crawl steers which pages are fetched.
type Crawl struct {
	// Sitemap treats start URLs as sitemaps (or sitemap indexes, gzipped
	// or not): every page they list is a detail page.
	Sitemap bool `yaml:"sitemap"`
	// Feed treats start URLs as RSS or Atom feeds whose item links are
	// detail pages (to read the items themselves, use extractor "feed").
	Feed bool `yaml:"feed"`
	// Links is a CSS selector for links from listing pages to detail pages.
	Links string `yaml:"links"`
	// Next is a CSS selector for the link to the next listing page.
	Next string `yaml:"next"`
	// Include, if set, is a regular expression a detail page URL must match.
	Include string `yaml:"include"`
	// AllowedHosts lists the hosts that may be fetched (default: the hosts
	// of the start URLs).
	AllowedHosts []string `yaml:"allowed_hosts"`
	// MaxPages bounds the number of pages fetched in one run (default 1000).
	MaxPages int `yaml:"max_pages"`
	// MaxDepth bounds how many links away from a start URL the crawl goes
	// (default 5).
	MaxDepth int `yaml:"max_depth"`
	// MaxBodyBytes bounds the size of one page after decompression
	// (default 5 MiB); a bigger page is an error, never silently cut.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// MaxDuration bounds a whole run (default 1h): a run still crawling
	// then fails and keeps the previous data.
	MaxDuration time.Duration `yaml:"max_duration"`
}

// Politeness sets how gently a site is crawled.
type Politeness struct {
	// Delay between two requests to the same host (default 1s).
	Delay time.Duration `yaml:"delay"`
	// Parallelism is the number of concurrent requests per host (default 1).
	Parallelism int `yaml:"parallelism"`
	// Timeout for one request, headers and body (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// IgnoreRobots skips robots.txt; only for the partner's own test sites.
	IgnoreRobots bool `yaml:"ignore_robots"`
	// Retries is how often a request answered 429 or 5xx (or cut by a
	// network error) is tried again, with exponential backoff (default 2;
	// -1 disables).
	Retries int `yaml:"retries"`
	// RetryDelay is the first backoff before a retry (default 1s), doubled
	// for each further retry.
	RetryDelay time.Duration `yaml:"retry_delay"`
	// MaxRetryWait bounds one wait before a retry (default 1m): a
	// Retry-After beyond it is not honoured by waiting, the page fails.
	MaxRetryWait time.Duration `yaml:"max_retry_wait"`
}

// Mapping gives defaults applied to every record of a source.
type Mapping struct {
	// Language of texts that carry no language tag (BCP 47, e.g. "en").
	Language string `yaml:"language"`
	// Country is the default country (NUTS/ISO code or name).
	Country string `yaml:"country"`
	// Organisation is the default organisation behind the practices.
	Organisation string `yaml:"organisation"`
	// Values maps a field's raw values, as the source writes them, to a
	// concept id of the field's scheme (or an IRI), before the matchers
	// run: {target_groups: {"Senior*innen": older-people}}. An empty
	// target drops the value. Fields: skills, target_groups,
	// practice_type, delivery.
	Values map[string]map[string]string `yaml:"values"`
	// Defaults gives values for records that have none of their own in a
	// field (same fields as Values, plus city, region and keywords).
	Defaults map[string][]string `yaml:"defaults"`
}

// Schedule says when a source runs: Every (an interval) or Cron (a
// five-field cron expression), not both. An empty schedule means the source
// runs only when asked.
type Schedule struct {
	Every time.Duration `yaml:"every"`
	Cron  string        `yaml:"cron"`
	// Jitter delays each scheduled run by a random share of this duration,
	// so that many sources do not start at once.
	Jitter time.Duration `yaml:"jitter"`
}

// CSSMapping reads practices from HTML with CSS selectors. Each field is a
// Selector: "css selector" for the element text, "css selector@attr" for an
// attribute. Multi-valued fields take every match.
type CSSMapping struct {
	// Item selects the element that holds one practice; pages without it
	// hold no practice (listing pages, for example).
	Item string `yaml:"item"`
	// Fields maps record fields (see RecordFields) to selectors inside Item.
	Fields map[string]Selector `yaml:"fields"`
	// Split, if set, also splits multi-valued fields at this separator.
	Split string `yaml:"split"`
}

// Selector is a CSS selector with an optional "@attribute" suffix.
type Selector string

// Parts returns the CSS selector and the attribute ("" for the text).
func (s Selector) Parts() (css, attr string) {
	str := string(s)
	if i := strings.LastIndex(str, "@"); i >= 0 && !strings.ContainsAny(str[i:], " ]>+~") {
		return strings.TrimSpace(str[:i]), strings.TrimSpace(str[i+1:])
	}
	return strings.TrimSpace(str), ""
}

// Extractor kinds.
const (
	ExtractJSONLD    = "jsonld"    // schema.org JSON-LD in HTML
	ExtractMicrodata = "microdata" // schema.org microdata in HTML
	ExtractRDFa      = "rdfa"      // schema.org RDFa (1.1 Lite) in HTML
	ExtractEmbedded  = "embedded"  // JSON-LD, microdata and RDFa together
	ExtractCSS       = "css"       // HTML read with CSS selectors
	ExtractFeed      = "feed"      // RSS 2.0 or Atom items
	ExtractCSV       = "csv"       // CSV rows with a column mapping
	ExtractJSON      = "json"      // JSON API with a field mapping
	ExtractRDF       = "rdf"       // linked data: Turtle, RDF/XML, JSON-LD, N-Triples
	ExtractDCAT      = "dcat"      // DCAT / DCAT-AP catalog with hydra paging
)

// extractorKinds lists the extractor kinds in documentation order.
var extractorKinds = []string{ExtractJSONLD, ExtractMicrodata, ExtractRDFa, ExtractEmbedded, ExtractCSS,
	ExtractFeed, ExtractCSV, ExtractJSON, ExtractRDF, ExtractDCAT}

var sourceIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// mappedFields are the fields Mapping.Values may map, with their schemes.
var mappedFields = map[string]vocab.Scheme{
	"skills":        vocab.DigComp,
	"target_groups": vocab.TargetGroups,
	"practice_type": vocab.PracticeTypes,
	"delivery":      vocab.DeliveryModes,
}

// MappedScheme returns the concept scheme of a field that Mapping.Values
// may map ("skills", "target_groups", "practice_type", "delivery").
func MappedScheme(field string) (vocab.Scheme, bool) {
	s, ok := mappedFields[field]
	return s, ok
}

// defaultableFields are the fields Mapping.Defaults may fill.
var defaultableFields = []string{"skills", "target_groups", "practice_type", "delivery", "city", "region", "keywords"}

// RecordFields are the record fields a CSS mapping can fill.
var RecordFields = []string{
	"title", "description", "url", "identifier", "organisation", "organisation_url", "city", "region",
	"country", "latitude", "longitude", "skills", "target_groups", "practice_type", "delivery",
	"start", "end", "funding", "keywords", "language", "based_on",
}
