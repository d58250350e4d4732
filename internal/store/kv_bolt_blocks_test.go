package store

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	bolt "go.etcd.io/bbolt"
)

// TestIndexBlocks runs random batches of inserts and deletes on one bbolt
// index bucket and compares every read with a sorted set of the same keys;
// after each step the blocks must be well formed and in order.
func TestIndexBlocks(t *testing.T) {
	db, err := Open(t.TempDir(), WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string]bool{}
	// Keys of an index with ids from a small range, so that inserts and
	// deletes hit existing blocks, and some longer ids.
	randomKey := func() []byte {
		q := idQuad{rng.Uint64N(300), rng.Uint64N(5), rng.Uint64N(300), rng.Uint64N(3)}
		if rng.IntN(20) == 0 {
			q[2] = 1<<40 + rng.Uint64N(100)
		}
		return quadIndices[idxSPOG].key(nil, q)
	}
	check := func(step string, tx kvReader) {
		t.Helper()
		want := make([]string, 0, len(model))
		for k := range model {
			want = append(want, k)
		}
		slices.Sort(want)
		var got []string
		tx.ascend(bucketSPOG, nil, func(k, v []byte) bool {
			if len(v) != 0 {
				t.Fatalf("%s: key %x has a value", step, k)
			}
			got = append(got, string(k))
			return true
		})
		if !slices.Equal(got, want) {
			t.Fatalf("%s: ascend gives %d keys, want %d", step, len(got), len(want))
		}
		for range 50 {
			from := randomKey()
			if rng.IntN(3) == 0 {
				from = from[:rng.IntN(len(from))] // a prefix
			}
			i, _ := slices.BinarySearch(want, string(from))
			var first []string
			tx.ascend(bucketSPOG, from, func(k, _ []byte) bool {
				first = append(first, string(k))
				return len(first) < 5
			})
			if wantFirst := want[i:min(i+5, len(want))]; !slices.Equal(first, wantFirst) {
				t.Fatalf("%s: ascend from %x gives %x, want %x", step, from, first, wantFirst)
			}
			if k := randomKey(); tx.has(bucketSPOG, k) != model[string(k)] {
				t.Fatalf("%s: has(%x) = %v, want %v", step, k, !model[string(k)], model[string(k)])
			}
		}
		for _, k := range want[:min(len(want), 20)] {
			if !tx.has(bucketSPOG, []byte(k)) {
				t.Fatalf("%s: has(%x) = false for a present key", step, k)
			}
		}
		var problems []string
		tx.(indexBlockChecker).checkIndexBlocks(bucketSPOG, func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf(format, args...))
		})
		if len(problems) > 0 {
			t.Fatalf("%s: %s", step, strings.Join(problems, "; "))
		}
	}
	for step := range 60 {
		tx, err := db.e.kv.beginWrite()
		if err != nil {
			t.Fatal(err)
		}
		name := ""
		switch op := rng.IntN(5); op {
		case 4: // a range of subjects, emptying whole bbolt leaves
			lo := rng.Uint64N(300)
			name = fmt.Sprintf("step %d: delete subjects %d–%d", step, lo, lo+60)
			var gone [][]byte
			tx.ascend(bucketSPOG, appendID(nil, lo), func(k, _ []byte) bool {
				q, err := quadIndices[idxSPOG].decode(k)
				if err != nil {
					t.Fatal(err)
				}
				if q[posS] >= lo+60 {
					return false
				}
				gone = append(gone, bytes.Clone(k))
				return true
			})
			for _, k := range gone {
				delete(model, string(k))
				if err := tx.delete(bucketSPOG, k); err != nil {
					t.Fatal(err)
				}
			}
		case 0, 1: // a sorted batch
			n := rng.IntN(2000)
			if step < 3 {
				n = 5000
			}
			set := map[string]bool{}
			for range n {
				set[string(randomKey())] = true
			}
			var keys [][]byte
			for k := range set {
				keys = append(keys, []byte(k))
				model[k] = true
			}
			slices.SortFunc(keys, bytes.Compare)
			name = fmt.Sprintf("step %d: putKeys of %d", step, len(keys))
			if err := writeIndexKeys(tx, bucketSPOG, keys); err != nil {
				t.Fatal(err)
			}
		case 2: // single puts
			name = fmt.Sprintf("step %d: puts", step)
			for range 100 {
				k := randomKey()
				model[string(k)] = true
				if err := tx.put(bucketSPOG, k, nil); err != nil {
					t.Fatal(err)
				}
			}
		case 3: // deletes, of present keys mostly
			name = fmt.Sprintf("step %d: deletes", step)
			present := make([]string, 0, len(model))
			for k := range model {
				present = append(present, k)
			}
			slices.Sort(present)
			batch := rng.IntN(2) == 0
			set := map[string]bool{}
			for range min(len(present), 1+rng.IntN(1500)) {
				k := []byte(present[rng.IntN(len(present))])
				if rng.IntN(5) == 0 {
					k = randomKey()
				}
				delete(model, string(k))
				if batch {
					set[string(k)] = true
				} else if err := tx.delete(bucketSPOG, k); err != nil {
					t.Fatal(err)
				}
			}
			if batch {
				name += " in one batch"
				var keys [][]byte
				for k := range set {
					keys = append(keys, []byte(k))
				}
				slices.SortFunc(keys, bytes.Compare)
				if err := removeIndexKeys(tx, bucketSPOG, keys); err != nil {
					t.Fatal(err)
				}
			}
		}
		check(name+" (in the write)", tx)
		if err := tx.commit(); err != nil {
			t.Fatal(err)
		}
		rtx, err := db.e.kv.beginRead()
		if err != nil {
			t.Fatal(err)
		}
		check(name, rtx)
		rtx.release()
	}
	// Blocks, not one bbolt key per index key.
	_ = db.e.kv.(*boltKV).db.View(func(btx *bolt.Tx) error {
		entries := btx.Bucket([]byte(bucketNames[bucketSPOG])).Stats().KeyN
		if entries*8 > len(model) {
			t.Errorf("%d index keys take %d bbolt entries", len(model), entries)
		}
		t.Logf("%d index keys in %d blocks", len(model), entries)
		return nil
	})
}

