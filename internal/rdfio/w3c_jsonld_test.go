package rdfio

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

const jsonldTestBase = "https://w3c.github.io/json-ld-api/tests/"

// jsonldManifestTest is one entry of a JSON-LD API test manifest.
type jsonldManifestTest struct {
	ID     string   `json:"@id"`
	Type   []string `json:"@type"`
	Name   string   `json:"name"`
	Input  string   `json:"input"`
	Expect string   `json:"expect"`
	Error  string   `json:"expectErrorCode"`
	Option struct {
		Base                  string `json:"base"`
		SpecVersion           string `json:"specVersion"`
		ProcessingMode        string `json:"processingMode"`
		ExpandContext         string `json:"expandContext"`
		ProduceGeneralizedRdf bool   `json:"produceGeneralizedRdf"`
		RDFDirection          string `json:"rdfDirection"`
		ExtractAllScripts     bool   `json:"extractAllScripts"`
	} `json:"option"`
}

func (t jsonldManifestTest) hasType(typ string) bool {
	for _, x := range t.Type {
		if x == typ {
			return true
		}
	}
	return false
}

func loadJSONLDManifest(t *testing.T, name string) (dir string, tests []jsonldManifestTest) {
	t.Helper()
	dir = filepath.Join(sharedW3C, "json-ld-api")
	data, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		testsupport.Missing(t, "W3C JSON-LD suite not available (%s is absent; it ships in the shared data folder, not in the repository)", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Sequence []jsonldManifestTest `json:"sequence"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return dir, m.Sequence
}

// suiteLoader serves the suite's files for URLs under the test base, which
// is how the suite's remote contexts run offline; it refuses the rest.
func suiteLoader(dir string) ContextLoader {
	return ContextLoaderFunc(func(url string) ([]byte, error) {
		rel, ok := strings.CutPrefix(url, jsonldTestBase)
		if !ok {
			return BundledContexts.LoadContext(url)
		}
		if i := strings.IndexAny(rel, "?#"); i >= 0 {
			rel = rel[:i]
		}
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	})
}

// jsonldSkipReason says why a test is not run, or "".
func jsonldSkipReason(tc jsonldManifestTest) string {
	switch {
	case tc.Option.SpecVersion == "json-ld-1.0":
		return "JSON-LD 1.0 only; we run JSON-LD 1.1"
	case tc.Option.ProduceGeneralizedRdf:
		return "generalized RDF (blank node predicates) is outside the RDF data model (rdf.Quad predicates are IRIs)"
	case tc.ID == "#ter56":
		return "its input (expand/er56-in.jsonld) is not part of the shared suite subset"
	case tc.Option.RDFDirection != "":
		return "the rdfDirection option (i18n-datatype / compound-literal) is not implemented by json-gold"
	}
	return ""
}

// jsonldKnownFailures are toRdf tests that json-gold v0.9.1 fails. We do
// not own json-gold, so they are reported rather than fixed; a test that
// starts passing fails TestW3CJSONLDToRDF until it is removed from here.
const (
	whyDotSegments    = "json-gold resolves relative IRIs without RFC 3986 dot-segment removal (./ and ../ stay in the IRI)"
	whyContextURL     = "json-gold resolves a relative context URL in the document against @base instead of the document URL"
	whyMissingError   = "json-gold accepts this invalid input instead of raising the required error"
	whyNestAlias      = "json-gold ignores @nest aliases inside property-scoped contexts"
	whyScopedContext  = "json-gold mis-applies property-scoped contexts that redefine terms (@propagate)"
	whyRelativeVocab  = "json-gold does not resolve a relative @vocab against the document base"
	whyJCS            = "json-gold's JSON canonicalization (JCS) of rdf:JSON literals is wrong; rdfio turns its error text into an error instead of a corrupt literal"
	whyListBase       = "json-gold resolves list items against an unusual @base (ex:, an invalid IRI) wrongly"
	whyReverseKeyword = "json-gold rejects a term whose @reverse value looks like a keyword instead of ignoring it"
	whyProtectedGraph = "json-gold does not clear protected terms for a @graph container with a null context"
)

var jsonldKnownFailures = map[string]string{
	"#t0122": whyDotSegments,
	"#t0123": whyDotSegments,
	"#t0124": whyDotSegments,
	"#t0125": whyDotSegments,
	"#t0128": whyDotSegments,
	"#t0130": whyDotSegments,
	"#t0131": whyDotSegments,
	"#t0132": whyDotSegments,
	"#tc031": whyContextURL,
	"#tc033": whyMissingError,
	"#te123": whyMissingError,
	"#tec02": whyMissingError,
	"#ter52": whyMissingError,
	"#ter54": whyMissingError,
	"#tpr28": whyMissingError,
	"#tc037": whyNestAlias,
	"#tc038": whyScopedContext,
	"#te111": whyRelativeVocab,
	"#te112": whyRelativeVocab,
	"#tjs03": whyJCS,
	"#tjs07": whyJCS,
	"#tjs08": whyJCS,
	"#tjs14": whyJCS,
	"#tjs17": whyJCS,
	"#tjs18": whyJCS,
	"#tjs22": whyJCS,
	"#tjs23": whyJCS,
	"#tli11": whyListBase,
	"#tli12": whyListBase,
	"#tpr38": whyReverseKeyword,
	"#tpr39": whyReverseKeyword,
	"#tpr43": whyProtectedGraph,
}

func TestW3CJSONLDToRDF(t *testing.T) {
	dir, tests := loadJSONLDManifest(t, "toRdf-manifest.jsonld")
	loader := suiteLoader(dir)
	var c tally
	for _, tc := range tests {
		if reason := jsonldSkipReason(tc); reason != "" {
			c.skip++
			if *verboseW3C {
				t.Logf("skip %s: %s", tc.ID, reason)
			}
			continue
		}
		err := runJSONLDToRDFTest(dir, tc, loader)
		reason, known := jsonldKnownFailures[tc.ID]
		switch {
		case err != nil && known:
			c.fail++
			if *verboseW3C {
				t.Logf("known failure %s (%s): %v", tc.ID, reason, err)
			}
		case err != nil:
			c.fail++
			t.Errorf("%s %s: %v", tc.ID, tc.Name, err)
		case known:
			c.pass++
			t.Errorf("%s now passes: remove it from jsonldKnownFailures", tc.ID)
		default:
			c.pass++
		}
	}
	c.report(t, "json-ld toRdf")
}

func runJSONLDToRDFTest(dir string, tc jsonldManifestTest, loader ContextLoader) error {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.Input)))
	if err != nil {
		return err
	}
	o := jsonldOptions{base: jsonldTestBase + tc.Input, loader: loader, processingMode: tc.Option.ProcessingMode}
	if tc.Option.Base != "" {
		o.base = tc.Option.Base
	}
	if tc.Option.ExpandContext != "" {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.Option.ExpandContext)))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &o.expandContext); err != nil {
			return err
		}
	}
	var got []rdf.Quad
	emit := func(q rdf.Quad) error {
		got = append(got, q)
		return nil
	}
	doc, err := decodeJSONLD(data)
	if err == nil {
		err = jsonldToRDF(doc, o, rdf.NewBlankScope(), emit)
	}
	return checkJSONLDOutcome(dir, tc, got, err)
}

func checkJSONLDOutcome(dir string, tc jsonldManifestTest, got []rdf.Quad, err error) error {
	switch {
	case tc.hasType("jld:NegativeEvaluationTest"):
		if err == nil {
			return fmt.Errorf("expected error %q, got %d quads", tc.Error, len(got))
		}
		return nil
	case err != nil:
		return err
	case tc.hasType("jld:PositiveSyntaxTest"):
		return nil
	}
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(tc.Expect)))
	if err != nil {
		return err
	}
	defer f.Close()
	want, err := Parse(f, NQuads, ParseOptions{})
	if err != nil {
		return fmt.Errorf("reading expected result: %w", err)
	}
	if !rdf.IsomorphicQuads(got, want) {
		return fmt.Errorf("result differs from %s:\n got:\n%s want:\n%s", tc.Expect, dumpQuads(got), dumpQuads(want))
	}
	return nil
}

// TestW3CJSONLDHTMLToRDF runs the toRdf tests of the HTML suite: JSON-LD in
// <script> elements, read by ExtractJSONLD and ParseJSONLDScripts.
func TestW3CJSONLDHTMLToRDF(t *testing.T) {
	dir, tests := loadJSONLDManifest(t, "html-manifest.jsonld")
	loader := suiteLoader(dir)
	var c tally
	for _, tc := range tests {
		if !tc.hasType("jld:ToRDFTest") {
			continue // expand, compact and flatten tests are json-gold's API, not ours
		}
		if err := runJSONLDHTMLTest(dir, tc, loader); err != nil {
			c.fail++
			t.Errorf("%s %s: %v", tc.ID, tc.Name, err)
			continue
		}
		c.pass++
	}
	c.report(t, "json-ld html")
}

func runJSONLDHTMLTest(dir string, tc jsonldManifestTest, loader ContextLoader) error {
	input, fragment, _ := strings.Cut(tc.Input, "#")
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(input)))
	if err != nil {
		return err
	}
	defer f.Close()
	base := jsonldTestBase + input
	if tc.Option.Base != "" {
		base = tc.Option.Base
	}
	opt := ParseOptions{Base: base, ContextLoader: loader}
	var got []rdf.Quad
	page, err := ExtractJSONLD(f, opt)
	if err == nil {
		scripts := page.Scripts
		switch {
		case fragment != "":
			scripts = nil
			for _, s := range page.Scripts {
				if s.ID == fragment {
					scripts = append(scripts, s)
				}
			}
			if len(scripts) == 0 {
				err = errors.New("no JSON-LD script element with id " + fragment)
			}
		case !tc.Option.ExtractAllScripts && len(scripts) > 1:
			scripts = scripts[:1]
		}
		if err == nil {
			got, err = ParseJSONLDScripts(scripts, page.Base, opt)
		}
	}
	return checkJSONLDOutcome(dir, tc, got, err)
}
