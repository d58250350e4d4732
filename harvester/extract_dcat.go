package harvester

import (
	"regexp"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// dcatExtractor reads DCAT and DCAT-AP catalogs in any RDF syntax, page by
// page (hydra:next / hydra:nextPage).
type dcatExtractor struct {
	opts sourceconfig.DCATOptions
	lang string
}

// Extract reads one catalog page, or (in distributions mode) one
// distribution.
func (e *dcatExtractor) Extract(p *Page) (Extraction, error) {
	quads, err := parseRDFPage(p)
	if err != nil {
		return Extraction{}, err
	}
	x := Extraction{Next: hydraNext(quads)}
	g := rdf.NewGraph()
	for _, q := range quads {
		g.Add(q.Triple())
	}
	if e.opts.Mode == sourceconfig.DCATDistributions {
		x.Follow = rdfDistributions(g)
		x.Records, x.Warnings = recordsFromSchemaOrg(quads, pageContext{url: p.URL.String(), lang: e.lang})
		return x, nil
	}
	x.Records = recordsFromDCAT(g, p.URL.String(), e.lang)
	return x, nil
}

// rdfDistributions returns the download (else access) URLs of the
// distributions whose media type or format is an RDF syntax, or unknown.
func rdfDistributions(g *rdf.Graph) []string {
	var out []string
	for _, t := range g.Triples() {
		if t.P != vocab.DCATDistributionProp {
			continue
		}
		d := t.O
		if mt := mediaTypeOf(g, d); mt != "" {
			if _, ok := rdfio.ByMediaType(mt); !ok {
				continue
			}
		}
		u := g.Object(d, vocab.DCATDownloadURL)
		if u.IsZero() {
			u = g.Object(d, vocab.DCATAccessURL)
		}
		if u.IsIRI() {
			out = append(out, u.Value)
		}
	}
	return out
}

// mediaTypeOf reads dcat:mediaType or dct:format: an IANA IRI such as
// http://www.iana.org/assignments/media-types/text/turtle, or a literal.
func mediaTypeOf(g *rdf.Graph, d rdf.Term) string {
	for _, p := range []rdf.Term{vocab.DCATMediaType, vocab.DCTFormat} {
		v := g.Object(d, p).Value
		if i := strings.Index(v, "/media-types/"); i >= 0 {
			return strings.ToLower(v[i+len("/media-types/"):])
		}
		if strings.Count(v, "/") == 1 && !strings.Contains(v, ":") {
			return strings.ToLower(v)
		}
	}
	return ""
}

// recordsFromDCAT reads every dcat:Dataset as a practice.
func recordsFromDCAT(g *rdf.Graph, page, lang string) []Record {
	var out []Record
	for _, ds := range g.Subjects(rdf.Type, vocab.DCATDataset) {
		r := Record{SourcePage: page, Language: lang}
		if l := languageCode(g.Object(ds, vocab.DCTLanguage)); l != "" {
			r.Language = l
		}
		r.Identifier = literalOf(g, ds, vocab.DCTIdentifier)
		if r.Identifier == "" && ds.IsIRI() {
			r.Identifier = ds.Value
		}
		r.Title = textsOf(g, ds, vocab.DCTTitle)
		r.Description = textsOf(g, ds, vocab.DCTDescription)
		if lp := g.Object(ds, vocab.DCATLandingPage); lp.IsIRI() {
			r.URL = lp.Value
		}
		for _, k := range g.Objects(ds, vocab.DCATKeyword) {
			r.Keywords = appendUnique(r.Keywords, k.Value)
		}
		for _, pub := range g.Objects(ds, vocab.DCTPublisher) {
			org := Organisation{Name: firstNonEmpty(literalOf(g, pub, vocab.FOAFName), literalOf(g, pub, vocab.SKOSPrefLabel), literalOf(g, pub, vocab.VCardFn), literalOf(g, pub, vocab.RDFSLabel))}
			if hp := g.Object(pub, vocab.FOAFHomepage); hp.IsIRI() {
				org.URL = hp.Value
			} else if pub.IsIRI() {
				org.URL = pub.Value
			}
			if pub.IsLiteral() {
				org.Name = cleanText(pub.Value)
			}
			if org.Name != "" || org.URL != "" {
				r.Organisations = append(r.Organisations, org)
			}
		}
		for _, sp := range g.Objects(ds, vocab.DCTSpatial) {
			dcatPlace(g, sp, &r)
		}
		for _, tm := range g.Objects(ds, vocab.DCTTemporal) {
			r.Start = firstNonEmpty(r.Start, literalOf(g, tm, vocab.DCATStartDate), literalOf(g, tm, schema("startDate")))
			r.End = firstNonEmpty(r.End, literalOf(g, tm, vocab.DCATEndDate), literalOf(g, tm, schema("endDate")))
		}
		for _, t := range g.Objects(ds, vocab.DCTType) {
			if t.IsLiteral() {
				r.PracticeTypes = appendUnique(r.PracticeTypes, t.Value)
			} else if l := firstNonEmpty(literalOf(g, t, vocab.SKOSPrefLabel), literalOf(g, t, vocab.RDFSLabel)); l != "" {
				r.PracticeTypes = appendUnique(r.PracticeTypes, l)
			}
		}
		mod := literalOf(g, ds, vocab.DCTModified)
		if ts, err := time.Parse(time.RFC3339, mod); err == nil {
			r.Modified = ts.UTC()
		} else if ts, err := time.Parse(time.DateOnly, mod); err == nil {
			r.Modified = ts
		}
		if r.FirstTitle() != "" {
			out = append(out, r)
		}
	}
	return out
}

var wktPoint = regexp.MustCompile(`(?i)POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)`)

// dcatPlace reads a dct:spatial value: a NUTS region or EU country IRI, or
// a location node with a name and a centroid.
func dcatPlace(g *rdf.Graph, sp rdf.Term, r *Record) {
	switch {
	case sp.IsLiteral():
		r.Cities = appendUnique(r.Cities, sp.Value)
		return
	case sp.IsIRI() && strings.HasPrefix(sp.Value, vocab.NUTSCodeBase):
		r.Regions = appendUnique(r.Regions, strings.TrimPrefix(sp.Value, vocab.NUTSCodeBase))
		return
	case sp.IsIRI():
		if c, ok := vocab.CountryByIRI(sp); ok {
			r.Countries = appendUnique(r.Countries, c.NUTS)
			return
		}
	}
	if name := firstNonEmpty(literalOf(g, sp, vocab.LOCNGeographicName), literalOf(g, sp, vocab.SKOSPrefLabel), literalOf(g, sp, vocab.RDFSLabel)); name != "" {
		r.Cities = appendUnique(r.Cities, name)
	}
	for _, p := range []rdf.Term{vocab.DCATCentroid, vocab.LOCNGeometry} {
		if m := wktPoint.FindStringSubmatch(g.Object(sp, p).Value); m != nil {
			r.Longitude, r.Latitude = parseFloat(m[1]), parseFloat(m[2])
		}
	}
}

func literalOf(g *rdf.Graph, s, p rdf.Term) string {
	for _, o := range g.Objects(s, p) {
		if o.IsLiteral() {
			return cleanText(o.Value)
		}
	}
	return ""
}

func textsOf(g *rdf.Graph, s, p rdf.Term) []Text {
	var out []Text
	for _, o := range g.Objects(s, p) {
		if o.IsLiteral() && cleanText(o.Value) != "" {
			out = append(out, Text{Value: cleanText(o.Value), Lang: o.Lang})
		}
	}
	return out
}

// languageCode reads a dct:language value: an EU authority IRI
// (…/language/DEU) or a code.
func languageCode(t rdf.Term) string {
	v := t.Value
	if i := strings.LastIndex(v, "/"); i >= 0 {
		v = v[i+1:]
	}
	if l, ok := vocab.LanguageTag(v); ok {
		return l
	}
	if len(v) == 2 {
		return strings.ToLower(v)
	}
	return ""
}
