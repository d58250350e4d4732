// Package mqa scores a DCAT-AP catalog by the Metadata Quality Assessment
// (MQA) method of data.europa.eu, the European data portal, which harvests
// catalogs like Skillsmap's: 22 indicators in five dimensions, 405 points
// in all (findability 100, accessibility 100, interoperability 110,
// reusability 75, contextuality 20), as the portal's methodology page
// publishes them, each computed on the datasets or the distributions.
//
// A dataset's score is computed as the portal's scoring code
// (piveau-metrics) does: the points of its best distribution, plus those
// of the dataset itself; the issue and modification dates count once, on
// the distribution if it has them, else on the dataset. The catalog's
// score is the mean of its datasets'. Evaluate also gives the share of the
// datasets or distributions that meet each indicator, the way the portal's
// dashboard shows a catalog, and the score of those shares.
//
// Two indicators need the outside world, which the caller provides: the
// HTTP status of the access and download URLs, and whether a dataset
// passes the DCAT-AP SHACL shapes.
package mqa

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Dimensions of the method.
const (
	Findability      = "Findability"
	Accessibility    = "Accessibility"
	Interoperability = "Interoperability"
	Reusability      = "Reusability"
	Contextuality    = "Contextuality"
)

// Entity is what an indicator is computed on.
type Entity int

const (
	// OnDataset indicators look at the dcat:Dataset.
	OnDataset Entity = iota
	// OnDistribution indicators look at each dcat:Distribution.
	OnDistribution
	// OnBoth indicators look at the dataset and its distributions (the
	// issue and modification dates).
	OnBoth
)

// Indicator is one indicator of the method.
type Indicator struct {
	// ID is the metric's name in the portal's quality vocabulary.
	ID string
	// Name is the indicator's name on the methodology page.
	Name      string
	Dimension string
	On        Entity
	Points    int
}

// Indicators are the method's 22 indicators with their weights.
var Indicators = []Indicator{
	{"keywordAvailability", "Keyword usage (dcat:keyword)", Findability, OnDataset, 30},
	{"categoryAvailability", "Categories (dcat:theme)", Findability, OnDataset, 30},
	{"spatialAvailability", "Geo search (dct:spatial)", Findability, OnDataset, 20},
	{"temporalAvailability", "Time-based search (dct:temporal)", Findability, OnDataset, 20},
	{"accessUrlStatusCode", "AccessURL accessibility (2xx)", Accessibility, OnDistribution, 50},
	{"downloadUrlAvailability", "DownloadURL (dcat:downloadURL)", Accessibility, OnDistribution, 20},
	{"downloadUrlStatusCode", "DownloadURL accessibility (2xx)", Accessibility, OnDistribution, 30},
	{"formatAvailability", "Format (dct:format)", Interoperability, OnDistribution, 20},
	{"mediaTypeAvailability", "Media type (dcat:mediaType)", Interoperability, OnDistribution, 10},
	{"formatMediaTypeVocabularyAlignment", "Format / media type from vocabulary", Interoperability, OnDistribution, 10},
	{"formatMediaTypeNonProprietary", "Non-proprietary format", Interoperability, OnDistribution, 20},
	{"formatMediaTypeMachineInterpretable", "Machine-readable format", Interoperability, OnDistribution, 20},
	{"dcatApCompliance", "DCAT-AP compliance (SHACL)", Interoperability, OnDataset, 30},
	{"licenceAvailability", "Licence information (dct:license)", Reusability, OnDistribution, 20},
	{"knownLicence", "Licence vocabulary", Reusability, OnDistribution, 10},
	{"accessRightsAvailability", "Access restrictions (dct:accessRights)", Reusability, OnDataset, 10},
	{"accessRightsVocabularyAlignment", "Access restrictions vocabulary", Reusability, OnDataset, 5},
	{"contactPointAvailability", "Contact point (dcat:contactPoint)", Reusability, OnDataset, 20},
	{"publisherAvailability", "Publisher (dct:publisher)", Reusability, OnDataset, 10},
	{"rightsAvailability", "Rights (dct:rights)", Contextuality, OnDistribution, 5},
	{"byteSizeAvailability", "File size (dcat:byteSize)", Contextuality, OnDistribution, 5},
	{"dateIssuedAvailability", "Date of issue (dct:issued)", Contextuality, OnBoth, 5},
	{"dateModifiedAvailability", "Modification date (dct:modified)", Contextuality, OnBoth, 5},
}

// MaxPoints is the most a dataset or catalog can score: 405.
func MaxPoints() int {
	n := 0
	for _, ind := range Indicators {
		n += ind.Points
	}
	return n
}

