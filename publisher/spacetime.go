package publisher

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// bbox is a WGS84 bounding box (OGC API bbox: lower-left then upper-right
// corner, longitude first). MinLon > MaxLon means the box crosses the
// antimeridian.
type bbox struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// parseBBox reads "minLon,minLat,maxLon,maxLat" or the six-number form with
// heights (which are ignored: the data is two-dimensional).
func parseBBox(s string) (*bbox, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, fmt.Errorf("bbox %q: want 4 numbers (minLon,minLat,maxLon,maxLat) or 6 with heights", s)
	}
	nums := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("bbox %q: %q is not a number", s, p)
		}
		nums[i] = f
	}
	b := &bbox{MinLon: nums[0], MinLat: nums[1], MaxLon: nums[2], MaxLat: nums[3]}
	if len(nums) == 6 {
		b = &bbox{MinLon: nums[0], MinLat: nums[1], MaxLon: nums[3], MaxLat: nums[4]}
	}
	switch {
	case b.MinLat < -90 || b.MaxLat > 90 || b.MinLat > 90 || b.MaxLat < -90:
		return nil, fmt.Errorf("bbox %q: latitudes must lie in [-90, 90]", s)
	case b.MinLon < -180 || b.MinLon > 180 || b.MaxLon < -180 || b.MaxLon > 180:
		return nil, fmt.Errorf("bbox %q: longitudes must lie in [-180, 180]", s)
	case b.MinLat > b.MaxLat:
		return nil, fmt.Errorf("bbox %q: the lower latitude is above the upper one", s)
	}
	return b, nil
}

// contains reports whether the point lies in the box (edges included).
func (b *bbox) contains(lon, lat float64) bool {
	if lat < b.MinLat || lat > b.MaxLat {
		return false
	}
	if b.MinLon <= b.MaxLon {
		return lon >= b.MinLon && lon <= b.MaxLon
	}
	return lon >= b.MinLon || lon <= b.MaxLon // across the antimeridian
}

// containsAny reports whether one of the places' points lies in the box.
func (b *bbox) containsAny(ps []place) bool {
	for _, p := range ps {
		if b.contains(p.Lon, p.Lat) {
			return true
		}
	}
	return false
}

// intersects reports whether a box [minLon, minLat, maxLon, maxLat] that
// does not cross the antimeridian overlaps b.
func (b *bbox) intersects(minLon, minLat, maxLon, maxLat float64) bool {
	if maxLat < b.MinLat || minLat > b.MaxLat {
		return false
	}
	if b.MinLon <= b.MaxLon {
		return maxLon >= b.MinLon && minLon <= b.MaxLon
	}
	return maxLon >= b.MinLon || minLon <= b.MaxLon
}

// interval is a closed time interval; a zero end is open.
type interval struct {
	Start, End time.Time
}

// parseInterval reads an OGC API datetime value: an instant, or an
// interval "start/end" where either end may be ".." or empty (open).
// Instants are RFC 3339 date-times or dates.
func parseInterval(s string) (*interval, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("datetime: empty")
	}
	if !strings.Contains(s, "/") {
		t, end, err := parseInstant(s)
		if err != nil {
			return nil, err
		}
		return &interval{Start: t, End: end}, nil
	}
	a, b, _ := strings.Cut(s, "/")
	var iv interval
	if a != "" && a != ".." {
		t, _, err := parseInstant(a)
		if err != nil {
			return nil, err
		}
		iv.Start = t
	}
	if b != "" && b != ".." {
		_, t, err := parseInstant(b)
		if err != nil {
			return nil, err
		}
		iv.End = t
	}
	if iv.Start.IsZero() && iv.End.IsZero() {
		return nil, fmt.Errorf("datetime %q: at least one end must be given", s)
	}
	if !iv.Start.IsZero() && !iv.End.IsZero() && iv.End.Before(iv.Start) {
		return nil, fmt.Errorf("datetime %q: the end is before the start", s)
	}
	return &iv, nil
}

// parseInstant reads a date-time (start and end are the same) or a date
// (the whole day).
func parseInstant(s string) (start, end time.Time, err error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, t.Add(24*time.Hour - time.Nanosecond), nil
	}
	return time.Time{}, time.Time{}, fmt.Errorf("datetime %q: not an RFC 3339 date-time or date", s)
}

// overlaps reports whether a practice running from start to end (xsd:date
// lexical forms, either may be empty for open) overlaps the interval. A
// practice with no dates has no temporal extent and never overlaps.
func (iv *interval) overlaps(start, end string) bool {
	if start == "" && end == "" {
		return false
	}
	var ps, pe time.Time
	if start != "" {
		t, _, err := parseInstant(start)
		if err != nil {
			return false
		}
		ps = t
	}
	if end != "" {
		_, t, err := parseInstant(end)
		if err != nil {
			return false
		}
		pe = t
	}
	if !iv.End.IsZero() && !ps.IsZero() && ps.After(iv.End) {
		return false
	}
	if !iv.Start.IsZero() && !pe.IsZero() && pe.Before(iv.Start) {
		return false
	}
	return true
}
