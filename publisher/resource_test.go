package publisher

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

func TestNegotiation(t *testing.T) {
	f := newFixture(t)
	mikado := f.iri("practice/mikado")
	tests := []struct {
		name, target, accept string
		wantStatus           int
		wantType             string // Content-Type without parameters
	}{
		{"no accept gives HTML", "/practice/mikado", "", 200, "text/html"},
		{"browser", "/practice/mikado", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 200, "text/html"},
		{"turtle", "/practice/mikado", "text/turtle", 200, "text/turtle"},
		{"q-values beat order", "/practice/mikado", "text/html;q=0.1, text/turtle", 200, "text/turtle"},
		{"q-values pick n-triples", "/practice/mikado", "application/ld+json;q=0.5, application/n-triples;q=0.9", 200, "application/n-triples"},
		{"json-ld", "/practice/mikado", "application/ld+json", 200, "application/ld+json"},
		{"rdf/xml", "/practice/mikado", "application/rdf+xml", 200, "application/rdf+xml"},
		{"legacy turtle alias", "/practice/mikado", "application/x-turtle", 200, "text/turtle"},
		{"suffix .ttl beats Accept", "/practice/mikado.ttl", "text/html", 200, "text/turtle"},
		{"suffix .nt", "/practice/mikado.nt", "", 200, "application/n-triples"},
		{"suffix .jsonld", "/practice/mikado.jsonld", "", 200, "application/ld+json"},
		{"suffix .rdf", "/practice/mikado.rdf", "", 200, "application/rdf+xml"},
		{"suffix .html", "/practice/mikado.html", "text/turtle", 200, "text/html"},
		{"format parameter", "/practice/mikado?format=turtle", "text/html", 200, "text/turtle"},
		{"format parameter short name", "/practice/mikado?format=nt", "", 200, "application/n-triples"},
		{"unacceptable type", "/practice/mikado", "image/png", 406, "text/plain"},
		{"unknown format parameter", "/practice/mikado?format=pdf", "", 406, "text/plain"},
		{"n-quads is not offered for a resource", "/practice/mikado", "application/n-quads", 406, "text/plain"},
		{"n-quads is offered for a graph", "/graph/source/futurium", "application/n-quads", 200, "application/n-quads"},
		{"trig suffix for a graph", "/graph/source/futurium.trig", "", 200, "application/trig"},
		{"ontology as turtle", "/ns.ttl", "", 200, "text/turtle"},
		{"concept as json-ld", "/vocab/digcomp/2.1", "application/ld+json", 200, "application/ld+json"},
		{"concept id with a dot and a suffix", "/vocab/digcomp/2.1.ttl", "", 200, "text/turtle"},
		{"practice list as turtle", "/practices.ttl", "", 200, "text/turtle"},
		{"practice list negotiated", "/practices", "application/ld+json", 200, "application/ld+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.accept != "" {
				headers = append(headers, "Accept: "+tt.accept)
			}
			w := f.get(tt.target, headers...)
			if w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", w.Code, tt.wantStatus, w.Body.String())
			}
			ct, _, _ := strings.Cut(w.Header().Get("Content-Type"), ";")
			if ct != tt.wantType {
				t.Errorf("Content-Type %q, want %q", ct, tt.wantType)
			}
			if !strings.Contains(w.Header().Get("Vary"), "Accept") {
				t.Errorf("Vary = %q, want Accept in it", w.Header().Get("Vary"))
			}
			if w.Code != 200 {
				return
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Error("no CORS header on a data route")
			}
			links := w.Header().Get("Link")
			for _, typ := range []string{"text/html", "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"} {
				if typ == tt.wantType {
					if strings.Contains(links, `type="`+typ+`"`) {
						t.Errorf("Link header offers the chosen type %s as an alternate: %s", typ, links)
					}
					continue
				}
				if !strings.Contains(links, `rel="alternate"; type="`+typ+`"`) {
					t.Errorf("Link header lacks the %s alternate: %s", typ, links)
				}
			}
			if tt.target == "/practice/mikado" && tt.wantType != "text/html" {
				qs := parseRDF(t, w)
				if !hasTriple(qs, mikado, vocab.DCTTitle, rdf.LangString("MIKADO – Multiplier Training Digital Empowerment", "en")) {
					t.Errorf("the %s description lacks MIKADO's title", tt.wantType)
				}
			}
		})
	}
}

