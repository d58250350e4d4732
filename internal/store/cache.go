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
//
// A shard starts small and doubles while more than half of its slots are
// taken, up to its share of the cache's size: a store over little data (the
// demo, a test, a small partnership) does not pay for slots it never fills.
type termCache struct {
	shards []cacheShard
	per    int // most slots per shard, a power of two
}

type cacheShard struct {
	mu    sync.Mutex
	slots []cacheSlot // len is a power of two
	used  int         // slots holding an entry
	_     [40]byte    // keep shards' locks on separate cache lines
}

type cacheSlot struct {
	id   uint64 // 0: empty
	term rdf.Term
}

const (
	cacheShards = 16
	// initialShardSlots is where each shard starts.
	initialShardSlots = 64
)

// The number of cached terms unless an option says otherwise: a DB serves
// queries over big data, a Memory store tests and small files.
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
	c := &termCache{shards: make([]cacheShard, cacheShards), per: per}
	for i := range c.shards {
		c.shards[i].slots = make([]cacheSlot, min(per, initialShardSlots))
	}
	return c
}

// hash spreads ids over shards and slots (Fibonacci hashing): the top four
// bits choose the shard, the bits from 20 up the slot.
func hash(id uint64) uint64 { return id * 0x9E3779B97F4A7C15 }

func (c *termCache) shard(h uint64) *cacheShard { return &c.shards[h>>60] }

func slotIndex(h uint64, n int) uint64 { return (h >> 20) & uint64(n-1) }

func (c *termCache) get(id uint64) (rdf.Term, bool) {
	if c == nil {
		return rdf.Term{}, false
	}
	h := hash(id)
	sh := c.shard(h)
	sh.mu.Lock()
	s := sh.slots[slotIndex(h, len(sh.slots))]
	sh.mu.Unlock()
	return s.term, s.id == id
}

func (c *termCache) put(id uint64, t rdf.Term) {
	if c == nil || id == 0 {
		return
	}
	h := hash(id)
	sh := c.shard(h)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	i := slotIndex(h, len(sh.slots))
	if sh.slots[i].id == 0 {
		sh.used++
		if sh.used*2 > len(sh.slots) && len(sh.slots) < c.per {
			sh.grow()
			i = slotIndex(h, len(sh.slots))
			if sh.slots[i].id == 0 {
				sh.used++
			}
		}
	}
	sh.slots[i] = cacheSlot{id: id, term: t}
}

// grow doubles the shard's slots and re-places its entries; two entries
// that meet in one slot keep the later one, as a put would.
func (sh *cacheShard) grow() {
	slots := make([]cacheSlot, 2*len(sh.slots))
	used := 0
	for _, s := range sh.slots {
		if s.id == 0 {
			continue
		}
		i := slotIndex(hash(s.id), len(slots))
		if slots[i].id == 0 {
			used++
		}
		slots[i] = s
	}
	sh.slots, sh.used = slots, used
}
