package harvester

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/skillsmap/skillsmap/internal/htmlnode"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// This file is a small RDFa 1.1 processor for HTML5 (no maintained Go RDFa
// library exists). It implements the processing sequence of RDFa Core 1.1
// §7.5 for everything RDFa Lite uses — vocab, typeof, property, resource,
// prefix — and the core attributes real pages mix in: about, rel, rev,
// href, src, content, datatype, lang / xml:lang, xmlns: and <base>, with
// chaining and incomplete triples, lists (inlist), HTML5 <time datetime>,
// the RDFa initial context and rdfa:copy patterns. It reads rdf:XMLLiteral
// and rdf:HTML values as plain text. rdfa_suite_test.go runs the rdfa.info
// test suite and reports what passes.

const rdfaNS = "http://www.w3.org/ns/rdfa#"

// rdfaInitialPrefixes is the RDFa 1.1 initial context (W3C, 2015).
var rdfaInitialPrefixes = map[string]string{
	"as": "https://www.w3.org/ns/activitystreams#", "cc": "http://creativecommons.org/ns#",
	"csvw": "http://www.w3.org/ns/csvw#", "ctag": "http://commontag.org/ns#", "dc": "http://purl.org/dc/terms/", "dc11": "http://purl.org/dc/elements/1.1/",
	"dcat": "http://www.w3.org/ns/dcat#", "dcterms": "http://purl.org/dc/terms/", "dqv": "http://www.w3.org/ns/dqv#",
	"duv": "https://www.w3.org/TR/vocab-duv#", "earl": "http://www.w3.org/ns/earl#", "foaf": "http://xmlns.com/foaf/0.1/",
	"gr": "http://purl.org/goodrelations/v1#", "grddl": "http://www.w3.org/2003/g/data-view#",
	"ical": "http://www.w3.org/2002/12/cal/icaltzd#", "ldp": "http://www.w3.org/ns/ldp#",
	"ma": "http://www.w3.org/ns/ma-ont#", "oa": "http://www.w3.org/ns/oa#", "odrl": "http://www.w3.org/ns/odrl/2/",
	"og": "http://ogp.me/ns#", "org": "http://www.w3.org/ns/org#", "owl": "http://www.w3.org/2002/07/owl#",
	"prov": "http://www.w3.org/ns/prov#", "qb": "http://purl.org/linked-data/cube#",
	"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfa": rdfaNS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
	"rev": "http://purl.org/stuff/rev#", "rif": "http://www.w3.org/2007/rif#", "rr": "http://www.w3.org/ns/r2rml#",
	"schema": "http://schema.org/", "sd": "http://www.w3.org/ns/sparql-service-description#",
	"sioc": "http://rdfs.org/sioc/ns#", "skos": "http://www.w3.org/2004/02/skos/core#",
	"skosxl": "http://www.w3.org/2008/05/skos-xl#", "sosa": "http://www.w3.org/ns/sosa/", "ssn": "http://www.w3.org/ns/ssn/",
	"time": "http://www.w3.org/2006/time#", "v": "http://rdf.data-vocabulary.org/#",
	"vcard": "http://www.w3.org/2006/vcard/ns#", "void": "http://rdfs.org/ns/void#",
	"wdr": "http://www.w3.org/2007/05/powder#", "wdrs": "http://www.w3.org/2007/05/powder-s#",
	"xhv": "http://www.w3.org/1999/xhtml/vocab#", "xml": "http://www.w3.org/XML/1998/namespace",
	"xsd": "http://www.w3.org/2001/XMLSchema#",
}

// rdfaInitialTerms are the terms of the HTML+RDFa initial context.
var rdfaInitialTerms = map[string]string{
	"describedby": "http://www.w3.org/2007/05/powder-s#describedby",
	"license":     "http://www.w3.org/1999/xhtml/vocab#license",
	"role":        "http://www.w3.org/1999/xhtml/vocab#role",
}

// rdfaContext is the evaluation context of §7.1.
type rdfaContext struct {
	base          string
	parentSubject rdf.Term
	parentObject  rdf.Term
	incomplete    []rdfaIncomplete
	lists         *rdfaLists
	lang          string
	prefixes      map[string]string
	vocab         string
}

