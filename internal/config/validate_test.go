package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// src is a valid source with one key added (YAML, indented for a list
// item's mapping).
func src(extra string) string {
	return "sources:\n  - id: a\n    start_urls: [https://x.example.eu/]\n    extractor: jsonld\n" + extra
}

func srcWith(extractor, extra string) string {
	return "sources:\n  - id: a\n    start_urls: [https://x.example.eu/]\n    extractor: " + extractor + "\n" + extra
}

// TestEveryDocumentedKeyIsChecked gives one bad value for each key the
// README and docs/harvesting.md document, and checks that Parse refuses
// it with an error that names the key and says what a valid value looks
// like.
func TestEveryDocumentedKeyIsChecked(t *testing.T) {
	tests := []struct {
		key, yaml string
	}{
		// The server.
		{"public_url", "public_url: ftp://x.example.eu/\n"},
		{"public_url", "public_url: https://x.example.eu/?a=b\n"},
		{"public_url", "public_url: javascript:alert(1)\n"},
		{"listen", "listen: nonsense\n"},
		{"listen", "listen: ':0'\n"},
		{"listen", "listen: ':70000'\n"},
		{"listen", "listen: 'bad host!:8080'\n"},
		{"admin_token", "admin_token: short\n"},
		{"admin_token", "admin_token: 'two words two words two words'\n"},
		// The catalog.
		{"catalog.title", "catalog: {title: '  '}\n"},
		{"catalog.description", "catalog: {description: ' '}\n"},
		{"catalog.publisher", "catalog: {publisher: ' '}\n"},
		{"catalog.publisher_url", "catalog: {publisher_url: 'javascript:alert(1)'}\n"},
		{"catalog.publisher_type", "catalog: {publisher_type: Guild}\n"},
		{"catalog.contact_email", "catalog: {contact_email: 'Map <map@example.eu>'}\n"},
		{"catalog.contact_email", "catalog: {contact_email: not-an-address}\n"},
		{"catalog.license", "catalog: {license: CC-BY}\n"},
		// SPARQL.
		{"sparql.timeout", "sparql: {timeout: 1ns}\n"},
		{"sparql.timeout", "sparql: {timeout: 11m}\n"},
		{"sparql.timeout", "sparql: {timeout: -1s}\n"},
		{"sparql.max_results", "sparql: {max_results: -5}\n"},
		{"sparql.max_results", "sparql: {max_results: 100000000}\n"},
		{"sparql.federation[0]", "sparql: {federation: ['file:///etc/passwd']}\n"},
		// The harvest.
		{"harvest.user_agent", "harvest: {user_agent: \"bot\\r\\nX-Evil: 1\"}\n"},
		{"harvest.keep_runs", "harvest: {keep_runs: -1}\n"},
		{"harvest.keep_runs", "harvest: {keep_runs: 5000}\n"},
		{"harvest.redis_url", "harvest: {redis_url: 'http://localhost:6379'}\n"},
		{"harvest.redis_url", "harvest: {redis_url: 'redis://localhost:6379/99'}\n"},
		{"harvest.redis_url", "harvest: {redis_url: 'redis://:6379/0'}\n"},
		{"harvest.lock_ttl", "harvest: {lock_ttl: 1s}\n"},
		// The exchange's state.
		{"exchange.redis_url", "exchange: {redis_url: 'redis://localhost:6379/0'}\n"}, // embedded store
		{"exchange.redis_url", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql'}\nexchange: {redis_url: 'localhost:6379'}\n"},
		// The store.
		{"store.kind", "store: {kind: postgres}\n"},
		{"store.query_url", "store: {kind: sparql}\n"},
		{"store.query_url", "store: {kind: sparql, query_url: 'ftp://x.example.eu/sparql'}\n"},
		{"store.query_url", "store: {kind: sparql, query_url: 'http://dba:dba@x.example.eu/sparql'}\n"},
		{"store.update_url", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', update_url: '/update'}\n"},
		{"store.username", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', username: dba}\n"},
		{"store.dialect", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', dialect: fuseki}\n"},
		{"store.timeout", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', timeout: 1h}\n"},
		{"store.page_size", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', page_size: 10}\n"},
		{"store.max_response", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', max_response: 1k}\n"},
		{"store.refresh", "store: {kind: sparql, query_url: 'http://x.example.eu/sparql', refresh: 2m}\n"},
		{"store.query_url", "store: {query_url: 'http://x.example.eu/sparql'}\n"},
		// A source's identity and documents.
		{"sources[0].id", "sources:\n  - id: Urban Skills\n    start_urls: [https://x.example.eu/]\n    extractor: jsonld\n"},
		{"sources[0].name", src("    name: \"two\\nlines\"\n")},
		{"sources[0].homepage", src("    homepage: \"javascript:alert(1)\"\n")},
		{"sources[0].homepage", src("    homepage: www.example.eu\n")},
		{"sources[0].start_urls", "sources:\n  - id: a\n    extractor: jsonld\n"},
		{"sources[0].start_urls[0]", "sources:\n  - id: a\n    start_urls: ['data:text/html,x']\n    extractor: jsonld\n"},
		{"sources[0].start_urls[0]", "sources:\n  - id: a\n    start_urls: ['https://user:pw@x.example.eu/']\n    extractor: jsonld\n"},
		{"sources[0].extractor", "sources:\n  - id: a\n    start_urls: [https://x.example.eu/]\n    extractor: magic\n"},
		{"sources[0].local", src("    local: maybe\n")},
		// Extractor mappings.
		{"sources[0].css", srcWith("css", "")},
		{"sources[0].css.item", srcWith("css", "    css: {item: 'div[', fields: {title: h1}}\n")},
		{"sources[0].css.fields.title", srcWith("css", "    css: {item: div, fields: {city: p}}\n")},
		{"sources[0].css.fields.city", srcWith("css", "    css: {item: div, fields: {title: h1, city: 'p:::x'}}\n")},
		{"sources[0].css.fields.colour", srcWith("css", "    css: {item: div, fields: {title: h1, colour: p}}\n")},
		{"sources[0].csv", srcWith("csv", "")},
		{"sources[0].csv.columns.title", srcWith("csv", "    csv: {columns: {city: Ort}}\n")},
		{"sources[0].csv.delimiter", srcWith("csv", "    csv: {columns: {title: T}, delimiter: ';;'}\n")},
		{"sources[0].csv.charset", srcWith("csv", "    csv: {columns: {title: T}, charset: klingon}\n")},
		{"sources[0].json", srcWith("json", "    json: {fields: {title: t}, next: a, page_param: p}\n")},
		{"sources[0].json.fields.title", srcWith("json", "    json: {fields: {city: c}}\n")},
		{"sources[0].json.page_param", srcWith("json", "    json: {fields: {title: t}, page_param: 'p&x'}\n")},
		{"sources[0].dcat.mode", srcWith("dcat", "    dcat: {mode: files}\n")},
		// Crawling.
		{"sources[0].crawl", src("    crawl: {sitemap: true, feed: true}\n")},
		{"sources[0].crawl.include", src("    crawl: {include: '('}\n")},
		{"sources[0].crawl.links", src("    crawl: {links: 'a[href'}\n")},
		{"sources[0].crawl.next", src("    crawl: {next: '>>>'}\n")},
		{"sources[0].crawl.allowed_hosts[0]", src("    crawl: {allowed_hosts: ['https://x.example.eu/']}\n")},
		{"sources[0].crawl.max_pages", src("    crawl: {max_pages: 2000000}\n")},
		{"sources[0].crawl.max_pages", src("    crawl: {max_pages: -1}\n")},
		{"sources[0].crawl.max_depth", src("    crawl: {max_depth: 1000}\n")},
		{"sources[0].crawl.max_body_bytes", src("    crawl: {max_body_bytes: 10}\n")},
		{"sources[0].crawl.max_body_bytes", src("    crawl: {max_body_bytes: 10000000000}\n")},
		{"sources[0].crawl.max_duration", src("    crawl: {max_duration: 1s}\n")},
		{"sources[0].crawl.max_duration", src("    crawl: {max_duration: 1000h}\n")},
		// Politeness.
		{"sources[0].politeness.delay", src("    politeness: {delay: 2h}\n")},
		{"sources[0].politeness.delay", src("    politeness: {delay: -1s}\n")},
		{"sources[0].politeness.delay", src("    politeness: {delay: soon}\n")},
		{"sources[0].politeness.parallelism", src("    politeness: {parallelism: 1000}\n")},
		{"sources[0].politeness.timeout", src("    politeness: {timeout: 1ns}\n")},
		{"sources[0].politeness.timeout", src("    politeness: {timeout: 1h}\n")},
		{"sources[0].politeness.ignore_robots", src("    politeness: {ignore_robots: perhaps}\n")},
		{"sources[0].politeness.retries", src("    politeness: {retries: 50}\n")},
		{"sources[0].politeness.retries", src("    politeness: {retries: -2}\n")},
		{"sources[0].politeness.retry_delay", src("    politeness: {retry_delay: 3h}\n")},
		{"sources[0].politeness.max_retry_wait", src("    politeness: {max_retry_wait: 2h}\n")},
		// Mapping.
		{"sources[0].mapping.language", src("    mapping: {language: 'english please'}\n")},
		{"sources[0].mapping.country", src("    mapping: {country: Atlantis}\n")},
		{"sources[0].mapping.values.target_groups", src("    mapping: {values: {target_groups: {'Senior*innen': no-such-group}}}\n")},
		{"sources[0].mapping.values.target_groups", src("    mapping: {values: {target_groups: {'x': 'javascript://x'}}}\n")},
		{"sources[0].mapping.values.colour", src("    mapping: {values: {colour: {a: b}}}\n")},
		{"sources[0].mapping.defaults.colour", src("    mapping: {defaults: {colour: [red]}}\n")},
		// Schedule and life-cycle.
		{"sources[0].schedule", src("    schedule: {every: 1h, cron: '0 3 * * *'}\n")},
		{"sources[0].schedule.every", src("    schedule: {every: 30s}\n")},
		{"sources[0].schedule.every", src("    schedule: {every: 9000h}\n")},
		{"sources[0].schedule.cron", src("    schedule: {cron: bogus}\n")},
		{"sources[0].schedule.cron", src("    schedule: {cron: '0 3 * *'}\n")},
		{"sources[0].schedule.cron", src("    schedule: {cron: '61 * * * *'}\n")},
		{"sources[0].schedule.cron", src("    schedule: {cron: '0 0 31 2 *'}\n")},
		{"sources[0].schedule.jitter", src("    schedule: {every: 1h, jitter: 1h}\n")},
		{"sources[0].schedule.jitter", src("    schedule: {jitter: 10m}\n")},
		{"sources[0].schedule.jitter", src("    schedule: {cron: '0 3 * * *', jitter: 48h}\n")},
		{"sources[0].min_record_ratio", src("    min_record_ratio: 1.5\n")},
		{"sources[0].withdraw_after", src("    withdraw_after: -1\n")},
		{"sources[0].withdraw_after", src("    withdraw_after: 1000\n")},
		{"sources[0].review", src("    review: later\n")},
	}
	for _, tt := range tests {
		t.Run(tt.key+" "+strings.TrimSpace(tt.yaml[strings.LastIndex(strings.TrimRight(tt.yaml, "\n"), "\n")+1:]), func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatalf("accepted:\n%s", tt.yaml)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.key+":") && !strings.HasPrefix(msg, tt.key+" (line") {
				t.Errorf("error does not start with the key %q:\n%v", tt.key, err)
			}
			if strings.Count(msg, "\n") > 0 {
				t.Errorf("one bad value gave several errors:\n%v", err)
			}
			if !strings.Contains(msg, "want") && !strings.Contains(msg, "like") && !strings.Contains(msg, "give") && !strings.Contains(msg, "required") {
				t.Errorf("error does not say what a valid value looks like: %v", err)
			}
		})
	}
}

func TestAllProblemsAreNamed(t *testing.T) {
	yaml := `listen: nonsense
sparql: {timeout: 1ns}
sources:
  - id: a
    homepage: "javascript:alert(1)"
    start_urls: [https://x.example.eu/]
    extractor: jsonld
    schedule: {cron: bogus}
    politeness: {timeout: 1ns}
  - id: b
    start_urls: [/relative]
    extractor: jsonld
`
	_, err := Parse(strings.NewReader(yaml))
	want := []string{"listen", "sparql.timeout", "sources[0].homepage", "sources[0].schedule.cron", "sources[0].politeness.timeout", "sources[1].start_urls[0]"}
	var fields []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			var fe *sourceconfig.FieldError
			if errors.As(e, &fe) {
				fields = append(fields, fe.Field)
			}
		}
	}
	if strings.Join(fields, " ") != strings.Join(want, " ") {
		t.Errorf("problems named %v, want %v\n%v", fields, want, err)
	}
}

func TestBoundsAreInclusive(t *testing.T) {
	yaml := `listen: "127.0.0.1:65535"
admin_token: 0123456789abcdef
sparql: {timeout: 10m, max_results: 10000000}
harvest: {keep_runs: 1000, redis_url: "rediss://user:pw@redis.example.eu:6380/15", lock_ttl: 10m}
exchange: {redis_url: "rediss://user:pw@redis.example.eu:6380/15"}
store: {kind: sparql, query_url: "https://store.example.eu/sparql", update_url: "https://store.example.eu/sparql-auth", username: skillsmap, password: secret, dialect: virtuoso, timeout: 10m, page_size: 1000000, max_response: 16GiB, refresh: 1m}
catalog: {publisher_type: LocalAuthority, contact_email: map@example.eu}
sources:
  - id: a
    homepage: https://x.example.eu/
    start_urls: [https://x.example.eu/]
    extractor: jsonld
    crawl: {max_pages: 1000000, max_depth: 100, max_body_bytes: 1024, max_duration: 1m, allowed_hosts: [x.example.eu, 127.0.0.1]}
    politeness: {delay: 1h, parallelism: 64, timeout: 1s, retries: -1, retry_delay: 1h, max_retry_wait: 1h}
    schedule: {every: 1m, jitter: 59s}
    mapping: {language: pt-BR, country: EL}
    withdraw_after: 100
    review: hold
  - id: b
    start_urls: [https://x.example.eu/]
    extractor: csv
    csv: {columns: {title: T}, charset: windows-1252, delimiter: "\t"}
    schedule: {cron: "@daily", jitter: 24h}
`
	if _, err := Parse(strings.NewReader(yaml)); err != nil {
		t.Fatal(err)
	}
}

func TestCheckListen(t *testing.T) {
	for addr, ok := range map[string]bool{":8080": true, "localhost:1": true, "[::1]:80": true, "nonsense": false, ":0": false, "x:http": false} {
		if err := CheckListen(addr); (err == nil) != ok {
			t.Errorf("CheckListen(%q) = %v", addr, err)
		}
	}
}