func TestLinkHeaderURLs(t *testing.T) {
	f := newFixture(t)
	w := f.get("/practice/mikado", "Accept: text/turtle")
	links := w.Header().Get("Link")
	for _, want := range []string{
		`<http://localhost:8080/practice/mikado.html>; rel="alternate"; type="text/html"`,
		`<http://localhost:8080/practice/mikado.jsonld>; rel="alternate"; type="application/ld+json"`,
	} {
		if !strings.Contains(links, want) {
			t.Errorf("Link header lacks %s:\n%s", want, links)
		}
	}
	if got := w.Header().Get("Content-Location"); got != "http://localhost:8080/practice/mikado.ttl" {
		t.Errorf("Content-Location = %q", got)
	}
}

func TestStatusCodes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		target, accept string
		want           int
		location       string
	}{
		{"/practice/no-such-practice", "text/turtle", 404, ""},
		{"/practice/no-such-practice", "text/html", 404, ""},
		{"/organisation/nobody", "", 404, ""},
		{"/vocab/digcomp/9.9", "", 404, ""},
		{"/graph/source/nowhere", "", 404, ""},
		{"/no/route/here", "", 404, ""},
		{"/region/XX999", "", 404, ""},
		{"/region/not%20a%20code", "", 404, ""},
		{"/country/ZZZ", "", 404, ""},
		{"/practice/old-course", "text/html", 410, ""},
		{"/practice/old-course.ttl", "", 410, ""},
		{"/region/de300", "", 301, "/region/DE300"},
		{"/region/de300.ttl", "", 301, "/region/DE300.ttl"},
		{"/country/DE", "", 301, "/country/DEU"},
		{"/country/deu", "", 301, "/country/DEU"},
		{"/region/DE300", "", 200, ""},
		{"/country/DEU", "", 200, ""},
		{"/country/SWE.jsonld", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			var h []string
			if tt.accept != "" {
				h = append(h, "Accept: "+tt.accept)
			}
			w := f.get(tt.target, h...)
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d\n%s", w.Code, tt.want, w.Body.String())
			}
			if tt.location != "" && w.Header().Get("Location") != tt.location {
				t.Errorf("Location = %q, want %q", w.Header().Get("Location"), tt.location)
			}
		})
	}
	if w := f.get("/practice/old-course", "Accept: text/html"); !strings.Contains(w.Body.String(), "withdrawn") {
		t.Errorf("410 page does not say the practice was withdrawn:\n%s", w.Body.String())
	}
	if w := f.do(http.MethodPost, "/practice/mikado"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
}

func TestConditionalRequests(t *testing.T) {
	f := newFixture(t)
	targets := []string{"/practice/mikado.ttl", "/practice/mikado", "/practices", "/dump.nq", "/graph/source/futurium.nq",
		"/map/practices.geojson", "/ogc/collections/practices/items", "/", "/context.jsonld",
		"/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/practices", "/ogc/collections?f=html", "/ogc/api",
		"/ns", "/vocab/digcomp", "/map"}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			w := f.get(target)
			etag, lm := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
			if w.Code != 200 || etag == "" {
				t.Fatalf("status %d, ETag %q", w.Code, etag)
			}
			if w2 := f.get(target, "If-None-Match: "+etag); w2.Code != http.StatusNotModified || w2.Body.Len() != 0 {
				t.Errorf("If-None-Match: status %d, %d body bytes; want 304 and none", w2.Code, w2.Body.Len())
			}
			if w2 := f.get(target, `If-None-Match: "other", W/`+etag); w2.Code != http.StatusNotModified {
				t.Errorf("If-None-Match list with a weak match: status %d, want 304", w2.Code)
			}
			if w2 := f.get(target, `If-None-Match: "stale"`); w2.Code != 200 {
				t.Errorf("stale If-None-Match: status %d, want 200", w2.Code)
			}
			if lm != "" {
				if w2 := f.get(target, "If-Modified-Since: "+lm); w2.Code != http.StatusNotModified {
					t.Errorf("If-Modified-Since: status %d, want 304", w2.Code)
				}
				old := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
				if w2 := f.get(target, "If-Modified-Since: "+old); w2.Code != 200 {
					t.Errorf("old If-Modified-Since: status %d, want 200", w2.Code)
				}
			}
		})
	}
	// A write changes the validators of every data view.
	before := f.get("/practice/mikado.ttl").Header().Get("ETag")
	f.add(rdf.Quad{S: f.iri("practice/mikado"), P: vocab.DCATKeyword, O: rdf.LangString("refugees", "en"), G: f.iris.SourceGraph("futurium")})
	w := f.get("/practice/mikado.ttl", "If-None-Match: "+before)
	if w.Code != 200 || w.Header().Get("ETag") == before {
		t.Errorf("after a write: status %d, ETag %q (before %q); want 200 and a new ETag", w.Code, w.Header().Get("ETag"), before)
	}
	if !strings.Contains(w.Body.String(), `"refugees"@en`) {
		t.Errorf("the new keyword is not served:\n%s", w.Body.String())
	}
}

