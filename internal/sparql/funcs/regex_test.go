package funcs

import (
	"errors"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"strings"
	"testing"
)

const poem = "Kaum hat dies der Hahn gesehen,\nFängt er auch schon an zu krähen:\n«Kikeriki! Kikikerikih!!»\nTak, tak, tak! - da kommen sie."

// Examples of fn:matches, fn:replace (XPath F&O) and SPARQL §17.4.3.14/15.
func TestRegex(t *testing.T) {
	tests := []struct{ text, pattern, flags, want string }{
		{"Alice", "^ali", "i", "true"},
		{"Bob", "^ali", "i", "false"},
		{"abracadabra", "bra", "", "true"},
		{"abracadabra", "^a.*a$", "", "true"},
		{"abracadabra", "^bra", "", "false"},
		{poem, "Kaum.*krähen", "", "false"},
		{poem, "Kaum.*krähen", "s", "true"},
		{poem, "^Kaum.*gesehen,$", "m", "true"},
		{poem, "^Kaum.*gesehen,$", "", "false"},
		{poem, "kiki", "i", "true"},
		// x removes whitespace outside classes, q makes the pattern literal.
		{"helloworld", "hello world", "x", "true"},
		{"hello world", "hello[ ]world", "x", "true"},
		{"a.c", "a.c", "q", "true"},
		{"abc", "a.c", "q", "false"},
		{"A.C", "a.c", "qi", "true"},
		// '.' does not match \r or \n without s.
		{"a\rb", "a.b", "", "false"},
		{"a\rb", "a.b", "s", "true"},
		// XPath escapes with Unicode meaning.
		{"٣", `^\d$`, "", "true"},   // Arabic-Indic digit three
		{"é", `^\w$`, "", "true"},   // letters beyond ASCII
		{"€", `^\w$`, "", "true"},   // symbols are word characters in XPath
		{"-", `^\w$`, "", "false"},  // punctuation is not
		{"\f", `^\s$`, "", "false"}, // form feed is not XPath whitespace
		{"\f", `^\S$`, "", "true"},
		{"x", `^[\S]$`, "", "true"},
		{"éa", `^[\w]+$`, "", "true"},
		{"Name_1", `^\i\c*$`, "", "true"},
		{"1Name", `^\i\c*$`, "", "false"},
		{"Ä", `^\p{Lu}$`, "", "true"},
		{"a", `^\P{Lu}$`, "", "true"},
		{"[", `^[\[]$`, "", "true"},
		{":", `^[[:]$`, "", "true"}, // '[' in a class is literal, not a POSIX class
		{"ab", "(?:a)b", "", "true"},
		{"abab", "(ab){2}", "", "true"},
		// Language-tagged text is fine; the pattern must be simple.
		{`"chat"@fr`, "^ch", "", "true"},
	}
	for _, tc := range tests {
		text := tm(t, `"`+tc.text+`"`)
		if strings.HasPrefix(tc.text, `"`) {
			text = tm(t, tc.text)
		}
		args := tms(t, `"`+tc.pattern+`"`)
		args = append([]rdf.Term{text}, args...)
		if tc.flags != "" {
			args = append(args, tm(t, `"`+tc.flags+`"`))
		}
		got, err := Call(nil, nil, "REGEX", args)
		checkTerm(t, "REGEX("+tc.text+", "+tc.pattern+", "+tc.flags+")", got, err, tc.want)
	}
}