type rdfaIncomplete struct {
	pred    rdf.Term
	reverse bool
	list    *rdfaList // set for @inlist: the new subject joins this list
}

// rdfaLists is a list mapping (§7.1): the lists built with @inlist under
// one subject, in the order their predicates appeared.
type rdfaLists struct {
	order []rdf.Term
	lists map[rdf.Term]*rdfaList
}

type rdfaList struct{ items []rdf.Term }

func newRDFaLists() *rdfaLists { return &rdfaLists{lists: map[rdf.Term]*rdfaList{}} }

// list returns the list of a predicate, creating it.
func (m *rdfaLists) list(pred rdf.Term) *rdfaList {
	l, ok := m.lists[pred]
	if !ok {
		l = &rdfaList{}
		m.lists[pred] = l
		m.order = append(m.order, pred)
	}
	return l
}

// rdfaProcessor walks one document.
type rdfaProcessor struct {
	root   *html.Node
	out    []rdf.Quad
	blanks int
	named  map[string]rdf.Term
}

// rdfaQuads returns the triples of the RDFa in an HTML document whose own
// IRI is base.
func rdfaQuads(root *html.Node, base string) []rdf.Quad {
	p := &rdfaProcessor{named: map[string]rdf.Term{}}
	htmlEl := htmlnode.Find(root, "html")
	if htmlEl == nil {
		return nil
	}
	p.root = htmlEl
	if b := findBaseHref(htmlEl); b != "" {
		base = resolveRef(base, b)
	}
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	ctx := &rdfaContext{base: base, parentSubject: rdf.IRI(base), parentObject: rdf.IRI(base), prefixes: map[string]string{}, lists: newRDFaLists()}
	for k, v := range rdfaInitialPrefixes {
		ctx.prefixes[k] = v
	}
	p.element(htmlEl, ctx)
	// Lists whose subject is the document itself belong to the initial
	// list mapping.
	for _, pred := range ctx.lists.order {
		p.emitList(rdf.IRI(base), pred, ctx.lists.lists[pred].items)
	}
	p.copyPatterns()
	return p.out
}

// copyPatterns applies rdfa:copy (HTML+RDFa 1.1 §3.5, property copying):
// the properties of an rdfa:Pattern are copied to each resource that
// copies it, and the pattern itself is dropped.
func (p *rdfaProcessor) copyPatterns() {
	copyP, pattern := rdf.IRI(rdfaNS+"copy"), rdf.IRI(rdfaNS+"Pattern")
	isPattern := map[rdf.Term]bool{}
	for _, q := range p.out {
		if q.P == rdf.Type && q.O == pattern {
			isPattern[q.S] = true
		}
	}
	if len(isPattern) == 0 {
		return
	}
	var out, copies []rdf.Quad
	for _, q := range p.out {
		switch {
		case q.P == copyP && isPattern[q.O]:
			copies = append(copies, q)
		case isPattern[q.S]:
		default:
			out = append(out, q)
		}
	}
	for _, c := range copies {
		for _, q := range p.out {
			if q.S == c.O && !(q.P == rdf.Type && q.O == pattern) {
				out = append(out, rdf.Quad{S: c.S, P: q.P, O: q.O})
			}
		}
	}
	p.out = out
}

func findBaseHref(htmlEl *html.Node) string {
	head := htmlnode.Find(htmlEl, "head")
	if head == nil {
		return ""
	}
	if b := htmlnode.Find(head, "base"); b != nil {
		v, _ := htmlnode.Attr(b, "href")
		return v
	}
	return ""
}

func (p *rdfaProcessor) bnode() rdf.Term {
	p.blanks++
	return rdf.Blank("rdfa" + strconv.Itoa(p.blanks))
}

func (p *rdfaProcessor) emit(s, pr, o rdf.Term) {
	if s.IsZero() || pr.IsZero() || o.IsZero() || !pr.IsIRI() {
		return
	}
	p.out = append(p.out, rdf.Quad{S: s, P: pr, O: o})
}