func TestCORSPreflight(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/practice/mikado", "/dump.nt", "/map/practices.geojson", "/ogc/collections/practices/items", "/graph/provenance"} {
		w := f.do(http.MethodOptions, target, "Origin: https://maps.example.org", "Access-Control-Request-Method: GET")
		if w.Code != http.StatusNoContent {
			t.Errorf("%s: preflight status %d, want 204", target, w.Code)
		}
		if w.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("%s: preflight headers %v", target, w.Header())
		}
		if !strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("%s: conditional requests are not allowed cross-origin: %q", target, w.Header().Get("Access-Control-Allow-Headers"))
		}
		g := f.get(target, "Origin: https://maps.example.org")
		if g.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(g.Header().Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("%s: GET CORS headers %v", target, g.Header())
		}
	}
}

func TestDescriptionClosureAndLabels(t *testing.T) {
	f := newFixture(t)
	qs := parseRDF(t, f.get("/practice/mikado.ttl"))
	place := f.iri("practice/mikado#place-berlin")
	checks := []struct {
		name    string
		s, p, o rdf.Term
	}{
		{"own triple", f.iri("practice/mikado"), vocab.SchemaTeaches, f.iris.Concept(vocab.DigComp, "1")},
		{"hash IRI closure", place, vocab.WGS84Lat, rdf.Literal("52.52", rdf.XSDDecimal)},
		{"hash IRI closure name", place, vocab.LOCNGeographicName, rdf.String("Berlin")},
		{"label of a linked concept", f.iris.Concept(vocab.DigComp, "2.1"), vocab.SKOSPrefLabel, rdf.LangString("Interacting through digital technologies", "en")},
		{"label of a linked country", rdf.IRI(vocab.CountryAuthorityBase + "DEU"), vocab.SKOSPrefLabel, rdf.LangString("Germany", "en")},
		{"title of the practice it was adapted from", f.iri("practice/digital-empowerment"), vocab.DCTTitle, rdf.LangString("Digital Empowerment", "en")},
	}
	for _, c := range checks {
		if !hasTriple(qs, c.s, c.p, c.o) {
			t.Errorf("%s: missing %v %v %v", c.name, c.s, c.p, c.o)
		}
	}
	// Only labels of linked things, not their other triples, and not the
	// labels of classes and properties.
	if hasTriple(qs, f.iris.Terms().TargetGroup, vocab.RDFSLabel, rdf.LangString("target group", "en")) {
		t.Error("the description includes the label of a property")
	}
	if hasTriple(qs, f.iris.Concept(vocab.DigComp, "2.1"), vocab.SKOSBroader, f.iris.Concept(vocab.DigComp, "2")) {
		t.Error("the description includes a linked concept's broader link, not only its labels")
	}
	// Blank nodes are followed too.
	b := rdf.Blank("contact")
	f.add(rdf.Quad{S: f.iri("organisation/city-of-eindhoven"), P: rdf.IRI(rdf.NSSchema + "contactPoint"), O: b, G: f.iris.SourceGraph("futurium")},
		rdf.Quad{S: b, P: rdf.IRI(rdf.NSSchema + "email"), O: rdf.String("skills@eindhoven.example"), G: f.iris.SourceGraph("futurium")})
	qs = parseRDF(t, f.get("/organisation/city-of-eindhoven.nt"))
	found := false
	for _, q := range qs {
		if q.P.Value == rdf.NSSchema+"email" && q.O.Value == "skills@eindhoven.example" {
			found = true
		}
	}
	if !found {
		t.Errorf("the blank node closure is missing:\n%v", qs)
	}
}

