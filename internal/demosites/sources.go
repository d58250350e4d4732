package demosites

import (
	"time"

	"github.com/skillsmap/skillsmap/harvester"
)

// Source returns the harvester configuration for a demo site served at
// base: the same configuration a partner would get in skillsmap.yaml. The
// sites are on loopback, so the sources are marked local; the politeness
// delay is short because the sites are ours.
func (s *Site) Source(base string) harvester.Source {
	src := harvester.Source{
		ID:         s.ID,
		Name:       s.Name,
		Homepage:   base + "/",
		Local:      true,
		Politeness: harvester.Politeness{Delay: 10 * time.Millisecond, Parallelism: 4},
	}
	switch s.ID {
	case "urban-skills":
		src.StartURLs = []string{base + "/sitemap.xml"}
		src.Extractor = harvester.ExtractJSONLD
		src.Crawl = harvester.Crawl{Sitemap: true, Include: `/practices/`}
		src.Mapping = harvester.Mapping{Language: "en"}
	case "skills-archive":
		src.StartURLs = []string{base + "/projects"}
		src.Extractor = harvester.ExtractCSS
		src.Crawl = harvester.Crawl{Links: "a.project-link", Next: `a[rel="next"]`}
		src.Mapping = harvester.Mapping{Language: "en"}
		src.CSS = &harvester.CSSMapping{
			Item: "article.practice",
			Fields: map[string]harvester.Selector{
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
		src.Extractor = harvester.ExtractJSONLD
		src.Mapping = harvester.Mapping{Language: "de", Country: "DE"}
	}
	return src
}