// element applies §7.5 to one element and its children.
func (p *rdfaProcessor) element(n *html.Node, parent *rdfaContext) {
	ctx := *parent
	ctx.incomplete = nil
	skip := false
	var newSubject, currentObject, typedResource rdf.Term
	var localIncomplete []rdfaIncomplete

	// Steps 2–4: vocabulary, prefixes, language.
	if v, ok := htmlnode.Attr(n, "vocab"); ok {
		if v = strings.TrimSpace(v); v == "" {
			ctx.vocab = ""
		} else {
			ctx.vocab = resolveRef(ctx.base, v)
			p.emit(rdf.IRI(ctx.base), rdf.IRI(rdfaNS+"usesVocabulary"), rdf.IRI(ctx.vocab))
		}
	}
	prefixAttrs := false
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "xmlns:") {
			if !prefixAttrs {
				ctx.prefixes = cloneMap(ctx.prefixes)
				prefixAttrs = true
			}
			ctx.prefixes[strings.ToLower(strings.TrimPrefix(a.Key, "xmlns:"))] = a.Val
		}
	}
	if v, ok := htmlnode.Attr(n, "prefix"); ok {
		if !prefixAttrs {
			ctx.prefixes = cloneMap(ctx.prefixes)
		}
		fields := strings.Fields(v)
		for i := 0; i+1 < len(fields); i += 2 {
			name := fields[i]
			if !strings.HasSuffix(name, ":") || name == ":" || strings.HasPrefix(name, "_") {
				i--
				continue
			}
			ctx.prefixes[strings.ToLower(strings.TrimSuffix(name, ":"))] = fields[i+1]
		}
	}
	if v, ok := attrNS(n, "xml:lang"); ok {
		ctx.lang = v
	} else if v, ok := htmlnode.Attr(n, "lang"); ok {
		ctx.lang = v
	}

	about, hasAbout := htmlnode.Attr(n, "about")
	resource, hasResource := htmlnode.Attr(n, "resource")
	href, hasHref := htmlnode.Attr(n, "href")
	src, hasSrc := htmlnode.Attr(n, "src")
	typeofV, hasTypeof := htmlnode.Attr(n, "typeof")
	propertyV, hasProperty := htmlnode.Attr(n, "property")
	relV, hasRel := htmlnode.Attr(n, "rel")
	revV, hasRev := htmlnode.Attr(n, "rev")
	content, hasContent := htmlnode.Attr(n, "content")
	datatypeV, hasDatatype := htmlnode.Attr(n, "datatype")
	isRoot := n == p.root
	headOrBody := n.Data == "head" || n.Data == "body"

	rels := p.terms(&ctx, relV)
	revs := p.terms(&ctx, revV)
	// HTML+RDFa: with @property, @rel/@rev values that are plain terms
	// (HTML link types such as "stylesheet") are dropped.
	if hasProperty && hasRel {
		rels = p.nonTermIRIs(&ctx, relV)
		hasRel = len(rels) > 0
	}
	if hasProperty && hasRev {
		revs = p.nonTermIRIs(&ctx, revV)
		hasRev = len(revs) > 0
	}
	aboutRes := p.safeCURIEorIRI(&ctx, about, hasAbout)
	resourceRes := p.safeCURIEorIRI(&ctx, resource, hasResource)
	var hrefRes, srcRes rdf.Term
	if hasHref {
		hrefRes = rdf.IRI(resolveRef(ctx.base, href))
	}
	if hasSrc {
		srcRes = rdf.IRI(resolveRef(ctx.base, src))
	}
	baseIRI := rdf.IRI(ctx.base)

	if !hasRel && !hasRev {
		// Step 5.
		if hasProperty && !hasContent && !hasDatatype {
			switch {
			case !aboutRes.IsZero():
				newSubject = aboutRes
			case isRoot:
				newSubject = baseIRI
			case !ctx.parentObject.IsZero():
				newSubject = ctx.parentObject
			}
			if hasTypeof {
				switch {
				case !aboutRes.IsZero():
					typedResource = aboutRes
				case isRoot:
					typedResource = baseIRI
				case !resourceRes.IsZero():
					typedResource = resourceRes
				case !hrefRes.IsZero():
					typedResource = hrefRes
				case !srcRes.IsZero():
					typedResource = srcRes
				case headOrBody:
					typedResource = ctx.parentObject
				default:
					typedResource = p.bnode()
				}
				currentObject = typedResource
			}
		} else {
			switch {
			case !aboutRes.IsZero():
				newSubject = aboutRes
			case !resourceRes.IsZero():
				newSubject = resourceRes
			case !hrefRes.IsZero():
				newSubject = hrefRes
			case !srcRes.IsZero():
				newSubject = srcRes
			case isRoot:
				newSubject = baseIRI
			case headOrBody:
				newSubject = ctx.parentObject
			case hasTypeof:
				newSubject = p.bnode()
			case !ctx.parentObject.IsZero():
				newSubject = ctx.parentObject
				if !hasProperty {
					skip = true
				}
			}
			if hasTypeof {
				typedResource = newSubject
			}
		}
	} else {
		// Step 6.
		newSubject = aboutRes
		if hasTypeof {
			typedResource = newSubject
		}
		if newSubject.IsZero() {
			switch {
			case isRoot:
				newSubject = baseIRI
			case headOrBody:
				newSubject = ctx.parentObject
			case !ctx.parentObject.IsZero():
				newSubject = ctx.parentObject
			}
		}
		switch {
		case !resourceRes.IsZero():
			currentObject = resourceRes
		case !hrefRes.IsZero():
			currentObject = hrefRes
		case !srcRes.IsZero():
			currentObject = srcRes
		case hasTypeof && !hasAbout:
			currentObject = p.bnode()
		}
		if hasTypeof && !hasAbout {
			typedResource = currentObject
		}
	}

	// Step 8: a new subject starts a new list mapping.
	_, inlist := htmlnode.Attr(n, "inlist")
	lists := parent.lists
	if !newSubject.IsZero() && newSubject != parent.parentObject {
		lists = newRDFaLists()
	}
	// Step 7: types.
	if !typedResource.IsZero() {
		for _, t := range p.terms(&ctx, typeofV) {
			p.emit(typedResource, rdf.IRI(rdf.RDFType), t)
		}
	}
	// Steps 9–10: links, complete or incomplete.
	if !currentObject.IsZero() {
		for _, r := range rels {
			if inlist {
				l := lists.list(r)
				l.items = append(l.items, currentObject)
				continue
			}
			p.emit(newSubject, r, currentObject)
		}
		for _, r := range revs {
			p.emit(currentObject, r, newSubject)
		}
	} else if hasRel || hasRev {
		currentObject = p.bnode()
		for _, r := range rels {
			if inlist {
				localIncomplete = append(localIncomplete, rdfaIncomplete{pred: r, list: lists.list(r)})
				continue
			}
			localIncomplete = append(localIncomplete, rdfaIncomplete{pred: r})
		}
		for _, r := range revs {
			localIncomplete = append(localIncomplete, rdfaIncomplete{pred: r, reverse: true})
		}
	}
	// Step 11: properties.
	if hasProperty {
		var value rdf.Term
		dt := ""
		if hasDatatype {
			if dts := p.terms(&ctx, datatypeV); len(dts) > 0 {
				dt = dts[0].Value
			}
		}
		datetime, hasDatetime := htmlnode.Attr(n, "datetime")
		text := func() string {
			switch {
			case hasContent:
				return content
			case hasDatetime:
				return datetime
			}
			return htmlnode.TextContent(n)
		}
		switch {
		case hasDatatype && dt != "" && dt != rdf.RDFXMLLiteral && dt != rdf.RDFHTML:
			value = rdf.Literal(text(), dt)
		case hasDatatype && dt == "":
			value = p.plain(&ctx, text())
		case hasDatatype:
			value = rdf.Literal(text(), dt)
		case hasContent:
			value = p.plain(&ctx, content)
		case !hasRel && !hasRev && !hasContent && (!resourceRes.IsZero() || !hrefRes.IsZero() || !srcRes.IsZero()):
			value = firstTerm(resourceRes, hrefRes, srcRes)
		case hasTypeof && !hasAbout:
			value = typedResource
		case hasDatetime:
			value = timeLiteral(datetime)
		case n.Data == "time":
			value = timeLiteral(htmlnode.TextContent(n))
		default:
			value = p.plain(&ctx, htmlnode.TextContent(n))
		}
		for _, pr := range p.terms(&ctx, propertyV) {
			switch {
			case !pr.IsIRI():
			case inlist:
				l := lists.list(pr)
				l.items = append(l.items, value)
			default:
				p.emit(newSubject, pr, value)
			}
		}
	}
	// Step 12: complete the parent's incomplete triples.
	if !skip && !newSubject.IsZero() {
		for _, inc := range parent.incomplete {
			if inc.list != nil {
				inc.list.items = append(inc.list.items, newSubject)
				continue
			}
			if inc.reverse {
				p.emit(newSubject, inc.pred, parent.parentSubject)
			} else {
				p.emit(parent.parentSubject, inc.pred, newSubject)
			}
		}
	}
	// Step 13: the children.
	child := ctx
	child.lists = lists
	if skip {
		child.incomplete = parent.incomplete
		child.parentSubject, child.parentObject = parent.parentSubject, parent.parentObject
	} else {
		child.parentSubject = firstTerm(newSubject, parent.parentSubject)
		child.parentObject = firstTerm(currentObject, newSubject, parent.parentSubject)
		child.incomplete = localIncomplete
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			p.element(c, &child)
		}
	}
	// Step 14: lists begun here become rdf:Lists.
	if lists != parent.lists {
		for _, pred := range lists.order {
			p.emitList(newSubject, pred, lists.lists[pred].items)
		}
	}
}

