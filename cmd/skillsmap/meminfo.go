package main

import (
	"os"
	"strconv"
	"strings"
)

// memAvailable is the memory Linux says is available for new work
// (MemAvailable in /proc/meminfo, page cache it can drop included), or 0
// when unknown.
func memAvailable() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return parseMemAvailable(string(b))
}

// parseMemAvailable reads MemAvailable ("MemAvailable:  123 kB") from
// the text of /proc/meminfo, 0 if absent.
func parseMemAvailable(meminfo string) int64 {
	for line := range strings.Lines(meminfo) {
		if v, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
