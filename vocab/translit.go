package vocab

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Transliteration turns text in any European script into lower-case ASCII
// letters and digits. It serves two jobs: slugs for IRIs and the folded
// tokens that matchers compare. Both need the same spelling of a name, so
// that "München", "Muenchen" and "MÜNCHEN" meet.

// letterMap spells the letters that Unicode decomposition does not reduce to
// an ASCII base letter, or that a language spells with two letters.
var letterMap = map[rune]string{
	// German, Scandinavian, Dutch and other Latin-script letters.
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'ẞ': "ss",
	'æ': "ae", 'ø': "oe", 'å': "aa", 'œ': "oe",
	'ð': "d", 'þ': "th", 'ł': "l", 'đ': "dj", 'ħ': "h",
	'ı': "i", 'ŀ': "l", 'ĸ': "k", 'ŋ': "ng", 'ſ': "s",
	'ĳ': "ij",
	// Typographic letters and ligatures.
	'ﬁ': "fi", 'ﬂ': "fl", 'ﬀ': "ff",

	// Cyrillic: Bulgarian streamlined system, with the extra letters of
	// Serbian, Macedonian, Russian and Ukrainian.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a",
	'ь': "y", 'ю': "yu", 'я': "ya",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	'ѓ': "gj", 'ѕ': "dz", 'ќ': "kj",
	'ё': "yo", 'ы': "y", 'э': "e",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g",

	// Greek (ELOT 743, simplified); accents are removed before lookup.
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// greekDigraphs are the Greek letter pairs spelled differently from their
// letters.
var greekDigraphs = map[[2]rune]string{
	{'ο', 'υ'}: "ou", {'α', 'υ'}: "av", {'ε', 'υ'}: "ev", {'η', 'υ'}: "iv",
	{'γ', 'γ'}: "ng", {'γ', 'κ'}: "gk", {'γ', 'ξ'}: "nx", {'γ', 'χ'}: "nch",
}

// simpleUmlauts spells the German umlauts (and å) without the added "e" or
// "a": the spelling of someone who typed "Munchen" on a keyboard without
// umlauts. Matchers index names in both spellings.
var simpleUmlauts = map[rune]string{'ä': "a", 'ö': "o", 'ü': "u", 'å': "a"}

// foldedRune is one input rune and its transliteration.
type foldedRune struct {
	offset, size int    // byte span in the input
	r            rune   // the input rune (utf8.RuneError for invalid bytes)
	folded       string // "" for marks, " " for non-letters, else lower-case ASCII
}

// foldRunes transliterates s rune by rune of the input, so that callers can
// map folded text back to the original. Characters that are neither letters
// nor digits fold to " ".
func foldRunes(s string, simple bool, emit func(foldedRune)) {
	var rs []rune
	var offsets []int
	for i, r := range s {
		rs = append(rs, r)
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(s))
	at := func(i int, f string) {
		emit(foldedRune{offset: offsets[i], size: offsets[i+1] - offsets[i], r: rs[i], folded: f})
	}
	for i := 0; i < len(rs); i++ {
		r := unicode.ToLower(rs[i])
		if unicode.Is(unicode.Mn, r) {
			at(i, "")
			continue
		}
		// Greek and Cyrillic letters carry accents that decomposition
		// removes; decompose first so that 'ή' finds 'η'.
		base := baseLetter(r)
		if i+1 < len(rs) {
			next := baseLetter(unicode.ToLower(rs[i+1]))
			if d, ok := greekDigraphs[[2]rune{base, next}]; ok {
				at(i, d)
				at(i+1, "")
				i++
				continue
			}
		}
		// Bulgarian streamlined system: final "ия" is spelled "ia" (София → Sofia).
		if base == 'и' && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'я' &&
			(i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
			at(i, "i")
			at(i+1, "a")
			i++
			continue
		}
		if simple {
			if t, ok := simpleUmlauts[r]; ok {
				at(i, t)
				continue
			}
		}
		if t, ok := letterMap[r]; ok {
			at(i, t)
			continue
		}
		if t, ok := letterMap[base]; ok {
			at(i, t)
			continue
		}
		if base < 0x80 && (unicode.IsLetter(base) || unicode.IsDigit(base)) {
			at(i, string(base))
			continue
		}
		at(i, " ")
	}
}

// baseLetter returns the first rune of r's canonical decomposition: the
// letter without its accents ('é' → 'e', 'ș' → 's', 'ή' → 'η'). The German
// umlauts are looked up before decomposition, so they keep their "e".
func baseLetter(r rune) rune {
	if r < 0x80 {
		return r
	}
	if _, ok := letterMap[r]; ok {
		return r
	}
	d := norm.NFD.String(string(r))
	for _, b := range d {
		return b
	}
	return r
}

// Fold returns s transliterated to lower-case ASCII words separated by
// single spaces: "Köln-Mülheim" → "koeln muelheim", "Велико Търново" →
// "veliko tarnovo". It is the spelling that the matchers compare.
func Fold(s string) string {
	var b strings.Builder
	space := false
	foldRunes(s, false, func(fr foldedRune) {
		f := fr.folded
		for i := 0; i < len(f); i++ {
			if f[i] == ' ' {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(f[i])
		}
	})
	return b.String()
}
