package store

import "slices"

// radixMin is the batch size from which sortQuads uses a radix sort; below
// it a comparison sort is as fast and allocates nothing.
const radixMin = 2048

// An 11-bit digit sorts the 22 bits of a 4M-term store's ids in two passes
// and keeps the counts (16 KiB) in the L1 cache.
const (
	radixBits = 11
	radixMask = 1<<radixBits - 1
)

// sortQuads sorts keys in place by their ids, first to last. A flush sorts
// every quad of a batch six times, once per index, so a bulk load's writer
// waited on comparison sorts; an LSD radix sort that skips the bytes no two
// keys differ in (ids of a 10M-quad store use 22 of 64 bits, and a load's
// graph is one id) takes a few passes over the batch instead.
func sortQuads(keys []idQuad) {
	if len(keys) < radixMin {
		slices.SortFunc(keys, compareQuads)
		return
	}
	var or, and idQuad
	and = idQuad{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	for _, k := range keys {
		for p := range k {
			or[p] |= k[p]
			and[p] &= k[p]
		}
	}
	src, dst := keys, make([]idQuad, len(keys))
	var count [1 << radixBits]int
	for p := 3; p >= 0; p-- {
		diff := or[p] ^ and[p]
		for shift := uint(0); shift < 64 && diff>>shift != 0; shift += radixBits {
			if (diff>>shift)&radixMask == 0 {
				continue
			}
			clear(count[:])
			for i := range src {
				count[(src[i][p]>>shift)&radixMask]++
			}
			pos := 0
			for b, c := range count {
				count[b] = pos
				pos += c
			}
			for i := range src {
				b := (src[i][p] >> shift) & radixMask
				dst[count[b]] = src[i]
				count[b]++
			}
			src, dst = dst, src
		}
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

func compareQuads(a, b idQuad) int {
	for k := range a {
		if a[k] != b[k] {
			if a[k] < b[k] {
				return -1
			}
			return 1
		}
	}
	return 0
}