// Vocabularies the indicators check values against.
const (
	fileTypeBase     = "http://publications.europa.eu/resource/authority/file-type/"
	licenceBase      = "http://publications.europa.eu/resource/authority/licence/"
	accessRightBase  = "http://publications.europa.eu/resource/authority/access-right/"
	ianaMediaTypes   = "https://www.iana.org/assignments/media-types/"
	ianaMediaTypesV1 = "http://www.iana.org/assignments/media-types/"
)

// nonProprietary and machineReadable are the file types of the EU table
// that data.europa.eu's own lists (edp-non-proprietary-format and
// edp-machine-readable-format) count as such, for the open, structured
// formats: the lists are not at hand offline, so a format not named here
// scores nothing, which can only understate a score.
var (
	nonProprietary = []string{"CSV", "GEOJSON", "GML", "GZIP", "HTML", "ICS", "JSON", "JSON_LD", "KML", "ODS",
		"RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "TSV", "TXT", "XML", "ZIP"}
	machineReadable = []string{"CSV", "GEOJSON", "GML", "ICS", "JSON", "JSON_LD", "KML", "ODS",
		"RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "TSV", "XML"}
)

// Options give Evaluate what it cannot read from the catalog.
type Options struct {
	// Status returns the HTTP status code a GET (or HEAD) of url answers;
	// 0 when the request fails. Nil: no URL counts as accessible.
	Status func(ctx context.Context, url string) int
	// Compliant reports whether a dataset's description passes the DCAT-AP
	// SHACL shapes without violations. Nil: no dataset counts as compliant.
	Compliant func(dataset rdf.Term) bool
}

// Result is a catalog's score.
type Result struct {
	// Score is the mean of the datasets' scores: the catalog's score on
	// data.europa.eu.
	Score float64
	// Datasets are the datasets' scores.
	Datasets []DatasetScore
	// Indicators say, per indicator, how many of the datasets or
	// distributions meet it.
	Indicators []IndicatorShare
	// ShareScore is the sum of each indicator's points times the share of
	// datasets or distributions that meet it.
	ShareScore float64
}

// DatasetScore is one dataset's score.
type DatasetScore struct {
	Dataset rdf.Term
	Points  int
	// Missed are the indicators that gave the dataset no points.
	Missed []string
}

// IndicatorShare is how many datasets or distributions meet an indicator.
type IndicatorShare struct {
	Indicator
	Met, Of int
	// Points are the indicator's points times Met/Of.
	Points float64
}

// String formats the result as a table, one line per indicator and a
// line per dataset.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "MQA score %.1f of %d (mean of %d datasets); by shares %.1f\n", r.Score, MaxPoints(), len(r.Datasets), r.ShareScore)
	for _, s := range r.Indicators {
		fmt.Fprintf(&b, "  %-17s %-40s %3d/%-3d %5.1f of %d\n", s.Dimension, s.Name, s.Met, s.Of, s.Points, s.Indicator.Points)
	}
	for _, d := range r.Datasets {
		fmt.Fprintf(&b, "  %s: %d", d.Dataset.Value, d.Points)
		if len(d.Missed) > 0 {
			fmt.Fprintf(&b, " (missed: %s)", strings.Join(d.Missed, ", "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Evaluate scores the datasets of a catalog graph.
func Evaluate(ctx context.Context, g *rdf.Graph, opts Options) (*Result, error) {
	e := &evaluator{g: g, opts: opts, status: map[string]int{}}
	datasets := g.Subjects(rdf.Type, vocab.DCATDataset)
	if len(datasets) == 0 {
		return nil, fmt.Errorf("mqa: the graph has no dcat:Dataset")
	}
	slices.SortFunc(datasets, rdf.Compare)
	shares := make([]IndicatorShare, len(Indicators))
	for i, ind := range Indicators {
		shares[i].Indicator = ind
	}
	res := &Result{}
	for _, ds := range datasets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dists := g.Objects(ds, vocab.DCATDistributionProp)
		slices.SortFunc(dists, rdf.Compare)
		onDataset := map[string]bool{}
		for i, ind := range Indicators {
			if ind.On == OnDistribution {
				continue
			}
			onDataset[ind.ID] = e.meets(ctx, ind.ID, ds)
			shares[i].Of++
			if onDataset[ind.ID] {
				shares[i].Met++
			}
		}
		// The best distribution's points count for the dataset.
		var best map[string]bool
		bestPoints := -1
		for _, d := range dists {
			met := map[string]bool{}
			points := 0
			for i, ind := range Indicators {
				if ind.On == OnDataset {
					continue
				}
				met[ind.ID] = e.meets(ctx, ind.ID, d)
				shares[i].Of++
				if met[ind.ID] {
					shares[i].Met++
					points += ind.Points
				}
			}
			if points > bestPoints {
				best, bestPoints = met, points
			}
		}
		score := DatasetScore{Dataset: ds}
		for _, ind := range Indicators {
			var ok bool
			switch ind.On {
			case OnDataset:
				ok = onDataset[ind.ID]
			case OnDistribution:
				ok = best[ind.ID]
			case OnBoth:
				ok = best[ind.ID] || onDataset[ind.ID]
			}
			if ok {
				score.Points += ind.Points
			} else {
				score.Missed = append(score.Missed, ind.ID)
			}
		}
		res.Datasets = append(res.Datasets, score)
		res.Score += float64(score.Points)
	}
	res.Score /= float64(len(datasets))
	for i := range shares {
		if shares[i].Of > 0 {
			shares[i].Points = float64(shares[i].Indicator.Points) * float64(shares[i].Met) / float64(shares[i].Of)
		}
		res.ShareScore += shares[i].Points
	}
	res.Indicators = shares
	return res, nil
}

// evaluator checks indicators on one graph, asking for each URL's status
// once.
type evaluator struct {
	g      *rdf.Graph
	opts   Options
	status map[string]int
}

// meets reports whether the resource s (a dataset or a distribution)
// meets the indicator id.
func (e *evaluator) meets(ctx context.Context, id string, s rdf.Term) bool {
	g := e.g
	has := func(p rdf.Term) bool { return !g.Object(s, p).IsZero() }
	all := func(p rdf.Term, ok func(rdf.Term) bool) bool {
		vs := g.Objects(s, p)
		return len(vs) > 0 && !slices.ContainsFunc(vs, func(v rdf.Term) bool { return !ok(v) })
	}
	inTable := func(base string, codes []string) func(rdf.Term) bool {
		return func(v rdf.Term) bool {
			code, ok := strings.CutPrefix(v.Value, base)
			return ok && v.IsIRI() && code != "" && !strings.Contains(code, "/") && (codes == nil || slices.Contains(codes, code))
		}
	}
	switch id {
	case "keywordAvailability":
		return has(vocab.DCATKeyword)
	case "categoryAvailability":
		return has(vocab.DCATTheme)
	case "spatialAvailability":
		return has(vocab.DCTSpatial)
	case "temporalAvailability":
		return has(vocab.DCTTemporal)
	case "accessUrlStatusCode":
		return all(vocab.DCATAccessURL, func(u rdf.Term) bool { return e.ok(ctx, u.Value) })
	case "downloadUrlAvailability":
		return has(vocab.DCATDownloadURL)
	case "downloadUrlStatusCode":
		return all(vocab.DCATDownloadURL, func(u rdf.Term) bool { return e.ok(ctx, u.Value) })
	case "formatAvailability":
		return has(vocab.DCTFormat)
	case "mediaTypeAvailability":
		return has(vocab.DCATMediaType)
	case "formatMediaTypeVocabularyAlignment":
		iana := func(v rdf.Term) bool {
			return v.IsIRI() && (strings.HasPrefix(v.Value, ianaMediaTypes) || strings.HasPrefix(v.Value, ianaMediaTypesV1))
		}
		return all(vocab.DCTFormat, inTable(fileTypeBase, nil)) && all(vocab.DCATMediaType, iana)
	case "formatMediaTypeNonProprietary":
		return all(vocab.DCTFormat, inTable(fileTypeBase, nonProprietary))
	case "formatMediaTypeMachineInterpretable":
		return all(vocab.DCTFormat, inTable(fileTypeBase, machineReadable))
	case "dcatApCompliance":
		return e.opts.Compliant != nil && e.opts.Compliant(s)
	case "licenceAvailability":
		return has(vocab.DCTLicense)
	case "knownLicence":
		return all(vocab.DCTLicense, inTable(licenceBase, nil))
	case "accessRightsAvailability":
		return has(vocab.DCTAccessRights)
	case "accessRightsVocabularyAlignment":
		return all(vocab.DCTAccessRights, inTable(accessRightBase, nil))
	case "contactPointAvailability":
		return has(vocab.DCATContactPoint)
	case "publisherAvailability":
		return has(vocab.DCTPublisher)
	case "rightsAvailability":
		return has(vocab.DCTRights)
	case "byteSizeAvailability":
		return has(vocab.DCATByteSize)
	case "dateIssuedAvailability":
		return has(vocab.DCTIssued)
	case "dateModifiedAvailability":
		return has(vocab.DCTModified)
	}
	return false
}

// ok reports whether url answers 2xx, as the portal's scoring counts an
// accessible URL.
func (e *evaluator) ok(ctx context.Context, url string) bool {
	if e.opts.Status == nil {
		return false
	}
	code, seen := e.status[url]
	if !seen {
		code = e.opts.Status(ctx, url)
		e.status[url] = code
	}
	return code >= 200 && code <= 299
}
