package publisher

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Paging of the practice list.
const (
	defaultPageSize = 20
	maxPageSize     = 200
)

// listView is the body of the practice list page.
type listView struct {
	Total, From, To int
	Query           string
	Error           string
	Filters         []filterSelect
	Practices       []practiceCard
	Prev, Next      string
	Page, Pages     int
	Formats         []link
	MapLink         string
}

// filterSelect is one select box of the filter form.
type filterSelect struct {
	Name, Label string
	Options     []option
}

// option is one choice of a select box.
type option struct {
	Value, Label string
	Selected     bool
}

// practiceCard is a practice in the list.
type practiceCard struct {
	Title, Lang, Href, Where, Summary string
	Skills, Groups                    []item
}

// listPage is a page of the filtered practice list.
type listPage struct {
	filter           practiceFilter
	all, items       []*practice
	page, size, last int
}

// practiceList serves /practices: the practices, filtered (country,
// region, skill, targetGroup, type, delivery, q) and paged (page, limit),
// as a page or as a hydra:Collection in the RDF syntaxes.
func (s *Server) practiceList(c *gin.Context) {
	n, ok := s.negotiate(c, resourceOffers())
	if !ok {
		return
	}
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	q := c.Request.URL.Query()
	lp, err := s.listPage(q, ix)
	if err != nil {
		s.errorPage(c, http.StatusBadRequest, "Bad request", err.Error(), link{Label: "All practices", Href: s.href("/practices")})
		return
	}
	variant := []string{n.Path, n.MediaType, q.Encode()}
	if n.IsHTML() {
		addVary(c, "Accept-Language")
		variant = append(variant, languages(c.Request)...)
	}
	if notModified(c, newValidator(snap.Version(), snap.Modified(), variant...)) {
		return
	}
	if n.IsHTML() {
		s.renderList(c, n, q, ix, lp)
		return
	}
	coll, quads, err := s.collectionQuads(c, q, snap, lp)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.writeRDF(c, http.StatusOK, n, quads, coll)
}

// listPage filters and pages the practices.
func (s *Server) listPage(q url.Values, ix *index) (*listPage, error) {
	for _, k := range []string{"page", "limit"} {
		if v := q.Get(k); v != "" {
			if n, err := strconv.Atoi(v); err != nil || n < 1 {
				return nil, fmt.Errorf("%s %q: want a whole number from 1", k, v)
			}
		}
	}
	f, err := s.parseFilter(q, ix)
	if err != nil {
		return nil, err
	}
	lp := &listPage{filter: f, page: 1, size: defaultPageSize}
	if v := q.Get("page"); v != "" {
		lp.page, _ = strconv.Atoi(v)
	}
	if v := q.Get("limit"); v != "" {
		lp.size, _ = strconv.Atoi(v)
		lp.size = min(lp.size, maxPageSize)
	}
	lp.all = f.filter(ix)
	lp.last = max(1, (len(lp.all)+lp.size-1)/lp.size)
	if lp.page <= lp.last { // checked first: (page-1)*size could overflow
		start := (lp.page - 1) * lp.size
		lp.items = lp.all[start:min(start+lp.size, len(lp.all))]
	}
	return lp, nil
}

// pageURL is the list URL for another page, keeping the other parameters.
func pageURL(path string, q url.Values, page int) string {
	q2 := url.Values{}
	for k, vs := range q {
		q2[k] = slices.Clone(vs)
	}
	q2.Del("format")
	if page <= 1 {
		q2.Del("page")
	} else {
		q2.Set("page", strconv.Itoa(page))
	}
	if e := q2.Encode(); e != "" {
		return path + "?" + e
	}
	return path
}

// renderList writes the practice list page.
func (s *Server) renderList(c *gin.Context, n negotiated, q url.Values, ix *index, lp *listPage) {
	langs := languages(c.Request)
	v := &viewer{s: s, ix: ix, langs: langs}
	lv := &listView{Total: len(lp.all), Query: q.Get("q"), Page: lp.page, Pages: lp.last, Formats: s.formatLinks(c, n, resourceOffers())}
	if len(lp.items) > 0 {
		lv.From = (lp.page-1)*lp.size + 1
		lv.To = lv.From + len(lp.items) - 1
	}
	path := s.href("/practices")
	if lp.page > 1 {
		lv.Prev = pageURL(path, q, lp.page-1)
	}
	if lp.page < lp.last {
		lv.Next = pageURL(path, q, lp.page+1)
	}
	lv.Filters = s.filterSelects(v, q)
	for _, p := range lp.items {
		card := practiceCard{Href: s.linkFor(p.IRI)}
		card.Title, card.Lang = p.Title.pickLang(langs)
		card.Title = firstNonEmpty(card.Title, p.IRI.Value)
		card.Where = s.practiceItem(v, p).Note
		card.Summary = truncate(p.Description.pick(langs), 280)
		for _, sk := range p.Skills {
			label := v.valueText(sk)
			if nt := ix.notation[sk]; nt != "" {
				label = nt + " " + label
			}
			card.Skills = append(card.Skills, item{Label: label, Href: s.linkFor(sk)})
		}
		for _, g := range p.TargetGroups {
			card.Groups = append(card.Groups, item{Label: v.valueText(g), Href: s.linkFor(g)})
		}
		lv.Practices = append(lv.Practices, card)
	}
	pg := s.newPage(c, "Practices", lv)
	s.render(c, http.StatusOK, "practices", pg)
}

