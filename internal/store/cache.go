package store

import (
	"sync"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// termCache is a bounded id→term cache shared by all readers of a store.
//
// It is direct-mapped (each id has one slot, a newer id evicts an older one)
// and split into shards with their own locks so that parallel readers rarely
// contend. Direct mapping keeps lookups O(1) with no bookkeeping; hot ids
// (predicates, classes, graph names) are read so often that they win their
// slots back at once. Ids are never reused, so an entry never goes stale; only
// ids of committed terms may be added (see reader.cacheBelow).
type termCache struct {
	shards []cacheShard
	mask   uint64 // slots per shard - 1
}

type cacheShard struct {
	mu    sync.Mutex
	slots []cacheSlot
	_     [40]byte // keep shards' locks on separate cache lines
}

type cacheSlot struct {
	id   uint64 // 0: empty
	term rdf.Term
}

const cacheShards = 16

// The number of cached terms unless an option says otherwise: a DB serves
// queries over big data, a Memory store tests and small files (tests make
// hundreds of them, and the slots are allocated up front).
const (
	defaultTermCacheSize       = 1 << 18
	defaultMemoryTermCacheSize = 1 << 16
)

// newTermCache returns a cache of about size entries; size ≤ 0 disables it.
func newTermCache(size int) *termCache {
	if size <= 0 {
		return nil
	}
	per := 1
	for per*cacheShards < size {
		per <<= 1
	}
	c := &termCache{shards: make([]cacheShard, cacheShards), mask: uint64(per - 1)}
	for i := range c.shards {
		c.shards[i].slots = make([]cacheSlot, per)
	}
	return c
}

// slot spreads ids over shards and slots (Fibonacci hashing).
func (c *termCache) slot(id uint64) (*cacheShard, uint64) {
	h := id * 0x9E3779B97F4A7C15
	return &c.shards[h>>60], (h >> 20) & c.mask
}

func (c *termCache) get(id uint64) (rdf.Term, bool) {
	if c == nil {
		return rdf.Term{}, false
	}
	sh, i := c.slot(id)
	sh.mu.Lock()
	s := sh.slots[i]
	sh.mu.Unlock()
	return s.term, s.id == id
}

func (c *termCache) put(id uint64, t rdf.Term) {
	if c == nil || id == 0 {
		return
	}
	sh, i := c.slot(id)
	sh.mu.Lock()
	sh.slots[i] = cacheSlot{id: id, term: t}
	sh.mu.Unlock()
}
