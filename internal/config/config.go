// Package config reads skillsmap.yaml: where the data lives, the public base
// of every IRI the map mints, the publisher's catalog metadata, the SPARQL
// limits and the partner sources to harvest.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// Config is the whole of skillsmap.yaml.
type Config struct {
	// PublicURL is the base of every IRI the map mints and the address
	// people and machines use to reach the publisher, e.g.
	// "https://skillsmap.example.eu/". Default: http://localhost:8080/.
	PublicURL string `yaml:"public_url"`
	// Listen is the address the server listens on (default ":8080").
	Listen string `yaml:"listen"`
	// DataDir holds the store and harvest state (default "./data").
	DataDir string `yaml:"data_dir"`
	// GeoDir holds the NUTS 2021 geodata from Eurostat GISCO (default: the
	// first of DATA_DIR/geo and ../shared/geo/nuts2021 that has it).
	GeoDir string `yaml:"geo_dir"`
	// AdminToken guards the endpoints that change data (harvest triggers,
	// Graph Store writes, SPARQL Update). Empty disables them. The
	// environment variable SKILLSMAP_ADMIN_TOKEN overrides it.
	AdminToken string `yaml:"admin_token"`
	// Catalog describes the map for data portals (DCAT-AP).
	Catalog Catalog `yaml:"catalog"`
	// SPARQL bounds the query endpoint.
	SPARQL SPARQL `yaml:"sparql"`
	// Server holds the HTTP server's timeouts and per-client limits.
	Server Server `yaml:"server"`
	// Store chooses the embedded store or an external SPARQL engine
	// (store.go).
	Store Store `yaml:"store"`
	// Harvest holds settings shared by all sources.
	Harvest Harvest `yaml:"harvest"`
	// Sources are the partner sites.
	Sources []sourceconfig.Source `yaml:"sources"`
	// Mail is how the exchange sends e-mail (exchange.go).
	Mail Mail `yaml:"mail"`
	// Accounts configures sign-in (exchange.go).
	Accounts Accounts `yaml:"accounts"`
	// Exchange says where the exchange keeps its private state (exchange.go).
	Exchange Exchange `yaml:"exchange"`
}

// Catalog is the metadata the DCAT-AP catalog and the home page show.
type Catalog struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Publisher   string `yaml:"publisher"`
	// PublisherURL identifies the publishing organisation.
	PublisherURL string `yaml:"publisher_url"`
	// PublisherType is the publisher's ADMS publisher type, e.g.
	// "NonProfitOrganisation" or "LocalAuthority" (optional; see
	// http://purl.org/adms/publishertype/1.0).
	PublisherType string `yaml:"publisher_type"`
	ContactEmail  string `yaml:"contact_email"`
	// License is the licence IRI of the data (default CC BY 4.0 from the
	// EU licence authority table).
	License string `yaml:"license"`
}

// SPARQL bounds the query endpoint.
type SPARQL struct {
	Timeout    time.Duration `yaml:"timeout"`     // default 30s
	MaxResults int           `yaml:"max_results"` // default 100000 rows
	// Federation allows SERVICE calls to the listed endpoints only.
	Federation  []string         `yaml:"federation"`
	QueryLimits `yaml:",inline"` // see limits.go
}

