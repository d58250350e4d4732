package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	bolt "go.etcd.io/bbolt"
)

// Benchmarks. Run them with, for example:
//
//	go test ./internal/store -run '^$' -bench . -benchtime 1x       (loads once)
//	go test ./internal/store -run '^$' -bench 'Match|Replace'
//
// The bbolt benchmarks keep fsync on, as production does.

// benchBackends are the stores the benchmarks compare.
var benchBackends = []struct {
	name string
	open func(b *testing.B) testStore
}{
	{"memory", func(b *testing.B) testStore { return NewMemory() }},
	{"bbolt", func(b *testing.B) testStore {
		db, err := Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		return db
	}},
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, be := range benchBackends {
			b.Run(fmt.Sprintf("%s/%dk", be.name, n/1000), func(b *testing.B) {
				b.ReportAllocs()
				var size float64
				for b.Loop() {
					st := be.open(b)
					if _, err := Load(context.Background(), st, bsbmQuads(n, 1), 0); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					size = storeSizeMB(b, st)
					_ = st.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
				b.ReportMetric(size, "MB")
			})
		}
	}
}

// storeSizeMB is the size of a loaded store: the file of a DB, the live
// heap (after a collection) for Memory.
func storeSizeMB(b *testing.B, st testStore) float64 {
	if db, ok := st.(*DB); ok {
		fi, err := os.Stat(db.Path())
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size()) / (1 << 20)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(st)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// matchCases are Match patterns of every kind over bsbmQuads data, with
// terms that exist in a 100k-quad dataset.
func matchCases() []struct {
	name string
	p    func(i int) Pattern
} {
	product := func(i int) rdf.Term { return bsbmIRI("product", i%3000) }
	producer := func(i int) rdf.Term { return bsbmIRI("producer", (i%3000)/50) }
	return []struct {
		name string
		p    func(i int) Pattern
	}{
		{"S", func(i int) Pattern { return Pattern{S: product(i), AnyGraph: true} }},
		{"SP", func(i int) Pattern { return Pattern{S: product(i), P: predFeature, AnyGraph: true} }},
		{"SPO", func(i int) Pattern { return Pattern{S: product(i), P: rdf.Type, O: classProduct, AnyGraph: true} }},
		{"SO", func(i int) Pattern { return Pattern{S: product(i), O: classProduct, AnyGraph: true} }},
		{"P", func(i int) Pattern { return Pattern{P: predPrice, AnyGraph: true} }},
		{"PO", func(i int) Pattern { return Pattern{P: rdf.Type, O: classProduct, AnyGraph: true} }},
		{"O", func(i int) Pattern { return Pattern{O: product(i), AnyGraph: true} }},
		{"G", func(i int) Pattern { return Pattern{G: producer(i)} }},
		{"GS", func(i int) Pattern { return Pattern{S: product(i), G: producer(i)} }},
		{"GP", func(i int) Pattern { return Pattern{P: predLabel, G: producer(i)} }},
		{"GPO", func(i int) Pattern { return Pattern{P: rdf.Type, O: classProduct, G: producer(i)} }},
		{"GO", func(i int) Pattern { return Pattern{O: classProduct, G: producer(i)} }},
		{"GSPO", func(i int) Pattern { return Pattern{S: product(i), P: rdf.Type, O: classProduct, G: producer(i)} }},
		{"default-graph-P", func(i int) Pattern { return Pattern{P: predRating} }},
		{"all", func(i int) Pattern { return all }},
	}
}

func BenchmarkMatch(b *testing.B) {
	ctx := context.Background()
	for _, be := range benchBackends {
		st := be.open(b)
		if _, err := Load(ctx, st, bsbmQuads(100_000, 1), 0); err != nil {
			b.Fatal(err)
		}
		snap, err := st.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, mc := range matchCases() {
			b.Run(be.name+"/"+mc.name, func(b *testing.B) {
				b.ReportAllocs()
				rows := 0
				i := 0
				for b.Loop() {
					for _, err := range snap.Match(ctx, mc.p(i)) {
						if err != nil {
							b.Fatal(err)
						}
						rows++
					}
					i++
				}
				if rows == 0 {
					b.Fatalf("pattern %s matched nothing", mc.name)
				}
				b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
			})
		}
		snap.Close()
		st.Close()
	}
}

func BenchmarkEstimate(b *testing.B) {
	ctx := context.Background()
	for _, be := range benchBackends {
		st := be.open(b)
		if _, err := Load(ctx, st, bsbmQuads(100_000, 1), 0); err != nil {
			b.Fatal(err)
		}
		snap, err := st.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(be.name, func(b *testing.B) {
			b.ReportAllocs()
			cases := matchCases()
			i := 0
			for b.Loop() {
				snap.Estimate(cases[i%len(cases)].p(i))
				i++
			}
		})
		snap.Close()
		st.Close()
	}
}

func BenchmarkReplaceGraph10k(b *testing.B) {
	ctx := context.Background()
	g := rdf.IRI("http://ex.org/source")
	versions := [2][]rdf.Triple{}
	for v := range versions {
		for q := range bsbmQuads(10_000, uint64(100+v)) {
			versions[v] = append(versions[v], q.Triple())
		}
	}
	for _, be := range benchBackends {
		b.Run(be.name, func(b *testing.B) {
			st := be.open(b)
			defer st.Close()
			if _, err := Load(ctx, st, bsbmQuads(100_000, 1), 0); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := ReplaceGraph(ctx, st, g, versions[i%2]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// benchBulkBatch is BulkLoad's batch size in BenchmarkBulkLoad
// (SKILLSMAP_BENCH_BULK_BATCH, default DefaultBulkBatch).
var benchBulkBatch, _ = strconv.Atoi(os.Getenv("SKILLSMAP_BENCH_BULK_BATCH"))

// BenchmarkBulkLoad is BenchmarkLoad through BulkLoad (one graph).
func BenchmarkBulkLoad(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, be := range benchBackends {
			b.Run(fmt.Sprintf("%s/%dk", be.name, n/1000), func(b *testing.B) {
				g := rdf.IRI("http://ex.org/bulk")
				seq := func(yield func(rdf.Quad, error) bool) {
					for q, err := range bsbmQuads(n, 1) {
						q.G = g
						if !yield(q, err) {
							return
						}
					}
				}
				var size float64
				for b.Loop() {
					st := be.open(b)
					if _, err := BulkLoad(context.Background(), st, nil, seq, BulkOptions{Batch: benchBulkBatch}); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					size = storeSizeMB(b, st)
					_ = st.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
				b.ReportMetric(size, "MB")
			})
		}
	}
}

// BenchmarkBoltSortedPut measures what one bbolt Put costs when the keys
// arrive in order (appends of 16-byte keys to one bucket, fsync off): the
// floor that made the store keep its index keys in blocks.
func BenchmarkBoltSortedPut(b *testing.B) {
	for _, perTx := range []int{1 << 12, 1 << 16, 1 << 20} {
		b.Run(fmt.Sprintf("keys-per-tx-%d", perTx), func(b *testing.B) {
			db, err := bolt.Open(filepath.Join(b.TempDir(), "put.db"), 0o600, &bolt.Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			const n = 1 << 20
			key := make([]byte, 16)
			round := 0
			for b.Loop() {
				round++ // a fresh bucket, so that every put appends
				for base := 0; base < n; base += perTx {
					err := db.Update(func(tx *bolt.Tx) error {
						bk, err := tx.CreateBucketIfNotExists([]byte(fmt.Sprint(round)))
						if err != nil {
							return err
						}
						for i := base; i < base+perTx; i++ {
							binary.BigEndian.PutUint64(key, uint64(i))
							binary.BigEndian.PutUint64(key[8:], uint64(i)*7)
							if err := bk.Put(key, nil); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/put")
		})
	}
}
