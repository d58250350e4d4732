package match

import (
	"encoding/json"
	"testing"
)

func TestReasonTexts(t *testing.T) {
	b := bundle(t)
	tests := []struct {
		r          Reason
		en, de, fr string
	}{
		{Reason{ReasonSkills, map[string]any{"skills": []string{"1", "4"}}},
			"teaches DigComp 1 and 4", "vermittelt DigComp 1 und 4", "couvre DigComp 1 et 4"},
		{Reason{ReasonSkills, map[string]any{"skills": []string{"1", "2.3", "5"}}},
			"teaches DigComp 1, 2.3 and 5", "vermittelt DigComp 1, 2.3 und 5", "couvre DigComp 1, 2.3 et 5"},
		{Reason{ReasonESCO, map[string]any{"count": 2}},
			"teaches 2 of the ESCO skills asked for", "vermittelt 2 der gesuchten ESCO-Kompetenzen", "couvre 2 des compétences ESCO recherchées"},
		{Reason{ReasonTargetGroups, map[string]any{"groups": []string{"refugee-women", "smes"}}},
			"for refugee and migrant women, SMEs and their staff", "Zielgruppe: Geflüchtete und zugewanderte Frauen, KMU und ihre Beschäftigten",
			"public\u00a0: femmes réfugiées et migrantes, PME et leur personnel"},
		{Reason{ReasonTypes, map[string]any{"types": []string{"digital-hub"}}},
			"type: digital hub or lab", "Art: Digitales Zentrum oder Labor", "type\u00a0: espace numérique ou laboratoire"},
		{Reason{ReasonDelivery, map[string]any{"modes": []string{"online"}}},
			"format: online", "Format: Online", "format\u00a0: en ligne"},
		{Reason{ReasonMentions, map[string]any{"words": []string{"Smartphone"}}},
			"mentions “Smartphone”", "erwähnt „Smartphone“", "mentionne «\u00a0Smartphone\u00a0»"},
		{Reason{ReasonRegion, map[string]any{"region": "DED51", "name": "Leipzig"}},
			"in the same region (Leipzig)", "in derselben Region (Leipzig)", "dans la même région (Leipzig)"},
		{Reason{ReasonRegion, map[string]any{"region": "DED"}},
			"in the same region", "in derselben Region", "dans la même région"},
		{Reason{ReasonCountry, map[string]any{"country": "EL"}},
			"in the same country (Greece)", "im selben Land (Griechenland)", "dans le même pays (Grèce)"},
		{Reason{ReasonDistance, map[string]any{"km": 40}},
			"40 km away", "40 km entfernt", "à 40\u00a0km"},
		{Reason{ReasonDistance, map[string]any{"km": 2}},
			"less than 5 km away", "weniger als 5 km entfernt", "à moins de 5\u00a0km"},
		{Reason{ReasonDescribed, map[string]any{"language": "fr"}},
			"described in French", "auf Französisch beschrieben", "décrite en français"},
		{Reason{ReasonMaterials, map[string]any{"languages": []string{"ar", "uk"}}},
			"materials in Arabic and Ukrainian", "Materialien auf Arabisch und Ukrainisch", "supports en arabe et ukrainien"},
		{Reason{ReasonAdapted, map[string]any{"count": 1}},
			"adapted once", "einmal übernommen", "adaptée une fois"},
		{Reason{ReasonAdapted, map[string]any{"count": 2, "inCountry": 2, "country": "DE"}},
			"adapted twice in Germany", "zweimal in Deutschland übernommen", "adaptée deux fois en Allemagne"},
		{Reason{ReasonAdapted, map[string]any{"count": 5, "inCountry": 1, "country": "NL"}},
			"adapted 5 times, once in the Netherlands", "5-mal übernommen, davon einmal in den Niederlanden", "adaptée 5 fois, dont une fois aux Pays-Bas"},
		{Reason{ReasonAdapted, map[string]any{"count": 3, "inCountry": 3, "country": "PT"}},
			"adapted 3 times in Portugal", "3-mal in Portugal übernommen", "adaptée 3 fois au Portugal"},
		{Reason{ReasonAdapted, map[string]any{"count": 2, "inCountry": 1, "country": "CH"}},
			"adapted twice, once in Switzerland", "zweimal übernommen, davon einmal in der Schweiz", "adaptée deux fois, dont une fois en Suisse"},
		{Reason{ReasonAdapted, map[string]any{"count": 4, "inCountry": 4, "country": "UK"}},
			"adapted 4 times in the United Kingdom", "4-mal im Vereinigten Königreich übernommen", "adaptée 4 fois au Royaume-Uni"},
		{Reason{ReasonAdapted, map[string]any{"count": 1, "inCountry": 1, "country": "MT"}},
			"adapted once in Malta", "einmal in Malta übernommen", "adaptée une fois à Malte"},
		{Reason{ReasonAdapted, map[string]any{"count": 1, "inCountry": 1, "country": "MK"}},
			"adapted once in North Macedonia", "einmal in Nordmazedonien übernommen", "adaptée une fois en Macédoine du Nord"},
		{Reason{Code: ReasonValidated}, "validated good practice", "als gute Praxis validiert", "bonne pratique validée"},
		{Reason{Code: ReasonResults}, "results documented", "Ergebnisse dokumentiert", "résultats documentés"},
		{Reason{Code: ReasonLessons}, "lessons learnt shared", "Lernerfahrungen geteilt", "enseignements partagés"},
	}
	for _, tt := range tests {
		// Reasons travel as JSON too (numbers become float64, lists []any).
		data, err := json.Marshal(tt.r)
		if err != nil {
			t.Fatal(err)
		}
		var back Reason
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		for _, r := range []Reason{tt.r, back} {
			for lang, want := range map[string]string{"en": tt.en, "de": tt.de, "fr": tt.fr} {
				if got := r.Text(b.Localizer(lang)); got != want {
					t.Errorf("%s %v (%s) = %q, want %q", r.Code, r.Args, lang, got, want)
				}
			}
		}
	}
}
