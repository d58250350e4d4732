package vocab

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// The GISCO files that LoadRegions reads. They are © EuroGeographics and
// are never committed to the repository: a deployment keeps them in a
// directory of its own and downloads them with FetchGeodata
// ("skillsmap geo fetch").
const (
	// LabelFile holds one label point per NUTS 2021 region, with codes,
	// levels and names.
	LabelFile = "NUTS_LB_2021_4326.geojson"
	// OutlineFile holds the region outlines at 1:60 million.
	OutlineFile = "NUTS_RG_60M_2021_4326.geojson"
	// GeodataAttribution must be shown on any map drawn from the outlines.
	GeodataAttribution = "© EuroGeographics for the administrative boundaries"
)

// maxGeodataBytes bounds each GeoJSON file read or downloaded. GISCO's
// 1:60M files are about 1 MB; the bound leaves room for the finer scales.
const maxGeodataBytes = 256 << 20

// Region is a NUTS 2021 region at level 0 (country) to 3. Regions are
// shared by all callers of a Regions: treat them as read-only.
type Region struct {
	Code       string // NUTS code, e.g. DE300
	Level      int    // 0 (country) to 3
	Country    string // NUTS country code (EL for Greece, UK for the United Kingdom)
	Name       string // name in Latin script (NAME_LATN)
	NativeName string // name in the national script (NUTS_NAME)
	// Label is GISCO's label point: a point inside the region, good for a
	// map marker. Outline may be nil when the outline file lacks the region.
	Label   orb.Point
	Outline orb.MultiPolygon
	Bound   orb.Bound
}

// IRI returns the EU Publications Office IRI of the region.
func (r *Region) IRI() rdf.Term { return NUTSRegion(r.Code) }

// Parent returns the code of the region one level up, "" for a country:
// the code less its last character.
func (r *Region) Parent() string {
	if r.Level == 0 {
		return ""
	}
	return r.Code[:len(r.Code)-1]
}

// Lat returns the latitude of the label point.
func (r *Region) Lat() float64 { return r.Label.Lat() }

// Lon returns the longitude of the label point.
func (r *Region) Lon() float64 { return r.Label.Lon() }

// Regions holds the NUTS 2021 regions loaded from GISCO's files. It is
// read-only after LoadRegions and safe for concurrent use.
type Regions struct {
	dir      string
	list     []*Region // by code
	byCode   map[string]*Region
	children map[string][]*Region
	byLevel  [4][]*Region
}

// nutsProperties are the GeoJSON properties LoadRegions reads.
type nutsProperties struct {
	ID        string `json:"NUTS_ID"`
	Level     *int   `json:"LEVL_CODE"`
	Country   string `json:"CNTR_CODE"`
	NameLatin string `json:"NAME_LATN"`
	Name      string `json:"NUTS_NAME"`
}

type nutsCollection = geojson.FeatureCollectionOf[nutsProperties]

// LoadRegions reads LabelFile and OutlineFile from dir. When either file is
// missing it returns a *GeodataMissingError (errors.Is ErrGeodataMissing)
// that says how to get them.
func LoadRegions(dir string) (*Regions, error) {
	if err := checkGeodataDir(dir); err != nil {
		return nil, err
	}
	labels, err := readGeoJSON(filepath.Join(dir, LabelFile))
	if err != nil {
		return nil, err
	}
	outlines, err := readGeoJSON(filepath.Join(dir, OutlineFile))
	if err != nil {
		return nil, err
	}
	rs, err := buildRegions(labels, outlines)
	if err != nil {
		return nil, fmt.Errorf("load regions from %s: %w", dir, err)
	}
	rs.dir = dir
	return rs, nil
}

// readGeoJSON reads and parses one GISCO file.
func readGeoJSON(path string) (*nutsCollection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load regions: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxGeodataBytes+1))
	if err != nil {
		return nil, fmt.Errorf("load regions: read %s: %w", path, err)
	}
	if len(data) > maxGeodataBytes {
		return nil, fmt.Errorf("load regions: %s is larger than %d MiB", path, maxGeodataBytes>>20)
	}
	fc, err := parseNUTSGeoJSON(data)
	if err != nil {
		return nil, fmt.Errorf("load regions: %s: %w", path, err)
	}
	return fc, nil
}

// parseNUTSGeoJSON parses a GISCO NUTS feature collection, turning a panic
// of the GeoJSON decoder on hostile input into an error.
func parseNUTSGeoJSON(data []byte) (fc *nutsCollection, err error) {
	defer func() {
		if p := recover(); p != nil {
			fc, err = nil, fmt.Errorf("GeoJSON decoder panic: %v", p)
		}
	}()
	fc = &nutsCollection{}
	if err := json.Unmarshal(data, fc); err != nil {
		return nil, fmt.Errorf("not a GeoJSON feature collection: %w", err)
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("no features")
	}
	for i, f := range fc.Features {
		if f == nil || f.Properties.ID == "" {
			return nil, fmt.Errorf("feature %d has no NUTS_ID: not a NUTS file", i)
		}
	}
	return fc, nil
}