// filterSelects builds the filter form's select boxes from what the
// practices use, so that no choice leads to an empty list.
func (s *Server) filterSelects(v *viewer, q url.Values) []filterSelect {
	countries := map[rdf.Term]bool{}
	skills := map[rdf.Term]bool{}
	groups := map[rdf.Term]bool{}
	types := map[rdf.Term]bool{}
	for _, p := range v.ix.practices {
		for _, c := range p.Countries {
			countries[c] = true
		}
		for _, sk := range p.Skills {
			skills[sk] = true
			for _, a := range v.ix.ancestors(sk) {
				skills[a] = true
			}
		}
		for _, g := range p.TargetGroups {
			groups[g] = true
		}
		for _, t := range p.Types {
			types[t] = true
		}
	}
	build := func(name, label string, set map[rdf.Term]bool, value func(rdf.Term) string, text func(rdf.Term) string) filterSelect {
		fs := filterSelect{Name: name, Label: label, Options: []option{{Value: "", Label: "Any"}}}
		var opts []option
		for t := range set {
			val := value(t)
			if val == "" {
				continue
			}
			opts = append(opts, option{Value: val, Label: text(t), Selected: q.Get(name) == val})
		}
		slices.SortFunc(opts, func(a, b option) int { return strings.Compare(vocab.Fold(a.Label), vocab.Fold(b.Label)) })
		fs.Options = append(fs.Options, opts...)
		return fs
	}
	conceptID := func(t rdf.Term) string {
		if _, id, ok := s.iris.ParseConcept(t); ok {
			return id
		}
		return t.Value
	}
	countryCode := func(t rdf.Term) string {
		if c, ok := vocab.CountryByIRI(t); ok {
			return c.ISO3
		}
		return ""
	}
	skillText := func(t rdf.Term) string {
		if nt := v.ix.notation[t]; nt != "" {
			return nt + " " + v.valueText(t)
		}
		return v.valueText(t)
	}
	skillSelect := build("skill", "Skill (DigComp)", skills, conceptID, skillText)
	slices.SortFunc(skillSelect.Options[1:], func(a, b option) int { return compareNotations(a.Label, b.Label) })
	return []filterSelect{
		build("country", "Country", countries, countryCode, v.valueText),
		skillSelect,
		build("targetGroup", "Target group", groups, conceptID, v.valueText),
		build("type", "Kind of practice", types, conceptID, v.valueText),
	}
}

// compareNotations orders labels that start with DigComp numbers ("2.10"
// after "2.9"), then by text.
func compareNotations(a, b string) int {
	na, _, _ := strings.Cut(a, " ")
	nb, _, _ := strings.Cut(b, " ")
	pa, pb := strings.Split(na, "."), strings.Split(nb, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, err1 := strconv.Atoi(pa[i])
		y, err2 := strconv.Atoi(pb[i])
		if err1 != nil || err2 != nil {
			break
		}
		if x != y {
			return x - y
		}
		if i == len(pa)-1 || i == len(pb)-1 {
			return len(pa) - len(pb)
		}
	}
	return strings.Compare(a, b)
}

// truncate shortens s to at most n runes, ending with an ellipsis at a word
// boundary.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// collectionQuads describes a page of the list as a hydra:Collection: the
// filtered collection with its size, the members of this page with their
// descriptions, and a hydra:PartialCollectionView linking the other pages.
func (s *Server) collectionQuads(c *gin.Context, q url.Values, snap store.Reader, lp *listPage) (rdf.Term, []rdf.Quad, error) {
	base := s.publicURL("/practices")
	filterOnly := url.Values{}
	for k, vs := range q {
		if k != "page" && k != "format" {
			filterOnly[k] = vs
		}
	}
	coll := rdf.IRI(pageURL(base, filterOnly, 1))
	pageOf := func(n int) rdf.Term {
		q2 := url.Values{}
		for k, vs := range filterOnly {
			q2[k] = vs
		}
		q2.Set("page", strconv.Itoa(n))
		return rdf.IRI(base + "?" + q2.Encode())
	}
	view := pageOf(lp.page)
	hydra := func(local string) rdf.Term { return rdf.IRI(rdf.NSHydra + local) }
	quads := []rdf.Quad{
		{S: coll, P: rdf.Type, O: hydra("Collection")},
		{S: coll, P: hydra("totalItems"), O: rdf.Literal(strconv.Itoa(len(lp.all)), rdf.XSDInteger)},
		{S: coll, P: hydra("view"), O: view},
		{S: view, P: rdf.Type, O: hydra("PartialCollectionView")},
		{S: view, P: hydra("first"), O: pageOf(1)},
		{S: view, P: hydra("last"), O: pageOf(lp.last)},
	}
	if lp.page > 1 {
		quads = append(quads, rdf.Quad{S: view, P: hydra("previous"), O: pageOf(lp.page - 1)})
	}
	if lp.page < lp.last {
		quads = append(quads, rdf.Quad{S: view, P: hydra("next"), O: pageOf(lp.page + 1)})
	}
	ctx := c.Request.Context()
	for _, p := range lp.items {
		quads = append(quads, rdf.Quad{S: coll, P: hydra("member"), O: p.IRI})
		d, err := s.describe(ctx, snap, p.IRI)
		if err != nil {
			return coll, nil, err
		}
		quads = append(quads, d.Quads...)
	}
	return coll, quads, nil
}