func TestRegexRejectsWhatRE2CannotDo(t *testing.T) {
	tests := []struct{ pattern, flags, msg string }{
		{`(a)\1`, "", "back-reference"},
		{`[a-z-[aeiou]]`, "", "subtraction"},
		{`\p{IsBasicLatin}`, "", "block"},
		{`\p{Foo}`, "", "unknown Unicode category"},
		{`a\`, "", "trailing backslash"},
		{`\z`, "", "invalid escape"},
		{`[abc`, "", "unterminated"},
		{`(?i)a`, "", "only (?:"},
		{`a{1001}`, "", "invalid repeat count"},
		{`a`, "g", "unknown flag"},
		{`(a`, "", "missing closing )"},
		{strings.Repeat("a", maxPatternBytes+1), "", "exceeds the limit"},
	}
	for _, tc := range tests {
		_, err := CompileRegex(tc.pattern, tc.flags)
		if err == nil || !errors.Is(err, ErrRegex) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("CompileRegex(%.40q, %q) = %v, want an ErrRegex mentioning %q", tc.pattern, tc.flags, err, tc.msg)
		}
	}
	// Patterns and flags must be simple literals.
	for _, args := range [][]string{
		{`"abc"`, `"b"@en`},
		{`"abc"`, `"b"`, `"i"@en`},
		{"1", `"1"`},
	} {
		if _, err := Call(nil, nil, "REGEX", tms(t, args...)); err == nil {
			t.Errorf("REGEX(%v) should fail", args)
		}
	}
}

func TestRegexCacheReturnsSameProgram(t *testing.T) {
	a, err1 := CompileRegex("^x+y$", "i")
	b, err2 := CompileRegex("^x+y$", "i")
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("cache miss for a repeated pattern: %p %p %v %v", a, b, err1, err2)
	}
	for i := range maxCachedRegexp + 10 {
		if _, err := CompileRegex("p"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+strings.Repeat("y", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(regexCache.m); n > maxCachedRegexp {
		t.Errorf("regex cache holds %d entries, bound is %d", n, maxCachedRegexp)
	}
}

func TestReplace(t *testing.T) {
	tests := []struct{ input, pattern, repl, flags, want string }{
		{`"abcd"`, "b", "Z", "", `"aZcd"`},
		{`"abab"`, "B", "Z", "i", `"aZaZ"`},
		{`"abab"`, "B.", "Z", "i", `"aZb"`},
		{`"abracadabra"`, "bra", "*", "", `"a*cada*"`},
		{`"abracadabra"`, "a.*a", "*", "", `"*"`},
		{`"abracadabra"`, "a.*?a", "*", "", `"*c*bra"`},
		{`"abracadabra"`, "a", "", "", `"brcdbr"`},
		{`"abracadabra"`, "a(.)", "a$1$1", "", `"abbraccaddabbra"`},
		{`"abracadabra"`, ".*?", "$1", "", errResult}, // matches the empty string
		{`"AAAA"`, "A+", "b", "", `"b"`},
		{`"AAAA"`, "A+?", "b", "", `"bbbb"`},
		{`"darted"`, "^(.*?)d(.*)$", "$1c$2", "", `"carted"`},
		// W3C replace03: an unmatched group is empty.
		{`"abcd"`, "(ab)|(a)", "[1=$1][2=$2]", "", `"[1=ab][2=]cd"`},
		// $12 is group 1 and "2" when there are fewer than 12 groups.
		{`"ab"`, "(a)(b)", "$12", "", `"a2"`},
		{`"ab"`, "(a)", `\$1\\`, "", `"$1\b"`},
		{`"ab"`, "(a)", `$`, "", errResult},
		{`"ab"`, "(a)", `\n`, "", errResult},
		{`"ab"`, "(a)", "$3", "", `"b"`},
		// The result keeps the input's language tag (W3C replace01).
		{`"english"@en`, "[^a-z0-9]", "-", "", `"english"@en`},
		{`"Français"@fr`, "[^a-z0-9]", "-", "", `"-ran-ais"@fr`},
		{`"abc"`, "b", `"x"@en`, "", errResult},
	}
	for _, tc := range tests {
		args := []rdf.Term{tm(t, tc.input), tm(t, `"`+tc.pattern+`"`)}
		if strings.HasPrefix(tc.repl, `"`) {
			args = append(args, tm(t, tc.repl))
		} else {
			args = append(args, tm(t, `"`+tc.repl+`"`))
		}
		if tc.flags != "" {
			args = append(args, tm(t, `"`+tc.flags+`"`))
		}
		got, err := Call(nil, nil, "REPLACE", args)
		checkTerm(t, "REPLACE("+tc.input+", "+tc.pattern+", "+tc.repl+")", got, err, tc.want)
	}
}
