package rdfio

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestSchemaOrgContext(t *testing.T) {
	for _, ctx := range SchemaOrgContextURLs() {
		doc := `{
  "@context": "` + ctx + `",
  "@type": "Event",
  "@id": "https://city.example/events/1",
  "name": "Digital skills for women",
  "url": "https://city.example/events/1.html",
  "sameAs": ["https://other.example/e1", "/local"],
  "image": "poster.png",
  "location": {"@type": "Place", "name": "Library"}
}`
		qs, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{Base: "https://city.example/events/"})
		if err != nil {
			t.Errorf("%s: %v", ctx, err)
			continue
		}
		s := iri("https://city.example/events/1")
		want := []rdf.Quad{
			{S: s, P: rdf.Type, O: iri(rdf.NSSchema + "Event")},
			{S: s, P: iri(rdf.NSSchema + "name"), O: rdf.String("Digital skills for women")},
			{S: s, P: iri(rdf.NSSchema + "url"), O: iri("https://city.example/events/1.html")},
			{S: s, P: iri(rdf.NSSchema + "sameAs"), O: iri("https://other.example/e1")},
			{S: s, P: iri(rdf.NSSchema + "sameAs"), O: iri("https://city.example/local")},
			{S: s, P: iri(rdf.NSSchema + "image"), O: iri("https://city.example/events/poster.png")},
			{S: s, P: iri(rdf.NSSchema + "location"), O: rdf.Blank("l")},
			{S: rdf.Blank("l"), P: rdf.Type, O: iri(rdf.NSSchema + "Place")},
			{S: rdf.Blank("l"), P: iri(rdf.NSSchema + "name"), O: rdf.String("Library")},
		}
		if !rdf.IsomorphicQuads(qs, want) {
			t.Errorf("%s: got\n%s", ctx, dumpQuads(qs))
		}
	}
}

func TestJSONLDNeverFetches(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write([]byte(`{"@context": {"@vocab": "http://evil.example/"}}`))
	}))
	defer srv.Close()
	doc := `{"@context": "` + srv.URL + `/ctx.jsonld", "@id": "http://s", "name": "x"}`
	_, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{})
	if !errors.Is(err, ErrContextNotBundled) {
		t.Errorf("got %v, want an error wrapping ErrContextNotBundled", err)
	}
	if !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("error %q does not name the refused URL", err)
	}
	// file: URLs are refused in the same way.
	doc = `{"@context": "file:///etc/passwd", "@id": "http://s"}`
	if _, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{}); !errors.Is(err, ErrContextNotBundled) {
		t.Errorf("file context: got %v", err)
	}
	// A top-level string is a URL to json-gold: it must not be loaded either.
	if _, err := Parse(strings.NewReader(`"`+srv.URL+`"`), JSONLD, ParseOptions{}); err == nil {
		t.Error("a JSON string document was accepted")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server was contacted %d times", n)
	}
}

func TestContextLoaderAndRegistry(t *testing.T) {
	const u = "https://contexts.test/skillsmap/v1"
	doc := `{"@context": "` + u + `", "@id": "http://s", "title": "T"}`
	loaded := 0
	loader := ContextLoaderFunc(func(url string) ([]byte, error) {
		loaded++
		if url != u {
			return BundledContexts.LoadContext(url)
		}
		return []byte(`{"@context": {"title": "http://purl.org/dc/terms/title"}}`), nil
	})
	qs, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{ContextLoader: loader})
	if err != nil || loaded != 1 || len(qs) != 1 || qs[0].P != iri(rdf.NSDCT+"title") {
		t.Fatalf("custom loader: %v, %v (loaded %d)", qs, err, loaded)
	}
	// Registered contexts are served by the default loader.
	if err := RegisterContext(u, []byte(`{"@context": {"title": "http://purl.org/dc/terms/title"}}`)); err != nil {
		t.Fatal(err)
	}
	if qs, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{}); err != nil || len(qs) != 1 {
		t.Errorf("registered context: %v, %v", qs, err)
	}
	for _, bad := range []string{`not json`, `{"no": "context"}`, strings.Repeat("[", MaxNesting+1)} {
		if err := RegisterContext("https://contexts.test/bad", []byte(bad)); err == nil {
			t.Errorf("RegisterContext accepted %.30q", bad)
		}
	}
}

