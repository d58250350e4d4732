package microdata

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

const page = "https://partner.example/courses/index.html"

func convert(t *testing.T, body string) Result {
	t.Helper()
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return ToRDF(root, Options{Base: page})
}

// objects returns the values of the first item's property p (a schema.org
// local name or an absolute IRI).
func objects(ts []rdf.Triple, p string) []rdf.Term {
	if !strings.Contains(p, ":") {
		p = "https://schema.org/" + p
	}
	var out []rdf.Term
	for _, t := range ts {
		if t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

func TestPropertyValues(t *testing.T) {
	item := func(inner string) string {
		return `<div itemscope itemtype="https://schema.org/Thing">` + inner + `</div>`
	}
	xsd := func(local string) string { return rdf.NSXSD + local }
	tests := []struct {
		name, html, prop string
		want             rdf.Term
	}{
		{"a@href is an IRI", `<a itemprop="url" href="/courses/x">Course</a>`, "url", rdf.IRI("https://partner.example/courses/x")},
		{"link@href with leading spaces", `<link itemprop="availability" href="  http://schema.org/InStock">`, "availability", rdf.IRI("http://schema.org/InStock")},
		{"img@src with spaces around", `<img itemprop="image" src=" a.jpg ">`, "image", rdf.IRI("https://partner.example/courses/a.jpg")},
		{"newlines inside a URL are removed", "<a itemprop=\"url\" href=\"/a\nb\">x</a>", "url", rdf.IRI("https://partner.example/ab")},
		{"a space inside a URL is percent-encoded", `<a itemprop="url" href="my page.html">x</a>`, "url", rdf.IRI("https://partner.example/courses/my%20page.html")},
		{"area@href", `<map><area itemprop="url" href="m"></map>`, "url", rdf.IRI("https://partner.example/courses/m")},
		{"audio@src", `<audio itemprop="audio" src="a.mp3"></audio>`, "audio", rdf.IRI("https://partner.example/courses/a.mp3")},
		{"video@src", `<video itemprop="video" src="v.mp4"></video>`, "video", rdf.IRI("https://partner.example/courses/v.mp4")},
		{"source@src", `<video><source itemprop="contentUrl" src="v.webm"></video>`, "contentUrl", rdf.IRI("https://partner.example/courses/v.webm")},
		{"embed@src", `<embed itemprop="embedUrl" src="e.swf">`, "embedUrl", rdf.IRI("https://partner.example/courses/e.swf")},
		{"iframe@src", `<iframe itemprop="embedUrl" src="https://video.example/e/1"></iframe>`, "embedUrl", rdf.IRI("https://video.example/e/1")},
		{"track@src", `<video><track itemprop="caption" src="c.vtt"></video>`, "caption", rdf.IRI("https://partner.example/courses/c.vtt")},
		{"object@data", `<object itemprop="object" data="o.pdf"></object>`, "object", rdf.IRI("https://partner.example/courses/o.pdf")},
		{"mailto stays as it is", `<a itemprop="email" href="mailto:info@partner.example">mail</a>`, "email", rdf.IRI("mailto:info@partner.example")},
		{"time date", `<time itemprop="startDate" datetime="2025-03-01">1 March</time>`, "startDate", rdf.Literal("2025-03-01", rdf.XSDDate)},
		{"time dateTime", `<time itemprop="startDate" datetime="2025-03-01T09:30:00+01:00">1 March</time>`, "startDate", rdf.Literal("2025-03-01T09:30:00+01:00", rdf.XSDDateTime)},
		{"time time", `<time itemprop="doorTime" datetime="09:30:00">half past nine</time>`, "doorTime", rdf.Literal("09:30:00", xsd("time"))},
		{"time gYearMonth", `<time itemprop="startDate" datetime="2025-03">March</time>`, "startDate", rdf.Literal("2025-03", xsd("gYearMonth"))},
		{"time gYear", `<time itemprop="startDate" datetime="2025">this year</time>`, "startDate", rdf.Literal("2025", rdf.XSDGYear)},
		{"time duration", `<time itemprop="timeRequired" datetime="PT2H30M">2½ hours</time>`, "timeRequired", rdf.Literal("PT2H30M", xsd("duration"))},
		{"time text without datetime", `<time itemprop="startDate">2025-03-01</time>`, "startDate", rdf.Literal("2025-03-01", rdf.XSDDate)},
		{"time of no known form", `<time itemprop="startDate" datetime="next spring">soon</time>`, "startDate", rdf.String("next spring")},
		{"time without seconds is not xsd:dateTime", `<time itemprop="startDate" datetime="2025-03-01T09:30">x</time>`, "startDate", rdf.String("2025-03-01T09:30")},
		{"an impossible month is no date", `<time itemprop="startDate" datetime="2025-13-01">x</time>`, "startDate", rdf.String("2025-13-01")},
		{"data integer", `<data itemprop="price" value="12">twelve</data>`, "price", rdf.Literal("12", rdf.XSDInteger)},
		{"data double", `<data itemprop="price" value="-1.5e3">x</data>`, "price", rdf.Literal("-1.5e3", rdf.XSDDouble)},
		{"meter double", `<meter itemprop="ratingValue" value="4.5">4.5</meter>`, "ratingValue", rdf.Literal("4.5", rdf.XSDDouble)},
		{"data string", `<data itemprop="sku" value="A-12">x</data>`, "sku", rdf.String("A-12")},
		{"meta@content", `<meta itemprop="latitude" content="48.2082">`, "latitude", rdf.String("48.2082")},
		{"content on any element", `<span itemprop="price" content="6.99">6,99 €</span>`, "price", rdf.String("6.99")},
		{"text keeps its spaces", `<span itemprop="name"> Digital  Seniors </span>`, "name", rdf.String(" Digital  Seniors ")},
		{"text in the element's language", `<p lang="de-AT"><span itemprop="name">Digitale Senioren</span></p>`, "name", rdf.LangString("Digitale Senioren", "de-at")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convert(t, item(tt.html))
			if len(got.Errors) > 0 {
				t.Errorf("errors: %v", got.Errors)
			}
			if vs := objects(got.Triples, tt.prop); len(vs) != 1 || vs[0] != tt.want {
				t.Errorf("%s = %v, want %v", tt.prop, vs, tt.want)
			}
		})
	}
}

func TestItems(t *testing.T) {
	t.Run("an item without itemtype keeps its properties", func(t *testing.T) {
		got := convert(t, `<div itemscope><span itemprop="name">Digital café</span><a itemprop="url" href="cafe">x</a></div>`)
		if vs := objects(got.Triples, page+"#name"); len(vs) != 1 || vs[0] != rdf.String("Digital café") {
			t.Errorf("name: %v", got.Triples)
		}
		if vs := objects(got.Triples, page+"#url"); len(vs) != 1 || vs[0] != rdf.IRI("https://partner.example/courses/cafe") {
			t.Errorf("url: %v", got.Triples)
		}
	})
	t.Run("itemid, nested and referenced items, base href", func(t *testing.T) {
		got := convert(t, `<html><head><base href="https://cms.partner.example/site/"></head><body>
<article itemscope itemtype="http://schema.org/Course" itemid=" courses/42 " itemref="org">
  <h1 itemprop="name">Coding for girls</h1>
  <div itemprop="location" itemscope itemtype="http://schema.org/Place"><span itemprop="name">Library</span></div>
</article>
<footer><div id="org" itemprop="provider" itemscope><span itemprop="name">City of Porto</span></div></footer>
</body></html>`)
		course := rdf.IRI("https://cms.partner.example/site/courses/42")
		g := rdf.NewGraph(got.Triples...)
		if !g.Has(rdf.Triple{S: course, P: rdf.Type, O: rdf.IRI("http://schema.org/Course")}) {
			t.Fatalf("no typed course %s:\n%s", course, dump(got.Triples))
		}
		provider := g.Object(course, rdf.IRI("http://schema.org/provider"))
		// The provider has no type of its own: its properties take the
		// vocabulary of the item that refers to it.
		if g.Object(provider, rdf.IRI("http://schema.org/name")) != rdf.String("City of Porto") {
			t.Errorf("provider by itemref:\n%s", dump(got.Triples))
		}
		place := g.Object(course, rdf.IRI("http://schema.org/location"))
		if g.Object(place, rdf.IRI("http://schema.org/name")) != rdf.String("Library") {
			t.Errorf("nested place:\n%s", dump(got.Triples))
		}
	})
	t.Run("additionalType adds a type (the registry's expansion)", func(t *testing.T) {
		got := convert(t, `<div itemscope itemtype="https://schema.org/Event"><link itemprop="additionalType" href="https://schema.org/EducationEvent"></div>`)
		g := rdf.NewGraph(got.Triples...)
		if len(g.Subjects(rdf.Type, rdf.IRI("https://schema.org/EducationEvent"))) != 1 {
			t.Errorf("no EducationEvent type:\n%s", dump(got.Triples))
		}
	})
	t.Run("itemprop-reverse", func(t *testing.T) {
		got := convert(t, `<div itemscope itemtype="http://schema.org/Organization"><span itemprop="name">Hub</span>
<div itemprop-reverse="provider" itemscope itemtype="http://schema.org/Course"><span itemprop="name">Course</span></div>
<meta itemprop-reverse="provider" content="a literal"></div>`)
		g := rdf.NewGraph(got.Triples...)
		course := g.Subjects(rdf.Type, rdf.IRI("http://schema.org/Course"))
		org := g.Subjects(rdf.Type, rdf.IRI("http://schema.org/Organization"))
		if len(course) != 1 || len(org) != 1 || g.Object(course[0], rdf.IRI("http://schema.org/provider")) != org[0] {
			t.Errorf("reverse provider:\n%s", dump(got.Triples))
		}
		if len(got.Errors) != 1 || !errors.Is(got.Errors[0], ErrReverseLiteral) {
			t.Errorf("errors %v, want one ErrReverseLiteral", got.Errors)
		}
	})
}

// TestHostileInputIsBounded: itemref can make every item read the same
// large part of the page; the work stays bounded and the result says so.
func TestHostileInputIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<div id="big">`)
	for i := range 3000 {
		fmt.Fprintf(&b, `<span itemprop="p%d">v</span>`, i)
	}
	b.WriteString(`</div>`)
	for range 3000 {
		b.WriteString(`<div itemscope itemref="big"></div>`)
	}
	got := convert(t, b.String())
	if len(got.Errors) != 1 || !errors.Is(got.Errors[0], ErrTooComplex) {
		t.Fatalf("errors %v, want ErrTooComplex", got.Errors)
	}
	if len(got.Triples) == 0 || len(got.Triples) > maxTriples {
		t.Errorf("%d triples", len(got.Triples))
	}

	deep := strings.Repeat(`<div itemprop="p" itemscope>`, maxDepth+10)
	got = convert(t, `<div itemscope>`+deep+`</div>`)
	if len(got.Errors) != 1 || !errors.Is(got.Errors[0], ErrTooComplex) {
		t.Fatalf("deep nesting: errors %v, want ErrTooComplex", got.Errors)
	}
}

func TestParseRegistry(t *testing.T) {
	r, err := ParseRegistry([]byte(`{"@comment": "x",
"http://example.org/vocab#": {"properties": {"label": {"equivalentProperty": ["http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title"]}}},
"http://example.org/": {"propertyURI": "vocabulary", "multipleValues": "unordered"}}`))
	if err != nil {
		t.Fatal(err)
	}
	v := r.vocabulary("http://example.org/vocab#Thing")
	if v.propertyBase != "http://example.org/vocab#" || len(v.expansion("label", "http://example.org/vocab#label")) != 2 {
		t.Errorf("longest prefix: %+v", v)
	}
	if v := r.vocabulary("http://example.org/other/Thing"); v.propertyBase != "http://example.org/" {
		t.Errorf("registered prefix: %+v", v)
	}
	if v := r.vocabulary("urn:x-type"); v.propertyBase != "urn:x-type#" {
		t.Errorf("type without / or #: %+v", v)
	}
	for _, bad := range []string{`[]`, `{"http://x/": []}`, `{"http://x/": {"properties": {"p": {"subPropertyOf": 3}}}}`} {
		if _, err := ParseRegistry([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
