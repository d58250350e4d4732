package harvester

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
)

// listingLinks returns the detail links (crawl.links) and the next listing
// page (crawl.next) of a listing page.
func (c *crawler) listingLinks(p *Page) []Link {
	if c.src.Crawl.Links == "" && c.src.Crawl.Next == "" {
		return nil
	}
	root, err := p.HTML()
	if err != nil {
		return nil
	}
	doc := goquery.NewDocumentFromNode(root)
	var out []Link
	add := func(sel, kind string, hop bool) {
		if sel == "" {
			return
		}
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			href, ok := s.Attr("href")
			if !ok {
				return
			}
			abs, err := p.URL.Parse(strings.TrimSpace(href))
			if err != nil || (abs.Scheme != "http" && abs.Scheme != "https") {
				return
			}
			abs.Fragment = ""
			if kind == kindDetail && !c.included(abs.String()) {
				return
			}
			out = append(out, Link{URL: abs.String(), Kind: kind, Hop: hop})
		})
	}
	add(c.src.Crawl.Links, kindDetail, true)
	add(c.src.Crawl.Next, kindListing, false)
	return out
}

// sitemapDoc matches both <urlset> and <sitemapindex>.
type sitemapDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// parseSitemap reads a sitemap or sitemap index (gzipped sitemaps are
// inflated, within the page bound, as they are fetched).
func parseSitemap(body []byte) (locs []string, isIndex bool, err error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charset.NewReaderLabel
	var doc sitemapDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, false, err
	}
	switch doc.XMLName.Local {
	case "urlset":
		for _, u := range doc.URLs {
			locs = append(locs, strings.TrimSpace(u.Loc))
		}
		return locs, false, nil
	case "sitemapindex":
		for _, s := range doc.Sitemaps {
			locs = append(locs, strings.TrimSpace(s.Loc))
		}
		return locs, true, nil
	}
	return nil, false, fmt.Errorf("root element <%s> is neither <urlset> nor <sitemapindex>", doc.XMLName.Local)
}

// feedLinks returns the item links of an RSS or Atom feed, resolved
// against the feed's URL.
func feedLinks(p *Page) ([]string, error) {
	feed, err := parseFeed(p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range feed.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" {
			continue
		}
		if u, err := p.URL.Parse(link); err == nil {
			out = append(out, u.String())
		}
	}
	return out, nil
}

// parseFeed parses an RSS, Atom or JSON feed.
func parseFeed(p *Page) (*gofeed.Feed, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(p.Body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return feed, nil
}
