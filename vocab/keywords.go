package vocab

import (
	"fmt"
	"slices"
	"strings"
)

// minStemLen is the shortest stem a keyword table may use ("Kurs*"):
// shorter stems match too many unrelated words.
const minStemLen = 4

// ConceptMatch is a concept found in a text.
type ConceptMatch struct {
	Concept Concept
	Keyword string // the label or keyword that matched, as written in the tables
	Lang    string // the language of Keyword
	Text    string // the words of the input that matched, as written there
}

// MatchResult is what a KeywordMatcher found in a text.
type MatchResult struct {
	// Matches holds one entry per concept found, in order of first
	// appearance. A keyword may stand for several concepts ("digital
	// literacy" for the five DigComp areas); each gets an entry.
	Matches []ConceptMatch
	// Unmatched holds the pieces of the input (list items, or parts split
	// by commas, slashes and brackets) in which no keyword was found, as
	// written, so that the harvester can keep them as literal keywords.
	Unmatched []string
}

// Concepts returns the concepts found, in order.
func (r MatchResult) Concepts() []Concept {
	out := make([]Concept, len(r.Matches))
	for i, m := range r.Matches {
		out[i] = m.Concept
	}
	return out
}

// Has reports whether the concept with the given id was found.
func (r MatchResult) Has(id string) bool {
	return slices.ContainsFunc(r.Matches, func(m ConceptMatch) bool { return m.Concept.ID == id })
}

// KeywordMatcher finds the concepts of one scheme in free text. It matches
// whole words after folding case, accents and scripts (see Fold), so
// "Berlin" never matches inside "Berliner"; a keyword written with a
// trailing "*" matches any word that starts with its last word
// ("Medienkompetenz*" matches "Medienkompetenzen"). Where keywords overlap,
// the leftmost longest wins: "refugee women" beats "refugee" and "women".
//
// Its keywords are the concepts' preferred and alternative labels in every
// language plus the scheme's keyword table (data/keywords-{scheme}.csv), so
// a new language is new rows, not new code. A KeywordMatcher is safe for
// concurrent use.
type KeywordMatcher struct {
	scheme  *ConceptScheme
	byFirst map[string][]*keyword // by first word; keywords that start with a stem are under stems
	stems   []*keyword
}

// keyword is one entry of a matcher: a folded word sequence and the
// concepts it stands for.
type keyword struct {
	words    []string
	stem     bool // the last word is a prefix
	concepts []string
	text     string // as written
	lang     string
}

// Matcher returns the matcher of a bundled scheme.
func Matcher(s Scheme) (*KeywordMatcher, bool) {
	m, ok := bundled.matchers[s]
	return m, ok
}

// MatchSkills finds DigComp competence areas and competences in text (en,
// de and fr keywords): "coding" → 3.4, "Datenschutz" → 4.2, "digital
// literacy" → all five areas.
func MatchSkills(text string) MatchResult { return bundled.matchers[DigComp].Match(text) }

// MatchTargetGroups finds target-group concepts in text: "refugee women",
// "geflüchtete Frauen", "Senioren", "KMU".
func MatchTargetGroups(text string) MatchResult {
	return bundled.matchers[TargetGroups].Match(text)
}

// MatchPracticeTypes finds practice-type concepts in text: "train-the-trainer",
// "public libraries as digital hubs", "Kurs".
func MatchPracticeTypes(text string) MatchResult {
	return bundled.matchers[PracticeTypes].Match(text)
}

// MatchDeliveryModes finds delivery-mode concepts in text: "hybrid",
// "Präsenz", "blended". See DeliveryMode for a single answer.
func MatchDeliveryModes(text string) MatchResult {
	return bundled.matchers[DeliveryModes].Match(text)
}

// DeliveryMode returns the one delivery mode that text describes: hybrid
// when it says so, or when it names both face-to-face and online parts.
func DeliveryMode(text string) (Concept, bool) {
	r := MatchDeliveryModes(text)
	ids := make([]string, 0, len(r.Matches))
	for _, m := range r.Matches {
		ids = append(ids, m.Concept.ID)
	}
	var id string
	switch {
	case slices.Contains(ids, "hybrid"),
		slices.Contains(ids, "face-to-face") && slices.Contains(ids, "online"):
		id = "hybrid"
	case len(ids) > 0:
		id = ids[0]
	default:
		return Concept{}, false
	}
	return ConceptByID(DeliveryModes, id)
}

// Scheme returns the scheme whose concepts m finds.
func (m *KeywordMatcher) Scheme() Scheme { return m.scheme.ID }

