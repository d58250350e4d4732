package funcs

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/results"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const (
	w3cFunctionsDir = "../../../../shared/w3c/sparql/sparql11/functions"
	w3cOpenWorldDir = "../../../../shared/w3c/sparql/sparql10/open-world"
)

// loadSimpleTurtle reads the W3C function tests' data files, which hold one
// "subject predicate object [; predicate object] ." statement per line with
// prefixed names.
func loadSimpleTurtle(t *testing.T, path string) []rdf.Triple {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	prefixes := map[string]string{}
	name := func(tok string) rdf.Term {
		i := strings.IndexByte(tok, ':')
		ns, ok := prefixes[tok[:i]]
		if !ok {
			t.Fatalf("%s: unknown prefix in %q", path, tok)
		}
		return rdf.IRI(ns + tok[i+1:])
	}
	var triples []rdf.Triple
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if fields[0] == "@prefix" {
			if len(fields) > 4 || len(fields) < 3 {
				t.Fatalf("%s: unsupported line %q", path, line)
			}
			prefixes[strings.TrimSuffix(fields[1], ":")] = strings.Trim(fields[2], "<>")
			continue
		}
		subject := name(fields[0])
		rest := strings.TrimSpace(strings.TrimSuffix(line, "."))[len(fields[0]):]
		for _, po := range strings.Split(rest, " ; ") { // "s p1 o1 ; p2 o2 ." (no ';' in the literals)
			po = strings.TrimSpace(po)
			pred := strings.Fields(po)[0]
			obj := strings.TrimSpace(po[len(pred):])
			if i := strings.Index(obj, `"^^`); i >= 0 && !strings.HasPrefix(obj[i+3:], "<") {
				obj = obj[:i+3] + "<" + name(obj[i+3:]).Value + ">"
			}
			var o rdf.Term
			if strings.HasPrefix(obj, ":") {
				o = name(obj)
			} else if o, err = results.ParseTerm(obj); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			triples = append(triples, rdf.Triple{S: subject, P: name(pred), O: o})
		}
	}
	return triples
}

// w3cCase re-creates one query of the W3C functions suite whose pattern is
// a single triple (plus a FILTER): row computes the projection for one
// matching triple, or nil when the FILTER rejects it.
type w3cCase struct {
	result, data string
	pred         string // local name under http://example.org/, "" for any
	subject      string // local name, "" for any
	vars         []string
	row          func(s, o rdf.Term) []rdf.Term
}