// buildRegions checks the label features and attaches the outlines.
func buildRegions(labels, outlines *nutsCollection) (*Regions, error) {
	rs := &Regions{byCode: map[string]*Region{}, children: map[string][]*Region{}}
	for _, f := range labels.Features {
		p := f.Properties
		if !validNUTSCode(p.ID) {
			return nil, fmt.Errorf("%s: invalid NUTS code %q", LabelFile, p.ID)
		}
		level := len(p.ID) - 2
		if p.Level == nil || *p.Level != level {
			return nil, fmt.Errorf("%s: region %s: LEVL_CODE does not match the code", LabelFile, p.ID)
		}
		if p.Country != p.ID[:2] {
			return nil, fmt.Errorf("%s: region %s: CNTR_CODE %q does not match the code", LabelFile, p.ID, p.Country)
		}
		pt, ok := f.Geometry.(orb.Point)
		if !ok || pt.Lon() < -180 || pt.Lon() > 180 || pt.Lat() < -90 || pt.Lat() > 90 {
			return nil, fmt.Errorf("%s: region %s: label is not a WGS84 point", LabelFile, p.ID)
		}
		if _, dup := rs.byCode[p.ID]; dup {
			return nil, fmt.Errorf("%s: region %s appears twice", LabelFile, p.ID)
		}
		r := &Region{
			Code:       p.ID,
			Level:      level,
			Country:    p.Country,
			Name:       cleanName(p.NameLatin),
			NativeName: cleanName(p.Name),
			Label:      pt,
			Bound:      pt.Bound(),
		}
		if r.Name == "" {
			r.Name = r.NativeName
		}
		rs.byCode[r.Code] = r
	}
	for _, f := range outlines.Features {
		r, ok := rs.byCode[f.Properties.ID]
		if !ok {
			continue // a region without a label point cannot be placed or named
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			r.Outline = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			r.Outline = g
		default:
			return nil, fmt.Errorf("%s: region %s: outline is %T, not a polygon", OutlineFile, r.Code, f.Geometry)
		}
		r.Bound = r.Outline.Bound().Union(r.Label.Bound())
	}
	for _, r := range rs.byCode {
		rs.list = append(rs.list, r)
	}
	slices.SortFunc(rs.list, func(a, b *Region) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range rs.list {
		rs.byLevel[r.Level] = append(rs.byLevel[r.Level], r)
		if p := r.Parent(); p != "" {
			rs.children[p] = append(rs.children[p], r)
		}
	}
	return rs, nil
}

// cleanName collapses the white space in a name (one GISCO name ends in
// "\r\n   \r\n").
func cleanName(s string) string { return strings.Join(strings.Fields(s), " ") }

// Dir returns the directory the regions were loaded from.
func (rs *Regions) Dir() string { return rs.dir }

// Len returns the number of regions.
func (rs *Regions) Len() int { return len(rs.list) }

// Region returns the region with a NUTS code (any case).
func (rs *Regions) Region(code string) (*Region, bool) {
	r, ok := rs.byCode[strings.ToUpper(strings.TrimSpace(code))]
	return r, ok
}

// ByIRI returns the region a NUTS IRI names.
func (rs *Regions) ByIRI(t rdf.Term) (*Region, bool) {
	code, ok := ParseNUTSRegion(t)
	if !ok {
		return nil, false
	}
	return rs.Region(code)
}

// All returns every region, ordered by code.
func (rs *Regions) All() []*Region { return slices.Clone(rs.list) }

// Level returns the regions of one level (0–3), ordered by code.
func (rs *Regions) Level(level int) []*Region {
	if level < 0 || level > 3 {
		return nil
	}
	return slices.Clone(rs.byLevel[level])
}

// Children returns the regions one level below code, ordered by code.
func (rs *Regions) Children(code string) []*Region {
	return slices.Clone(rs.children[strings.ToUpper(code)])
}

// Ancestors returns the region's parent, grandparent and so on up to its
// country, nearest first, as far as they are loaded.
func (rs *Regions) Ancestors(code string) []*Region {
	var out []*Region
	r, ok := rs.Region(code)
	for ok && r.Level > 0 {
		r, ok = rs.byCode[r.Parent()]
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// Feature returns the region as a GeoJSON feature for a map: its outline (its
// label point when it has none), with the properties NUTS_ID, LEVL_CODE,
// CNTR_CODE, NAME_LATN and NUTS_NAME as in GISCO's files, plus iri and the
// label point as label_lon and label_lat. Maps must show GeodataAttribution.
func (r *Region) Feature() *geojson.Feature {
	var g orb.Geometry = r.Label
	if r.Outline != nil {
		g = r.Outline
	}
	f := geojson.NewFeature(g)
	f.ID = r.Code
	f.Properties = geojson.Properties{
		"NUTS_ID":   r.Code,
		"LEVL_CODE": r.Level,
		"CNTR_CODE": r.Country,
		"NAME_LATN": r.Name,
		"NUTS_NAME": r.NativeName,
		"iri":       r.IRI().Value,
		"label_lon": r.Label.Lon(),
		"label_lat": r.Label.Lat(),
	}
	return f
}