// Match finds the concepts in text. Only the first 64 KiB of text are read.
func (m *KeywordMatcher) Match(text string) MatchResult {
	toks := tokenize(text, false)
	text = truncateText(text, maxMatchInput)
	var res MatchResult
	covered := map[int]bool{} // pieces with a match
	for i := 0; i < len(toks); {
		kw, n := m.longestAt(toks, i)
		if kw == nil {
			i++
			continue
		}
		span := strings.TrimSpace(text[toks[i].start:toks[i+n-1].end])
		for j := i; j < i+n; j++ {
			covered[toks[j].piece] = true
		}
		for _, id := range kw.concepts {
			if res.Has(id) {
				continue
			}
			c, _ := m.scheme.Concept(id)
			res.Matches = append(res.Matches, ConceptMatch{Concept: c, Keyword: kw.text, Lang: kw.lang, Text: span})
		}
		i += n
	}
	// Report each piece without a match.
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].piece == toks[i].piece {
			j++
		}
		if !covered[toks[i].piece] && hasLetter(toks[i:j]) {
			res.Unmatched = append(res.Unmatched, strings.TrimSpace(text[toks[i].start:toks[j-1].end]))
		}
		i = j
	}
	return res
}

// longestAt returns the longest keyword that matches toks from i on, within
// one list item, and its length in words.
func (m *KeywordMatcher) longestAt(toks []token, i int) (*keyword, int) {
	var best *keyword
	bestN := 0
	try := func(kw *keyword) {
		n := len(kw.words)
		if i+n > len(toks) || n < bestN || (n == bestN && (!best.stem || kw.stem)) {
			return
		}
		for k, w := range kw.words {
			t := toks[i+k]
			if t.part != toks[i].part {
				return
			}
			last := k == n-1
			if last && kw.stem {
				if !strings.HasPrefix(t.text, w) {
					return
				}
			} else if t.text != w {
				return
			}
		}
		best, bestN = kw, n
	}
	for _, kw := range m.byFirst[toks[i].text] {
		try(kw)
	}
	for _, kw := range m.stems {
		try(kw)
	}
	return best, bestN
}

func hasLetter(toks []token) bool {
	for _, t := range toks {
		for i := 0; i < len(t.text); i++ {
			if t.text[i] >= 'a' && t.text[i] <= 'z' {
				return true
			}
		}
	}
	return false
}

// newKeywordMatcher builds the matcher of a scheme from its labels and its
// keyword table (which may be absent).
func newKeywordMatcher(cs *ConceptScheme) (*KeywordMatcher, error) {
	m := &KeywordMatcher{scheme: cs, byFirst: map[string][]*keyword{}}
	index := map[string]*keyword{} // by folded words and stem flag
	add := func(id, lang, text string) error {
		raw := strings.TrimSpace(text)
		stem := strings.HasSuffix(raw, "*")
		raw = strings.TrimSuffix(raw, "*")
		for _, simple := range []bool{false, true} {
			words := tokenTexts(raw, simple)
			if len(words) == 0 {
				return fmt.Errorf("keyword %q of %s/%s has no words", text, cs.ID, id)
			}
			if stem && len(words[len(words)-1]) < minStemLen {
				return fmt.Errorf("keyword %q of %s/%s: stem shorter than %d letters", text, cs.ID, id, minStemLen)
			}
			key := strings.Join(words, " ")
			if stem {
				key += "*"
			}
			kw, ok := index[key]
			if !ok {
				kw = &keyword{words: words, stem: stem, text: text, lang: lang}
				index[key] = kw
				if stem && len(words) == 1 {
					m.stems = append(m.stems, kw)
				} else {
					m.byFirst[words[0]] = append(m.byFirst[words[0]], kw)
				}
			}
			if !slices.Contains(kw.concepts, id) {
				kw.concepts = append(kw.concepts, id)
			}
		}
		return nil
	}
	for _, c := range cs.concepts {
		for _, lang := range sortedKeys(c.prefLabels) {
			if err := add(c.ID, lang, c.prefLabels[lang]); err != nil {
				return nil, err
			}
		}
		for _, lang := range sortedKeys(c.altLabels) {
			for _, a := range c.altLabels[lang] {
				if err := add(c.ID, lang, a); err != nil {
					return nil, err
				}
			}
		}
	}
	file := "keywords-" + string(cs.ID) + ".csv"
	if _, err := dataFS.Open("data/" + file); err != nil {
		return m, nil
	}
	rows, _, err := readTable(file, "concept", "lang", "keyword")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		id := r.get("concept")
		if _, ok := cs.byID[id]; !ok {
			return nil, r.errorf("unknown concept %q", id)
		}
		if r.get("lang") == "" {
			return nil, r.errorf("no language")
		}
		if err := add(id, r.get("lang"), r.get("keyword")); err != nil {
			return nil, r.errorf("%v", err)
		}
	}
	return m, nil
}
