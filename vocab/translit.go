package vocab

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			emit(foldedRune{offset: i, size: 1, r: rune(c), folded: asciiFold[c]})
			i++
			continue
		}
		raw, size := utf8.DecodeRuneInString(s[i:])
		next, nextSize := utf8.DecodeRuneInString(s[i+size:]) // RuneError, 0 at the end
		r := unicode.ToLower(raw)
		// at is the rune's offset: i moves on before most emits below.
		at := i
		emit1 := func(f string) { emit(foldedRune{offset: at, size: size, r: raw, folded: f}) }
		emitPair := func(f1, f2 string) {
			emit(foldedRune{offset: at, size: size, r: raw, folded: f1})
			emit(foldedRune{offset: at + size, size: nextSize, r: next, folded: f2})
		}
		if unicode.Is(unicode.Mn, r) {
			emit1("")
			i += size
			continue
		}
		// Greek and Cyrillic letters carry accents that decomposition
		// removes; decompose first so that 'ή' finds 'η'.
		base := baseLetter(r)
		if nextSize > 0 {
			if d, ok := greekDigraphs[[2]rune{base, baseLetter(unicode.ToLower(next))}]; ok {
				emitPair(d, "")
				i += size + nextSize
				continue
			}
			// Bulgarian streamlined system: final "ия" is spelled "ia"
			// (София → Sofia).
			if base == 'и' && unicode.ToLower(next) == 'я' {
				after, _ := utf8.DecodeRuneInString(s[i+size+nextSize:])
				if i+size+nextSize == len(s) || !unicode.IsLetter(after) {
					emitPair("i", "a")
					i += size + nextSize
					continue
				}
			}
		}
		i += size
		if simple {
			if t, ok := simpleUmlauts[r]; ok {
				emit1(t)
				continue
			}
		}
		if t, ok := letterMap[r]; ok {
			emit1(t)
			continue
		}
		if t, ok := letterMap[base]; ok {
			emit1(t)
			continue
		}
		if base < utf8.RuneSelf {
			emit1(asciiFold[base])
			continue
		}
		emit1(" ")
	}
}

// asciiFold folds the ASCII characters: letters to lower case, digits to
// themselves, everything else to " ".
var asciiFold = func() (t [utf8.RuneSelf]string) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = string(rune(c))
		case 'A' <= c && c <= 'Z':
			t[c] = string(rune(c + 'a' - 'A'))
		default:
			t[c] = " "
		}
	}
	return t
}()

// baseLetters caches baseLetter for the Latin, Greek and Cyrillic blocks,
// which is where European text lives.
var baseLetters = func() map[rune]rune {
	m := map[rune]rune{}
	for _, rg := range [][2]rune{{0x80, 0x2FF}, {0x370, 0x52F}, {0x1E00, 0x1FFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if b := decomposedBase(r); b != r {
				m[r] = b
			}
		}
	}
	return m
}()

// baseLetter returns the first rune of r's canonical decomposition: the
// letter without its accents ('é' → 'e', 'ș' → 's', 'ή' → 'η'). The German
// umlauts are looked up before decomposition, so they keep their "e".
func baseLetter(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	if _, ok := letterMap[r]; ok {
		return r
	}
	if b, ok := baseLetters[r]; ok {
		return b
	}
	if (r >= 0x80 && r <= 0x2FF) || (r >= 0x370 && r <= 0x52F) || (r >= 0x1E00 && r <= 0x1FFF) {
		return r // cached: no decomposition
	}
	return decomposedBase(r)
}

func decomposedBase(r rune) rune {
	for _, b := range norm.NFD.String(string(r)) {
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
