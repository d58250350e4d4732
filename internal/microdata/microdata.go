// Package microdata turns HTML microdata into RDF as the W3C Interest Group
// Note "Microdata to RDF – Second Edition" (16 December 2014) specifies:
// items with and without itemtype, itemid, itemref, nested items, property
// values typed by their element (URL property elements give IRIs, time,
// data and meter give typed literals), property URI generation from the
// item's vocabulary or the document base, the vocabulary registry with its
// subPropertyOf and equivalentProperty expansion, and the Note's
// experimental itemprop-reverse.
//
// Beyond the Note, as its reference processor (ruby-rdf/rdf-microdata) and
// schema.org's own examples do, a content attribute gives the value of any
// element, not only of meta: <span itemprop="price" content="6.99">.
//
// Hostile input costs a bounded amount of work: an itemref cycle is
// reported and broken, and the crawl of item properties, the nesting depth
// and the number of triples have limits (ErrTooComplex).
package microdata

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/htmlnode"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Limits on the work one document may cause. A page of a few megabytes
// stays far below them unless it uses itemref to make the processor visit
// the same elements again and again.
const (
	maxCrawlSteps = 1_000_000 // elements visited while finding item properties
	maxDepth      = 256       // items nested in items
	maxTriples    = 100_000
)

var (
	// ErrCycle reports an item that is, through itemref, a property value
	// of itself; the HTML microdata model forbids it. The cycle is broken:
	// the item's triples are generated once.
	ErrCycle = errors.New("microdata: an item is a property value of itself (itemref cycle)")
	// ErrTooComplex reports a document that would take more work than the
	// processor's limits allow; the triples generated so far are returned.
	ErrTooComplex = errors.New("microdata: document too complex (itemref fan-out, nesting or triple count beyond the limits)")
	// ErrReverseLiteral reports an itemprop-reverse whose value is a
	// literal, which the Note says to ignore.
	ErrReverseLiteral = errors.New("microdata: itemprop-reverse with a literal value is ignored")
)

// Options configure a conversion.
type Options struct {
	// Base is the document's URL. A <base href> in the document overrides
	// it as HTML says.
	Base string
	// Registry is the vocabulary registry; nil means DefaultRegistry.
	Registry *Registry
	// Blanks gives the blank nodes their labels; nil means a new scope.
	// Callers that merge the result with other data of the same page pass
	// the scope they use for it.
	Blanks *rdf.BlankScope
}

// Result is the RDF of a document's microdata.
type Result struct {
	Triples []rdf.Triple
	// Errors are the document's microdata errors (ErrCycle,
	// ErrReverseLiteral, ErrTooComplex, wrapped with where they are). They
	// never stop the conversion: Triples holds what the document says
	// despite them.
	Errors []error
}

// ToRDF converts the microdata of the HTML document doc.
func ToRDF(doc *html.Node, opt Options) Result {
	c := &converter{
		reg:      opt.Registry,
		blanks:   opt.Blanks,
		ids:      map[string]*html.Node{},
		order:    map[*html.Node]int{},
		subjects: map[*html.Node]rdf.Term{},
		done:     map[generated]bool{},
		active:   map[*html.Node]bool{},
		seen:     map[rdf.Triple]bool{},
	}
	if c.reg == nil {
		c.reg = DefaultRegistry()
	}
	if c.blanks == nil {
		c.blanks = rdf.NewBlankScope()
	}
	var items []*html.Node
	var baseHref string
	haveBase := false
	htmlnode.Walk(doc, func(n *html.Node) {
		c.order[n] = len(c.order)
		if id, ok := htmlnode.Attr(n, "id"); ok && id != "" {
			if _, dup := c.ids[id]; !dup {
				c.ids[id] = n
			}
		}
		if n.Data == "base" && !haveBase {
			baseHref, haveBase = htmlnode.Attr(n, "href")
		}
		if htmlnode.HasAttr(n, "itemscope") && !htmlnode.HasAttr(n, "itemprop") {
			items = append(items, n)
		}
	})
	c.base = opt.Base
	if haveBase {
		c.base = resolveURL(opt.Base, baseHref)
	}
	c.docBase, _, _ = strings.Cut(c.base, "#")
	if c.docBase == "" {
		c.docBase = "about:blank" // the URL of a document that has none, as HTML says
	}
	for _, it := range items {
		if c.stopped {
			break
		}
		c.generate(it, "", 0)
	}
	return Result{Triples: c.out, Errors: c.errs}
}

// generated is an item generated in the context of a current type: the
// same item in the same context gives the same triples, so it is generated
// once however many items refer to it.
type generated struct {
	item *html.Node
	typ  string
}

type converter struct {
	base    string // the document base: for resolving URLs
	docBase string // the document base without fragment: for property URIs
	reg     *Registry
	blanks  *rdf.BlankScope
	ids     map[string]*html.Node // the first element with each id
	order   map[*html.Node]int    // tree order of every node

	subjects map[*html.Node]rdf.Term // the Note's "memory"
	done     map[generated]bool
	active   map[*html.Node]bool // items being generated, to break cycles
	steps    int
	stopped  bool

	out  []rdf.Triple
	seen map[rdf.Triple]bool
	errs []error
}

