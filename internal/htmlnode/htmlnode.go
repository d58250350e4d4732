// Package htmlnode holds the small DOM operations that the processors of
// structured data in HTML (microdata, RDFa, OpenGraph) share, on trees
// parsed by golang.org/x/net/html.
package htmlnode

import (
	"strings"

	"golang.org/x/net/html"
)

// Attr returns the value of n's attribute name (in no namespace) and
// whether n has it.
func Attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// HasAttr reports whether n has the attribute name, whatever its value.
func HasAttr(n *html.Node, name string) bool {
	_, ok := Attr(n, name)
	return ok
}

// TextContent is the DOM's textContent: the text of all n's descendants,
// concatenated in tree order.
func TextContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// Walk calls visit for every element of the tree under n (n included) in
// tree order.
func Walk(n *html.Node, visit func(*html.Node)) {
	if n.Type == html.ElementNode {
		visit(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, visit)
	}
}

// ChildElements appends n's child elements to list.
func ChildElements(n *html.Node, list []*html.Node) []*html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			list = append(list, c)
		}
	}
	return list
}

// Find returns the first element named tag in the tree under n, in tree
// order, or nil.
func Find(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := Find(c, tag); f != nil {
			return f
		}
	}
	return nil
}
