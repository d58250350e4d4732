package funcs

import "testing"

func TestCivilDaysRoundTrip(t *testing.T) {
	for _, d := range []int64{-1_000_000, -719468, -1, 0, 1, 59, 365, 11016, 1_000_000} {
		y, m, day := civilFromDays(d)
		if back := daysFromCivil(y, m, day); back != d {
			t.Errorf("day %d -> %d-%02d-%02d -> %d", d, y, m, day, back)
		}
	}
	if y, m, d := civilFromDays(0); y != 1970 || m != 1 || d != 1 {
		t.Errorf("day 0 = %d-%d-%d", y, m, d)
	}
	if got := daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28); got != 2 {
		t.Errorf("2000 is a leap year: %d days from Feb 28 to Mar 1", got)
	}
}