// TestReadsFormatVersion2 rewrites a store's indices as format version 2
// wrote them, one bbolt key per index key, and checks that the store reads
// the same quads, passes Verify, is marked version 3 by a writable Open and
// keeps working.
func TestReadsFormatVersion2(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	var qs []rdf.Quad
	for i := range 3000 {
		qs = append(qs, rdf.Quad{
			S: rdf.IRI(fmt.Sprintf("http://ex.org/s%d", i%400)),
			P: rdf.IRI(fmt.Sprintf("http://ex.org/p%d", i%7)),
			O: rdf.String(fmt.Sprintf("v%d", i)),
			G: rdf.IRI(fmt.Sprintf("http://ex.org/g%d", i%3)),
		})
	}
	addQuads(t, db, qs...)
	want := allQuads(t, db)
	bdb := db.e.kv.(*boltKV).db
	err = bdb.Update(func(tx *bolt.Tx) error {
		for b := bucketSPOG; b < numBuckets; b++ {
			name := []byte(bucketNames[b])
			var keys [][]byte
			c := tx.Bucket(name).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				blk, err := readBlock(k, v)
				if err != nil {
					return err
				}
				keys, _ = blk.appendKeys(keys, nil)
			}
			if len(keys) != 3000 {
				return fmt.Errorf("index %s holds %d keys", name, len(keys))
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			bk, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := bk.Put(k, nil); err != nil {
					return err
				}
			}
		}
		return tx.Bucket([]byte(bucketNames[bucketMeta])).Put(metaFormat, encodeUint(formatUnblocked))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := Open(dir, WithReadOnly())
	if err != nil {
		t.Fatalf("read-only open of a version 2 store: %v", err)
	}
	if got := allQuads(t, ro); !slices.Equal(got, want) {
		t.Errorf("version 2 store read-only: %d quads, want %d", len(got), len(want))
	}
	if err := ro.Verify(context.Background()); err != nil {
		t.Errorf("verify version 2: %v", err)
	}
	ro.Close()

	db, err = Open(dir, WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := allQuads(t, db); !slices.Equal(got, want) {
		t.Errorf("version 2 store: %d quads, want %d", len(got), len(want))
	}
	rtx, err := db.e.kv.beginRead()
	if err != nil {
		t.Fatal(err)
	}
	if v, err := checkFormat(rtx); err != nil || v != formatVersion {
		t.Errorf("format after a writable open: %d %v, want %d", v, err, formatVersion)
	}
	rtx.release()
	// Changes merge into the one-key blocks.
	extra := rdf.Quad{S: rdf.IRI("http://ex.org/s1"), P: rdf.IRI("http://ex.org/p1"), O: rdf.String("new"), G: rdf.IRI("http://ex.org/g1")}
	addQuads(t, db, extra)
	mustUpdate(t, db, func(w Writer) error { return w.Remove(qs[0]) })
	if got := len(allQuads(t, db)); got != len(want) {
		t.Errorf("after one add and one remove: %d quads, want %d", got, len(want))
	}
	if err := db.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}

// FuzzReadBlock feeds arbitrary bbolt entries (a corrupt file) to the block
// decoder: it reports an error or gives keys it can search, never a panic.
func FuzzReadBlock(f *testing.F) {
	keys := [][]byte{[]byte("\x01\x05\x01\x02"), []byte("\x01\x05\x01\x07"), []byte("\x01\x06\x02\x01\x00")}
	f.Add(keys[2], encodeBlock(keys), []byte("\x01\x05"))
	f.Add([]byte("k"), []byte{}, []byte("k"))
	f.Add([]byte("k"), []byte{3, 9, 0, 1}, []byte{})
	f.Fuzz(func(t *testing.T, last, v, probe []byte) {
		blk, err := readBlock(last, v)
		if err != nil {
			if blk.len() != 1 {
				t.Fatalf("a malformed block reads as %d keys, want its last key alone", blk.len())
			}
			return
		}
		var buf []byte
		for i := range blk.len() {
			buf = blk.key(i, buf[:0])
		}
		if !bytes.Equal(buf, last) {
			t.Fatalf("the last key reads as %x, want %x", buf, last)
		}
		blk.search(probe)
	})
}
