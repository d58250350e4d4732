package store

// The quad logic (dictionary, indices, graph registry, statistics) is written
// once over the small ordered key-value interface below, which bbolt (DB) and
// an in-memory copy-on-write B-tree (Memory) implement. Both stores therefore
// behave identically and share one set of conformance tests.

// bucket names a key space.
type bucket uint8

const (
	bucketMeta       bucket = iota // store-wide counters, see meta.go
	bucketTermToID                 // term encoding (or its hash) → id
	bucketIDToTerm                 // id → term encoding
	bucketGraphs                   // graph id → graph record (known graphs)
	bucketPredicates               // predicate id → number of quads
	bucketPredStats                // predicate id → distinct subjects, distinct objects
	bucketClasses                  // class id → rdf:type quads with that object
	bucketLoads                    // staging graph id of a running bulk load → the graph's term encoding
	bucketSPOG                     // the six quad indices, keys only
	bucketPOSG
	bucketOSPG
	bucketGSPO
	bucketGPOS
	bucketGOSP
	numBuckets
)

// bucketNames are the bbolt bucket names; they are part of the file format.
var bucketNames = [numBuckets]string{
	bucketMeta:       "meta",
	bucketTermToID:   "term2id",
	bucketIDToTerm:   "id2term",
	bucketGraphs:     "graphs",
	bucketPredicates: "predicates",
	bucketPredStats:  "predstats",
	bucketClasses:    "classes",
	bucketLoads:      "loads",
	bucketSPOG:       "spog",
	bucketPOSG:       "posg",
	bucketOSPG:       "ospg",
	bucketGSPO:       "gspo",
	bucketGPOS:       "gpos",
	bucketGOSP:       "gosp",
}

// kvReader reads one consistent state of the key-value store.
//
// Slices passed out belong to the backend and must not be modified. Values
// from get are valid until the transaction ends or, in a write transaction,
// until the next put or delete; keys and values passed to ascend's fn only
// during that call.
type kvReader interface {
	// get returns the value of key, or nil if key is absent. An empty
	// value may also read as nil: use has to test for presence.
	get(b bucket, key []byte) []byte
	// has reports whether key is present.
	has(b bucket, key []byte) bool
	// ascend calls fn for each key ≥ from in key order until fn returns false.
	ascend(b bucket, from []byte, fn func(key, value []byte) bool)
}

// kvReadTx is a read-only transaction.
type kvReadTx interface {
	kvReader
	// release ends the transaction. It is called exactly once.
	release()
}

// kvWriteTx is a read-write transaction; it reads its own writes. There is
// at most one at a time (the engine serializes writers).
type kvWriteTx interface {
	kvReader
	// put sets key to value; the backend copies both.
	put(b bucket, key, value []byte) error
	// delete removes key if present.
	delete(b bucket, key []byte) error
	// commit makes the writes durable and visible to new read transactions.
	commit() error
	// rollback discards the writes; it is a no-op after commit.
	rollback()
}

// kvStore is a transactional ordered key-value store.
type kvStore interface {
	beginRead() (kvReadTx, error)
	beginWrite() (kvWriteTx, error)
	close() error
}

// indexBatchWriter is implemented by backends that write a sorted batch of
// quad index keys more cheaply than one put or delete per key (bbolt's
// index blocks: one rewrite per touched block).
type indexBatchWriter interface {
	// putKeys adds keys (sorted, distinct, with empty values) to the
	// quad index b; present ones stay.
	putKeys(b bucket, keys [][]byte) error
	// deleteKeys removes keys (sorted, distinct) from the quad index b;
	// absent ones are skipped.
	deleteKeys(b bucket, keys [][]byte) error
}

// writeIndexKeys adds keys (sorted, distinct) to the quad index b.
func writeIndexKeys(w kvWriteTx, b bucket, keys [][]byte) error {
	if bw, ok := w.(indexBatchWriter); ok {
		return bw.putKeys(b, keys)
	}
	for _, k := range keys {
		if err := w.put(b, k, nil); err != nil {
			return err
		}
	}
	return nil
}

// removeIndexKeys removes keys (sorted, distinct) from the quad index b.
func removeIndexKeys(w kvWriteTx, b bucket, keys [][]byte) error {
	if bw, ok := w.(indexBatchWriter); ok {
		return bw.deleteKeys(b, keys)
	}
	for _, k := range keys {
		if err := w.delete(b, k); err != nil {
			return err
		}
	}
	return nil
}

// scanPrefix calls fn for each key with the given prefix, in key order,
// until fn returns false.
func scanPrefix(r kvReader, b bucket, prefix []byte, fn func(key, value []byte) bool) {
	r.ascend(b, prefix, func(k, v []byte) bool {
		if !hasPrefix(k, prefix) {
			return false
		}
		return fn(k, v)
	})
}

// hasPrefixKey reports whether some key starts with prefix.
func hasPrefixKey(r kvReader, b bucket, prefix []byte) bool {
	found := false
	scanPrefix(r, b, prefix, func(_, _ []byte) bool {
		found = true
		return false
	})
	return found
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}
