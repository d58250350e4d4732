package harvester

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// cssExtractor reads practices from pages without structured data, using a
// per-source mapping of record fields to CSS selectors.
type cssExtractor struct {
	item   cascadia.Selector
	fields map[string]compiledSelector
	split  string
	lang   string
}

type compiledSelector struct {
	sel  cascadia.Selector
	attr string
}

func newCSSExtractor(m *sourceconfig.CSSMapping, lang string) (*cssExtractor, error) {
	item, err := cascadia.Compile(m.Item)
	if err != nil {
		return nil, fmt.Errorf("css item selector %q: %w", m.Item, err)
	}
	e := &cssExtractor{item: item, fields: map[string]compiledSelector{}, split: m.Split, lang: lang}
	for name, s := range m.Fields {
		css, attr := s.Parts()
		sel, err := cascadia.Compile(css)
		if err != nil {
			return nil, fmt.Errorf("css field %s selector %q: %w", name, css, err)
		}
		e.fields[name] = compiledSelector{sel: sel, attr: attr}
	}
	return e, nil
}

func (e *cssExtractor) readsHTML() {}

// Extract returns one record per Item element of the page.
func (e *cssExtractor) Extract(p *Page) (Extraction, error) {
	root, err := p.HTML()
	if err != nil {
		return Extraction{}, err
	}
	doc := goquery.NewDocumentFromNode(root)
	pageLang := cleanText(doc.Find("html").AttrOr("lang", ""))
	canonical := canonicalURL(doc, p)
	var records []Record
	var errs []error
	doc.FindMatcher(e.item).Each(func(i int, item *goquery.Selection) {
		r := Record{SourcePage: p.URL.String(), Language: firstNonEmpty(item.AttrOr("lang", ""), pageLang, e.lang)}
		for name, cs := range e.fields {
			values := e.values(item, cs, p)
			if len(values) == 0 {
				continue
			}
			if err := r.setField(name, values); err != nil {
				errs = append(errs, fmt.Errorf("item %d: %w", i+1, err))
			}
		}
		if r.FirstTitle() == "" {
			errs = append(errs, fmt.Errorf("item %d: no title found with selector for field title", i+1))
			return
		}
		records = append(records, r)
	})
	// A page's canonical URL names its practice when it holds just one.
	if len(records) == 1 && records[0].URL == "" {
		records[0].URL = canonical
	}
	if len(errs) > 0 {
		return Extraction{Records: records}, fmt.Errorf("css extractor on %s: %w", p.URL, errors.Join(errs...))
	}
	return Extraction{Records: records}, nil
}

// values returns the cleaned texts (or attribute values, resolved against
// the page URL when they are links) of every element cs selects in item.
func (e *cssExtractor) values(item *goquery.Selection, cs compiledSelector, p *Page) []string {
	var out []string
	item.FindMatcher(cs.sel).Each(func(_ int, s *goquery.Selection) {
		var v string
		if cs.attr == "" {
			v = s.Text()
		} else {
			v = s.AttrOr(cs.attr, "")
			if cs.attr == "href" || cs.attr == "src" {
				if u, err := p.URL.Parse(strings.TrimSpace(v)); err == nil && v != "" {
					v = u.String()
				}
			}
		}
		if e.split != "" {
			out = appendUnique(out, strings.Split(v, e.split)...)
		} else {
			out = appendUnique(out, v)
		}
	})
	return out
}

// setField stores values in the record field called name.
func (r *Record) setField(name string, values []string) error {
	first := values[0]
	switch name {
	case "title":
		r.Title = append(r.Title, Text{Value: first, Lang: r.Language})
	case "description":
		r.Description = append(r.Description, Text{Value: strings.Join(values, "\n\n"), Lang: r.Language})
	case "url":
		r.URL = first
	case "identifier":
		r.Identifier = first
	case "language":
		r.Language = first
		for i := range r.Title {
			r.Title[i].Lang = first
		}
		for i := range r.Description {
			r.Description[i].Lang = first
		}
	case "organisation":
		for _, v := range values {
			r.Organisations = append(r.Organisations, Organisation{Name: v})
		}
	case "organisation_url":
		for i, v := range values {
			if i < len(r.Organisations) {
				r.Organisations[i].URL = v
			} else {
				r.Organisations = append(r.Organisations, Organisation{URL: v})
			}
		}
	case "city":
		r.Cities = appendUnique(r.Cities, values...)
	case "region":
		r.Regions = appendUnique(r.Regions, values...)
	case "country":
		r.Countries = appendUnique(r.Countries, values...)
	case "latitude", "longitude":
		f, err := strconv.ParseFloat(strings.TrimSpace(first), 64)
		if err != nil {
			return fmt.Errorf("field %s: %q is not a number", name, first)
		}
		if name == "latitude" {
			r.Latitude = &f
		} else {
			r.Longitude = &f
		}
	case "skills":
		r.Skills = appendUnique(r.Skills, values...)
	case "target_groups":
		r.TargetGroups = appendUnique(r.TargetGroups, values...)
	case "practice_type":
		r.PracticeTypes = appendUnique(r.PracticeTypes, values...)
	case "delivery":
		r.Delivery = appendUnique(r.Delivery, values...)
	case "keywords":
		r.Keywords = appendUnique(r.Keywords, values...)
	case "start":
		r.Start = first
	case "end":
		r.End = first
	case "funding":
		r.Funding = appendUnique(r.Funding, values...)
	case "based_on":
		r.BasedOn = appendUnique(r.BasedOn, values...)
	default:
		return fmt.Errorf("unknown field %q", name)
	}
	return nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// canonicalURL returns the page's <link rel="canonical"> as an absolute URL,
// or "".
func canonicalURL(doc *goquery.Document, p *Page) string {
	href, ok := doc.Find(`link[rel="canonical"]`).First().Attr("href")
	if !ok {
		return ""
	}
	u, err := p.URL.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
