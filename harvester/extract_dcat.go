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
		x.Records = recordsFromSchemaOrg(quads, p.URL.String(), e.lang)
		return x, nil
	}
	x.Records = recordsFromDCAT(g, p.URL.String(), e.lang)
	return x, nil
}

var (
	dcatDataset      = rdf.IRI(rdf.NSDCAT + "Dataset")
	dcatDistribution = rdf.IRI(rdf.NSDCAT + "distribution")
	dcatDownloadURL  = rdf.IRI(rdf.NSDCAT + "downloadURL")
	dcatAccessURL    = rdf.IRI(rdf.NSDCAT + "accessURL")
	dcatMediaType    = rdf.IRI(rdf.NSDCAT + "mediaType")
	dctFormat        = rdf.IRI(rdf.NSDCT + "format")
	dcatKeyword      = rdf.IRI(rdf.NSDCAT + "keyword")
	dcatLandingPage  = rdf.IRI(rdf.NSDCAT + "landingPage")
	dcatStartDate    = rdf.IRI(rdf.NSDCAT + "startDate")
	dcatEndDate      = rdf.IRI(rdf.NSDCAT + "endDate")
	dcatCentroid     = rdf.IRI(rdf.NSDCAT + "centroid")
	dctPublisher     = rdf.IRI(rdf.NSDCT + "publisher")
	dctTemporal      = rdf.IRI(rdf.NSDCT + "temporal")
	dctLanguage      = rdf.IRI(rdf.NSDCT + "language")
	foafName         = rdf.IRI(rdf.NSFOAF + "name")
	foafHomepage     = rdf.IRI(rdf.NSFOAF + "homepage")
	vcardFN          = rdf.IRI(rdf.NSVCARD + "fn")
	rdfsLabel        = rdf.IRI(rdf.NSRDFS + "label")
	locnGeometry     = rdf.IRI(rdf.NSLOCN + "geometry")
)

// rdfDistributions returns the download (else access) URLs of the
// distributions whose media type or format is an RDF syntax, or unknown.
func rdfDistributions(g *rdf.Graph) []string {
	var out []string
	for _, t := range g.Triples() {
		if t.P != dcatDistribution {
			continue
		}
		d := t.O
		if mt := mediaTypeOf(g, d); mt != "" {
			if _, ok := rdfio.ByMediaType(mt); !ok {
				continue
			}
		}
		u := g.Object(d, dcatDownloadURL)
		if u.IsZero() {
			u = g.Object(d, dcatAccessURL)
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
	for _, p := range []rdf.Term{dcatMediaType, dctFormat} {
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
	for _, ds := range g.Subjects(rdf.Type, dcatDataset) {
		r := Record{SourcePage: page, Language: lang}
		if l := languageCode(g.Object(ds, dctLanguage)); l != "" {
			r.Language = l
		}
		r.Identifier = literalOf(g, ds, vocab.DCTIdentifier)
		if r.Identifier == "" && ds.IsIRI() {
			r.Identifier = ds.Value
		}
		r.Title = textsOf(g, ds, vocab.DCTTitle)
		r.Description = textsOf(g, ds, vocab.DCTDescription)
		if lp := g.Object(ds, dcatLandingPage); lp.IsIRI() {
			r.URL = lp.Value
		}
		for _, k := range g.Objects(ds, dcatKeyword) {
			r.Keywords = appendUnique(r.Keywords, k.Value)
		}
		for _, pub := range g.Objects(ds, dctPublisher) {
			org := Organisation{Name: firstNonEmpty(literalOf(g, pub, foafName), literalOf(g, pub, vocab.SKOSPrefLabel), literalOf(g, pub, vcardFN), literalOf(g, pub, rdfsLabel))}
			if hp := g.Object(pub, foafHomepage); hp.IsIRI() {
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
		for _, tm := range g.Objects(ds, dctTemporal) {
			r.Start = firstNonEmpty(r.Start, literalOf(g, tm, dcatStartDate), literalOf(g, tm, schema("startDate")))
			r.End = firstNonEmpty(r.End, literalOf(g, tm, dcatEndDate), literalOf(g, tm, schema("endDate")))
		}
		for _, t := range g.Objects(ds, vocab.DCTType) {
			if t.IsLiteral() {
				r.PracticeTypes = appendUnique(r.PracticeTypes, t.Value)
			} else if l := firstNonEmpty(literalOf(g, t, vocab.SKOSPrefLabel), literalOf(g, t, rdfsLabel)); l != "" {
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
	if name := firstNonEmpty(literalOf(g, sp, vocab.LOCNGeographicName), literalOf(g, sp, vocab.SKOSPrefLabel), literalOf(g, sp, rdfsLabel)); name != "" {
		r.Cities = appendUnique(r.Cities, name)
	}
	for _, p := range []rdf.Term{dcatCentroid, locnGeometry} {
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

// euLanguages maps the EU language authority's codes to BCP 47.
var euLanguages = map[string]string{
	"BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en", "EST": "et", "FIN": "fi",
	"FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu", "ITA": "it", "LAV": "lv", "LIT": "lt", "MLT": "mt",
	"NLD": "nl", "POL": "pl", "POR": "pt", "RON": "ro", "SLK": "sk", "SLV": "sl", "SPA": "es", "SWE": "sv",
	"NOR": "no", "ISL": "is",
}

// languageCode reads a dct:language value: an EU authority IRI
// (…/language/DEU) or a code.
func languageCode(t rdf.Term) string {
	v := t.Value
	if i := strings.LastIndex(v, "/"); i >= 0 {
		v = v[i+1:]
	}
	if l, ok := euLanguages[strings.ToUpper(v)]; ok {
		return l
	}
	if len(v) == 2 {
		return strings.ToLower(v)
	}
	return ""
}
