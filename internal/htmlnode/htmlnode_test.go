package htmlnode

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDOMOperations(t *testing.T) {
	root, err := html.Parse(strings.NewReader(`<html><head><meta property="og:title" content="T"></head><body><p id="a" hidden>one <b>two</b><!-- no --><script>three</script></p><p id="b"></p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	Walk(root, func(n *html.Node) { names = append(names, n.Data) })
	if want := []string{"html", "head", "meta", "body", "p", "b", "script", "p"}; !slices.Equal(names, want) {
		t.Errorf("Walk: %v, want tree order %v", names, want)
	}
	p := Find(root, "p")
	if v, ok := Attr(p, "id"); !ok || v != "a" || !HasAttr(p, "hidden") || HasAttr(p, "lang") {
		t.Errorf("Attr/HasAttr on %v", p.Attr)
	}
	if got := TextContent(p); got != "one twothree" {
		t.Errorf("TextContent = %q: the text of all descendants (scripts too, not comments)", got)
	}
	if kids := ChildElements(p, nil); len(kids) != 2 || kids[0].Data != "b" || kids[1].Data != "script" {
		t.Errorf("ChildElements = %v", kids)
	}
	if Find(root, "table") != nil {
		t.Error("Find found what is not there")
	}
}
