package review

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv"
)

// Buckets of review.db. Keys that hold an IRI and something after it
// separate the two with a zero byte, which no IRI contains.
var (
	bEntries    = []byte("entries")    // IRI → Entry
	bVersions   = []byte("versions")   // IRI 0 seq → Version
	bActivities = []byte("activities") // IRI 0 time id → Activity
	bQueue      = []byte("queue")      // time IRI → QueueItem (newest last)
	bQueueKeys  = []byte("queue-keys") // IRI → its key in queue
	bByOrg      = []byte("by-org")     // org 0 IRI → ""
	bBySource   = []byte("by-source")  // source 0 IRI → ""
	bPublic     = []byte("public")     // IRI → graph, for practices on the map
	bShared     = []byte("shared")     // source → Triples: raw triples of no practice
	bBooks      = []byte("books")      // IRI → Triples: the harvester's bookkeeping of the last run
	bOrgs       = []byte("orgs")       // org id → Organisation
	bMeta       = []byte("meta")
	buckets     = [][]byte{bEntries, bVersions, bActivities, bQueue, bQueueKeys, bByOrg, bBySource, bPublic, bShared, bBooks, bOrgs, bMeta}
)

// txn is a write transaction that remembers how to undo itself: the
// exchange writes review.db and then the public store, and when the store
// refuses the write, review.db goes back to what it was.
type txn struct {
	tx   kv.Tx
	undo []undoOp
}

type undoOp struct {
	bucket, key, old []byte
	existed          bool
}

func (t *txn) get(b, k []byte) []byte { return t.tx.Bucket(b).Get(k) }

func (t *txn) remember(b, k []byte) {
	old := t.tx.Bucket(b).Get(k)
	t.undo = append(t.undo, undoOp{bucket: b, key: bytes.Clone(k), old: bytes.Clone(old), existed: old != nil})
}

func (t *txn) put(b, k, v []byte) error {
	t.remember(b, k)
	return t.tx.Bucket(b).Put(k, v)
}

func (t *txn) del(b, k []byte) error {
	t.remember(b, k)
	return t.tx.Bucket(b).Delete(k)
}

func (t *txn) putJSON(b, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return t.put(b, k, data)
}

// rollback applies the undo log of a committed transaction in a new one.
func rollback(db kv.DB, ops []undoOp) error {
	return db.Update(func(tx kv.Tx) error {
		for i := len(ops) - 1; i >= 0; i-- {
			op := ops[i]
			b := tx.Bucket(op.bucket)
			var err error
			if op.existed {
				err = b.Put(op.key, op.old)
			} else {
				err = b.Delete(op.key)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func openDB(path string) (kv.DB, error) {
	db, err := kv.OpenBolt(path, kv.BoltOptions{LockTimeout: time.Second, MapFreelist: true})
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	if err := initDB(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	return db, nil
}

// initDB creates the buckets.
func initDB(db kv.DB) error {
	return db.Update(func(tx kv.Tx) error {
		for _, b := range buckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		// A database from before the queue was counted: count it once.
		if tx.Bucket(bMeta).Get(queueCountKey) == nil {
			n := tx.Bucket(bQueue).Len()
			return tx.Bucket(bMeta).Put(queueCountKey, binary.BigEndian.AppendUint64(nil, uint64(n)))
		}
		return nil
	})
}

func versionKey(iri string, seq int) []byte {
	k := make([]byte, 0, len(iri)+5)
	k = append(k, iri...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(seq))
}

func pairKey(a, b string) []byte {
	k := make([]byte, 0, len(a)+len(b)+1)
	k = append(append(append(k, a...), 0), b...)
	return k
}

func timeKey(t time.Time, rest string) []byte {
	k := binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano()))
	return append(k, rest...)
}

var errNoEntry = errors.New("no entry")

// readEntry reads an entry in any transaction.
func readEntry(tx kv.Tx, iri string) (*Entry, error) {
	data := tx.Bucket(bEntries).Get([]byte(iri))
	if data == nil {
		return nil, errNoEntry
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("review: entry %s: %w", iri, err)
	}
	return &e, nil
}

// readVersion reads one version.
func readVersion(tx kv.Tx, iri string, seq int) (*Version, error) {
	data := tx.Bucket(bVersions).Get(versionKey(iri, seq))
	if data == nil {
		return nil, ErrNoVersion
	}
	var v Version
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("review: version %s/%d: %w", iri, seq, err)
	}
	return &v, nil
}

// readVersions reads every version of a practice, oldest first.
func readVersions(tx kv.Tx, iri string) ([]*Version, error) {
	prefix := append([]byte(iri), 0)
	var out []*Version
	c := tx.Bucket(bVersions).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var ver Version
		if err := json.Unmarshal(v, &ver); err != nil {
			return nil, fmt.Errorf("review: version %q: %w", k, err)
		}
		out = append(out, &ver)
	}
	return out, nil
}

// prefixKeys returns the parts after "prefix 0" of the keys of bucket b.
func prefixKeys(tx kv.Tx, b []byte, prefix string) []string {
	p := append([]byte(prefix), 0)
	var out []string
	c := tx.Bucket(b).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		out = append(out, string(k[len(p):]))
	}
	return out
}