func TestJSONLDContextLoadLimits(t *testing.T) {
	t.Run("a context including itself is an error, not endless recursion", func(t *testing.T) {
		fetches := map[string]int{}
		loader := ContextLoaderFunc(func(url string) ([]byte, error) {
			fetches[url]++
			next := "https://loop.test/a"
			if strings.HasSuffix(url, "/a") {
				next = "b" // relative to the including context
			}
			return []byte(`{"@context": ["` + next + `", {"p": "http://p"}]}`), nil
		})
		doc := `{"@context": "https://loop.test/a", "@id": "http://s", "p": "x"}`
		_, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{ContextLoader: loader})
		if err == nil || !strings.Contains(err.Error(), "includes itself") {
			t.Errorf("got %v, want an error about a context including itself", err)
		}
		for u, n := range fetches {
			if n > 1 {
				t.Errorf("%s fetched %d times", u, n)
			}
		}
	})
	t.Run("each context is fetched once per document", func(t *testing.T) {
		n := 0
		loader := ContextLoaderFunc(func(url string) ([]byte, error) {
			n++
			return []byte(`{"@context": {"p": {"@id": "http://p", "@context": "https://scoped.test/ctx"}}}`), nil
		})
		doc := `{"@context": "https://scoped.test/ctx", "@id": "http://s", "p": ` + strings.Repeat(`{"p": `, 100) + `"x"` + strings.Repeat("}", 100) + `}`
		qs, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{ContextLoader: loader})
		if err != nil || len(qs) != 101 || n != 1 {
			t.Errorf("got %d quads, error %v, %d fetches; want 101 quads from 1 fetch", len(qs), err, n)
		}
	})
	t.Run("distinct contexts are budgeted", func(t *testing.T) {
		loader := ContextLoaderFunc(func(url string) ([]byte, error) {
			return []byte(`{"@context": {"p": {"@id": "http://p", "@context": "` + url + `x"}}}`), nil
		})
		doc := `{"@context": "https://many.test/c", "@id": "http://s", "p": ` + strings.Repeat(`{"p": `, 100) + `"x"` + strings.Repeat("}", 100) + `}`
		_, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{ContextLoader: loader})
		if err == nil || !strings.Contains(err.Error(), "remote contexts") {
			t.Errorf("got %v, want the context budget error", err)
		}
	})
}

func TestJSONLDNamedGraphs(t *testing.T) {
	doc := `{"@id": "http://g", "@graph": [{"@id": "http://s", "http://p": "v"}]}`
	qs := mustParse(t, doc, JSONLD, ParseOptions{})
	want := []rdf.Quad{{S: iri("http://s"), P: iri("http://p"), O: rdf.String("v"), G: iri("http://g")}}
	if !rdf.IsomorphicQuads(qs, want) {
		t.Errorf("got %v", qs)
	}
}

