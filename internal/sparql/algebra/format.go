package algebra

import "strings"

// patternKeywords are the SSE operators that Format starts on a new line.
var patternKeywords = map[string]bool{
	"bgp": true, "path": true, "join": true, "leftjoin": true, "filter": true, "union": true, "graph": true,
	"extend": true, "minus": true, "table": true, "group": true, "order": true, "project": true,
	"distinct": true, "reduced": true, "slice": true, "service": true, "triple": true, "quad": true,
	"exists": true, "notexists": true, "template": true, "insertdata": true, "deletedata": true,
	"modify": true, "delete": true, "insert": true, "load": true, "clear": true, "drop": true,
	"create": true, "add": true, "move": true, "copy": true, "row": true,
}

// Format returns the canonical text of a node (a Pattern, *Query, *Update,
// ...) indented over several lines, one pattern operator per line, for
// reading in logs and test failures.
func Format(node interface{ String() string }) string {
	s := node.String()
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			j := skipQuoted(s, i)
			b.WriteString(s[i:j])
			i = j - 1
			continue
		case '<':
			// An IRI; the operators < and <= are followed by a space.
			if j := strings.IndexAny(s[i:], "> "); j > 0 && s[i+j] == '>' {
				b.WriteString(s[i : i+j+1])
				i += j
				continue
			}
		case '(':
			if depth > 0 && patternKeywords[sseKeyword(s[i+1:])] {
				trimmed := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(trimmed)
				b.WriteByte('\n')
				b.WriteString(strings.Repeat("  ", depth))
			}
			depth++
		case ')':
			depth--
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skipQuoted returns the index after the string literal starting at s[i].
func skipQuoted(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

func sseKeyword(s string) string {
	end := strings.IndexAny(s, " ()")
	if end < 0 {
		return s
	}
	return s[:end]
}
