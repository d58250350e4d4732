package harvester

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/htmlnode"
)

// openGraph holds the OpenGraph properties of a page (<meta property="og:…"
// content="…">) that can stand in for what a practice's structured data
// lacks: the first value of each.
type openGraph struct {
	title, description, image, url string
	lang                           string // from og:locale ("de_DE" → "de-DE")
}

// readOpenGraph reads the page's og: meta tags; pages write them with
// property (the protocol) or name (common too).
func readOpenGraph(root *html.Node) openGraph {
	var og openGraph
	htmlnode.Walk(root, func(n *html.Node) {
		if n.Data != "meta" {
			return
		}
		key, ok := htmlnode.Attr(n, "property")
		if !ok {
			key, _ = htmlnode.Attr(n, "name")
		}
		content, _ := htmlnode.Attr(n, "content")
		content = cleanText(content)
		var dst *string
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "og:title":
			dst = &og.title
		case "og:description":
			dst = &og.description
		case "og:image", "og:image:url", "og:image:secure_url":
			dst = &og.image
		case "og:url":
			dst = &og.url
		case "og:locale":
			content = strings.ReplaceAll(content, "_", "-")
			dst = &og.lang
		default:
			return
		}
		if *dst == "" {
			*dst = content
		}
	})
	return og
}

// fillIn gives records the title, description, image and URL they lack
// from the page's OpenGraph data: every record when the page describes one
// practice, else only the records that are the page's own (their URL or
// identifier is the page's or og:url). OpenGraph describes the page, so it
// never stands in for one of several practices listed on it.
func (og openGraph) fillIn(records []Record, page string) {
	for i := range records {
		r := &records[i]
		if len(records) > 1 && !og.isPageOf(r, page) {
			continue
		}
		if len(r.Title) == 0 && og.title != "" {
			r.Title = []Text{{Value: og.title, Lang: og.lang}}
		}
		if len(r.Description) == 0 && og.description != "" {
			r.Description = []Text{{Value: og.description, Lang: og.lang}}
		}
		r.Image = firstNonEmpty(r.Image, og.image)
		r.URL = firstNonEmpty(r.URL, og.url)
	}
}

// isPageOf reports whether r is the practice of the page itself: its URL
// is the page's (or og:url), or its identifier is, to the letter: a node
// "#b" of the page is one of the things the page describes, not the page.
func (og openGraph) isPageOf(r *Record, page string) bool {
	norm := func(u string) string { return strings.TrimSuffix(strings.TrimSpace(u), "/") }
	url, _, _ := strings.Cut(r.URL, "#")
	for _, own := range []string{norm(url), norm(r.Identifier)} {
		if own != "" && (own == norm(page) || own == norm(og.url)) {
			return true
		}
	}
	return false
}
