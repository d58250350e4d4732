package harvester

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// feedExtractor reads RSS 2.0 and Atom feeds (github.com/mmcdole/gofeed):
// each item is a practice — its title, its description (or content) as
// text, its link as the practice's page, its categories as keywords, a
// GeoRSS point as coordinates, its updated (else published) time as the
// modification time.
type feedExtractor struct{ lang string }

// Extract returns one record per feed item with a title.
func (e *feedExtractor) Extract(p *Page) (Extraction, error) {
	if !isFeedType(p.MediaType) {
		return Extraction{}, fmt.Errorf("unexpected content type %q (want an RSS or Atom feed)", p.MediaType)
	}
	feed, err := parseFeed(p)
	if err != nil {
		return Extraction{}, err
	}
	var x Extraction
	lang := firstNonEmpty(strings.TrimSpace(feed.Language), e.lang)
	for i, it := range feed.Items {
		r := Record{SourcePage: p.URL.String(), Language: lang}
		if t := htmlText(it.Title); t != "" {
			r.Title = []Text{{Value: t}}
		}
		if d := htmlText(firstNonEmpty(it.Description, it.Content)); d != "" {
			r.Description = []Text{{Value: d}}
		}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if u, err := p.URL.Parse(link); err == nil && link != "" {
			r.URL = u.String()
		}
		r.Identifier = strings.TrimSpace(it.GUID)
		r.Keywords = appendUnique(r.Keywords, it.Categories...)
		if it.UpdatedParsed != nil {
			r.Modified = it.UpdatedParsed.UTC()
		} else if it.PublishedParsed != nil {
			r.Modified = it.PublishedParsed.UTC()
		}
		if geo, ok := it.Extensions["georss"]; ok {
			for _, pt := range geo["point"] {
				if f := strings.Fields(pt.Value); len(f) == 2 {
					r.Latitude, r.Longitude = parseFloat(f[0]), parseFloat(f[1])
				}
			}
		}
		if r.FirstTitle() == "" {
			x.Warnings = append(x.Warnings, fmt.Sprintf("feed item %d has no title: skipped", i+1))
			continue
		}
		x.Records = append(x.Records, r)
	}
	return x, nil
}

func isFeedType(mt string) bool {
	return isXMLType(mt) || mt == "application/feed+json" || mt == "application/json"
}

// htmlText returns the text of an HTML fragment (feed descriptions are
// often escaped HTML), with white space collapsed.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanText(s)
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return cleanText(s)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		case n.Type == html.ElementNode && (n.Data == "p" || n.Data == "br" || n.Data == "li" || n.Data == "div"):
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return cleanText(b.String())
}

// setValues stores raw values in a record field, splitting multi-valued
// fields at sep.
func (r *Record) setValues(field string, raw []string, sep string) error {
	var values []string
	for _, v := range raw {
		if sep != "" && multiValued(field) {
			values = append(values, strings.Split(v, sep)...)
		} else {
			values = append(values, v)
		}
	}
	values = appendUnique(nil, values...)
	if len(values) == 0 {
		return nil
	}
	return r.setField(field, values)
}

// multiValued reports whether a record field takes several values.
func multiValued(field string) bool {
	switch field {
	case "title", "description", "url", "identifier", "latitude", "longitude", "start", "end", "language":
		return false
	}
	return true
}
