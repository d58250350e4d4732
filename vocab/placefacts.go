package vocab

import (
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// PlaceFacts is what a place node of a practice says: its name, its NUTS
// region and its point. The publisher and the matcher read places alike.
type PlaceFacts struct {
	Name     string
	Region   string // NUTS code, "" if unknown
	Lat, Lon float64
	HasPoint bool
	// Approximate is set when the point is the region's label point
	// because the place has no valid coordinates of its own.
	Approximate bool

	lat, lon string
}

// Add reads one statement about the place: its first name, its NUTS
// region, its latitude and longitude.
func (f *PlaceFacts) Add(p, o rdf.Term) {
	switch p {
	case LOCNGeographicName:
		if f.Name == "" {
			f.Name = o.Value
		}
	case GeoSfWithin:
		if code, ok := ParseNUTSRegion(o); ok {
			f.Region = code
		}
	case WGS84Lat:
		f.lat = o.Value
	case WGS84Long:
		f.lon = o.Value
	}
}

// Locate sets the point once every statement is read: the coordinates
// when both are numbers in range, otherwise the label point of the region
// in regions (nil for none), marked approximate.
func (f *PlaceFacts) Locate(regions *Regions) {
	la, err1 := strconv.ParseFloat(f.lat, 64)
	lo, err2 := strconv.ParseFloat(f.lon, 64)
	if err1 == nil && err2 == nil && la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
		f.Lat, f.Lon, f.HasPoint, f.Approximate = la, lo, true, false
		return
	}
	if regions != nil && f.Region != "" {
		if r, ok := regions.Region(f.Region); ok {
			f.Lat, f.Lon, f.HasPoint, f.Approximate = r.Lat(), r.Lon(), true, true
		}
	}
}