// generate runs the Note's "generate the triples" for item, with
// currentType the type of the enclosing item, and returns its subject.
func (c *converter) generate(item *html.Node, currentType string, depth int) rdf.Term {
	subject, ok := c.subjects[item]
	if !ok {
		if id, has := htmlnode.Attr(item, "itemid"); has {
			subject = c.urlValue(id)
		}
		if !subject.IsIRI() {
			subject = c.blanks.Fresh()
		}
		c.subjects[item] = subject
	}
	if c.active[item] {
		c.fail(fmt.Errorf("%w: %s", ErrCycle, describe(item)))
		return subject
	}
	if depth > maxDepth {
		c.stop(fmt.Errorf("%w: items nested more than %d deep", ErrTooComplex, maxDepth))
		return subject
	}

	itemtype, _ := htmlnode.Attr(item, "itemtype")
	var types []string
	for _, t := range uniqueFields(itemtype) {
		if rdf.IsAbsoluteIRI(t) {
			types = append(types, percentEncodeForbidden(t))
		}
	}
	typ := currentType // an item without a type of its own takes its holder's
	if len(types) > 0 {
		typ = types[0]
	}
	key := generated{item, typ}
	if c.done[key] {
		return subject
	}
	c.done[key] = true
	c.active[item] = true
	defer delete(c.active, item)

	for _, t := range types {
		c.emit(subject, rdf.Type, rdf.IRI(t))
	}
	vocab := c.reg.vocabulary(typ)

	forward, reverse := c.properties(item)
	for _, el := range forward {
		names, _ := htmlnode.Attr(el, "itemprop")
		value := c.value(el, typ, depth)
		for _, name := range uniqueFields(names) {
			pred := c.predicate(name, typ, vocab)
			c.emit(subject, rdf.IRI(pred), value)
			for _, equiv := range vocab.expansion(name, pred) {
				c.emit(subject, rdf.IRI(equiv), value)
			}
		}
	}
	for _, el := range reverse {
		names, _ := htmlnode.Attr(el, "itemprop-reverse")
		value := c.value(el, typ, depth)
		if value.IsLiteral() {
			c.fail(fmt.Errorf("%w: %s", ErrReverseLiteral, describe(el)))
			continue
		}
		for _, name := range uniqueFields(names) {
			c.emit(value, rdf.IRI(c.predicate(name, typ, vocab)), subject)
		}
	}
	return subject
}

// predicate is the Note's "generate predicate URI".
func (c *converter) predicate(name, currentType string, vocab vocabulary) string {
	switch {
	case rdf.IsAbsoluteIRI(name):
		return percentEncodeForbidden(name)
	case currentType == "":
		return c.docBase + "#" + escapeFragment(name)
	}
	return vocab.propertyBase + escapeFragment(name)
}

// properties returns the elements that are properties (with itemprop) and
// reverse properties (with itemprop-reverse) of item, in tree order: the
// HTML microdata algorithm "the properties of an item", which follows
// itemref and stops at nested items.
func (c *converter) properties(item *html.Node) (forward, reverse []*html.Node) {
	memory := map[*html.Node]bool{item: true}
	pending := htmlnode.ChildElements(item, nil)
	if refs, ok := htmlnode.Attr(item, "itemref"); ok {
		for _, id := range uniqueFields(refs) {
			if el, ok := c.ids[id]; ok {
				pending = append(pending, el)
			}
		}
	}
	hasNames := func(el *html.Node, attr string) bool {
		v, ok := htmlnode.Attr(el, attr)
		return ok && strings.TrimSpace(v) != ""
	}
	for len(pending) > 0 {
		if c.steps++; c.steps > maxCrawlSteps {
			c.stop(fmt.Errorf("%w: more than %d elements visited for item properties", ErrTooComplex, maxCrawlSteps))
			break
		}
		cur := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if memory[cur] {
			continue // a microdata error without consequence: the element is read once
		}
		memory[cur] = true
		if !htmlnode.HasAttr(cur, "itemscope") {
			pending = htmlnode.ChildElements(cur, pending)
		}
		if hasNames(cur, "itemprop") {
			forward = append(forward, cur)
		}
		if hasNames(cur, "itemprop-reverse") {
			reverse = append(reverse, cur)
		}
	}
	inTreeOrder := func(a, b *html.Node) int { return c.order[a] - c.order[b] }
	slices.SortFunc(forward, inTreeOrder)
	slices.SortFunc(reverse, inTreeOrder)
	return forward, reverse
}

func (c *converter) emit(s, p, o rdf.Term) {
	if c.stopped {
		return
	}
	t := rdf.Triple{S: s, P: p, O: o}
	if c.seen[t] {
		return
	}
	if len(c.out) >= maxTriples {
		c.stop(fmt.Errorf("%w: more than %d triples", ErrTooComplex, maxTriples))
		return
	}
	c.seen[t] = true
	c.out = append(c.out, t)
}

func (c *converter) fail(err error) { c.errs = append(c.errs, err) }

// stop ends the conversion after a limit was reached.
func (c *converter) stop(err error) {
	if !c.stopped {
		c.stopped = true
		c.fail(err)
	}
}

// describe names an element for an error message.
func describe(n *html.Node) string {
	var b strings.Builder
	b.WriteString("<" + n.Data)
	for _, a := range []string{"id", "itemtype", "itemprop", "itemprop-reverse", "itemref"} {
		if v, ok := htmlnode.Attr(n, a); ok {
			fmt.Fprintf(&b, " %s=%q", a, v)
		}
	}
	b.WriteString(">")
	return b.String()
}

// uniqueFields splits an unordered set of unique space-separated tokens
// (itemprop, itemtype, itemref), dropping repeats.
func uniqueFields(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// escapeFragment is the canonicalised fragment of a property name: the
// characters a URL fragment may not hold are percent-encoded.
func escapeFragment(name string) string {
	return percentEncode(name, func(ch byte) bool { return ch < 0x20 || ch == 0x7f || strings.IndexByte("\"#%<>[\\]^`{|}", ch) >= 0 })
}
