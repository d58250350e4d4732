package demosites

import (
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// Source returns the harvester configuration for a demo site served at
// base: the same configuration a partner would get in skillsmap.yaml. The
// sites are on loopback, so the sources are marked local; the politeness
// delay is short because the sites are ours.
func (s *Site) Source(base string) sourceconfig.Source {
	src := sourceconfig.Source{
		ID:         s.ID,
		Name:       s.Name,
		Homepage:   base + "/",
		Local:      true,
		Politeness: sourceconfig.Politeness{Delay: 10 * time.Millisecond, Parallelism: 4},
	}
	switch s.ID {
	case "urban-skills":
		src.StartURLs = []string{base + "/sitemap.xml"}
		src.Extractor = sourceconfig.ExtractJSONLD
		src.Crawl = sourceconfig.Crawl{Sitemap: true, Include: `/practices/`}
		src.Mapping = sourceconfig.Mapping{Language: "en"}
	case "skills-archive":
		src.StartURLs = []string{base + "/projects"}
		src.Extractor = sourceconfig.ExtractCSS
		src.Crawl = sourceconfig.Crawl{Links: "a.project-link", Next: `a[rel="next"]`}
		src.Mapping = sourceconfig.Mapping{Language: "en"}
		src.CSS = &sourceconfig.CSSMapping{
			Item: "article.practice",
			Fields: map[string]sourceconfig.Selector{
				"title":         "h1.title",
				"description":   "p.summary",
				"city":          "ul.cities li",
				"country":       "td.country",
				"organisation":  "ul.organisations li",
				"target_groups": "ul.target-groups li",
				"skills":        "ul.topics li",
				"delivery":      "td.delivery",
				"funding":       "td.funding",
				"start":         "time.start@datetime",
				"end":           "time.end@datetime",
				"based_on":      "a.source@href",
			},
		}
	case "teilhabe-berlin":
		src.StartURLs = []string{base + "/projekte"}
		src.Extractor = sourceconfig.ExtractJSONLD
		src.Mapping = sourceconfig.Mapping{Language: "de", Country: "DE"}
	}
	return src
}
