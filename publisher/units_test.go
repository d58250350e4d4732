package publisher

import (
	"net/http/httptest"
	"testing"
)

func TestBBox(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		lon, lat float64
		inside   bool
	}{
		{"0,0,10,10", true, 5, 5, true},
		{"0,0,10,10", true, 10, 10, true}, // edges belong to the box
		{"0,0,10,10", true, 11, 5, false},
		{"170,-10,-170,10", true, 179, 0, true}, // across the antimeridian
		{"170,-10,-170,10", true, -179, 0, true},
		{"170,-10,-170,10", true, 0, 0, false},
		{"0,0,-100,10,10,100", true, 5, 5, true}, // heights are ignored
		{"0,0,10", false, 0, 0, false},
		{"a,0,10,10", false, 0, 0, false},
		{"0,NaN,10,10", false, 0, 0, false},
		{"0,10,10,0", false, 0, 0, false},
		{"-181,0,10,10", false, 0, 0, false},
		{"0,-91,10,10", false, 0, 0, false},
	}
	for _, tt := range tests {
		b, err := parseBBox(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("parseBBox(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && b.contains(tt.lon, tt.lat) != tt.inside {
			t.Errorf("%q contains (%v, %v) = %v", tt.in, tt.lon, tt.lat, !tt.inside)
		}
	}
}

func TestInterval(t *testing.T) {
	tests := []struct {
		in, start, end string
		ok, overlaps   bool
	}{
		{"2020-06-01", "2020-01-01", "2020-12-31", true, true},
		{"2021-06-01", "2020-01-01", "2020-12-31", true, false},
		{"2020-12-31T23:00:00Z", "2020-01-01", "2020-12-31", true, true}, // the end date lasts all day
		{"../2019-12-31", "2020-01-01", "", true, false},
		{"2030-01-01/..", "2020-01-01", "", true, true}, // still running
		{"/2020-01-01", "", "2020-01-01", true, true},
		{"2020-01-01/2020-02-01", "", "", true, false}, // no dates: no temporal extent
		{"../..", "", "", false, false},
		{"2020-02-01/2020-01-01", "", "", false, false},
		{"soon", "", "", false, false},
	}
	for _, tt := range tests {
		iv, err := parseInterval(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("parseInterval(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && iv.overlaps(tt.start, tt.end) != tt.overlaps {
			t.Errorf("%q overlaps [%s, %s] = %v", tt.in, tt.start, tt.end, !tt.overlaps)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                         false,
		"gzip":                     true,
		"gzip, deflate, br":        true,
		"br;q=1.0, gzip;q=0.8":     true,
		"gzip;q=0":                 false,
		"*":                        true,
		"*;q=0":                    false,
		"identity":                 false,
		"*, gzip;q=0":              false,
		"GZIP;Q=0.5":               true,
		"x-gzip":                   true,
		"deflate;q=0.5, *;q=0.001": true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

func TestETagMatches(t *testing.T) {
	for header, want := range map[string]bool{
		`"a"`:           true,
		`W/"a"`:         true,
		`"b", "a"`:      true,
		`*`:             true,
		`"b"`:           false,
		`"a-gz"`:        false,
		`"b",W/"a" `:    true,
		`a`:             false,
		``:              false,
		`"A"`:           false,
		`"a", "b", "c"`: true,
	} {
		if got := etagMatches(header, `"a"`); got != want {
			t.Errorf("If-None-Match %q: %v, want %v", header, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four five", 12, "one two…"},
		{"Überschrift über Übungen", 10, "Überschrif…"}, // runes, not bytes
	} {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
