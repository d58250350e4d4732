package vocab

import "unicode/utf8"

// maxMatchInput bounds the text a matcher reads: free text beyond it is
// ignored, so a hostile page costs at most this much work.
const maxMatchInput = 64 << 10

// token is one folded word of an input text, with the byte span of the
// original text it came from.
type token struct {
	text       string // folded: lower-case ASCII letters and digits
	start, end int    // byte offsets in the original text
	part       int    // index of the list item (hard separator) it belongs to
	piece      int    // index of the comma/slash piece within the whole text
}

// Hard separators end a list item: a keyword never matches across them.
// Soft separators split an item into pieces that are reported separately
// when nothing in them matched.
func isHardSeparator(r rune) bool {
	switch r {
	case ';', '|', '\n', '\r', '•', '·', '\t':
		return true
	}
	return false
}

func isSoftSeparator(r rune) bool {
	switch r {
	case ',', '/', '(', ')', '[', ']':
		return true
	}
	return false
}

// tokenize folds s into tokens. With simple set, umlauts fold without
// their "e" (see simpleUmlauts).
func tokenize(s string, simple bool) []token {
	s = truncateText(s, maxMatchInput)
	var (
		toks        []token
		cur         []byte // the folded word being read
		start, end  int
		part, piece int
	)
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, token{text: string(cur), start: start, end: end, part: part, piece: piece})
			cur = cur[:0]
		}
	}
	foldRunes(s, simple, func(fr foldedRune) {
		switch {
		case isHardSeparator(fr.r):
			flush()
			part++
			piece++
			return
		case isSoftSeparator(fr.r):
			flush()
			piece++
			return
		}
		if fr.folded == "" && len(cur) > 0 {
			// A combining mark belongs to the word before it.
			end = fr.offset + fr.size
		}
		for i := 0; i < len(fr.folded); i++ {
			c := fr.folded[i]
			if c == ' ' {
				flush()
				continue
			}
			if len(cur) == 0 {
				start = fr.offset
			}
			cur = append(cur, c)
			end = fr.offset + fr.size
		}
	})
	flush()
	return toks
}

// truncateText cuts s to at most n bytes without splitting a rune.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	i := len(s) - 1
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	if !utf8.FullRuneInString(s[i:]) {
		s = s[:i]
	}
	return s
}

// tokenTexts returns the folded words of s.
func tokenTexts(s string, simple bool) []string {
	toks := tokenize(s, simple)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}