// TestW3CFunctionResults evaluates the W3C function tests that need no
// query engine and compares with their expected .srx results.
func TestW3CFunctionResults(t *testing.T) {
	if _, err := os.Stat(w3cFunctionsDir); err != nil {
		testsupport.Missing(t, "W3C SPARQL suite not found at %s (the shared data folder is absent)", w3cFunctionsDir)
	}
	ctx := NewContext(time.Now(), "http://example.org/")
	ev := func(name string, args ...rdf.Term) rdf.Term {
		v, err := Call(ctx, nil, name, args)
		if err != nil {
			return rdf.Term{}
		}
		return v
	}
	filter := func(v rdf.Term) bool { b, err := EBV(v); return err == nil && b }
	str, lang := rdf.String, rdf.LangString
	xsdString := rdf.IRI(rdf.XSDString)
	mapTo := func(f func(rdf.Term) rdf.Term) func(s, o rdf.Term) []rdf.Term {
		return func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, f(o)} }
	}
	enOnly := func(f func(rdf.Term) rdf.Term) func(s, o rdf.Term) []rdf.Term {
		return func(s, o rdf.Term) []rdf.Term {
			if !filter(ev("LANGMATCHES", ev("LANG", o), str("en"))) {
				return nil
			}
			return []rdf.Term{s, f(o)}
		}
	}
	fn := func(name string, extra ...rdf.Term) func(rdf.Term) rdf.Term {
		return func(o rdf.Term) rdf.Term { return ev(name, append([]rdf.Term{o}, extra...)...) }
	}
	keepIf := func(pred func(o rdf.Term) rdf.Term) func(s, o rdf.Term) []rdf.Term {
		return func(s, o rdf.Term) []rdf.Term {
			if !filter(pred(o)) {
				return nil
			}
			return []rdf.Term{s, o}
		}
	}
	cases := []w3cCase{
		{"strdt01.srx", "data.ttl", "str", "", []string{"s", "str1"}, enOnly(fn("STRDT", xsdString))},
		{"strdt02.srx", "data.ttl", "str", "", []string{"s", "str1"}, enOnly(func(o rdf.Term) rdf.Term { return ev("STRDT", ev("STR", o), xsdString) })},
		{"strdt03-rdf11.srx", "data.ttl", "", "", []string{"s", "str1"}, mapTo(fn("STRDT", xsdString))},
		{"strlang01.srx", "data.ttl", "str", "", []string{"s", "s2"}, enOnly(fn("STRLANG", str("en-US")))},
		{"strlang02.srx", "data.ttl", "str", "", []string{"s", "s2"}, enOnly(func(o rdf.Term) rdf.Term { return ev("STRLANG", ev("STR", o), str("en-US")) })},
		{"strlang03-rdf11.srx", "data.ttl", "", "", []string{"s", "str1"}, mapTo(fn("STRLANG", str("en-US")))},
		{"isnumeric01.srx", "data.ttl", "", "", []string{"s", "num"}, keepIf(fn("isNUMERIC"))},
		{"abs01.srx", "data.ttl", "num", "", []string{"s", "num"}, keepIf(func(o rdf.Term) rdf.Term {
			ge, err := GreaterOrEqual(ev("ABS", o), rdf.Literal("2", rdf.XSDInteger))
			if err != nil {
				return rdf.Term{}
			}
			return Boolean(ge)
		})},
		{"ceil01.srx", "data.ttl", "num", "", []string{"s", "num", "ceil"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("CEIL", o)} }},
		{"floor01.srx", "data.ttl", "num", "", []string{"s", "num", "floor"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("FLOOR", o)} }},
		{"round01.srx", "data.ttl", "num", "", []string{"s", "num", "round"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("ROUND", o)} }},
		{"concat-single.srx", "data.ttl", "str", "s6", []string{"str"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev("CONCAT", o)} }},
		{"substring01.srx", "data.ttl", "str", "", []string{"s", "str", "substr"}, func(s, o rdf.Term) []rdf.Term {
			return []rdf.Term{s, o, ev("SUBSTR", o, tm(t, "1"), tm(t, "1"))}
		}},
		{"substring01-non-bmp.srx", "data5.ttl", "str", "", []string{"s", "str", "substr"}, func(s, o rdf.Term) []rdf.Term {
			return []rdf.Term{s, o, ev("SUBSTR", o, tm(t, "1"), tm(t, "1"))}
		}},
		{"substring02.srx", "data.ttl", "str", "", []string{"s", "str", "substr"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("SUBSTR", o, tm(t, "2"))} }},
		{"substring02-non-bmp.srx", "data5.ttl", "str", "", []string{"s", "str", "substr"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("SUBSTR", o, tm(t, "2"))} }},
		{"length01.srx", "data.ttl", "str", "", []string{"str", "len"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{o, ev("STRLEN", o)} }},
		{"length01-non-bmp.srx", "data5.ttl", "str", "", []string{"str", "len"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{o, ev("STRLEN", o)} }},
		{"ucase01.srx", "data.ttl", "str", "", []string{"s", "ustr"}, mapTo(fn("UCASE"))},
		{"ucase01-non-bmp.srx", "data5.ttl", "str", "", []string{"s", "ustr"}, mapTo(fn("UCASE"))},
		{"lcase01.srx", "data.ttl", "str", "", []string{"s", "lstr"}, mapTo(fn("LCASE"))},
		{"lcase01-non-bmp.srx", "data5.ttl", "str", "", []string{"s", "lstr"}, mapTo(fn("LCASE"))},
		{"encode01.srx", "data.ttl", "str", "", []string{"s", "str", "encoded"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("ENCODE_FOR_URI", o)} }},
		{"encode01-non-bmp.srx", "data5.ttl", "str", "", []string{"s", "str", "encoded"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{s, o, ev("ENCODE_FOR_URI", o)} }},
		{"contains01.srx", "data.ttl", "str", "", []string{"s", "str"}, keepIf(fn("CONTAINS", str("a")))},
		{"starts01.srx", "data.ttl", "", "", []string{"s", "str"}, keepIf(func(o rdf.Term) rdf.Term { return ev("STRSTARTS", ev("STR", o), str("1")) })},
		{"ends01.srx", "data.ttl", "", "", []string{"s", "str"}, keepIf(fn("STRENDS", str("bc")))},
		{"md5-01.srx", "data.ttl", "str", "s1", []string{"hash"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev("MD5", o)} }},
		{"md5-02.srx", "data.ttl", "str", "s4", []string{"hash"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev("MD5", o)} }},
		{"hours-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("HOURS"))},
		{"minutes-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("MINUTES"))},
		{"seconds-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("SECONDS"))},
		{"year-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("YEAR"))},
		{"month-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("MONTH"))},
		{"day-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("DAY"))},
		{"timezone-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("TIMEZONE"))},
		{"tz-01.srx", "data.ttl", "date", "", []string{"s", "x"}, mapTo(fn("TZ"))},
		{"if01.srx", "data2.ttl", "", "", []string{"o", "integer"}, func(s, o rdf.Term) []rdf.Term {
			v, err := If(
				func() (rdf.Term, error) {
					eq, err := Equal(ev("LANG", o), str("ja"))
					return Boolean(eq), err
				},
				func() (rdf.Term, error) { return Boolean(true), nil },
				func() (rdf.Term, error) { return Boolean(false), nil })
			if err != nil {
				v = rdf.Term{}
			}
			return []rdf.Term{o, v}
		}},
		{"strbefore01a.srx", "data2.ttl", "str", "", []string{"s", "prefix"}, mapTo(fn("STRBEFORE", str("s")))},
		{"strafter01a.srx", "data2.ttl", "str", "", []string{"s", "suffix"}, mapTo(fn("STRAFTER", str("e")))},
		{"strbefore02.srx", "data4.ttl", "str", "", []string{"s", "str", "bb", "bbc", "bbcy", "b", "ben", "bbx", "bxyzx"}, func(s, o rdf.Term) []rdf.Term {
			return []rdf.Term{s, o, ev("STRBEFORE", o, str("b")), ev("STRBEFORE", o, str("bc")), ev("STRBEFORE", o, lang("b", "cy")),
				ev("STRBEFORE", o, str("")), ev("STRBEFORE", o, lang("", "en")), ev("STRBEFORE", o, str("b")), ev("STRBEFORE", o, str("xyz"))}
		}},
		{"strafter02.srx", "data4.ttl", "str", "", []string{"s", "str", "ab", "aab", "abcy", "a", "aen", "abx", "axyzx"}, func(s, o rdf.Term) []rdf.Term {
			return []rdf.Term{s, o, ev("STRAFTER", o, str("b")), ev("STRAFTER", o, str("ab")), ev("STRAFTER", o, lang("b", "cy")),
				ev("STRAFTER", o, str("")), ev("STRAFTER", o, lang("", "en")), ev("STRAFTER", o, str("b")), ev("STRAFTER", o, str("xyz"))}
		}},
		{"replace01.srx", "data3.ttl", "str", "", []string{"s", "new"}, mapTo(fn("REPLACE", str("[^a-z0-9]"), str("-")))},
		{"replace02.srx", "data3.ttl", "str", "s8", []string{"new"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev("REPLACE", o, str("ana"), str("*"))} }},
		{"replace03.srx", "data3.ttl", "str", "s9", []string{"new"}, func(s, o rdf.Term) []rdf.Term {
			return []rdf.Term{ev("REPLACE", o, str("(ab)|(a)"), str("[1=$1][2=$2]"))}
		}},
	}
	for _, hash := range []string{"sha1", "sha256", "sha384", "sha512"} {
		name := strings.ToUpper(hash)
		cases = append(cases,
			w3cCase{hash + "-01.srx", "data.ttl", "str", "s1", []string{"hash"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev(name, o)} }},
			w3cCase{hash + "-02.srx", "hash-unicode.ttl", "str", "s8", []string{"hash"}, func(s, o rdf.Term) []rdf.Term { return []rdf.Term{ev(name, o)} }})
	}
	data := map[string][]rdf.Triple{}
	for _, c := range cases {
		triples, ok := data[c.data]
		if !ok {
			triples = loadSimpleTurtle(t, filepath.Join(w3cFunctionsDir, c.data))
			data[c.data] = triples
		}
		got := &results.Table{Vars: c.vars, Rows: [][]rdf.Term{}}
		for _, tr := range triples {
			if c.pred != "" && tr.P != rdf.IRI("http://example.org/"+c.pred) ||
				c.subject != "" && tr.S != rdf.IRI("http://example.org/"+c.subject) {
				continue
			}
			if row := c.row(tr.S, tr.O); row != nil {
				got.Rows = append(got.Rows, row)
			}
		}
		want, err := results.ReadFile(filepath.Join(w3cFunctionsDir, c.result))
		if err != nil {
			t.Fatal(err)
		}
		if err := results.EquivalentWith(&want.Table, got, results.Options{Normalize: CanonicalTerm}); err != nil {
			t.Errorf("%s: %v", c.result, err)
		}
	}
	t.Logf("%d W3C function tests re-created", len(cases))
}

// TestW3COpenWorldFilters evaluates the FILTERs of the SPARQL 1.0
// open-world tests (value comparison of unknown datatypes, ill-typed
// literals, language tags and dates) and compares with their results.
func TestW3COpenWorldFilters(t *testing.T) {
	if _, err := os.Stat(w3cOpenWorldDir); err != nil {
		testsupport.Missing(t, "W3C SPARQL suite not found at %s (the shared data folder is absent)", w3cOpenWorldDir)
	}
	lit := func(lex, dt string) rdf.Term { return rdf.Literal(lex, dt) }
	one := lit("1", rdf.XSDInteger)
	type1a := lit("a", "http://example/t#type1")
	date := lit("2006-08-23", rdf.XSDDate)
	keep := func(ok bool, err error) bool { return err == nil && ok }
	single := []struct {
		result, data string
		filter       func(v rdf.Term) bool
	}{
		{"open-eq-03-result.srx", "data-1.ttl", func(v rdf.Term) bool { return keep(Equal(v, one)) }},
		{"open-eq-04-result.srx", "data-1.ttl", func(v rdf.Term) bool { return keep(NotEqual(v, one)) }},
		{"open-eq-05-result.srx", "data-1.ttl", func(v rdf.Term) bool { return keep(Equal(v, type1a)) }},
		{"open-eq-06-result.srx", "data-1.ttl", func(v rdf.Term) bool { return keep(NotEqual(v, type1a)) }},
		{"date-1-result.srx", "data-3.ttl", func(v rdf.Term) bool { return keep(Equal(v, date)) }},
		{"date-2-result.srx", "data-3.ttl", func(v rdf.Term) bool { return keep(NotEqual(v, date)) }},
		{"date-3-result.srx", "data-3.ttl", func(v rdf.Term) bool { return keep(Greater(v, lit("2006-08-22", rdf.XSDDate))) }},
	}
	for _, c := range single {
		triples := loadSimpleTurtle(t, filepath.Join(w3cOpenWorldDir, c.data))
		got := &results.Table{Vars: []string{"x", "v"}, Rows: [][]rdf.Term{}}
		for _, tr := range triples {
			if (c.data != "data-3.ttl" || tr.P.Value == "http://example/r") && c.filter(tr.O) {
				got.Rows = append(got.Rows, []rdf.Term{tr.S, tr.O})
			}
		}
		checkW3C(t, filepath.Join(w3cOpenWorldDir, c.result), got)
	}
	// Pairs of triples: { ?x1 :p ?v1 . ?x2 :p ?v2 } and { ?x :p ?v1 . ?y :q ?v2 }.
	data2 := loadSimpleTurtle(t, filepath.Join(w3cOpenWorldDir, "data-2.ttl"))
	pairs := []struct {
		result string
		p2     string
		vars   []string
		filter func(a, b rdf.Term) bool
	}{
		{"open-eq-07-result.srx", "p", []string{"x1", "v1", "x2", "v2"}, func(a, b rdf.Term) bool { return keep(Equal(a, b)) }},
		{"open-eq-08-result.srx", "p", []string{"x1", "v1", "x2", "v2"}, func(a, b rdf.Term) bool { return keep(NotEqual(a, b)) }},
		{"open-eq-10-result.srx", "q", []string{"x", "v1", "y", "v2"}, func(a, b rdf.Term) bool { return keep(NotEqual(a, b)) }},
		{"open-eq-11-result.srx", "q", []string{"x", "v1", "y", "v2"}, func(a, b rdf.Term) bool {
			return keep(Or(
				func() (bool, error) { return NotEqual(a, b) },
				func() (bool, error) { return Equal(a, b) }))
		}},
	}
	for _, c := range pairs {
		got := &results.Table{Vars: c.vars, Rows: [][]rdf.Term{}}
		for _, t1 := range data2 {
			for _, t2 := range data2 {
				if t1.P.Value == "http://example/p" && t2.P.Value == "http://example/"+c.p2 && c.filter(t1.O, t2.O) {
					got.Rows = append(got.Rows, []rdf.Term{t1.S, t1.O, t2.S, t2.O})
				}
			}
		}
		checkW3C(t, filepath.Join(w3cOpenWorldDir, c.result), got)
	}
}

func checkW3C(t *testing.T, resultPath string, got *results.Table) {
	t.Helper()
	want, err := results.ReadFile(resultPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.Equivalent(&want.Table, got, false); err != nil {
		t.Errorf("%s: %v", filepath.Base(resultPath), err)
	}
}

// TestW3CTypePromotion runs the SPARQL 1.0 type-promotion tests: ASK
// whether datatype(?l + ?r) is a given type for two typed values.
func TestW3CTypePromotion(t *testing.T) {
	dir := filepath.Join(w3cOpenWorldDir, "..", "type-promotion")
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.ttl"))
	if err != nil {
		testsupport.Missing(t, "W3C SPARQL suite not found at %s (the shared data folder is absent)", dir)
	}
	values := map[string]rdf.Term{}
	for _, tr := range loadSimpleTurtle(t, filepath.Join(dir, "tP.ttl")) {
		values[tr.S.Value[strings.IndexByte(tr.S.Value, '#')+1:]] = tr.O
	}
	entry := regexp.MustCompile(`qt:query\s+<([^>]+)>\s*\]\s*;\s*mf:result\s+<(true|false)\.ttl>`)
	query := regexp.MustCompile(`t:(\w+)\s+rdf:value\s+\?l\s*\.\s*t:(\w+)\s+rdf:value\s+\?r\s*\.\s*FILTER\s*\(\s*datatype\(\?l \+ \?r\)\s*=\s*xsd:(\w+)\s*\)`)
	n := 0
	for _, m := range entry.FindAllStringSubmatch(string(manifest), -1) {
		q, err := os.ReadFile(filepath.Join(dir, m[1]))
		if err != nil {
			t.Fatal(err)
		}
		parts := query.FindStringSubmatch(string(q))
		if parts == nil {
			t.Errorf("%s: unexpected query form", m[1])
			continue
		}
		l, lok := values[parts[1]]
		r, rok := values[parts[2]]
		if !lok || !rok {
			t.Fatalf("%s: no data for %s or %s", m[1], parts[1], parts[2])
		}
		sum, err := Add(l, r)
		got := false
		if err == nil {
			dt, _ := Datatype(sum)
			got, err = Equal(dt, rdf.IRI(rdf.NSXSD+parts[3]))
			got = got && err == nil
		}
		if want := m[2] == "true"; got != want {
			t.Errorf("%s: ASK = %v, want %v (%s + %s = %s)", m[1], got, want, l, r, sum)
		}
		n++
	}
	if n < 30 {
		t.Errorf("only %d type-promotion tests found", n)
	}
	t.Logf("%d type-promotion tests run", n)
}

// TestW3CRegex runs the SPARQL 1.0 regex tests whose results are .srx:
// FILTER regex(?val, pattern, flags) over a list of strings.
func TestW3CRegex(t *testing.T) {
	dir := filepath.Join(w3cOpenWorldDir, "..", "regex")
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.ttl"))
	if err != nil {
		testsupport.Missing(t, "W3C SPARQL suite not found at %s (the shared data folder is absent)", dir)
	}
	quoted := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	dataText, err := os.ReadFile(filepath.Join(dir, "regex-data-quantifiers.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	var values []rdf.Term
	for _, q := range quoted.FindAllString(string(dataText), -1) {
		v, err := results.ParseTerm(q)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, v)
	}
	entry := regexp.MustCompile(`qt:query\s+<([^>]+)>\s*;\s*qt:data\s+<regex-data-quantifiers\.ttl>\s*\]\s*;\s*mf:result\s+<([^>]+\.srx)>`)
	call := regexp.MustCompile(`regex\(\?val,\s*("(?:[^"\\]|\\.)*")(?:,\s*("[^"]*"))?\)`)
	n := 0
	for _, m := range entry.FindAllStringSubmatch(string(manifest), -1) {
		q, err := os.ReadFile(filepath.Join(dir, m[1]))
		if err != nil {
			t.Fatal(err)
		}
		parts := call.FindStringSubmatch(string(q))
		if parts == nil {
			t.Errorf("%s: unexpected query form", m[1])
			continue
		}
		pattern, err := results.ParseTerm(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		flags := rdf.Term{}
		if parts[2] != "" {
			flags = rdf.String(strings.Trim(parts[2], `"`))
		}
		got := &results.Table{Vars: []string{"val"}, Rows: [][]rdf.Term{}}
		for _, v := range values {
			match, err := Regex(v, pattern, flags)
			if err != nil {
				t.Errorf("%s: %v", m[1], err)
				break
			}
			if match == Boolean(true) {
				got.Rows = append(got.Rows, []rdf.Term{v})
			}
		}
		checkW3C(t, filepath.Join(dir, m[2]), got)
		n++
	}
	if n < 16 {
		t.Errorf("only %d regex tests found", n)
	}
	t.Logf("%d regex tests run", n)
}

// TestW3CExprOps runs the SPARQL 1.0 expr-ops tests: arithmetic across all
// numeric type pairs and dateTime comparisons with and without timezones.
func TestW3CExprOps(t *testing.T) {
	dir := filepath.Join(w3cOpenWorldDir, "..", "expr-ops")
	if _, err := os.Stat(dir); err != nil {
		testsupport.Missing(t, "W3C SPARQL suite not found at %s (the shared data folder is absent)", dir)
	}
	numbers := loadSimpleTurtle(t, filepath.Join(dir, "data-numbers.ttl"))
	for result, op := range map[string]func(a, b rdf.Term) (rdf.Term, error){
		"result-add-numbers-cast.srx": Add, "result-subtract-numbers-cast.srx": Subtract,
		"result-multiply-numbers-cast.srx": Multiply, "result-divide-numbers-cast.srx": Divide,
	} {
		got := &results.Table{Vars: []string{"left", "right", "result"}, Rows: [][]rdf.Term{}}
		for _, l := range numbers {
			for _, r := range numbers {
				v, err := op(l.O, r.O)
				if err != nil {
					v = rdf.Term{}
				}
				got.Rows = append(got.Rows, []rdf.Term{l.O, r.O, v})
			}
		}
		checkW3CValues(t, filepath.Join(dir, result), got)
	}
	for result, op := range map[string]func(a rdf.Term) (rdf.Term, error){
		"result-unplus-2.srx": UnaryPlus, "result-unminus-2.srx": UnaryMinus,
	} {
		got := &results.Table{Vars: []string{"v", "result"}, Rows: [][]rdf.Term{}}
		for _, n := range numbers {
			v, _ := op(n.O)
			got.Rows = append(got.Rows, []rdf.Term{n.O, v})
		}
		checkW3CValues(t, filepath.Join(dir, result), got)
	}
	times := loadSimpleTurtle(t, filepath.Join(dir, "data-dateTime.ttl"))
	for result, cmp := range map[string]func(a, b rdf.Term) (bool, error){
		"result-dateTime-lt-2.srx": Less, "result-dateTime-le-2.srx": LessOrEqual,
		"result-dateTime-gt-2.srx": Greater, "result-dateTime-ge-2.srx": GreaterOrEqual,
	} {
		got := &results.Table{Vars: []string{"s"}, Rows: [][]rdf.Term{}}
		for i := 0; i+1 < len(times); i += 2 {
			if ok, err := cmp(times[i].O, times[i+1].O); err == nil && ok {
				got.Rows = append(got.Rows, []rdf.Term{times[i].S})
			}
		}
		checkW3C(t, filepath.Join(dir, result), got)
	}
}

// checkW3CValues compares numbers by value, as the expected files write
// them in non-canonical forms ("1"^^xsd:double).
func checkW3CValues(t *testing.T, resultPath string, got *results.Table) {
	t.Helper()
	want, err := results.ReadFile(resultPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.EquivalentWith(&want.Table, got, results.Options{Normalize: CanonicalTerm}); err != nil {
		t.Errorf("%s: %v", filepath.Base(resultPath), err)
	}
}
