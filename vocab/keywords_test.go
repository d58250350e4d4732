package vocab

import (
	"slices"
	"testing"
)

type matchCase struct {
	in        string
	want      []string // concept ids, in order
	unmatched []string
}

func runMatchCases(t *testing.T, name string, match func(string) MatchResult, cases []matchCase) {
	t.Helper()
	for _, tt := range cases {
		r := match(tt.in)
		var got []string
		for _, m := range r.Matches {
			got = append(got, m.Concept.ID)
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(r.Unmatched, tt.unmatched) {
			t.Errorf("%s(%q) = %v, unmatched %q; want %v, unmatched %q", name, tt.in, got, r.Unmatched, tt.want, tt.unmatched)
		}
	}
}

var allAreas = []string{"1", "2", "3", "4", "5"}

func TestMatchSkills(t *testing.T) {
	runMatchCases(t, "MatchSkills", MatchSkills, []matchCase{
		// English.
		{"digital literacy", allAreas, nil},
		{"basic computer skills", allAreas, nil},
		{"basic digital skills", allAreas, nil},
		{"media literacy", []string{"1.2"}, nil},
		{"digital security", []string{"4.1", "4.2"}, nil},
		{"online safety", []string{"4"}, nil},
		{"Programming", []string{"3.4"}, nil},
		{"coding for girls", []string{"3.4"}, nil},
		{"digital content creation", []string{"3"}, nil},
		{"e-government services", []string{"2.3"}, nil},
		{"eGovernment", []string{"2.3"}, nil},
		{"netiquette", []string{"2.5"}, nil},
		{"Netiquette and cyberbullying", []string{"2.5", "4.3"}, nil},
		{"gamified skills assessment", []string{"5.4"}, nil},
		{"digital skills assessment", []string{"5.4"}, nil}, // longest match wins over "digital skills"
		{"adoption of digital technologies", []string{"5.2"}, nil},
		{"privacy, passwords and phishing", []string{"4.2", "4.1"}, nil},
		// German.
		{"Datenschutz", []string{"4.2"}, nil},
		{"Datenschutzschulung für Vereine", []string{"4.2"}, nil},
		{"Medienkompetenz", []string{"1.2"}, nil},
		{"Medienkompetenzen stärken", []string{"1.2"}, nil},
		{"Programmieren", []string{"3.4"}, nil},
		{"Programmierkurs", []string{"3.4"}, nil},
		{"grundlegende Computerkenntnisse", allAreas, nil},
		{"digitale Kompetenzen", allAreas, nil},
		{"Sicherheit im Netz", []string{"4"}, nil},
		{"Cybermobbing", []string{"4.3"}, nil},
		{"Programmieren, Datenschutz und Medienkompetenz", []string{"3.4", "4.2", "1.2"}, nil},
		{"Umgang mit E-Mails", []string{"2.1"}, nil},
		// French.
		{"compétences numériques", allAreas, nil},
		{"programmation", []string{"3.4"}, nil},
		// Lists keep what did not match, as written.
		{"digital literacy;train-the-trainer", allAreas, []string{"train-the-trainer"}},
		{"coding; basket weaving", []string{"3.4"}, []string{"basket weaving"}},
		{"ICT-based services", nil, []string{"ICT-based services"}},
		{"coding, Korbflechten (Anfänger)", []string{"3.4"}, []string{"Korbflechten", "Anfänger"}},
		// Negative: whole words only, no stems where none are written.
		{"decoding hieroglyphs", nil, []string{"decoding hieroglyphs"}},
		{"program committee", nil, []string{"program committee"}},
		{"Berlin", nil, []string{"Berlin"}},
		{"green economy", nil, []string{"green economy"}},
		{"", nil, nil},
		{" ;; , ", nil, nil},
		{"2024", nil, nil},
	})
}

func TestMatchSkillsReportsKeyword(t *testing.T) {
	r := MatchSkills("Wir bieten Datenschutzschulungen an")
	if len(r.Matches) != 1 {
		t.Fatalf("matches = %+v", r.Matches)
	}
	m := r.Matches[0]
	if m.Concept.ID != "4.2" || m.Keyword != "Datenschutz*" || m.Lang != "de" || m.Text != "Datenschutzschulungen" {
		t.Errorf("match = %+v", m)
	}
	r = MatchSkills("  Refugees learn E-Mail basics")
	if len(r.Matches) != 1 || r.Matches[0].Text != "E-Mail" {
		t.Errorf("span = %+v", r.Matches)
	}
	if got := r.Concepts(); len(got) != 1 || got[0].ID != "2.1" {
		t.Errorf("Concepts() = %v", got)
	}
}

// TestMatchSpansOfNonASCIIWords: the spans the matchers report are those
// of the input, also for words with letters beyond ASCII, and a text that
// ends in such a letter does not panic.
func TestMatchSpansOfNonASCIIWords(t *testing.T) {
	tests := []struct {
		in, text  string
		unmatched []string
	}{
		{"Kurse für Ältere", "Ältere", nil},
		{"Ältere, café", "Ältere", []string{"café"}},
		{"sécurité numérique pour les aînés", "aînés", []string{}},
		{"Ελληνικά, Ältere Menschen", "Ältere Menschen", []string{"Ελληνικά"}},
	}
	for _, tt := range tests {
		r := MatchTargetGroups(tt.in)
		if len(r.Matches) != 1 || r.Matches[0].Text != tt.text || (len(tt.unmatched) > 0 && !slices.Equal(r.Unmatched, tt.unmatched)) {
			t.Errorf("MatchTargetGroups(%q) = %+v, want the span %q, unmatched %q", tt.in, r, tt.text, tt.unmatched)
		}
	}
	for _, s := range []string{"café", "sécurité", "Senioren in Köln ü", "Ελληνικά"} {
		MatchSkills(s)
		MatchDeliveryModes(s)
	}
}

func TestMatchTargetGroups(t *testing.T) {
	runMatchCases(t, "MatchTargetGroups", MatchTargetGroups, []matchCase{
		{"refugee women", []string{"refugee-women"}, nil},
		{"geflüchtete Frauen", []string{"refugee-women"}, nil},
		{"Geflüchtete", []string{"refugees-migrants"}, nil},
		{"refugees", []string{"refugees-migrants"}, nil},
		{"women and girls", []string{"women-girls"}, nil},
		{"Senioren", []string{"older-people"}, nil},
		{"Seniorinnen und Senioren", []string{"older-people"}, nil},
		{"ältere Menschen", []string{"older-people"}, nil},
		{"job seekers", []string{"unemployed"}, nil},
		{"Arbeitsuchende", []string{"unemployed"}, nil},
		{"Langzeitarbeitslose", []string{"unemployed"}, nil},
		{"SMEs", []string{"smes"}, nil},
		{"KMU", []string{"smes"}, nil},
		{"kleine und mittlere Unternehmen", []string{"smes"}, nil},
		{"Lehrkräfte und Multiplikatoren", []string{"educators"}, nil},
		{"Menschen mit Behinderung", []string{"people-with-disabilities"}, nil},
		{"Jugendliche", []string{"young-people"}, nil},
		{"students;young people;workers", []string{"students", "young-people", "workers"}, nil},
		{"public servants", []string{"public-servants"}, nil},
		{"librarians", []string{"librarians"}, nil},
		{"femmes migrantes", []string{"refugee-women"}, nil},
		{"demandeurs d'emploi", []string{"unemployed"}, nil},
		// Negative.
		{"Bürgermeister", nil, []string{"Bürgermeister"}},
		{"Frauenfeld", nil, []string{"Frauenfeld"}},
		{"staffing agencies", nil, []string{"staffing agencies"}},
		{"cats", nil, []string{"cats"}},
	})
}

func TestMatchDeliveryModes(t *testing.T) {
	runMatchCases(t, "MatchDeliveryModes", MatchDeliveryModes, []matchCase{
		{"hybrid", []string{"hybrid"}, nil},
		{"online", []string{"online"}, nil},
		{"face-to-face", []string{"face-to-face"}, nil},
		{"Face to face", []string{"face-to-face"}, nil},
		{"Präsenz", []string{"face-to-face"}, nil},
		{"blended", []string{"hybrid"}, nil},
		{"Blended Learning", []string{"hybrid"}, nil},
		{"Onlinekurs", []string{"online"}, nil},
		{"Webinare", []string{"online"}, nil},
		{"en présentiel", []string{"face-to-face"}, nil},
		{"face-to-face and online phases", []string{"hybrid"}, nil},
		{"onlineshop", nil, []string{"onlineshop"}},
		{"by post", nil, []string{"by post"}},
	})
	tests := []struct{ in, want string }{
		{"hybrid", "hybrid"},
		{"in Präsenz und online", "hybrid"},
		{"online; face-to-face", "hybrid"},
		{"online only", "online"},
		{"Präsenzveranstaltung", "face-to-face"},
		{"face-to-face and online phases", "hybrid"},
		{"", ""},
		{"telephone", ""},
	}
	for _, tt := range tests {
		c, ok := DeliveryMode(tt.in)
		if ok != (tt.want != "") || c.ID != tt.want {
			t.Errorf("DeliveryMode(%q) = %q, %v; want %q", tt.in, c.ID, ok, tt.want)
		}
	}
}

func TestMatchPracticeTypes(t *testing.T) {
	runMatchCases(t, "MatchPracticeTypes", MatchPracticeTypes, []matchCase{
		{"train-the-trainer", []string{"multiplier-training"}, nil},
		{"Multiplikatorenschulung", []string{"multiplier-training"}, nil},
		{"public libraries as digital hubs", []string{"digital-hub"}, nil},
		{"online training programme", []string{"training-course"}, nil},
		{"Workshop", []string{"training-course"}, nil},
		{"Kursangebot", []string{"training-course"}, nil},
		{"school internet and e-learning services", []string{"infrastructure", "platform-tool"}, nil},
		{"awareness campaign", []string{"awareness-campaign"}, nil},
		{"hackathon", []string{"event"}, nil},
		{"funding scheme", []string{"funding-programme"}, nil},
		{"digital inclusion", nil, []string{"digital inclusion"}},
	})
}

func TestMatcherLookup(t *testing.T) {
	for _, s := range []Scheme{DigComp, TargetGroups, PracticeTypes, DeliveryModes} {
		m, ok := Matcher(s)
		if !ok || m.Scheme() != s {
			t.Errorf("Matcher(%s) = %v, %v", s, m, ok)
		}
	}
	if _, ok := Matcher(EditorialStatuses); ok {
		t.Error("editorial status has a matcher")
	}
}

func TestKeywordTablesAreSound(t *testing.T) {
	for _, s := range []Scheme{DigComp, TargetGroups, PracticeTypes, DeliveryModes} {
		m, _ := Matcher(s)
		for _, kws := range m.byFirst {
			for _, kw := range kws {
				if len(kw.concepts) == 0 || kw.lang == "" {
					t.Errorf("%s: keyword %q has no concept or language", s, kw.text)
				}
			}
		}
		for _, kw := range m.stems {
			if len(kw.words[0]) < minStemLen {
				t.Errorf("%s: stem %q is too short", s, kw.text)
			}
		}
	}
}

func BenchmarkMatchSkills(b *testing.B) {
	text := "Programmieren, Datenschutz und Medienkompetenz; basic digital skills; media literacy; " +
		"digital security; digital content creation; digital entrepreneurship; gamified skills assessment"
	for b.Loop() {
		MatchSkills(text)
	}
}

func BenchmarkMatchSkillsLongText(b *testing.B) {
	// A whole project description, the worst case a harvester passes.
	text := ""
	for len(text) < 8<<10 {
		text += "The project trains refugee women in digital literacy, online safety and coding, " +
			"with face-to-face and online phases in Berlin and other federal states. "
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		MatchSkills(text)
	}
}