// Harvest holds settings shared by all sources.
type Harvest struct {
	UserAgent string `yaml:"user_agent"`
	// KeepRuns is how many runs per source the reports keep (default 20).
	KeepRuns int `yaml:"keep_runs"`
	// RedisURL, when set (redis://host:6379/0), makes several instances
	// share the harvest: one leader runs the schedules, and a source is
	// harvested by one instance at a time.
	RedisURL string `yaml:"redis_url"`
	// LockTTL is how long the leadership and a source's lock outlive an
	// instance that stopped renewing them (default 30s): the time after
	// which another instance takes over from a crashed one.
	LockTTL time.Duration `yaml:"lock_ttl"`
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.PublicURL == "" {
		c.PublicURL = "http://localhost:8080/"
	}
	if !strings.HasSuffix(c.PublicURL, "/") {
		c.PublicURL += "/"
	}
	if c.Listen == "" {
		c.Listen = ":8080"
	}
	if c.DataDir == "" {
		c.DataDir = "data"
	}
	if c.Catalog.Title == "" {
		c.Catalog.Title = "Digital Skills Map"
	}
	if c.Catalog.Description == "" {
		c.Catalog.Description = "Good practices that teach digital skills in European cities and regions, harvested from partner sites and published as linked open data."
	}
	if c.Catalog.Publisher == "" {
		c.Catalog.Publisher = "Skillsmap"
	}
	if c.Catalog.License == "" {
		c.Catalog.License = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
	}
	if c.SPARQL.Timeout == 0 {
		c.SPARQL.Timeout = 30 * time.Second
	}
	if c.SPARQL.MaxResults == 0 {
		c.SPARQL.MaxResults = 100000
	}
	c.applyLimitDefaults()
	c.Store.applyDefaults()
	if c.Harvest.KeepRuns == 0 {
		c.Harvest.KeepRuns = 20
	}
	if c.Harvest.LockTTL == 0 {
		c.Harvest.LockTTL = 30 * time.Second
	}
	if tok := os.Getenv("SKILLSMAP_ADMIN_TOKEN"); tok != "" {
		c.AdminToken = tok
	}
}

// Load reads and validates a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	// Relative directories are relative to the config file.
	dir := filepath.Dir(path)
	if c.DataDir != "" && !filepath.IsAbs(c.DataDir) {
		c.DataDir = filepath.Join(dir, c.DataDir)
	}
	if c.GeoDir != "" && !filepath.IsAbs(c.GeoDir) {
		c.GeoDir = filepath.Join(dir, c.GeoDir)
	}
	return c, nil
}

// Parse reads and validates a configuration. Unknown keys are errors, so a
// typo never silently falls back to a default.
func Parse(r io.Reader) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, nameFields(data, err)
	}
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// nameFields rewrites the YAML decoder's errors, which only give a line
// ("line 5: cannot unmarshal !!str `soon` into time.Duration"), to name the
// field at that line ("sources[0].politeness.delay: …").
func nameFields(data []byte, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return err
	}
	paths := map[int]string{}
	keyPaths(&root, "", paths)
	var out []error
	for _, msg := range te.Errors {
		m := yamlLine.FindStringSubmatch(msg)
		if m == nil {
			out = append(out, errors.New(msg))
			continue
		}
		line, _ := strconv.Atoi(m[1])
		rest := strings.Replace(msg, m[0], "", 1)
		rest = explainType(rest)
		if field, ok := paths[line]; ok {
			out = append(out, fmt.Errorf("%s (line %d): %s", field, line, rest))
		} else {
			out = append(out, errors.New(msg))
		}
	}
	return errors.Join(out...)
}

// typeHints say, for the YAML decoder's "cannot unmarshal … into T", what
// a valid value of T looks like.
var typeHints = []struct{ goType, hint string }{
	{"into time.Duration", "into a duration: want a value like 30s, 5m or 6h"},
	{"into bool", "into a yes/no setting: want true or false"},
	{"into int64", "into a whole number: want digits, like 1000"},
	{"into int", "into a whole number: want digits, like 1000"},
	{"into float64", "into a number: want a value like 0.5"},
	{"into []string", "into a list: want [a, b] or one item per line starting with -"},
	{"into map[string]", "into a mapping: want key: value pairs"},
	{"into []sourceconfig.Source", "into a list of sources: want one item per source starting with -"},
	{"into *float64", "into a number: want a value like 0.5"},
	{"into string", "into text: want a plain value, not a list or mapping"},
}

func explainType(msg string) string {
	for _, h := range typeHints {
		if i := strings.Index(msg, h.goType); i >= 0 {
			return msg[:i] + h.hint
		}
	}
	return msg
}

// keyPaths records, for each line holding a mapping key or a sequence item,
// the dotted path of that value ("sources[0].politeness.delay"). A line
// with several keys (a flow mapping) keeps the last.
func keyPaths(n *yaml.Node, path string, out map[int]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			keyPaths(c, path, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			out[k.Line] = p
			if v.Line != k.Line || v.Kind != yaml.ScalarNode {
				out[v.Line] = p
			}
			keyPaths(v, p, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			if _, taken := out[c.Line]; !taken || c.Kind == yaml.ScalarNode {
				out[c.Line] = p
			}
			keyPaths(c, p, out)
		}
	}
}
