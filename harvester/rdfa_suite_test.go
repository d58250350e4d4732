package harvester

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const rdfaSuiteDir = "../../shared/w3c/rdfa"

const rdfaTCPath = "http://rdfa.info/test-suite/test-cases/rdfa1.1/html5"

// rdfaLiteAttrs are the attributes of RDFa 1.1 Lite; rdfaCoreAttrs are the
// others of RDFa Core. A case is "Lite" when its document uses no
// attribute beyond Lite (href and src, which Lite reads, are plain HTML).
var (
	rdfaCoreOnly = regexp.MustCompile(`\s(about|rel|rev|content|datatype|inlist|xmlns:[a-z0-9_-]+|xml:base)\s*=`)
	rdfaAny      = regexp.MustCompile(`\s(vocab|typeof|property|resource|prefix|about|rel|rev|content|datatype)\s*=`)
)

// TestRDFaSuite runs the rdfa.info cases for RDFa 1.1 in HTML5 and reports
// the counts; it fails when a case of the RDFa Lite subset fails. Cases
// are skipped, with the reason counted, when they need lists (inlist),
// XML literals, or SPARQL beyond what the test's ASK evaluator handles.
func TestRDFaSuite(t *testing.T) {
	manifest, err := os.ReadFile(filepath.Join(rdfaSuiteDir, "manifest.ttl"))
	if err != nil {
		testsupport.Missing(t, "RDFa test suite not available (%v): it lives in ../shared/w3c/rdfa", err)
	}
	triples, err := rdfio.ParseTriples(bytes.NewReader(manifest), rdfio.Turtle, rdfio.ParseOptions{Base: "http://rdfa.info/test-suite/manifest"})
	if err != nil {
		t.Fatal(err)
	}
	g := rdf.NewGraph(triples...)
	const rt = "http://rdfa.info/vocabs/rdfa-test#"
	var cases []string
	for _, s := range g.Subjects(rdf.IRI(rt+"rdfaVersion"), rdf.String("rdfa1.1")) {
		if g.Has(rdf.Triple{S: s, P: rdf.IRI(rt + "hostLanguage"), O: rdf.String("html5")}) {
			cases = append(cases, s.Value)
		}
	}
	sort.Strings(cases)
	type tally struct{ pass, fail int }
	counts := map[string]*tally{"lite": {}, "core": {}}
	skips := map[string]int{}
	var liteFailures, coreFailures []string
	for _, tc := range cases {
		num := tc[strings.LastIndex(tc, "/")+1:]
		expect := g.Object(rdf.IRI(tc), rdf.IRI("http://www.w3.org/2006/03/test-description#expectedResults")).Value != "false"
		doc, err := os.ReadFile(filepath.Join(rdfaSuiteDir, "tests", num+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		query, err := os.ReadFile(filepath.Join(rdfaSuiteDir, "tests", num+".sparql"))
		if err != nil {
			t.Fatal(err)
		}
		// The suite's files name the XHTML variant; its server serves each
		// host language under its own extension.
		text := strings.ReplaceAll(strings.ReplaceAll(string(doc), "$TCPATH", rdfaTCPath), ".xhtml", ".html")
		q := strings.ReplaceAll(strings.ReplaceAll(string(query), "$TCPATH", rdfaTCPath), ".xhtml", ".html")
		switch {
		case strings.Contains(text, "XMLLiteral") || strings.Contains(text, "rdf:HTML"):
			skips["XML and HTML literals are read as text"]++
			continue
		}
		pattern, blankVars, ok := askPattern(q, rdfaTCPath+"/"+num+".html")
		if !ok {
			skips["ASK query beyond the test's evaluator (OPTIONAL, FILTER, lists)"]++
			t.Logf("skipped %s: query beyond the evaluator", num)
			continue
		}
		base := rdfaTCPath + "/" + num + ".html"
		root, err := html.Parse(strings.NewReader(rdfaHTML5Document(text)))
		if err != nil {
			t.Fatal(err)
		}
		data := rdf.NewGraph()
		for _, q := range rdfaQuads(root, base) {
			data.Add(q.Triple())
		}
		got := matchPattern(pattern, data, blankVars)
		class := "core"
		if rdfaAny.MatchString(text) && !rdfaCoreOnly.MatchString(text) {
			class = "lite"
		}
		if got == expect {
			counts[class].pass++
			continue
		}
		counts[class].fail++
		if class == "lite" {
			liteFailures = append(liteFailures, num)
		} else {
			coreFailures = append(coreFailures, num)
		}
	}
	var skipped []string
	total := 0
	for reason, n := range skips {
		skipped = append(skipped, fmt.Sprintf("%d: %s", n, reason))
		total += n
	}
	sort.Strings(skipped)
	t.Logf("RDFa 1.1 HTML5 cases: %d", len(cases))
	t.Logf("RDFa Lite subset: %d/%d pass", counts["lite"].pass, counts["lite"].pass+counts["lite"].fail)
	t.Logf("other RDFa Core cases: %d/%d pass; failing: %v", counts["core"].pass, counts["core"].pass+counts["core"].fail, coreFailures)
	t.Logf("skipped %d: %s", total, strings.Join(skipped, "; "))
	if len(liteFailures) > 0 || len(coreFailures) > 0 {
		t.Errorf("cases fail: Lite %v, core %v", liteFailures, coreFailures)
	}
}

// rdfaHTML5Document builds the document the suite's server serves: a JSON
// object of prefixes before <head> goes to the root's prefix attribute.
func rdfaHTML5Document(text string) string {
	prefixAttr := ""
	if i := strings.Index(text, "<head"); i > 0 {
		var prefixes map[string]string
		before := strings.TrimSpace(text[:i])
		if !strings.HasPrefix(before, "{") {
			prefixAttr = " " + before // attributes of the root element
		} else if json.Unmarshal([]byte(before), &prefixes) == nil {
			keys := make([]string, 0, len(prefixes))
			for k := range prefixes {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, k+": "+prefixes[k])
			}
			prefixAttr = ` prefix="` + strings.Join(parts, " ") + `"`
		}
		text = text[i:]
	}
	return "<!DOCTYPE html>\n<html" + prefixAttr + ">\n" + text + "\n</html>\n"
}

var (
	sparqlVar     = regexp.MustCompile(`\?([A-Za-z_][A-Za-z0-9_]*)`)
	isBlankFilter = regexp.MustCompile(`(?i)FILTER\s*\(?\s*((?:!?\s*isBlank\s*\(\s*\?[A-Za-z0-9_]+\s*\)\s*(?:&&\s*)?)+)\)?`)
	blankArg      = regexp.MustCompile(`(!?)\s*isBlank\s*\(\s*\?([A-Za-z0-9_]+)\s*\)`)
)

// varScheme marks variables in a query pattern written as Turtle.
const varScheme = "urn:x-var:"

func isVar(t rdf.Term) (string, bool) {
	switch {
	case t.IsBlank():
		return "_:" + t.Value, true
	case t.IsIRI() && strings.HasPrefix(t.Value, varScheme):
		return strings.TrimPrefix(t.Value, varScheme), true
	}
	return "", false
}

// askPattern turns an ASK query made of triple patterns (with FILTER
// isBlank at most) into a graph whose blank nodes and urn:x-var: IRIs are
// the variables: the WHERE clause is Turtle once ?x is written as such. blankVars says which
// variables must (true) or must not (false) be bound to blank nodes.
func askPattern(q, base string) ([]rdf.Triple, map[string]bool, bool) {
	open, end := strings.Index(q, "{"), strings.LastIndex(q, "}")
	if open < 0 || end < open {
		return nil, nil, false
	}
	head, body := q[:open], q[open+1:end]
	for _, kw := range []string{"OPTIONAL", "UNION", "MINUS", "GRAPH", "NOT EXISTS", "bound", "lang(", "STR(", "str("} {
		if strings.Contains(body, kw) {
			return nil, nil, false
		}
	}
	blankVars := map[string]bool{}
	body = isBlankFilter.ReplaceAllStringFunc(body, func(f string) string {
		for _, m := range blankArg.FindAllStringSubmatch(f, -1) {
			blankVars["v_"+m[2]] = m[1] == ""
		}
		return ""
	})
	if strings.Contains(strings.ToUpper(body), "FILTER") {
		return nil, nil, false
	}
	// Variables become IRIs of a reserved scheme, so that they may stand
	// where Turtle allows no blank node (the predicate).
	body = sparqlVar.ReplaceAllString(body, "<"+varScheme+"v_$1>")
	if t := strings.TrimSpace(body); t != "" && !strings.HasSuffix(t, ".") {
		body += " ."
	}
	var prologue strings.Builder
	for _, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		up := strings.ToUpper(line)
		if strings.HasPrefix(up, "PREFIX") || strings.HasPrefix(up, "BASE") {
			prologue.WriteString(line + "\n")
		}
	}
	ts, err := rdfio.ParseTriples(strings.NewReader(prologue.String()+body), rdfio.Turtle, rdfio.ParseOptions{Base: base})
	if err != nil {
		return nil, nil, false
	}
	return ts, blankVars, true
}

// matchPattern reports whether the pattern maps into data, blank nodes of
// the pattern being variables.
func matchPattern(pattern []rdf.Triple, data *rdf.Graph, blankVars map[string]bool) bool {
	all := data.Triples()
	bind := map[string]rdf.Term{}
	var solve func(i int) bool
	solve = func(i int) bool {
		if i == len(pattern) {
			for v, mustBlank := range blankVars {
				if t, ok := bind[v]; ok && t.IsBlank() != mustBlank {
					return false
				}
			}
			return true
		}
		p := pattern[i]
		for _, t := range all {
			var added []string
			ok := true
			for _, pair := range [][2]rdf.Term{{p.S, t.S}, {p.P, t.P}, {p.O, t.O}} {
				want, have := pair[0], pair[1]
				name, isVariable := isVar(want)
				if !isVariable {
					if want != have {
						ok = false
						break
					}
					continue
				}
				if b, bound := bind[name]; bound {
					if b != have {
						ok = false
						break
					}
					continue
				}
				bind[name] = have
				added = append(added, name)
			}
			if ok && solve(i+1) {
				return true
			}
			for _, v := range added {
				delete(bind, v)
			}
		}
		return false
	}
	return solve(0)
}
