package record

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

func iris(t *testing.T) vocab.IRIs {
	t.Helper()
	n, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func f64(v float64) *float64 { return &v }

// full is a practice with every field set.
func full() Practice {
	return Practice{
		Language:          "de",
		Title:             Texts{"de": "Digitale Teilhabe für geflüchtete Frauen", "en": "Digital inclusion for refugee women"},
		Description:       Texts{"de": "Multiplikatorinnen lernen, digitale Kompetenzen weiterzugeben."},
		Types:             []string{"multiplier-training"},
		TargetGroups:      []string{"refugee-women"},
		Skills:            []string{"1", "4.2", "http://data.europa.eu/esco/skill/0f0b9e9e-1c1a-4c3b-8a2b-1d2e3f4a5b6c"},
		DeliveryModes:     []string{"hybrid"},
		Places:            []Place{{Name: "Leipzig", Region: "DED51", Country: "DE", Lat: f64(51.34), Lon: f64(12.37)}},
		URL:               "https://example.org/teilhabe",
		StartDate:         "2024-01-15",
		EndDate:           "2025-12-31",
		Funding:           []string{"ESF Plus"},
		Keywords:          []string{"Smartphone"},
		AdaptedFrom:       []string{"http://localhost:8080/practice/teilhabe-berlin-digital-empowerment"},
		Providers:         []string{"http://localhost:8080/organisation/stadt-leipzig"},
		BasedOn:           []string{"https://futurium.ec.europa.eu/en/urban-agenda"},
		Results:           Texts{"de": "120 Teilnehmerinnen, 14 Multiplikatorinnen."},
		Lessons:           Texts{"de": "Kinderbetreuung anbieten."},
		DurationMonths:    18,
		Budget:            Budget{Min: i64(10000), Max: i64(50000), Currency: "EUR"},
		Staff:             Texts{"de": "Eine Koordinatorin (halbe Stelle)"},
		Partners:          Texts{"de": "Stadtbibliothek, Migrantinnenvereine"},
		MaterialLanguages: []string{"ar", "de", "fa"},
		ContactRole:       Texts{"de": "Projektkoordination"},
	}
}

func TestTriplesRoundTrip(t *testing.T) {
	n := iris(t)
	p := full()
	p.Normalize()
	if err := p.Validate(Checks{IRIs: n}); err != nil {
		t.Fatalf("Validate(full) = %v", err)
	}
	ts := p.Triples(n, "stadt-leipzig-teilhabe")
	subject := n.Practice("stadt-leipzig-teilhabe")
	got := FromTriples(n, subject, Content(subject, ts))
	got.Normalize()
	if d := Diff(p, got); len(d) > 0 {
		t.Errorf("round trip changed fields: %+v", d)
	}
	if !reflect.DeepEqual(p.Values(FieldPlaces), got.Values(FieldPlaces)) {
		t.Errorf("places: %v != %v", p.Values(FieldPlaces), got.Values(FieldPlaces))
	}
	// The shapes of MODEL.md.
	want := []rdf.Triple{
		{S: subject, P: rdf.Type, O: n.Terms().Practice},
		{S: subject, P: vocab.DCTTitle, O: rdf.LangString("Digital inclusion for refugee women", "en")},
		{S: subject, P: vocab.SchemaTeaches, O: n.Concept(vocab.DigComp, "4.2")},
		{S: subject, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED51")},
		{S: rdf.IRI(subject.Value + "#place-leipzig"), P: vocab.GeoSfWithin, O: vocab.NUTSRegion("DED51")},
		{S: subject, P: vocab.SchemaTimeRequired, O: rdf.Literal("P18M", rdf.NSXSD+"duration")},
		{S: rdf.IRI(subject.Value + "#budget"), P: vocab.SchemaMinValue, O: rdf.Literal("10000", rdf.XSDInteger)},
		{S: subject, P: vocab.DCTLanguage, O: rdf.IRI(vocab.LanguageAuthorityBase + "ARA")},
		{S: rdf.IRI(subject.Value + "#contact"), P: vocab.VCardRole, O: rdf.LangString("Projektkoordination", "de")},
	}
	g := rdf.NewGraph(ts...)
	for _, w := range want {
		if !g.Has(w) {
			t.Errorf("missing %v", w)
		}
	}
}

func TestSplitFieldsKeepsNodesWithTheirField(t *testing.T) {
	n := iris(t)
	p := full()
	ts := p.Triples(n, "x")
	s := n.Practice("x")
	fields := SplitFields(n, s, Content(s, ts))
	var total int
	for f, trs := range fields {
		total += len(trs)
		for _, tr := range trs {
			if strings.Contains(tr.S.Value, "#place-") && f != FieldPlaces ||
				strings.HasSuffix(tr.S.Value, "#budget") && f != FieldBudget ||
				strings.HasSuffix(tr.S.Value, "#contact") && f != FieldContact {
				t.Errorf("%v landed in %s", tr, f)
			}
		}
	}
	if total != len(ts)-2 { // rdf:type and dct:identifier belong to no field
		t.Errorf("split %d of %d triples", total, len(ts))
	}
	if len(fields[FieldOther]) != 0 {
		t.Errorf("other: %v", fields[FieldOther])
	}
	// A harvested extra goes to Other, and survives FromTriples.
	extra := rdf.Triple{S: s, P: vocab.DCTSource, O: rdf.IRI("https://partner.example/p/1")}
	got := FromTriples(n, s, append(ts, extra))
	if !slices.Contains(got.Other, extra) {
		t.Errorf("Other = %v, want %v", got.Other, extra)
	}
}

func TestValidate(t *testing.T) {
	n := iris(t)
	long := strings.Repeat("x", MaxTitle+1)
	cases := []struct {
		name  string
		edit  func(*Practice)
		field Field
		code  string
	}{
		{"no title", func(p *Practice) { p.Title = Texts{"en": "only English"} }, FieldTitle, CodeRequired},
		{"title too long", func(p *Practice) { p.Title["de"] = long }, FieldTitle, CodeTooLong},
		{"invalid utf-8", func(p *Practice) { p.Description["de"] = "ab\xff\xfecd" }, FieldDescription, CodeInvalidUTF8},
		{"control characters", func(p *Practice) { p.Description["de"] = "a\x00b" }, FieldDescription, CodeControlChars},
		{"javascript url", func(p *Practice) { p.URL = "javascript:alert(1)" }, FieldURL, CodeInvalidURL},
		{"relative url", func(p *Practice) { p.URL = "/projekt" }, FieldURL, CodeInvalidURL},
		{"javascript source", func(p *Practice) { p.BasedOn = []string{"javascript:alert(1)"} }, FieldBasedOn, CodeInvalidURL},
		{"unknown skill", func(p *Practice) { p.Skills = []string{"9.9"} }, FieldSkills, CodeUnknownConcept},
		{"unknown target group", func(p *Practice) { p.TargetGroups = []string{"<script>"} }, FieldTargetGroups, CodeUnknownConcept},
		{"bad date", func(p *Practice) { p.StartDate = "15.01.2024" }, FieldStartDate, CodeInvalidDate},
		{"end before start", func(p *Practice) { p.EndDate = "2023-01-01" }, FieldEndDate, CodeEndBeforeStart},
		{"bad region", func(p *Practice) { p.Places[0].Region = "Leipzig" }, FieldPlaces, CodeInvalidRegion},
		{"region in other country", func(p *Practice) { p.Places[0].Region = "FR101" }, FieldPlaces, CodeRegionNotCountry},
		{"no place", func(p *Practice) { p.Places = nil }, FieldPlaces, CodeNoPlace},
		{"unknown language", func(p *Practice) { p.Language = "xx" }, FieldLanguage, CodeUnknownLanguage},
		{"material language", func(p *Practice) { p.MaterialLanguages = []string{"klingon"} }, FieldLanguages, CodeUnknownLanguage},
		{"duration", func(p *Practice) { p.DurationMonths = 1000 }, FieldDuration, CodeInvalidNumber},
		{"budget upside down", func(p *Practice) { p.Budget = Budget{Min: i64(5), Max: i64(1)} }, FieldBudget, CodeInvalidNumber},
		{"foreign practice", func(p *Practice) { p.AdaptedFrom = []string{"https://evil.example/practice/x"} }, FieldAdaptedFrom, CodeInvalidPractice},
		{"too many keywords", func(p *Practice) { p.Keywords = make([]string, MaxItems+1) }, FieldKeywords, CodeTooMany},
		{"one megabyte", func(p *Practice) { p.Description["de"] = strings.Repeat("<b>", 1<<20/3) }, FieldDescription, CodeTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := full()
			c.edit(&p)
			err := p.Validate(Checks{IRIs: n})
			es, ok := AsErrors(err)
			if !ok {
				t.Fatalf("Validate = %v, want field errors", err)
			}
			found := false
			for _, e := range es.For(c.field) {
				found = found || e.Code == c.code
			}
			if !found {
				t.Errorf("Validate = %v, want %s on %s", err, c.code, c.field)
			}
		})
	}
	// Markup is text, not an error: it is escaped where it is shown.
	p := full()
	p.Title["de"] = `<script>alert("x")</script>`
	p.Description["de"] = `<img src=x onerror=alert(1)> & "quotes"`
	if err := p.Validate(Checks{IRIs: n}); err != nil {
		t.Errorf("markup refused: %v", err)
	}
}

func TestValidateKnownRegionsAndPractices(t *testing.T) {
	n := iris(t)
	p := full()
	exists := func(iri string) bool { return iri == "http://localhost:8080/practice/known" }
	p.AdaptedFrom = []string{"http://localhost:8080/practice/known", "http://localhost:8080/practice/unknown"}
	es, _ := AsErrors(p.Validate(Checks{IRIs: n, PracticeExists: exists}))
	if got := es.For(FieldAdaptedFrom); len(got) != 1 || got[0].Index != 1 {
		t.Errorf("adaptedFrom errors = %v", got)
	}
}

func TestDiff(t *testing.T) {
	a := full()
	b := a.Clone()
	b.Skills = append(b.Skills, "2")
	b.Places[0].Region = "DED52"
	b.Title["fr"] = "Inclusion numérique"
	d := Diff(a, b)
	var fields []Field
	for _, c := range d {
		fields = append(fields, c.Field)
	}
	if !slices.Equal(fields, []Field{FieldTitle, FieldSkills, FieldPlaces}) {
		t.Fatalf("Diff fields = %v", fields)
	}
	if !slices.Equal(d[1].Added, []string{"2"}) || len(d[1].Removed) != 0 {
		t.Errorf("skills change = %+v", d[1])
	}
	if len(d[2].Removed) != 1 || !strings.Contains(d[2].Removed[0], "DED51") || !strings.Contains(d[2].Added[0], "DED52") {
		t.Errorf("places change = %+v", d[2])
	}
	if a.Places[0].Region != "DED51" {
		t.Error("Clone shares places")
	}
	if len(Diff(a, a.Clone())) != 0 {
		t.Error("a clone differs")
	}
}

func TestParse(t *testing.T) {
	n := iris(t)
	cases := []struct {
		name, mediaType, body string
		check                 func(t *testing.T, p Practice)
		err                   string
	}{
		{
			name: "plain JSON with bare ids", mediaType: "application/json",
			body: `{"language": "de", "title": "Digitalcafé", "description": {"de": "Hilfe am Smartphone", "fr": "Aide"},
				"skills": ["1", "4.2"], "targetGroups": ["older-people"], "places": [{"name": "Leipzig", "region": "DED51"}],
				"languages": ["de", "ar"], "timeRequired": "P1Y6M", "estimatedCost": {"minValue": 0, "maxValue": 10000, "currency": "EUR"},
				"contactPoint": {"role": {"de": "Koordination"}}, "url": "https://cafe.example/"}`,
			check: func(t *testing.T, p Practice) {
				if p.Title["de"] != "Digitalcafé" || p.Description["fr"] != "Aide" || p.Language != "de" {
					t.Errorf("texts: %+v %+v %q", p.Title, p.Description, p.Language)
				}
				if !slices.Equal(p.Skills, []string{"1", "4.2"}) || !slices.Equal(p.TargetGroups, []string{"older-people"}) {
					t.Errorf("concepts: %v %v", p.Skills, p.TargetGroups)
				}
				if len(p.Places) != 1 || p.Places[0].Region != "DED51" || p.Places[0].Name != "Leipzig" {
					t.Errorf("places: %+v", p.Places)
				}
				if p.DurationMonths != 18 || p.Budget.Range() != "under-10k" || p.ContactRole["de"] != "Koordination" {
					t.Errorf("transfer fields: %d %+v %v", p.DurationMonths, p.Budget, p.ContactRole)
				}
				if !slices.Equal(p.MaterialLanguages, []string{"ar", "de"}) || p.URL != "https://cafe.example/" {
					t.Errorf("languages %v url %q", p.MaterialLanguages, p.URL)
				}
			},
		},
		{
			name: "Turtle", mediaType: "text/turtle; charset=utf-8",
			body: `@prefix dct: <http://purl.org/dc/terms/> . @prefix sm: <http://localhost:8080/ns#> .
				@prefix schema: <http://schema.org/> .
				<practice/new> a sm:Practice ; dct:title "Code club"@en ; dct:description "Kids code."@en ;
				  schema:teaches <vocab/digcomp/3> .`,
			check: func(t *testing.T, p Practice) {
				if p.Title["en"] != "Code club" || !slices.Equal(p.Skills, []string{"3"}) || p.Language != "en" {
					t.Errorf("got %+v", p)
				}
			},
		},
		{name: "unknown property", mediaType: "text/turtle",
			body: `<practice/x> a <http://localhost:8080/ns#Practice> ; <http://example.org/secret> "x" .`, err: "http://example.org/secret"},
		{name: "two practices", mediaType: "text/turtle",
			body: `<practice/x> a <http://localhost:8080/ns#Practice> . <practice/y> a <http://localhost:8080/ns#Practice> .`, err: "2 practices"},
		{name: "broken JSON", mediaType: "application/json", body: `{"title": `, err: "JSON"},
		{name: "JSON array", mediaType: "application/json", body: `null`, err: "object"},
		{name: "XML", mediaType: "application/xml", body: `<x/>`, err: "application/json"},
		{name: "too big", mediaType: "application/json", body: `{"title": "` + strings.Repeat("a", MaxBodyBytes) + `"}`, err: "over"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(n, c.mediaType, strings.NewReader(c.body))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Parse = %v, want an error containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			c.check(t, p)
		})
	}
	if _, err := Parse(n, "application/xml", strings.NewReader("")); !errors.Is(err, ErrUnsupportedMedia) {
		t.Errorf("xml: %v", err)
	}
}