func TestJSONLDCompactedWithContext(t *testing.T) {
	f := newFixture(t)
	w := f.get("/practice/mikado", "Accept: application/ld+json")
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, w.Body.String())
	}
	if doc["@context"] != testBase+"context.jsonld" {
		t.Errorf("@context = %v", doc["@context"])
	}
	if doc["id"] != testBase+"practice/mikado" || doc["type"] != "Practice" {
		t.Errorf("id/type = %v / %v", doc["id"], doc["type"])
	}
	if title, _ := doc["title"].(map[string]any); title["en"] != "MIKADO – Multiplier Training Digital Empowerment" {
		t.Errorf("title = %v", doc["title"])
	}
	places, _ := doc["places"].([]any)
	if len(places) != 1 {
		t.Fatalf("places = %v", doc["places"])
	}
	pl, _ := places[0].(map[string]any)
	if pl["name"] != "Berlin" || pl["lat"] != 52.52 || pl["lon"] != 13.405 || pl["region"] != "http://data.europa.eu/nuts/code/DE300" {
		t.Errorf("place = %v", pl)
	}
	skills, _ := doc["skills"].([]any)
	labelled := 0
	for _, s := range skills {
		if m, ok := s.(map[string]any); ok {
			if pref, ok := m["prefLabel"].(map[string]any); ok && pref["en"] != "" {
				labelled++
			}
		}
	}
	if len(skills) != 2 || labelled != 2 {
		t.Errorf("skills = %v, want 2 with labels", doc["skills"])
	}
	if _, ok := doc["@graph"]; ok {
		t.Errorf("the description did not nest into one object:\n%s", w.Body.String())
	}
	// The compacted, nested JSON-LD is the same RDF as the Turtle, but
	// for the coordinates: JSON numbers, which JSON-LD reads as xsd:double.
	fromJSON, err := rdfio.Parse(bytes.NewReader(w.Body.Bytes()), rdfio.JSONLD, rdfio.ParseOptions{Base: testBase})
	if err != nil {
		t.Fatalf("read JSON-LD back: %v", err)
	}
	if !hasTriple(fromJSON, f.iri("practice/mikado#place-berlin"), vocab.WGS84Lat, rdf.Literal("5.252E1", rdf.XSDDouble)) {
		t.Errorf("the latitude does not read back as the xsd:double 52.52")
	}
	fromTurtle := parseRDF(t, f.get("/practice/mikado.ttl"))
	numbers := []rdf.Term{vocab.WGS84Lat, vocab.WGS84Long}
	if !rdf.IsomorphicQuads(asNumbers(t, dedupe(fromJSON), numbers), asNumbers(t, dedupe(fromTurtle), numbers)) {
		t.Errorf("JSON-LD and Turtle differ: %d vs %d quads", len(dedupe(fromJSON)), len(dedupe(fromTurtle)))
	}
}

// asNumbers replaces the numeric literals of the properties by their value
// as an xsd:double in canonical form, to compare the value of an
// xsd:decimal with the xsd:double a JSON number reads back as.
func asNumbers(t *testing.T, qs []rdf.Quad, props []rdf.Term) []rdf.Quad {
	t.Helper()
	out := slices.Clone(qs)
	for i, q := range out {
		if !slices.Contains(props, q.P) {
			continue
		}
		v, err := strconv.ParseFloat(q.O.Value, 64)
		if err != nil {
			t.Fatalf("%v: not a number", q)
		}
		out[i].O = rdf.Literal(strconv.FormatFloat(v, 'E', -1, 64), rdf.XSDDouble)
	}
	return out
}

