package vocab

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestPlaceFacts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lat, lon string
		want     bool
	}{
		{"in range", "51.34", "12.37", true},
		{"latitude out of range", "91", "12.37", false},
		{"not a number", "north", "12.37", false},
		{"longitude missing", "51.34", "", false},
	} {
		var f PlaceFacts
		f.Add(LOCNGeographicName, rdf.String("Leipzig"))
		f.Add(LOCNGeographicName, rdf.String("Lipsk"))
		f.Add(WGS84Lat, rdf.String(tc.lat))
		if tc.lon != "" {
			f.Add(WGS84Long, rdf.String(tc.lon))
		}
		f.Locate(nil)
		if f.Name != "Leipzig" {
			t.Errorf("%s: name %q, want the first, Leipzig", tc.name, f.Name)
		}
		if f.HasPoint != tc.want || f.Approximate {
			t.Errorf("%s: point %v (approximate %v), want %v", tc.name, f.HasPoint, f.Approximate, tc.want)
		}
		if tc.want && (f.Lat != 51.34 || f.Lon != 12.37) {
			t.Errorf("%s: point %v,%v", tc.name, f.Lat, f.Lon)
		}
	}
}
