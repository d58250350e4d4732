package vocab

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

var (
	escoUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// Codes of the skills pillar hierarchy: skills (S), knowledge (K),
	// transversal skills (T) and languages (L), e.g. S1.2.3.
	escoHierarchyCode = regexp.MustCompile(`^[SKTL][0-9]+(\.[0-9]+)*$`)
)

// ESCOSkill reports whether iri names an ESCO skill or skill group
// (http://data.europa.eu/esco/skill/{uuid}, or a hierarchy code such as
// S1.2.3) and returns it in canonical form: http scheme, lower-case UUID.
// Sources that give ESCO skills keep them: practices link to them with
// schema:teaches like to DigComp competences.
func ESCOSkill(iri string) (rdf.Term, bool) {
	u, err := url.Parse(strings.TrimSpace(iri))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.EqualFold(u.Host, "data.europa.eu") ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return rdf.Term{}, false
	}
	id, ok := strings.CutPrefix(u.Path, "/esco/skill/")
	if !ok {
		return rdf.Term{}, false
	}
	switch {
	case escoUUID.MatchString(id):
		id = strings.ToLower(id)
	case escoHierarchyCode.MatchString(id):
	default:
		return rdf.Term{}, false
	}
	return rdf.IRI(ESCOSkillBase + id), true
}