// Coordinates and quality scores are JSON numbers in the compacted JSON-LD
// (xsd:decimal in the store, which JSON numbers cannot carry: they are
// typed xsd:double in the context), integers too; the compaction is the
// project's JSON-LD code, with /context.jsonld.
func TestJSONLDNumbersAreNumbers(t *testing.T) {
	f := newFixture(t)
	place := f.iri("practice/mikado#place-berlin")
	g := f.iri("graph/source/futurium")
	f.add(rdf.Quad{S: f.iri("practice/mikado"), P: f.iris.Terms().QualityScore, O: rdf.Literal("0.85", rdf.XSDDecimal), G: g})
	w := f.get("/practice/mikado.jsonld")
	var doc struct {
		QualityScore any `json:"qualityScore"`
		Places       []struct {
			Lat, Lon any
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.QualityScore != 0.85 {
		t.Errorf("qualityScore = %#v, want the number 0.85\n%s", doc.QualityScore, w.Body.String())
	}
	if len(doc.Places) != 1 || doc.Places[0].Lat != 52.52 || doc.Places[0].Lon != 13.405 {
		t.Errorf("places = %#v, want numbers", doc.Places)
	}
	back, err := rdfio.Parse(bytes.NewReader(w.Body.Bytes()), rdfio.JSONLD, rdfio.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []rdf.Quad{
		{S: f.iri("practice/mikado"), P: f.iris.Terms().QualityScore, O: rdf.Literal("8.5E-1", rdf.XSDDouble)},
		{S: place, P: vocab.WGS84Long, O: rdf.Literal("1.3405E1", rdf.XSDDouble)},
	} {
		if !hasTriple(back, want.S, want.P, want.O) {
			t.Errorf("the number does not read back as %v", want.O)
		}
	}
	// The practice list and the other views are compacted the same way.
	if list := f.get("/practices.jsonld?country=DEU").Body.String(); !strings.Contains(list, `"lat": 52.52`) {
		t.Errorf("the list's coordinates are not numbers:\n%s", list)
	}
}

func TestJSONLDIntegersAreNumbers(t *testing.T) {
	f := newFixture(t)
	w := f.get("/harvest/futurium/20250115T093000Z.jsonld")
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, w.Body.String())
	}
	if n, ok := doc["pagesFetched"].(float64); !ok || n != 12 {
		t.Errorf("pagesFetched = %#v, want the number 12\n%s", doc["pagesFetched"], w.Body.String())
	}
	back, err := rdfio.Parse(bytes.NewReader(w.Body.Bytes()), rdfio.JSONLD, rdfio.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasTriple(back, f.iri("harvest/futurium/20250115T093000Z"), f.iris.Terms().PagesFetched, rdf.Literal("12", rdf.XSDInteger)) {
		t.Error("the number does not read back as xsd:integer 12")
	}
}

func dedupe(qs []rdf.Quad) []rdf.Quad {
	seen := map[rdf.Triple]bool{}
	var out []rdf.Quad
	for _, q := range qs {
		if !seen[q.Triple()] {
			seen[q.Triple()] = true
			out = append(out, rdf.Quad{S: q.S, P: q.P, O: q.O})
		}
	}
	return out
}

func TestContextDocument(t *testing.T) {
	f := newFixture(t)
	w := f.get("/context.jsonld")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/ld+json" {
		t.Fatalf("status %d, type %q", w.Code, w.Header().Get("Content-Type"))
	}
	// A document that refers to the context reads offline.
	doc := `{"@context": "` + testBase + `context.jsonld", "id": "http://localhost:8080/practice/x", "type": "Practice",
		"title": {"en": "X"}, "skills": ["http://localhost:8080/vocab/digcomp/1"], "places": [{"id": "http://localhost:8080/practice/x#place-y", "lat": "1.5", "lon": 2.5}]}`
	qs, err := rdfio.Parse(strings.NewReader(doc), rdfio.JSONLD, rdfio.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := rdf.IRI(testBase + "practice/x")
	for _, want := range []rdf.Quad{
		{S: x, P: rdf.Type, O: f.iris.Terms().Practice},
		{S: x, P: vocab.DCTTitle, O: rdf.LangString("X", "en")},
		{S: x, P: vocab.SchemaTeaches, O: f.iris.Concept(vocab.DigComp, "1")},
		{S: rdf.IRI(testBase + "practice/x#place-y"), P: vocab.WGS84Lat, O: rdf.Literal("1.5", rdf.XSDDouble)},
		{S: rdf.IRI(testBase + "practice/x#place-y"), P: vocab.WGS84Long, O: rdf.Literal("2.5E0", rdf.XSDDouble)},
	} {
		if !hasTriple(qs, want.S, want.P, want.O) {
			t.Errorf("context does not map %v", want)
		}
	}
}

func TestOntologyAndSchemes(t *testing.T) {
	f := newFixture(t)
	qs := parseRDF(t, f.get("/ns.ttl"))
	if !hasTriple(qs, f.iris.Terms().Practice, rdf.Type, vocab.OWLClass) && !hasTriple(qs, f.iris.Terms().Practice, rdf.Type, rdf.IRI(rdf.NSRDFS+"Class")) {
		t.Error("/ns does not define sm:Practice")
	}
	html := f.get("/ns").Body.String()
	if !strings.Contains(html, `id="Practice"`) || !strings.Contains(html, `id="adaptedFrom"`) {
		t.Error("the ontology page has no anchors for its terms (ns#Practice)")
	}
	scheme := parseRDF(t, f.get("/vocab/digcomp.nt"))
	if !hasTriple(scheme, f.iris.Concept(vocab.DigComp, "5.4"), vocab.SKOSPrefLabel, rdf.LangString("Identifying digital competence gaps", "en")) {
		t.Error("the scheme's description lacks its concepts' labels")
	}
	page := f.get("/vocab/digcomp").Body.String()
	for _, want := range []string{"Information and data literacy", "2.1", `href="/vocab/digcomp/2.1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the scheme page lacks %q", want)
		}
	}
}

func TestRelatedItems(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		target   string
		want     []string
		dontWant []string
	}{
		// A concept lists practices that use it or a narrower concept.
		{"/vocab/digcomp/1", []string{"MIKADO", "Digital Empowerment", "Narrower concepts"}, []string{"P4W"}},
		{"/vocab/target-group/refugees-migrants", []string{"MIKADO", "Digital Empowerment"}, []string{"Bulgarian"}},
		{"/vocab/editorial-status/withdrawn", nil, []string{"An old course"}},
		// Lineage both ways.
		{"/practice/digital-empowerment", []string{"Adapted into", "MIKADO", "Online digital skills training in Bulgarian regional libraries"}, nil},
		{"/practice/mikado", []string{"Adapted from", "Digital Empowerment", "52.5200", "Berlin"}, nil},
		// A source lists its practices and runs, newest first.
		{"/source/futurium", []string{"Practices from this source", "P4W", "Recent harvest runs", "2025-01-15T09:30:00Z"}, []string{"Bulgarian"}},
		{"/organisation/city-of-eindhoven", []string{"P4W – Passport4Work"}, []string{"MIKADO"}},
		{"/region/DE300", []string{"MIKADO", "Digital Empowerment"}, []string{"P4W", "An old course"}},
		{"/region/BG", []string{"Bulgarian"}, []string{"MIKADO"}},
		{"/country/DEU", []string{"Germany", "MIKADO"}, []string{"An old course", "Bulgarian"}},
		{"/graph/source/archive", []string{"Digilyftet", "Online digital skills training"}, []string{"MIKADO"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := f.get(tt.target, "Accept: text/html")
			if w.Code != 200 {
				t.Fatalf("status %d\n%s", w.Code, w.Body.String())
			}
			page := w.Body.String()
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.dontWant {
				if strings.Contains(page, s) {
					t.Errorf("page has %q", s)
				}
			}
		})
	}
	body := f.get("/source/futurium").Body.String()
	if i, j := strings.Index(body, "2025-01-15T09:30:00Z"), strings.Index(body, "2025-01-01T09:30:00Z"); i < 0 || j < 0 || i > j {
		t.Error("harvest runs are not listed newest first")
	}
}

func TestPracticePageShowsLabelsNotIRIs(t *testing.T) {
	f := newFixture(t)
	page := f.get("/practice/mikado").Body.String()
	for _, want := range []string{
		"Refugee and migrant women", "Interacting through digital technologies", "Hybrid",
		"Multiplier training", "Germany", `href="/region/DE300"`, `href="/country/DEU"`, `href="#place-berlin"`,
		`<h1 lang="en">MIKADO – Multiplier Training Digital Empowerment</h1>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("practice page lacks %q", want)
		}
	}
	if strings.Contains(page, ">http://localhost:8080/vocab/") {
		t.Error("the practice page shows a raw vocabulary IRI as link text")
	}
	// German first when the browser asks for it.
	de := f.get("/practice/digital-empowerment", "Accept-Language: de-DE,de;q=0.9,en;q=0.5").Body.String()
	if !strings.Contains(de, `<h1 lang="de">Digitales Empowerment</h1>`) {
		t.Error("Accept-Language: de does not pick the German title")
	}
}

func TestRegionAndCountryDocuments(t *testing.T) {
	f := newFixture(t)
	qs := parseRDF(t, f.get("/country/DEU.ttl"))
	de := rdf.IRI(vocab.CountryAuthorityBase + "DEU")
	if !hasTriple(qs, f.iri("country/DEU"), rdf.IRI(rdf.NSFOAF+"primaryTopic"), de) {
		t.Error("the country document does not say it is about the EU IRI")
	}
	if !hasTriple(qs, de, vocab.SKOSPrefLabel, rdf.LangString("Deutschland", "de")) {
		t.Error("the country document does not describe the country")
	}
	// Without geodata a region used by practices still has a page.
	qs = parseRDF(t, f.get("/region/DE300.ttl"))
	if !hasTriple(qs, f.iri("region/DE300"), rdf.IRI(rdf.NSFOAF+"primaryTopic"), vocab.NUTSRegion("DE300")) {
		t.Error("the region document does not point at the NUTS IRI")
	}
}

func TestRegionDocumentsWithGeodata(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	qs := parseRDF(t, f.get("/region/DE300.ttl"))
	if !hasTriple(qs, vocab.NUTSRegion("DE300"), vocab.SKOSPrefLabel, rdf.String("Berlin")) {
		t.Error("the region document lacks the region's name")
	}
	page := f.get("/region/DE3").Body.String()
	for _, want := range []string{"<svg", "Berlin", "Regions in Berlin", "Deutschland", "© EuroGeographics"} {
		if !strings.Contains(page, want) {
			t.Errorf("region page lacks %q", want)
		}
	}
	if p := f.get("/practice/mikado").Body.String(); !strings.Contains(p, `<svg class="snippet"`) || !strings.Contains(p, "Show on the big map") {
		t.Error("the practice page has no map snippet")
	}
}

func TestRegionFromGeodataWithoutRegionsGraph(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	if err := f.store.Update(context.Background(), func(w store.Writer) error { return w.DropGraph(f.iris.RegionsGraph()) }); err != nil {
		t.Fatal(err)
	}
	qs := parseRDF(t, f.get("/region/DE30.ttl"))
	for _, want := range []rdf.Quad{
		{S: vocab.NUTSRegion("DE30"), P: vocab.SKOSPrefLabel, O: rdf.String("Berlin")},
		{S: vocab.NUTSRegion("DE30"), P: vocab.SKOSBroader, O: vocab.NUTSRegion("DE3")},
		{S: vocab.NUTSRegion("DE30"), P: f.iris.Terms().NUTSLevel, O: rdf.Literal("2", rdf.XSDInteger)},
	} {
		if !hasTriple(qs, want.S, want.P, want.O) {
			t.Errorf("the region is not described from the geodata: missing %v", want)
		}
	}
	// A region the geodata does not know and no practice uses is still 404.
	if w := f.get("/region/DE3Z"); w.Code != 404 {
		t.Errorf("unknown region: status %d", w.Code)
	}
}
