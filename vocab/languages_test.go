package vocab

import "testing"

func TestEULanguages(t *testing.T) {
	for _, tt := range []struct {
		tag, code string
		ok        bool
	}{{"de", "DEU", true}, {"de-AT", "DEU", true}, {"EN-gb", "ENG", true}, {"nb", "NOB", true}, {"xx", "", false}, {"", "", false}} {
		if code, ok := EULanguageCode(tt.tag); code != tt.code || ok != tt.ok {
			t.Errorf("EULanguageCode(%q) = %q %v", tt.tag, code, ok)
		}
	}
	for code, want := range map[string]string{"DEU": "de", "ell": "el", "NOR": "no", "XXX": ""} {
		if got, _ := LanguageTag(code); got != want {
			t.Errorf("LanguageTag(%q) = %q, want %q", code, got, want)
		}
	}
	// Every code of the table goes both ways.
	for iso, eu := range euLanguages {
		if back, ok := LanguageTag(eu); !ok || back != iso {
			t.Errorf("%s → %s → %s", iso, eu, back)
		}
	}
}