// emitList writes subject pred (items…) as an rdf:List.
func (p *rdfaProcessor) emitList(subject, pred rdf.Term, items []rdf.Term) {
	if len(items) == 0 {
		p.emit(subject, pred, rdf.IRI(rdf.RDFNil))
		return
	}
	nodes := make([]rdf.Term, len(items))
	for i := range items {
		nodes[i] = p.bnode()
	}
	for i, item := range items {
		p.emit(nodes[i], rdf.IRI(rdf.RDFFirst), item)
		rest := rdf.IRI(rdf.RDFNil)
		if i+1 < len(nodes) {
			rest = nodes[i+1]
		}
		p.emit(nodes[i], rdf.IRI(rdf.RDFRest), rest)
	}
	p.emit(subject, pred, nodes[0])
}

func attrNS(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name || (a.Namespace == "xml" && "xml:"+a.Key == name) {
			return a.Val, true
		}
	}
	return "", false
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func firstTerm(ts ...rdf.Term) rdf.Term {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return rdf.Term{}
}

func (p *rdfaProcessor) plain(ctx *rdfaContext, s string) rdf.Term {
	if ctx.lang != "" {
		return rdf.LangString(s, strings.ToLower(ctx.lang))
	}
	return rdf.String(s)
}

// timeLiteral types an HTML5 <time> value as HTML+RDFa 1.1 §3.1 says; a
// value of no known form stays a plain literal, as written.
func timeLiteral(v string) rdf.Term {
	if dt := rdf.TemporalDatatype(v); dt != "" {
		return rdf.Literal(v, dt)
	}
	return rdf.String(v)
}

