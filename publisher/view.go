package publisher

import (
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// valueView is one value shown on a page: a link with a label, or a
// literal with its language or datatype.
type valueView struct {
	Text string
	Href string
	Lang string
	Note string // the datatype of a typed literal ("date", "decimal")
	Code bool   // an IRI without a label, shown as code
}

// fact is one row of a facts table: a property and its values.
type fact struct {
	Label    string
	Property string // the property's IRI, for the title attribute
	Values   []valueView
}

// viewer turns terms into what pages show, in the request's languages.
type viewer struct {
	s       *Server
	ix      *index
	langs   []string
	anchors map[rdf.Term]string // nodes shown on the same page
}

// label names a term: its label, else a prefixed name, else the IRI.
func (v *viewer) label(t rdf.Term) (string, bool) {
	if l, ok := v.ix.label(t, v.langs, v.s.labeler); ok && l != "" {
		return l, true
	}
	if l, ok := typeLabels[t.Value]; ok {
		return l, true
	}
	if c, ok := vocab.CountryByIRI(t); ok {
		return c.Name(v.langs...), true
	}
	if code, ok := vocab.ParseNUTSRegion(t); ok {
		return code, false
	}
	return v.s.shortIRI(t.Value), false
}

// value returns the view of one term.
func (v *viewer) value(t rdf.Term) valueView {
	if a, ok := v.anchors[t]; ok {
		text, found := v.label(t)
		if !found {
			text = a
		}
		return valueView{Text: text, Href: "#" + a}
	}
	switch t.Kind {
	case rdf.KindIRI:
		text, ok := v.label(t)
		return valueView{Text: text, Href: v.s.linkFor(t), Code: !ok}
	case rdf.KindBlank:
		return valueView{Text: "_:" + t.Value, Code: true}
	}
	vv := valueView{Text: t.Value, Lang: t.Lang}
	if t.Datatype != rdf.XSDString && t.Datatype != rdf.RDFLangString {
		vv.Note = v.s.shortIRI(t.Datatype)
		if local, ok := strings.CutPrefix(t.Datatype, rdf.NSXSD); ok {
			vv.Note = local
		}
	}
	return vv
}

// values returns the views of terms.
func (v *viewer) values(ts []rdf.Term) []valueView {
	out := make([]valueView, 0, len(ts))
	for _, t := range ts {
		out = append(out, v.value(t))
	}
	return out
}

// propertyLabel names a property.
func (v *viewer) propertyLabel(p rdf.Term) string {
	if l, ok := propertyLabels[p.Value]; ok {
		return l
	}
	if l, ok := v.ix.label(p, v.langs, v.s.labeler); ok && l != "" {
		return strings.ToUpper(l[:1]) + l[1:]
	}
	return v.s.shortIRI(p.Value)
}

// factOrder puts the properties people look for first.
var factOrder = []string{
	rdf.NSRDF + "type", rdf.NSDCT + "identifier", rdf.NSSKOS + "notation", rdf.NSDCT + "type",
	rdf.NSSchema + "teaches", "targetGroup", "deliveryMode", rdf.NSSchema + "provider",
	rdf.NSLOCN + "location", rdf.NSDCT + "spatial", "country", rdf.NSSchema + "startDate",
	rdf.NSSchema + "endDate", "fundingProgramme", rdf.NSDCAT + "keyword", rdf.NSSchema + "url",
	"adaptedFrom", rdf.NSSchema + "isBasedOn", rdf.NSDCT + "source", rdf.NSPROV + "wasGeneratedBy",
	"firstSeen", "lastSeen", rdf.NSADMS + "status",
}

// facts returns the facts about subject in quads, skipping the properties
// in skip, ordered by factOrder then by label.
func (v *viewer) facts(quads []rdf.Quad, subject rdf.Term, skip map[rdf.Term]bool) []fact {
	var order []rdf.Term
	byProp := map[rdf.Term][]rdf.Term{}
	for _, q := range quads {
		if q.S != subject || skip[q.P] {
			continue
		}
		if _, ok := byProp[q.P]; !ok {
			order = append(order, q.P)
		}
		if !slices.Contains(byProp[q.P], q.O) {
			byProp[q.P] = append(byProp[q.P], q.O)
		}
	}
	rank := func(p rdf.Term) int {
		for i, o := range factOrder {
			if p.Value == o || (!strings.Contains(o, ":") && p.Value == v.s.iris.Namespace()+o) {
				return i
			}
		}
		return len(factOrder)
	}
	out := make([]fact, 0, len(order))
	for _, p := range order {
		objs := byProp[p]
		slices.SortStableFunc(objs, func(a, b rdf.Term) int {
			if a.IsLiteral() && b.IsLiteral() {
				return strings.Compare(a.Lang, b.Lang)
			}
			return 0
		})
		out = append(out, fact{Label: v.propertyLabel(p), Property: p.Value, Values: v.values(objs)})
	}
	slices.SortStableFunc(out, func(a, b fact) int {
		ra, rb := rank(rdf.IRI(a.Property)), rank(rdf.IRI(b.Property))
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	})
	return out
}

// linkFor returns where a page links for an IRI: our own page for IRIs
// under the base, for NUTS regions and for countries; the IRI itself
// otherwise.
func (s *Server) linkFor(t rdf.Term) string {
	if rest, ok := strings.CutPrefix(t.Value, s.iris.Base()); ok {
		return s.href("/" + rest)
	}
	if code, ok := vocab.ParseNUTSRegion(t); ok {
		return s.href("/region/" + code)
	}
	if c, ok := vocab.CountryByIRI(t); ok {
		return s.href("/country/" + c.ISO3)
	}
	return t.Value
}

// shortIRI writes an IRI as a prefixed name when a known prefix fits, and
// an IRI under the base as its path.
func (s *Server) shortIRI(iri string) string {
	if rest, ok := strings.CutPrefix(iri, s.iris.Base()); ok && rest != "" && !strings.HasPrefix(iri, s.iris.Namespace()) {
		return rest
	}
	best, bestNS := "", ""
	for _, p := range s.prefixes() {
		if strings.HasPrefix(iri, p.Namespace) && len(p.Namespace) > len(bestNS) {
			best, bestNS = p.Name, p.Namespace
		}
	}
	if bestNS == "" || len(iri) == len(bestNS) {
		return iri
	}
	return best + ":" + iri[len(bestNS):]
}

// anchorFor returns the fragment that names a node of a page: the IRI's
// own fragment for hash IRIs, else one made from the blank node label.
func anchorFor(t rdf.Term) string {
	if t.IsIRI() {
		if _, frag, ok := strings.Cut(t.Value, "#"); ok && frag != "" {
			return frag
		}
	}
	return "node-" + t.Value
}
