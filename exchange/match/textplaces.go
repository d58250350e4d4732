package match

import (
	"strings"
	"unicode"

	"github.com/skillsmap/skillsmap/vocab"
)

// maxTextPlaces bounds the places taken from one need's text.
const maxTextPlaces = 5

// locatives are the words (folded, in English, German and French) after
// which a place name is expected: "in Leipzig", "près de Lyon", "aus der
// Region Hannover".
var locatives = setOf("in", "near", "around", "at", "from", "across", "throughout", "within",
	"im", "aus", "bei", "nahe", "um", "nach", "von", "zwischen", "rund",
	"a", "en", "au", "aux", "pres", "dans", "autour", "vers", "sur")

// placeArticles may stand between a locative and the name: "in der
// Region Hannover", "près de Lyon", "in the Netherlands".
var placeArticles = setOf("the", "der", "die", "das", "dem", "den", "des", "la", "le", "les", "l", "de", "du", "d", "von", "of")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// textToken is a word of a need's text with its byte span.
type textToken struct {
	start, end int
	folded     string
	segment    int // tokens of one segment lie between punctuation marks
}

// textTokens splits text into words and punctuation-delimited segments.
func textTokens(text string) []textToken {
	var toks []textToken
	segment := 0
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.TrimRight(text[start:end], ".-'’")
		if w != "" {
			toks = append(toks, textToken{start: start, end: start + len(w), folded: vocab.Fold(w), segment: segment})
		}
		if strings.HasSuffix(text[start:end], ".") {
			segment++ // the end of a sentence
		}
		start = -1
	}
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
			(start >= 0 && (r == '-' || r == '\'' || r == '’' || r == '.'))
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		if !unicode.IsSpace(r) {
			segment++
		}
	}
	flush(len(text))
	return toks
}

// placesInText finds the places a need's free text names. Place matchers
// compare whole names, and many city names are also words ("Essen",
// "Split", "Nice"), so a name counts only where a place is expected:
// after a locative ("in Leipzig", "à Lyon"), or as a whole segment of
// the text ("Senioren, Leipzig").
func placesInText(pm *vocab.PlaceMatcher, text, hint string) []vocab.PlaceMatch {
	toks := textTokens(text)
	var out []vocab.PlaceMatch
	seen := map[string]bool{}
	try := func(from, to int) bool {
		span := text[toks[from].start:toks[to-1].end]
		res := pm.Match(span, hint)
		for _, p := range res.Places {
			if p.Confidence < 0.5 || len(res.Unmatched) > 0 {
				continue
			}
			switch p.Method {
			case vocab.MethodGazetteer, vocab.MethodNUTSName, vocab.MethodCountry:
			default:
				continue
			}
			if !seen[p.RegionCode] && len(out) < maxTextPlaces {
				seen[p.RegionCode] = true
				out = append(out, p)
			}
			return true
		}
		return false
	}
	// Whole segments of up to four words.
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].segment == toks[i].segment {
			j++
		}
		if j-i <= 4 {
			try(i, j)
		}
		i = j
	}
	// Names after locatives: the longest window of up to four words.
	for i := 0; i < len(toks)-1; i++ {
		if !locatives[toks[i].folded] {
			continue
		}
		from := i + 1
		for from < len(toks)-1 && placeArticles[toks[from].folded] && toks[from].segment == toks[i].segment {
			from++
		}
		for n := 4; n >= 1; n-- {
			to := from + n
			if to > len(toks) || toks[to-1].segment != toks[from].segment || toks[from].segment != toks[i].segment {
				continue
			}
			if try(from, to) {
				i = to - 1
				break
			}
		}
	}
	return out
}