func TestExtractJSONLD(t *testing.T) {
	page := `<!doctype html>
<html><head>
<base href="/site/">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Organization", "@id": "#org", "name": "Caf&eacute; &amp; Co"}</script>
<script type="text/javascript">var x = {"@id": "not json-ld"};</script>
<script type="application/ld+json; charset=utf-8" id="second">
  <!--
  [{"@context": "https://schema.org", "@id": "#course", "@type": "Course", "provider": {"@id": "#org"}}]
  -->
</script>
</head><body><script type="APPLICATION/LD+JSON">{"@id": "_:b", "http://p": "late"}</script></body></html>`
	got, err := ExtractJSONLD(strings.NewReader(page), ParseOptions{Base: "https://city.example/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Base != "https://city.example/site/" {
		t.Errorf("base = %q", got.Base)
	}
	if len(got.Scripts) != 3 || got.Scripts[1].ID != "second" {
		t.Fatalf("scripts = %+v", got.Scripts)
	}
	if !strings.Contains(string(got.Scripts[0].Content), "Caf&eacute; &amp; Co") {
		t.Errorf("character references must stay as they are in script text: %s", got.Scripts[0].Content)
	}
	if strings.Contains(string(got.Scripts[1].Content), "<!--") {
		t.Errorf("the enclosing comment was not removed: %s", got.Scripts[1].Content)
	}
	qs, err := ParseJSONLDScripts(got.Scripts, got.Base, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	org := iri("https://city.example/site/#org")
	want := []rdf.Quad{
		{S: org, P: rdf.Type, O: iri(rdf.NSSchema + "Organization")},
		{S: org, P: iri(rdf.NSSchema + "name"), O: rdf.String("Caf&eacute; &amp; Co")},
		{S: iri("https://city.example/site/#course"), P: rdf.Type, O: iri(rdf.NSSchema + "Course")},
		{S: iri("https://city.example/site/#course"), P: iri(rdf.NSSchema + "provider"), O: org},
		{S: rdf.Blank("b"), P: iri("http://p"), O: rdf.String("late")},
	}
	if !rdf.IsomorphicQuads(qs, want) {
		t.Errorf("got\n%s", dumpQuads(qs))
	}
	all, err := ParseHTML(strings.NewReader(page), ParseOptions{Base: "https://city.example/index.html"})
	if err != nil || !rdf.IsomorphicQuads(all, want) {
		t.Errorf("ParseHTML: %v\n%s", err, dumpQuads(all))
	}
}

func TestExtractJSONLDRejectsBadScripts(t *testing.T) {
	tests := map[string]string{
		"unclosed comment": `<!-- {"@id": "http://s"}`,
		"unopened comment": `{"@id": "http://s"} -->`,
		"inner comment":    `{"@id": "http://s", "http://p": "<!-- x -->"}`,
	}
	for name, script := range tests {
		page := `<script type="application/ld+json">` + script + `</script>`
		got, err := ExtractJSONLD(strings.NewReader(page), ParseOptions{})
		if err != nil || len(got.Scripts) != 1 || got.Scripts[0].Err == nil {
			t.Errorf("%s: %v %+v, want the script with its error", name, err, got.Scripts)
		}
		if _, err := ParseHTML(strings.NewReader(page), ParseOptions{}); err == nil {
			t.Errorf("%s: ParseHTML accepted it", name)
		}
	}
	page := `<script type="application/ld+json">{"@id": </script><script type="application/ld+json" id="x">{}</script>`
	_, err := ParseHTML(strings.NewReader(page), ParseOptions{})
	var se *ScriptError
	if !errors.As(err, &se) || se.Index != 1 || !strings.Contains(err.Error(), "script 1") {
		t.Errorf("invalid JSON in a script: got %v, want a ScriptError naming script 1", err)
	}
}

// TestParseHTMLForgiving: one bad script never costs the good ones, and
// each bad one is reported with its position and why.
func TestParseHTMLForgiving(t *testing.T) {
	good := `<script type="application/ld+json">{"@context": "https://schema.org", "@id": "#course", "@type": "Course", "name": "Coding club"}</script>`
	bad := map[string]string{
		"empty":                 ``,
		"only spaces":           "  \n ",
		"null":                  `null`,
		"a JavaScript comment":  `// disabled by the SEO plugin` + "\n" + `{"@type": "Course"}`,
		"a block comment":       `/* {"@type": "Course"} */`,
		"malformed JSON":        `{"@context": "https://schema.org", "@type": "Course", "name": "x",}`,
		"an unclosed comment":   `<!-- {"@type": "Course"}`,
		"a number":              `42`,
		"invalid JSON-LD":       `{"@context": {"@version": 2.0}, "@id": "x"}`,
		"a context not bundled": `{"@context": "https://remote.example/ctx.jsonld", "@id": "#x", "http://p": "v"}`,
	}
	want := []rdf.Quad{
		{S: iri("https://city.example/p#course"), P: rdf.Type, O: iri(rdf.NSSchema + "Course")},
		{S: iri("https://city.example/p#course"), P: iri(rdf.NSSchema + "name"), O: rdf.String("Coding club")},
	}
	for name, script := range bad {
		t.Run(name, func(t *testing.T) {
			page := `<html><head><script type="application/ld+json" id="bad">` + script + `</script>` + good + `</head></html>`
			got, err := ParseHTMLForgiving(strings.NewReader(page), ParseOptions{Base: "https://city.example/p"})
			if err != nil {
				t.Fatal(err)
			}
			if !rdf.IsomorphicQuads(got.Quads, want) {
				t.Errorf("the good script's data is lost:\n%s", dumpQuads(got.Quads))
			}
			if len(got.Skipped) != 1 || got.Skipped[0].Index != 1 || got.Skipped[0].ID != "bad" {
				t.Fatalf("skipped %v, want script 1 (id bad)", got.Skipped)
			}
			if msg := got.Skipped[0].Error(); !strings.Contains(msg, `script 1 (id "bad")`) {
				t.Errorf("message %q does not name the script", msg)
			}
		})
	}
}

// TestParseHTMLForgivingTrimsIRIs: IRIs written with spaces around them
// are read as the IRIs they are; text keeps its spaces.
func TestParseHTMLForgivingTrimsIRIs(t *testing.T) {
	page := `<script type="application/ld+json">{"@context": "https://schema.org", "@id": " #c ", "@type": " Course ",
"name": " Coding club ", "url": " https://example.org/x ", "sameAs": ["\nhttps://a.example/\n", " /rel "],
"image": {"@id": " https://img.example/a.jpg"}, "description": {"@value": " https://kept.example/ "}}</script>`
	got, err := ParseHTMLForgiving(strings.NewReader(page), ParseOptions{Base: "https://city.example/p/page"})
	if err != nil || len(got.Skipped) != 0 {
		t.Fatal(err, got.Skipped)
	}
	c := iri("https://city.example/p/page#c")
	want := []rdf.Quad{
		{S: c, P: rdf.Type, O: iri(rdf.NSSchema + "Course")},
		{S: c, P: iri(rdf.NSSchema + "name"), O: rdf.String(" Coding club ")},
		{S: c, P: iri(rdf.NSSchema + "url"), O: iri("https://example.org/x")},
		{S: c, P: iri(rdf.NSSchema + "sameAs"), O: iri("https://a.example/")},
		{S: c, P: iri(rdf.NSSchema + "sameAs"), O: iri("https://city.example/rel")},
		{S: c, P: iri(rdf.NSSchema + "image"), O: iri("https://img.example/a.jpg")},
		{S: c, P: iri(rdf.NSSchema + "description"), O: rdf.String(" https://kept.example/ ")},
	}
	if !rdf.IsomorphicQuads(got.Quads, want) {
		t.Errorf("got\n%s", dumpQuads(got.Quads))
	}
}

func TestJSONLDLanguageTags(t *testing.T) {
	// Well-formed tags are kept (lower-cased); statements with ill-formed
	// ones are dropped, as the JSON-LD toRdf algorithm does.
	tests := map[string][]rdf.Term{
		`"en"`:         {rdf.LangString("x", "en")},
		`"de-CH-1996"`: {rdf.LangString("x", "de-ch-1996")},
		`"en_US"`:      nil,
		`""`:           nil,
		`"not valid!"`: nil,
	}
	for lang, want := range tests {
		doc := `{"@id": "http://s", "http://p": [{"@value": "x", "@language": ` + lang + `}, "kept"]}`
		qs, err := Parse(strings.NewReader(doc), JSONLD, ParseOptions{})
		var got []rdf.Term
		for _, q := range qs {
			if q.O != rdf.String("kept") {
				got = append(got, q.O)
			}
		}
		if err != nil || len(qs) != len(want)+1 || len(want) == 1 && got[0] != want[0] {
			t.Errorf("@language %s: got %v, %v; want %v plus the plain literal", lang, qs, err, want)
		}
	}
}
