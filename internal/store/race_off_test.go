//go:build !race

package store

// raceEnabled reports whether the race detector is on; slow tests do less.
const raceEnabled = false
