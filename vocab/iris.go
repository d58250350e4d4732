package vocab

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// External IRI spaces that Skillsmap links to but does not mint.
const (
	// NUTSCodeBase is the EU Publications Office namespace of NUTS regions:
	// NUTSCodeBase + "DE300" is Berlin.
	NUTSCodeBase = "http://data.europa.eu/nuts/code/"
	// CountryAuthorityBase is the EU country authority table:
	// CountryAuthorityBase + "DEU" is Germany.
	CountryAuthorityBase = "http://publications.europa.eu/resource/authority/country/"
	// ESCOSkillBase is the namespace of ESCO skills and skill groups.
	ESCOSkillBase = "http://data.europa.eu/esco/skill/"
)

// IRIs mints the IRIs of one Skillsmap deployment. Everything Skillsmap
// names itself lives under the deployment's base, the public URL at which
// the publisher serves it (for example http://localhost:8080/), so that
// every IRI dereferences.
//
// The zero IRIs is not usable; build one with NewIRIs. IRIs is a small value,
// safe for concurrent use.
type IRIs struct {
	base  string
	terms Terms
}

// NewIRIs returns the IRIs under base, an absolute http or https URL without
// query or fragment. A missing trailing slash is added: the base is a folder.
func NewIRIs(base string) (IRIs, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: %w", base, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: scheme must be http or https", base)
	case u.Host == "":
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: no host", base)
	case u.User != nil:
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: must not contain user information", base)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(base, "#"):
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: must not have a query or fragment", base)
	}
	s := u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	if !rdf.ValidIRI(s) {
		return IRIs{}, fmt.Errorf("vocab: base IRI %q: not a valid IRI", base)
	}
	n := IRIs{base: s}
	n.terms = newTerms(n.Namespace())
	return n, nil
}

// Base returns the base IRI, ending in "/".
func (n IRIs) Base() string { return n.base }

// Namespace returns the namespace of Skillsmap's own ontology terms,
// {base}ns#.
func (n IRIs) Namespace() string { return n.base + "ns#" }

// Ontology returns the IRI of the ontology document, {base}ns.
func (n IRIs) Ontology() rdf.Term { return rdf.IRI(n.base + "ns") }

// Term returns the ontology term {base}ns#local. Prefer the fields of Terms.
func (n IRIs) Term(local string) rdf.Term { return rdf.IRI(n.Namespace() + local) }

// Terms returns the ontology terms Skillsmap mints, as IRIs under this base.
func (n IRIs) Terms() Terms { return n.terms }

// Practice returns {base}practice/{id}.
func (n IRIs) Practice(id string) rdf.Term { return n.under("practice/", id) }

// Place returns the IRI of one place of a practice,
// {base}practice/{id}#place-{slug}: practices can have several places, each
// with its own name, region and coordinates.
func (n IRIs) Place(practiceID, placeName string) rdf.Term {
	s := Slug(placeName)
	if s == "" {
		s = "unnamed"
	}
	return rdf.IRI(n.Practice(practiceID).Value + "#place-" + s)
}

// Organisation returns {base}organisation/{id}.
func (n IRIs) Organisation(id string) rdf.Term { return n.under("organisation/", id) }

// Source returns {base}source/{id}, the partner site a harvester reads.
func (n IRIs) Source(id string) rdf.Term { return n.under("source/", id) }

// HarvestRun returns {base}harvest/{source}/{run}, one run of the harvester
// over one source.
func (n IRIs) HarvestRun(source, run string) rdf.Term {
	return rdf.IRI(n.base + "harvest/" + segment(source) + "/" + segment(run))
}

// Scheme returns {base}vocab/{scheme}, a SKOS concept scheme.
func (n IRIs) Scheme(s Scheme) rdf.Term { return n.under("vocab/", string(s)) }

// Concept returns {base}vocab/{scheme}/{id}.
func (n IRIs) Concept(s Scheme, id string) rdf.Term {
	return rdf.IRI(n.base + "vocab/" + segment(string(s)) + "/" + segment(id))
}

// Graph names. Each vocabulary part and each source has a named graph of
// its own, so that each can be replaced atomically on its own.

// OntologyGraph returns {base}graph/ontology.
func (n IRIs) OntologyGraph() rdf.Term { return rdf.IRI(n.base + "graph/ontology") }

// SchemeGraph returns {base}graph/vocab/{scheme}.
func (n IRIs) SchemeGraph(s Scheme) rdf.Term { return n.under("graph/vocab/", string(s)) }

// CountriesGraph returns {base}graph/countries.
func (n IRIs) CountriesGraph() rdf.Term { return rdf.IRI(n.base + "graph/countries") }

// RegionsGraph returns {base}graph/regions.
func (n IRIs) RegionsGraph() rdf.Term { return rdf.IRI(n.base + "graph/regions") }

// SourceGraph returns {base}graph/source/{id}, the practices read from one
// source.
func (n IRIs) SourceGraph(id string) rdf.Term { return n.under("graph/source/", id) }

// ProvenanceGraph returns {base}graph/provenance, where harvest runs are
// recorded.
func (n IRIs) ProvenanceGraph() rdf.Term { return rdf.IRI(n.base + "graph/provenance") }

