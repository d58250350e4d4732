package publisher

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// listedIDs returns the ids of the practices an RDF page of the list
// names as members, sorted.
func listedIDs(t *testing.T, f *fixture, query string) (ids []string, total int) {
	t.Helper()
	w := f.get("/practices.nt?" + query)
	if w.Code != 200 {
		t.Fatalf("?%s: status %d %s", query, w.Code, w.Body.String())
	}
	for _, q := range parseRDF(t, w) {
		switch q.P.Value {
		case rdf.NSHydra + "member":
			ids = append(ids, strings.TrimPrefix(q.O.Value, testBase+"practice/"))
		case rdf.NSHydra + "totalItems":
			total, _ = strconv.Atoi(q.O.Value)
		}
	}
	slices.Sort(ids)
	return ids, total
}

func TestPracticeListFilters(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"bg-libraries", "digilyftet", "digital-empowerment", "mikado", "passport4work"}},
		{"country=DEU", []string{"digital-empowerment", "mikado"}},
		{"country=de", []string{"digital-empowerment", "mikado"}},
		{"country=" + url.QueryEscape("http://publications.europa.eu/resource/authority/country/BGR"), []string{"bg-libraries"}},
		{"region=DE", []string{"digital-empowerment", "mikado"}},
		{"region=BG31", []string{"bg-libraries"}},
		{"region=NL414", []string{"passport4work"}},
		{"region=SE", []string{"digilyftet"}},
		// A competence area matches its competences.
		{"skill=1", []string{"digital-empowerment", "mikado"}},
		{"skill=1.1", []string{"digital-empowerment"}},
		{"skill=2", []string{"digilyftet", "mikado"}},
		{"skill=" + url.QueryEscape(testBase+"vocab/digcomp/5.4"), []string{"passport4work"}},
		// A target group matches narrower groups: refugee women are refugees and migrants.
		{"targetGroup=refugees-migrants", []string{"digital-empowerment", "mikado"}},
		{"targetGroup=companies", []string{"digilyftet"}},
		{"type=training-course", []string{"bg-libraries", "mikado"}},
		{"delivery=online", []string{"bg-libraries", "passport4work"}},
		{"q=eindhoven", []string{"passport4work"}},
		{"q=BERLIN+multiplier", []string{"mikado"}},
		{"q=Schwedisches", []string{"digilyftet"}},
		{"q=vratsa", []string{"bg-libraries"}},
		{"q=refugee&country=DEU&skill=1.1", []string{"digital-empowerment"}},
		{"q=nothing-matches-this", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, total := listedIDs(t, f, tt.query)
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
	if ids, total := listedIDs(t, f, "page=9223372036854775807&limit=200"); len(ids) != 0 || total != 5 {
		t.Errorf("a page far past the end: %v of %d", ids, total)
	}
	for _, bad := range []string{"country=XX", "region=D", "region=ZZ9", "skill=9.9", "targetGroup=aliens", "page=0", "limit=-3", "page=x"} {
		if w := f.get("/practices?" + bad); w.Code != 400 {
			t.Errorf("?%s: status %d, want 400", bad, w.Code)
		}
	}
}

func TestPracticeListPaging(t *testing.T) {
	f := newFixture(t)
	var all []string
	for page := 1; page <= 3; page++ {
		ids, total := listedIDs(t, f, "limit=2&page="+strconv.Itoa(page))
		if total != 5 {
			t.Errorf("page %d: totalItems %d, want 5", page, total)
		}
		if want := min(2, 5-2*(page-1)); len(ids) != want {
			t.Errorf("page %d: %d members, want %d", page, len(ids), want)
		}
		all = append(all, ids...)
	}
	slices.Sort(all)
	if !slices.Equal(all, []string{"bg-libraries", "digilyftet", "digital-empowerment", "mikado", "passport4work"}) {
		t.Errorf("the pages together list %v", all)
	}
	qs := parseRDF(t, f.get("/practices.ttl?limit=2&page=2"))
	view := rdf.IRI(testBase + "practices?limit=2&page=2")
	for rel, page := range map[string]string{"next": "3", "previous": "1", "first": "1", "last": "3"} {
		if !hasTriple(qs, view, rdf.IRI(rdf.NSHydra+rel), rdf.IRI(testBase+"practices?limit=2&page="+page)) {
			t.Errorf("no hydra:%s link to page %s", rel, page)
		}
	}
	// The HTML page has prev/next links and the count.
	page := f.get("/practices?limit=2&page=2").Body.String()
	for _, want := range []string{`rel="prev"`, `rel="next"`, "3–4 of 5 practices", "Page 2 of 3"} {
		if !strings.Contains(page, want) {
			t.Errorf("list page lacks %q", want)
		}
	}
	// Practice cards show labels of skills with their DigComp numbers.
	if !regexp.MustCompile(`2\.1 Interacting through digital technologies`).MatchString(f.get("/practices?country=DEU").Body.String()) {
		t.Error("the list does not show skills with numbers and labels")
	}
	// Members come with their descriptions (places and coordinates).
	qs = parseRDF(t, f.get("/practices.ttl?country=DEU"))
	if !hasTriple(qs, f.iri("practice/mikado#place-berlin"), rdf.IRI(rdf.NSWGS84+"long"), rdf.Literal("13.405", rdf.XSDDecimal)) {
		t.Error("the RDF list lacks the members' places")
	}
}

func TestPracticeListFilterForm(t *testing.T) {
	f := newFixture(t)
	page := f.get("/practices?country=DEU&q=berlin").Body.String()
	for _, want := range []string{
		`<option value="DEU" selected>Germany</option>`,
		`<option value="BGR">Bulgaria</option>`,
		`value="berlin"`,
		`<option value="2.1">2.1 Interacting through digital technologies</option>`,
		`<option value="refugee-women">Refugee and migrant women</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("filter form lacks %s", want)
		}
	}
	if strings.Contains(page, `value="XKX"`) {
		t.Error("the form offers a country no practice is in")
	}
}

func TestPracticeListJSONLD(t *testing.T) {
	f := newFixture(t)
	w := f.get("/practices.jsonld?country=DEU")
	var doc struct {
		Type       string
		TotalItems int
		Member     []map[string]any
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "Collection" || doc.TotalItems != 2 || len(doc.Member) != 2 {
		t.Fatalf("collection %+v", doc)
	}
	for _, m := range doc.Member {
		if _, ok := m["title"].(map[string]any); !ok {
			t.Errorf("member %v is not nested with its title", m["id"])
		}
		// A member another member was adapted from is referenced there, not
		// nested twice.
		if from, ok := m["adaptedFrom"].([]any); ok {
			if _, isString := from[0].(string); !isString {
				t.Errorf("adaptedFrom nests a member again: %v", from[0])
			}
		}
	}
	fromJSON, err := rdfio.Parse(bytes.NewReader(w.Body.Bytes()), rdfio.JSONLD, rdfio.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	numbers := []rdf.Term{vocab.WGS84Lat, vocab.WGS84Long} // xsd:double in JSON-LD, by value
	if fromTurtle := parseRDF(t, f.get("/practices.ttl?country=DEU")); !rdf.IsomorphicQuads(asNumbers(t, dedupe(fromJSON), numbers), asNumbers(t, dedupe(fromTurtle), numbers)) {
		t.Error("the JSON-LD list is not the same RDF as the Turtle list")
	}
}
