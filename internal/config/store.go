package config

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// EnvStorePassword overrides store.password.
const EnvStorePassword = "SKILLSMAP_STORE_PASSWORD"

// Store kinds.
const (
	StoreEmbedded = "embedded"
	StoreSPARQL   = "sparql"
)

// Bounds of the store section.
const (
	MinStoreTimeout     = time.Second
	MaxStoreTimeout     = 10 * time.Minute
	MinStorePageSize    = 100
	MaxStorePageSize    = 1_000_000
	MinStoreMaxResponse = 1 << 20
	MaxStoreMaxResponse = 16 << 30
	MaxStoreRefresh     = time.Minute
)

// Store chooses where the quads live: the embedded store in the data
// directory (default), or an external SPARQL 1.1 engine shared by several
// instances.
type Store struct {
	// Kind is "embedded" (default) or "sparql".
	Kind string `yaml:"kind"`
	// QueryURL is the engine's SPARQL query endpoint (kind sparql).
	QueryURL string `yaml:"query_url"`
	// UpdateURL is its SPARQL Update endpoint (default query_url).
	UpdateURL string `yaml:"update_url"`
	// Username and Password are sent with HTTP basic authentication;
	// SKILLSMAP_STORE_PASSWORD overrides the password.
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	// Dialect is "standard" (default) or "virtuoso" (works around the
	// typed literals Virtuoso 7 rewrites or refuses).
	Dialect string `yaml:"dialect"`
	// Timeout bounds each request to the engine (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// PageSize is the rows one read asks for (default 10000); at most the
	// engine's own cap (Virtuoso's ResultSetMaxRows).
	PageSize int `yaml:"page_size"`
	// MaxResponse bounds each response (default 256MiB).
	MaxResponse ByteSize `yaml:"max_response"`
	// Refresh is how long an instance reuses what it knows of the store's
	// version before asking again (default 1s): the delay after which a
	// write through another instance is visible here.
	Refresh time.Duration `yaml:"refresh"`
}

// External reports whether the quads live in an external engine.
func (s Store) External() bool { return s.Kind == StoreSPARQL }

func (s *Store) applyDefaults() {
	if s.Kind == "" {
		s.Kind = StoreEmbedded
	}
	if !s.External() {
		return
	}
	if s.Dialect == "" {
		s.Dialect = "standard"
	}
	if s.Timeout == 0 {
		s.Timeout = 30 * time.Second
	}
	if s.PageSize == 0 {
		s.PageSize = 10000
	}
	if s.MaxResponse == 0 {
		s.MaxResponse = 256 << 20
	}
	if s.Refresh == 0 {
		s.Refresh = time.Second
	}
	if pw := os.Getenv(EnvStorePassword); pw != "" {
		s.Password = pw
	}
}

func (s *Store) validate(p *sourceconfig.Problems) {
	switch s.Kind {
	case StoreEmbedded:
		for _, f := range []struct{ key, value string }{{"query_url", s.QueryURL}, {"update_url", s.UpdateURL},
			{"username", s.Username}, {"password", s.Password}, {"dialect", s.Dialect}} {
			if f.value != "" {
				p.Add("store."+f.key, "only with kind: sparql: want kind: sparql too, or no %s (the embedded store lives in the data directory)", f.key)
			}
		}
		return
	case StoreSPARQL:
	default:
		p.Add("store.kind", "%q: want embedded (default) or sparql", s.Kind)
		return
	}
	if s.QueryURL == "" {
		p.Add("store.query_url", "required with kind: sparql: the engine's SPARQL query endpoint, like http://127.0.0.1:8890/sparql")
	} else {
		p.Check("store.query_url", engineURL(s.QueryURL))
	}
	if s.UpdateURL != "" {
		p.Check("store.update_url", engineURL(s.UpdateURL))
	}
	if (s.Username == "") != (s.Password == "") {
		p.Add("store.username", "want both username and password, or neither (the password may come from %s)", EnvStorePassword)
	}
	if s.Dialect != "standard" && s.Dialect != "virtuoso" {
		p.Add("store.dialect", "%q: want standard or virtuoso", s.Dialect)
	}
	p.Check("store.timeout", sourceconfig.DurationBetween(s.Timeout, MinStoreTimeout, MaxStoreTimeout))
	p.Check("store.page_size", sourceconfig.IntBetween(s.PageSize, MinStorePageSize, MaxStorePageSize))
	if s.MaxResponse < MinStoreMaxResponse || s.MaxResponse > MaxStoreMaxResponse {
		p.Add("store.max_response", "%d bytes: want 1MiB – 16GiB, like 256MiB", int64(s.MaxResponse))
	}
	p.Check("store.refresh", sourceconfig.DurationBetween(s.Refresh, 0, MaxStoreRefresh))
}

// engineURL checks an engine endpoint: http(s), a host, no credentials
// (they go in username and password, which are not logged).
func engineURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want an absolute http(s) URL, like http://127.0.0.1:8890/sparql", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q has credentials: want them in store.username and store.password, not in the URL", u.Redacted())
	}
	if u.Fragment != "" {
		return fmt.Errorf("%q has a fragment: want the endpoint's URL", raw)
	}
	return nil
}