// terms expands a TERMorCURIEorAbsIRI list (typeof, property, rel, rev,
// datatype).
func (p *rdfaProcessor) terms(ctx *rdfaContext, v string) []rdf.Term {
	var out []rdf.Term
	for _, f := range strings.Fields(v) {
		if t, ok := p.expandTerm(ctx, f); ok {
			out = append(out, t)
		}
	}
	return out
}

// nonTermIRIs is terms without the plain terms (no colon).
func (p *rdfaProcessor) nonTermIRIs(ctx *rdfaContext, v string) []rdf.Term {
	var out []rdf.Term
	for _, f := range strings.Fields(v) {
		if !strings.Contains(f, ":") {
			continue
		}
		if t, ok := p.expandTerm(ctx, f); ok {
			out = append(out, t)
		}
	}
	return out
}

func (p *rdfaProcessor) expandTerm(ctx *rdfaContext, f string) (rdf.Term, bool) {
	if !strings.Contains(f, ":") {
		if ctx.vocab != "" {
			return rdf.IRI(ctx.vocab + f), true
		}
		if iri, ok := rdfaInitialTerms[strings.ToLower(f)]; ok {
			return rdf.IRI(iri), true
		}
		return rdf.Term{}, false
	}
	if t, ok := p.curie(ctx, f); ok {
		return t, true
	}
	if isAbsIRI(f) {
		return rdf.IRI(f), true
	}
	return rdf.Term{}, false
}