// SameAsGraph returns {base}graph/same-as: schema:sameAs links between
// practices of different sources that describe the same practice.
func (n IRIs) SameAsGraph() rdf.Term { return rdf.IRI(n.base + "graph/same-as") }

// EditorialGraph returns {base}graph/editorial: the editors' corrections,
// merges and good-practice validations, kept apart from the records they
// correct so that they survive re-harvests.
func (n IRIs) EditorialGraph() rdf.Term { return rdf.IRI(n.base + "graph/editorial") }

// ContributionsGraph returns {base}graph/contributions/{org}: the published
// practices an organisation contributed through the exchange.
func (n IRIs) ContributionsGraph(org string) rdf.Term { return n.under("graph/contributions/", org) }

// Activity returns {base}activity/{id}, one editorial activity recorded in
// the provenance graph.
func (n IRIs) Activity(id string) rdf.Term { return n.under("activity/", id) }

// Need returns {base}need/{id}, a need an organisation published.
func (n IRIs) Need(id string) rdf.Term { return n.under("need/", id) }

// Transfer returns {base}transfer/{id}, an organisation's adaptation of a
// practice.
func (n IRIs) Transfer(id string) rdf.Term { return n.under("transfer/", id) }

// NeedsGraph returns {base}graph/needs: the needs organisations published.
func (n IRIs) NeedsGraph() rdf.Term { return rdf.IRI(n.base + "graph/needs") }

// TransfersGraph returns {base}graph/transfers: the transfers that ended
// in an adapted practice.
func (n IRIs) TransfersGraph() rdf.Term { return rdf.IRI(n.base + "graph/transfers") }

// ParseNeed returns the id of a need IRI minted by n.
func (n IRIs) ParseNeed(t rdf.Term) (id string, ok bool) { return n.parseUnder(t, "need/") }

// ParsePractice returns the id of a practice IRI minted by n.
func (n IRIs) ParsePractice(t rdf.Term) (id string, ok bool) { return n.parseUnder(t, "practice/") }

// ParseOrganisation returns the id of an organisation IRI minted by n.
func (n IRIs) ParseOrganisation(t rdf.Term) (id string, ok bool) {
	return n.parseUnder(t, "organisation/")
}

// ParseSource returns the id of a source IRI minted by n.
func (n IRIs) ParseSource(t rdf.Term) (id string, ok bool) { return n.parseUnder(t, "source/") }

// ParseConcept splits a concept IRI minted by n into scheme and id. The
// scheme need not be one of Schemes(): deployments may add their own.
func (n IRIs) ParseConcept(t rdf.Term) (s Scheme, id string, ok bool) {
	rest, ok := n.rawUnder(t, "vocab/")
	if !ok {
		return "", "", false
	}
	rawScheme, rawID, found := strings.Cut(rest, "/")
	if !found || strings.Contains(rawID, "/") {
		return "", "", false
	}
	scheme, ok1 := unescapeSegment(rawScheme)
	id, ok2 := unescapeSegment(rawID)
	if !ok1 || !ok2 {
		return "", "", false
	}
	return Scheme(scheme), id, true
}

func (n IRIs) under(prefix, id string) rdf.Term { return rdf.IRI(n.base + prefix + segment(id)) }

// rawUnder returns the rest of t after {base}prefix, still escaped.
func (n IRIs) rawUnder(t rdf.Term, prefix string) (string, bool) {
	if !t.IsIRI() || n.base == "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(t.Value, n.base+prefix)
	if !ok || rest == "" || strings.ContainsAny(rest, "#?") {
		return "", false
	}
	return rest, true
}

// parseUnder returns the unescaped rest of t after {base}prefix when it is a
// single path segment.
func (n IRIs) parseUnder(t rdf.Term, prefix string) (string, bool) {
	rest, ok := n.rawUnder(t, prefix)
	if !ok || strings.Contains(rest, "/") {
		return "", false
	}
	return unescapeSegment(rest)
}

func unescapeSegment(s string) (string, bool) {
	u, err := url.PathUnescape(s)
	return u, err == nil && u != ""
}

// segment escapes s for use as one IRI path segment. Slugs and the ids of
// the bundled schemes pass unchanged.
func segment(s string) string {
	if s == "" {
		return "_"
	}
	return url.PathEscape(s)
}

// NUTSRegion returns the EU Publications Office IRI of a NUTS region,
// http://data.europa.eu/nuts/code/{code}.
func NUTSRegion(code string) rdf.Term { return rdf.IRI(NUTSCodeBase + strings.ToUpper(code)) }

// ParseNUTSRegion returns the NUTS code of a region IRI.
func ParseNUTSRegion(t rdf.Term) (code string, ok bool) {
	if !t.IsIRI() {
		return "", false
	}
	code, ok = strings.CutPrefix(t.Value, NUTSCodeBase)
	return code, ok && validNUTSCode(code)
}

// validNUTSCode reports whether s has the form of a NUTS code: two capital
// letters and up to three digits or capital letters.
func validNUTSCode(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isUpper := c >= 'A' && c <= 'Z'
		if i < 2 && !isUpper || i >= 2 && !isUpper && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
