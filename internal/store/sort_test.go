package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortQuads(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		n    int
		id   func(pos int) uint64
	}{
		{"small", 100, func(int) uint64 { return rng.Uint64N(50) }},
		{"one graph", 50_000, func(pos int) uint64 {
			if pos == posG {
				return 1 << 20
			}
			return rng.Uint64N(1 << 22)
		}},
		{"wide ids", 20_000, func(int) uint64 { return rng.Uint64() >> rng.IntN(64) }},
		{"equal keys", 10_000, func(pos int) uint64 { return uint64(pos) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := make([]idQuad, tc.n)
			for i := range keys {
				for p := range keys[i] {
					keys[i][p] = tc.id(p)
				}
			}
			want := slices.Clone(keys)
			slices.SortFunc(want, compareQuads)
			sortQuads(keys)
			if !slices.Equal(keys, want) {
				t.Fatal("sortQuads differs from a comparison sort")
			}
		})
	}
}

func BenchmarkSortQuads(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]idQuad, 1<<20)
	for i := range keys {
		keys[i] = idQuad{rng.Uint64N(1 << 22), rng.Uint64N(40), rng.Uint64N(1 << 22), 1 << 21}
	}
	work := make([]idQuad, len(keys))
	for _, s := range []struct {
		name string
		sort func([]idQuad)
	}{{"radix", sortQuads}, {"comparison", func(k []idQuad) { slices.SortFunc(k, compareQuads) }}} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				copy(work, keys)
				s.sort(work)
			}
		})
	}
}