// curie expands prefix:reference, _:label and :reference.
func (p *rdfaProcessor) curie(ctx *rdfaContext, s string) (rdf.Term, bool) {
	prefix, ref, ok := strings.Cut(s, ":")
	if !ok {
		return rdf.Term{}, false
	}
	switch {
	case prefix == "_":
		if ref == "" {
			ref = "_"
		}
		t, ok := p.named[ref]
		if !ok {
			t = rdf.Blank("rdfan" + strconv.Itoa(len(p.named)))
			p.named[ref] = t
		}
		return t, true
	case prefix == "":
		return rdf.IRI("http://www.w3.org/1999/xhtml/vocab#" + ref), true
	case strings.HasPrefix(ref, "//"):
		return rdf.Term{}, false // an IRI such as http://…, not a CURIE
	}
	if ns, ok := ctx.prefixes[strings.ToLower(prefix)]; ok {
		return rdf.IRI(ns + ref), true
	}
	return rdf.Term{}, false
}

// safeCURIEorIRI resolves @about and @resource.
func (p *rdfaProcessor) safeCURIEorIRI(ctx *rdfaContext, v string, present bool) rdf.Term {
	if !present {
		return rdf.Term{}
	}
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		if t, ok := p.curie(ctx, v[1:len(v)-1]); ok {
			return t
		}
		return rdf.Term{}
	}
	if t, ok := p.curie(ctx, v); ok {
		return t
	}
	return rdf.IRI(resolveRef(ctx.base, v))
}

var iriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func isAbsIRI(s string) bool { return iriScheme.MatchString(s) }

// resolveRef resolves ref against base as RFC 3987 says: on the IRI's
// characters, without percent-encoding them (net/url would turn
// "stéphane" into "st%C3%A9phane", another IRI).
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if isAbsIRI(ref) {
		return ref
	}
	scheme, rest, _ := strings.Cut(base, ":")
	authority, path, query := "", rest, ""
	if strings.HasPrefix(rest, "//") {
		end := strings.IndexAny(rest[2:], "/?#")
		if end < 0 {
			authority, path = rest, ""
		} else {
			authority, path = rest[:end+2], rest[end+2:]
		}
	}
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i:]
	}
	switch {
	case ref == "":
		return scheme + ":" + authority + path + query
	case strings.HasPrefix(ref, "#"):
		return scheme + ":" + authority + path + query + ref
	case strings.HasPrefix(ref, "//"):
		return scheme + ":" + removeDots(ref)
	case strings.HasPrefix(ref, "?"):
		return scheme + ":" + authority + path + ref
	case strings.HasPrefix(ref, "/"):
		return scheme + ":" + authority + removeDots(ref)
	}
	dir := path[:strings.LastIndexByte(path, '/')+1]
	if dir == "" && authority != "" {
		dir = "/"
	}
	return scheme + ":" + authority + removeDots(dir+ref)
}

// removeDots removes the "." and ".." segments of a path (RFC 3986
// §5.2.4), leaving its query and fragment alone.
func removeDots(p string) string {
	suffix := ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, suffix = p[:i], p[i:]
	}
	if !strings.Contains(p, ".") {
		return p + suffix
	}
	segs := strings.Split(p, "/")
	var out []string
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, "/") + suffix
}