func TestSuggest(t *testing.T) {
	p := Practice{
		Language:    "de",
		Title:       Texts{"de": "Digitale Kompetenzen für geflüchtete Frauen"},
		Description: Texts{"de": "Eine Multiplikatorenschulung, in Präsenz und online, zur Nutzung von Smartphones."},
		Places:      []Place{{Name: "Leipzig"}},
	}
	s := Suggest(p, vocab.NewPlaceMatcher(nil), "de")
	ids := func(ss []Suggestion) []string {
		var out []string
		for _, x := range ss {
			out = append(out, x.ID)
		}
		return out
	}
	if !slices.Contains(ids(s.TargetGroups), "refugee-women") {
		t.Errorf("target groups = %+v", s.TargetGroups)
	}
	if !slices.Contains(ids(s.Types), "multiplier-training") {
		t.Errorf("types = %+v", s.Types)
	}
	if len(s.Skills) == 0 {
		t.Errorf("no skills suggested for %q", p.Title["de"])
	}
	if len(s.Places) != 1 || s.Places[0].Country != "DE" || !strings.HasPrefix(s.Places[0].Region, "DED5") || s.Places[0].Lat == nil {
		t.Errorf("places = %+v", s.Places)
	}
	// What the practice already has is not suggested again.
	p.TargetGroups = []string{"refugee-women"}
	if slices.Contains(ids(Suggest(p, nil, "de").TargetGroups), "refugee-women") {
		t.Error("suggested a target group the practice has")
	}
	// A corrected region keeps no point of the city elsewhere.
	q := Practice{Places: []Place{{Name: "Leipzig", Region: "DED52"}}}
	CompletePlaces(&q, vocab.NewPlaceMatcher(nil))
	if q.Places[0].Lat != nil || q.Places[0].Country != "DE" {
		t.Errorf("completed corrected place = %+v", q.Places[0])
	}
	r := Practice{Places: []Place{{Name: "Leipzig"}}}
	CompletePlaces(&r, vocab.NewPlaceMatcher(nil))
	if r.Places[0].Lat == nil || r.Places[0].Region == "" {
		t.Errorf("completed place = %+v", r.Places[0])
	}
}

