package publisher

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// practiceFilter selects practices for the list, the map layer and the OGC
// items. Zero fields select everything.
type practiceFilter struct {
	Country     rdf.Term // EU country authority IRI
	CountryNUTS string   // the country's NUTS code, to match regions
	Region      string   // NUTS code of any level; matches its sub-regions
	Skill       rdf.Term // concept; matches narrower concepts too
	TargetGroup rdf.Term
	Type        rdf.Term
	Delivery    rdf.Term
	Words       []string // folded words that must all occur
	BBox        *bbox
	Time        *interval
}

// filterParams are the query parameters parseFilter reads, for the OGC
// API's list of allowed parameters.
var filterParams = []string{"country", "region", "skill", "targetGroup", "type", "delivery", "q"}

// parseFilter reads the filter parameters of a query. A value that names
// nothing known (an unknown country code, a malformed NUTS code, a concept
// that does not exist) is an error, so that a typo is not silently an empty
// result.
func (s *Server) parseFilter(q url.Values, ix *index) (practiceFilter, error) {
	var f practiceFilter
	if v := strings.TrimSpace(q.Get("country")); v != "" {
		c, ok := vocab.CountryByCode(v)
		if !ok {
			c, ok = vocab.CountryByIRI(rdf.IRI(v))
		}
		if !ok {
			return f, fmt.Errorf("country %q: not a NUTS, ISO 3166 alpha-2 or alpha-3 code of a NUTS country", v)
		}
		f.Country, f.CountryNUTS = c.IRI(), c.NUTS
	}
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		code := strings.ToUpper(v)
		if c, ok := vocab.ParseNUTSRegion(rdf.IRI(v)); ok {
			code = c
		}
		if _, ok := vocab.ParseNUTSRegion(vocab.NUTSRegion(code)); !ok {
			return f, fmt.Errorf("region %q: not a NUTS code (two letters and up to three more characters, as DE or DE300)", v)
		}
		if c, ok := vocab.CountryByCode(code[:2]); !ok || c.NUTS != code[:2] {
			return f, fmt.Errorf("region %q: %s is not the NUTS code of a country", v, code[:2])
		}
		if s.regions != nil {
			if _, ok := s.regions.Region(code); !ok {
				return f, fmt.Errorf("region %q: no such NUTS 2021 region", v)
			}
		}
		f.Region = code
	}
	concepts := []struct {
		param  string
		scheme vocab.Scheme
		dst    *rdf.Term
	}{
		{"skill", vocab.DigComp, &f.Skill},
		{"targetGroup", vocab.TargetGroups, &f.TargetGroup},
		{"type", vocab.PracticeTypes, &f.Type},
		{"delivery", vocab.DeliveryModes, &f.Delivery},
	}
	for _, c := range concepts {
		v := strings.TrimSpace(q.Get(c.param))
		if v == "" {
			continue
		}
		t, err := s.resolveConcept(ix, c.scheme, v)
		if err != nil {
			return f, fmt.Errorf("%s %q: %w", c.param, v, err)
		}
		*c.dst = t
	}
	if v := q.Get("q"); strings.TrimSpace(v) != "" {
		if len(v) > 500 {
			return f, fmt.Errorf("q: longer than 500 characters")
		}
		f.Words = strings.Fields(vocab.Fold(v))
	}
	return f, nil
}

// resolveConcept turns a filter value into a concept IRI: a full IRI, or
// the id of a concept in the parameter's scheme ("2.1", "refugee-women").
func (s *Server) resolveConcept(ix *index, scheme vocab.Scheme, v string) (rdf.Term, error) {
	var t rdf.Term
	if strings.Contains(v, "://") {
		t = rdf.IRI(v)
	} else {
		t = s.iris.Concept(scheme, v)
	}
	if _, ok := ix.labels[t]; ok {
		return t, nil
	}
	if _, ok := s.iris.ConceptByIRI(t); ok {
		return t, nil
	}
	if scheme == vocab.DigComp {
		if _, ok := vocab.ESCOSkill(t.Value); ok {
			return t, nil
		}
	}
	return rdf.Term{}, fmt.Errorf("no such concept in %s", s.iris.Scheme(scheme).Value)
}

// match reports whether p passes the filter.
func (f *practiceFilter) match(ix *index, p *practice) bool {
	if !f.Country.IsZero() && !p.inCountry(f.Country, f.CountryNUTS) {
		return false
	}
	if f.Region != "" && !p.inRegion(f.Region) {
		return false
	}
	for _, c := range []struct {
		want rdf.Term
		have []rdf.Term
	}{{f.Skill, p.Skills}, {f.TargetGroup, p.TargetGroups}, {f.Type, p.Types}, {f.Delivery, p.DeliveryModes}} {
		if c.want.IsZero() {
			continue
		}
		found := false
		for _, h := range c.have {
			if ix.within(h, c.want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, w := range f.Words {
		if !strings.Contains(p.search, w) {
			return false
		}
	}
	if f.BBox != nil && !f.BBox.containsAny(p.points()) {
		return false
	}
	if f.Time != nil && !f.Time.overlaps(p.StartDate, p.EndDate) {
		return false
	}
	return true
}

// inCountry reports whether the practice is in a country, by sm:country or
// by a region of that country.
func (p *practice) inCountry(country rdf.Term, nuts string) bool {
	for _, c := range p.Countries {
		if c == country {
			return true
		}
	}
	return nuts != "" && p.inRegion(nuts)
}

// inRegion reports whether one of the practice's regions is code or lies
// within it (DE matches DE300).
func (p *practice) inRegion(code string) bool {
	for _, r := range p.Regions {
		if strings.HasPrefix(r, code) {
			return true
		}
	}
	return false
}

// filter returns the practices of the index that pass f.
func (f *practiceFilter) filter(ix *index) []*practice {
	var out []*practice
	for _, p := range ix.practices {
		if f.match(ix, p) {
			out = append(out, p)
		}
	}
	return out
}
