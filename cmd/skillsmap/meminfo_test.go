package main

import "testing"

func TestParseMemAvailable(t *testing.T) {
	cases := []struct {
		name, meminfo string
		want          int64
	}{
		{"linux", "MemTotal:       24567890 kB\nMemFree:         1234567 kB\nMemAvailable:   20000000 kB\nBuffers:          123456 kB\n", 20000000 << 10},
		{"no MemAvailable line (old kernels)", "MemTotal:       24567890 kB\nMemFree:         1234567 kB\n", 0},
		{"garbage", "MemAvailable:   lots kB\n", 0},
		{"empty", "", 0},
	}
	for _, tc := range cases {
		if got := parseMemAvailable(tc.meminfo); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
