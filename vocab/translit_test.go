package vocab

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Berlin", "berlin"},
		{"München", "muenchen"},
		{"MÜNCHEN", "muenchen"},
		{"Straße", "strasse"},
		{"Cluj-Napoca", "cluj napoca"},
		{"Łódź", "lodz"},
		{"Plzeň", "plzen"},
		{"Timișoara", "timisoara"},
		{"Constanţa", "constanta"}, // cedilla form used by GISCO
		{"Göteborg", "goeteborg"},
		{"Ærø", "aeroe"},
		{"Århus", "aarhus"},
		{"Reykjavík", "reykjavik"},
		{"Þingvellir", "thingvellir"},
		{"İstanbul", "istanbul"},
		{"Kraków", "krakow"},
		{"Велико Търново", "veliko tarnovo"},
		{"София", "sofia"},
		{"Шумен", "shumen"},
		{"Београд", "beograd"},
		{"Αθήνα", "athina"},
		{"Θεσσαλονίκη", "thessaloniki"},
		{"Ηράκλειο", "irakleio"},
		{"Κύπρος", "kypros"},
		{"’s-Gravenhage", "s gravenhage"},
		{"  spaces\tand\nlines  ", "spaces and lines"},
		{"e\u0301cole", "ecole"}, // decomposed accent
		{"100 % digital!", "100 digital"},
		{"", ""},
		{"日本", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldSimpleUmlauts(t *testing.T) {
	got := strings.Join(tokenTexts("München Skåne", true), " ")
	if got != "munchen skane" {
		t.Errorf("simple fold = %q, want %q", got, "munchen skane")
	}
}

func TestTokenizeKeepsSpans(t *testing.T) {
	in := "Präsenz; Köln-Mülheim, «online»"
	toks := tokenize(in, false)
	want := []struct {
		text, span  string
		part, piece int
	}{
		{"praesenz", "Präsenz", 0, 0},
		{"koeln", "Köln", 1, 1},
		{"muelheim", "Mülheim", 1, 1},
		{"online", "online", 1, 2},
	}
	if len(toks) != len(want) {
		t.Fatalf("tokenize(%q) = %d tokens, want %d: %+v", in, len(toks), len(want), toks)
	}
	for i, w := range want {
		tk := toks[i]
		if tk.text != w.text || in[tk.start:tk.end] != w.span || tk.part != w.part || tk.piece != w.piece {
			t.Errorf("token %d = %q span %q part %d piece %d, want %q %q %d %d",
				i, tk.text, in[tk.start:tk.end], tk.part, tk.piece, w.text, w.span, w.part, w.piece)
		}
	}
}

func TestTokenizeInvalidUTF8AndBound(t *testing.T) {
	toks := tokenize("ab\xffcd", false)
	if len(toks) != 2 || toks[0].text != "ab" || toks[1].text != "cd" || toks[1].start != 3 {
		t.Errorf("tokenize with invalid byte = %+v", toks)
	}
	long := strings.Repeat("ä", maxMatchInput) // 2 bytes each
	cut := truncateText(long, maxMatchInput+1)
	if !utf8.ValidString(cut) || len(cut) > maxMatchInput+1 {
		t.Errorf("truncateText cut a rune: len %d valid %v", len(cut), utf8.ValidString(cut))
	}
	if n := len(tokenize(strings.Repeat("word ", maxMatchInput), false)); n > maxMatchInput/5+1 {
		t.Errorf("tokenize read past the input bound: %d tokens", n)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MIKADO – Multiplier Training Digital Empowerment", "mikado-multiplier-training-digital-empowerment"},
		{"Digitale Teilhabe für Ältere in Köln", "digitale-teilhabe-fuer-aeltere-in-koeln"},
		{"Straßenfest", "strassenfest"},
		{"Atelier numérique à Liège", "atelier-numerique-a-liege"},
		{"Kompetencje cyfrowe w Łodzi", "kompetencje-cyfrowe-w-lodzi"},
		{"Digitální dovednosti – Plzeň", "digitalni-dovednosti-plzen"},
		{"Competențe digitale în Timișoara", "competente-digitale-in-timisoara"},
		{"Дигитални умения във Велико Търново", "digitalni-umenia-vav-veliko-tarnovo"},
		{"Ψηφιακές δεξιότητες στη Θεσσαλονίκη", "psifiakes-dexiotites-sti-thessaloniki"},
		{"Digilyftet – Sverige", "digilyftet-sverige"},
		{"  --Already--slugged--  ", "already-slugged"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugLengthAndStability(t *testing.T) {
	title := strings.Repeat("Digitale Kompetenzen ", 20)
	s := Slug(title)
	if len(s) > MaxSlugLen || strings.HasSuffix(s, "-") || strings.HasPrefix(s, "-") {
		t.Errorf("Slug of a long title = %q (%d bytes)", s, len(s))
	}
	if !strings.HasPrefix(s, "digitale-kompetenzen-digitale") {
		t.Errorf("Slug of a long title lost its start: %q", s)
	}
	if Slug(s) != s {
		t.Errorf("Slug is not idempotent: %q → %q", s, Slug(s))
	}
	if got := Slug(strings.Repeat("x", 200)); len(got) != MaxSlugLen {
		t.Errorf("Slug of one long word has %d bytes, want %d", len(got), MaxSlugLen)
	}
	for _, s := range []string{"abc", "a-b", "x1-y2"} {
		for _, r := range Slug(s) {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("Slug(%q) has %q", s, r)
			}
		}
	}
}

func TestIDFromURL(t *testing.T) {
	same := [][]string{
		{"https://Example.org/projects/1", "https://example.org:443/projects/1", "https://example.org/projects/1#top"},
		{"http://example.org", "http://example.org/", "HTTP://EXAMPLE.ORG:80/"},
	}
	for _, group := range same {
		want, err := IDFromURL(group[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 16 {
			t.Errorf("IDFromURL(%q) = %q, want 16 hex digits", group[0], want)
		}
		for _, u := range group[1:] {
			if got, err := IDFromURL(u); err != nil || got != want {
				t.Errorf("IDFromURL(%q) = %q, %v; want %q like %q", u, got, err, want, group[0])
			}
		}
	}
	different := []string{
		"https://example.org/projects/1",
		"https://example.org/projects/2",
		"https://example.org/Projects/1", // paths are case-sensitive
		"http://example.org/projects/1",
		"https://example.org/projects/1?lang=de",
		"https://example.org:8443/projects/1",
	}
	seen := map[string]string{}
	for _, u := range different {
		id, err := IDFromURL(u)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("IDFromURL(%q) = IDFromURL(%q) = %s", u, prev, id)
		}
		seen[id] = u
	}
	for _, bad := range []string{"", "ftp://example.org/x", "/relative/path", "https://", "http://[::1"} {
		if id, err := IDFromURL(bad); err == nil {
			t.Errorf("IDFromURL(%q) = %q, want an error", bad, id)
		}
	}
}