func TestContentIndexSeparatesPractices(t *testing.T) {
	n := iris(t)
	a, b := full(), full()
	b.Title = Texts{"de": "Zweites Praxisbeispiel"}
	ta, tb := a.Triples(n, "a"), b.Triples(n, "b")
	sa, sb := n.Practice("a"), n.Practice("b")
	// A fragment nothing points to, a blank node reached from b, and a
	// triple of no practice.
	orphan := rdf.Triple{S: rdf.IRI(sb.Value + "#note"), P: vocab.DCTDescription, O: rdf.String("orphan fragment")}
	blank := []rdf.Triple{
		{S: sb, P: rdf.IRI(rdf.NSSchema + "funder"), O: rdf.Blank("f")},
		{S: rdf.Blank("f"), P: vocab.SKOSPrefLabel, O: rdf.String("ESF")},
	}
	other := rdf.Triple{S: n.Organisation("x"), P: vocab.SKOSPrefLabel, O: rdf.String("X")}
	all := slices.Concat(ta, tb, blank, []rdf.Triple{orphan, other})
	ix := NewContentIndex(all)
	for _, tc := range []struct {
		s    rdf.Term
		want []rdf.Triple
	}{
		{sa, ta},
		{sb, slices.Concat(tb, blank, []rdf.Triple{orphan})},
	} {
		got := ix.Content(tc.s)
		if !rdf.Isomorphic(got, tc.want) {
			t.Errorf("Content(%s): got %d triples, want %d", tc.s.Value, len(got), len(tc.want))
		}
		if !slices.Equal(got, Content(tc.s, all)) {
			t.Errorf("index and Content differ for %s", tc.s.Value)
		}
		for _, tr := range got {
			if tr == other {
				t.Errorf("Content(%s) took a triple of no practice", tc.s.Value)
			}
		}
	}
}
