package match

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/store"
)

// TestRanking asserts the order and the reasons of a fixed set of needs
// against the fixture, in English and German.
func TestRanking(t *testing.T) {
	ix, _ := newTestIndex(t)
	b := bundle(t)
	en, de := b.Localizer("en"), b.Localizer("de")
	type want struct {
		id     string
		en, de []string // nil: not checked
	}
	tests := []struct {
		name string
		need Need
		want []want // the whole result list, in order
	}{
		{
			// The Berlin origin wins over the Leipzig adaptation next door:
			// it teaches the same, and it is validated, adapted twice in
			// Germany and documented in the reader's language.
			name: "refugee women in Leipzig",
			need: Need{Language: "en", Places: []record.Place{{Name: "Leipzig"}}, TargetGroups: []string{"refugee-women"}, Skills: []string{"1", "4"}},
			want: []want{
				{id: "berlin-digital-empowerment",
					en: []string{"teaches DigComp 1 and 4", "for refugee and migrant women", "in the same country (Germany)", "150 km away",
						"adapted twice in Germany", "described in English", "validated good practice", "results documented", "lessons learnt shared"},
					de: []string{"vermittelt DigComp 1 und 4", "Zielgruppe: Geflüchtete und zugewanderte Frauen", "im selben Land (Deutschland)", "150 km entfernt",
						"zweimal in Deutschland übernommen", "auf Englisch beschrieben", "als gute Praxis validiert", "Ergebnisse dokumentiert", "Lernerfahrungen geteilt"}},
				{id: "stadt-leipzig-digitale-teilhabe",
					en: []string{"teaches DigComp 1 and 4", "for refugee and migrant women", "in the same region (Leipzig)", "less than 5 km away", "results documented"},
					de: []string{"vermittelt DigComp 1 und 4", "Zielgruppe: Geflüchtete und zugewanderte Frauen", "in derselben Region (Leipzig)", "weniger als 5 km entfernt", "Ergebnisse dokumentiert"}},
				// Refugees and migrants half-cover refugee women (one of
				// the two broader groups): a partial match.
				{id: "teilhabe-mikado",
					en: []string{"teaches DigComp 1 and 4", "in the same country (Germany)", "100 km away", "for refugees and migrants"},
					de: []string{"vermittelt DigComp 1 und 4", "im selben Land (Deutschland)", "100 km entfernt", "Zielgruppe: Geflüchtete und Zugewanderte"}},
				{id: "vienna-silver-surfers", en: []string{"teaches DigComp 1", "described in English"}},
				{id: "lyon-ateliers-seniors", en: []string{"teaches DigComp 1"}},
				// Dresden shares only the NUTS 1 region (Sachsen, unnamed
				// without geodata) and is 100 km away.
				{id: "dresden-coding-club",
					en: []string{"in the same region", "100 km away"},
					de: []string{"in derselben Region", "100 km entfernt"}},
			},
		},
		{
			// Hybrid half-fits face-to-face.
			name: "seniors in Lyon, face to face",
			need: Need{Language: "fr", Places: []record.Place{{Name: "Lyon"}}, TargetGroups: []string{"older-people"}, DeliveryModes: []string{"face-to-face"}},
			want: []want{
				{id: "lyon-ateliers-seniors",
					en: []string{"for older people", "in the same region (Lyon)", "less than 5 km away", "format: face-to-face", "described in French"},
					de: []string{"Zielgruppe: Ältere Menschen", "in derselben Region (Lyon)", "weniger als 5 km entfernt", "Format: Präsenz", "auf Französisch beschrieben"}},
				{id: "vienna-silver-surfers", en: []string{"for older people"}},
				{id: "stadt-leipzig-digitale-teilhabe", en: []string{"format: hybrid (face-to-face and online)", "results documented"}},
			},
		},
		{
			// Skills only: MIKADO teaches all five areas, so area 2 fits
			// (1) and competence 3.4 half-fits through area 3 (0.5): 0.75.
			// Berlin fits area 2 only (0.5), as Dresden fits 3.4 only and
			// Vienna area 2 only, but Berlin's transferability puts it
			// first of the three; Dresden and Vienna tie at 0.85 × 0.5 and
			// are ordered by IRI. Lyon's competence 2.1 lies in area 2:
			// 0.8 for that half.
			name: "programming and communication",
			need: Need{Skills: []string{"3.4", "2"}},
			want: []want{
				{id: "teilhabe-mikado", en: []string{"teaches DigComp 2 and 3"}},
				// Without a country in the need, adaptations weigh 0.3 × 2/3 of
				// transferability, less than the validation (0.3).
				{id: "berlin-digital-empowerment", en: []string{"teaches DigComp 2", "validated good practice", "adapted twice", "results documented", "lessons learnt shared"}},
				{id: "dresden-coding-club", en: []string{"teaches DigComp 3.4"}},
				{id: "vienna-silver-surfers", en: []string{"teaches DigComp 2"}},
				{id: "lyon-ateliers-seniors", en: []string{"teaches DigComp 2.1"}, de: []string{"vermittelt DigComp 2.1"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Match(context.Background(), tt.need, 20)
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs []string
			for _, w := range tt.want {
				wantIDs = append(wantIDs, w.id)
			}
			if got := ids(res); !slices.Equal(got, wantIDs) {
				t.Fatalf("order = %v\nwant    %v", got, wantIDs)
			}
			for i, w := range tt.want {
				if w.en != nil {
					if got := Texts(en, res[i].Reasons); !slices.Equal(got, w.en) {
						t.Errorf("%s: reasons (en) =\n%q\nwant\n%q", w.id, got, w.en)
					}
				}
				if w.de != nil {
					if got := Texts(de, res[i].Reasons); !slices.Equal(got, w.de) {
						t.Errorf("%s: reasons (de) =\n%q\nwant\n%q", w.id, got, w.de)
					}
				}
			}
		})
	}
}

// TestScoreFollowsTheDocumentedFormula recomputes one score by hand from
// the documented weights.
func TestScoreFollowsTheDocumentedFormula(t *testing.T) {
	ix, _ := newTestIndex(t)
	need := Need{Language: "en", Places: []record.Place{{Name: "Leipzig"}}, TargetGroups: []string{"refugee-women"}, Skills: []string{"1", "4"}}
	res, err := ix.Match(context.Background(), need, 5)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(res, func(r Result) bool { return r.ID == "stadt-leipzig-digitale-teilhabe" })
	if i < 0 {
		t.Fatalf("Leipzig not among %v", ids(res))
	}
	// Leipzig: skills 1 (both exact), target groups 1, place 1 (same
	// NUTS 3 region), language 0 (German only, the need is English): the
	// relevance is (3 + 3 + 2 + 0) / (3 + 3 + 2 + 1) = 8/9. Of
	// transferability only "results documented" (0.1).
	want := round4(0.85*8.0/9.0 + 0.15*0.1)
	if got := res[i].Score; got != want {
		t.Errorf("score = %v, want %v", got, want)
	}
	var sum float64
	for _, f := range res[i].Factors {
		sum += f.Contribution
	}
	if math.Abs(sum-res[i].Score) > 0.0005 {
		t.Errorf("contributions %+v add up to %v, not the score %v", res[i].Factors, sum, res[i].Score)
	}
}

// TestEveryContributingFactorHasAReason checks the rule on many needs.
func TestEveryContributingFactorHasAReason(t *testing.T) {
	ix, _ := newTestIndex(t)
	codes := map[string][]string{
		FactorSkills: {ReasonSkills, ReasonESCO}, FactorTargetGroups: {ReasonTargetGroups}, FactorTypes: {ReasonTypes},
		FactorDelivery: {ReasonDelivery}, FactorPlace: {ReasonRegion, ReasonCountry, ReasonDistance},
		FactorLanguage: {ReasonDescribed, ReasonMaterials}, FactorText: {ReasonMentions},
		FactorTransfer: {ReasonAdapted, ReasonValidated, ReasonResults, ReasonLessons},
	}
	needs := []Need{
		{Text: "Smartphone Kurse für geflüchtete Frauen in Leipzig, hybrid", Language: "de", MaterialLanguages: []string{"ar"}},
		{Text: "coding for young people online", Language: "en", Places: []record.Place{{Name: "Dresden"}}},
		{Text: "ateliers tablette pour seniors près de Lyon", Language: "fr", Types: []string{"multiplier-training"}},
		{Places: []record.Place{{Country: "AT"}}},
	}
	checked := 0
	for _, need := range needs {
		res, err := ix.Match(context.Background(), need, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			for _, f := range r.Factors {
				if f.Contribution <= 0 {
					continue
				}
				checked++
				if !slices.ContainsFunc(r.Reasons, func(x Reason) bool { return slices.Contains(codes[f.Name], x.Code) }) {
					t.Errorf("%q, %s: factor %s adds %v but no reason says why: %+v", need.Text, r.ID, f.Name, f.Contribution, r.Reasons)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d contributing factors checked", checked)
	}
}

// TestGermanNeedFindsEnglishPractice: the vocabulary carries a German
// need to practices described only in English and French.
func TestGermanNeedFindsEnglishPractice(t *testing.T) {
	ix, _ := newTestIndex(t)
	need := Need{Text: "Wir suchen digitale Angebote für Senioren in Wien", Language: "de"}
	interp, res, err := ix.match(context.Background(), need, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(interp.FromText.TargetGroups, []string{"older-people"}) {
		t.Errorf("target groups from the text = %v", interp.FromText.TargetGroups)
	}
	if len(interp.FromText.Places) != 1 || interp.FromText.Places[0].Region != "AT130" {
		t.Errorf("places from the text = %+v, want Wien (AT130)", interp.FromText.Places)
	}
	if len(res) < 2 || res[0].ID != "vienna-silver-surfers" {
		t.Fatalf("results = %v, want vienna-silver-surfers first", ids(res))
	}
	if _, ok := res[0].Titles["de"]; ok || res[0].Titles["en"] == "" {
		t.Fatalf("the fixture's Vienna practice must be English only: %v", res[0].Titles)
	}
	if got := Texts(bundle(t).Localizer("de"), res[0].Reasons); !slices.Equal(got, []string{"Zielgruppe: Ältere Menschen", "in derselben Region (Wien)", "weniger als 5 km entfernt"}) {
		t.Errorf("reasons = %q", got)
	}
	if !slices.Contains(ids(res), "lyon-ateliers-seniors") {
		t.Errorf("the French practice for seniors is missing: %v", ids(res))
	}
}

// TestFullTextFindsWhatTheVocabularyCannot: a need whose words no concept
// knows finds the practice by its text, in English and from German.
func TestFullTextFindsWhatTheVocabularyCannot(t *testing.T) {
	ix, _ := newTestIndex(t)
	b := bundle(t)
	tests := []struct {
		need    Need
		reasons map[string][]string
	}{
		{Need{Text: "soldering broken laptops", Language: "en"}, map[string][]string{
			"en": {"mentions “soldering”, “broken” and “laptops”", "described in English"},
			"fr": {"mentionne «\u00a0soldering\u00a0», «\u00a0broken\u00a0» et «\u00a0laptops\u00a0»", "décrite en anglais"},
		}},
		// German analysis keeps "laptops"; the English field's analyser
		// makes it "laptop", as the English text's "laptops".
		{Need{Text: "Laptops reparieren", Language: "de"}, map[string][]string{
			"de": {"erwähnt „Laptops“"},
		}},
	}
	for _, tt := range tests {
		interp, res, err := ix.match(context.Background(), tt.need, 5)
		if err != nil {
			t.Fatal(err)
		}
		if f := interp.FromText; len(f.Skills)+len(f.TargetGroups)+len(f.Types)+len(f.DeliveryModes)+len(f.Places) != 0 {
			t.Fatalf("%q: the vocabulary found %+v; the test needs a text it does not know", tt.need.Text, f)
		}
		if !slices.Equal(ids(res), []string{"graz-repair-cafe"}) {
			t.Fatalf("%q: results = %v", tt.need.Text, ids(res))
		}
		for lang, want := range tt.reasons {
			if got := Texts(b.Localizer(lang), res[0].Reasons); !slices.Equal(got, want) {
				t.Errorf("%q (%s): reasons = %q, want %q", tt.need.Text, lang, got, want)
			}
		}
	}
}

func TestSimilar(t *testing.T) {
	ix, _ := newTestIndex(t)
	res, err := ix.Similar(context.Background(), practiceIRI("stadt-leipzig-digitale-teilhabe"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{"berlin-digital-empowerment", "teilhabe-mikado", "lyon-ateliers-seniors"}) {
		t.Errorf("similar = %v", got)
	}
	for _, r := range res {
		if r.ID == "stadt-leipzig-digitale-teilhabe" {
			t.Error("a practice is similar to itself")
		}
	}
	got := Texts(bundle(t).Localizer("en"), res[0].Reasons)
	for _, w := range []string{"teaches DigComp 1 and 4", "for refugee and migrant women", "type: training course", "adapted twice in Germany"} {
		if !slices.Contains(got, w) {
			t.Errorf("Berlin's reasons %q lack %q", got, w)
		}
	}
	if _, err := ix.Similar(context.Background(), practiceIRI("nope"), 3); !errors.Is(err, ErrUnknownPractice) {
		t.Errorf("Similar of an unknown practice: %v", err)
	}
}

// TestSimilarLeavesOutSameAs: the records of the same practice on two
// sites are not similar practices of each other.
func TestSimilarLeavesOutSameAs(t *testing.T) {
	n := testIRIs(t)
	st := store.NewMemory()
	ps := fixture()[:3]
	twin := ps[1]
	twin.id, twin.graph = "other-site-digitale-teilhabe", "source/other"
	twin.p.AdaptedFrom = nil
	ps = append(ps, twin)
	writePractices(t, st, n, ps)
	err := st.Update(context.Background(), func(w store.Writer) error {
		a, b := n.Practice("stadt-leipzig-digitale-teilhabe"), n.Practice(twin.id)
		if err := w.Add(quad(a, sameAs, b, n.SameAsGraph())); err != nil {
			return err
		}
		return w.Add(quad(b, sameAs, a, n.SameAsGraph()))
	})
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t, st, Options{})
	res, err := ix.Similar(context.Background(), practiceIRI("stadt-leipzig-digitale-teilhabe"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(res), twin.id) || len(res) != 2 {
		t.Errorf("similar = %v, want the two others without the sameAs twin", ids(res))
	}
}

// TestTiesByIRI: equal scores are ordered by IRI, whatever the order of
// writing.
func TestTiesByIRI(t *testing.T) {
	n := testIRIs(t)
	st := store.NewMemory()
	p := fixture()[4] // the coding club
	var ps []fixturePractice
	for _, id := range []string{"tie-c", "tie-a", "tie-b"} {
		fp := p
		fp.id, fp.graph = id, "source/ties"
		ps = append(ps, fp)
	}
	writePractices(t, st, n, ps)
	ix := openIndex(t, st, Options{})
	for range 3 {
		res, err := ix.Match(context.Background(), Need{Skills: []string{"3.4"}, Text: "Roboter", Language: "de"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, []string{"tie-a", "tie-b", "tie-c"}) {
			t.Fatalf("order = %v", got)
		}
		if res[0].Score != res[2].Score {
			t.Fatalf("scores differ: %v %v", res[0].Score, res[2].Score)
		}
	}
}

func TestConceptMatch(t *testing.T) {
	tabs := newTables()
	tests := []struct {
		name      string
		tab       *conceptTable
		want      string
		practice  []string
		value     float64
		becauseOf []string
	}{
		{"exact", tabs.groups, "refugee-women", []string{"refugee-women"}, 1, []string{"refugee-women"}},
		{"one of two broader groups", tabs.groups, "refugee-women", []string{"refugees-migrants"}, 0.25, []string{"refugees-migrants"}},
		{"both broader groups", tabs.groups, "refugee-women", []string{"women-girls", "refugees-migrants"}, 0.5, []string{"refugees-migrants", "women-girls"}},
		{"narrower group", tabs.groups, "refugees-migrants", []string{"refugee-women"}, 0.8, []string{"refugee-women"}},
		{"unrelated", tabs.groups, "refugee-women", []string{"older-people"}, 0, nil},
		{"area by a competence", tabs.skills, "4", []string{"4.2"}, 0.8, []string{"4.2"}},
		{"competence by its area", tabs.skills, "4.2", []string{"4"}, 0.5, []string{"4"}},
		{"competence by a sibling", tabs.skills, "4.2", []string{"4.1"}, 0.5, []string{"4.1"}},
		{"competence of another area", tabs.skills, "4.2", []string{"3.4"}, 0, nil},
		{"type by its broader type", tabs.types, "multiplier-training", []string{"training-course"}, 0.5, []string{"training-course"}},
	}
	for _, tt := range tests {
		raw := tt.tab.newSet()
		for _, id := range tt.practice {
			i, ok := tt.tab.bit[id]
			if !ok {
				t.Fatalf("%s: no concept %s", tt.name, id)
			}
			raw.add(i)
		}
		why := tt.tab.newSet()
		got := tt.tab.conceptMatch(tt.tab.bit[tt.want], raw, tt.tab.expand(raw), why)
		if got != tt.value {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.value)
		}
		if ids := tt.tab.ids(why); !slices.Equal(ids, tt.becauseOf) {
			t.Errorf("%s: because of %v, want %v", tt.name, ids, tt.becauseOf)
		}
	}
}

func TestPlacesInText(t *testing.T) {
	ix, _ := newTestIndex(t)
	tests := []struct {
		text string
		want []string // region codes
	}{
		{"Kurse in Essen", []string{"DEA13"}},
		{"Kochen und Essen für Senioren", nil}, // a word, not the city
		{"Senioren, Leipzig", []string{"DED51"}},
		{"Leipzig", []string{"DED51"}},
		{"ateliers près de Lyon et à Paris", []string{"FRK26", "FR101"}},
		{"a course in the Netherlands", []string{"NL"}},
		{"Split the course into two parts", nil},
		{"projects in München or Wien", []string{"DE212"}}, // one name per locative
	}
	for _, tt := range tests {
		var got []string
		for _, p := range placesInText(ix.in.places, tt.text, "") {
			got = append(got, p.RegionCode)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: places %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestNeedErrors(t *testing.T) {
	ix, _ := newTestIndex(t)
	tests := []struct {
		name  string
		need  Need
		field string
	}{
		{"empty", Need{Text: "  "}, ""},
		{"text too long", Need{Text: strings.Repeat("ä", MaxTextLength+1)}, "text"},
		{"bad language", Need{Text: "x", Language: "deutsch!"}, "language"},
		{"unknown skill", Need{Skills: []string{"6.1"}}, "skills"},
		{"IRI of another scheme", Need{Skills: []string{base + "vocab/target-group/older-people"}}, "skills"},
		{"unknown target group", Need{TargetGroups: []string{"aliens"}}, "targetGroups"},
		{"unknown type", Need{Types: []string{"course"}}, "practiceTypes"},
		{"unknown delivery", Need{DeliveryModes: []string{"telepathy"}}, "deliveryModes"},
		{"unknown material language", Need{MaterialLanguages: []string{"xx"}}, "languages"},
		{"unknown place", Need{Places: []record.Place{{Name: "Atlantis"}}}, "places"},
		{"unknown country", Need{Places: []record.Place{{Country: "Narnia"}}}, "places"},
		{"bad region", Need{Places: []record.Place{{Region: "XX123"}}}, "places"},
		{"region outside its country", Need{Places: []record.Place{{Region: "DED51", Country: "FR"}}}, "places"},
		{"coordinates out of range", Need{Places: []record.Place{{Name: "Leipzig", Lat: f64(91), Lon: f64(0)}}}, "places"},
		{"too many values", Need{Skills: slices.Repeat([]string{"1"}, MaxValues+1)}, ""},
	}
	for _, tt := range tests {
		_, err := ix.Match(context.Background(), tt.need, 10)
		var ne *NeedError
		if !errors.As(err, &ne) || ne.Field != tt.field || ne.Message == "" {
			t.Errorf("%s: error %v (%#v), want a NeedError for %q", tt.name, err, ne, tt.field)
		}
	}
	for _, limit := range []int{0, -1, MaxLimit + 1} {
		var ne *NeedError
		if _, err := ix.Match(context.Background(), Need{Skills: []string{"1"}}, limit); !errors.As(err, &ne) || ne.Field != "limit" {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
	// What is fine: IRIs, case, ESCO skills, EU language codes.
	ok := Need{
		Skills:            []string{base + "vocab/digcomp/4.2", "http://data.europa.eu/esco/skill/0f0b9e9e-1c1a-4c3b-8a2b-1d2e3f4a5b6c"},
		TargetGroups:      []string{"Older-People"},
		MaterialLanguages: []string{"DEU", "ar"},
		Places:            []record.Place{{Name: "Leipzig", Country: "Germany"}, {Region: "ded51"}},
	}
	interp, err := ix.Interpret(ok)
	if err != nil {
		t.Fatal(err)
	}
	if got := interp.Need; !slices.Equal(got.Skills, []string{"4.2", "http://data.europa.eu/esco/skill/0f0b9e9e-1c1a-4c3b-8a2b-1d2e3f4a5b6c"}) ||
		!slices.Equal(got.TargetGroups, []string{"older-people"}) || !slices.Equal(got.MaterialLanguages, []string{"de", "ar"}) ||
		got.Places[0].Region != "DED51" || got.Places[0].Country != "DE" || got.Places[0].Lat == nil || got.Places[1].Country != "DE" {
		t.Errorf("interpreted %+v", got)
	}
}
